"""The card studio's entry point in the browser: a card's YAML in, what the command
line says of it out, as JSON text.

The studio page (``quiz/studio/``) runs this in Pyodide, with the whole package,
PyYAML and Python-Markdown (the build packs them: ``export.studio_wheels``). It runs
``connect-or-not validate --coverage`` and ``connect-or-not explain --json`` as a
trainer would at a terminal, on the text written to a file of the name the trainer
gave, so that the studio says exactly what the CLI says: the same ``line:col`` and
words. The preview's Markdown comes back rendered, not cleaned: the page cleans it
with DOMPurify to the build's own allowlist (``contract.SANITISER``).
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from . import cli
from .catalog import ENGLISH
from .loader import parse_card
from .sanitise import rendered_html
from .vocabulary import KINDS, POLICY_IDS

# What a trainer may name the file: a card id and .yaml, as the CLI's `new` writes it.
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.yaml$")
_PROBLEM = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$")


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code if isinstance(stop.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def check(text: str, name: str = "my-card.yaml", policy: str = "balanced") -> dict[str, Any]:
    """What ``validate --coverage`` and ``explain --json`` say of ``text`` saved as
    ``name``, and the card to preview when it loads."""
    name = name if _NAME.match(name) else "my-card.yaml"
    policy = policy if policy in POLICY_IDS else "balanced"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        code, out, err = _run("validate", "--coverage", "--policy", policy, str(path))
        said = [line.replace(f"{folder}/", "") for line in (out + err).splitlines()]
        problems = [{**match.groupdict(), "line": int(match["line"]),
                     "column": int(match["column"])}
                    for line in said if (match := _PROBLEM.match(line))]
        verdicts: dict[str, Any] = {}
        if code == 0:
            for each in POLICY_IDS:
                _, explained, _ = _run("explain", "--json", "--policy", each, str(path))
                verdicts[each] = json.loads(explained)[0]
        card, _ = parse_card(text.encode("utf-8"), name)
    preview = None
    if code == 0 and card is not None:
        preview = {"id": card.id, "kind": card.kind, "kindTitle": ENGLISH(f"kind.{card.kind}"),
                   "title": card.title, "story": rendered_html(card.story),
                   "debrief": rendered_html(card.debrief) if card.debrief else "",
                   "tags": list(card.tags), "draft": card.draft,
                   "choices": [{"decision": c.decision, "label": c.label}
                               for c in card.shown_choices()],
                   "facts": dict(card.facts)}
    return {"ok": code == 0, "said": said, "problems": problems, "verdicts": verdicts,
            "card": preview}


def check_json(text: str, name: str, policy: str) -> str:
    """``check`` as JSON text, for the worker."""
    return json.dumps(check(text, name, policy))


def templates() -> dict[str, str]:
    """The CLI's commented template for each kind, as `connect-or-not new` writes it."""
    return {kind: cli.template("my-card", kind) for kind in KINDS}
