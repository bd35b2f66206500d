// Research Assistant web app: conversations, streaming answers, offline reading and an outbox.
// Panels (sources, reasoning, trace) and the library view load their code only when opened.
// Untrusted text (model output, documents, titles) only ever reaches the page as text nodes or
// through md.js, which builds DOM nodes from a fixed list; the CSP enforces Trusted Types.
import { render, plain } from './md.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const POLL_MS = 2000;
const PROBE_MS = 5000;
const PREFETCH_LIMIT = 10;
const ANNOUNCE_CHARS = 600;
const SESSION_PATH = /^#\/c\/([A-Za-z0-9_-]{1,100})$/;

const ui = {
  app: $('app'), drawer: $('drawer'), scrim: $('scrim'), openDrawer: $('open-drawer'),
  closeDrawer: $('close-drawer'), list: $('conversations'), title: $('title'), main: $('main'),
  chat: $('chat-view'), messages: $('messages'), library: $('library-view'), composer: $('composer'),
  input: $('composer-input'), send: $('send'), stop: $('stop'), net: $('net'), announce: $('announce'),
  toast: $('toast'), menuButton: $('conv-menu-button'), menu: $('conv-menu'), theme: $('theme'),
  themeLabel: $('theme-label'), dialog: $('dialog'),
};

const state = {
  sessions: [],
  current: null, // the open conversation as the server sent it, or null for a new one
  view: 'chat',
  streaming: null, // { sessionId, controller, stopped }
  watching: null, // { sessionId, timer }: polling an answer the server is still writing
  online: navigator.onLine,
  fetchFailed: false,
  probeTimer: 0,
  flushing: false,
};

const models = new WeakMap(); // article -> message model, for the lazily built panels
let library = null; // the library module, once loaded
let panels = null;
let uid = 0;
let started = false;

// ---------------------------------------------------------------- small DOM helpers

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS(SVG, 'use');
  use.setAttribute('href', '#i-' + name);
  svg.append(use);
  return svg;
}

function button(label, className, onClick, iconName) {
  const b = el('button', className);
  b.type = 'button';
  if (iconName) b.append(icon(iconName));
  b.append(label);
  b.addEventListener('click', onClick);
  return b;
}

function announce(text) {
  ui.announce.textContent = '';
  setTimeout(() => { ui.announce.textContent = text; }, 50);
}

let toastTimer = 0;
function toast(text) {
  ui.toast.textContent = text;
  ui.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { ui.toast.hidden = true; }, 5000);
}

function when(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const now = new Date();
  if (date.toDateString() === now.toDateString()) {
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

// ---------------------------------------------------------------- network and API

class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

async function errorOf(res) {
  let code = 'http_' + res.status;
  let message = 'The server answered ' + res.status + '.';
  try {
    const body = await res.json();
    code = body.error.code;
    message = body.error.message;
  } catch (e) { /* not a JSON error body */ }
  return new ApiError(res.status, code, message, res.headers.get('Retry-After'));
}

/** fetch() that tracks whether the network is there and turns error bodies into ApiErrors. */
async function api(path, options = {}) {
  let res;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...options });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    networkFailed();
    throw new ApiError(0, 'offline', 'No connection to the server.');
  }
  if (res.headers.get('X-RA-Offline')) networkFailed();
  else networkWorked();
  if (!res.ok) throw await errorOf(res);
  return res;
}

