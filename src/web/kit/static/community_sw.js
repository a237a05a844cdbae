// The community tablet app's service worker: keeps the app page and its assets so the member can
// open it with no network for days (network first, the kept copy when offline). API calls are
// never kept: the outbox lives in IndexedDB, encrypted, and is sent by the page.
const CACHE = 'motcua-community-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  if (!(url.pathname === '/to-cong-nghe-so' || url.pathname.startsWith('/static/') ||
        url.pathname === '/to-cong-nghe-so.webmanifest')) return;
  event.respondWith(fetch(request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  }).catch(() => caches.match(request).then((kept) => kept || Response.error())));
});
