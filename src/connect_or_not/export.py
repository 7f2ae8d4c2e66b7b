"""What the browser needs from the package: a slim wheel, its lock file, the answer key.

The browser grades with this very package inside Pyodide. It needs only the pure
model, so the wheel written here holds the modules the model imports and nothing
else (no loader, CLI or MkDocs plugin): a smaller download for every learner.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import Iterable
from importlib.metadata import distribution, version
from pathlib import Path
from typing import Any

from . import __name__ as PACKAGE
from . import contract
from .card import Card
from .model import Verdict, evaluate, result_for
from .vocabulary import POLICY_IDS

VERSION = version("connect-or-not")  # pyproject.toml's, as installed
DIST = "connect_or_not"
LOCK_NAME = "connect-or-not"
# The modules the model needs in the browser; the test suite imports the wheel
# in Pyodide, so a missing one fails there.
BROWSER_MODULES = ("__init__", "browser", "conditions", "model", "rules", "card",
                   "vocabulary")
# A fixed timestamp keeps the wheel, and so its sha256, reproducible.
_EPOCH = (2020, 1, 1, 0, 0, 0)


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


WHEEL_NAME = f"{DIST}-{VERSION}-py3-none-any.whl"


def wheel_bytes() -> bytes:
    """The browser wheel of this package, built in memory."""
    package_dir = Path(__file__).parent
    files = {f"{PACKAGE}/{name}.py": (package_dir / f"{name}.py").read_bytes()
             for name in BROWSER_MODULES}
    files[f"{PACKAGE}/py.typed"] = b""
    return _wheel(LOCK_NAME, VERSION, files,
                  summary="The Connect or Not rule model (browser build)")[1]


def _wheel(dist: str, dist_version: str, files: dict[str, bytes],
           info_files: dict[str, bytes] | None = None, summary: str = "") -> tuple[str, bytes]:
    """A pure-Python wheel of ``files`` (path in the wheel -> bytes): its file name and
    bytes, reproducible (a fixed timestamp, a sorted listing)."""
    name = dist.replace("-", "_")
    info = f"{name}-{dist_version}.dist-info"
    files = dict(sorted(files.items()))
    files[f"{info}/METADATA"] = (f"Metadata-Version: 2.1\nName: {dist}\n"
                                 f"Version: {dist_version}\n"
                                 + (f"Summary: {summary}\n" if summary else "")).encode()
    files.update({f"{info}/{n}": data for n, data in (info_files or {}).items()})
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: connect-or-not\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    record = "".join(f"{n},{_record_hash(data)},{len(data)}\n" for n, data in files.items())
    files[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, data in files.items():
            archive.writestr(zipfile.ZipInfo(n, _EPOCH), data)
    return f"{name}-{dist_version}-py3-none-any.whl", buffer.getvalue()


def _installed(dist: str, top: str, keep_info: tuple[str, ...] = ()) -> tuple[str, bytes]:
    """An installed distribution's pure-Python files as a wheel (PyYAML without its C
    speed-ups, which it does without; Markdown with the entry points that name its
    extensions)."""
    found = distribution(dist)
    files = {str(f): f.read_binary() for f in found.files or []
             if str(f).startswith(f"{top}/") and str(f).endswith(".py")}
    info = {str(f).split("/", 1)[1]: f.read_binary() for f in found.files or []
            if str(f).endswith(keep_info) and ".dist-info/" in str(f)}
    return _wheel(found.metadata["Name"], found.version, files, info)


# The card studio's Python (quiz/studio/): the whole package but its build (the
# MkDocs plugin, the steps and the Markdown extension, which import what the browser
# lacks), and what its loader and sanitiser import. Only the studio page downloads them.
STUDIO_DIST = "connect-or-not-studio"
BUILD_ONLY = {"mkdocs_plugin", "steps", "markdown.py"}


def studio_wheels() -> dict[str, tuple[str, str, bytes]]:
    """By lock name: (version, file name, bytes) of each wheel the studio loads."""
    package_dir = Path(__file__).parent
    files = {f"{PACKAGE}/{path.relative_to(package_dir).as_posix()}": path.read_bytes()
             for path in sorted(package_dir.rglob("*"))
             if path.is_file() and path.suffix in (".py", ".json", ".typed")
             and not BUILD_ONLY & {*path.relative_to(package_dir).parts, "__pycache__"}}
    wheels = {STUDIO_DIST: (VERSION, *_wheel(STUDIO_DIST, VERSION, files))}
    for dist, top, info in (("PyYAML", "yaml", ()), ("Markdown", "markdown",
                                                       ("entry_points.txt",))):
        name, data = _installed(dist, top, info)
        wheels[dist.lower()] = (distribution(dist).version, name, data)
    return wheels


def studio_lock(wheels: dict[str, tuple[str, str, bytes]], info: dict[str, Any]) -> dict[str, Any]:
    """The studio's own lock file: its three wheels, each with the sha256 Pyodide
    checks before installing it. (The learners' lock stays as small as it was.)"""
    imports = {STUDIO_DIST: [PACKAGE], "pyyaml": ["yaml"], "markdown": ["markdown"]}
    return {"info": info, "tool": {}, "packages": {name: {
        "depends": ["pyyaml", "markdown"] if name == STUDIO_DIST else [],
        "file_name": file_name, "imports": imports[name], "install_dir": "site", "name": name,
        "package_type": "package", "sha256": hashlib.sha256(data).hexdigest(), "tool": {},
        "unvendored_tests": False, "version": wheel_version,
    } for name, (wheel_version, file_name, data) in wheels.items()}}


def write_wheel(out_dir: Path) -> Path:
    """Write the browser wheel into ``out_dir`` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / WHEEL_NAME
    wheel.write_bytes(wheel_bytes())
    return wheel


def pyodide_lock(wheel: bytes, info: dict[str, Any]) -> dict[str, Any]:
    """A lock file listing only our wheel, for ``loadPyodide({packages: [...]})``.

    ``info`` is the ``info`` block of the vendored Pyodide's own lock file, so the
    ABI and Python version match the runtime that loads it. The site writes it with
    Pyodide's own tool where one is available (``quiz/build/lockfile.py``); this is
    the same file, for machines without Python 3.12, and the tests hold the two equal.
    """
    return {
        "info": info,
        "packages": {
            LOCK_NAME: {
                "depends": [],
                "file_name": WHEEL_NAME,
                "imports": [PACKAGE],
                "install_dir": "site",
                "name": LOCK_NAME,
                "package_type": "package",
                "sha256": hashlib.sha256(wheel).hexdigest(),
                "tool": {},
                "unvendored_tests": False,
                "version": VERSION,
            }
        },
        "tool": {},
    }


def answer_key(cards: Iterable[Card]) -> dict[str, dict[str, contract.KeyVerdict]]:
    """Every card's verdict under every policy, computed at build time, by card id.

    The browser shows the other policies' answers from it, and grades from it when
    Pyodide cannot start. Each choice's result is included, so that the browser
    never classifies credit itself.
    """
    return {s.id: {policy: key_verdict(evaluate(s, policy)) for policy in POLICY_IDS}
            for s in cards}


def key_verdict(verdict: Verdict) -> contract.KeyVerdict:
    """A verdict as the answer key carries it: reasons by rule id, with where they stand."""
    return {
        "best": list(verdict.best),
        "credit": dict(verdict.credit),
        "results": {d: result_for(c) for d, c in verdict.credit.items()},
        "reasons": [r.ref() for r in verdict.reasons],
        "flips": [f.to_dict() for f in verdict.flips],
        "split": list(verdict.split),
        "unknown": list(verdict.unknown),
    }