function json(body, method = 'POST') {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function networkFailed() {
  state.fetchFailed = true;
  updateNetwork();
  clearTimeout(state.probeTimer);
  state.probeTimer = setTimeout(probe, PROBE_MS);
}

function networkWorked() {
  if (!state.fetchFailed && state.online) return;
  state.fetchFailed = false;
  state.online = true;
  clearTimeout(state.probeTimer);
  updateNetwork();
  reconnected();
}

async function probe() {
  if (!navigator.onLine) {
    state.probeTimer = setTimeout(probe, PROBE_MS);
    return;
  }
  try {
    const res = await fetch('/health', { cache: 'no-store' });
    if (res.ok || res.status === 503) networkWorked();
    else state.probeTimer = setTimeout(probe, PROBE_MS);
  } catch (e) {
    state.probeTimer = setTimeout(probe, PROBE_MS);
  }
}

function isOffline() {
  return !state.online || state.fetchFailed;
}

function updateNetwork() {
  const waiting = outbox().length;
  if (isOffline()) {
    ui.net.replaceChildren(el('strong', '', 'You are offline.'), ' ' + (waiting
      ? waiting + (waiting === 1 ? ' message waits' : ' messages wait') + ' and will be sent when the connection returns.'
      : 'Saved conversations stay readable; messages you send now go out when the connection returns.'));
    ui.net.hidden = false;
  } else if (waiting) {
    ui.net.replaceChildren('Sending ' + waiting + (waiting === 1 ? ' waiting message…' : ' waiting messages…'));
    ui.net.hidden = false;
  } else {
    ui.net.hidden = true;
  }
  document.documentElement.classList.toggle('offline', isOffline());
}

async function reconnected() {
  await refreshList();
  await flushOutbox();
  if (state.view === 'chat' && state.current && !state.streaming) openConversation(state.current.id, { quiet: true });
}

window.addEventListener('offline', () => {
  state.online = false;
  updateNetwork();
});
window.addEventListener('online', () => {
  state.online = true;
  probe();
});

// ---------------------------------------------------------------- outbox (messages typed offline)

function outbox() {
  try {
    return JSON.parse(localStorage.getItem('ra.outbox') || '[]');
  } catch (e) {
    return [];
  }
}

function saveOutbox(items) {
  localStorage.setItem('ra.outbox', JSON.stringify(items));
  updateNetwork();
}

function queue(text) {
  const item = { id: 'o' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6),
    sessionId: state.current ? state.current.id : null, text, at: new Date().toISOString() };
  saveOutbox([...outbox(), item]);
  ui.messages.querySelector('.welcome')?.remove();
  ui.messages.append(pendingMessage(item));
  scrollToEnd(true);
  announce('You are offline. Your message will be sent when the connection returns.');
}

function pendingMessage(item) {
  const article = userMessage(item.text);
  article.classList.add('pending');
  article.dataset.outbox = item.id;
  article.append(el('p', 'pending-note', 'Waiting for the connection; it will be sent automatically.'));
  return article;
}

/** Sends the messages typed offline, oldest first, one at a time. */
async function flushOutbox() {
  if (state.flushing || state.streaming || isOffline() || !outbox().length) return;
  state.flushing = true;
  try {
    for (;;) {
      const [item] = outbox();
      if (!item || isOffline()) return;
      const visible = (item.sessionId === null && state.view === 'chat' && !state.current) ||
        (state.current && state.current.id === item.sessionId);
      let sessionId = item.sessionId;
      try {
        if (!sessionId) {
          sessionId = (await createSession()).id;
        }
      } catch (e) {
        return;
      }
      saveOutbox(outbox().filter((o) => o.id !== item.id));
      ui.messages.querySelector(`[data-outbox="${item.id}"]`)?.remove();
      if (visible) {
        if (!state.current) adoptNewSession(sessionId);
        await ask(item.text, sessionId);
      } else {
        await streamAnswer(sessionId, item.text, newAnswerModel(), null);
      }
    }
  } finally {
    state.flushing = false;
    updateNetwork();
    refreshList();
  }
}

// ---------------------------------------------------------------- conversations

async function refreshList() {
  try {
    const res = await api('/api/sessions');
    state.sessions = (await res.json()).sessions;
    const mine = state.current && state.view === 'chat' && state.sessions.find((s) => s.id === state.current.id);
    if (mine && mine.title && mine.title !== state.current.title) {
      state.current.title = mine.title;
      setTitle(mine.title);
    }
    renderList();
    prefetchConversations();
  } catch (e) {
    if (!state.sessions.length) renderList();
  }
}

function renderList() {
  const items = state.sessions.map((s) => {
    const li = el('li');
    const a = el('a', 'conv');
    a.href = '#/c/' + s.id;
    a.append(el('span', 'conv-title', s.title || 'New conversation'), el('span', 'conv-time', when(s.updatedAt)));
    if (state.view === 'chat' && state.current && state.current.id === s.id) a.setAttribute('aria-current', 'page');
    li.append(a);
    return li;
  });
  if (!items.length) items.push(el('li', 'conv-empty', 'No conversations yet.'));
  ui.list.replaceChildren(...items);
}

/** Keeps the most recent conversations in the service worker's cache for offline reading. */
function prefetchConversations() {
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller || isOffline()) return;
  let seen = {};
  try {
    seen = JSON.parse(localStorage.getItem('ra.prefetched') || '{}');
  } catch (e) { /* start over */ }
  const todo = state.sessions.slice(0, PREFETCH_LIMIT).filter((s) => seen[s.id] !== s.updatedAt);
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 500));
  idle(async () => {
    for (const s of todo) {
      try {
        await api('/api/sessions/' + s.id);
        seen[s.id] = s.updatedAt;
      } catch (e) {
        return;
      }
    }
    const keep = {};
    state.sessions.slice(0, PREFETCH_LIMIT).forEach((s) => { if (seen[s.id]) keep[s.id] = seen[s.id]; });
    localStorage.setItem('ra.prefetched', JSON.stringify(keep));
  });
}

