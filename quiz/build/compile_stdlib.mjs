// Precompile Pyodide's standard library to bytecode, inside Pyodide itself, so the
// .pyc files match its exact Python version. Learners' browsers then import the
// stdlib without compiling it at every start.
//   node compile_stdlib.mjs <pyodide-dir> <out.zip>
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [runtimeDir, out] = process.argv.slice(2);
const pyodide = await loadPyodide({ indexURL: path.resolve(runtimeDir) + "/" });
pyodide.FS.writeFile("/tmp/in.zip", await readFile(path.join(runtimeDir, "python_stdlib.zip")));
const summary = pyodide.runPython(`
import importlib._bootstrap_external as external
import zipfile

compiled = kept = 0
with zipfile.ZipFile("/tmp/in.zip") as source, \\
        zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_DEFLATED) as target:
    for info in source.infolist():
        data = source.read(info)
        name = info.filename
        if name.endswith(".py"):
            try:
                code = compile(data, "/lib/python3/" + name, "exec", dont_inherit=True)
            except SyntaxError:
                kept += 1  # left as source; imported the slow way if ever
            else:
                # A sourceless timestamp .pyc beside where the .py was: zipimport
                # loads it directly.
                data = bytes(external._code_to_timestamp_pyc(code, 0, 0))
                name = name[:-3] + ".pyc"
                compiled += 1
        entry = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        target.writestr(entry, data)
f"{compiled} modules compiled, {kept} kept as source"
`);
await writeFile(out, pyodide.FS.readFile("/tmp/out.zip"));
process.stdout.write(summary + "\n");
