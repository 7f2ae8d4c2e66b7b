"""The browser runtime the site vendors: Pyodide from its npm package, our wheel,
the lock file, and the build steps that prepare them.

What a learner downloads, and why (measured in ``bench/RESULTS.md``):

- The interpreter (``pyodide.asm.wasm``) and its JavaScript (``pyodide.asm.mjs``)
  are shipped gzip-compressed by the build (zopfli), as ``NAME.gz``: many hosts
  send binary files uncompressed, and the worker decompresses them as they arrive.
- Two ways to start. *Lean*: a standard library cut to the modules Python's start
  and the grader import, with the grader's package in it, as sources without
  docstrings (``python_stdlib-lean.zip``); Python starts and imports the grader
  from it. *Fast* (``snapshot: true``): the same as bytecode, and a snapshot of a
  started grader: several MB more, about two seconds of CPU less. Neither
  downloads the wheel: the build puts its files in both. The worker times the
  link on the interpreter's first bytes and takes the fast way only from
  ``fast_from`` Mbit/s, where the extra bytes cost less time than they save; a
  classroom link takes the lean way.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import zopfli.gzip

from .. import contract
from ..export import WHEEL_NAME, pyodide_lock, studio_lock, studio_wheels, wheel_bytes
from .errors import BuildError, log

ASSETS = "assets/connect-or-not"
# What the build reads from the vendored `pyodide` npm package.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
LEAN_STDLIB = "python_stdlib-lean.zip"
FAST_STDLIB = "python_stdlib.zip"
# Shipped as NAME.gz; the worker's fetch decompresses them.
COMPRESSED = ("pyodide.asm.wasm", "pyodide.asm.mjs", LEAN_STDLIB, FAST_STDLIB)
# Pyodide's memory once the grader has started (gzip): see quiz/build/snapshot.mjs.
SNAPSHOT = "grader.snapshot"
# The card studio's way (quiz/studio/ only): the whole standard library (as the
# npm package ships it, already deflated), its own lock and wheels (export.py).
STUDIO_STDLIB = "python_stdlib-full.zip"
STUDIO_LOCK = "studio-lock.json"
# CPU time the fast way saves over the lean one on this project's machines (median
# of bench/run.py's cold starts); with the bytes it costs, it sets fast_from.
FAST_SAVES_SECONDS = 1.8


class Runtime:
    """What a built site serves under ``path``: ``files`` maps a name there to its
    bytes on disk; ``wheel`` and ``lock`` are written from memory."""

    def __init__(self, runtime_dir: Path, build_dir: Path, *, cache: Path, precompile: bool,
                 snapshot: bool, lock_python: str, minify: bool = True,
                 preview: bool = False) -> None:
        self.cache = cache  # what the build steps made, by their inputs (see _cached)
        self.minify = minify
        self.preview = preview  # `mkdocs serve`: quick gzip instead of zopfli
        package = runtime_dir / "package.json"
        missing = [name for name in RUNTIME_FILES if not (runtime_dir / name).is_file()]
        if not package.is_file() or missing:
            raise BuildError(f"connect-or-not: the Pyodide runtime is missing from "
                             f"{runtime_dir} ({', '.join(missing) or 'package.json'}); "
                             "run `npm ci` (make does this for you)")
        self.dir = runtime_dir
        self.build_dir = build_dir
        self.version = f"pyodide-{json.loads(package.read_text(encoding='utf-8'))['version']}"
        info = json.loads((runtime_dir / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
        self.files: dict[str, Path] = {"pyodide.mjs": runtime_dir / "pyodide.mjs"}
        for name in ("pyodide.asm.wasm", "pyodide.asm.mjs"):
            self.files[f"{name}.gz"] = self._compressed(runtime_dir / name, name)
        stdlib = (runtime_dir / "python_stdlib.zip").read_bytes()
        plain_wheel = wheel_bytes()

        def compiled(archive: bytes) -> bytes:
            if not precompile:
                return archive
            return self._built("compile_zip.mjs", archive, option="precompile: false",
                               what="compiling Python bytecode for the browser").read_bytes()

        def slim(archive: bytes, wheel: bytes) -> Path:
            return self._built("slim_stdlib.mjs", archive, wheel, option="",
                               what="cutting the standard library to what the grader uses")

        self.wheel = compiled(plain_wheel)
        self.files[f"{LEAN_STDLIB}.gz"] = self._compressed(slim(stdlib, plain_wheel),
                                                            LEAN_STDLIB)
        self.lock = self._lock(info, lock_python, plain_wheel)
        wheels = studio_wheels()
        self.studio: dict[str, Path | bytes] = {STUDIO_STDLIB: runtime_dir / "python_stdlib.zip",
                       **{file_name: data for _, file_name, data in wheels.values()},
                       STUDIO_LOCK: json.dumps(studio_lock(wheels, info), indent=1).encode()}
        self.studio_packages = list(wheels)
        self.studio_wheels = [file_name for _, file_name, _ in wheels.values()]
        self.snapshot = snapshot
        if snapshot:
            fast = slim(compiled(stdlib), self.wheel)
            self.files[f"{FAST_STDLIB}.gz"] = self._compressed(fast, FAST_STDLIB)
            # The browser mounts the very library the snapshot was made with.
            self.files[SNAPSHOT] = self._built(
                "snapshot.mjs", fast.read_bytes(),
                what="snapshotting the started grader", option="snapshot: false")
        # Named by its content, so hosts may cache it for good (see hosting.headers)
        # and a course update that changes any of it is never served stale.
        digest = hashlib.sha256(self.wheel + json.dumps(self.lock).encode())
        for name, source in sorted(self.files.items()):
            digest.update(name.encode() + hashlib.sha256(source.read_bytes()).digest())
        for name, data in sorted(self.studio.items()):
            digest.update(name.encode() + hashlib.sha256(
                data if isinstance(data, bytes) else data.read_bytes()).digest())
        self.digest = digest.hexdigest()[:12]
        self.path = f"{ASSETS}/{self.version}-{self.digest}"

    def generated(self, studio: bool = True) -> dict[str, Path | bytes]:
        """Every file of the runtime folder, by name: a path on disk, or bytes (the card
        studio's too, unless ``studio`` is false)."""
        return {**self.files, WHEEL_NAME: self.wheel, "pyodide-lock.json": self.lock_bytes(),
                **(self.studio if studio else {})}

    def lock_bytes(self) -> bytes:
        return json.dumps(self.lock, indent=1).encode()

    def info(self, url: str, studio: bool = False) -> contract.RuntimeInfo:
        """How the worker starts, for a page whose link to the runtime folder is ``url``
        (the studio's page may also start the studio's way)."""
        def size(name: str) -> int:
            return self.files[name].stat().st_size

        # What the worker's fetch counts (pyodide.mjs, 18 KB, is imported, not fetched).
        shared = size("pyodide.asm.wasm.gz") + size("pyodide.asm.mjs.gz")
        shared += len(self.lock_bytes())
        lean = shared + size(f"{LEAN_STDLIB}.gz")
        runtime: contract.RuntimeInfo = {
            "url": url,
            "compressed": [name for name in COMPRESSED if f"{name}.gz" in self.files],
            "lean": {"stdlib": LEAN_STDLIB, "bytes": lean},
            "fast": None, "fastFrom": 0.0}
        if self.snapshot:
            fast = shared + size(f"{FAST_STDLIB}.gz") + size(SNAPSHOT)
            runtime["fast"] = {"stdlib": FAST_STDLIB, "snapshot": SNAPSHOT, "bytes": fast}
            # Mbit/s from which the extra bytes download faster than the CPU they save.
            runtime["fastFrom"] = round(max(fast - lean, 0) * 8 / 1e6 / FAST_SAVES_SECONDS, 1)
        if studio:
            weight = sum(len(d) if isinstance(d, bytes) else d.stat().st_size
                         for d in self.studio.values())
            runtime["studio"] = {"stdlib": STUDIO_STDLIB, "lock": STUDIO_LOCK,
                                 "packages": self.studio_packages,
                                 "files": self.studio_wheels,
                                 "bytes": shared - len(self.lock_bytes()) + weight}
        return runtime

    def _compressed(self, source: Path, name: str) -> Path:
        """``source`` (shipped as ``name``) gzip-compressed with zopfli: slow, so cached
        by content. A local preview takes plain gzip, a few percent larger and twenty
        seconds sooner on a first run."""
        data = source.read_bytes()

        def make(out: Path) -> None:
            out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0) if self.preview
                            else zopfli.gzip.compress(data, numiterations=1))

        method = b"gzip-9" if self.preview else b"zopfli-1"
        built = self._cached(f"{name}.gz", [method, data], make, what=f"compressing {name}")
        if gzip.decompress(built.read_bytes()) != data:  # a cache entry cut short
            built.unlink()
            return self._compressed(source, name)
        return built

    def _lock(self, runtime_info: dict[str, Any], lock_python: str,
              plain_wheel: bytes) -> dict[str, Any]:
        """Our lock file, for the wheel that ships (``self.wheel``). Pyodide's own tool
        (pyodide-lock, on Python 3.12+) writes it when one is set, as make does;
        otherwise the package's writer. Both read the wheel's metadata from the wheel
        as built (``plain_wheel``), so they write the same file, which the tests hold."""
        tool = lock_python or os.environ.get("CONNECT_OR_NOT_LOCK_PYTHON", "")
        if not tool:
            return pyodide_lock(self.wheel, runtime_info)
        built = self._built("lockfile.py", plain_wheel, self.wheel, interpreter=tool,
                            what="writing the lock file with pyodide-lock",
                            option='lock_python: ""')
        lock: dict[str, Any] = json.loads(built.read_text(encoding="utf-8"))
        return lock

    def bundled(self, sources: Path, bundles: tuple[str, ...],
                workers: tuple[str, ...]) -> dict[str, bytes]:
        """The engine's scripts and their source maps (``quiz.js``, ``quiz.js.map``...),
        bundled by esbuild from the ES modules in ``sources`` (``bundles/NAME.js``),
        and the module ``workers`` beside it; minified unless ``minify: false``."""
        digest = hashlib.sha256()
        inputs = [*sorted(sources.rglob("*")), *(sources.parent / name for name in workers)]
        for path in inputs:
            if path.is_file():
                digest.update(path.relative_to(sources.parent).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        job = json.dumps({"src": str(sources.resolve()), "minify": self.minify,
                          "bundles": list(bundles), "workers": list(workers),
                          "sources": digest.hexdigest()}, sort_keys=True)
        built = self._built("bundle.mjs", job.encode(), what="bundling the quiz engine",
                            option="")
        files: dict[str, str] = json.loads(built.read_text(encoding="utf-8"))
        return {name: text.encode() for name, text in files.items()}

    def _cached(self, stem: str, inputs: list[bytes], make: Callable[[Path], None], *,
                what: str) -> Path:
        """The file ``make`` writes, cached by ``inputs`` so a machine pays for it once."""
        key = hashlib.sha256(self.version.encode())
        for data in inputs:
            key.update(hashlib.sha256(data).digest())
        built = self.cache / f"{stem}-{key.hexdigest()[:24]}"
        if built.is_file():
            return built
        partial = built.with_suffix(f".{os.getpid()}.part")
        log.info("%s (once per change)", what)
        try:
            built.parent.mkdir(parents=True, exist_ok=True)
            make(partial)
            partial.replace(built)
        except OSError as error:
            raise BuildError(f"connect-or-not: cannot write the build's cache in "
                             f"{self.cache} ({error.strerror or error}); make it writable, or "
                             "set cache_dir (or CONNECT_OR_NOT_CACHE) to a folder that is"
                              ) from None
        finally:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
        return built

    def _built(self, script_name: str, *inputs: bytes, what: str, option: str,
               interpreter: str = "node") -> Path:
        """The file ``<interpreter> quiz/build/<script_name> <runtime> <inputs...> <out>``
        writes, cached by inputs, script, interpreter and runtime. ``option`` is the
        setting that does without it."""
        script = self.build_dir / script_name

        def make(out: Path) -> None:
            sources = [out.with_suffix(f".in{i}") for i in range(len(inputs))]
            for source, data in zip(sources, inputs, strict=True):
                source.write_bytes(data)
            try:
                subprocess.run([interpreter, str(script), str(self.dir), *map(str, sources),
                                str(out)], check=True, capture_output=True, text=True,
                               timeout=600)
            except (OSError, subprocess.SubprocessError) as error:
                out.unlink(missing_ok=True)
                detail = getattr(error, "stderr", "") or error
                avoid = f"; set `{option}` to do without" if option else ""
                raise BuildError(f"connect-or-not: {what} failed ({detail}){avoid}") from None
            finally:
                for source in sources:
                    source.unlink(missing_ok=True)

        return self._cached(script.stem, [script.read_bytes(), interpreter.encode(), *inputs],
                            make, what=what)
