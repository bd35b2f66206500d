// The state reducer and the decisions around it: what each event and each failure does to an
// answer, what Retry sends, what is announced, and what a stored conversation shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NOTICES, announcement, applyEvent, conversationItems, failureOf, newAnswer, removedNote, renamedSession, retryBody,
  storedAnswer, suggestionsFor, verdictMarks, withSession, withoutRemoved, withoutSession,
} from '../../main/resources/web/state.js';
import { ApiError } from '../../main/resources/web/api.js';

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Applies events in order, checking that no step changes the answer it was given. */
function run(answer, events) {
  return events.reduce((current, [name, data]) => applyEvent(deepFreeze(current), name, data), answer);
}

test('a streamed answer builds up from its events and ends complete', () => {
  const answer = run(newAnswer('Why green?', 's1'), [
    ['meta', { sessionId: 's1', userMessageId: 'u1', profile: 'desktop', model: 'm' }],
    ['plan', { expertiseLabel: 'Botanist' }],
    ['sources', { sources: [{ n: 1, title: 'Leaves' }] }],
    ['token', { text: 'Chlorophyll ' }],
    ['token', { text: 'reflects green [1].' }],
    ['safety', { notes: [{ message: 'careful' }] }],
    ['trace', { steps: [{ step: 'synthesis' }] }],
    ['done', { messageId: 'a1', finishReason: 'stop', notice: '' }],
    ['end', {}],
  ]);
  assert.equal(answer.content, 'Chlorophyll reflects green [1].');
  assert.deepEqual([answer.userMessageId, answer.acknowledged, answer.id, answer.model], ['u1', true, 'a1', 'm']);
  assert.deepEqual([answer.status, answer.finished, answer.streaming, answer.error], ['complete', true, false, null]);
  assert.equal(answer.plan.expertiseLabel, 'Botanist');
  assert.equal(answer.sources.length, 1);
  assert.equal(answer.safety[0].message, 'careful');
  assert.equal(answer.trace.steps[0].step, 'synthesis');
  assert.deepEqual(answer.notes, []);
});

test('a done with a notice says why there was no model answer', () => {
  const answer = run(newAnswer('q', 's'), [['done', { messageId: 'a', notice: 'retrieval_only' }]]);
  assert.deepEqual(answer.notes, [NOTICES.retrieval_only]);
});

test('an error event after part of the answer keeps it as partial and offers Retry', () => {
  const partial = run(newAnswer('q', 's'), [['meta', { userMessageId: 'u1' }], ['token', { text: 'Part' }],
    ['error', { code: 'upstream_error', message: 'The language model failed.', messageId: 'a1', status: 502 }]]);
  assert.deepEqual([partial.status, partial.id, partial.finished], ['partial', 'a1', true]);
  assert.deepEqual(partial.error, { message: 'The language model failed.', retryable: true });
  const nothing = run(newAnswer('q', 's'), [['error', { message: 'busy', messageId: '' }]]);
  assert.equal(nothing.status, 'failed');
});

test('an event the page does not know leaves the answer as it was', () => {
  const answer = deepFreeze(newAnswer('q', 's'));
  assert.equal(applyEvent(answer, 'research_progress', {}), answer);
});

test('failures are told apart by whether the server stored the question', () => {
  const lost = new ApiError(0, 'offline', 'No connection to the server.');
  const dropped = new ApiError(0, 'interrupted', 'The connection dropped.');
  const busy = new ApiError(409, 'answer_in_progress', 'still answering');
  const limited = new ApiError(429, 'rate_limited', 'Too many messages.', '12');
  const refused = new ApiError(409, 'not_retryable', 'Already answered.');
  const fresh = { stopped: false, acknowledged: false, queueable: true };

  assert.deepEqual(failureOf(lost, { ...fresh, stopped: true }), { kind: 'stopped' });
  assert.deepEqual(failureOf(busy, fresh), { kind: 'busy' });
  assert.deepEqual(failureOf(dropped, { ...fresh, acknowledged: true }), { kind: 'dropped' });
  assert.deepEqual(failureOf(lost, fresh), { kind: 'requeue' });
  assert.deepEqual(failureOf(lost, { ...fresh, queueable: false }),
    { kind: 'failed', message: 'No connection to the server.', retryable: true });
  assert.deepEqual(failureOf(limited, fresh),
    { kind: 'failed', message: 'Too many messages. Try again in 12 s.', retryable: true });
  assert.equal(failureOf(refused, fresh).retryable, false);
  assert.equal(failureOf(new TypeError('x is undefined'), fresh).kind, 'failed');
});

