// The research job reducer: what each event does, and that a job followed in pieces (a locked
// phone resuming with Last-Event-ID), replayed from the start (a reload) or sent twice ends
// exactly as one followed at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyResearchEvent, chosenSources, citedSource, countsLine, ended, listedJob, liveAnswer, newJob, notesOf, refusalText,
  reportMarkdown, retryDelay, sourceGroups, stageOf, unreachableLines,
} from '../../main/resources/web/research.js';

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Applies [id, name, data] events in order, checking that no step changes the job it was given. */
function run(job, events) {
  return events.reduce((current, [id, name, data]) => applyResearchEvent(deepFreeze(current), name, data, id), job);
}

const SOURCES = [
  { n: 1, kind: 'paper', provider: 'openalex', title: 'Memory replay during sleep', authors: ['Ada Lovelace', 'Alan Turing'],
    year: 2021, venue: 'Journal of Sleep Research', doi: '10.1/replay', url: 'https://doi.org/10.1/replay' },
  { n: 2, kind: 'web', provider: 'searxng', title: 'Spindles, explained', authors: [], url: 'https://example.org/s' },
  { n: 3, kind: 'library', provider: 'library', title: 'My sleep notes', authors: [], documentId: 'doc1' },
];

/** A whole job's events, as GET /api/research/{job}/events sends them. */
const EVENTS = [
  [1, 'started', { question: 'Does sleep help memory?', depth: 'quick', sources: ['library', 'openalex', 'arxiv'],
    budget: { modelCalls: 8 } }],
  [2, 'plan', { subQuestions: ['What does replay do?', 'What do spindles predict?'], method: 'model' }],
  [3, 'searched', { subQuestion: 0, query: 'replay', found: { openalex: 12, library: 2 }, totalFound: 14 }],
  [4, 'source_unreachable', { provider: 'arxiv', kind: 'unavailable' }],
  [5, 'searched', { subQuestion: 1, query: 'spindles', found: { openalex: 9 }, totalFound: 9 }],
  [6, 'selected', { found: 23, unique: 19, selected: 3, sources: SOURCES }],
  [7, 'read', { n: 1, title: 'Memory replay during sleep', how: 'full_text', chunks: 4, read: 1, of: 3 }],
  [8, 'read', { n: 2, title: 'Spindles, explained', how: 'abstract', chunks: 1, read: 2, of: 3, reason: 'paywalled' }],
  [9, 'read', { n: 3, title: 'My sleep notes', how: 'library', chunks: 2, read: 3, of: 3 }],
  [10, 'step', { step: 'read', durationMillis: 40, outcome: 'ok' }],
  [11, 'section_started', { index: 0, title: 'What does replay do?', kind: 'findings' }],
  [12, 'section_delta', { index: 0, text: 'Sleep replays the day [1].' }],
  [13, 'section_delta', { index: 0, text: ' It helps recall [3].' }],
  [14, 'section_done', { index: 0, title: 'What does replay do?', chars: 47, method: 'model' }],
  [15, 'cut', { message: 'Not written within the time budget: What do spindles predict?' }],
  [16, 'section_started', { index: 1, title: 'References', kind: 'references' }],
  [17, 'section_delta', { index: 1, text: '[1] Lovelace and Turing (2021). Memory replay during sleep.' }],
  [18, 'section_done', { index: 1, title: 'References', chars: 60, method: 'rules' }],
  [19, 'verified', { supported: 2, weak: 0, unsupported: 0, unchecked: 0, markersRemoved: 0, claims: [] }],
  [20, 'report', { status: 'complete', turnId: 't2', sessionId: 's1', sections: 2, sources: 3 }],
  [21, 'done', { status: 'done', result: { status: 'complete', turnId: 't2', sessionId: 's1' } }],
];

const REPORT = '## What does replay do?\n\nSleep replays the day [1]. It helps recall [3].\n\n'
  + '## References\n\n[1] Lovelace and Turing (2021). Memory replay during sleep.';

test('a job builds up from its events: plan, searches, sources read, sections, report', () => {
  const job = run(newJob({ sessionId: 's1', question: 'Does sleep help memory?' }), EVENTS);
  assert.deepEqual([job.status, job.stage, job.depth, job.lastEventId], ['done', 'done', 'quick', 21]);
  assert.deepEqual(job.subQuestions, ['What does replay do?', 'What do spindles predict?']);
  assert.deepEqual([job.found, job.unique, job.selected, job.readDone, job.readOf], [23, 19, 3, 3, 3]);
  assert.deepEqual(job.read, { 1: 'full_text', 2: 'abstract', 3: 'library' });
  assert.equal(reportMarkdown(job), REPORT);
  assert.deepEqual(job.cuts, ['Not written within the time budget: What do spindles predict?']);
  assert.equal(job.report.turnId, 't2');
  assert.equal(job.verified.supported, 2);
  assert.equal(job.steps.length, 1);
  assert.ok(ended(job));
});

