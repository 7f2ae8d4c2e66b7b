"""The browser runtime the site vendors: Pyodide from its npm package, our wheel,
the lock file, and the build steps that prepare them (bytecode, snapshot)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from ..export import WHEEL_NAME, pyodide_lock, wheel_bytes

log = logging.getLogger("mkdocs.plugins.connect_or_not")

ASSETS = "assets/connect-or-not"
# The runtime files the worker loads from the vendored `pyodide` npm package. Its
# own lock file is replaced by ours, which lists only our wheel.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Pyodide's memory once the grader has started (gzip): see quiz/build/snapshot.mjs.
SNAPSHOT = "grader.snapshot"


class Runtime:
    """What a built site serves under ``path``: ``files`` maps a name there to its
    bytes on disk; ``wheel`` and ``lock`` are written from memory."""

    def __init__(self, runtime_dir: Path, build_dir: Path, *, precompile: bool,
                 snapshot: bool, lock_python: str) -> None:
        package = runtime_dir / "package.json"
        missing = [name for name in RUNTIME_FILES if not (runtime_dir / name).is_file()]
        if not package.is_file() or missing:
            raise PluginError(f"connect-or-not: the Pyodide runtime is missing from "
                              f"{runtime_dir} ({', '.join(missing) or 'package.json'}); "
                              "run `npm ci` (make does this for you)")
        self.dir = runtime_dir
        self.build_dir = build_dir
        self.version = f"pyodide-{json.loads(package.read_text(encoding='utf-8'))['version']}"
        info = json.loads((runtime_dir / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
        self.wheel = wheel_bytes()
        self.files: dict[str, Path] = {name: runtime_dir / name for name in RUNTIME_FILES}
        if precompile:
            def compiled(archive: bytes) -> Path:
                return self._built("compile_zip.mjs", archive, option="precompile: false",
                                   what="compiling Python bytecode for the browser")
            self.files["python_stdlib.zip"] = compiled(
                (runtime_dir / "python_stdlib.zip").read_bytes())
            self.wheel = compiled(self.wheel).read_bytes()
        self.lock = self._lock(info, lock_python)
        self.snapshot = SNAPSHOT if snapshot else ""
        if snapshot:
            self.files[SNAPSHOT] = self._built(
                "snapshot.mjs", self.files["python_stdlib.zip"].read_bytes(), self.wheel,
                what="snapshotting the started grader", option="snapshot: false")
        # Named by its content, so hosts may cache it for good (see hosting.headers)
        # and a course update that changes any of it is never served stale.
        digest = hashlib.sha256(self.wheel + json.dumps(self.lock).encode())
        for name, source in sorted(self.files.items()):
            digest.update(name.encode() + hashlib.sha256(source.read_bytes()).digest())
        self.digest = digest.hexdigest()[:12]
        self.path = f"{ASSETS}/{self.version}-{self.digest}"

    def generated(self) -> dict[str, Path | bytes]:
        """Every file of the runtime folder, by name: a path on disk, or bytes."""
        return {**self.files, WHEEL_NAME: self.wheel,
                "pyodide-lock.json": json.dumps(self.lock, indent=1).encode()}

    def _lock(self, runtime_info: dict[str, Any], lock_python: str) -> dict[str, Any]:
        """Our lock file. Pyodide's own tool (pyodide-lock, on Python 3.12+) writes it
        when one is set, as make does; otherwise the package's writer, whose output the
        tests hold equal to the tool's."""
        tool = lock_python or os.environ.get("CONNECT_OR_NOT_LOCK_PYTHON", "")
        if not tool:
            return pyodide_lock(self.wheel, runtime_info)
        built = self._built("lockfile.py", self.wheel, interpreter=tool,
                            what="writing the lock file with pyodide-lock",
                            option='lock_python: ""')
        lock: dict[str, Any] = json.loads(built.read_text(encoding="utf-8"))
        return lock

    def _built(self, script_name: str, *inputs: bytes, what: str, option: str,
               interpreter: str = "node") -> Path:
        """The file ``<interpreter> quiz/build/<script_name> <runtime> <inputs...> <out>``
        writes, cached by inputs, script, interpreter and runtime, so a machine pays for
        it once. ``option`` is the setting that does without it."""
        script = self.build_dir / script_name
        key = hashlib.sha256(script.read_bytes() + self.version.encode() + interpreter.encode())
        for data in inputs:
            key.update(hashlib.sha256(data).digest())
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        built = cache / "connect-or-not" / f"{script.stem}-{key.hexdigest()[:24]}"
        if built.is_file():
            return built
        built.parent.mkdir(parents=True, exist_ok=True)
        sources = [built.with_suffix(f".{os.getpid()}.in{i}") for i in range(len(inputs))]
        partial = built.with_suffix(f".{os.getpid()}.part")
        for source, data in zip(sources, inputs, strict=True):
            source.write_bytes(data)
        log.info("connect-or-not: %s (once per change)", what)
        try:
            subprocess.run([interpreter, str(script), str(self.dir), *map(str, sources),
                            str(partial)], check=True, capture_output=True, text=True,
                           timeout=600)
        except (OSError, subprocess.SubprocessError) as error:
            detail = getattr(error, "stderr", "") or error
            raise PluginError(f"connect-or-not: {what} failed ({detail}); set "
                              f"`{option}` to do without") from None
        finally:
            for source in sources:
                source.unlink(missing_ok=True)
        partial.replace(built)
        return built
