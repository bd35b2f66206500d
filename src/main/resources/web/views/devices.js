// Linked devices (loaded when first opened): show a pairing code with its QR code on one browser,
// enter or scan it on another; list and unlink the identity's devices. The code never goes into
// a URL the server sees: the QR code's link carries it after '#'.
import { json } from '../api.js';
import { el, button } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
let timer = 0;
let scanning = null;

function qrImage(qr) {
  const quiet = 4;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `${-quiet} ${-quiet} ${qr.size + 2 * quiet} ${qr.size + 2 * quiet}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'QR code of the pairing link');
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('x', -quiet);
  bg.setAttribute('y', -quiet);
  bg.setAttribute('width', qr.size + 2 * quiet);
  bg.setAttribute('height', qr.size + 2 * quiet);
  bg.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', qr.path);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}

function left(expiresAt) {
  const s = Math.max(0, Math.round((new Date(expiresAt) - Date.now()) / 1000));
  return s ? 'Expires in ' + Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0') + '. Use it once.' : 'Expired.';
}

/** Mounts the view; {@code code} comes from a scanned link (#/link/CODE), to confirm before use. */
export function mount(container, deps, code = '') {
  clearInterval(timer);
  const showBox = el('section', 'card');
  const show = button('Show a pairing code', 'btn primary', () => showCode(showBox, deps), 'plus');
  show.id = 'pair-show';
  showBox.append(el('h3', '', 'Add another device'),
    el('p', 'muted', 'Show a code here, then enter it (or scan its QR code) on the other device. '
      + 'Both then share conversations, library and collections.'), show);

  const enterBox = el('section', 'card');
  const form = el('form', 'pair-form');
  const input = el('input');
  Object.assign(input, { id: 'pair-code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: false,
    maxLength: 12, placeholder: 'ABCD-EFGH', value: code });
  input.setAttribute('aria-label', 'Pairing code');
  const link = el('button', 'btn primary', 'Link this device');
  link.type = 'submit';
  link.id = 'pair-link';
  form.append(input, link);
  const help = el('p', 'muted', 'What this browser holds now (conversations, documents, collections) moves into the '
    + 'other device’s identity. Unlinking later leaves it there and starts this browser afresh.');
  enterBox.append(el('h3', '', 'Join another device'), form, help);
  if (code) enterBox.prepend(el('p', 'note warn', 'A pairing link was opened. Link this browser to the device that '
    + 'showed it? Check it is yours, then press Link this device.'));
  if ('BarcodeDetector' in window && navigator.mediaDevices) {
    enterBox.append(button('Scan a QR code', 'btn', () => scan(enterBox, input), 'search'));
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    linkWith(input.value, deps, container);
  });

  const listBox = el('section', 'card');
  listBox.append(el('h3', '', 'Linked devices'), el('ul', 'device-list'));
  const title = el('h2', '', 'Linked devices');
  title.id = 'devices-title';
  title.tabIndex = -1;
  container.replaceChildren(title, showBox, enterBox, listBox);
  refresh(listBox.querySelector('ul'), deps);
  if (code) input.focus();
}

export function unmount() {
  clearInterval(timer);
  if (scanning) scanning.getTracks().forEach((t) => t.stop());
  scanning = null;
}

async function showCode(box, deps) {
  let pairing;
  try {
    pairing = await (await deps.request('/api/devices/pairing', json({}))).json();
  } catch (e) {
    deps.toast('Could not make a code: ' + e.message);
    return;
  }
  const code = el('p', 'pair-code', pairing.code);
  code.id = 'pair-code-shown';
  const expiry = el('p', 'muted', left(pairing.expiresAt));
  expiry.setAttribute('aria-live', 'off');
  box.querySelector('.pair-shown')?.remove();
  const shown = el('div', 'pair-shown');
  shown.append(code, qrImage(pairing.qr), expiry);
  box.append(shown);
  deps.announce('Pairing code ' + pairing.code.split('').join(' ') + '. ' + left(pairing.expiresAt));
  clearInterval(timer);
  timer = setInterval(() => {
    expiry.textContent = left(pairing.expiresAt);
    if (new Date(pairing.expiresAt) <= Date.now()) clearInterval(timer);
  }, 1000);
}

async function linkWith(code, deps, container) {
  if (!code.trim()) return;
  try {
    await deps.request('/api/devices/link', json({ code }));
  } catch (e) {
    deps.toast(e.retryAfter ? e.message + ' (' + e.retryAfter + ' s)' : e.message);
    return;
  }
  history.replaceState(null, '', '#/devices');
  deps.announce('This browser is linked. Its conversations and library are now shared.');
  deps.linked();
  mount(container, deps);
}

async function refresh(list, deps) {
  let devices;
  try {
    devices = (await (await deps.request('/api/devices')).json()).devices;
  } catch (e) {
    list.replaceChildren(el('li', 'muted', e.message));
    return;
  }
  if (devices.length < 2) {
    list.replaceChildren(el('li', 'muted', 'Only this browser so far.'));
    return;
  }
  list.replaceChildren(...devices.map((d) => {
    const li = el('li', 'device');
    const what = el('div');
    what.append(el('strong', '', d.label + (d.current ? ' · this device' : '')),
      el('span', 'muted', 'Linked ' + new Date(d.linkedAt).toLocaleDateString()
        + ' · last seen ' + new Date(d.lastSeenAt).toLocaleDateString()));
    const unlink = button('Unlink', 'btn small danger', () => drop(d, list, deps));
    unlink.setAttribute('aria-label', 'Unlink ' + d.label + (d.current ? ' (this device)' : ''));
    li.append(what, unlink);
    return li;
  }));
}

async function drop(device, list, deps) {
  const ok = await deps.dialog({ title: 'Unlink ' + device.label + '?', ok: 'Unlink', danger: true,
    text: device.current ? 'This browser starts afresh, with no conversations or documents. The other devices keep them.'
      : 'That device starts afresh the next time it is used. This one keeps everything.' });
  if (!ok) return;
  try {
    await deps.request('/api/devices/' + encodeURIComponent(device.id), { method: 'DELETE' });
  } catch (e) {
    deps.toast('Could not unlink: ' + e.message);
    return;
  }
  deps.announce(device.label + ' unlinked.');
  if (device.current) deps.linked();
  refresh(list, deps);
}

/** Reads a QR code with the camera where the browser can (BarcodeDetector); else the code is typed. */
async function scan(box, input) {
  const video = el('video', 'scan');
  video.muted = true;
  video.setAttribute('playsinline', '');
  try {
    scanning = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  } catch (e) {
    box.append(el('p', 'note', 'No camera could be used: type the code instead.'));
    return;
  }
  video.srcObject = scanning;
  box.append(video);
  await video.play();
  const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
  const look = async () => {
    if (!scanning) return;
    const found = await detector.detect(video).catch(() => []);
    const m = found.length && /#\/link\/([A-Za-z0-9]{8})$/.exec(found[0].rawValue);
    if (m) {
      input.value = m[1];
      unmount();
      video.remove();
      input.form.requestSubmit();
    } else {
      requestAnimationFrame(look);
    }
  };
  look();
}
