// Imports into the library: upload a zip, many files, or a Zotero export (.bib or .json with its
// files), then follow the import's progress from its event stream, per file and in total, with the
// problems listed (duplicates, PDFs that need OCR, failures, each with its reason). Loaded the
// first time an import is started or the library has one to show. An import runs on the server:
// after a reload, or when a locked phone wakes up, the stream is opened again from the last event
// seen, and the import's state is read again.
import { el, button } from './dom.js';

const LABELS = { duplicate: 'Duplicate', needs_ocr: 'Needs OCR', failed: 'Failed' };
const ENDS = ['done', 'failed', 'cancelled'];
const RECENT_MS = 24 * 3600 * 1000;

let ctx = null;
const shown = new Map(); // import id -> { card, source, state }
let wired = false;

function plural(n, one, many) {
  return n.toLocaleString() + ' ' + (n === 1 ? one : many);
}

function list() {
  return ctx.root.querySelector('#lib-imports');
}

/** Starts an import of the picked files. */
export function start(files, context) {
  ctx = context;
  wire();
  const names = [...files].map((f) => f.name);
  const card = el('li', 'import');
  const title = el('div', 'doc-title', names.length === 1 ? names[0] : plural(names.length, 'file', 'files'));
  const bar = el('progress');
  bar.max = 100;
  bar.value = 0;
  bar.setAttribute('aria-label', 'Uploading the import');
  const status = el('span', 'doc-status', 'Uploading 0 %');
  const row = el('div', 'doc-progress');
  row.append(bar, status);
  card.append(title, row);
  list().prepend(card);

  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/library/imports');
  xhr.responseType = 'json';
  xhr.upload.addEventListener('progress', (ev) => {
    if (!ev.lengthComputable) return;
    const pct = Math.round((ev.loaded / ev.total) * 100);
    bar.value = pct;
    status.textContent = pct < 100 ? 'Uploading ' + pct + ' %' : 'Saving the files…';
  });
  const fail = (message) => {
    card.classList.add('failed');
    row.replaceChildren(el('span', 'doc-status error', message));
    card.append(button('Dismiss', 'btn small', () => card.remove()));
    ctx.announce('The import could not start: ' + message);
  };
  xhr.addEventListener('load', () => {
    if (xhr.status === 202 && xhr.response) {
      card.remove();
      ctx.announce('Import started: ' + plural(names.length, 'file', 'files') + '.');
      show(xhr.response);
    } else {
      const error = xhr.response && xhr.response.error;
      fail(error ? error.message : 'The server answered ' + xhr.status + '.');
    }
  });
  xhr.addEventListener('error', () => fail(ctx.offline() ? 'You are offline.' : 'The upload failed; check the connection.'));
  const form = new FormData();
  for (const f of files) form.append('files', f, f.name);
  xhr.send(form);
}

/** Shows the imports the server lists: running ones, and recent ones that ended. */
export function resume(imports, context) {
  ctx = context;
  wire();
  const now = Date.now();
  for (const state of imports) {
    const recent = now - Date.parse(state.updatedAt) < RECENT_MS;
    if (!ENDS.includes(state.status) || (recent && shown.size < 3)) show(state);
  }
}

function show(state) {
  let entry = shown.get(state.id);
  if (!entry) {
    entry = { card: el('li', 'import'), source: null, state, problems: new Map(), seen: state.lastEvent || 0 };
    entry.card.dataset.id = state.id;
    shown.set(state.id, entry);
    list().prepend(entry.card);
  }
  entry.state = state;
  for (const p of state.problems || []) entry.problems.set(p.index, p);
  render(entry);
  if (!ENDS.includes(state.status)) follow(entry);
}

function follow(entry) {
  if (entry.source) return;
  const source = new EventSource('/api/library/imports/' + encodeURIComponent(entry.state.id) + '/events?after='
    + entry.seen);
  entry.source = source;
  const seen = (ev) => {
    if (ev.lastEventId) entry.seen = Number(ev.lastEventId);
  };
  source.addEventListener('started', (ev) => {
    seen(ev);
    const data = JSON.parse(ev.data);
    entry.state = { ...entry.state, status: 'running',
      totals: { ...(entry.state.totals || {}), entries: data.entries } };
    render(entry);
  });
  source.addEventListener('progress', (ev) => {
    seen(ev);
    const data = JSON.parse(ev.data);
    for (const f of data.files) {
      if (LABELS[f.status]) entry.problems.set(f.index, f);
      if (f.status === 'parsing') entry.current = f.name;
    }
    entry.state = { ...entry.state, status: 'running', totals: data.totals };
    render(entry);
  });
  for (const name of ENDS) {
    source.addEventListener(name, (ev) => {
      seen(ev);
      const data = JSON.parse(ev.data);
      close(entry);
      const result = data.result || {};
      entry.state = { ...entry.state, status: name, totals: result.totals || entry.state.totals,
        failure: data.message || '' };
      for (const p of result.problems || []) entry.problems.set(p.index, p);
      entry.current = null;
      render(entry);
      ctx.announce(summary(entry.state));
      ctx.refreshDocuments();
    });
  }
}

