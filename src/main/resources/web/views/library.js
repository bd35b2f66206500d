// The library view: upload (with progress), list with indexing progress, delete, search, and the
// way back to asking about it. Loaded the first time the library is opened. Titles, file names and
// passages are shown as text.
import { el, icon, button } from './dom.js';

const POLL_MS = 1500;
const ACCEPT = '.pdf,.html,.htm,.md,.markdown,.txt,application/pdf,text/html,text/markdown,text/plain';
// An import also takes a zip and a Zotero export (.bib or CSL .json) with its files.
const IMPORT_ACCEPT = ACCEPT + ',.zip,.bib,.json,application/zip,application/x-bibtex,application/json';

let ctx = null;
let root = null;
let poll = 0;
let built = false;
let wanted = null; // a document to show once the list is in (a source's "Open")

function size(bytes) {
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}

function kind(mediaType) {
  if (!mediaType) return 'Document';
  if (mediaType.includes('pdf')) return 'PDF';
  if (mediaType.includes('html')) return 'Web page';
  if (mediaType.includes('markdown')) return 'Markdown';
  if (mediaType.startsWith('text/')) return 'Text';
  return 'Document';
}

function build() {
  const head = el('div', 'lib-head');
  const h = el('h2', '', 'Library');
  h.id = 'library-title';
  h.tabIndex = -1;
  head.append(h, el('p', 'muted', 'Answers cite these documents. PDF, web pages, Markdown and text files.'));

  const actions = el('div', 'lib-actions');
  const input = el('input', 'sr-only');
  input.type = 'file';
  input.id = 'lib-file';
  input.multiple = true;
  input.accept = ACCEPT;
  const label = el('label', 'btn primary file-button');
  label.htmlFor = 'lib-file';
  label.append(icon('upload'), 'Upload files');
  input.addEventListener('change', () => {
    [...input.files].forEach(upload);
    input.value = '';
  });
  const importInput = el('input', 'sr-only');
  importInput.type = 'file';
  importInput.id = 'lib-import-file';
  importInput.multiple = true;
  importInput.accept = IMPORT_ACCEPT;
  const importLabel = el('label', 'btn file-button import-button');
  importLabel.htmlFor = 'lib-import-file';
  importLabel.append(icon('upload'), 'Import');
  importLabel.title = 'A zip, many files, or a Zotero export (.bib or .json with its files)';
  importInput.addEventListener('change', () => {
    const files = [...importInput.files];
    importInput.value = '';
    if (files.length) withImports((m) => m.start(files, importContext()));
  });
  const samples = button('Load samples', 'btn', loadSamples);
  samples.id = 'lib-samples';
  const ask = el('a', 'btn primary');
  ask.id = 'lib-ask';
  ask.href = '#/new';
  ask.hidden = true;
  ask.append(icon('chat'), 'Ask about these documents');
  actions.append(ask, input, label, importInput, importLabel, samples);
  const imports = el('ul', 'imports');
  imports.id = 'lib-imports';
  imports.setAttribute('aria-label', 'Imports');

  const uploads = el('ul', 'uploads');
  uploads.id = 'lib-uploads';
  uploads.setAttribute('aria-label', 'Uploads');

  const form = el('form', 'lib-search');
  form.setAttribute('role', 'search');
  const q = el('input');
  q.type = 'search';
  q.id = 'lib-q';
  q.placeholder = 'Search your library';
  q.enterKeyHint = 'search';
  const qLabel = el('label', 'sr-only', 'Search your library');
  qLabel.htmlFor = 'lib-q';
  const go = el('button', 'icon-btn');
  go.type = 'submit';
  go.setAttribute('aria-label', 'Search');
  go.append(icon('search'));
  form.append(qLabel, q, go);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    search(q.value.trim());
  });
  const results = el('div', 'lib-results');
  results.id = 'lib-results';

  const docsHead = el('h3', 'lib-sub', 'Documents');
  docsHead.id = 'lib-docs-title';
  const docs = el('ul', 'doc-list');
  docs.id = 'lib-docs';
  docs.setAttribute('aria-labelledby', 'lib-docs-title');
  root.replaceChildren(head, actions, imports, uploads, form, results, docsHead, docs);
}

