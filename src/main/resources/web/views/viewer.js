// The source viewer: a cited passage where it stands, in a full-screen sheet over the answer.
// A PDF passage shows its page drawn by the server at the screen's width and pixel ratio, the
// passage's lines outlined; other documents show their section's text with the passage marked;
// a research report's paper or web source shows what is known of it and a link out. Loaded on the first
// citation opened. Back (the button, Escape, or the browser's) returns to the answer where it was.
// Document text goes in as text nodes only.
import { markedParts, pageImageUrl, pageLabel, pinchZoom, placeLabel, viewTarget, viewUrl } from '../viewing.js';
import { button, el, icon } from './dom.js';

let current = null; // the open viewer: { dialog }

/** Whether a source opens in the viewer (library passages, web and scholarly sources). */
export function opens(source) {
  return viewTarget(source) !== null;
}

/**
 * Opens the viewer on {@code source}; {@code opener} gets the focus back on close.
 * {@code ctx}: request(path) (the API's fetch), offline(), main (the conversation's scroller).
 */
export function open(source, opener, ctx) {
  const target = viewTarget(source);
  if (!target) return false;
  if (current) return true; // a second tap while the first opens (the sheet is modal once shown)
  history.replaceState({ ...(history.state || {}), raScroll: ctx.main.scrollTop }, '');
  history.pushState({ raViewer: true }, '');
  const sheet = buildSheet(source);
  document.body.append(sheet.dialog);
  sheet.dialog.showModal();
  // Closed only by going back in history (the button, Escape, the browser's Back), so the entry is gone too.
  const close = () => {
    window.removeEventListener('popstate', onPop);
    sheet.dialog.close();
    sheet.dialog.remove();
    current = null;
    const scroll = history.state && history.state.raScroll;
    if (typeof scroll === 'number') ctx.main.scrollTop = scroll;
    if (opener && opener.isConnected) opener.focus({ preventScroll: true });
  };
  const onPop = () => {
    if (!(history.state && history.state.raViewer)) close();
  };
  window.addEventListener('popstate', onPop);
  sheet.back.addEventListener('click', () => history.back());
  sheet.dialog.addEventListener('cancel', (ev) => {
    ev.preventDefault();
    history.back();
  });
  current = { dialog: sheet.dialog };
  sheet.back.focus();
  if (target.kind === 'external') showExternal(sheet, target);
  else load(sheet, target, source, ctx);
  return true;
}

function buildSheet(source) {
  const dialog = el('dialog', 'viewer');
  dialog.setAttribute('aria-labelledby', 'viewer-title');
  const head = el('header', 'viewer-head');
  const back = button('Answer', 'btn ghost viewer-back', null, 'back');
  back.setAttribute('aria-label', 'Back to the answer');
  const titles = el('div', 'viewer-titles');
  const title = el('h2', 'viewer-title', source.title || 'Source');
  title.id = 'viewer-title';
  const where = el('p', 'viewer-where', placeLabel(source.location, source.title));
  titles.append(title, where);
  head.append(back, titles);
  const bar = el('div', 'viewer-bar');
  bar.hidden = true;
  const body = el('div', 'viewer-body');
  body.append(el('p', 'note viewer-status', 'Loading the source…'));
  dialog.append(head, bar, body);
  return { dialog, back, title, where, bar, body };
}

async function load(sheet, target, source, ctx) {
  let view;
  try {
    view = await (await ctx.request(viewUrl(target))).json();
  } catch (e) {
    const why = e.status === 404 ? 'This passage cannot be shown in its document: the document was deleted, or'
      + ' was added before passages were kept with their place.'
      : ctx.offline() ? 'You are offline, and this source has not been opened on this device before.'
        : 'The source could not be opened: ' + e.message;
    const box = el('div', 'viewer-scroll viewer-reading');
    box.append(el('p', 'note error viewer-status', why));
    if (source.snippet) box.append(el('blockquote', 'viewer-quote', source.snippet));
    sheet.body.replaceChildren(box);
    return;
  }
  if (!sheet.dialog.isConnected) return;
  sheet.title.textContent = view.document.title;
  sheet.where.textContent = placeLabel(view.passage.location, view.document.title);
  if (view.kind === 'page') showPages(sheet, view);
  else showText(sheet, view);
}

// ------------------------------------------------------------------------------- PDF pages

