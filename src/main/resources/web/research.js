// A research job as the page knows it, and the one place it changes: applyResearchEvent(job,
// name, data, id) is a pure function of the job's server-sent events. Each event has an id; one
// at or below the last id seen is a replay (a reconnect with Last-Event-ID, or a rebuild after a
// reload) and changes nothing, so a job followed in pieces ends exactly as one followed at once.
// Loaded with the research view; no DOM here (tested under Node).
import { newAnswer } from './state.js';

export const DEPTHS = [
  { id: 'quick', label: 'Quick', hint: 'a few sources, a minute or two' },
  { id: 'standard', label: 'Standard', hint: 'a balanced search, a few minutes' },
  { id: 'deep', label: 'Deep', hint: 'more sources and sub-questions, longer' },
];

const NAMES = {
  library: 'your library', openalex: 'OpenAlex', arxiv: 'arXiv', pubmed: 'PubMed', crossref: 'Crossref',
  semanticscholar: 'Semantic Scholar', searxng: 'SearXNG', brave: 'Brave Search', tavily: 'Tavily',
};
const WEB = new Set(['searxng', 'brave', 'tavily']);
const ENDS = new Set(['done', 'failed', 'cancelled']);

export function providerName(id) {
  return NAMES[id] || String(id);
}

/**
 * The sources a job may search ({@code ids}, from GET /api/research/sources) as the three choices
 * the composer offers: the library, scholarly indexes ("Papers") and web search; empty ones left out.
 */
export function sourceGroups(ids) {
  const groups = [
    { key: 'library', label: 'Library', ids: ids.filter((id) => id === 'library') },
    { key: 'papers', label: 'Papers', ids: ids.filter((id) => id !== 'library' && !WEB.has(id)) },
    { key: 'web', label: 'Web', ids: ids.filter((id) => WEB.has(id)) },
  ];
  return groups.filter((g) => g.ids.length);
}

/**
 * The request's {@code sources}: null (the server's default, all of them) when every group is on,
 * else the ids of the groups that are; null too when none is, rather than a search of nothing.
 */
export function chosenSources(groups, off) {
  const on = groups.filter((g) => !off.has(g.key));
  if (on.length === groups.length || !on.length) return null;
  return on.flatMap((g) => g.ids);
}

/** A job about to start (no id yet) or known by its id: nothing seen of it. */
export function newJob({ id = '', sessionId = '', question = '', depth = 'standard', status = 'starting' } = {}) {
  return {
    id, sessionId, question, depth, status, lastEventId: 0, stage: 'plan', resumed: '', searchedIn: [],
    subQuestions: [], planMethod: '', searches: {}, unreachable: {}, found: 0, unique: 0, selected: 0,
    sources: [], read: {}, readDone: 0, readOf: 0, sections: [], cuts: [], steps: [], verified: null, report: null,
    failure: '', stopping: false, link: '',
  };
}

/** A job from the conversation's list (GET /api/sessions/{id}/research), before its events. */
export function listedJob(summary, sessionId) {
  return { ...newJob({ id: summary.id, sessionId, question: summary.question, depth: summary.depth,
    status: summary.status }), failure: summary.failure || '' };
}

export function ended(job) {
  return ENDS.has(job.status);
}

/** The job after event {@code name} with id {@code id}; the one given is left as it was. */
export function applyResearchEvent(job, name, data, id) {
  const seq = Number(id);
  if (id !== undefined && id !== null && id !== '' && Number.isFinite(seq)) {
    if (seq <= job.lastEventId) return job; // seen already: a replay
    return change({ ...job, lastEventId: seq }, name, data || {});
  }
  return change(job, name, data || {});
}

