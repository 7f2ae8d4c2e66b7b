// Connect or Not grader: a module Web Worker that runs the connect_or_not
// package in Pyodide. The page sends WorkerRequest messages ({id, op, ...}); the
// worker answers WorkerResponse ({id, ok, result} or {id, ok: false, error}); both
// are defined in src/connect_or_not/contract.py. The first message is "start".
// While the runtime downloads, the worker also posts {progress: {loaded, total}}.
//
// The runtime as the build ships it (contract.RuntimeInfo): the big files are
// gzip-compressed by the build (NAME.gz), so a host that compresses nothing costs
// learners nothing more, and this worker's fetch decompresses them as they arrive.
// There are two ways to start: "lean" (a standard library cut to what Python's
// start and the grader import, with the grader in it, as sources; Python starts
// and imports the grader) and, where the build made one, "fast" (bytecode and a
// snapshot of a started grader: more bytes, less CPU). The worker measures the link on the first bytes of the interpreter
// and takes "fast" only where the extra bytes cost less time than they save.
//
// `make lint` checks this file with tsc against the contract's types (tsconfig.worker.json).

/** @typedef {import("./src/contract.js").WorkerStart} WorkerStart */
/** @typedef {import("./src/contract.js").WorkerStarted} WorkerStarted */
/** @typedef {import("./src/contract.js").WorkerRequest} WorkerRequest */
/** @typedef {import("./src/contract.js").WorkerResponse} WorkerResponse */
/**
 * The connect_or_not.browser module, as Pyodide hands it over.
 * @typedef {{evaluate_json(card: string, policy?: string): string,
 *   grade_json(card: string, choice?: string, policy?: string): string}} Grader
 */

/** @type {Grader | null} the grader, once started */
let grader = null;


/** @type {Set<string>} RuntimeInfo.compressed */
let compressed = new Set();
/** @type {Record<string, string>} */
const TYPES = { wasm: "application/wasm", mjs: "text/javascript" };
const PROBE_BYTES = 512 * 1024; // the interpreter's first bytes time the link
const PROGRESS_EVERY_MS = 250;

const plainFetch = self.fetch.bind(self);

// Bytes received so far, posted to the page at most every PROGRESS_EVERY_MS.
const meter = {
  loaded: 0,
  total: 0,
  last: 0,
  /** @param {number} bytes */
  add(bytes) {
    this.loaded += bytes;
    const now = performance.now();
    // The last bytes are always told: the page then gives Python time to start.
    const done = this.total > 0 && this.loaded >= this.total;
    if (done || now - this.last >= PROGRESS_EVERY_MS) this.post(now);
  },
  post(now = performance.now()) {
    this.last = now;
    self.postMessage({ progress: { loaded: this.loaded, total: this.total } });
  },
};

// Counts a body's bytes as they arrive. It reads ahead of whoever consumes the body
// (up to READ_AHEAD bytes), so that the link is timed and the bar moves even before
// Pyodide starts reading.
const READ_AHEAD = 32 * 1024 * 1024;

/**
 * @param {ReadableStream<Uint8Array>} body
 * @param {(bytes: number) => void} [onChunk]
 * @param {() => void} [onEnd]
 */
function counted(body, onChunk = () => {}, onEnd = () => {}) {
  return body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      meter.add(chunk.byteLength);
      onChunk(chunk.byteLength);
      controller.enqueue(chunk);
    },
    flush: () => onEnd(),
  }, undefined, new ByteLengthQueuingStrategy({ highWaterMark: READ_AHEAD })));
}

// The browser's gzip decoder, as a stage of a byte stream (TypeScript's DOM types
// describe its input more widely than a byte stream's output).
function gunzip() {
  return /** @type {ReadableWritablePair<Uint8Array, Uint8Array>} */ (
    /** @type {unknown} */ (new DecompressionStream("gzip")));
}

/**
 * @param {URL} url
 * @param {(bytes: number) => void} [onChunk]
 * @param {() => void} [onEnd]
 * @returns {Promise<Response>}
 */
