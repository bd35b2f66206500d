// Service worker: the app shell from a versioned cache (cache first), conversations from the
// network with the last copy as fallback (network first), so the app opens and past
// conversations stay readable without a network. The server fills in VERSION (a digest of the
// shell's files) and SHELL, so any change to a file installs a fresh cache.
'use strict';

const VERSION = '__RA_VERSION__';
const SHELL = /* __RA_SHELL__ */ ['/'];
const SHELL_CACHE = 'ra-shell-' + VERSION;
const DATA_CACHE = 'ra-data-v1';
const NETWORK_TIMEOUT_MS = 6000;
const CONVERSATION = /^\/api\/sessions(\/[A-Za-z0-9_-]+)?$/;
// The source viewer: a passage's view like a conversation (network first, last copy offline), and
// drawn pages cache first (their address names their size, and a drawn page never changes), the
// most recent PAGES_KEPT of them.
const SOURCE_VIEW = /^\/api\/library\/documents\/[A-Za-z0-9_-]+\/view$/;
const SOURCE_PAGE = /^\/api\/library\/documents\/[A-Za-z0-9_-]+\/pages\/\d+$/;
const PAGES_CACHE = 'ra-pages-v1';
const PAGES_KEPT = 80;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE)
    .then((cache) => cache.addAll(SHELL.map((path) => new Request(path, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys
      .filter((key) => key.startsWith('ra-shell-') && key !== SHELL_CACHE)
      .map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/s/')) return; // a shared link: its own page, never the app
  if (request.mode === 'navigate') {
    event.respondWith(fromShell('/', request));
  } else if (SHELL.includes(url.pathname) && !url.search) {
    event.respondWith(fromShell(url.pathname, request));
  } else if (CONVERSATION.test(url.pathname) || SOURCE_VIEW.test(url.pathname)) {
    event.respondWith(networkFirst(request));
  } else if (SOURCE_PAGE.test(url.pathname)) {
    event.respondWith(pageFirst(request));
  }
});

async function fromShell(path, request) {
  const cached = await caches.match(path, { cacheName: SHELL_CACHE });
  return cached || fetch(request);
}

async function networkFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  try {
    const response = await fetch(request, { signal: controller.signal, cache: 'no-store' });
    if (response.ok) {
      await cache.put(request, response.clone());
    } else if (response.status === 404) {
      await cache.delete(request);
    }
    return response;
  } catch (err) {
    const cached = await cache.match(request);
    if (cached) {
      const headers = new Headers(cached.headers);
      headers.set('X-RA-Offline', 'cached');
      return new Response(cached.body, { status: cached.status, headers });
    }
    return new Response(JSON.stringify({ error: { code: 'offline',
      message: 'You are offline, and this was not saved for reading offline.' } }),
    { status: 503, headers: { 'Content-Type': 'application/json', 'X-RA-Offline': 'missing' } });
  } finally {
    clearTimeout(timer);
  }
}

/** A drawn page from the cache, else the network (kept); offline, the page at any size seen. */
async function pageFirst(request) {
  const cache = await caches.open(PAGES_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
      trim(cache);
    }
    return response;
  } catch (err) {
    const other = await cache.match(request, { ignoreSearch: true });
    return other || new Response('', { status: 503, headers: { 'X-RA-Offline': 'missing' } });
  }
}

async function trim(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - PAGES_KEPT))) await cache.delete(key);
}
