// The per-answer panels: sources, reasoning chain and execution trace. Loaded on the first
// panel opened, and each panel's DOM is built only when it is opened. Everything shown here
// comes from the model or from documents, so it goes in as text (or through md.js).
import { render } from '../md.js';
import { groupSources } from '../sourcegroups.js';
import { duration, timeline } from '../timeline.js';
import { el } from './dom.js';

/**
 * The document's entry in the library: the address of a source's "Open", whose click opens the
 * source viewer instead (views/messages.js), so it is where a new tab or a failed viewer goes.
 */
export function documentHref(documentId) {
  return '#/library/d/' + encodeURIComponent(documentId);
}

function percent(x) {
  return Math.round(Math.max(0, Math.min(1, Number(x) || 0)) * 100) + ' %';
}

/** Renders a one-line Markdown item: block markers (headings, bullets, quotes) are dropped. */
function inlineMarkdown(text, model) {
  const flat = String(text).split('\n')
    .map((line) => line.replace(/^\s*(#{1,6}\s+|[-*+]\s+|\d{1,9}[.)]\s+|>\s?)/, '').trim())
    .filter(Boolean).join(' ');
  const { fragment } = render(flat, (model.sources || []).map((s) => s.n));
  // a single paragraph reads better inline
  const only = fragment.childNodes.length === 1 && fragment.firstChild.tagName === 'P' ? fragment.firstChild : null;
  if (!only) return fragment;
  const span = el('span');
  span.append(...only.childNodes);
  return span;
}

function sources(model, region, uid) {
  const groups = groupSources(model.sources);
  if (!groups.length) {
    region.append(el('p', 'note', 'No sources were used for this answer.'));
    return;
  }
  const ul = el('ul', 'source-groups');
  for (const g of groups) {
    const li = el('li', 'source-group');
    const head = el('div', 'group-head');
    const titleId = 'src-' + uid + '-' + g.key.replace(/[^A-Za-z0-9_-]/g, '_');
    const title = el('h4', 'source-title', g.title);
    title.id = titleId;
    head.append(title);
    if (g.documentId) {
      // the viewer opens at the group's first passage (views/messages.js); the address is the library's entry
      const open = el('a', 'btn small open-doc', 'Open');
      open.href = documentHref(g.documentId);
      open.dataset.view = String(g.passages[0].n);
      open.setAttribute('aria-label', 'Open ' + g.title + ' where it is cited');
      head.append(open);
    }
    const count = g.passages.length === 1 ? '1 passage' : g.passages.length + ' passages';
    li.append(head);
    if (g.citation) li.append(el('div', 'source-ref', g.citation));
    const link = g.doi ? 'https://doi.org/' + g.doi : g.url;
    if (link && /^https?:\/\//.test(link)) {
      const a = el('a', 'source-link', g.doi ? 'doi:' + g.doi : link);
      a.href = link;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      li.append(a);
    }
    li.append(el('div', 'source-meta', (g.kind === 'memory' ? 'Your earlier messages' : 'Library') + ' · '
      + count));
    const ol = el('ol', 'sources');
    ol.setAttribute('aria-labelledby', titleId);
    for (const p of g.passages) {
      const item = el('li', 'source');
      item.id = 'src-' + uid + '-' + p.n;
      item.dataset.n = String(p.n);
      item.tabIndex = -1;
      const where = el('div', 'source-head');
      where.append(el('span', 'source-n', p.n));
      if (p.location) where.append(el('span', 'source-where', p.location));
      item.append(where);
      if (p.snippet) item.append(el('blockquote', 'source-snippet', p.snippet));
      ol.append(item);
    }
    li.append(ol);
    ul.append(li);
  }
  region.append(ul);
}

function section(region, title, items, model) {
  if (!items || !items.length) return;
  region.append(el('h3', 'panel-h', title));
  const ul = el('ul', 'plain-list');
  for (const item of items) {
    const li = el('li');
    li.append(inlineMarkdown(item, model));
    ul.append(li);
  }
  region.append(ul);
}

function reasoning(model, region) {
  const r = (model.trace && model.trace.reasoning) || null;
  if (!r || (!r.hypothesis && !(r.evidence || []).length)) {
    region.append(el('p', 'note', 'No reasoning was recorded for this answer.'));
    return;
  }
  if (r.hypothesis) {
    region.append(el('h3', 'panel-h', 'Answer in short'));
    const p = el('p');
    p.append(inlineMarkdown(r.hypothesis, model));
    region.append(p);
  }
  section(region, 'Evidence', r.evidence, model);
  if (typeof r.confidence === 'number') {
    region.append(el('h3', 'panel-h', 'Confidence'));
    const row = el('div', 'confidence');
    const meter = el('meter');
    meter.min = 0;
    meter.max = 1;
    meter.low = 0.35;
    meter.high = 0.6;
    meter.optimum = 1;
    meter.value = r.confidence;
    meter.setAttribute('aria-label', 'Confidence');
    row.append(meter, el('span', '', percent(r.confidence)));
    region.append(row);
  }
  section(region, 'Other readings', r.alternatives, model);
  section(region, 'Uncertainty', r.uncertainty, model);
  const safety = (model.trace.safety || []).map((n) => n.message);
  section(region, 'Care notes', safety, model);
}

function summary(t) {
  const p = el('p', 'trace-summary');
  if (t.total === null) {
    p.append('The answer\'s own time was not recorded.');
    return p;
  }
  p.append('Answered in ', el('strong', '', duration(t.total)));
  if (t.firstToken !== null) p.append(' · first words after ', el('strong', '', duration(t.firstToken)));
  return p;
}

function row(r, t) {
  const li = el('li', 'tl-row' + (r.hurt ? ' hurt' : '') + (r.skipped ? ' skipped' : ''));
  li.dataset.step = r.step;
  const track = el('span', 'tl-track');
  track.setAttribute('aria-hidden', 'true');
  const bar = el('span', 'tl-bar');
  bar.style.left = r.left + '%';
  bar.style.width = r.width + '%';
  track.append(bar);
  if (t.firstAt !== null) {
    const first = el('span', 'tl-first');
    first.style.left = t.firstAt + '%';
    track.append(first);
  }
  const when = t.placed ? ', from ' + duration(r.startMs) + ' to ' + duration(r.startMs + r.durationMs) : '';
  li.append(el('span', 'tl-name', r.name), track, el('span', 'tl-time', duration(r.durationMs)),
    el('span', 'sr-only', when + (r.hurt ? ', made the answer weaker' : '') + '.'));
  if (r.note) li.append(el('span', 'tl-note', r.note));
  return li;
}

function trace(model, region) {
  const t0 = model.trace;
  if (!t0 || !(t0.steps || []).length) {
    region.append(el('p', 'note', 'No trace was recorded for this answer.'));
    return;
  }
  const t = timeline(t0, model.totalMs);
  region.append(summary(t));
  const ol = el('ol', 'timeline');
  ol.setAttribute('aria-label', t.placed ? 'Steps over time' : 'Steps and how long each took');
  t.rows.forEach((r) => ol.append(row(r, t)));
  const axis = el('li', 'tl-axis');
  axis.setAttribute('aria-hidden', 'true');
  const ticks = el('span', 'tl-ticks');
  ticks.append(el('span', '', '0'), el('span', '', duration(t.span)));
  axis.append(el('span', ''), ticks, el('span', ''));
  ol.append(axis);
  region.append(ol);
  const legend = el('p', 'tl-legend');
  if (!t.placed) legend.append('Start times were not recorded for this answer: each bar is one step\'s duration.');
  else legend.append('Bars show when each step ran; steps that overlap ran side by side.');
  if (t.firstAt !== null) legend.append(' ', el('span', 'tl-key'), ' first words.');
  if (t.rows.some((r) => r.hurt)) legend.append(' Red: made this answer weaker.');
  region.append(legend);
  const dl = el('dl', 'facts');
  const fact = (term, value) => {
    if (value) dl.append(el('dt', '', term), el('dd', '', value));
  };
  fact('Asked for', t0.intent ? t0.intent.replace(/_/g, ' ') + ' (' + percent(t0.intentConfidence) + ')' : '');
  fact('Also possible', t0.secondaryIntent ? t0.secondaryIntent.replace(/_/g, ' ') : '');
  fact('Perspective', t0.expertise ? t0.expertise.replace(/_/g, ' ') + ' (' + percent(t0.expertiseRelevance) + ')' : '');
  fact('Model', model.model || '');
  region.append(dl);
}

/** Builds the panel {@code kind} for an answer into {@code region} (replacing "Loading…"). */
export function build(kind, model, region, uid) {
  region.replaceChildren();
  if (kind === 'sources') sources(model, region, uid);
  else if (kind === 'reasoning') reasoning(model, region);
  else if (kind === 'trace') trace(model, region);
}
