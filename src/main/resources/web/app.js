'use strict';
// Minimal streaming chat client. Model text is only ever inserted with textContent, never as HTML.
const $ = (id) => document.getElementById(id);
const log = $('log'), input = $('input'), form = $('composer'), status = $('status');
const sendBtn = $('send'), stopBtn = $('stop');
const client = window.matchMedia('(max-width: 700px)').matches ? 'mobile' : 'desktop';
let sessionId = localStorage.getItem('ra.session');
let controller = null;

function bubble(role, text) {
  const empty = log.querySelector('.empty');
  if (empty) empty.remove();
  const div = document.createElement('div');
  div.className = 'msg ' + role;
  div.textContent = text;
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
  return div;
}

function showSources(div, sources) {
  if (!sources || !sources.length) return;
  const list = document.createElement('ol');
  list.className = 'sources';
  for (const src of sources) {
    const li = document.createElement('li');
    li.value = src.n;
    li.textContent = src.title + (src.location ? ', ' + src.location : '');
    li.title = src.snippet || '';
    list.appendChild(li);
  }
  div.appendChild(list);
}

function showPlan(div, plan) {
  if (!plan || !plan.expertiseLabel) return;
  const p = document.createElement('span');
  p.className = 'note';
  p.textContent = 'Answering as: ' + plan.expertiseLabel;
  div.prepend(p);
}

function showTrace(div, trace) {
  if (!trace || !trace.steps) return;
  const details = document.createElement('details');
  details.className = 'trace';
  const summary = document.createElement('summary');
  summary.textContent = 'How this answer was made';
  details.appendChild(summary);
  // Built only when opened, so long conversations stay light on phones.
  details.addEventListener('toggle', () => {
    if (!details.open || details.dataset.built) return;
    details.dataset.built = '1';
    const r = trace.reasoning || {};
    const lines = [];
    if (r.hypothesis) lines.push('Hypothesis: ' + r.hypothesis);
    for (const e of r.evidence || []) lines.push('Evidence: ' + e);
    if (typeof r.confidence === 'number') lines.push('Confidence: ' + Math.round(r.confidence * 100) + ' %');
    for (const a of r.alternatives || []) lines.push('Alternative: ' + a);
    for (const u of r.uncertainty || []) lines.push('Uncertainty: ' + u);
    for (const n of trace.safety || []) lines.push('Safety: ' + n.message);
    lines.push('Intent: ' + trace.intent + ' (' + Math.round(trace.intentConfidence * 100) + ' %)');
    for (const s of trace.steps) {
      lines.push('Step ' + s.step + ': ' + s.durationMillis + ' ms' + (s.model ? ', ' + s.model : '') +
        (s.fallbackUsed ? ', fallback' : '') + (s.outcome !== 'ok' ? ', ' + s.outcome : ''));
    }
    const pre = document.createElement('pre');
    pre.textContent = lines.join('\n');
    details.appendChild(pre);
  });
  div.appendChild(details);
}

function emptyState() {
  if (log.children.length) return;
  const p = document.createElement('p');
  p.className = 'empty';
  p.textContent = 'Ask a research question. Add your papers and notes with "Upload", or load the samples, and answers will cite them.';
  log.appendChild(p);
}

function note(div, text) {
  const span = document.createElement('span');
  span.className = 'note';
  span.textContent = text;
  div.appendChild(span);
}