test('each failure shows as the page expects', () => {
  const start = newAnswer('q', 's');
  assert.equal(applyEvent(start, 'failure', { kind: 'stopped' }).status, 'partial');
  const busy = applyEvent(start, 'failure', { kind: 'busy' });
  assert.equal(busy.error.retryable, true);
  assert.match(busy.notes[0], /still being written/);
  assert.match(applyEvent(start, 'failure', { kind: 'dropped' }).notes[0], /server finishes the answer/);
  const failed = applyEvent(start, 'failure', { kind: 'failed', message: 'Nope.', retryable: false });
  assert.deepEqual([failed.status, failed.error], ['failed', { message: 'Nope.', retryable: false }]);
});

test('Retry asks again by id for a stored question and resends one the server never stored', () => {
  const stored = run(newAnswer('Why green?', 's'), [['meta', { userMessageId: 'u1' }], ['error', { message: 'x' }]]);
  assert.deepEqual(retryBody(stored), { retry: 'u1' });
  assert.deepEqual(retryBody(newAnswer('Why green?', 's')), { content: 'Why green?' });
  // a retry that never reached the server still knows the stored question
  const again = { ...newAnswer('Why green?', 's'), userMessageId: 'u1' };
  assert.deepEqual(retryBody(applyEvent(again, 'failure', { kind: 'failed', message: 'offline', retryable: true })),
    { retry: 'u1' });
  assert.equal(again.acknowledged, false);
});

test('the announcement says the answer once, shortened, or why there is none', () => {
  const done = run(newAnswer('q', 's'), [['token', { text: '# Title\n\n' + 'word '.repeat(200) }], ['done', {}]]);
  const said = announcement(done, null);
  assert.match(said, /^Answer: Title word word/);
  assert.ok(said.endsWith('…') && said.length <= 'Answer: '.length + 601);
  assert.equal(announcement(done, { kind: 'stopped' }), 'Stopped.');
  const failed = applyEvent(newAnswer('q', 's'), 'failure', { kind: 'failed', message: 'Nope.', retryable: true });
  assert.equal(announcement(failed, {}), 'The answer failed: Nope.');
  assert.equal(announcement(applyEvent(newAnswer('q', 's'), 'failure', { kind: 'dropped' }), {}), '');
});

const user = (id, content) => ({ id, role: 'user', content, status: 'complete' });
const reply = (id, status) => ({ id, role: 'assistant', content: id + ' text', status, sources: [] });
const kinds = (items) => items.map((i) => (i.kind === 'answer' ? 'answer:' + i.answer.id : i.kind));

test('a stored conversation shows the newest attempt of a retried answer', () => {
  const session = { messages: [user('u1', 'a'), reply('a1', 'complete'), user('u2', 'b'), reply('a2', 'partial'),
    reply('a3', 'complete')], answering: false };
  assert.deepEqual(kinds(conversationItems(session)), ['user', 'answer:a1', 'user', 'answer:a3']);
  assert.deepEqual(conversationItems(session)[1].answer, storedAnswer(session.messages[1]));
});

test('a stopped answer stays, and an answer still being written shows as such', () => {
  const stopped = { messages: [user('u1', 'a'), reply('a1', 'partial')], answering: false };
  assert.deepEqual(kinds(conversationItems(stopped)), ['user', 'answer:a1']);
  const asked = { messages: [user('u1', 'a')], answering: true };
  assert.deepEqual(kinds(conversationItems(asked)), ['user', 'writing']);
  const retrying = { messages: [user('u1', 'a'), reply('a1', 'partial')], answering: true };
  assert.deepEqual(kinds(conversationItems(retrying)), ['user', 'writing']);
  const answered = { messages: [user('u1', 'a'), reply('a1', 'complete')], answering: true };
  assert.deepEqual(kinds(conversationItems(answered)), ['user', 'answer:a1']);
  assert.deepEqual(conversationItems({ messages: [], answering: false }), []);
});

test('the conversation list puts the latest first, renames and forgets', () => {
  const list = deepFreeze([{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }]);
  assert.deepEqual(withSession(list, { id: 'b', title: 'B2' }).map((s) => s.title), ['B2', 'A']);
  assert.deepEqual(renamedSession(list, 'a', 'Z').map((s) => s.title), ['Z', 'B']);
  assert.deepEqual(withoutSession(list, 'a').map((s) => s.id), ['b']);
});