async function download(url, onChunk, onEnd) {
  const name = url.pathname.split("/").pop() || "";
  const gzipped = compressed.has(name);
  const response = await plainFetch(gzipped ? new URL(`${name}.gz`, url) : url);
  if (!response.ok) throw new Error(`failed to load ${name}: HTTP ${response.status}`);
  if (!response.body) throw new Error(`failed to load ${name}: no body`);
  let body = counted(response.body, onChunk, onEnd);
  // A host that labels .gz files Content-Encoding: gzip has had them decoded already.
  if (gzipped && response.headers.get("Content-Encoding") !== "gzip") {
    body = body.pipeThrough(gunzip());
  }
  const type = TYPES[name.split(".").pop() || ""] || response.headers.get("Content-Type") || "";
  return new Response(body, { status: 200, headers: { "Content-Type": type } });
}

// The interpreter starts downloading before Pyodide asks for it, so that its first
// bytes can time the link; Pyodide's own fetch of it then gets this response. The
// time runs from the request, not from the first byte: on a busy device, bytes that
// waited in the browser's buffers arrive in one burst, and would time a class's
// shared link as faster than the fast way's threshold (2 of 20 learners took it).
/** @param {URL} url */
function prefetchWasm(url) {
  const first = performance.now();
  let seen = 0;
  /** @type {(speed: number) => void} */
  let settle = () => {};
  /** @type {Promise<number>} Mbit/s */
  const speed = new Promise((resolve) => { settle = resolve; });
  const measure = () => settle((8 * seen) / 1000 / Math.max(performance.now() - first, 1));
  const response = download(url, (bytes) => {
    seen += bytes;
    if (seen >= PROBE_BYTES) measure(); // in Mbit/s; later calls change nothing
  }, measure);
  response.catch(() => settle(0));
  return { response, speed };
}

// Pyodide logs a file it cannot download rather than failing, so the start would
// hang: ask for every file's headers first, and fail at once with its name.
/** @param {URL} runtime @param {string[]} names */
async function preflight(runtime, names) {
  await Promise.all(names.map(async (name) => {
    const url = new URL(compressed.has(name) ? `${name}.gz` : name, runtime);
    const response = await plainFetch(url, { method: "HEAD" });
    if (!response.ok) throw new Error(`failed to load ${name}: HTTP ${response.status}`);
  }));
}

/** @param {URL} runtime @param {{response: Promise<Response>}} wasm */
function installFetch(runtime, wasm) {
  /** @param {RequestInfo | URL} input @param {RequestInit} [init] */
  self.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input, self.location.href);
    if (!url.href.startsWith(runtime.href)) return plainFetch(input, init);
    if (url.pathname.endsWith("/pyodide.asm.wasm")) return wasm.response;
    return download(url);
  };
}

// A host that sends scripts with another type makes the import fail with no reason
// given; ask first, so the learner and the trainer are told what is wrong.
/** @param {URL} url */
async function scriptChecked(url) {
  const response = await plainFetch(url, { method: "HEAD" });
  if (!response.ok) throw new Error(`failed to load ${url.pathname}: HTTP ${response.status}`);
  const type = response.headers.get("Content-Type") || "";
  if (!/javascript|ecmascript/.test(type)) {
    throw new Error(`MIME: ${url.pathname} is served as "${type}", not text/javascript`);
  }
  return url;
}

// Pyodide's JavaScript half, decompressed here and imported from memory.
/** @param {URL} runtime */
async function asmModule(runtime) {
  const response = await download(new URL("pyodide.asm.mjs", runtime));
  const blob = new Blob([await response.arrayBuffer()], { type: "text/javascript" });
  const url = URL.createObjectURL(blob);
  try {
    return (await import(url)).default;
  } finally {
    URL.revokeObjectURL(url);
  }
}

// The build's snapshot of Pyodide's memory with the grader already imported
// (gzip), decompressed as it downloads.
/** @param {URL} url */
async function snapshotBytes(url) {
  const response = await plainFetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`failed to load ${url.pathname}: HTTP ${response.status}`);
  }
  const memory = counted(response.body).pipeThrough(gunzip());
  return new Uint8Array(await new Response(memory).arrayBuffer());
}