/** The import module, loaded on first use. */
function withImports(use) {
  import('./imports.js').then(use).catch((e) => ctx.toast('Could not load the import: ' + e.message));
}

function importContext() {
  return { root, request: ctx.request, announce: ctx.announce, toast: ctx.toast, offline: ctx.offline,
    refreshDocuments: refresh };
}

/** Imports still running, or ended lately, are shown again (their code loads only then). */
async function showImports() {
  try {
    const imports = (await (await ctx.request('/api/library/imports')).json()).imports;
    if (imports.length) withImports((m) => m.resume(imports, importContext()));
  } catch (e) {
    // offline or failing: the library itself says so
  }
}

async function refresh() {
  clearTimeout(poll);
  let documents;
  try {
    documents = (await (await ctx.request('/api/library/documents')).json()).documents;
  } catch (e) {
    showDocsMessage(ctx.offline() ? 'The library needs a connection. Your saved conversations stay readable.' : e.message);
    return;
  }
  renderDocs(documents);
  showWanted();
  if (documents.some((d) => d.status === 'indexing') && root && !root.hidden) poll = setTimeout(refresh, POLL_MS);
}

function showDocsMessage(text) {
  const docs = root.querySelector('#lib-docs');
  if (docs) docs.replaceChildren(el('li', 'note', text));
}

function renderDocs(documents) {
  const docs = root.querySelector('#lib-docs');
  const any = documents.some((d) => d.status !== 'failed');
  root.querySelector('#lib-ask').hidden = !any;
  root.querySelector('.file-button').classList.toggle('primary', !any);
  if (!documents.length) {
    docs.replaceChildren(el('li', 'note empty-lib',
      'Your library is empty. Upload papers and notes, or load the samples, and answers will cite them.'));
    return;
  }
  docs.replaceChildren(...documents.map((d) => {
    const li = el('li', 'doc doc-' + d.status);
    li.dataset.id = d.id;
    const body = el('div', 'doc-body');
    body.append(el('div', 'doc-title', d.title));
    const meta = [kind(d.mediaType), size(d.bytes)];
    if (d.status === 'ready') meta.push(d.chunks + (d.chunks === 1 ? ' passage' : ' passages'));
    body.append(el('div', 'doc-meta', meta.join(' · ')));
    if (d.status === 'indexing') {
      const row = el('div', 'doc-progress');
      const bar = el('progress');
      bar.max = 1;
      bar.value = d.progress || 0;
      bar.setAttribute('aria-label', 'Indexing ' + d.title);
      row.append(bar, el('span', 'doc-status', 'Indexing ' + Math.round((d.progress || 0) * 100) + ' %'));
      body.append(row);
    } else if (d.status === 'failed') {
      body.append(el('div', 'doc-status error', 'Could not be indexed' + (d.failure ? ': ' + d.failure : '.')));
    } else {
      body.append(el('div', 'doc-status ready', 'Ready'));
    }
    const del = el('button', 'icon-btn');
    del.type = 'button';
    del.setAttribute('aria-label', 'Delete ' + d.title);
    del.append(icon('trash'));
    del.addEventListener('click', () => remove(d));
    li.append(body, del);
    return li;
  }));
}

/** Brings the document a source's "Open" asked for into view, once. */
function showWanted() {
  if (!wanted) return;
  const li = [...root.querySelectorAll('#lib-docs .doc')].find((d) => d.dataset.id === wanted);
  wanted = null;
  if (!li) {
    ctx.toast('That document is no longer in your library.');
    return;
  }
  li.tabIndex = -1;
  li.setAttribute('aria-current', 'true');
  const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
  li.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
  li.focus({ preventScroll: true });
  li.classList.remove('flash');
  void li.offsetWidth; // restarts the animation
  li.classList.add('flash');
}