function close(entry) {
  if (entry.source) entry.source.close();
  entry.source = null;
}

/** After a lock or a lost connection: read the state again and follow from the last event seen. */
async function wake() {
  if (document.visibilityState !== 'visible' || !ctx) return;
  for (const entry of shown.values()) {
    if (ENDS.includes(entry.state.status)) continue;
    if (entry.source && entry.source.readyState !== EventSource.CLOSED) continue;
    close(entry);
    try {
      const state = await (await ctx.request('/api/library/imports/' + encodeURIComponent(entry.state.id))).json();
      show(state);
    } catch (e) {
      // offline: the next wake tries again
    }
  }
}

function wire() {
  if (wired) return;
  wired = true;
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('online', wake);
}

function summary(state) {
  const t = state.totals || {};
  const parts = [];
  if (state.status === 'done') parts.push('Imported ' + plural(t.indexed || 0, 'document', 'documents'));
  if (state.status === 'cancelled') parts.push('Cancelled after ' + plural(t.done || 0, 'entry', 'entries'));
  if (state.status === 'failed') parts.push('The import failed' + (state.failure ? ': ' + state.failure : ''));
  if (t.duplicates) parts.push(plural(t.duplicates, 'duplicate', 'duplicates'));
  if (t.needsOcr) parts.push(t.needsOcr.toLocaleString() + (t.needsOcr === 1 ? ' needs OCR' : ' need OCR'));
  if (t.failed) parts.push(t.failed.toLocaleString() + ' failed');
  return parts.join(' · ') + '.';
}

function render(entry) {
  const { card, state } = entry;
  const t = state.totals || {};
  const running = !ENDS.includes(state.status);
  const files = state.files || [];
  card.className = 'import import-' + state.status;
  const title = el('div', 'doc-title', 'Import of ' + (files.length === 1 ? files[0]
    : plural(files.length, 'file', 'files')));
  const body = [title];
  if (running) {
    const row = el('div', 'doc-progress');
    const bar = el('progress');
    bar.max = Math.max(1, t.entries || 0);
    bar.value = t.done || 0;
    bar.setAttribute('aria-label', 'Import progress');
    const text = t.entries ? 'Importing ' + (t.done || 0).toLocaleString() + ' of ' + t.entries.toLocaleString()
      : state.status === 'queued' ? 'Waiting to start…' : 'Reading the files…';
    row.append(bar, el('span', 'doc-status', text));
    body.push(row);
    if (entry.current) body.push(el('div', 'doc-meta import-current', entry.current));
    const cancel = button('Cancel', 'btn small', () => cancelImport(entry));
    cancel.setAttribute('aria-label', 'Cancel the import');
    body.push(cancel);
  } else {
    body.push(el('div', 'doc-status' + (state.status === 'done' ? ' ready' : ' error'), summary(state)));
  }
  const problems = [...entry.problems.values()].sort((a, b) => a.index - b.index);
  if (problems.length) {
    const details = el('details', 'import-problems');
    const omitted = state.problemsOmitted ? ' (+' + state.problemsOmitted.toLocaleString() + ' more)' : '';
    details.append(el('summary', '', plural(problems.length, 'problem', 'problems') + omitted));
    const ul = el('ul', 'problems');
    for (const p of problems) {
      const li = el('li', 'problem problem-' + p.status);
      li.append(el('span', 'problem-kind', LABELS[p.status] || p.status), el('span', 'problem-name', p.name));
      if (p.reason) li.append(el('div', 'problem-reason', p.reason));
      ul.append(li);
    }
    details.append(ul);
    const old = card.querySelector('details.import-problems');
    if (old && old.open) details.open = true;
    body.push(details);
  }
  if (!running) body.push(button('Dismiss', 'btn small', () => {
    card.remove();
    shown.delete(state.id);
  }));
  card.replaceChildren(...body);
}

async function cancelImport(entry) {
  try {
    await ctx.request('/api/library/imports/' + encodeURIComponent(entry.state.id) + '/cancel', { method: 'POST' });
    ctx.announce('Cancelling the import…');
  } catch (e) {
    ctx.toast('Could not cancel: ' + e.message);
  }
}
