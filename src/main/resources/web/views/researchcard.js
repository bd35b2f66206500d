// A research job in the conversation: the progress card (plan, searches, sources found and read,
// what was left out) above the report as it is written, then the stored report's tools (exports)
// and its sources panel, where each source outside the library can be added to it. Everything
// shown comes from the job's events or the stored turn, so it goes in as text (or through md.js).
import { safeUrl } from '../md.js';
import { countsLine, ended, howRead, liveAnswer, notesOf, stageOf } from '../research.js';
import { button, el, icon } from './dom.js';
import { answerArticle, paintAnswer } from './messages.js';
import { build as buildAnswerPanel, documentHref } from './panels.js';

const DEPTH_LABELS = { quick: 'Quick', standard: 'Standard', deep: 'Deep' };
const KIND_LABELS = { paper: 'Paper', web: 'Web page', library: 'Your library' };

/** What the sources panel needs to add a source to the library: request(path, options), toast, announce. */
let deps = { request: null, toast: () => {}, announce: () => {} };
const kept = new Map(); // "job/n" -> the library document's id, for panels built again

export function configure(given) {
  deps = given;
}

function depthLabel(depth) {
  return (DEPTH_LABELS[depth] || depth) + ' research';
}

/** A running (or just ended) job's card: an answer article with the progress above its text. */
export function progressCard(job, { onStop }) {
  const article = answerArticle(liveAnswer(job));
  article.classList.add('research', 'running');
  article.dataset.panels = 'research';
  article.setAttribute('aria-label', 'Research report');
  const progress = el('section', 'rp');
  progress.setAttribute('aria-label', 'Research progress');
  const head = el('div', 'rp-head');
  const kind = el('span', 'rp-kind');
  kind.append(icon('research'), el('span', 'rp-depth'));
  const stop = button('Stop', 'btn small rp-stop', onStop, 'stop');
  stop.setAttribute('aria-label', 'Stop the research (what is written stays)');
  head.append(kind, el('span', 'rp-stage'), stop);
  const plan = el('details', 'rp-plan');
  plan.open = true;
  plan.append(el('summary', 'rp-plan-title', 'Plan'), el('ol', 'rp-questions'));
  plan.hidden = true;
  const counts = el('div', 'rp-counts');
  const meter = el('progress', 'rp-meter');
  meter.hidden = true;
  counts.append(el('p', 'rp-count-text'), meter);
  progress.append(head, plan, counts, el('ul', 'rp-notes'));
  article.prepend(progress);
  paintCard(article, job);
  return article;
}

/** Draws the card from the job's state. */
export function paintCard(article, job) {
  const q = (css) => article.querySelector(css);
  q('.rp-depth').textContent = depthLabel(job.depth);
  const stage = stageOf(job);
  q('.rp-stage').textContent = stage.label;
  q('.rp-stage').dataset.stage = stage.stage;
  const stop = q('.rp-stop');
  stop.hidden = ended(job) || !job.id;
  stop.disabled = job.stopping;
  paintPlan(q('.rp-plan'), job);
  const counts = countsLine(job);
  q('.rp-count-text').textContent = counts;
  q('.rp-counts').hidden = !counts;
  const meter = q('.rp-meter');
  meter.hidden = !job.readOf;
  meter.max = Math.max(1, job.readOf);
  meter.value = Math.min(job.readDone, job.readOf);
  meter.setAttribute('aria-label', 'Sources read: ' + Math.min(job.readDone, job.readOf) + ' of ' + job.readOf);
  q('.rp-notes').replaceChildren(...notesOf(job).map(([kind, text]) => el('li', 'rp-note ' + kind, text)));
  article.classList.toggle('running', !ended(job));
  paintAnswer(article, liveAnswer(job));
  article.toggleAttribute('aria-busy', !ended(job));
}

function paintPlan(details, job) {
  details.hidden = !job.subQuestions.length;
  const n = job.subQuestions.length;
  details.querySelector('summary').textContent = 'Plan · ' + (n === 1 ? '1 sub-question' : n + ' sub-questions');
  const written = new Set(job.sections.filter((s) => s.done).map((s) => s.title));
  const items = job.subQuestions.map((question, i) => {
    const state = written.has(question) ? 'written' : job.searches[i] !== undefined ? 'searched' : '';
    const li = el('li', 'rp-question', question);
    li.dataset.state = state;
    if (state) li.append(el('span', 'rp-state', state === 'written' ? ' · written' : ' · searched'));
    return li;
  });
  details.querySelector('ol').replaceChildren(...items);
  // the report takes the room once it is written; the plan stays a tap away
  if (job.stage === 'write' && !details.dataset.folded) {
    details.dataset.folded = 'true';
    details.open = false;
  }
}

/**
 * A stored report (an answer article of a research turn) with what a report has beyond an answer:
 * its depth, its exports and a sources panel that keeps sources in the library.
 */