function upload(file) {
  const item = el('li', 'upload');
  const name = el('div', 'doc-title', file.name);
  const bar = el('progress');
  bar.max = 100;
  bar.value = 0;
  bar.setAttribute('aria-label', 'Uploading ' + file.name);
  const status = el('span', 'doc-status', 'Uploading 0 %');
  const row = el('div', 'doc-progress');
  row.append(bar, status);
  item.append(name, row);
  root.querySelector('#lib-uploads').append(item);

  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/library/documents');
  xhr.responseType = 'json';
  xhr.upload.addEventListener('progress', (ev) => {
    if (!ev.lengthComputable) return;
    const pct = Math.round((ev.loaded / ev.total) * 100);
    bar.value = pct;
    status.textContent = pct < 100 ? 'Uploading ' + pct + ' %' : 'Reading the document…';
  });
  const fail = (message) => {
    item.classList.add('failed');
    row.replaceChildren(el('span', 'doc-status error', message));
    item.append(button('Dismiss', 'btn small', () => item.remove()));
    ctx.announce('Upload of ' + file.name + ' failed: ' + message);
  };
  xhr.addEventListener('load', () => {
    if (xhr.status === 201) {
      item.remove();
      const doc = xhr.response || {};
      ctx.announce('Added ' + (doc.title || file.name) + (doc.status === 'indexing' ? ', indexing.' : '.'));
      refresh();
    } else {
      const error = xhr.response && xhr.response.error;
      fail(error ? error.message : 'The server answered ' + xhr.status + '.');
    }
  });
  xhr.addEventListener('error', () => fail(ctx.offline() ? 'You are offline.' : 'The upload failed; check the connection.'));
  const form = new FormData();
  form.append('file', file);
  xhr.send(form);
}

async function loadSamples() {
  try {
    const res = await ctx.request('/api/library/samples', { method: 'POST' });
    const added = (await res.json()).documents.length;
    ctx.announce(added ? 'Loaded ' + added + ' sample documents.' : 'The samples are already in your library.');
    if (!added) ctx.toast('The samples are already in your library.');
  } catch (e) {
    ctx.toast('Could not load the samples: ' + e.message);
  }
  refresh();
}

async function remove(doc) {
  const ok = await ctx.dialog({ title: 'Delete document?',
    text: '“' + doc.title + '” will be removed from your library; answers will no longer cite it.', ok: 'Delete', danger: true });
  if (!ok) return;
  try {
    await ctx.request('/api/library/documents/' + encodeURIComponent(doc.id), { method: 'DELETE' });
    ctx.announce('Deleted ' + doc.title + '.');
  } catch (e) {
    if (e.status !== 404) ctx.toast('Could not delete: ' + e.message);
  }
  refresh();
}

async function search(q) {
  const results = root.querySelector('#lib-results');
  if (!q) {
    results.replaceChildren();
    return;
  }
  results.replaceChildren(el('p', 'note', 'Searching…'));
  let hits;
  try {
    hits = (await (await ctx.request('/api/library/search?k=8&q=' + encodeURIComponent(q))).json()).results;
  } catch (e) {
    results.replaceChildren(el('p', 'note error', e.message));
    return;
  }
  const head = el('h3', 'lib-sub', hits.length ? hits.length + (hits.length === 1 ? ' passage' : ' passages') + ' found'
    : 'Nothing in your library matches.');
  const ol = el('ol', 'hits');
  for (const h of hits) {
    const li = el('li', 'hit');
    li.append(el('div', 'doc-title', h.title), el('div', 'doc-meta', h.location || 'Passage ' + (h.chunk + 1)));
    const text = h.text.length > 360 ? h.text.slice(0, 360) + '…' : h.text;
    li.append(el('blockquote', 'source-snippet', text));
    ol.append(li);
  }
  results.replaceChildren(head, ol);
  ctx.announce(head.textContent);
}

/**
 * Shows the library in {@code container}, and in it the document {@code documentId} if given.
 * {@code context}: request(path, options) (the API's fetch), announce(text), toast(text),
 * dialog(options), offline().
 */
export function mount(container, context, documentId = null) {
  ctx = context;
  root = container;
  if (!built) {
    build();
    built = true;
    showImports();
  }
  wanted = documentId;
  root.querySelectorAll('#lib-docs [aria-current]').forEach((d) => d.removeAttribute('aria-current'));
  if (!documentId) root.querySelector('#library-title').focus({ preventScroll: true });
  refresh();
}

/** Stops polling when the library is left. */
export function unmount() {
  clearTimeout(poll);
}
