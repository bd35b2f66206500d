// Research Assistant web app: wiring only. Untrusted text (model output, documents, titles)
// reaches the page only as text nodes or through md.js; the CSP enforces Trusted Types.
import { Api } from './api.js';
import { createAnswers } from './answers.js';
import { createConversations } from './conversations.js';
import { Network } from './network.js';
import { Outbox, bannerText } from './outbox.js';
import { hasResearch, initialState } from './state.js';
import { wireMessages } from './views/messages.js';
import { createPage, findUi } from './views/page.js';
import { fitViewport, wireComposer, wireDrawer, wireMenu, wireSkipLink, wireTheme } from './views/shell.js';

const page = createPage(findUi());
const ui = page.ui;
const ctx = { app: initialState(), page, storage: localStorage };
const showNetwork = () => {
  const offline = ctx.network.offline();
  page.showNetwork(offline, bannerText(offline, ctx.outbox.items().length));
};
ctx.network = new Network({ onChange: showNetwork, onReconnect: reconnected });
ctx.outbox = new Outbox(localStorage, showNetwork);
ctx.api = new Api(ctx.network);
ctx.answers = createAnswers(ctx);
ctx.conversations = createConversations(ctx);
ctx.setDrawer = wireDrawer(ui);
ctx.pickQuestion = wireComposer(ui, {
  onSubmit: (text) => {
    if (ctx.research && ctx.research.active()) return ctx.research.start(text);
    if (!ctx.answers.ready()) return false;
    ctx.answers.submit(text);
    return true;
  },
  onStop: () => ctx.answers.stop(),
});
const { app, answers, conversations, network } = ctx;

async function reconnected() {
  if (ctx.research) ctx.research.resume();
  await ctx.conversations.refreshList();
  await ctx.answers.flushOutbox();
  if (ctx.app.view === 'chat' && ctx.app.current && !ctx.app.streaming) {
    ctx.conversations.open(ctx.app.current.id, { quiet: true });
  }
}

/** Back from a locked phone or another tab: show what the server has now. */
function returned() {
  if (document.visibilityState !== 'visible') return;
  if (network.offline()) network.probe();
  if (app.view === 'chat' && app.current && !app.streaming) conversations.open(app.current.id, { quiet: true });
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  // Trusted Types: the one script URL this page may hand to the browser.
  const onlyTheWorker = (url) => {
    if (url !== '/sw.js') throw new TypeError(url);
    return url;
  };
  const policy = window.trustedTypes && window.trustedTypes.createPolicy('ra', { createScriptURL: onlyTheWorker });
  navigator.serviceWorker.register(policy ? policy.createScriptURL('/sw.js') : '/sw.js', { scope: '/' })
    .catch(() => { /* no offline mode (private window, old browser); the app still works */ });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Now that requests go through the worker, store the open conversation for offline reading.
    conversations.refreshList();
    if (app.current) ctx.api.request('/api/sessions/' + app.current.id).catch(() => {});
  });
}

/** Finding conversations: the search module loads on the first keystroke. */
ui.search.addEventListener('input', async () => {
  if (ctx.search) return;
  ctx.search = true;
  const { wire } = await import('./views/search.js');
  ctx.search = wire(ui.search, ui.list, { request: (p) => ctx.api.request(p), restore: conversations.refreshList });
}, { once: true });

/** Dictation where the browser recognises speech; the button stays hidden elsewhere. */
if (window.SpeechRecognition || window.webkitSpeechRecognition) {
  ui.mic.hidden = false;
  ui.mic.addEventListener('click', async () => {
    ctx.dictation = ctx.dictation
      || (await import('./views/dictation.js')).createDictation(ui.input, ui.mic, { toast: page.toast });
    ctx.dictation.toggle();
  });
}
ui.scopeChip.addEventListener('click', () => conversations.act('scope'));

/** Research jobs: their code loads on the first tap of Research, or for a conversation that has one. */
async function research() {
  ctx.research = ctx.research || (await import('./views/research.js')).createResearch(ctx);
  return ctx.research;
}
const pendingResearch = () => {
  try {
    return JSON.parse(localStorage.getItem('ra.research') || '{}');
  } catch (e) {
    return {};
  }
};
ui.research.addEventListener('click', async () => (await research()).toggle());
ctx.shown = (session) => {
  if (ctx.research || hasResearch(session, pendingResearch())) research().then((r) => r.show(session));
};

wireMessages(ui.messages, { onRetry: answers.retry, offline: () => network.offline(), toast: page.toast,
  request: (path, options) => ctx.api.request(path, options), main: ui.main });
wireMenu(ui, conversations.act);
wireTheme(ui, localStorage);
wireSkipLink(ui);
fitViewport();
window.addEventListener('offline', () => network.wentOffline());
window.addEventListener('online', () => network.wentOnline());
document.addEventListener('visibilitychange', returned);
window.addEventListener('pageshow', (ev) => { if (ev.persisted) returned(); });
document.addEventListener('resume', returned);
window.addEventListener('hashchange', conversations.route);

ctx.setDrawer(false, false);
showNetwork();
conversations.route();
app.started = true;
conversations.refreshList().then(() => {
  answers.flushOutbox();
  performance.mark('ra-interactive');
  document.documentElement.dataset.ready = 'true';
});
registerServiceWorker();