test('a job followed in two pieces with the last id seen ends as one followed at once', () => {
  const whole = run(newJob({ sessionId: 's1' }), EVENTS);
  for (let cut = 0; cut <= EVENTS.length; cut++) {
    const before = run(newJob({ sessionId: 's1' }), EVENTS.slice(0, cut));
    const after = EVENTS.filter(([id]) => id > before.lastEventId);
    assert.deepEqual(run(before, after), whole, 'cut after ' + cut + ' events');
  }
});

test('events seen already change nothing: a reconnect that overlaps, or every event sent twice', () => {
  const whole = run(newJob(), EVENTS);
  const overlapping = run(run(newJob(), EVENTS.slice(0, 13)), EVENTS.slice(8));
  assert.deepEqual(overlapping, whole);
  assert.equal(reportMarkdown(overlapping), REPORT, 'no delta twice');
  const doubled = run(newJob(), EVENTS.flatMap((e) => [e, e]));
  assert.deepEqual(doubled, whole);
  assert.strictEqual(applyResearchEvent(whole, 'section_delta', { index: 0, text: 'again' }, 12), whole);
});

test('a reload rebuilds the same job from the list and a replay of every event', () => {
  const followed = run(newJob({ id: 'j1', sessionId: 's1', question: 'Does sleep help memory?', depth: 'quick' }),
    EVENTS.slice(0, 13));
  const reloaded = run(listedJob({ id: 'j1', status: 'running', question: 'Does sleep help memory?', depth: 'quick' },
    's1'), EVENTS.slice(0, 13));
  assert.deepEqual(reloaded, followed);
  assert.equal(reportMarkdown(reloaded), '## What does replay do?\n\nSleep replays the day [1]. It helps recall [3].');
});

test('a section started again after a restart replaces the one of its index, and what followed it', () => {
  const job = run(newJob(), [
    ...EVENTS.slice(0, 13),
    [14, 'resumed', { from: 'write', sourcesKept: 3, sectionsKept: 0, message: 'The job was interrupted (a server restart).' }],
    [15, 'section_started', { index: 0, title: 'What does replay do?', kind: 'findings' }],
    [16, 'section_delta', { index: 0, text: 'Written again [1].' }],
    [17, 'section_done', { index: 0, title: 'What does replay do?', chars: 18, method: 'model' }],
  ]);
  assert.equal(reportMarkdown(job), '## What does replay do?\n\nWritten again [1].');
  assert.equal(job.resumed, 'The job was interrupted (a server restart).');
  assert.equal(job.status, 'running');
  const restarted = run(newJob(), [[1, 'section_started', { index: 0, title: 'A' }], [2, 'section_delta', { index: 0, text: 'a' }],
    [3, 'section_started', { index: 1, title: 'B' }], [4, 'section_started', { index: 0, title: 'A2' }]]);
  assert.deepEqual(restarted.sections.map((s) => [s.title, s.text]), [['A2', '']]);
});

test('a stop ends the job cancelled with its partial report; a failure says why', () => {
  const stopped = run(newJob(), [...EVENTS.slice(0, 12),
    [13, 'report', { status: 'partial', turnId: 't9' }], [14, 'cancelled', { status: 'cancelled' }]]);
  assert.deepEqual([stopped.status, stopped.report.status, stageOf(stopped).label], ['cancelled', 'partial', 'Stopped']);
  const failed = run(newJob(), [[1, 'started', {}], [2, 'failed', { message: 'The conversation was deleted.' }]]);
  assert.deepEqual([failed.status, failed.failure, ended(failed)], ['failed', 'The conversation was deleted.', true]);
  assert.equal(stageOf(run(newJob(), [[1, 'failed', {}]])).label, 'Failed');
  assert.equal(liveAnswer(failed).streaming, false);
});

test('an event the page does not know, or a delta for a section never started, changes nothing but the id', () => {
  const job = run(newJob(), EVENTS.slice(0, 3));
  const later = applyResearchEvent(job, 'from_the_future', { x: 1 }, 4);
  assert.deepEqual({ ...later, lastEventId: 3 }, job);
  assert.equal(applyResearchEvent(job, 'section_delta', { index: 5, text: 'x' }, 4).sections.length, 0);
});

test('the stage and counts read as the card shows them, and a failed provider is said calmly', () => {
  const at = (n) => run(newJob({ status: 'queued' }), EVENTS.slice(0, n));
  assert.equal(stageOf(newJob()).label, 'Starting…');
  assert.equal(stageOf(at(0)).label, 'Waiting for the server to start it…');
  assert.equal(stageOf(at(1)).label, 'Planning the research…');
  assert.equal(stageOf(at(3)).label, 'Searching (1 of 2 sub-questions)…');
  assert.equal(countsLine(at(2)), '');
  assert.equal(countsLine(at(3)), 'Found 14 sources');
  assert.equal(countsLine(at(6)), 'Found 19 sources in 23 search results · read 0 of 3');
  assert.equal(countsLine(at(8)), 'Found 19 sources in 23 search results · read 2 of 3');
  assert.equal(stageOf(at(8)).label, 'Reading the sources…');
  assert.equal(stageOf(at(12)).label, 'Writing “What does replay do?”…');
  assert.equal(stageOf({ ...at(12), stopping: true }).label, 'Stopping… what is written stays');
  assert.deepEqual(unreachableLines(at(6)), ['arXiv unreachable — went on without it']);
  assert.deepEqual(unreachableLines(run(newJob(), [[1, 'source_unreachable', { provider: 'pubmed', kind: 'rate_limited' }]])),
    ['PubMed was busy — went on without it']);
});

