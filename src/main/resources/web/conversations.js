// Conversations and the views between them (the library's code loads on first visit); the menu's
// rename, export and delete.
import { json } from './api.js';
import { conversationItems, renamedSession, suggestionsFor, withSession, withoutSession } from './state.js';
import { button } from './views/dom.js';
import { renderList } from './views/list.js';
import * as views from './views/messages.js';

const PREFETCH_LIMIT = 10;
const SESSION_PATH = /^#\/c\/([A-Za-z0-9_-]{1,100})$/;
/** A document's entry in the library: where a source's "Open" leads (views/panels.js documentHref). */
const DOCUMENT_PATH = /^#\/library\/d\/([A-Za-z0-9_-]{1,100})$/;
/** Views whose code loads when first opened: #/devices, #/collections, #/link/CODE (a scanned pairing link). */
const EXTRA_PATH = /^#\/(devices|collections|link)(?:\/([A-Za-z0-9-]{1,20}))?$/;

/** {@code ctx}: app (state), api, page, outbox, network, answers, storage, setDrawer, pickQuestion. */
export function createConversations(ctx) {
  const { app, api, page, outbox, network, storage } = ctx;
  const ui = page.ui;
  let library = null; // the library module, once loaded
  let extra = null; // the open extra view's module

  async function refreshList() {
    try {
      const res = await api.request('/api/sessions');
      app.sessions = (await res.json()).sessions;
      const mine = app.current && app.view === 'chat' && app.sessions.find((s) => s.id === app.current.id);
      if (mine && mine.title && mine.title !== app.current.title) {
        app.current = { ...app.current, title: mine.title };
        page.setTitle(mine.title);
      }
      showList();
      prefetch();
    } catch (e) {
      if (!app.sessions.length) showList();
    }
  }

  function showList() {
    if (ctx.search && ctx.search.active && ctx.search.active()) return; // search results stand in for the list
    renderList(ui.list, app.sessions, app.view === 'chat' && app.current ? app.current.id : null);
  }

  /** Keeps the most recent conversations in the service worker's cache for offline reading. */
  function prefetch() {
    if (!navigator.serviceWorker || !navigator.serviceWorker.controller || network.offline()) return;
    let seen = {};
    try {
      seen = JSON.parse(storage.getItem('ra.prefetched') || '{}');
    } catch (e) { /* start over */ }
    const recent = app.sessions.slice(0, PREFETCH_LIMIT);
    const todo = recent.filter((s) => seen[s.id] !== s.updatedAt);
    const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 500));
    idle(async () => {
      for (const s of todo) {
        try {
          await api.request('/api/sessions/' + s.id);
          seen[s.id] = s.updatedAt;
        } catch (e) {
          return;
        }
      }
      const keep = {};
      recent.forEach((s) => { if (seen[s.id]) keep[s.id] = seen[s.id]; });
      storage.setItem('ra.prefetched', JSON.stringify(keep));
    });
  }

  async function create() {
    const session = await (await api.request('/api/sessions', json({}))).json();
    app.sessions = withSession(app.sessions, { id: session.id, title: session.title, updatedAt: session.updatedAt,
      createdAt: session.createdAt, messageCount: 0 });
    showList();
    return session;
  }

  function adopt(id) {
    app.current = { id, title: 'New conversation', messages: [], answering: false };
    history.replaceState(null, '', '#/c/' + id);
    page.setTitle(app.current.title);
    ui.menuButton.hidden = false;
    showList();
  }

  async function open(id, { quiet = false } = {}) {
    showView('chat');
    const switching = !app.current || app.current.id !== id;
    if (switching) {
      ctx.answers.stopWatching();
      app.current = { id, title: '', messages: [], answering: false };
      ui.messages.replaceChildren(views.notice('Loading the conversation…', 'loading'));
      page.setTitle('Conversation');
    }
    ui.menuButton.hidden = false;
    showList();
    let session;
    try {
      session = await (await api.request('/api/sessions/' + encodeURIComponent(id))).json();
    } catch (e) {
      if (location.hash === '#/c/' + id) failedToOpen(id, e, switching || !quiet);
      return;
    }
    if (location.hash !== '#/c/' + id || (app.streaming && app.streaming.sessionId === id)) return;
    storage.setItem('ra.last', id);
    show(session, quiet && !switching);
    if (!quiet && switching) page.focusTitle();
    showScope(id);
    if (session.answering) ctx.answers.watch(id);
    else if (app.watching && app.watching.sessionId === id) ctx.answers.stopWatching();
  }

  function failedToOpen(id, error, visibly) {
    if (error.status === 404) {
      app.sessions = withoutSession(app.sessions, id);
      showList();
      ui.messages.replaceChildren(views.notice('This conversation no longer exists.', 'note'));
    } else if (visibly) {
      const box = views.notice(error.message, 'note error');
      box.append(button('Try again', 'btn', () => open(id)));
      ui.messages.replaceChildren(box);
    }
  }

  /**
   * A conversation as the server sent it, and what waits for it in the outbox. Shown `again` (back
   * from a lock, a reconnection), running research cards stay, and so does the reader's place
   * unless they were at the end.
   */
  function show(session, again = false) {
    app.current = session;
    page.setTitle(session.title || 'New conversation');
    const nodes = conversationItems(session).map((item) => {
      const node = item.kind === 'user' ? views.userArticle(item.text)
        : item.kind === 'answer' ? views.answerArticle(item.answer) : views.writingArticle();
      const id = item.kind === 'user' ? item.id : item.answer && item.answer.id;
      if (id) node.dataset.message = id; // where research cards and tools find their turns
      return node;
    });
    if (again) nodes.push(...ui.messages.querySelectorAll(':scope > .msg.research.running'));
    nodes.push(...outbox.forSession(session.id).map(views.pendingArticle));
    if (!nodes.length) nodes.push(welcomePage());
    const following = !again || page.atEnd();
    ui.messages.replaceChildren(...nodes);
    page.scrollToEnd(following);
    if (ctx.shown) ctx.shown(session);
  }

  function showView(view) {
    app.view = view;
    page.showView(view);
  }

  function showNew() {
    ctx.answers.stopWatching();
    app.current = null;
    showView('chat');
    page.setTitle('Research Assistant');
    ui.menuButton.hidden = true;
    ui.messages.replaceChildren(welcomePage(), ...outbox.forSession(null).map(views.pendingArticle));
    showList();
    // Not on first load: the skip link stays the first stop for keyboard and screen-reader users.
    if (app.started && !matchMedia('(pointer: coarse)').matches) ui.input.focus({ preventScroll: true });
  }

  /** The welcome page, its suggestions filled in once the library's documents are known. */
  function welcomePage() {
    const box = views.welcome();
    suggest(box);
    return box;
  }

  async function suggest(box) {
    let documents;
    try {
      documents = (await (await api.request('/api/library/documents')).json()).documents;
    } catch (e) {
      return; // offline: the page keeps its way to the library
    }
    views.showSuggestions(box, suggestionsFor(documents), { onPick: ctx.pickQuestion,
      onLoadSamples: () => loadSamples(box) });
  }

  async function loadSamples(box) {
    try {
      const added = (await (await api.request('/api/library/samples', { method: 'POST' })).json()).documents.length;
      page.announce(added ? 'Loaded ' + added + ' sample documents; questions about them are suggested.'
        : 'The samples are already in your library.');
    } catch (e) {
      page.toast('Could not load the samples: ' + e.message);
      return;
    }
    await suggest(box);
    box.querySelector('.suggestion')?.focus();
  }

  /** A title the server gave the conversation while it answered (the rules' at once, the model's later). */
  function retitle(id, title) {
    if (!title) return;
    app.sessions = renamedSession(app.sessions, id, title);
    if (app.current && app.current.id === id) {
      app.current = { ...app.current, title };
      if (app.view === 'chat') page.setTitle(title);
    }
    showList();
  }

  async function showLibrary(documentId = null) {
    ctx.answers.stopWatching();
    app.current = null;
    showView('library');
    page.setTitle('Library');
    ui.menuButton.hidden = true;
    showList();
    try {
      library = library || await import('./views/library.js');
      library.mount(ui.library, { request: (path, options) => api.request(path, options), announce: page.announce,
        toast: page.toast, dialog: page.dialog, offline: () => network.offline() }, documentId);
    } catch (e) {
      ui.library.replaceChildren(views.notice('The library could not be loaded. '
        + (network.offline() ? 'You are offline.' : ''), 'note error'));
    }
  }

  /** The conversation's library scope, looked up once the person has made a collection. */
  async function showScope(id) {
    ui.scopeBar.hidden = true;
    if (!Number(storage.getItem('ra.collections'))) return;
    const mod = await import('./views/collections.js');
    await mod.showScope(id, ui.scopeChip, deps());
    ui.scopeBar.hidden = ui.scopeChip.hidden || !app.current || app.current.id !== id;
  }

  function deps() {
    return { request: (path, options) => api.request(path, options), announce: page.announce, toast: page.toast,
      dialog: page.dialog, linked: () => { storage.removeItem('ra.last'); refreshList(); } };
  }

  async function showExtra(name, code) {
    ctx.answers.stopWatching();
    app.current = null;
    showView('extra');
    ui.menuButton.hidden = true;
    showList();
    const file = name === 'collections' ? 'collections' : 'devices';
    page.setTitle(file === 'devices' ? 'Linked devices' : 'Collections');
    try {
      extra = await import('./views/' + file + '.js');
      await extra.mount(ui.extra, deps(), code || '');
    } catch (e) {
      ui.extra.replaceChildren(views.notice('This page could not be loaded. ' + e.message, 'note error'));
    }
  }

  /** #/c/{id}, #/library, #/library/d/{id} (a document in the library), #/devices, #/collections, or a new conversation. */
  function route() {
    const hash = location.hash;
    const m = SESSION_PATH.exec(hash);
    const doc = DOCUMENT_PATH.exec(hash);
    const more = EXTRA_PATH.exec(hash);
    if (library && app.view === 'library' && hash !== '#/library' && !doc) library.unmount();
    if (extra && app.view === 'extra') extra.unmount();
    if (more) showExtra(more[1], more[2]);
    else if (hash === '#/library') showLibrary();
    else if (doc) showLibrary(doc[1]);
    else if (m) open(m[1]);
    else showNew();
    ctx.setDrawer(false, false);
  }

  async function rename(id) {
    const current = app.sessions.find((s) => s.id === id);
    const title = await page.dialog({ title: 'Rename conversation', ok: 'Rename',
      value: current ? current.title : ui.title.textContent });
    if (!title) return;
    try {
      const res = await api.request('/api/sessions/' + encodeURIComponent(id), json({ title }, 'PATCH'));
      const summary = await res.json();
      app.sessions = renamedSession(app.sessions, id, summary.title);
      if (app.current && app.current.id === id) {
        app.current = { ...app.current, title: summary.title };
        page.setTitle(summary.title);
      }
      showList();
      page.announce('Renamed to ' + summary.title);
      api.request('/api/sessions').catch(() => {}); // refreshes the offline copy of the list
    } catch (e) {
      page.toast('Could not rename: ' + e.message);
    }
  }

  function exportMarkdown(id, bibtex = false) {
    if (network.offline()) {
      page.toast('Export needs a connection.');
      return;
    }
    const a = document.createElement('a');
    a.href = '/api/sessions/' + encodeURIComponent(id) + '/export' + (bibtex ? '?format=bibtex' : '');
    a.download = (bibtex ? 'references-' : 'conversation-') + id + (bibtex ? '.bib' : '.md');
    document.body.append(a);
    a.click();
    a.remove();
  }

  async function remove(id) {
    const s = app.sessions.find((x) => x.id === id);
    const ok = await page.dialog({ title: 'Delete conversation?', ok: 'Delete', danger: true,
      text: '“' + (s ? s.title : 'This conversation') + '” and its answers will be deleted for good.' });
    if (!ok) return;
    try {
      await api.request('/api/sessions/' + encodeURIComponent(id), { method: 'DELETE' });
    } catch (e) {
      if (e.status !== 404) {
        page.toast('Could not delete: ' + e.message);
        return;
      }
    }
    if (window.caches) caches.open('ra-data-v1').then((c) => c.delete('/api/sessions/' + id)).catch(() => {});
    app.sessions = withoutSession(app.sessions, id);
    outbox.dropSession(id);
    page.announce('Conversation deleted.');
    location.hash = '#/new';
    refreshList();
  }

  async function share(id) {
    (await import('./views/share.js')).open(id, deps());
  }

  async function scope(id) {
    (await import('./views/collections.js')).pickScope(id, ui.scopeChip, deps()).then(() => showScope(id));
  }

  function act(action) {
    if (!app.current) return;
    ({ rename, export: exportMarkdown, references: (id) => exportMarkdown(id, true), delete: remove, share, scope })[
      action](app.current.id);
  }

  return { refreshList, create, adopt, open, show, route, act, retitle };
}
