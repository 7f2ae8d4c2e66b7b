// Evaluate cards inside Pyodide (Node) through connect_or_not.browser, the entry
// points the browser's worker calls, with Pyodide started each way the browser
// may start it. Usage:
//   node pyodide_eval.mjs wheel <dir with our wheel and lock> <cards.json>
//   node pyodide_eval.mjs lean <a built site's runtime folder> <cards.json>
//   node pyodide_eval.mjs fast <a built site's runtime folder> <cards.json>
// "lean" and "fast" use the shipped files exactly: the interpreter decompressed
// from its .gz, the cut standard library (with the grader in it), the snapshot.
// Prints a JSON array of verdicts, one per card and policy, in input order.
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

const [mode, dir, cardsFile] = process.argv.slice(2);
const quiet = { stdout: () => {} };
let pyodide;
if (mode === "wheel") {
  const { loadPyodide } = await import("pyodide");
  pyodide = await loadPyodide({ ...quiet, packages: ["connect-or-not"],
    lockFileContents: JSON.parse(await readFile(path.join(dir, "pyodide-lock.json"), "utf8")),
    packageBaseUrl: path.resolve(dir) + "/" });
} else {
  const runtime = await mkdtemp(path.join(os.tmpdir(), "con-runtime-"));
  await copyFile(path.join(dir, "pyodide.mjs"), path.join(runtime, "pyodide.mjs"));
  for (const name of ["pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip",
    "python_stdlib-lean.zip"]) {
    await writeFile(path.join(runtime, name), gunzipSync(await readFile(path.join(dir, `${name}.gz`))));
  }
  const { loadPyodide } = await import(pathToFileURL(path.join(runtime, "pyodide.mjs")).href);
  const options = { ...quiet, indexURL: runtime + "/",
    lockFileContents: JSON.parse(await readFile(path.join(dir, "pyodide-lock.json"), "utf8")) };
  if (mode === "fast") {
    options.stdLibURL = path.join(runtime, "python_stdlib.zip");
    options._loadSnapshot = gunzipSync(await readFile(path.join(dir, "grader.snapshot")));
  } else {
    options.stdLibURL = path.join(runtime, "python_stdlib-lean.zip");  // the grader is in it
  }
  pyodide = await loadPyodide(options);
}
const grader = pyodide.pyimport("connect_or_not.browser");
const policies = pyodide.pyimport("connect_or_not.vocabulary").POLICY_IDS.toJs();
const cards = JSON.parse(await readFile(cardsFile, "utf8"));
const verdicts = cards.flatMap((card) => policies.map((policy) =>
  JSON.parse(grader.evaluate_json(JSON.stringify(card), policy))));
process.stdout.write(JSON.stringify(verdicts) + "\n");
