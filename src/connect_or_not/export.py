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
from importlib.metadata import version
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
    info = f"{DIST}-{VERSION}.dist-info"
    files: dict[str, bytes] = {
        f"{PACKAGE}/{name}.py": (package_dir / f"{name}.py").read_bytes()
        for name in BROWSER_MODULES
    }
    files[f"{PACKAGE}/py.typed"] = b""
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: connect-or-not\nVersion: {VERSION}\n"
        "Summary: The Connect or Not rule model (browser build)\n"
    ).encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: connect-or-not\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in files.items())
    files[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, _EPOCH), data)
    return buffer.getvalue()


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
        "split": verdict.split,
        "unknown": list(verdict.unknown),
    }
