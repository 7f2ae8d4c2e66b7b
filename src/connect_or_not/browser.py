"""The grader's entry points in the browser: JSON text in, JSON text out.

The web worker (``quiz/worker.js``) calls these inside Pyodide; strings are the
cheapest thing to pass between JavaScript and Python. The build imports this
module before it snapshots Pyodide's memory, so in the browser it is ready at once.
"""

from __future__ import annotations

import json

from .model import evaluate, grade
from .vocabulary import POLICY_IDS


def evaluate_json(card_json: str, policy: str) -> str:
    """The verdict on a card under ``policy``."""
    return json.dumps(evaluate(json.loads(card_json), policy).to_dict())


def grade_json(card_json: str, choice: str, policy: str) -> str:
    """The learner's ``choice`` on a card, graded under ``policy``."""
    return json.dumps(grade(json.loads(card_json), choice, policy).to_dict())


def others_json(card_json: str, policy: str) -> str:
    """The verdicts under every policy but ``policy``, by policy."""
    card = json.loads(card_json)
    return json.dumps({p: evaluate(card, p).to_dict() for p in POLICY_IDS if p != policy})