function change(job, name, data) {
  switch (name) {
    case 'started': return { ...job, status: running(job), depth: data.depth || job.depth,
      question: data.question || job.question, searchedIn: data.sources || [] };
    case 'resumed': return { ...job, status: running(job), resumed: String(data.message || ''), stage: data.from || job.stage,
      sections: job.sections.slice(0, Math.max(0, Number(data.sectionsKept) || 0)) };
    case 'plan': return { ...job, status: running(job), stage: 'search', subQuestions: data.subQuestions || [],
      planMethod: data.method || '' };
    case 'searched': return { ...job, stage: 'search',
      searches: { ...job.searches, [data.subQuestion]: Number(data.totalFound) || 0 } };
    case 'source_unreachable': return { ...job, unreachable: { ...job.unreachable, [data.provider]: data.kind || '' } };
    case 'selected': return { ...job, stage: 'read', found: data.found || 0, unique: data.unique || 0,
      selected: data.selected || 0, sources: data.sources || [], readOf: data.selected || 0 };
    case 'read': return { ...job, read: { ...job.read, [data.n]: data.how || '' }, readDone: data.read || 0,
      readOf: data.of || job.readOf };
    case 'section_started': return { ...job, stage: 'write', sections: [...job.sections.slice(0, data.index),
      { index: data.index, title: data.title || '', kind: data.kind || '', text: '', done: false, method: '' }] };
    case 'section_delta': return withSection(job, data.index, (s) => ({ ...s, text: s.text + (data.text || '') }));
    case 'section_done': return withSection(job, data.index, (s) => ({ ...s, done: true, method: data.method || '',
      title: data.title || s.title }));
    case 'cut': return job.cuts.includes(data.message) ? job : { ...job, cuts: [...job.cuts, String(data.message)] };
    case 'step': return { ...job, steps: [...job.steps, data] };
    case 'verified': return { ...job, verified: data };
    case 'report': return { ...job, stage: 'done', report: data };
    case 'done': return { ...job, status: 'done', stage: 'done', report: data.result || job.report };
    case 'cancelled': return { ...job, status: 'cancelled', report: data.result || job.report };
    case 'failed': return { ...job, status: 'failed', failure: String(data.message || 'The research failed.') };
    default: return job; // an event a newer server sends
  }
}

function running(job) {
  return ended(job) ? job.status : 'running';
}

function withSection(job, index, update) {
  const at = job.sections.findIndex((s) => s.index === index);
  if (at < 0) return job;
  const sections = job.sections.slice();
  sections[at] = update(sections[at]);
  return { ...job, sections };
}

/** The report written so far, as the stored one reads: each section under its level-2 heading. */
export function reportMarkdown(job) {
  return job.sections.map((s) => '## ' + s.title + '\n\n' + s.text).join('\n\n');
}

/** A source as the stored report's turn has it (the sources panel's shape), with how it was read. */
export function citedSource(s, how) {
  const authors = s.authors || [];
  const where = [];
  if (authors.length) where.push(authors.length > 2 ? authors[0] + ' et al.' : authors.join(' and '));
  if (s.year) where.push(String(s.year));
  if (s.venue) where.push(s.venue);
  return { n: s.n, kind: s.kind, documentId: s.kind === 'library' ? s.documentId || '' : s.url || '', title: s.title,
    location: where.join(', '), snippet: '', read: how || '' };
}

/** The job as an answer being written (views/messages.js paints it; its citations open its sources). */
export function liveAnswer(job) {
  return { ...newAnswer(job.question, job.sessionId), content: reportMarkdown(job),
    streaming: !ended(job) && job.sections.length > 0,
    acknowledged: true, sources: job.sources.map((s) => citedSource(s, job.read[s.n])),
    status: job.status === 'failed' ? 'failed' : 'streaming' };
}

const HOW = { full_text: 'read in full', abstract: 'abstract only', library: 'from your library',
  title_only: 'could not be read' };

export function howRead(how) {
  return HOW[how] || '';
}

