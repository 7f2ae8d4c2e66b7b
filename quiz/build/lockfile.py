"""Write the site's pyodide-lock.json with Pyodide's own tooling (pyodide-lock).

    python lockfile.py RUNTIME_DIR WHEEL SHIPPED_WHEEL OUT

Runs under the lock tool's interpreter (Python 3.12 or newer, with
``pyodide-lock[wheel]``), not the course's: the package itself needs no more than
Python 3.11. The runtime's own lock supplies the ABI and Python version the wheel
must match; ``add_wheels_to_spec`` checks that and reads the wheel's name, version,
imports, dependencies and sha256. The result keeps only our wheel: the runtime
ships no other package, and every learner downloads the lock.

The metadata is read from the wheel as built (WHEEL), and the hash is the shipped
wheel's (SHIPPED_WHEEL, compiled to bytecode where the site precompiles): pyodide-lock
finds a package's imports by its .py files, which a compiled wheel no longer has, so
reading the compiled one would give ``"imports": []`` on this machine and
``["connect_or_not"]`` on one without Python 3.12, and the runtime a new digest.
"""

import hashlib
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from pyodide_lock import PyodideLockSpec
from pyodide_lock.utils import add_wheels_to_spec


def wheel_file_name(wheel: Path) -> str:
    """The wheel's proper file name, from its own metadata (the build passes it in
    under a temporary name)."""
    with zipfile.ZipFile(wheel) as archive:
        info = next(n.split("/")[0] for n in archive.namelist()
                    if n.split("/")[0].endswith(".dist-info"))
        lines = archive.read(f"{info}/WHEEL").decode().splitlines()
    tag = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("Tag:"))
    return f"{info.removesuffix('.dist-info')}-{tag}.whl"


def main(runtime_dir: str, wheel: str, shipped: str, out: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        named = Path(folder) / wheel_file_name(Path(wheel))
        shutil.copyfile(wheel, named)
        runtime = PyodideLockSpec.from_json(Path(runtime_dir) / "pyodide-lock.json")
        spec = add_wheels_to_spec(runtime, [named])
    ours = {name: package for name, package in spec.packages.items()
            if package.file_name == named.name}
    for package in ours.values():
        package.sha256 = hashlib.sha256(Path(shipped).read_bytes()).hexdigest()
    spec.packages.clear()
    spec.packages.update(ours)
    spec.to_json(Path(out), indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:])
