// The outbox against an in-memory storage: what it keeps, and the order and pace of sending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox, bannerText } from '../../main/resources/web/outbox.js';
import { alreadyStored } from '../../main/resources/web/redelivery.js';

class MemoryStorage {
  constructor(initial = {}) {
    this.values = new Map(Object.entries(initial));
  }

  getItem(key) {
    return this.values.has(key) ? this.values.get(key) : null;
  }

  setItem(key, value) {
    this.values.set(key, String(value));
  }
}

function outbox(storage = new MemoryStorage()) {
  let clock = Date.parse('2026-01-02T03:04:05Z');
  let changes = 0;
  const box = new Outbox(storage, () => { changes++; }, () => clock++, () => 0.5);
  return { box, storage, changes: () => changes };
}

test('keeps messages in storage, in order, per conversation', () => {
  const { box, storage, changes } = outbox();
  const first = box.add('one', null);
  box.add('two', 's1');
  box.add('three', 's1');

  assert.deepEqual(box.items().map((o) => o.text), ['one', 'two', 'three']);
  assert.deepEqual(box.forSession('s1').map((o) => o.text), ['two', 'three']);
  assert.deepEqual(box.forSession(null).map((o) => o.id), [first.id]);
  assert.equal(first.at, '2026-01-02T03:04:05.000Z');
  assert.equal(new Set(box.items().map((o) => o.id)).size, 3);
  assert.equal(changes(), 3);
  // a page opened later (a reload) finds them
  assert.deepEqual(new Outbox(storage).items().map((o) => o.text), ['one', 'two', 'three']);

  box.remove(first.id);
  box.dropSession('s1');
  assert.deepEqual(box.items(), []);
});

test('storage that holds something else reads as empty', () => {
  assert.deepEqual(new Outbox(new MemoryStorage({ 'ra.outbox': '{not json' })).items(), []);
  assert.deepEqual(new Outbox(new MemoryStorage({ 'ra.outbox': '{"a":1}' })).items(), []);
});

test('flush sends oldest first, one at a time, creating a conversation where one is missing', async () => {
  const { box } = outbox();
  box.add('one', null);
  box.add('two', 's1');
  const log = [];
  let sending = 0;
  const ran = await box.flush({
    canSend: () => true,
    createSession: async () => { log.push('create'); return 's-new'; },
    send: async (item, sessionId) => {
      assert.equal(sending++, 0, 'one at a time');
      assert.ok(!box.items().some((o) => o.id === item.id), 'out of the box as it is sent');
      log.push(item.text + '->' + sessionId);
      await Promise.resolve();
      sending--;
    },
  });
  assert.equal(ran, true);
  assert.deepEqual(log, ['create', 'one->s-new', 'two->s1']);
  assert.deepEqual(box.items(), []);
});

test('flush stops when sending is no longer possible and keeps the rest', async () => {
  const { box } = outbox();
  box.add('one', 's1');
  box.add('two', 's1');
  let online = true;
  const sent = [];
  await box.flush({
    canSend: () => online,
    createSession: async () => 'unused',
    send: async (item) => { sent.push(item.text); online = false; },
  });
  assert.deepEqual(sent, ['one']);
  assert.deepEqual(box.items().map((o) => o.text), ['two']);
});

test('flush keeps a message whose conversation cannot be created', async () => {
  const { box } = outbox();
  box.add('one', null);
  const ran = await box.flush({
    canSend: () => true,
    createSession: async () => { throw new Error('offline'); },
    send: async () => assert.fail('nothing is sent'),
  });
  assert.equal(ran, true);
  assert.equal(box.items().length, 1);
});

test('flush does not start twice, nor when empty or unable to send', async () => {
  const { box } = outbox();
  const never = { canSend: () => true, createSession: async () => 's', send: async () => assert.fail('not sent') };
  assert.equal(await box.flush(never), false);
  box.add('one', 's1');
  assert.equal(await box.flush({ ...never, canSend: () => false }), false);

  let release;
  const first = box.flush({ ...never, send: () => new Promise((resolve) => { release = resolve; }) });
  assert.equal(await box.flush(never), false, 'a second flush while the first runs');
  release();
  assert.equal(await first, true);
});

test('the banner says whether the page is offline and how many messages wait', () => {
  assert.deepEqual(bannerText(true, 0), { strong: 'You are offline.',
    rest: 'Saved conversations stay readable; messages you send now go out when the connection returns.' });
  assert.equal(bannerText(true, 1).rest, '1 message waits and will be sent when the connection returns.');
  assert.equal(bannerText(true, 2).rest, '2 messages wait and will be sent when the connection returns.');
  assert.deepEqual(bannerText(false, 2), { strong: '', rest: 'Sending 2 waiting messages…' });
  assert.equal(bannerText(false, 0), null);
});

test('a message sent once keeps when it was sent, and one put back goes first as it was', () => {
  const { box } = outbox();
  box.add('later', 's1');
  const lost = box.add('lost question', 's1', { sentAt: Date.parse('2026-01-02T03:00:00Z') });
  box.remove(lost.id);

  box.restore(lost);

  assert.equal(box.items()[0].id, lost.id);
  assert.equal(box.items()[0].sentAt, '2026-01-02T03:00:00.000Z');
  assert.equal(box.items().length, 2);
});

test('a lost message is recognised as stored only when the newest question is it, stored after it was sent', () => {
  const item = { text: 'What do spindles do?', sentAt: '2026-01-02T03:00:00.000Z' };
  const session = (content, createdAt) => ({ messages: [
    { role: 'user', content: 'older', createdAt: '2026-01-01T00:00:00Z' },
    { role: 'assistant', content: 'an answer', createdAt: '2026-01-01T00:00:01Z' },
    { role: 'user', content, createdAt },
  ] });

  assert.equal(alreadyStored(item, session('What do spindles do?', '2026-01-02T03:00:00.400Z')), true);
  // the server's clock a minute behind the phone's
  assert.equal(alreadyStored(item, session('What do spindles do?', '2026-01-02T02:59:00Z')), true);
  // the same words asked yesterday: this one was not stored
  assert.equal(alreadyStored(item, session('What do spindles do?', '2026-01-01T03:00:00Z')), false);
  assert.equal(alreadyStored(item, session('Something else', '2026-01-02T03:00:01Z')), false);
  // a message never sent (typed offline) is not checked
  assert.equal(alreadyStored({ text: 'What do spindles do?' }, session('What do spindles do?', '2026-01-02T03:00:01Z')), false);
});