test('a new conversation suggests questions about the documents in the library, ready ones first', () => {
  const docs = [
    { title: 'Uploading', status: 'indexing' },
    { title: 'Sleep and memory consolidation', status: 'ready' },
    { title: 'Broken scan', status: 'failed' },
    { title: 'Statistical power and sample size', status: 'ready' },
  ];
  assert.deepEqual(suggestionsFor(docs), [
    'What are the key points of “Sleep and memory consolidation”?',
    'Summarise “Statistical power and sample size”, with its evidence.',
    'What questions does “Uploading” leave open?',
  ]);
  assert.deepEqual(suggestionsFor([{ title: 'A '.repeat(40), status: 'ready' }]), [
    'What are the key points of “' + 'A '.repeat(23) + 'A…”?',
    'How strong is the evidence in “' + 'A '.repeat(23) + 'A…”?',
    'What questions does my library leave open?',
  ]);
  assert.deepEqual(suggestionsFor([]), []);
  assert.deepEqual(suggestionsFor([{ title: 'Broken', status: 'failed' }]), []);
});

test('an answer keeps its wall time from done, or from the stored message', () => {
  const done = applyEvent(newAnswer('q', 's'), 'done', { messageId: 'a', timings: { firstTokenMs: 5, totalMs: 900 } });
  assert.equal(done.totalMs, 900);
  assert.equal(storedAnswer({ id: 'a', content: 'x', status: 'complete', latencyMs: 1200 }).totalMs, 1200);
  assert.equal(storedAnswer({ id: 'a', content: 'x', status: 'complete' }).totalMs, null);
});

test('the citations event drops the markers that named no source, leaving the text the server stored', () => {
  // given: what the server streamed, and what it stored (the same offsets the Java side computed)
  const streamed = 'Cycles last 60 minutes [1]. Spindles are 11-16 Hz [9]. Both [1, 9] matter.';
  const stored = 'Cycles last 60 minutes [1]. Spindles are 11-16 Hz. Both [1] matter.';
  const removed = [{ numbers: [9], start: 49, end: 53, replacement: '' },
    { numbers: [9], start: 60, end: 66, replacement: '[1]' }];
  const claims = [{ start: 0, end: 27, sources: [1], verdict: 'unsupported', reason: 'numbers_differ',
    note: '[1] does not give 60 minutes.' }, { start: 28, end: 50, sources: [], verdict: 'weak',
    reason: 'uncited_figures', note: 'States figures (11, 16 Hz) without a citation.' }];

  // when
  const answer = run(newAnswer('q', 's1'), [
    ['token', { text: streamed.slice(0, 30) }], ['token', { text: streamed.slice(30) }],
    ['done', { messageId: 'a1' }], ['citations', { messageId: 'a1', claims, removed, unchecked: 0 }]]);

  // then: the page shows what a reload will show
  assert.equal(answer.content, stored);
  const reloaded = storedAnswer({ id: 'a1', role: 'assistant', content: stored, status: 'complete',
    citations: { claims, removed, unchecked: 0 } });
  assert.equal(reloaded.content, answer.content);
  assert.deepEqual(verdictMarks(reloaded), verdictMarks(answer));
  assert.deepEqual(verdictMarks(answer), [
    { end: 27, verdict: 'unsupported', note: '[1] does not give 60 minutes.' },
    { end: 50, verdict: 'weak', note: 'States figures (11, 16 Hz) without a citation.' }]);
  assert.equal(removedNote(answer), 'Removed [9], [9]: they named no source given to the model.');
});

test('supported sentences get no mark, marks past the text are dropped, and no check means no note', () => {
  const answer = { content: 'Short.', citations: { claims: [
    { start: 0, end: 6, verdict: 'supported', note: 'ok' }, { start: 0, end: 60, verdict: 'weak', note: 'x' }],
  removed: [] } };
  assert.deepEqual(verdictMarks(answer), []);
  assert.equal(removedNote(answer), '');
  assert.equal(removedNote(newAnswer('q', 's')), '');
  assert.deepEqual(verdictMarks(storedAnswer({ id: 'a', content: 'x', status: 'complete' })), []);
  assert.equal(withoutRemoved('abc [9].', [{ start: 3, end: 7, replacement: '' }]), 'abc.');
  assert.equal(removedNote({ citations: { removed: [{ numbers: [7], start: 0, end: 3 }] } }),
    'Removed [7]: it named no source given to the model.');
});
