"""The package gives the same verdicts in Pyodide (Node) as in CPython."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import zipfile

import pytest

from connect_or_not import browser, evaluate, grade
from connect_or_not.export import pyodide_lock, write_wheel
from connect_or_not.mkdocs_plugin.plugin import SNAPSHOT
from connect_or_not.vocabulary import POLICY_IDS

from .conftest import ROOT
from .support.project import runtime_folder, shipped_cards

PYODIDE = ROOT / "node_modules" / "pyodide"
CARDS = shipped_cards()


def test_pinned_exactly():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["pyodide"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)


def _verdicts_in_pyodide(mode: str, directory, tmp_path) -> list:
    cards = tmp_path / "cards.json"
    cards.write_text(json.dumps([s.to_dict() for s in CARDS]))
    proc = subprocess.run(
        ["node", str(ROOT / "tests" / "support" / "pyodide_eval.mjs"), mode, str(directory),
         str(cards)], capture_output=True, text=True, cwd=ROOT, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


IN_CPYTHON = [evaluate(s, p).to_dict() for s in CARDS for p in POLICY_IDS]


def test_pyodide_verdicts_equal_cpython(tmp_path):
    assert PYODIDE.exists(), "run npm ci first (make test does)"
    wheel = write_wheel(tmp_path)
    info = json.loads((PYODIDE / "pyodide-lock.json").read_text())["info"]
    (tmp_path / "pyodide-lock.json").write_text(json.dumps(pyodide_lock(wheel.read_bytes(), info)))
    in_pyodide = _verdicts_in_pyodide("wheel", tmp_path, tmp_path)
    assert len(in_pyodide) == len(CARDS) * len(POLICY_IDS)
    assert in_pyodide == IN_CPYTHON


@pytest.mark.parametrize("way", ["lean", "fast", "wheel"])
def test_the_shipped_runtime_gives_the_same_verdicts(built_site, tmp_path, way):
    """What browsers run, each way: the built site's runtime folder exactly (the
    interpreter from its .gz, the cut standard library, the snapshot); and the
    shipped wheel, installed through the shipped lock file as any Pyodide would
    install it (browsers never need it: the grader travels in the library)."""
    runtime = runtime_folder(built_site)
    assert _verdicts_in_pyodide(way, runtime, tmp_path) == IN_CPYTHON


def test_the_snapshot_is_reproducible(built_site, tmp_path):
    """The same inputs give the same bytes, so a rebuild on another machine keeps
    the runtime's content-named folder and learners' caches. The rebuild runs from
    another path to the checkout (a CI clone lies elsewhere) and another directory."""
    runtime = runtime_folder(built_site)
    elsewhere = tmp_path / "checkout"
    elsewhere.symlink_to(ROOT, target_is_directory=True)
    again = tmp_path / "again.snapshot"
    stdlib = tmp_path / "python_stdlib.zip"  # as the browser mounts it, decompressed
    stdlib.write_bytes(gzip.decompress((runtime / "python_stdlib.zip.gz").read_bytes()))
    subprocess.run(["node", str(elsewhere / "quiz" / "build" / "snapshot.mjs"), str(PYODIDE),
                    str(stdlib), str(again)],
                   check=True, capture_output=True, timeout=300, cwd=tmp_path)
    # Digests, not bytes: under CI, pytest diffs unequal bytes in full, which for
    # megabytes takes hours.
    assert _sha256(again) == _sha256(runtime / SNAPSHOT)


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_browser_entry_points_speak_json():
    card = next(s for s in CARDS if s.id == "claire-pitch").to_dict()
    text = json.dumps(card)
    assert json.loads(browser.evaluate_json(text, "selective")) == (
        evaluate(card, "selective").to_dict())
    assert json.loads(browser.grade_json(text, "accept", "open")) == (
        grade(card, "accept", "open").to_dict())


def test_wheel_is_reproducible_and_slim(tmp_path):
    assert _sha256(write_wheel(tmp_path / "a")) == _sha256(write_wheel(tmp_path / "b"))
    names = zipfile.ZipFile(tmp_path / "a" / "connect_or_not-0.1.0-py3-none-any.whl").namelist()
    assert "connect_or_not/model.py" in names
    assert not any(n.endswith(("loader.py", "yamlread.py", "schema.py", "checks.py",
                               "settings.py", "jstypes.py", "cli.py")) for n in names)
