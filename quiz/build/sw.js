// Connect or Not service worker: the course keeps working offline after a visit.
// The build fills in the three constants below and writes this file to the site's
// root as sw.js.
//
// - The site's pages and assets are cached when the worker installs, under a name
//   that changes whenever any of them changes.
// - The grader's runtime (Pyodide, ~8 MB) is cached only once a card page has
//   started the grader, under a name that changes with the runtime: readers of the
//   guide never download it, and a course update does not download it again.
// - Pages are fetched from the network first (so they stay current), falling back
//   to the cache when offline or after a few seconds on bad Wi-Fi. The versioned
//   runtime never changes, so it comes from the cache first.

const SITE_FILES = "__SITE_FILES__";
const RUNTIME_FILES = "__RUNTIME_FILES__";
const VERSIONS = "__VERSIONS__";

const SITE_CACHE = `connect-or-not-site-${VERSIONS.site}`;
const RUNTIME_CACHE = `connect-or-not-runtime-${VERSIONS.runtime}`;
const NETWORK_TIMEOUT_MS = 4000;

const scoped = (path) => new URL(path, self.registration.scope).href;
const runtimeURLs = new Set(RUNTIME_FILES.map(scoped));

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SITE_CACHE);
    await cache.addAll(SITE_FILES.map(scoped));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([SITE_CACHE, RUNTIME_CACHE]);
    for (const name of await caches.keys()) {
      if (name.startsWith("connect-or-not-") && !keep.has(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// A card page asks for the runtime once its grader is ready (the files are then
// in the browser's HTTP cache, so this costs little).
self.addEventListener("message", (event) => {
  if (event.data !== "cache-runtime") return;
  event.waitUntil((async () => {
    const cache = await caches.open(RUNTIME_CACHE);
    const missing = [];
    for (const url of runtimeURLs) if (!(await cache.match(url))) missing.push(url);
    await cache.addAll(missing);
    event.source?.postMessage("runtime-cached");
  })());
});

async function fromNetwork(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

async function cached(url) {
  return (await caches.match(url, { ignoreSearch: true })) || null;
}

async function respond(request) {
  const url = request.url;
  const hit = await cached(url);
  // The grader's preflight asks for headers only; answer it like the file would.
  const shape = (response) => (request.method === "HEAD"
    ? new Response(null, { status: response.status, headers: response.headers })
    : response);
  if (hit && runtimeURLs.has(url)) return shape(hit);
  try {
    return await fromNetwork(request);
  } catch (error) {
    if (hit) return shape(hit);
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!["GET", "HEAD"].includes(request.method)) return;
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(respond(request));
});
