// The conversation: questions, answers (painted from their state), the outbox's messages, the
// welcome page and the answers' panels (their code loads on first use).
import { render } from '../md.js';
import { removedNote, verdictMarks } from '../state.js';
import { el, button } from './dom.js';

const PANEL_ORDER = ['sources', 'reasoning', 'trace'];

const shown = new WeakMap(); // article -> the answer it shows, for the panels built later
let uid = 0;
/** Where each kind of article's panels come from (article.dataset.panels; an answer's by default). */
const panelModules = { answer: () => import('./panels.js') };

/**
 * Another kind of article (data-panels="name") builds its panels with the module {@code load}
 * resolves to: build(kind, answer, region, uid), as views/panels.js.
 */
export function registerPanels(name, load) {
  panelModules[name] = load;
}
let viewer = null; // the source viewer's module, once loaded

export function userArticle(text) {
  const article = el('article', 'msg user');
  article.setAttribute('aria-label', 'You said');
  article.append(el('div', 'bubble', text));
  return article;
}

export function pendingArticle(item) {
  const article = userArticle(item.text);
  article.classList.add('pending');
  article.dataset.outbox = item.id;
  article.append(el('p', 'pending-note', 'Waiting for the connection; it will be sent automatically.'));
  return article;
}

export function removePending(container, id) {
  container.querySelector(`[data-outbox="${CSS.escape(id)}"]`)?.remove();
}

export function writingArticle() {
  const article = el('article', 'msg assistant writing');
  article.setAttribute('aria-label', 'Answer');
  article.append(el('p', 'note', 'The answer is still being written on the server; it will appear here.'));
  return article;
}

export function notice(text, className) {
  return el('p', className, text);
}

/** The new-conversation page; its suggestions come with {@link showSuggestions}, from the library. */
export function welcome() {
  const box = el('div', 'welcome');
  box.append(el('h2', '', 'What would you like to research?'),
    el('p', 'muted', 'Answers stream as they are written and cite the documents in your library.'),
    el('div', 'suggestions'));
  const library = el('p', 'muted small welcome-library');
  const link = el('a', '', 'Open your library');
  link.href = '#/library';
  library.append(link, ' to upload papers and notes.');
  box.append(library);
  return box;
}

/**
 * Questions about the library's documents for {@code onPick(question)}; for an empty library, the
 * offer to load the samples ({@code onLoadSamples}) instead.
 */
export function showSuggestions(box, questions, { onPick, onLoadSamples }) {
  const list = box.querySelector('.suggestions');
  if (questions.length) {
    list.replaceChildren(...questions.map((q) => button(q, 'suggestion', () => onPick(q))));
    return;
  }
  const offer = el('div', 'empty-library');
  offer.append(el('p', '', 'Your library is empty. Answers cite your own documents: try it with four short'
    + ' sample texts, or upload your papers and notes.'), button('Load the sample library', 'btn primary', onLoadSamples,
    'book'));
  list.replaceChildren(offer);
}

export function answerArticle(answer) {
  const article = el('article', 'msg assistant');
  article.setAttribute('aria-label', 'Answer');
  article.dataset.uid = String(++uid);
  article.append(el('div', 'md'), el('div', 'notes'), el('div', 'panel-toggles'), el('div', 'panel-area'));
  paintAnswer(article, answer);
  return article;
}

export function answerOf(article) {
  return shown.get(article);
}

/** Draws an answer from its state. */
export function paintAnswer(article, answer) {
  shown.set(article, answer);
  const md = article.querySelector('.md');
  md.replaceChildren(render(answer.content, answer.sources.map((x) => x.n), verdictMarks(answer)).fragment);
  if (answer.streaming) {
    const caret = el('span', 'caret');
    caret.setAttribute('aria-hidden', 'true');
    (md.lastElementChild && /^(P|LI|H\d)$/.test(md.lastElementChild.tagName) ? md.lastElementChild : md).append(caret);
  }
  article.toggleAttribute('aria-busy', answer.streaming);
  article.querySelector('.notes').replaceChildren(...notes(answer));
  paintToggles(article, answer);
}

function notes(answer) {
  const out = [];
  if (answer.streaming && !answer.content) {
    out.push(el('p', 'note thinking', answer.plan && answer.plan.expertiseLabel
      ? 'Thinking as ' + answer.plan.expertiseLabel.toLowerCase() + '…' : 'Thinking…'));
  }
  for (const n of answer.safety) out.push(el('p', 'note warn', n.message));
  if (answer.status === 'partial' && !answer.error) {
    out.push(el('p', 'note', 'This answer was stopped before the end.'));
  }
  if (answer.status === 'notice') out.push(el('p', 'note', 'This is a notice from the server, not a model answer.'));
  for (const n of answer.notes) out.push(el('p', 'note', n));
  if (removedNote(answer)) out.push(el('p', 'note', removedNote(answer)));
  if (answer.error) {
    const box = el('div', 'note error');
    box.append(el('span', '', answer.error.message));
    if (answer.error.retryable && !answer.streaming) {
      const retry = button('Retry', 'btn small', null, 'retry');
      retry.dataset.action = 'retry';
      box.append(retry);
    }
    out.push(box);
  }
  return out;
}

