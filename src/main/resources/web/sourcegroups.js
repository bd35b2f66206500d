// An answer's sources grouped under their document (no DOM: tested under Node): five passages of
// one paper show its title once, each passage with its page or section.

/**
 * Groups in order of their first citation number: {key, kind, documentId, title, passages}, each
 * passage {n, location, snippet, score}. Passages of earlier turns form one group of their own.
 */
export function groupSources(sources) {
  const groups = new Map();
  for (const s of [...(sources || [])].sort((a, b) => a.n - b.n)) {
    const memory = s.kind === 'memory';
    const key = memory ? 'memory' : 'doc:' + (s.documentId || s.title || s.n);
    if (!groups.has(key)) {
      groups.set(key, { key, kind: memory ? 'memory' : 'library', documentId: memory ? '' : s.documentId || '',
        title: memory ? 'Earlier in this conversation' : s.title || 'Untitled', passages: [],
        citation: memory ? '' : citation(s), doi: memory ? '' : s.doi || '', url: memory ? '' : s.url || '' });
    }
    groups.get(key).passages.push({ n: s.n, location: s.location || '', snippet: s.snippet || '',
      score: typeof s.score === 'number' ? s.score : null });
  }
  return [...groups.values()];
}

/** "Smith, Jane; Lee, Kim (2020). Journal of Sleep." from a source's reference; "" when it has none. */
export function citation(s) {
  const authors = s.authors || [];
  const who = authors.length > 3 ? authors.slice(0, 3).join('; ') + ' et al.' : authors.join('; ');
  let text = who;
  if (s.year) text += (text ? ' ' : '') + '(' + s.year + ')';
  if (s.venue) text += (text ? '. ' : '') + s.venue;
  return text ? text + (text.endsWith('.') ? '' : '.') : '';
}
