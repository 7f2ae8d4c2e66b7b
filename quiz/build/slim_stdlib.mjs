// Keep only the part of Python's standard library the grader uses. Pyodide ships
// about 600 modules; starting Python, installing our wheel and grading imports a
// few dozen. Everything else is bytes a learner would download for nothing.
//   node slim_stdlib.mjs <pyodide-dir> <python_stdlib.zip> <wheel> <out.zip>
//
// The modules are found by doing here what the browser does: Pyodide starts with
// the full library, installs the wheel with its package loader, imports the
// grader and grades (a wrong choice too, so the error path's modules come along).
// Sources (.py) are also cut to their code: no docstrings or comments, which
// halves them; bytecode (.pyc, already without docstrings) is kept as it is.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [, runtimeDir, stdlib, wheel, output] = process.argv.splice(1);
const pyodide = await loadPyodide({
  indexURL: path.resolve(runtimeDir) + "/", stdLibURL: path.resolve(stdlib),
  stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n"),
});
// The package loader reads the wheel's name and version from its file name.
pyodide.FS.writeFile("/tmp/in.whl", new Uint8Array(await readFile(wheel)));
const name = pyodide.runPython(`
import zipfile
with zipfile.ZipFile("/tmp/in.whl") as w:
    info = next(n.split("/")[0] for n in w.namelist() if n.split("/")[0].endswith(".dist-info"))
    tag = next(l.split(":", 1)[1].strip() for l in w.read(info + "/WHEEL").decode().splitlines()
               if l.startswith("Tag:"))
info.removesuffix(".dist-info") + "-" + tag + ".whl"
`);
const work = await mkdtemp(path.join(os.tmpdir(), "con-slim-"));
try {
  await writeFile(path.join(work, name), await readFile(wheel));
  await pyodide.loadPackage(path.join(work, name), { messageCallback: () => {} });
} finally {
  await rm(work, { recursive: true, force: true });
}
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
pyodide.FS.writeFile("/tmp/full.zip", new Uint8Array(await readFile(stdlib)));
const summary = pyodide.runPython(`
import ast, sys, zipfile

def code_only(source):
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                node.body = node.body[1:] or [ast.Pass()]
    return ast.unparse(tree).encode()

prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
used = {m.__file__[len(prefix):] for m in list(sys.modules.values())
        if (getattr(m, "__file__", None) or "").startswith(prefix)}
with zipfile.ZipFile("/tmp/full.zip") as full, zipfile.ZipFile("/tmp/slim.zip", "w") as slim:
    every = full.infolist()
    kept = sorted((info for info in every if info.filename in used), key=lambda i: i.filename)
    for info in kept:
        data = full.read(info)
        if info.filename.endswith(".py"):
            data = code_only(data)
        # Stored, not deflated: the build compresses the whole file, which finds more
        # to share across modules than each file alone.
        slim.writestr(zipfile.ZipInfo(info.filename, (2020, 1, 1, 0, 0, 0)), data)
f"{len(kept)} of {len(every)} files kept"
`);
await writeFile(output, pyodide.FS.readFile("/tmp/slim.zip"));
process.stdout.write(summary + "\n");