async function createSession() {
  const res = await api('/api/sessions', json({}));
  const session = await res.json();
  state.sessions = [{ id: session.id, title: session.title, updatedAt: session.updatedAt, createdAt: session.createdAt,
    messageCount: 0 }, ...state.sessions.filter((s) => s.id !== session.id)];
  renderList();
  return session;
}

function adoptNewSession(id) {
  state.current = { id, title: 'New conversation', messages: [], answering: false };
  history.replaceState(null, '', '#/c/' + id);
  setTitle(state.current.title);
  ui.menuButton.hidden = false;
  renderList();
}

function setTitle(text) {
  ui.title.textContent = text;
  document.title = text === 'Research Assistant' ? text : text + ' · Research Assistant';
}

async function openConversation(id, { quiet = false } = {}) {
  showView('chat');
  const switching = !state.current || state.current.id !== id;
  if (switching) {
    stopWatching();
    state.current = { id, title: '', messages: [], answering: false };
    ui.messages.replaceChildren(el('p', 'loading', 'Loading the conversation…'));
    setTitle('Conversation');
  }
  ui.menuButton.hidden = false;
  renderList();
  let session;
  try {
    session = await (await api('/api/sessions/' + encodeURIComponent(id))).json();
  } catch (e) {
    if (location.hash !== '#/c/' + id) return;
    if (e.status === 404) {
      state.sessions = state.sessions.filter((s) => s.id !== id);
      renderList();
      ui.messages.replaceChildren(notice('This conversation no longer exists.', 'note'));
    } else if (switching || !quiet) {
      const box = notice(e.message, 'note error');
      box.append(button('Try again', 'btn', () => openConversation(id)));
      ui.messages.replaceChildren(box);
    }
    return;
  }
  if (location.hash !== '#/c/' + id || (state.streaming && state.streaming.sessionId === id)) return;
  state.current = session;
  localStorage.setItem('ra.last', id);
  setTitle(session.title || 'New conversation');
  renderConversation(session);
  if (!quiet && switching) focusTitle();
  if (session.answering) watchAnswer(id);
  else if (state.watching && state.watching.sessionId === id) stopWatching();
}

function renderConversation(session) {
  const nodes = session.messages.map((m) => (m.role === 'user' ? userMessage(m.content) : answerMessage(fromServer(m))));
  if (session.answering && (!session.messages.length || session.messages.at(-1).role === 'user')) {
    nodes.push(writingPlaceholder());
  }
  for (const item of outbox().filter((o) => o.sessionId === session.id)) nodes.push(pendingMessage(item));
  if (!nodes.length) nodes.push(welcome());
  ui.messages.replaceChildren(...nodes);
  scrollToEnd(true);
}

function fromServer(m) {
  return { id: m.id, content: m.content, status: m.status, sources: m.sources || [], trace: m.trace || null,
    model: m.model || '', streaming: false, notes: [] };
}

function newAnswerModel() {
  return { id: '', content: '', status: 'streaming', sources: [], trace: null, plan: null, safety: [],
    notes: [], streaming: true };
}

function notice(text, className) {
  return el('p', className, text);
}

function writingPlaceholder() {
  const article = el('article', 'msg assistant writing');
  article.setAttribute('aria-label', 'Answer');
  article.append(el('p', 'note', 'The answer is still being written on the server; it will appear here.'));
  return article;
}

function welcome() {
  const box = el('div', 'welcome');
  box.append(el('h2', '', 'What would you like to research?'),
    el('p', 'muted', 'Answers stream as they are written and cite the documents in your library.'));
  const list = el('div', 'suggestions');
  for (const q of ['What do my documents say about sleep and memory?',
    'Summarise the main arguments, with sources.', 'Which claims in my library disagree with each other?']) {
    list.append(button(q, 'suggestion', () => {
      ui.input.value = q;
      autosize();
      ui.input.focus();
    }));
  }
  box.append(list);
  const library = el('p', 'muted small');
  const link = el('a', '', 'Open your library');
  link.href = '#/library';
  library.append(link, ' to upload papers and notes, or load the samples.');
  box.append(library);
  return box;
}

function userMessage(text) {
  const article = el('article', 'msg user');
  article.setAttribute('aria-label', 'You said');
  article.append(el('div', 'bubble', text));
  return article;
}

