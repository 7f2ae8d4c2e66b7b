"""Does `make check` catch these small mistakes? Each mutation is applied alone, in a
throwaway git worktree of HEAD (the working tree is never touched), and `make check`
runs there with this checkout's installed .venv and node_modules.

    .venv/bin/python tools/mutations.py [NUMBER ...]

Prints, for each mutation, make's exit code (0 means it went unnoticed) and the first
failures. Issue 23 lists the mutations the engine's unit tests must catch.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MUTATIONS = [
    ("1", "the key grader returns another choice's result", "quiz/src/engine.js",
     "credit: verdict.credit[choice],\n      result: verdict.results[choice],",
     "credit: verdict.credit[verdict.best[0]],\n      result: verdict.results[verdict.best[0]],"),
    ("2", "the 'Best here' sentence emptied", "quiz/src/card.js",
     'el("p", { text: this.t("card.best", { policy: this.policy, labels: this.labels(grade.best) '
     '}) }),',
     'el("p", { text: "" }),'),
    ("3", "the set score counts partial credit as full", "quiz/src/set.js",
     "return this.order.reduce((sum, id) => sum + (state.results[id] || 0), 0);",
     "return this.order.reduce((sum, id) => sum + (state.results[id] ? 1 : 0), 0);"),
    ("4", "a wrong answer reported to the LMS as correct", "quiz/src/lms.js",
     'result === "best" ? "correct" : result === "wrong"',
     'result !== "partial" ? "correct" : result === "partial"'),
    ("5", "a set resumes one card too far", "quiz/src/set.js",
     "index: Math.min(Math.max(index, 0), this.order.length),",
     "index: Math.min(Math.max(index + 1, 0), this.order.length),"),
    ("6", "what-if values shown swapped (Yes/No)", "quiz/src/card.js",
     "const words = this.config.facts[fact].values[JSON.stringify(value ?? null)];",
     'const words = this.config.facts[fact].values[JSON.stringify(typeof value === "boolean" '
     "? !value : value ?? null)];"),
    ("7", "the 'five or fewer shared contacts' boundary moved", "src/connect_or_not/rules.py",
     'fewer_than("mutual_connections", 6)', 'fewer_than("mutual_connections", 5)'),
    ("8", "number facts probed at 0 only", "src/connect_or_not/model.py",
     "out[fact.name] = sorted(probes.get(fact.name, {0}))", "out[fact.name] = [0]"),
]


def run(tree: Path, number: str, what: str, path: str, old: str, new: str) -> int:
    file = tree / path
    text = file.read_text(encoding="utf-8")
    if text.count(old) != 1:
        print(f"mutation {number} ({what}): its line is no longer in {path}; update it")
        return 2
    file.write_text(text.replace(old, new), encoding="utf-8")
    venv = ROOT / ".venv"
    try:
        proc = subprocess.run(
            ["make", "-s", "check", f"VENV={venv}", "-o", f"{venv}/.site-installed",
             "-o", f"{venv}/.dev-installed", "-o", "node_modules/.package-lock.json"],
            cwd=tree, capture_output=True, text=True, check=False,
            env={**os.environ, "PYTHONPATH": str(tree / "src")})
    finally:
        file.write_text(text, encoding="utf-8")
    lines = (proc.stdout + proc.stderr).splitlines()
    failures = [line.strip() for line in lines if line.startswith(("FAILED", "quiz/"))
                or (line.lstrip().startswith("✖") and "failing tests" not in line)
                or "error TS" in line]
    print(f"mutation {number} ({what}): make check exit {proc.returncode}")
    for line in dict.fromkeys(failures[:4]):
        print(f"    {line[:150]}")
    return proc.returncode


def main(chosen: list[str]) -> int:
    unnoticed = []
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), "HEAD"],
                       cwd=ROOT, check=True)
        try:
            (tree / "node_modules").symlink_to(ROOT / "node_modules")
            for number, *mutation in MUTATIONS:
                if (not chosen or number in chosen) and run(tree, number, *mutation) == 0:
                    unnoticed.append(number)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           check=False)
    if unnoticed:
        print(f"unnoticed: {', '.join(unnoticed)}")
    return 1 if unnoticed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
