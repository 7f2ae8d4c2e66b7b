"""A copy of the course project to build variants of: shared by tests and benchmarks."""

from __future__ import annotations

import json
import re
import shutil
from functools import cache
from pathlib import Path

from connect_or_not.card import Card
from connect_or_not.loader import load_cards

ROOT = Path(__file__).resolve().parents[2]
# The plugin's policy line in mkdocs.yml, whatever policy the course is set to.
_POLICY = re.compile(r"^      policy: \w+\n", re.M)


@cache
def shipped_cards() -> tuple[Card, ...]:
    """The course's own cards, loaded once for the whole test session."""
    cards, problems = load_cards([ROOT / "scenarios"])
    assert not problems, problems
    return tuple(cards)


def course_config(policy: str = "balanced", **options) -> str:
    """The course's mkdocs.yml with the class policy set to ``policy`` (the tests'
    expectations are the shipped defaults', whatever the trainer has chosen) and
    ``options`` joined to the plugin's (``snapshot=False`` writes ``snapshot: false``)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert _POLICY.search(config), "mkdocs.yml no longer sets the policy where expected"
    lines = "".join(f"      {name}: {json.dumps(value)}\n"
                    for name, value in {"policy": policy, **options}.items())
    return _POLICY.sub(lambda _: lines, config, count=1)


def copy_project(project: Path, policy: str = "balanced", **options) -> Path:
    """Copy the project to ``project``, with ``course_config``'s mkdocs.yml."""
    for name in ("docs", "scenarios", "quiz"):
        shutil.copytree(ROOT / name, project / name)
    (project / "mkdocs.yml").write_text(course_config(policy, **options), encoding="utf-8")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def runtime_folder(site: Path) -> Path:
    """The built ``site``'s runtime folder, ``pyodide-<version>-<digest>``."""
    return next((site / "assets" / "connect-or-not").glob("pyodide-*"))
