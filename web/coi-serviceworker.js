// pyshell web/coi-serviceworker.js: makes the page cross-origin isolated on static hosts
// that cannot send the COOP/COEP headers (serve.py sends them itself, and then main.js
// never registers this). main.js registers it only when the page is not isolated, then
// reloads once (guarded in sessionStorage); from then on this service worker answers every
// same-origin request of its folder with the original response plus
//   Cross-Origin-Opener-Policy: same-origin
//   Cross-Origin-Embedder-Policy: require-corp
//   Cross-Origin-Resource-Policy: same-origin
// which is what SharedArrayBuffer (the page ⇄ worker rings) needs. Cross-origin requests
// are left alone: the page loads nothing from other origins.
/* eslint-env serviceworker */
'use strict';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

function withIsolationHeaders(response) {
  if (!response || response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') {
    return response;
  }
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  try {
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  } catch (_) {
    return response; // a status Response() refuses (e.g. 1xx): pass it through untouched
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fetch(request).then(withIsolationHeaders));
});
