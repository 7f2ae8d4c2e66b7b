// Connect or Not service worker: the course keeps working offline after a visit.
// The build fills in the three constants below and writes this file to the site's
// root as sw.js.
//
// - Installing caches nothing, so a first visit costs only this file. Pages and
//   assets are cached as they are fetched.
// - Once a card page's grader runs and the learner has been idle a while, the
//   page asks for the course, which comes one file at a time: the runtime files
//   its grader started with (the lean or the fast way, the other one is not
//   downloaded), the site's assets, the page and the pages it links to, then the
//   other pages, up to the site's offline limit (VERSIONS.limit bytes, set by the
//   trainer: a course of 2,000 cards is not downloaded whole by every learner on
//   one access point). Readers of the guide alone never download the runtime.
// - The site and the runtime have caches of their own, named by the course's
//   scope and their versions: a course update fills a new site cache without
//   downloading the runtime, and an old cache is deleted only once its successor
//   is filled (until then it still answers offline). Another course on the same
//   origin has other names, and is never touched.
// - Each response lives in its own version's cache: the engine's assets are
//   addressed by version (?v=), matched exactly, and kept only by the worker of
//   that version; a page is kept only by the worker of the engine it loads.
// - Pages come from the network first (so they stay current), falling back to the
//   cache when offline, after a few seconds on bad Wi-Fi, or when the host answers
//   with an error (a 5xx, or a 404 for a file of this version). The versioned
//   runtime never changes, so it comes from the cache first.

const SITE_FILES = "__SITE_FILES__"; // [path, bytes] for every file of the site
const RUNTIME_FILES = "__RUNTIME_FILES__";
const VERSIONS = "__VERSIONS__";

const PREFIX = `connect-or-not ${self.registration.scope} `;
const SITE_CACHE = `${PREFIX}site ${VERSIONS.site}`;
const RUNTIME_CACHE = `${PREFIX}runtime ${VERSIONS.runtime}`;
const NETWORK_TIMEOUT_MS = 4000;
const MAX_REST_MS = 5000; // the longest pause between two files of the offline fill

const scoped = (path) => new URL(path, self.registration.scope).href;
const runtimeURLs = new Set(RUNTIME_FILES.map(scoped));
const siteBytes = new Map(SITE_FILES.map(([path, bytes]) => [scoped(path), bytes]));
const isPage = (url) => /(\/|\.html)$/.test(new URL(url).pathname);
// The engine's own assets carry their version: ?v=<VERSIONS.engine>.
const versionOf = (url) => new URL(url).searchParams.get("v");

self.addEventListener("install", () => self.skipWaiting());

// Nothing is deleted on activation: the old caches keep the course usable offline
// until the new ones are complete (see fill).
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// Fills one of this course's caches; once it holds every file, the older caches of
// the same kind (this course's only) are deleted. Files are revalidated with the
// host, so that a max-age never puts a stale file in a new cache. One file at a time,
// resting after each as long as it took: twenty learners on one access point filling
// their copies take at most half a connection each from those still starting.
async function fill(name, urls) {
  const cache = await caches.open(name);
  for (const url of urls) {
    if (await cache.match(url)) continue;
    const began = Date.now();
    const response = await fetch(new Request(url, { cache: "no-cache" }));
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    await cache.put(url, response);
    await new Promise((rest) => setTimeout(rest, Math.min(Date.now() - began, MAX_REST_MS)));
  }
  const kind = name.slice(0, name.lastIndexOf(" ") + 1);
  for (const old of await caches.keys()) {
    if (old.startsWith(kind) && old !== name) await caches.delete(old);
  }
}

let filling = Promise.resolve();

// A card page asks for everything once its grader is ready (the runtime files it
// names are then in the browser's HTTP cache, so that part costs little).
self.addEventListener("message", (event) => {
  if (event.data?.op !== "cache-for-offline") return;
  const used = new Set(event.data.runtime || []);
  const runtime = [...runtimeURLs].filter((url) => used.has(url.split("/").pop()));
  // Pages that ask while a fill runs wait for it: one fill at a time.
  filling = filling.catch(() => {}).then(async () => {
    await fill(RUNTIME_CACHE, runtime);
    await fill(SITE_CACHE, offlineSite(event.data.pages || []));
    event.source?.postMessage("offline-ready");
  });
  event.waitUntil(filling);
});

// What of the site to keep, within the offline limit: the assets, then the asking
// page and the pages it links to, then the others in the site's order.
function offlineSite(pages) {
  const asked = pages.map((url) => new URL(url, self.registration.scope))
    .map((url) => url.origin + url.pathname).filter((url) => siteBytes.has(url));
  const ordered = new Set([...[...siteBytes.keys()].filter((url) => !isPage(url)), ...asked,
    ...siteBytes.keys()]);
  const chosen = [];
  let bytes = 0;
  for (const url of ordered) {
    if (bytes + siteBytes.get(url) > VERSIONS.limit) continue;
    bytes += siteBytes.get(url);
    chosen.push(url);
  }
  return chosen;
}

// With a copy to fall back on, a host that has not answered in NETWORK_TIMEOUT_MS
// is given up; without one, the request waits as long as the network takes (on a
// class's shared Wi-Fi a request can queue for longer: it must not fail for that).
async function fromNetwork(request, fallback) {
  if (!fallback) return fetch(request);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

// This course's caches only, the newest first (a page of another course on the
// origin never answers for this one).
async function cached(url) {
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX)).reverse();
  for (const name of [SITE_CACHE, RUNTIME_CACHE, ...names]) {
    if (!(await caches.has(name))) continue;
    // A versioned asset only as that version; a page whatever its query (?decision=).
    const hit = await (await caches.open(name)).match(url,
      { ignoreSearch: versionOf(url) === null });
    if (hit) return hit;
  }
  return null;
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
    response = await fromNetwork(request, Boolean(hit));
  } catch (error) {
    if (hit) return shape(hit);
    throw error;
  }
  // A host in trouble, or a deploy that lost a file: the good copy, where there is one.
  const known = runtime || siteBytes.has(url) || siteBytes.has(url.split(/[?#]/)[0]);
  if (hit && (response.status >= 500 || (response.status === 404 && known))) return shape(hit);
  if (request.method === "GET" && response.ok && response.type === "basic" &&
      await ofThisVersion(url, response)) {
    // Kept for offline where there is room: a full disk (QuotaExceededError) costs the
    // offline copy, never the page the host just answered.
    try {
      const cache = await caches.open(runtime ? RUNTIME_CACHE : SITE_CACHE);
      await cache.put(url, response.clone());
    } catch {
      // not kept: the response still goes to the page
    }
  }
  return response;
}

// Whether a response belongs in this worker's caches: an asset of another engine
// version, or a page that loads another version's engine, does not.
async function ofThisVersion(url, response) {
  const version = versionOf(url);
  if (version !== null) return version === VERSIONS.engine;
  if (!(response.headers.get("content-type") || "").includes("text/html")) return true;
  const text = await response.clone().text();
  const engine = /quiz\.js\?v=([0-9a-f]+)/.exec(text);
  return !engine || engine[1] === VERSIONS.engine;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!["GET", "HEAD"].includes(request.method)) return;
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(respond(request));
});