function answerMessage(model) {
  const article = el('article', 'msg assistant');
  article.setAttribute('aria-label', 'Answer');
  article.dataset.uid = String(++uid);
  models.set(article, model);
  article.append(el('div', 'md'), el('div', 'notes'), el('div', 'panel-toggles'), el('div', 'panel-area'));
  paint(article);
  return article;
}

/** Redraws an answer from its model: text, notes and panel buttons. */
function paint(article) {
  const model = models.get(article);
  const md = article.querySelector('.md');
  md.replaceChildren(render(model.content, (model.sources || []).map((x) => x.n)).fragment);
  if (model.streaming) {
    const caret = el('span', 'caret');
    caret.setAttribute('aria-hidden', 'true');
    (md.lastElementChild && /^(P|LI|H\d)$/.test(md.lastElementChild.tagName) ? md.lastElementChild : md).append(caret);
  }
  article.toggleAttribute('aria-busy', model.streaming);
  paintNotes(article, model);
  paintToggles(article, model);
}

function paintNotes(article, model) {
  const notes = [];
  if (model.streaming && !model.content) notes.push(el('p', 'note thinking', model.plan && model.plan.expertiseLabel
    ? 'Thinking as ' + model.plan.expertiseLabel.toLowerCase() + '…' : 'Thinking…'));
  for (const n of model.safety || []) notes.push(el('p', 'note warn', n.message));
  if (model.status === 'partial' && !model.error) notes.push(el('p', 'note', 'This answer was stopped before the end.'));
  if (model.status === 'notice') notes.push(el('p', 'note', 'This is a notice from the server, not a model answer.'));
  for (const n of model.notes) notes.push(el('p', 'note', n));
  if (model.error) {
    const box = el('div', 'note error');
    box.append(el('span', '', model.error.message));
    if (model.error.retry) box.append(button('Retry', 'btn small', model.error.retry, 'retry'));
    notes.push(box);
  }
  article.querySelector('.notes').replaceChildren(...notes);
}

function paintToggles(article, model) {
  const bar = article.querySelector('.panel-toggles');
  const wanted = [];
  if (model.sources && model.sources.length) wanted.push(['sources', 'Sources · ' + model.sources.length]);
  if (model.trace && model.trace.reasoning && (model.trace.reasoning.hypothesis || model.trace.reasoning.evidence.length)) {
    wanted.push(['reasoning', 'Reasoning']);
  }
  if (model.trace && model.trace.steps && model.trace.steps.length) wanted.push(['trace', 'Trace']);
  for (const [kind, label] of wanted) {
    let b = bar.querySelector(`[data-panel="${kind}"]`);
    if (!b) {
      b = button(label, 'chip', () => togglePanel(article, kind));
      b.dataset.panel = kind;
      b.setAttribute('aria-expanded', 'false');
      bar.append(b);
    } else if (b.textContent !== label) {
      b.textContent = label;
    }
  }
}

/** Opens or closes a panel; its content (and the code that builds it) is loaded the first time. */
async function togglePanel(article, kind, forceOpen) {
  const b = article.querySelector(`.panel-toggles [data-panel="${kind}"]`);
  if (!b) return null;
  const open = forceOpen || b.getAttribute('aria-expanded') !== 'true';
  b.setAttribute('aria-expanded', String(open));
  let region = article.querySelector(`.panel-area [data-panel="${kind}"]`);
  if (!region && open) {
    region = el('section', 'panel');
    region.dataset.panel = kind;
    region.id = 'panel-' + article.dataset.uid + '-' + kind;
    region.setAttribute('aria-label', b.textContent.replace(/ · \d+$/, ''));
    b.setAttribute('aria-controls', region.id);
    region.append(el('p', 'note', 'Loading…'));
    const area = article.querySelector('.panel-area');
    const order = ['sources', 'reasoning', 'trace'];
    const after = [...area.children].find((c) => order.indexOf(c.dataset.panel) > order.indexOf(kind));
    area.insertBefore(region, after || null);
    try {
      panels = panels || await import('./panels.js');
      panels.build(kind, models.get(article), region, article.dataset.uid);
    } catch (e) {
      region.replaceChildren(el('p', 'note error', 'This panel could not be loaded. ' +
        (isOffline() ? 'You are offline.' : 'Please try again.')));
      region.remove();
      b.setAttribute('aria-expanded', 'false');
      toast('The panel could not be loaded.');
      return null;
    }
  }
  if (region) region.hidden = !open;
  return region;
}

