"""Trainers' mistakes in quiz sets and page markers, in the trainer's own words.

Each check returns plain sentences that name the place (``mkdocs.yml``, or a page
and its line) and what the trainer wrote; the build fails with them, or shows them
in the browser under ``mkdocs serve``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..course import set_mistakes

if TYPE_CHECKING:
    from ..card import Card

# A marker as trainers write it, roughly: anything from "<!-- con:" to "-->".
LOOSE_MARKER = re.compile(r"<!--\s*con:.*?(?:-->|$)")


def check_set(spec: Any, cards: Mapping[str, Card], drafts: Iterable[str]) -> list[str]:
    """A marker's quiz set's mistakes (the course's own checks, ``course.set_mistakes``)."""
    return [message for _, message in set_mistakes(spec, cards, set(drafts))]


def marker_shape_problem(text: str) -> str:
    """Why a marker as written is not ``<!-- con:NAME key=value ... -->``."""
    if not text.rstrip().endswith("-->"):
        return "it does not end with --> on the same line"
    if re.search(r"\s=|=\s", text):
        return "write key=value with no spaces around '='"
    if re.search(r"=[\"']", text):
        return "write the values without quotes"
    if re.search(r",\s", text):
        return "separate list items with commas and no spaces (tags=a,b)"
    return "write it as <!-- con:NAME key=value ... --> with letters, digits, dashes and dots"


def inline_code_spans(line: str) -> list[tuple[int, int]]:
    """Where a Markdown line's `code spans` are: markers there are examples."""
    return [match.span() for match in re.finditer(r"(`+).+?\1", line)]
