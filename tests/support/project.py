"""A copy of the course project to build variants of: shared by tests and benchmarks."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

from connect_or_not.card import Card
from connect_or_not.loader import load_cards

ROOT = Path(__file__).resolve().parents[2]
_OPTIONS_AFTER = "      policy: balanced\n"


@cache
def shipped_cards() -> tuple[Card, ...]:
    """The course's own cards, loaded once for the whole test session."""
    cards, problems = load_cards([ROOT / "scenarios"])
    assert not problems, problems
    return tuple(cards)


def copy_project(project: Path, **options) -> Path:
    """Copy the project to ``project``; ``options`` join the plugin's in mkdocs.yml
    (``snapshot=False`` writes ``snapshot: false``)."""
    for name in ("docs", "scenarios", "quiz"):
        shutil.copytree(ROOT / name, project / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert _OPTIONS_AFTER in config, "mkdocs.yml no longer sets the policy where expected"
    added = "".join(f"      {name}: {json.dumps(value)}\n" for name, value in options.items())
    (project / "mkdocs.yml").write_text(config.replace(_OPTIONS_AFTER, _OPTIONS_AFTER + added),
                                        encoding="utf-8")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def runtime_folder(site: Path) -> Path:
    """The built ``site``'s runtime folder, ``pyodide-<version>-<digest>``."""
    return next((site / "assets" / "connect-or-not").glob("pyodide-*"))