async function api(path, options = {}) {
  const res = await fetch(path, { credentials: 'same-origin', ...options });
  if (!res.ok && res.status !== 404) {
    let message = res.statusText;
    try { message = (await res.json()).error.message; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return res;
}

async function ensureSession() {
  if (sessionId) {
    const res = await api('/api/sessions/' + encodeURIComponent(sessionId));
    if (res.ok) {
      const session = await res.json();
      log.replaceChildren();
      for (const m of session.messages) {
        const div = bubble(m.role, m.content);
        showSources(div, m.sources);
        showTrace(div, m.trace);
        if (m.status === 'partial') note(div, 'Answer interrupted.');
      }
      emptyState();
      return;
    }
  }
  const res = await api('/api/sessions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  sessionId = (await res.json()).id;
  localStorage.setItem('ra.session', sessionId);
  log.replaceChildren();
  emptyState();
}

function parseEvents(buffer, onEvent) {
  let idx;
  while ((idx = buffer.indexOf('\n\n')) >= 0) {
    const frame = buffer.slice(0, idx);
    buffer = buffer.slice(idx + 2);
    let name = 'message', data = '';
    for (const line of frame.split('\n')) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trimStart();
    }
    if (data) onEvent(name, JSON.parse(data));
  }
  return buffer;
}

async function send(text) {
  bubble('user', text);
  const answer = bubble('assistant', '');
  const content = document.createElement('span');
  answer.appendChild(content);
  let sources = null, trace = null;
  controller = new AbortController();
  sendBtn.hidden = true; stopBtn.hidden = false;
  status.textContent = 'Thinking…';
  try {
    const res = await fetch('/api/sessions/' + encodeURIComponent(sessionId) + '/messages', {
      method: 'POST', credentials: 'same-origin', signal: controller.signal,
      headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream' },
      body: JSON.stringify({ content: text, client })
    });
    if (!res.ok) {
      let message = 'The server answered ' + res.status + '.';
      try { message = (await res.json()).error.message; } catch (e) { /* not JSON */ }
      if (res.status === 429) message += ' Retry in ' + (res.headers.get('Retry-After') || 'a few') + ' s.';
      throw new Error(message);
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer = parseEvents(buffer + value, (name, data) => {
        if (name === 'token') { content.appendChild(document.createTextNode(data.text)); status.textContent = ''; log.scrollTop = log.scrollHeight; }
        else if (name === 'sources') sources = data.sources;
        else if (name === 'plan') showPlan(answer, data);
        else if (name === 'trace') trace = data;
        else if (name === 'safety') for (const n of data.notes) note(answer, n.message);
        else if (name === 'error') note(answer, data.message);
        else if (name === 'done' && data.notice) status.textContent = '';
      });
    }
    showSources(answer, sources);
    showTrace(answer, trace);
  } catch (e) {
    if (e.name === 'AbortError') note(answer, 'Stopped.');
    else note(answer, e.message || 'The connection failed. Please try again.');
  } finally {
    controller = null;
    sendBtn.hidden = false; stopBtn.hidden = true;
    status.textContent = '';
  }
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const text = input.value.trim();
  if (!text || controller) return;
  input.value = '';
  send(text);
});
input.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); form.requestSubmit(); }
});
stopBtn.addEventListener('click', () => controller && controller.abort());
$('new-chat').addEventListener('click', async () => {
  localStorage.removeItem('ra.session'); sessionId = null;
  try { await ensureSession(); } catch (e) { status.textContent = e.message; }
});
$('samples').addEventListener('click', async () => {
  status.textContent = 'Loading the sample library…';
  try {
    const res = await api('/api/library/samples', { method: 'POST' });
    const loaded = (await res.json()).documents.length;
    status.textContent = loaded ? 'Loaded ' + loaded + ' sample documents.' : 'The samples are already in your library.';
  } catch (e) { status.textContent = e.message; }
});
$('upload').addEventListener('change', async (ev) => {
  const file = ev.target.files[0];
  if (!file) return;
  const form = new FormData();
  form.append('file', file);
  status.textContent = 'Uploading ' + file.name + '…';
  try {
    const res = await api('/api/library/documents', { method: 'POST', body: form });
    const doc = await res.json();
    status.textContent = doc.status === 'ready' ? 'Added "' + doc.title + '".' : 'Indexing "' + doc.title + '"…';
  } catch (e) { status.textContent = 'Upload failed: ' + e.message; }
  ev.target.value = '';
});
ensureSession().catch((e) => { status.textContent = 'Could not reach the server: ' + e.message; });