export function decorateReport(article, summary) {
  article.classList.add('research');
  article.dataset.panels = 'research';
  article.dataset.job = summary.id;
  article.setAttribute('aria-label', 'Research report');
  article.querySelector('.rp-done')?.remove();
  article.querySelector('.research-tools')?.remove();
  const head = el('p', 'rp-done');
  head.append(icon('research'), depthLabel(summary.depth));
  article.prepend(head);
  const tools = el('div', 'research-tools');
  // short labels, so both fit on one line of a phone; the accessible names say what each holds
  tools.append(download('Markdown', 'Export the report as Markdown', '/api/research/' + summary.id + '/report.md',
    'research-' + summary.id + '.md'),
  download('BibTeX', 'Export the references as BibTeX', '/api/research/' + summary.id + '/references.bib',
    'research-' + summary.id + '.bib'));
  article.querySelector('.panel-toggles').after(tools);
}

function download(label, name, href, file) {
  const a = el('a', 'btn small');
  a.href = href;
  a.download = file;
  a.setAttribute('aria-label', name);
  a.title = name;
  a.append(icon('download'), label);
  return a;
}

/** A job that failed before it stored a report, where its question stands. */
export function failedCard(job) {
  const article = el('article', 'msg assistant research failed');
  article.setAttribute('aria-label', 'Research report');
  const head = el('p', 'rp-done');
  head.append(icon('research'), depthLabel(job.depth));
  article.append(head, el('p', 'note error', 'The research failed: ' + (job.failure || 'the server gave no reason.')));
  return article;
}

/** Builds a research article's panel: its sources here, its reasoning and trace as an answer's. */
export function build(kind, model, region, uid) {
  if (kind !== 'sources') {
    buildAnswerPanel(kind, model, region, uid);
    return;
  }
  region.replaceChildren();
  const job = region.closest('article')?.dataset.job || '';
  if (!model.sources.length) {
    region.append(el('p', 'note', 'No sources yet.'));
    return;
  }
  const ol = el('ol', 'sources research-sources');
  ol.setAttribute('aria-label', 'Sources of the report');
  for (const s of model.sources) ol.append(sourceItem(s, job, uid));
  region.append(ol);
}

function sourceItem(s, job, uid) {
  const item = el('li', 'source rsource');
  item.id = 'src-' + uid + '-' + s.n;
  item.dataset.n = String(s.n);
  item.tabIndex = -1;
  const head = el('div', 'source-head');
  head.append(el('span', 'source-n', s.n), el('span', 'source-title', s.title));
  item.append(head);
  const meta = [KIND_LABELS[s.kind] || s.kind, s.location, howRead(s.read)].filter(Boolean).join(' · ');
  item.append(el('div', 'source-meta', meta));
  if (s.snippet) item.append(el('blockquote', 'source-snippet', s.snippet));
  const actions = el('div', 'rsource-actions');
  const link = open(s);
  if (link) actions.append(link);
  if (job && s.kind !== 'library') actions.append(keepButton(job, s));
  if (actions.childElementCount) item.append(actions);
  return item;
}

/** A source's Open: the source viewer, at the library's entry or the source's address when it cannot open. */
function open(s) {
  if (s.kind === 'library') {
    if (!s.documentId) return null;
    const a = el('a', 'btn small open-doc', 'Open');
    a.href = documentHref(s.documentId);
    a.dataset.view = String(s.n); // the viewer opens it (views/messages.js); the address is the fallback
    a.setAttribute('aria-label', 'Open ' + s.title + ' in the library');
    return a;
  }
  const url = safeUrl(String(s.documentId || ''));
  if (!url) return null;
  const a = el('a', 'btn small open-doc');
  a.href = url;
  a.dataset.view = String(s.n); // the viewer shows what was read of it, with its link out
  a.target = '_blank';
  a.rel = 'noopener noreferrer nofollow';
  a.append(icon('external'), 'Open');
  a.setAttribute('aria-label', 'Open ' + s.title + ' (' + new URL(url).host + ')');
  return a;
}

function inLibrary(documentId) {
  const a = el('a', 'btn small ghost kept', 'In your library');
  a.href = documentHref(documentId);
  return a;
}

function keepButton(job, s) {
  const key = job + '/' + s.n;
  if (kept.has(key)) return inLibrary(kept.get(key));
  const b = button('Add to library', 'btn small keep', null, 'plus');
  b.setAttribute('aria-label', 'Add “' + s.title + '” to your library');
  b.addEventListener('click', async () => {
    b.disabled = true;
    b.lastChild.textContent = 'Adding…';
    try {
      const res = await deps.request('/api/research/' + encodeURIComponent(job) + '/sources/' + s.n + '/library',
        { method: 'POST' });
      const doc = await res.json();
      kept.set(key, doc.id);
      b.replaceWith(inLibrary(doc.id));
      deps.announce('Added “' + s.title + '” to your library.');
    } catch (e) {
      b.disabled = false;
      b.lastChild.textContent = 'Add to library';
      deps.toast(e.code === 'already_in_library' ? 'This source is in your library already.'
        : 'Could not add it to the library: ' + e.message);
    }
  });
  return b;
}