test('the live report is an answer whose sources are shaped as a stored report turn has them', () => {
  const answer = liveAnswer(run(newJob({ sessionId: 's1', question: 'q' }), EVENTS.slice(0, 13)));
  assert.equal(answer.streaming, true);
  assert.equal(answer.content, '## What does replay do?\n\nSleep replays the day [1]. It helps recall [3].');
  assert.deepEqual(answer.sources[0], { n: 1, kind: 'paper', documentId: 'https://doi.org/10.1/replay',
    title: 'Memory replay during sleep', location: 'Ada Lovelace and Alan Turing, 2021, Journal of Sleep Research',
    snippet: '', read: 'full_text' });
  assert.equal(answer.sources[2].documentId, 'doc1');
  assert.equal(citedSource({ n: 4, kind: 'paper', title: 't', authors: ['A', 'B', 'C'], year: 2020 }).location, 'A et al., 2020');
});

test('the composer offers the library, papers and the web as far as they are configured', () => {
  const groups = sourceGroups(['library', 'openalex', 'arxiv', 'searxng']);
  assert.deepEqual(groups.map((g) => [g.key, g.ids]), [['library', ['library']], ['papers', ['openalex', 'arxiv']],
    ['web', ['searxng']]]);
  assert.deepEqual(sourceGroups(['library']).map((g) => g.key), ['library']);
  assert.equal(chosenSources(groups, new Set()), null, 'all of them: the server default');
  assert.deepEqual(chosenSources(groups, new Set(['web'])), ['library', 'openalex', 'arxiv']);
  assert.equal(chosenSources(groups, new Set(['library', 'papers', 'web'])), null);
});

test('a refused start says why and when to try again, and an offline one says so', () => {
  const busy = { status: 429, code: 'research_busy', retryAfter: '20',
    message: 'The server is running as much research as it can. Please retry shortly.' };
  assert.equal(refusalText(busy), 'The server is running as much research as it can. Try again in 20 s.');
  assert.equal(refusalText({ status: 429, code: 'too_many_research_jobs', retryAfter: '150',
    message: 'You already have 2 research job(s) running; wait for one to finish or cancel it.' }),
  'You already have 2 research job(s) running; wait for one to finish or cancel it. Try again in 3 min.');
  assert.match(refusalText({ status: 0, code: 'offline', message: 'No connection to the server.' }), /^No connection/);
  assert.equal(refusalText({ status: 400, code: 'invalid_field', message: 'The question is empty.' }),
    'The research could not start: The question is empty.');
  assert.equal(refusalText({ status: 404, code: 'not_found', message: 'x' }), 'This conversation is no longer on the server.');
});

test('a stream followed again waits as the server asked, within a minute, else backs off', () => {
  const steps = [1000, 2000, 5000];
  assert.deepEqual([0, 1, 2, 7].map((n) => retryDelay(null, n, steps)), [1000, 2000, 5000, 5000]);
  assert.equal(retryDelay({ status: 429, retryAfter: '12' }, 0, steps), 12000);
  assert.equal(retryDelay({ status: 503, retryAfter: '600' }, 0, steps), 60000);
  assert.equal(retryDelay({ status: 429, retryAfter: 'soon' }, 1, steps), 2000);
});

test('the card notes a provider down, the model out of reach, the budget, a lost connection and a failure', () => {
  const job = run(newJob(), [...EVENTS.slice(0, 4), [5, 'plan', { subQuestions: ['a'], method: 'rules' }],
    [6, 'section_started', { index: 0, title: 'a' }], [7, 'section_done', { index: 0, title: 'a', method: 'extract' }],
    [8, 'cut', { message: 'Deep sources' }]]);
  assert.deepEqual(notesOf({ ...job, link: 'lost' }).map(([kind]) => kind), ['calm', 'calm', 'calm', 'cut', 'link']);
  assert.match(notesOf(job)[1][1], /plan was drawn up without it/);
  assert.match(notesOf(job)[2][1], /quote the sources instead/);
  const failed = applyResearchEvent(job, 'failed', { message: 'The conversation was deleted.' }, 9);
  assert.deepEqual(notesOf({ ...failed, link: 'lost' }).at(-1), ['failed', 'The conversation was deleted.'],
    'no reconnecting once it ended');
  assert.deepEqual(notesOf(run(newJob(), EVENTS)).map(([kind]) => kind), ['calm', 'cut']);
});