/** A click on a citation opens the sources panel at that source. */
ui.messages.addEventListener('click', async (ev) => {
  const cite = ev.target.closest('a.cite');
  if (!cite) return;
  ev.preventDefault();
  const article = cite.closest('article.msg');
  const region = await togglePanel(article, 'sources', true);
  const item = region && region.querySelector(`[data-n="${cite.dataset.n}"]`);
  if (item) {
    item.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    item.focus({ preventScroll: true });
    item.classList.remove('flash');
    void item.offsetWidth;
    item.classList.add('flash');
  }
});

function scrollToEnd(force) {
  const m = ui.main;
  if (force || m.scrollHeight - m.scrollTop - m.clientHeight < 120) m.scrollTop = m.scrollHeight;
}

function focusTitle() {
  if (!matchMedia('(pointer: coarse)').matches || document.activeElement === document.body) {
    ui.title.focus({ preventScroll: true });
  }
}

// ---------------------------------------------------------------- asking and streaming

function clientProfile() {
  return matchMedia('(max-width: 700px), (pointer: coarse)').matches ? 'mobile' : 'desktop';
}

async function submit(text) {
  if (isOffline()) {
    queue(text);
    return;
  }
  let sessionId = state.current && state.current.id;
  if (!sessionId) {
    try {
      sessionId = (await createSession()).id;
      adoptNewSession(sessionId);
    } catch (e) {
      if (e.code === 'offline') queue(text);
      else toast(e.message);
      return;
    }
  }
  await ask(text, sessionId);
}

async function ask(text, sessionId) {
  ui.messages.querySelector('.welcome')?.remove();
  ui.messages.append(userMessage(text));
  const model = newAnswerModel();
  const article = answerMessage(model);
  ui.messages.append(article);
  scrollToEnd(true);
  await streamAnswer(sessionId, text, model, article);
}

/**
 * Streams one answer into {@code article} (or, with no article, in the background). The server
 * is asked to finish the answer even if this page goes away, so a locked phone loses nothing.
 */
async function streamAnswer(sessionId, text, model, article) {
  const controller = new AbortController();
  const run = { sessionId, controller, stopped: false };
  state.streaming = run;
  setBusy(true);
  announce('Answering…');
  let frame = 0;
  const redraw = () => {
    if (!article || frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      paint(article);
      scrollToEnd(false);
    });
  };
  let acknowledged = false;
  let finished = false;
  try {
    const res = await fetch('/api/sessions/' + encodeURIComponent(sessionId) + '/messages', {
      method: 'POST', credentials: 'same-origin', signal: controller.signal,
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ content: text, client: clientProfile(), onDisconnect: 'finish' }),
    });
    networkWorked();
    if (!res.ok) throw await errorOf(res);
    await readEvents(res.body, (name, data) => {
      switch (name) {
        case 'meta': acknowledged = true; model.model = data.model; break;
        case 'plan': model.plan = data; break;
        case 'sources': model.sources = data.sources; break;
        case 'token': model.content += data.text; break;
        case 'safety': model.safety = data.notes; break;
        case 'trace': model.trace = data; break;
        case 'done':
          finished = true;
          model.id = data.messageId;
          if (data.notice === 'retrieval_only') model.notes.push('No language model is configured or reachable: this answer is built from your library alone.');
          if (data.notice === 'no_model') model.notes.push('No language model is configured, and nothing in your library matched.');
          break;
        case 'error':
          finished = true;
          model.status = data.messageId ? 'partial' : 'failed';
          model.error = { message: data.message, retry: () => retry(sessionId, text, article) };
          break;
        default: break;
      }
      redraw();
    });
    if (!finished) throw new ApiError(0, 'interrupted', 'The connection dropped.');
  } catch (e) {
    if (run.stopped) {
      model.status = 'partial';
    } else if (e.status === 409 && e.code === 'answer_in_progress') {
      model.notes.push('The previous answer in this conversation is still being written.');
      model.error = { message: 'Wait for it to finish, then try again.', retry: () => retry(sessionId, text, article) };
      watchAnswer(sessionId);
    } else if ((e.name === 'TypeError' || e.code === 'interrupted') && acknowledged) {
      // The message reached the server, which finishes the answer; fetch it when we can.
      networkFailed();
      model.notes.push('The connection dropped. The server finishes the answer; it will appear here.');
      watchAnswer(sessionId);
    } else if (e.name === 'TypeError' || e.code === 'interrupted') {
      networkFailed();
      if (article) article.previousElementSibling?.remove();
      article?.remove();
      queueFor(sessionId, text);
      return;
    } else {
      const wait = e.retryAfter ? ' Try again in ' + e.retryAfter + ' s.' : '';
      model.status = 'failed';
      model.error = { message: e.message + wait, retry: () => retry(sessionId, text, article) };
    }
  } finally {
    if (frame) cancelAnimationFrame(frame);
    model.streaming = false;
    if (state.streaming === run) state.streaming = null;
    setBusy(false);
    if (article) {
      paint(article);
      scrollToEnd(false);
    }
  }
  if (run.stopped) {
    announce('Stopped.');
  } else if (model.error) {
    announce('The answer failed: ' + model.error.message);
  } else if (finished) {
    const text = plain(model.content);
    announce('Answer: ' + (text.length > ANNOUNCE_CHARS ? text.slice(0, ANNOUNCE_CHARS) + '…' : text));
  }
  refreshList();
  if (finished) api('/api/sessions/' + sessionId).catch(() => {}); // refreshes the offline copy
  flushOutbox();
}

