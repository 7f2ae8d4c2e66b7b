"""The package gives the same verdicts in Pyodide (Node) as in CPython."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile

from connect_or_not import evaluate
from connect_or_not.export import pyodide_lock, write_wheel
from connect_or_not.loader import load_cards
from connect_or_not.vocabulary import POLICY_IDS

from .conftest import ROOT, SCENARIOS

PYODIDE = ROOT / "node_modules" / "pyodide"


def test_pinned_exactly():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["pyodide"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)


def test_pyodide_verdicts_equal_cpython(tmp_path):
    assert PYODIDE.exists(), "run npm ci first (make test does)"
    wheel = write_wheel(tmp_path)
    info = json.loads((PYODIDE / "pyodide-lock.json").read_text())["info"]
    (tmp_path / "pyodide-lock.json").write_text(json.dumps(pyodide_lock(wheel.read_bytes(), info)))
    scenarios, problems = load_cards([SCENARIOS])
    assert not problems
    cards = tmp_path / "cards.json"
    cards.write_text(json.dumps([s.to_dict() for s in scenarios]))
    proc = subprocess.run(
        ["node", str(ROOT / "tests" / "support" / "pyodide_eval.mjs"), str(tmp_path), str(cards)],
        capture_output=True, text=True, cwd=ROOT, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr
    in_pyodide = json.loads(proc.stdout)
    in_cpython = [evaluate(s, p).to_dict() for s in scenarios for p in POLICY_IDS]
    assert len(in_pyodide) == len(scenarios) * len(POLICY_IDS)
    assert in_pyodide == in_cpython


def test_wheel_is_reproducible_and_slim(tmp_path):
    first = write_wheel(tmp_path / "a").read_bytes()
    second = write_wheel(tmp_path / "b").read_bytes()
    assert first == second
    names = zipfile.ZipFile(tmp_path / "a" / "connect_or_not-0.1.0-py3-none-any.whl").namelist()
    assert "connect_or_not/model.py" in names
    assert not any(n.endswith(("loader.py", "cli.py")) for n in names)