function showPages(sheet, view) {
  const cited = view.page.number;
  const count = view.page.count;
  const state = { page: cited, zoom: 1, loadedWidth: 0 };
  const scroller = el('div', 'viewer-scroll');
  scroller.tabIndex = 0;
  scroller.setAttribute('aria-label', 'Page, scrollable');
  const figure = el('figure', 'viewer-page');
  const img = el('img', 'viewer-img');
  img.decoding = 'async';
  const marks = outlines(view.page.highlights);
  const failed = el('p', 'note error viewer-img-error');
  failed.hidden = true;
  figure.append(img, marks, failed);
  scroller.append(figure, passageText(view));
  const label = el('span', 'viewer-page-label');
  label.setAttribute('aria-live', 'polite');
  const prev = iconButton('Previous page', 'viewer-prev', () => go(state.page - 1), 'prev');
  const next = iconButton('Next page', 'viewer-next', () => go(state.page + 1), 'next');
  const out = iconButton('Zoom out', 'viewer-zoom-out', () => zoomTo(state.zoom / 1.5), 'minus');
  const zin = iconButton('Zoom in', 'viewer-zoom-in', () => zoomTo(state.zoom * 1.5), 'plus');
  sheet.bar.replaceChildren(prev, label, next, el('span', 'viewer-gap'), out, zin);
  sheet.bar.hidden = false;
  if (view.notice) sheet.body.replaceChildren(el('p', 'note warn', view.notice), scroller);
  else sheet.body.replaceChildren(scroller);
  figure.style.aspectRatio = String(1 / (view.page.aspect || 1.294));

  const baseWidth = () => Math.max(64, scroller.clientWidth);
  function source(width) {
    return pageImageUrl(view.document.id, state.page, width, window.devicePixelRatio || 1);
  }
  function go(page) {
    if (page < 1 || page > count || page === state.page) return;
    state.page = page;
    paint();
  }
  function paint() {
    label.textContent = pageLabel(state.page, count) + (state.page === cited ? ' · cited' : '');
    prev.disabled = state.page <= 1;
    next.disabled = state.page >= count;
    marks.hidden = state.page !== cited;
    figure.dataset.page = String(state.page);
    failed.hidden = true;
    img.hidden = false;
    delete img.dataset.retried;
    img.alt = pageLabel(state.page, count) + ' of ' + view.document.title
      + (state.page === cited ? ', with the cited passage outlined' : '');
    state.loadedWidth = baseWidth() * state.zoom;
    img.src = source(state.loadedWidth);
    scroller.scrollTop = 0;
  }
  img.addEventListener('load', () => {
    if (img.naturalWidth && img.naturalHeight) {
      figure.style.aspectRatio = String(img.naturalWidth / img.naturalHeight);
    }
    figure.classList.add('loaded');
    if (state.page === cited && !figure.dataset.shown) {
      figure.dataset.shown = 'true';
      toHighlight();
    }
  });
  img.addEventListener('error', () => {
    const src = img.src;
    if (navigator.onLine !== false && !img.dataset.retried) {
      img.dataset.retried = 'true'; // once: the server may have been busy (503 with Retry-After: 2)
      setTimeout(() => {
        if (img.src === src) {
          img.removeAttribute('src');
          img.src = src;
        }
      }, 2000);
      return;
    }
    img.hidden = true;
    failed.hidden = false;
    failed.textContent = navigator.onLine === false
      ? 'This page has not been seen on this device yet; it will show when you are back online.'
      : 'This page could not be drawn.';
  });
  function toHighlight() {
    const first = view.page.highlights[0];
    if (!first) return;
    const height = figure.getBoundingClientRect().height;
    scroller.scrollTop = Math.max(0, first.y * height - scroller.clientHeight / 3);
  }
  function zoomTo(zoom, cx, cy) {
    const z = Math.max(1, Math.min(4, zoom));
    const rect = scroller.getBoundingClientRect();
    const px = (cx === undefined ? rect.width / 2 : cx - rect.left);
    const py = (cy === undefined ? rect.height / 2 : cy - rect.top);
    const ratio = z / state.zoom;
    const left = (scroller.scrollLeft + px) * ratio - px;
    const top = (scroller.scrollTop + py) * ratio - py;
    state.zoom = z;
    figure.style.width = z * 100 + '%';
    scroller.scrollLeft = left;
    scroller.scrollTop = top;
    out.disabled = z <= 1;
    zin.disabled = z >= 4;
    sharpen();
  }
  function sharpen() {
    const wanted = baseWidth() * state.zoom;
    if (wanted > state.loadedWidth * 1.25) {
      state.loadedWidth = wanted;
      const sharper = new Image();
      sharper.onload = () => { img.src = sharper.src; };
      sharper.src = source(wanted);
    }
  }
  wirePinch(scroller, () => state.zoom, zoomTo);
  // Arrows turn pages while the page fits the width (zoomed in, they scroll it); + and - zoom.
  sheet.dialog.addEventListener('keydown', (ev) => {
    if (ev.target.closest('button, a') || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === 'ArrowRight' && state.zoom === 1) go(state.page + 1);
    else if (ev.key === 'ArrowLeft' && state.zoom === 1) go(state.page - 1);
    else if (ev.key === '+' || ev.key === '=') zoomTo(state.zoom * 1.5);
    else if (ev.key === '-') zoomTo(state.zoom / 1.5);
  });
  out.disabled = true;
  paint();
}

