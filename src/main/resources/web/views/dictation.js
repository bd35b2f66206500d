// Dictation (loaded on the first press of the microphone button, which shows only where the browser
// has speech recognition): what is said is typed into the message box. The browser does the
// recognition; Chrome sends the audio to Google's servers for it, so the button says so.

/** Starts or stops dictating into {@code input}; {@code mic} shows whether it listens. */
export function createDictation(input, mic, { toast }) {
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  let recognition = null;
  let before = '';

  function stop() {
    if (recognition) recognition.stop();
  }

  function start() {
    recognition = new Recognition();
    recognition.lang = document.documentElement.lang || navigator.language || 'en';
    recognition.interimResults = true;
    recognition.continuous = false;
    before = input.value ? input.value.replace(/\s*$/, ' ') : '';
    recognition.onresult = (ev) => {
      let text = '';
      for (let i = 0; i < ev.results.length; i++) text += ev.results[i][0].transcript;
      input.value = before + text;
      input.dispatchEvent(new Event('input'));
    };
    recognition.onerror = (ev) => {
      if (ev.error !== 'aborted' && ev.error !== 'no-speech') {
        toast(ev.error === 'not-allowed' ? 'The microphone is not allowed for this page.'
          : 'Dictation stopped: ' + ev.error + '.');
      }
    };
    recognition.onend = () => {
      recognition = null;
      mic.setAttribute('aria-pressed', 'false');
      mic.classList.remove('listening');
      input.focus({ preventScroll: true });
    };
    mic.setAttribute('aria-pressed', 'true');
    mic.classList.add('listening');
    recognition.start();
  }

  return { toggle: () => (recognition ? stop() : start()), stop };
}