function paintToggles(article, answer) {
  const bar = article.querySelector('.panel-toggles');
  const wanted = [];
  if (answer.sources.length) wanted.push(['sources', 'Sources · ' + answer.sources.length]);
  const reasoning = answer.trace && answer.trace.reasoning;
  if (reasoning && (reasoning.hypothesis || (reasoning.evidence || []).length)) wanted.push(['reasoning', 'Reasoning']);
  if (answer.trace && answer.trace.steps && answer.trace.steps.length) wanted.push(['trace', 'Trace']);
  for (const [kind, label] of wanted) {
    let b = bar.querySelector(`[data-panel="${kind}"]`);
    if (!b) {
      b = button(label, 'chip');
      b.dataset.panel = kind;
      b.setAttribute('aria-expanded', 'false');
      bar.append(b);
    } else if (b.textContent !== label) {
      b.textContent = label;
    }
  }
}

/** Opens or closes an answer's panel, built on first open; resolves to its region or null. */
export async function togglePanel(article, kind, forceOpen, { offline, toast }) {
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
    const after = [...area.children].find((c) => PANEL_ORDER.indexOf(c.dataset.panel) > PANEL_ORDER.indexOf(kind));
    area.insertBefore(region, after || null);
    try {
      const panels = await (panelModules[article.dataset.panels] || panelModules.answer)();
      panels.build(kind, answerOf(article), region, article.dataset.uid);
    } catch (e) {
      region.remove();
      b.setAttribute('aria-expanded', 'false');
      toast('The panel could not be loaded. ' + (offline() ? 'You are offline.' : 'Please try again.'));
      return null;
    }
  }
  if (region) region.hidden = !open;
  return region;
}

/** Shows or hides the reason next to a verdict mark. */
function toggleVerdict(mark) {
  const open = mark.getAttribute('aria-expanded') !== 'true';
  mark.setAttribute('aria-expanded', String(open));
  const why = mark.nextElementSibling;
  if (why) why.hidden = !open;
}

/**
 * Clicks on citations (the source viewer at theirs; an earlier turn's opens the sources at it),
 * the sources' Open (the viewer), verdict marks (their reason), panel buttons and Retry.
 * {@code request(path)} is the API's fetch and {@code main} the conversation's scroller, for the viewer.
 */
export function wireMessages(container, { onRetry, offline, toast, request, main }) {
  container.addEventListener('click', async (ev) => {
    const article = ev.target.closest('article.msg');
    if (!article) return;
    const retry = ev.target.closest('[data-action="retry"]');
    const chip = ev.target.closest('.panel-toggles [data-panel]');
    const cite = ev.target.closest('a.cite') || nearestCite(ev.target.closest('.cites'), ev.clientX);
    const verdict = ev.target.closest('button.verdict');
    const openDoc = ev.target.closest('a.open-doc[data-view]');
    const viewing = { offline, toast, request, main };
    if (verdict) {
      toggleVerdict(verdict);
    } else if (retry) {
      onRetry(article);
    } else if (chip) {
      togglePanel(article, chip.dataset.panel, false, { offline, toast });
    } else if (openDoc) {
      ev.preventDefault();
      await openSource(article, openDoc.dataset.view, openDoc, viewing);
    } else if (cite) {
      ev.preventDefault();
      if (await openSource(article, cite.dataset.n, cite, viewing)) return;
      const region = await togglePanel(article, 'sources', true, { offline, toast });
      const item = region && region.querySelector(`[data-n="${CSS.escape(cite.dataset.n)}"]`);
      if (item) flash(item);
    }
  });
}

/** Opens source {@code n} of the answer in the viewer; false when it is not one the viewer opens. */
async function openSource(article, n, opener, { offline, toast, request, main }) {
  const source = (answerOf(article).sources || []).find((s) => String(s.n) === String(n));
  if (!source || source.kind === 'memory') return false;
  try {
    viewer = viewer || await import('./viewer.js');
  } catch (e) {
    toast('The source viewer could not be loaded. ' + (offline() ? 'You are offline.' : 'Please try again.'));
    return true;
  }
  return viewer.open(source, opener, { request, offline, main });
}

/**
 * A tap on a citation group's enlarged hit area (.cites::after, 44 px) lands on the group: the
 * marker it meant is the one nearest the tap.
 */
function nearestCite(group, x) {
  if (!group) return null;
  let best = null;
  let distance = Infinity;
  for (const cite of group.querySelectorAll('a.cite')) {
    const r = cite.getBoundingClientRect();
    const d = Math.abs(x - (r.left + r.width / 2));
    if (d < distance) {
      best = cite;
      distance = d;
    }
  }
  return best;
}

function flash(item) {
  const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
  item.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  item.focus({ preventScroll: true });
  item.classList.remove('flash');
  void item.offsetWidth; // restarts the animation
  item.classList.add('flash');
}