/** The passage's lines outlined over the page, in shares of it, so they follow any zoom. */
function outlines(highlights) {
  const marks = el('div', 'viewer-marks');
  marks.setAttribute('aria-hidden', 'true');
  for (const box of highlights) {
    const mark = el('span', 'viewer-mark');
    mark.style.left = box.x * 100 + '%';
    mark.style.top = box.y * 100 + '%';
    mark.style.width = box.width * 100 + '%';
    mark.style.height = box.height * 100 + '%';
    marks.append(mark);
  }
  return marks;
}

/** A 44 px button showing only its icon, named for screen readers. */
function iconButton(label, className, onClick, iconName) {
  const b = el('button', 'icon-btn ' + className);
  b.type = 'button';
  b.setAttribute('aria-label', label);
  b.append(icon(iconName));
  b.addEventListener('click', onClick);
  return b;
}

/** Two fingers zoom the page around their midpoint; one finger pans (the browser's own scrolling). */
function wirePinch(scroller, zoom, zoomTo) {
  const pointers = new Map();
  let start = null;
  const spread = () => {
    const [a, b] = [...pointers.values()];
    return { d: Math.hypot(a.x - b.x, a.y - b.y), x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  };
  scroller.addEventListener('pointerdown', (ev) => {
    if (ev.pointerType !== 'touch') return;
    pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    if (pointers.size === 2) start = { ...spread(), zoom: zoom() };
  });
  scroller.addEventListener('pointermove', (ev) => {
    if (!pointers.has(ev.pointerId)) return;
    pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    if (pointers.size === 2 && start) {
      const now = spread();
      zoomTo(pinchZoom(start.zoom, start.d, now.d), now.x, now.y);
    }
  });
  const lift = (ev) => {
    pointers.delete(ev.pointerId);
    if (pointers.size < 2) start = null;
  };
  scroller.addEventListener('pointerup', lift);
  scroller.addEventListener('pointercancel', lift);
}

// ------------------------------------------------------------------------------- text

function showText(sheet, view) {
  const t = view.text;
  const scroller = el('div', 'viewer-scroll viewer-reading');
  scroller.tabIndex = 0;
  if (view.notice) scroller.append(el('p', 'note warn', view.notice));
  const heading = placeLabel(t.heading, view.document.title);
  if (heading) scroller.append(el('h3', 'viewer-section', heading));
  const { before, marked, after } = markedParts(t.text, t.start, t.end);
  const body = el('div', 'viewer-text');
  const mark = el('mark', 'viewer-marked', marked);
  body.append((t.clippedBefore ? '… ' : '') + before, mark, after + (t.clippedAfter ? ' …' : ''));
  scroller.append(body);
  if (!view.document.original) {
    scroller.append(el('p', 'note', 'The original file of this document was not kept, so its text is shown.'));
  }
  sheet.body.replaceChildren(scroller);
  mark.setAttribute('tabindex', '-1');
  requestAnimationFrame(() => {
    scroller.scrollTop = Math.max(0, mark.offsetTop - scroller.clientHeight / 3);
  });
}

/** The cited passage as text, for reading aloud and for copying. */
function passageText(view) {
  const box = el('section', 'viewer-passage');
  box.setAttribute('aria-label', 'The cited passage');
  box.append(el('h3', 'viewer-passage-title', 'Cited passage · ' + (view.passage.location || 'this document')),
    el('blockquote', 'viewer-quote', view.passage.text));
  return box;
}

// ------------------------------------------------------------------------------- outside sources

function showExternal(sheet, target) {
  const box = el('div', 'viewer-scroll viewer-reading');
  const facts = el('dl', 'facts');
  const fact = (term, value) => {
    if (value) facts.append(el('dt', '', term), el('dd', '', value));
  };
  fact('Authors', target.authors.join(', '));
  fact('Year', target.year ? String(target.year) : '');
  fact('Published in', target.venue);
  fact('Reference', target.location);
  box.append(facts);
  if (target.snippet) box.append(el('blockquote', 'viewer-quote', target.snippet));
  if (target.url) {
    const link = el('a', 'btn primary viewer-out', 'Open the source');
    link.href = target.url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.append(icon('out'));
    box.append(link);
  } else {
    box.append(el('p', 'note', 'This source has no address to open.'));
  }
  sheet.body.replaceChildren(box);
}
