// Evaluate cards inside Pyodide (Node) through connect_or_not.browser, the entry
// points the browser's worker calls, with Pyodide started either way the browser
// may start it. Usage:
//   node pyodide_eval.mjs wheel <dir with our wheel and lock> <cards.json>
//   node pyodide_eval.mjs snapshot <a built site's runtime folder> <cards.json>
// Prints a JSON array of verdicts, one per card and policy, in input order.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { loadPyodide } from "pyodide";

const [mode, dir, cardsFile] = process.argv.slice(2);
const quiet = { stdout: () => {} };
const pyodide = mode === "snapshot"
  // The shipped runtime exactly: its bytecode standard library and its snapshot.
  ? await loadPyodide({ ...quiet, indexURL: path.resolve(dir) + "/",
    _loadSnapshot: gunzipSync(await readFile(path.join(dir, "grader.snapshot"))) })
  : await loadPyodide({ ...quiet, packages: ["connect-or-not"],
    lockFileContents: JSON.parse(await readFile(path.join(dir, "pyodide-lock.json"), "utf8")),
    packageBaseUrl: path.resolve(dir) + "/" });
const grader = pyodide.pyimport("connect_or_not.browser");
const policies = pyodide.pyimport("connect_or_not.vocabulary").POLICY_IDS.toJs();
const cards = JSON.parse(await readFile(cardsFile, "utf8"));
const verdicts = cards.flatMap((card) => policies.map((policy) =>
  JSON.parse(grader.evaluate_json(JSON.stringify(card), policy))));
process.stdout.write(JSON.stringify(verdicts) + "\n");
