/*
 * The Polyglot Engineer: offline reading.
 * Network first for every same-origin GET: readers always get the latest page when online,
 * and what they have read (pages and the files they use) stays readable offline.
 * Nothing is fetched ahead of time; nothing from other origins is cached.
 */
"use strict";

var CACHE = "pe-pages-v1";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("pe-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

function store(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url)) return;
  event.respondWith(
    fetch(request).then(function (response) {
      return store(request, response);
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (hit) {
        return hit || caches.match(request, { ignoreSearch: true, ignoreVary: true });
      }).then(function (hit) {
        return hit || Response.error();
      });
    })
  );
});

/* The page that registered the worker was loaded before the worker ran: it sends its own URL
   and the files it used, so that first page is readable offline too. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "cache" || !Array.isArray(data.urls)) return;
  var urls = data.urls.filter(sameOrigin);
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return cache.match(url).then(function (hit) {
          if (hit) return null;
          return fetch(url).then(function (response) {
            if (response.ok) return cache.put(url, response);
            return null;
          }).catch(function () { return null; });
        });
      }));
    })
  );
});
