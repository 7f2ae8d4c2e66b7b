// Connect or Not grader: a module Web Worker that runs the connect_or_not
// package in Pyodide. The page sends {id, op, ...} messages; the worker answers
// {id, ok, result} or {id, ok: false, error}. The first message is "start".

let pyodide = null;

const RUNTIME_FILES = ["pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip",
  "pyodide-lock.json"];

// Pyodide logs a failed .wasm fetch but never rejects, so a missing file or a host
// that sends the wrong type would hang the start. Ask for the files' headers first.
async function preflight(runtime) {
  // The smallest valid module: compiling it fails at once under a CSP that
  // forbids WebAssembly, with an error that names the policy.
  new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  await Promise.all(RUNTIME_FILES.map(async (name) => {
    const response = await fetch(new URL(name, runtime), { method: "HEAD" });
    if (!response.ok) throw new Error(`failed to load ${name}: HTTP ${response.status}`);
    const type = response.headers.get("content-type") || "";
    if (name.endsWith(".wasm") && !type.startsWith("application/wasm")) {
      throw new Error(`MIME: ${name} is served as "${type}", not application/wasm`);
    }
  }));
}

async function start(runtime) {
  if (typeof WebAssembly !== "object") {
    throw new Error("no-wasm: this browser has no WebAssembly");
  }
  const started = performance.now();
  const loading = import(new URL("pyodide.mjs", runtime).href).then(({ loadPyodide }) =>
    loadPyodide({
      indexURL: runtime,
      // Our lock file lists only our wheel; nothing is fetched from elsewhere.
      lockFileURL: new URL("pyodide-lock.json", runtime).href,
      packages: ["connect-or-not"],
      stdout: () => {},
      stderr: () => {},
    }));
  // Whichever fails first fails the start; the preflight fails fast.
  [, pyodide] = await Promise.all([preflight(runtime), loading]);
  const loaded = performance.now();
  // loadPackage can fail without throwing; importing proves the package is there.
  pyodide.runPython(`
import json
from connect_or_not import evaluate, grade
from connect_or_not.vocabulary import POLICY_IDS

def _evaluate(card_json, policy):
    return json.dumps(evaluate(json.loads(card_json), policy).to_dict())

def _grade(card_json, choice, policy):
    return json.dumps(grade(json.loads(card_json), choice, policy).to_dict())

def _others(card_json, policy):
    card = json.loads(card_json)
    return json.dumps({p: evaluate(card, p).to_dict() for p in POLICY_IDS if p != policy})
`);
  return {
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    // Where start-up time goes, for the benchmarks.
    loadMs: loaded - started,
    importMs: performance.now() - loaded,
  };
}

function call(name, ...args) {
  return JSON.parse(pyodide.globals.get(name)(...args));
}

const operations = {
  start: (message) => start(message.runtime),
  evaluate: (m) => call("_evaluate", JSON.stringify(m.card), m.policy),
  grade: (m) => call("_grade", JSON.stringify(m.card), m.choice, m.policy),
  others: (m) => call("_others", JSON.stringify(m.card), m.policy),
};

self.onmessage = async (event) => {
  const message = event.data || {};
  const operation = operations[message.op];
  try {
    if (!operation) throw new Error(`unknown operation ${message.op}`);
    if (message.op !== "start" && !pyodide) throw new Error("the grader has not started");
    const result = await operation(message);
    self.postMessage({ id: message.id, ok: true, result });
  } catch (error) {
    self.postMessage({ id: message.id, ok: false, error: String(error && error.message || error) });
  }
};
