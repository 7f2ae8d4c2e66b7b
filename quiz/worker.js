// Connect or Not grader: a module Web Worker that runs the connect_or_not
// package in Pyodide. The page sends WorkerRequest messages ({id, op, ...}); the
// worker answers WorkerResponse ({id, ok, result} or {id, ok: false, error}); both
// are defined in src/connect_or_not/contract.py. The first message is "start".

let grader = null; // the connect_or_not.browser module, once started

const RUNTIME_FILES = ["pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip",
  "pyodide-lock.json"];

// Pyodide logs a failed .wasm fetch but never rejects, so a missing file or a host
// that sends the wrong type would hang the start. Ask for the files' headers first.
async function preflight(runtime, files) {
  // The smallest valid module: compiling it fails at once under a CSP that
  // forbids WebAssembly, with an error that names the policy.
  new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  await Promise.all(files.map(async (name) => {
    const response = await fetch(new URL(name, runtime), { method: "HEAD" });
    if (!response.ok) throw new Error(`failed to load ${name}: HTTP ${response.status}`);
    const type = response.headers.get("content-type") || "";
    if (name.endsWith(".wasm") && !type.startsWith("application/wasm")) {
      throw new Error(`MIME: ${name} is served as "${type}", not application/wasm`);
    }
  }));
}

// The build's snapshot of Pyodide's memory with the grader already imported
// (gzip), decompressed as it downloads.
async function snapshotBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`failed to load ${url.pathname}: HTTP ${response.status}`);
  const memory = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(memory).arrayBuffer());
}

async function start(runtime, snapshot) {
  if (typeof WebAssembly !== "object") {
    throw new Error("no-wasm: this browser has no WebAssembly");
  }
  const started = performance.now();
  // Restoring the snapshot skips Python's start-up and our import. Without one
  // (or without DecompressionStream), Python starts and loads our wheel.
  const restore = Boolean(snapshot) && typeof DecompressionStream === "function";
  const options = {
    indexURL: runtime,
    // Our lock file lists only our wheel; nothing is fetched from elsewhere.
    lockFileURL: new URL("pyodide-lock.json", runtime).href,
    stdout: () => {},
    stderr: () => {},
  };
  if (restore) options._loadSnapshot = snapshotBytes(new URL(snapshot, runtime));
  else options.packages = ["connect-or-not"];
  const loading = import(new URL("pyodide.mjs", runtime).href).then(({ loadPyodide }) =>
    loadPyodide(options));
  // Whichever fails first fails the start; the preflight fails fast.
  const files = restore ? [...RUNTIME_FILES, snapshot] : RUNTIME_FILES;
  const [, pyodide] = await Promise.all([preflight(runtime, files), loading]);
  const loaded = performance.now();
  // loadPackage can fail without throwing; importing proves the package is there.
  grader = pyodide.pyimport("connect_or_not.browser");
  return {
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    snapshot: restore,
    // Where start-up time goes, for the benchmarks.
    loadMs: loaded - started,
    importMs: performance.now() - loaded,
  };
}

const operations = {
  start: (m) => start(m.runtime, m.snapshot),
  evaluate: (m) => JSON.parse(grader.evaluate_json(JSON.stringify(m.card), m.policy)),
  grade: (m) => JSON.parse(grader.grade_json(JSON.stringify(m.card), m.choice, m.policy)),
};

self.onmessage = async (event) => {
  const message = event.data || {};
  const operation = operations[message.op];
  try {
    if (!operation) throw new Error(`unknown operation ${message.op}`);
    if (message.op !== "start" && !grader) throw new Error("the grader has not started");
    const result = await operation(message);
    self.postMessage({ id: message.id, ok: true, result });
  } catch (error) {
    self.postMessage({ id: message.id, ok: false, error: String(error && error.message || error) });
  }
};