/** Where the job is, in words: {stage, label} (stage: plan, search, read, write, done, or the end). */
export function stageOf(job) {
  if (job.status === 'failed') return { stage: 'failed', label: 'Failed' };
  if (job.status === 'cancelled') return { stage: 'stopped', label: 'Stopped' };
  if (job.status === 'done') return { stage: 'done', label: 'Done' };
  if (job.stopping) return { stage: 'stopping', label: 'Stopping… what is written stays' };
  if (job.status === 'starting') return { stage: 'plan', label: 'Starting…' };
  if (job.status === 'queued') return { stage: 'plan', label: 'Waiting for the server to start it…' };
  switch (job.stage) {
    case 'search': {
      const done = Object.keys(job.searches).length;
      return { stage: 'search', label: 'Searching' + (job.subQuestions.length
        ? ' (' + Math.min(done, job.subQuestions.length) + ' of ' + job.subQuestions.length + ' sub-questions)…' : '…') };
    }
    case 'read': return { stage: 'read', label: 'Reading the sources…' };
    case 'write': {
      const current = job.sections.at(-1);
      return { stage: 'write', label: current ? 'Writing “' + current.title + '”…' : 'Writing…' };
    }
    case 'done': return { stage: 'write', label: 'Storing the report…' };
    default: return { stage: 'plan', label: 'Planning the research…' };
  }
}

/** "Found 8 sources in 37 search results · read 5 of 8", as far as the job got ('' before its first search). */
export function countsLine(job) {
  const searched = Object.values(job.searches).reduce((a, b) => a + b, 0);
  const found = job.selected ? job.found : searched;
  if (!found && !Object.keys(job.searches).length) return '';
  // the searches' hits count a source once a search; after selection, say how many differ
  const parts = job.unique && job.unique !== found
    ? [(job.unique === 1 ? 'Found 1 source' : 'Found ' + job.unique + ' sources') + ' in ' + found + ' search results']
    : [found === 1 ? 'Found 1 source' : 'Found ' + found + ' sources'];
  if (job.selected) parts.push('read ' + Math.min(job.readDone, job.readOf) + ' of ' + job.readOf);
  return parts.join(' · ');
}

/** A provider that failed, said calmly: "arXiv unreachable — went on without it". */
export function unreachableLines(job) {
  return Object.entries(job.unreachable).map(([provider, kind]) => providerName(provider)
    + (kind === 'rate_limited' ? ' was busy' : kind === 'timeout' ? ' did not answer in time'
      : kind === 'refused' ? ' refused the search' : ' unreachable') + ' — went on without it');
}

/** Seconds as a person says a wait: "20 s", "2 min". */
function wait(seconds) {
  const s = Math.max(1, Math.round(Number(seconds) || 0));
  return s < 90 ? s + ' s' : Math.round(s / 60) + ' min';
}

/** What to tell when a job could not start (an ApiError of POST .../research); the question stays in the box. */
export function refusalText(error) {
  if (!error || !error.status) return 'No connection to the server: the research could not start. Try again when you are online.';
  const after = error.retryAfter ? ' Try again in ' + wait(error.retryAfter) + '.' : '';
  if (error.status === 429) return String(error.message || 'The server is busy.').replace(/ Please retry shortly\.$/, '') + after;
  if (error.status === 404) return 'This conversation is no longer on the server.';
  return 'The research could not start: ' + error.message + after;
}

/** How long to wait before following a job's events again: Retry-After when the server named one. */
export function retryDelay(error, failures, steps) {
  const backoff = steps[Math.min(failures, steps.length - 1)];
  const asked = error && error.retryAfter ? Number(error.retryAfter) * 1000 : 0;
  return Number.isFinite(asked) && asked > backoff ? Math.min(asked, 60000) : backoff;
}

/**
 * The card's notes, as [kind, text] (kind: calm, cut, failed, link): providers that failed, the
 * model out of reach, a restart, what the budget left out, a lost connection, the failure.
 */
export function notesOf(job) {
  const notes = unreachableLines(job).map((t) => ['calm', t]);
  if (job.planMethod === 'rules') notes.push(['calm', 'The language model did not answer: the plan was drawn up without it.']);
  if (job.sections.some((s) => s.method === 'extract')) {
    notes.push(['calm', 'The language model did not answer: some sections quote the sources instead.']);
  }
  if (job.resumed) notes.push(['calm', job.resumed]);
  job.cuts.forEach((c) => notes.push(['cut', 'Left out to stay within the budget: ' + c]));
  if (job.link === 'lost' && !ended(job)) {
    notes.push(['link', 'Connection lost. The research goes on at the server; reconnecting…']);
  }
  if (job.status === 'failed') notes.push(['failed', job.failure || 'The research failed.']);
  return notes;
}