/** @param {WorkerStart} info @returns {Promise<WorkerStarted>} */
async function start(info) {
  if (typeof WebAssembly !== "object") throw new Error("no-wasm: this browser has no WebAssembly");
  // The smallest valid module: compiling it fails at once under a CSP that
  // forbids WebAssembly, with an error that names the policy.
  new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  const started = performance.now();
  const runtime = new URL(info.url);
  compressed = new Set(info.compressed);
  const wasm = prefetchWasm(new URL("pyodide.asm.wasm", runtime));
  installFetch(runtime, wasm);
  const createPyodideModule = asmModule(runtime);
  // The way a learner took before is taken again: its files are in the browser's
  // caches, where a link's speed says nothing about the other way's download.
  // The studio's page starts the studio's way: the whole library, and its packages.
  const studioWay = info.prefer === "studio" ? info.studio : undefined;
  const restore = !studioWay && Boolean(info.fast) && typeof DecompressionStream === "function" &&
    (info.prefer ? info.prefer === "fast" : (await wasm.speed) >= info.fastFrom);
  const way = studioWay || (restore && info.fast ? info.fast : info.lean);
  const lock = studioWay ? studioWay.lock : "pyodide-lock.json";
  meter.total = way.bytes;
  meter.post();
  /** @type {Record<string, unknown>} Pyodide's loadPyodide options */
  const options = {
    indexURL: runtime.href,
    stdLibURL: new URL(way.stdlib, runtime).href,
    // Our lock files list only our wheels; nothing is fetched from elsewhere.
    lockFileURL: new URL(lock, runtime).href,
    createPyodideModule: await createPyodideModule,
    stdout: () => {},
    stderr: () => {},
  };
  const snapshot = restore && info.fast?.snapshot ? [info.fast.snapshot] : [];
  if (snapshot.length) options._loadSnapshot = snapshotBytes(new URL(snapshot[0], runtime));
  const files = [lock, way.stdlib, ...snapshot, ...(studioWay ? studioWay.files : [])];
  const loading = scriptChecked(new URL("pyodide.mjs", runtime))
    .then((script) => import(script.href))
    .then(({ loadPyodide }) => /** @type {Promise<any>} */ (loadPyodide(options)));
  // Whichever fails first fails the start; the preflight and the interpreter fail fast.
  const [, , pyodide] = await Promise.all([preflight(runtime, files), wasm.response, loading]);
  if (studioWay) { // the studio's part, from beside this file, of this file's version
    const part = new URL(`worker-studio.js${self.location.search}`, self.location.href);
    Object.assign(operations, await (await import(part.href)).startStudio(pyodide, studioWay));
  }
  const loaded = performance.now();
  grader = pyodide.pyimport("connect_or_not.browser"); // from the library, or the snapshot
  meter.loaded = meter.total;
  meter.post();
  return {
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    snapshot: restore,
    way: studioWay ? "studio" : restore ? "fast" : "lean",
    // What this way loaded, as the site names the files, for the offline cache.
    files: ["pyodide.mjs", ...["pyodide.asm.wasm", "pyodide.asm.mjs", ...files].map(
      (name) => (compressed.has(name) ? `${name}.gz` : name))],
    // Where start-up time goes, for the benchmarks.
    loadMs: loaded - started,
    importMs: performance.now() - loaded,
  };
}

/** @param {WorkerRequest} m */
function theGrader(m) {
  if (!grader) throw new Error("the grader has not started");
  return { grader, card: JSON.stringify(m.card) };
}

// Own properties only: a message can name no inherited member ("constructor").
/** @type {Record<string, (m: WorkerRequest) => unknown>} */
const operations = Object.assign(Object.create(null), {
  /** @param {WorkerRequest} m */
  start: (m) => {
    if (!m.runtime) throw new Error("start names no runtime");
    return start(m.runtime);
  },
  /** @param {WorkerRequest} m */
  evaluate: (m) => {
    const { grader: g, card } = theGrader(m);
    return JSON.parse(g.evaluate_json(card, m.policy));
  },
  /** @param {WorkerRequest} m */
  grade: (m) => {
    const { grader: g, card } = theGrader(m);
    return JSON.parse(g.grade_json(card, m.choice, m.policy));
  },
});

self.onmessage = async (event) => {
  /** @type {WorkerRequest} */
  const message = event.data || {};
  const operation = operations[message.op];
  /** @type {WorkerResponse} */
  let response;
  try {
    if (!operation) throw new Error(`unknown operation ${message.op}`);
    response = { id: message.id, ok: true, result: await operation(message) };
  } catch (error) {
    response = { id: message.id, ok: false,
      error: String((error instanceof Error && error.message) || error) };
  }
  self.postMessage(response);
};