function queueFor(sessionId, text) {
  const item = { id: 'o' + Date.now().toString(36), sessionId, text, at: new Date().toISOString() };
  saveOutbox([...outbox(), item]);
  if (state.current && state.current.id === sessionId) ui.messages.append(pendingMessage(item));
  announce('The connection is gone. Your message will be sent when it returns.');
}

function retry(sessionId, text, article) {
  if (state.streaming) return;
  const model = models.get(article);
  if (model) {
    model.error = null;
    paint(article);
  }
  ask(text, sessionId);
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) {
        let parsed;
        try {
          parsed = JSON.parse(data.join('\n'));
        } catch (e) {
          continue;
        }
        onEvent(name, parsed);
      }
    }
  }
}

async function stop() {
  const run = state.streaming;
  const sessionId = run ? run.sessionId : state.watching && state.watching.sessionId;
  if (!sessionId) return;
  const cancel = api('/api/sessions/' + encodeURIComponent(sessionId) + '/cancel', { method: 'POST' }).catch(() => null);
  if (run) {
    run.stopped = true;
    run.controller.abort();
  }
  await cancel;
  stopWatching();
  setBusy(false);
  if (state.current && state.current.id === sessionId && !state.streaming) openConversation(sessionId, { quiet: true });
}

/** Polls a conversation whose answer the server is still writing, until it is there. */
function watchAnswer(sessionId) {
  if (state.watching && state.watching.sessionId === sessionId) return;
  stopWatching();
  const watch = { sessionId, timer: 0 };
  state.watching = watch;
  setBusy(true);
  const tick = async () => {
    if (state.watching !== watch) return;
    if (!state.current || state.current.id !== sessionId) {
      stopWatching();
      return;
    }
    try {
      const res = await api('/api/sessions/' + encodeURIComponent(sessionId));
      const session = await res.json();
      if (state.watching !== watch) return;
      if (!res.headers.get('X-RA-Offline') && !session.answering) {
        stopWatching();
        if (!state.streaming) {
          state.current = session;
          renderConversation(session);
          announce('The answer is here.');
        }
        return;
      }
    } catch (e) { /* offline or busy: keep waiting */ }
    watch.timer = setTimeout(tick, POLL_MS);
  };
  watch.timer = setTimeout(tick, POLL_MS);
}

function stopWatching() {
  if (state.watching) clearTimeout(state.watching.timer);
  state.watching = null;
  setBusy(Boolean(state.streaming));
}

function setBusy(busy) {
  const answering = busy || Boolean(state.streaming) || Boolean(state.watching);
  const was = !ui.stop.hidden;
  ui.send.hidden = answering;
  ui.stop.hidden = !answering;
  // The Stop button vanishes when the answer ends; keep the focus it had in the composer.
  if (was && !answering && (document.activeElement === document.body || document.activeElement === ui.stop)) {
    ui.input.focus({ preventScroll: true });
  }
}

/** Back from the background (a locked phone, another tab): show what the server has now. */
function returned() {
  if (document.visibilityState !== 'visible') return;
  if (isOffline()) probe();
  if (state.view === 'chat' && state.current && !state.streaming) {
    openConversation(state.current.id, { quiet: true });
  }
}

document.addEventListener('visibilitychange', returned);
window.addEventListener('pageshow', (ev) => { if (ev.persisted) returned(); });
document.addEventListener('resume', returned);

// ---------------------------------------------------------------- composer

function autosize() {
  ui.input.style.height = 'auto';
  ui.input.style.height = Math.min(ui.input.scrollHeight + 2, Math.round(window.innerHeight * 0.4)) + 'px';
}

