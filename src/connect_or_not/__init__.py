"""Connect or Not: should I accept, or send, a LinkedIn invitation to someone I don't know?

The public API is the rule model. The YAML loader lives in
:mod:`connect_or_not.loader` and is not imported here, so the package imports in
Pyodide without PyYAML.
"""

from .card import Card, Choice
from .model import Grade, ModelError, Verdict, evaluate, grade
from .vocabulary import DECISIONS, FACTS, KINDS, POLICIES, SOURCES

__all__ = [
    "DECISIONS",
    "FACTS",
    "KINDS",
    "POLICIES",
    "SOURCES",
    "Card",
    "Choice",
    "Grade",
    "ModelError",
    "Verdict",
    "evaluate",
    "grade",
]
