// Evaluate cards inside Pyodide (Node), with our wheel loaded through a minimal
// lock file, exactly as the browser does. Usage:
//   node pyodide_eval.mjs <dist-dir-with-lock> <cards.json>
// Prints a JSON array of verdicts, one per card and policy, in input order.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [distDir, cardsFile] = process.argv.slice(2);
const lock = JSON.parse(await readFile(path.join(distDir, "pyodide-lock.json"), "utf8"));
const pyodide = await loadPyodide({
  lockFileContents: lock,
  packageBaseUrl: path.resolve(distDir) + "/",
  packages: ["connect-or-not"],
  stdout: () => {},
});
// loadPackage can fail quietly; an import proves the package is really there.
pyodide.runPython("import connect_or_not.model");
pyodide.globals.set("cards_json", await readFile(cardsFile, "utf8"));
const out = pyodide.runPython(`
import json
from connect_or_not import evaluate
from connect_or_not.vocabulary import POLICY_IDS
cards = json.loads(cards_json)
json.dumps([evaluate(card, policy).to_dict() for card in cards for policy in POLICY_IDS])
`);
process.stdout.write(out + "\n");
