// Start the grader once at build time and save Pyodide's memory, so that browsers
// restore a Python that has already started and imported our package instead of
// starting one. The snapshot is gzip-compressed here: hosts rarely compress
// binary files, and the worker decompresses it as it downloads.
//   node snapshot.mjs <pyodide-dir> <python_stdlib.zip> <out>
//
// The library is the one slim_stdlib.mjs cut, with the grader's package in it. The
// browser must mount the very same python_stdlib.zip: the snapshot holds Python's
// index of that zip. Loading with _makeSnapshot/_loadSnapshot is
// Pyodide's own (unadvertised) API, so the package is pinned exactly and the
// snapshot is restored and checked here before it ships.
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { loadPyodide } from "pyodide";

// The same inputs must give the same snapshot, or a rebuild elsewhere would make
// every learner download the runtime again. Python and Emscripten seed from the
// system's entropy, Math.random and the clocks; while the snapshot is made, all
// of them come from here. (All learners restore one snapshot, and so share its
// seeds, either way.)
let state = 1;
const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
createRequire(import.meta.url)("node:crypto").randomFillSync = (view) => {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i < bytes.length; i++) bytes[i] = next() >> 16;
  return view;
};
Math.random = () => next() / 0x80000000;
// The clocks tick, or importlib would not see the files the wheel adds.
let now = Date.UTC(2026, 0, 1);
Date.now = () => (now += 1);
performance.now = () => now - Date.UTC(2026, 0, 1);

// Emscripten names the program after process.argv[1], and Python keeps that name
// (sys.executable, os.environ["_"]) in the snapshot. Take our arguments out of
// argv so that it keeps the browser's name, wherever the checkout lies.
const [, runtimeDir, stdlib, output] = process.argv.splice(1);
const options = {
  indexURL: path.resolve(runtimeDir) + "/",
  stdLibURL: path.resolve(stdlib),
  stdout: () => {},
  stderr: (line) => process.stderr.write(line + "\n"),
};

const pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
pyodide.runPython("import connect_or_not.browser");
const snapshot = gzipSync(pyodide.makeMemorySnapshot(), { level: 9 });

// What a browser will do: restore, then use the package without importing it.
const restored = await loadPyodide({ ...options, _loadSnapshot: gunzipSync(snapshot) });
const ready = restored.runPython(`import sys; "connect_or_not.browser" in sys.modules`);
if (ready !== true) throw new Error("the restored snapshot has not imported the grader");
await writeFile(output, snapshot);
process.stdout.write(`snapshot: ${snapshot.length} bytes\n`);
