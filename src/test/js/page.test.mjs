// The page's modules as files: what index.html preloads, what loads lazily, and that no module
// hands markup to the DOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '../../main/resources/web');
const LAZY = ['/views/panels.js', '/views/library.js', '/views/imports.js', '/timeline.js', '/sourcegroups.js',
  '/views/devices.js', '/views/share.js', '/views/search.js', '/views/collections.js', '/views/dictation.js',
  '/views/viewer.js', '/viewing.js', '/views/research.js', '/views/researchcard.js', '/research.js',
  '/redelivery.js'];

function read(path) {
  return readFileSync(join(WEB, path), 'utf8');
}

/** The modules a module imports statically, as site paths. */
function imports(path) {
  const source = read(path);
  const found = [...source.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return found.map((spec) => '/' + relative(WEB, resolve(WEB, dirname(path.slice(1)), spec)));
}

function closure(entry) {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    imports(path).forEach(visit);
  };
  visit(entry);
  return seen;
}

function modules(dir = WEB) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? modules(join(dir, e.name))
    : e.name.endsWith('.js') ? ['/' + relative(WEB, join(dir, e.name))] : []));
}

test('index.html preloads every module the first visit imports, and nothing loaded lazily', () => {
  const html = read('/index.html');
  const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]));
  const needed = closure('/main.js');
  needed.delete('/main.js');
  assert.match(html, /<script type="module" src="\/main.js"><\/script>/);
  assert.deepEqual([...preloaded].sort(), [...needed].sort());
  for (const lazy of LAZY) {
    assert.ok(!needed.has(lazy), lazy + ' is loaded only when needed');
    assert.ok(modules().includes(lazy));
  }
});

test('every module is reachable from main.js, statically or by a lazy import', () => {
  const reachable = closure('/main.js');
  LAZY.forEach((lazy) => closure(lazy).forEach((m) => reachable.add(m)));
  // a plain script before first paint, the service worker, and the page of a shared link (share.html's own)
  const classic = ['/theme.js', '/sw.js', '/share.js'];
  assert.deepEqual(modules().filter((m) => !reachable.has(m) && !classic.includes(m)), []);
});

test('no module assigns markup to the DOM (the CSP would refuse it anyway)', () => {
  for (const path of modules()) {
    assert.doesNotMatch(read(path), /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(/, path);
  }
});
