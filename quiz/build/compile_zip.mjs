// Precompile the Python modules of a zip (Pyodide's standard library, or our
// wheel) to bytecode inside Pyodide itself, so the .pyc files match its exact
// Python version. Browsers then import them without compiling at every start.
//   node compile_zip.mjs <pyodide-dir> <in.zip> <out.zip>
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [runtimeDir, input, output] = process.argv.slice(2);
const pyodide = await loadPyodide({ indexURL: path.resolve(runtimeDir) + "/" });
pyodide.FS.writeFile("/tmp/in.zip", new Uint8Array(await readFile(input)));
const summary = pyodide.runPython(`
import base64
import hashlib
import importlib._bootstrap_external as external
import zipfile

def entry(name):
    info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info

# -OO: no docstrings or asserts, so less to download and to load.
OPTIMIZE = 2
compiled, files, record = 0, {}, None
with zipfile.ZipFile("/tmp/in.zip") as source:
    for info in source.infolist():
        data, name = source.read(info), info.filename
        if name.endswith(".dist-info/RECORD"):
            record = name
            continue
        if name.endswith(".py"):
            code = compile(data, name, "exec", dont_inherit=True, optimize=OPTIMIZE)
            # A sourceless timestamp .pyc where the .py was: imported directly.
            data, name = bytes(external._code_to_timestamp_pyc(code, 0, 0)), name[:-3] + ".pyc"
            compiled += 1
        files[name] = data

with zipfile.ZipFile("/tmp/out.zip", "w") as target:
    for name, data in files.items():
        target.writestr(entry(name), data)
    if record:  # a wheel lists its files with their hashes
        def digest(data):
            raw = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            return "sha256=" + raw.decode()
        lines = [f"{n},{digest(d)},{len(d)}" for n, d in files.items()] + [f"{record},,"]
        target.writestr(entry(record), "\\n".join(lines) + "\\n")
f"{compiled} modules compiled"
`);
await writeFile(output, pyodide.FS.readFile("/tmp/out.zip"));
process.stdout.write(summary + "\n");
