"""The grader's entry points in the browser: JSON text in, JSON text out.

The web worker (``quiz/worker.js``) calls these inside Pyodide; strings are the
cheapest thing to pass between JavaScript and Python. The shapes are
``contract.Verdict`` and ``contract.Grade``; the other policies' verdicts come from
the build-time answer key, so the worker never computes them. The build imports this
module before it snapshots Pyodide's memory, so in the browser it is ready at once.
"""

from __future__ import annotations

import json

from .model import evaluate, grade


def evaluate_json(card_json: str, policy: str) -> str:
    """The verdict on a card under ``policy``."""
    return json.dumps(evaluate(json.loads(card_json), policy).to_dict())


def grade_json(card_json: str, choice: str, policy: str) -> str:
    """The learner's ``choice`` on a card, graded under ``policy``."""
    return json.dumps(grade(json.loads(card_json), choice, policy).to_dict())
