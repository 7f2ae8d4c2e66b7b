// Cut Python's standard library to what the grader uses, and put the grader in it.
// Pyodide ships about 600 modules; starting Python and grading imports a few dozen.
// Everything else is bytes a learner would download for nothing.
//   node slim_stdlib.mjs <pyodide-dir> <python_stdlib.zip> <wheel> <out.zip>
//
// The modules are found by doing here what the browser does: Pyodide starts with
// the full library (what its start imports is noted), then the grader is imported
// from the wheel's files and grades, a wrong choice too, so that the error path's
// modules come along (what that adds is noted). The library written out holds
// those modules and the grader's own package, so Python imports the grader from
// it: there is no wheel to download or install in the browser. Sources (.py) are
// cut to their code, without docstrings or comments, which halves them; bytecode
// (.pyc, already without docstrings) is kept as it is. The zip is stored, not
// deflated: the build compresses the whole file, which finds more to share.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [, runtimeDir, stdlib, wheel, output] = process.argv.splice(1);
const pyodide = await loadPyodide({
  indexURL: path.resolve(runtimeDir) + "/", stdLibURL: path.resolve(stdlib),
  stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n"),
});
const used = () => new Set(pyodide.runPython(`
import sys
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
[m.__file__[len(prefix):] for m in list(sys.modules.values())
 if (getattr(m, "__file__", None) or "").startswith(prefix)]
`).toJs());
const started = used();
pyodide.FS.writeFile("/tmp/in.whl", new Uint8Array(await readFile(wheel)));
pyodide.runPython(`
import sys, zipfile
with zipfile.ZipFile("/tmp/in.whl") as w:
    w.extractall("/tmp/grader", [n for n in w.namelist() if ".dist-info/" not in n])
sys.path.insert(0, "/tmp/grader")
`);
const before = used();
const grader = pyodide.pyimport("connect_or_not.browser");
for (const kind of ["incoming", "outgoing", "connected"]) {
  const card = JSON.stringify({ id: "x", kind, facts: {} });
  grader.evaluate_json(card, "balanced");
  try {
    grader.grade_json(card, "no-such-choice", "balanced");
  } catch {
    // expected: the error path is exercised on purpose
  }
}
const graded = [...used()].filter((name) => !before.has(name));
pyodide.FS.writeFile("/tmp/full.zip", new Uint8Array(await readFile(stdlib)));
pyodide.globals.set("keep", [...started, ...graded]);
const summary = pyodide.runPython(`
import ast, zipfile

def code_only(source):
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                node.body = node.body[1:] or [ast.Pass()]
    return ast.unparse(tree).encode()

def add(target, name, data):
    if name.endswith(".py"):
        data = code_only(data)
    target.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data)

keep = set(keep.to_py())
with zipfile.ZipFile("/tmp/slim.zip", "w") as slim:
    with zipfile.ZipFile("/tmp/full.zip") as full:
        every = full.infolist()
        kept = sorted(info.filename for info in every if info.filename in keep)
        for name in kept:
            add(slim, name, full.read(name))
    with zipfile.ZipFile("/tmp/in.whl") as w:
        ours = sorted(n for n in w.namelist() if ".dist-info/" not in n and not n.endswith("/"))
        for name in ours:
            add(slim, name, w.read(name))
f"{len(kept)} of {len(every)} library files kept, and {len(ours)} of the grader's"
`);
await writeFile(output, pyodide.FS.readFile("/tmp/slim.zip"));
process.stdout.write(summary + "\n");
