// The per-answer panels: sources, reasoning chain and execution trace. Loaded on the first
// panel opened, and each panel's DOM is built only when it is opened. Everything shown here
// comes from the model or from documents, so it goes in as text (or through md.js).
import { render } from '../md.js';
import { el } from './dom.js';

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
  const list = model.sources || [];
  if (!list.length) {
    region.append(el('p', 'note', 'No sources were used for this answer.'));
    return;
  }
  const ol = el('ol', 'sources');
  for (const s of list) {
    const li = el('li', 'source');
    li.id = 'src-' + uid + '-' + s.n;
    li.dataset.n = String(s.n);
    li.tabIndex = -1;
    const head = el('div', 'source-head');
    head.append(el('span', 'source-n', s.n), el('span', 'source-title', s.title || 'Untitled'));
    li.append(head);
    const meta = [s.kind === 'memory' ? 'Earlier in this conversation' : 'Library'];
    if (s.location) meta.push(s.location);
    if (typeof s.score === 'number' && s.score > 0) meta.push('relevance ' + s.score.toFixed(2));
    li.append(el('div', 'source-meta', meta.join(' · ')));
    if (s.snippet) li.append(el('blockquote', 'source-snippet', s.snippet));
    ol.append(li);
  }
  region.append(ol);
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

function trace(model, region) {
  const t = model.trace;
  if (!t || !(t.steps || []).length) {
    region.append(el('p', 'note', 'No trace was recorded for this answer.'));
    return;
  }
  const dl = el('dl', 'facts');
  const fact = (term, value) => {
    if (!value) return;
    dl.append(el('dt', '', term), el('dd', '', value));
  };
  fact('Intent', t.intent ? t.intent.replace(/_/g, ' ') + ' (' + percent(t.intentConfidence) + ')' : '');
  fact('Also possible', t.secondaryIntent ? t.secondaryIntent.replace(/_/g, ' ') : '');
  fact('Expertise', t.expertise ? t.expertise.replace(/_/g, ' ') + ' (' + percent(t.expertiseRelevance) + ')' : '');
  fact('Model', model.model || '');
  const total = t.steps.reduce((sum, s) => sum + (s.durationMillis || 0), 0);
  fact('Time', total + ' ms over ' + t.steps.length + ' steps');
  region.append(dl);
  const ol = el('ol', 'steps');
  for (const s of t.steps) {
    const li = el('li', 'step' + (s.outcome && s.outcome !== 'ok' ? ' step-' + s.outcome : ''));
    const head = el('div', 'step-head');
    head.append(el('span', 'step-name', s.step), el('span', 'step-time', s.durationMillis + ' ms'));
    li.append(head);
    const bits = [];
    bits.push(s.model ? s.model : 'rules');
    if (s.promptTokens >= 0 || s.completionTokens >= 0) {
      bits.push(Math.max(0, s.promptTokens) + ' in / ' + Math.max(0, s.completionTokens) + ' out tokens');
    }
    if (s.fallbackUsed) bits.push('fallback used');
    if (s.outcome && s.outcome !== 'ok') bits.push(s.outcome);
    li.append(el('div', 'step-meta', bits.join(' · ')));
    if (s.detail) li.append(el('div', 'step-detail', s.detail));
    ol.append(li);
  }
  region.append(ol);
}

/** Builds the panel {@code kind} for an answer into {@code region} (replacing "Loading…"). */
export function build(kind, model, region, uid) {
  region.replaceChildren();
  if (kind === 'sources') sources(model, region, uid);
  else if (kind === 'reasoning') reasoning(model, region);
  else if (kind === 'trace') trace(model, region);
}
