// Whether the server can be reached, with fake timers and a fake /health.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Network } from '../../main/resources/web/network.js';

function network({ browserOnline = true, health = async () => new Response('{}', { status: 200 }) } = {}) {
  const log = [];
  const timers = {
    pending: null,
    setTimeout(fn) { this.pending = fn; return 1; },
    clearTimeout() { this.pending = null; },
  };
  const net = new Network({ onChange: () => log.push('change'), onReconnect: () => log.push('reconnect'),
    browserOnline: () => browserOnline, fetcher: health, timers });
  return { net, log, timers };
}

test('a failed request makes the page offline until a probe of /health answers', async () => {
  const { net, log, timers } = network();
  assert.equal(net.offline(), false);

  net.failed();
  assert.equal(net.offline(), true);
  assert.ok(timers.pending, 'a probe is scheduled');

  await timers.pending();
  assert.equal(net.offline(), false);
  assert.deepEqual(log, ['change', 'change', 'reconnect']);
});

test('a server that answers 503 is reachable; a failing probe tries again later', async () => {
  let reply = async () => { throw new TypeError('Failed to fetch'); };
  const { net, timers } = network({ health: (...args) => reply(...args) });
  net.failed();
  await timers.pending();
  assert.equal(net.offline(), true);
  assert.ok(timers.pending, 'probing again');

  reply = async () => new Response('{}', { status: 503 });
  await timers.pending();
  assert.equal(net.offline(), false);
});

test('a request that works again ends offline at once; one that works while online changes nothing', () => {
  const { net, log } = network();
  net.worked();
  assert.deepEqual(log, []);
  net.failed();
  net.worked();
  assert.equal(net.offline(), false);
  assert.deepEqual(log, ['change', 'change', 'reconnect']);
});

test('the browser going offline is believed at once, its coming back only once the server answers', async () => {
  const { net, log } = network();
  net.wentOffline();
  assert.equal(net.offline(), true);
  await net.wentOnline();
  assert.equal(net.offline(), false);
  assert.deepEqual(log, ['change', 'change', 'reconnect']);
});
