// What the source viewer shows for a citation, worked out without the DOM (tested under Node):
// which request to make, the page image's address, and a section's text cut around its mark.

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Research reports' sources outside the library (research/ReportSource: paper, web). */
const EXTERNAL_KINDS = new Set(['paper', 'web', 'scholarly']);

/**
 * What a source opens: {kind: 'library', documentId, query} for a passage of the library,
 * {kind: 'external', url, title, ...} for a paper or web source of a research report (its address
 * is in url, or in documentId as research/ReportTurn stores it), or
 * null (an earlier turn, or nothing to open).
 */
export function viewTarget(source) {
  if (!source) return null;
  if (source.kind === 'library' && ID.test(source.documentId || '')) {
    const query = Number.isInteger(source.passage) && source.passage >= 0
      ? 'passage=' + source.passage
      : 'location=' + encodeURIComponent(source.location || '') + '&snippet='
        + encodeURIComponent(String(source.snippet || '').slice(0, 200));
    return { kind: 'library', documentId: source.documentId, query };
  }
  if (EXTERNAL_KINDS.has(source.kind)) {
    return { kind: 'external', url: safeUrl(source.url || source.documentId || (source.doi ? 'https://doi.org/'
      + source.doi : '')), title: source.title || 'Untitled', snippet: source.snippet || '',
    location: source.location || '', authors: source.authors || [], year: source.year || null,
    venue: source.venue || '' };
  }
  return null;
}

/** The view endpoint's address for a library target. */
export function viewUrl(target) {
  return '/api/library/documents/' + encodeURIComponent(target.documentId) + '/view?' + target.query;
}

/** An http(s) address as given, or '' for anything else (javascript:, data:, relative). */
export function safeUrl(raw) {
  try {
    const url = new URL(String(raw));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
  } catch (e) {
    return '';
  }
}

/** A page image's address at a CSS width and pixel ratio (the server rounds and bounds both). */
export function pageImageUrl(documentId, page, cssWidth, ratio) {
  const w = Math.max(64, Math.min(4096, Math.round(cssWidth)));
  const dpr = Math.max(0.5, Math.min(4, Math.round((Number(ratio) || 1) * 100) / 100));
  return '/api/library/documents/' + encodeURIComponent(documentId) + '/pages/' + page + '?w=' + w + '&dpr=' + dpr;
}

/** The text in three parts around its mark [start, end), bounds clamped. */
export function markedParts(text, start, end) {
  const s = String(text || '');
  const a = Math.max(0, Math.min(s.length, start | 0));
  const b = Math.max(a, Math.min(s.length, end | 0));
  return { before: s.slice(0, a), marked: s.slice(a, b), after: s.slice(b) };
}

/** Where a passage is, without the document's own title, which the viewer shows above it. */
export function placeLabel(location, title) {
  const where = String(location || '');
  if (where === title) return '';
  return where.startsWith(title + ' > ') ? where.slice(title.length + 3) : where;
}

/** "Page 2 of 12". */
export function pageLabel(page, count) {
  return count ? 'Page ' + page + ' of ' + count : 'Page ' + page;
}

/** Zoom after a pinch from distance d0 to d1, starting at zoom z0, kept between 1 and 4. */
export function pinchZoom(z0, d0, d1) {
  if (!(d0 > 0) || !(d1 > 0)) return z0;
  return Math.max(1, Math.min(4, z0 * (d1 / d0)));
}
