// PhotoCalc's service worker: every page of the site, once visited, opens and computes with
// the network off. tools/finish.mjs writes it into dist/sw.js with the site's version (a hash of
// all its files) and the list of those files.
//
// Install caches every file of this version in its own cache; the worker then waits until no
// page of the previous version is open (or the page's "Reload now" asks it not to), so an open
// page never mixes old and new files. Activate deletes the caches of older versions.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `photocalc-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    // `reload`: from the server, never from a stale HTTP cache.
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('photocalc-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(respond(request, url));
});

/** This version's copy of the file, or the network's when the cache has none. */
async function respond(request, url) {
  const cache = await caches.open(CACHE);
  let hit;
  if (request.mode === 'navigate') {
    // A page: its address without query or fragment; a folder is its index.html.
    url.search = '';
    url.hash = '';
    if (url.pathname.endsWith('/')) url.pathname += 'index.html';
    hit = await cache.match(url.href);
  } else {
    hit = await cache.match(request);
  }
  return hit ?? fetch(request);
}