ui.composer.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const text = ui.input.value.trim();
  if (!text || state.streaming || state.watching) return;
  ui.input.value = '';
  autosize();
  submit(text);
});
ui.input.addEventListener('input', autosize);
ui.input.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
    ev.preventDefault();
    ui.composer.requestSubmit();
  }
});
ui.stop.addEventListener('click', () => {
  stop();
  ui.input.focus({ preventScroll: true });
});

// ---------------------------------------------------------------- conversation actions

function openMenu(open) {
  ui.menu.hidden = !open;
  ui.menuButton.setAttribute('aria-expanded', String(open));
  if (open) ui.menu.querySelector('button').focus();
}

ui.menuButton.addEventListener('click', () => openMenu(ui.menu.hidden));
ui.menu.addEventListener('keydown', (ev) => {
  const items = [...ui.menu.querySelectorAll('button')];
  const at = items.indexOf(document.activeElement);
  if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
    ev.preventDefault();
    items[(at + (ev.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length].focus();
  } else if (ev.key === 'Escape') {
    openMenu(false);
    ui.menuButton.focus();
  } else if (ev.key === 'Tab') {
    openMenu(false);
  }
});
document.addEventListener('click', (ev) => {
  if (!ui.menu.hidden && !ev.target.closest('.menu-wrap')) openMenu(false);
});
ui.menu.addEventListener('click', (ev) => {
  const item = ev.target.closest('[data-action]');
  if (!item || !state.current) return;
  openMenu(false);
  ({ rename, export: exportMarkdown, delete: remove })[item.dataset.action](state.current.id);
});

/** A modal dialog; resolves to the input's value (or true), or null when cancelled. */
function dialog({ title, text = '', value = null, ok = 'OK', danger = false }) {
  const d = ui.dialog;
  $('dialog-title').textContent = title;
  $('dialog-text').textContent = text;
  $('dialog-text').hidden = !text;
  const input = $('dialog-input');
  input.hidden = value === null;
  $('dialog-label').hidden = value === null;
  input.value = value || '';
  input.required = value !== null;
  const okButton = $('dialog-ok');
  okButton.textContent = ok;
  okButton.classList.toggle('danger', danger);
  const opener = document.activeElement;
  return new Promise((resolve) => {
    d.addEventListener('close', () => {
      if (opener && opener.isConnected) opener.focus();
      else ui.title.focus();
      resolve(d.returnValue === 'ok' ? (value === null ? true : input.value.trim()) : null);
    }, { once: true });
    d.returnValue = '';
    d.showModal();
    if (value !== null) input.select();
  });
}

async function rename(id) {
  const current = state.sessions.find((s) => s.id === id);
  const title = await dialog({ title: 'Rename conversation', value: current ? current.title : ui.title.textContent, ok: 'Rename' });
  if (!title) return;
  try {
    const res = await api('/api/sessions/' + encodeURIComponent(id), json({ title }, 'PATCH'));
    const summary = await res.json();
    state.sessions = state.sessions.map((s) => (s.id === id ? { ...s, title: summary.title } : s));
    if (state.current && state.current.id === id) {
      state.current.title = summary.title;
      setTitle(summary.title);
    }
    renderList();
    announce('Renamed to ' + summary.title);
    api('/api/sessions').catch(() => {});
  } catch (e) {
    toast('Could not rename: ' + e.message);
  }
}

function exportMarkdown(id) {
  if (isOffline()) {
    toast('Export needs a connection.');
    return;
  }
  const a = el('a');
  a.href = '/api/sessions/' + encodeURIComponent(id) + '/export';
  a.download = 'conversation-' + id + '.md';
  document.body.append(a);
  a.click();
  a.remove();
}

async function remove(id) {
  const s = state.sessions.find((x) => x.id === id);
  const ok = await dialog({ title: 'Delete conversation?',
    text: '“' + (s ? s.title : 'This conversation') + '” and its answers will be deleted for good.', ok: 'Delete', danger: true });
  if (!ok) return;
  try {
    await api('/api/sessions/' + encodeURIComponent(id), { method: 'DELETE' });
  } catch (e) {
    if (e.status !== 404) {
      toast('Could not delete: ' + e.message);
      return;
    }
  }
  if (window.caches) caches.open('ra-data-v1').then((c) => c.delete('/api/sessions/' + id)).catch(() => {});
  state.sessions = state.sessions.filter((x) => x.id !== id);
  saveOutbox(outbox().filter((o) => o.sessionId !== id));
  announce('Conversation deleted.');
  location.hash = '#/new';
  refreshList();
}

// ---------------------------------------------------------------- views, drawer, theme

function showView(view) {
  state.view = view;
  ui.chat.hidden = view !== 'chat';
  ui.library.hidden = view !== 'library';
  ui.composer.hidden = view !== 'chat';
  $('library-link').toggleAttribute('aria-current', view === 'library');
  if (view === 'library') $('library-link').setAttribute('aria-current', 'page');
}

async function showLibrary() {
  stopWatching();
  state.current = null;
  showView('library');
  setTitle('Library');
  ui.menuButton.hidden = true;
  renderList();
  try {
    library = library || await import('./library.js');
    library.mount(ui.library, { api, el, icon, button, announce, toast, dialog, isOffline });
  } catch (e) {
    ui.library.replaceChildren(notice('The library could not be loaded. ' + (isOffline() ? 'You are offline.' : ''), 'note error'));
  }
}

function showNew() {
  stopWatching();
  state.current = null;
  showView('chat');
  setTitle('Research Assistant');
  ui.menuButton.hidden = true;
  const nodes = [welcome(), ...outbox().filter((o) => o.sessionId === null).map(pendingMessage)];
  ui.messages.replaceChildren(...nodes);
  renderList();
  // Not on first load: the skip link stays the first stop for keyboard and screen-reader users.
  if (started && !matchMedia('(pointer: coarse)').matches) ui.input.focus({ preventScroll: true });
}

function route() {
  const hash = location.hash;
  const m = SESSION_PATH.exec(hash);
  if (library && state.view === 'library' && hash !== '#/library') library.unmount();
  if (hash === '#/library') showLibrary();
  else if (m) openConversation(m[1]);
  else showNew();
  setDrawer(false, false);
}

const phone = matchMedia('(max-width: 899px)');

function setDrawer(open, moveFocus = true) {
  const overlay = phone.matches;
  ui.drawer.classList.toggle('open', open && overlay);
  ui.scrim.hidden = !(open && overlay);
  ui.openDrawer.setAttribute('aria-expanded', String(open && overlay));
  ui.drawer.inert = overlay && !open;
  document.querySelector('.main-col').inert = overlay && open;
  if (!overlay || !moveFocus) return;
  if (open) (ui.list.querySelector('[aria-current]') || $('new-chat')).focus();
  else ui.openDrawer.focus();
}

ui.openDrawer.addEventListener('click', () => setDrawer(true));
ui.closeDrawer.addEventListener('click', () => setDrawer(false));
ui.scrim.addEventListener('click', () => setDrawer(false));
ui.drawer.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && phone.matches) setDrawer(false); });
phone.addEventListener('change', () => setDrawer(false, false));

