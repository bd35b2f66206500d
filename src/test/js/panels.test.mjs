// What the answer's panels show, before any DOM: the trace as a timeline and the sources grouped
// under their documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duration, hurt, timeline } from '../../main/resources/web/timeline.js';
import { citation, groupSources } from '../../main/resources/web/sourcegroups.js';

const step = (name, startMillis, durationMillis, extra = {}) => ({
  step: name, startMillis, durationMillis, model: '', promptTokens: -1, completionTokens: -1, fallbackUsed: false,
  outcome: 'ok', detail: '', ...extra,
});

test('the timeline shows the wall time, not the sum of steps that ran side by side', () => {
  const trace = {
    steps: [
      step('intent', 2, 900, { model: 'm', promptTokens: 80, completionTokens: 12 }),
      step('context', 2, 0, { outcome: 'skipped' }), step('retrieval', 3, 1400), step('expertise', 1405, 1),
      step('synthesis', 1410, 2200, { model: 'm' }), step('safety', 1408, 2250, { model: 'm' }),
    ],
    timing: { totalMillis: 3700, firstTokenMillis: 1900 },
  };
  const t = timeline(trace);
  assert.equal(t.total, 3700);
  assert.notEqual(t.total, trace.steps.reduce((sum, s) => sum + s.durationMillis, 0));
  assert.equal(t.placed, true);
  assert.equal(t.firstToken, 1900);
  assert.equal(t.firstAt, 51.4);
  assert.deepEqual(t.rows.map((r) => r.step), ['intent', 'context', 'retrieval', 'expertise', 'safety', 'synthesis']);
  const synthesis = t.rows.find((r) => r.step === 'synthesis');
  assert.deepEqual([synthesis.left, synthesis.width, synthesis.name], [38.1, 59.5, 'Writing the answer']);
  assert.equal(t.rows.find((r) => r.step === 'intent').note, 'm · 80 → 12 tokens');
  assert.equal(t.rows.find((r) => r.step === 'retrieval').note, 'rules');
  assert.equal(t.rows.find((r) => r.step === 'context').note, 'nothing to do');
  assert.equal(t.rows.find((r) => r.step === 'context').skipped, true);
  assert.ok(t.rows.every((r) => !r.hurt));
});

test('rules standing in for a model are routine; a failed, quoted or backup-written answer hurt it', () => {
  assert.equal(hurt(step('intent', 0, 3, { outcome: 'fallback', fallbackUsed: true, detail: 'rules: model failed' })),
    false);
  assert.equal(hurt(step('safety', 0, 300, { outcome: 'fallback', fallbackUsed: true, detail: 'rules only' })), false);
  assert.equal(hurt(step('synthesis', 0, 30, { outcome: 'failed', detail: 'TIMEOUT' })), true);
  assert.equal(hurt(step('extractive', 0, 30, { outcome: 'fallback', fallbackUsed: true })), true);
  assert.equal(hurt(step('synthesis', 0, 30, { model: 'b', outcome: 'fallback', fallbackUsed: true })), true);
  assert.equal(hurt(step('context', 0, 30, { outcome: 'fallback', fallbackUsed: true,
    detail: 'extractive: model failed (TIMEOUT)' })), true);
});

test('a trace stored before steps had starts draws each duration from zero, with the stored latency', () => {
  const old = { steps: [{ step: 'intent', durationMillis: 3, model: '', outcome: 'fallback', fallbackUsed: true },
    { step: 'synthesis', durationMillis: 850, model: 'm', outcome: 'ok' }] };
  const t = timeline(old, 900);
  assert.equal(t.placed, false);
  assert.equal(t.total, 900);
  assert.equal(t.firstToken, null);
  assert.deepEqual(t.rows.map((r) => [r.step, r.left, r.width]), [['intent', 0, 0.3], ['synthesis', 0, 94.4]]);
  assert.equal(timeline(old).total, null);
  assert.deepEqual(timeline(null).rows, []);
});

test('durations read as people say them', () => {
  assert.deepEqual([0, 420, 999, 1000, 3660, 12400, 65000].map(duration),
    ['0 ms', '420 ms', '999 ms', '1.0 s', '3.7 s', '12 s', '1 min 5 s']);
});

test('passages are grouped under their document in citation order, earlier turns on their own', () => {
  const groups = groupSources([
    { n: 3, kind: 'library', documentId: 'd2', title: 'Memory review', location: 'Methods', snippet: 'c', score: 0.5 },
    { n: 1, kind: 'library', documentId: 'd1', title: 'Sleep notes', location: 'p. 3', snippet: 'a', score: 0.9 },
    { n: 2, kind: 'library', documentId: 'd1', title: 'Sleep notes', location: 'p. 7', snippet: 'b', score: 0.8 },
    { n: 4, kind: 'memory', documentId: '', title: 'Earlier', location: '', snippet: 'you asked', score: 0.4 },
    { n: 5, kind: 'library', documentId: 'd1', title: 'Sleep notes', location: '', snippet: 'e' },
  ]);
  assert.deepEqual(groups.map((g) => [g.title, g.documentId, g.passages.map((p) => p.n)]), [
    ['Sleep notes', 'd1', [1, 2, 5]], ['Memory review', 'd2', [3]], ['Earlier in this conversation', '', [4]],
  ]);
  assert.deepEqual(groups[0].passages[0], { n: 1, location: 'p. 3', snippet: 'a', score: 0.9 });
  assert.equal(groups[0].passages[2].score, null);
  assert.deepEqual(groupSources(undefined), []);
});

test('a document with a reference shows who wrote it where and when, and its DOI', () => {
  const [group] = groupSources([{ n: 1, kind: 'library', documentId: 'd1', title: 'Replay', location: '',
    snippet: 's', authors: ['Ng, Lee', 'Müller, Anna'], year: 2019, venue: 'Sleep', doi: '10.1000/replay' }]);
  assert.equal(group.citation, 'Ng, Lee; Müller, Anna (2019). Sleep.');
  assert.equal(group.doi, '10.1000/replay');
  assert.equal(citation({ authors: ['A', 'B', 'C', 'D'] }), 'A; B; C et al.');
  assert.equal(citation({ year: 2020 }), '(2020).');
  assert.equal(citation({ title: 'No reference' }), '');
});
