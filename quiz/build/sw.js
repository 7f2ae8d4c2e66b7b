// Connect or Not service worker: the course keeps working offline after a visit.
// The build fills in the three constants below and writes this file to the site's
// root as sw.js.
//
// - Installing caches nothing, so a first visit costs only this file. Pages and
//   assets are cached as they are fetched.
// - Once a card page's grader runs, the page asks for everything: the whole site
//   and the runtime files its grader started with (the lean or the fast way, the
//   other one is not downloaded). Readers of the guide alone never download the
//   runtime.
// - The site and the runtime have caches of their own, named by their versions:
//   a course update replaces the site's cache without downloading the runtime.
// - Pages come from the network first (so they stay current), falling back to the
//   cache when offline or after a few seconds on bad Wi-Fi. The versioned runtime
//   never changes, so it comes from the cache first.

const SITE_FILES = "__SITE_FILES__";
const RUNTIME_FILES = "__RUNTIME_FILES__";
const VERSIONS = "__VERSIONS__";

const SITE_CACHE = `connect-or-not-site-${VERSIONS.site}`;
const RUNTIME_CACHE = `connect-or-not-runtime-${VERSIONS.runtime}`;
const NETWORK_TIMEOUT_MS = 4000;

const scoped = (path) => new URL(path, self.registration.scope).href;
const runtimeURLs = new Set(RUNTIME_FILES.map(scoped));

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([SITE_CACHE, RUNTIME_CACHE]);
    for (const name of await caches.keys()) {
      if (name.startsWith("connect-or-not-") && !keep.has(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fill(name, urls) {
  const cache = await caches.open(name);
  const missing = [];
  for (const url of urls) if (!(await cache.match(url))) missing.push(url);
  await cache.addAll(missing);
}

// A card page asks for everything once its grader is ready (the runtime files it
// names are then in the browser's HTTP cache, so that part costs little).
self.addEventListener("message", (event) => {
  if (event.data?.op !== "cache-for-offline") return;
  const used = new Set(event.data.runtime || []);
  const runtime = [...runtimeURLs].filter((url) => used.has(url.split("/").pop()));
  event.waitUntil((async () => {
    await fill(RUNTIME_CACHE, runtime);
    await fill(SITE_CACHE, SITE_FILES.map(scoped));
    event.source?.postMessage("offline-ready");
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
  const runtime = runtimeURLs.has(url);
  if (hit && runtime) return shape(hit);
  let response;
  try {
    response = await fromNetwork(request);
  } catch (error) {
    if (hit) return shape(hit);
    throw error;
  }
  if (request.method === "GET" && response.ok && response.type === "basic") {
    const cache = await caches.open(runtime ? RUNTIME_CACHE : SITE_CACHE);
    await cache.put(url, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!["GET", "HEAD"].includes(request.method)) return;
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(respond(request));
});