const THEMES = ['system', 'light', 'dark'];
function applyTheme(theme) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  ui.themeLabel.textContent = 'Theme: ' + theme;
  ui.theme.setAttribute('aria-label', 'Theme: ' + theme + '. Change theme');
}
ui.theme.addEventListener('click', () => {
  const now = localStorage.getItem('ra.theme') || 'system';
  const next = THEMES[(THEMES.indexOf(now) + 1) % THEMES.length];
  localStorage.setItem('ra.theme', next);
  applyTheme(next);
});

/** Keeps the composer above the on-screen keyboard where the browser does not resize for it. */
if (window.visualViewport) {
  const fit = () => document.documentElement.style.setProperty('--vvh', window.visualViewport.height + 'px');
  window.visualViewport.addEventListener('resize', fit);
  fit();
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  // Trusted Types: the one script URL this page may hand to the browser.
  const policy = window.trustedTypes
    ? window.trustedTypes.createPolicy('ra', { createScriptURL: (u) => { if (u !== '/sw.js') throw new TypeError(u); return u; } })
    : null;
  navigator.serviceWorker.register(policy ? policy.createScriptURL('/sw.js') : '/sw.js', { scope: '/' })
    .catch(() => { /* no offline mode (private window, old browser); the app still works */ });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Now that requests go through the worker, store the open conversation for offline reading.
    refreshList();
    if (state.current) api('/api/sessions/' + state.current.id).catch(() => {});
  });
}

// ---------------------------------------------------------------- start

// The skip link focuses the message box without touching the address (the hash is the route).
document.querySelector('.skip').addEventListener('click', (ev) => {
  ev.preventDefault();
  if (ui.composer.hidden) location.hash = '#/new';
  ui.input.focus();
});

applyTheme(localStorage.getItem('ra.theme') || 'system');
window.addEventListener('hashchange', route);
setDrawer(false, false);
updateNetwork();
route();
started = true;
refreshList().then(() => {
  flushOutbox();
  performance.mark('ra-interactive');
  document.documentElement.dataset.ready = 'true';
});
registerServiceWorker();
