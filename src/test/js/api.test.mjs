// The API client without a browser: the event reader against chunks cut anywhere, the error
// types, and what the page hears about the network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, ApiError, EventParser, errorOf, json, readEvents } from '../../main/resources/web/api.js';

const STREAM = 'event: meta\ndata: {"userMessageId":"u1"}\n\n'
  + ': heartbeat\n\n'
  + 'event: token\ndata: {"text":"Grün "}\n\n'
  + 'event: token\r\ndata:{"text":"ist\\n"}\r\n\r\n'
  + 'data: {"plain":true}\n\n'
  + 'event: done\ndata: {"messageId":"a1",\ndata: "finishReason":"stop"}\n\n';

const EXPECTED = [
  { name: 'meta', data: { userMessageId: 'u1' } },
  { name: 'token', data: { text: 'Grün ' } },
  { name: 'token', data: { text: 'ist\n' } },
  { name: 'message', data: { plain: true } },
  { name: 'done', data: { messageId: 'a1', finishReason: 'stop' } },
];

function parseIn(chunks) {
  const parser = new EventParser();
  return chunks.flatMap((c) => parser.push(c));
}

test('the event parser reads names, multi-line data and skips comments', () => {
  assert.deepEqual(parseIn([STREAM]), EXPECTED);
});

test('the event parser gives the same events however the text is cut, CRLF split included', () => {
  for (let cut = 1; cut < STREAM.length; cut++) {
    assert.deepEqual(parseIn([STREAM.slice(0, cut), STREAM.slice(cut)]), EXPECTED, 'cut at ' + cut);
  }
  assert.deepEqual(parseIn([...STREAM]), EXPECTED, 'one character at a time');
});

test('the event parser skips events without data or with data that is not JSON, and waits for the blank line', () => {
  assert.deepEqual(parseIn(['event: ping\n\n', 'event: token\ndata: {oops\n\n', 'event: done\ndata: {}']), []);
});

test('the event parser keeps each event\'s id, as a research job\'s stream numbers them', async () => {
  const stream = 'id: 7\nevent: plan\ndata: {"subQuestions":[]}\n\n: heartbeat\n\nid:8\r\nevent: cut\r\ndata: {"message":"m"}\r\n\r\n';
  const expected = [{ name: 'plan', data: { subQuestions: [] }, id: '7' }, { name: 'cut', data: { message: 'm' }, id: '8' }];
  for (let cut = 1; cut < stream.length; cut++) {
    assert.deepEqual(parseIn([stream.slice(0, cut), stream.slice(cut)]), expected, 'cut at ' + cut);
  }
  const seen = [];
  await readEvents(bytes([stream]), (name, data, id) => seen.push([name, id]));
  assert.deepEqual(seen, [['plan', '7'], ['cut', '8']]);
});

function bytes(chunks) {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      chunks.forEach((c) => controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c));
      controller.close();
    },
  });
}

test('readEvents decodes UTF-8 split across chunks', async () => {
  const encoded = new TextEncoder().encode(STREAM);
  const at = encoded.indexOf(0xc3) + 1; // inside the two bytes of ü
  const seen = [];
  await readEvents(bytes([encoded.slice(0, at), encoded.slice(at)]), (name, data) => seen.push({ name, data }));
  assert.deepEqual(seen, EXPECTED);
});

test('readEvents turns a broken connection into an interrupted ApiError and keeps an abort an AbortError', async () => {
  const broken = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('event: token\ndata: {"text":"a"}\n\n'));
      controller.error(new TypeError('network error'));
    },
  });
  const seen = [];
  await assert.rejects(readEvents(broken, (name) => seen.push(name)),
    (e) => e instanceof ApiError && e.code === 'interrupted' && e.status === 0);

  const aborted = new ReadableStream({
    start(controller) {
      controller.error(new DOMException('stopped', 'AbortError'));
    },
  });
  await assert.rejects(readEvents(aborted, () => {}), (e) => e.name === 'AbortError');
});

function response(status, body, headers = {}) {
  return new Response(body, { status, headers });
}

function fakeNetwork() {
  const calls = [];
  return { calls, worked: () => calls.push('worked'), failed: () => calls.push('failed') };
}

test('errorOf reads the API error body and Retry-After, and names statuses without one', async () => {
  const typed = await errorOf(response(429, '{"error":{"code":"rate_limited","message":"Slow down."}}',
    { 'Retry-After': '7' }));
  assert.deepEqual([typed.status, typed.code, typed.message, typed.retryAfter], [429, 'rate_limited', 'Slow down.', '7']);
  const bare = await errorOf(response(502, '<html>bad gateway</html>'));
  assert.deepEqual([bare.status, bare.code, bare.message], [502, 'http_502', 'The server answered 502.']);
});

test('request reports the network and throws ApiErrors', async () => {
  const network = fakeNetwork();
  const replies = [
    response(200, '{}'),
    response(200, '{}', { 'X-RA-Offline': 'cached' }),
    response(404, '{"error":{"code":"not_found","message":"session not found"}}'),
  ];
  const seen = [];
  const api = new Api(network, async (path, options) => {
    seen.push([path, options.credentials]);
    return replies.shift();
  });

  assert.equal((await api.request('/api/sessions')).status, 200);
  await api.request('/api/sessions/a');
  await assert.rejects(api.request('/api/sessions/b'), (e) => e.status === 404 && e.code === 'not_found');
  assert.deepEqual(network.calls, ['worked', 'failed', 'worked']);
  assert.deepEqual(seen[0], ['/api/sessions', 'same-origin']);
});

test('request without a connection is an offline ApiError, and an abort stays an abort', async () => {
  const network = fakeNetwork();
  const offline = new Api(network, async () => { throw new TypeError('Failed to fetch'); });
  await assert.rejects(offline.request('/x'), (e) => e instanceof ApiError && e.code === 'offline' && e.status === 0);
  const aborted = new Api(network, async () => { throw new DOMException('stopped', 'AbortError'); });
  await assert.rejects(aborted.request('/x'), (e) => e.name === 'AbortError');
  assert.deepEqual(network.calls, ['failed']);
});

test('answer posts the body for an event stream and fails with the API error', async () => {
  const sent = [];
  const api = new Api(fakeNetwork(), async (path, options) => {
    sent.push({ path, options });
    return sent.length === 1 ? response(200, 'event: done\ndata: {}\n\n')
      : response(409, '{"error":{"code":"not_retryable","message":"no"}}');
  });
  const signal = new AbortController().signal;
  await api.answer('s/1', { retry: 'u1' }, signal);
  assert.equal(sent[0].path, '/api/sessions/s%2F1/messages');
  assert.equal(sent[0].options.headers.Accept, 'text/event-stream');
  assert.equal(sent[0].options.signal, signal);
  assert.deepEqual(JSON.parse(sent[0].options.body), { retry: 'u1' });
  await assert.rejects(api.answer('s1', { retry: 'u1' }), (e) => e.code === 'not_retryable');
});

test('json builds a JSON request', () => {
  assert.deepEqual(json({ title: 'x' }, 'PATCH'),
    { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{"title":"x"}' });
});
