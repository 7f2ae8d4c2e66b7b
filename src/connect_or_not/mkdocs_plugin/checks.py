"""Trainers' mistakes in quiz sets and page markers, in the trainer's own words.

Each check returns plain sentences that name the place (``mkdocs.yml``, or a page
and its line) and what the trainer wrote; the plugin fails the build with them, or
shows them in the browser under ``mkdocs serve``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..card import select_cards
from ..loader import SLUG
from ..vocabulary import KINDS
from ..yamlread import line_problem

if TYPE_CHECKING:
    from mkdocs.config import base

    from ..card import Card

# A marker as trainers write it, roughly: anything from "<!-- con:" to "-->".
LOOSE_MARKER = re.compile(r"<!--\s*con:.*?(?:-->|$)")


def plain_option_errors(schema: base.Config, values: Mapping[str, Any]) -> list[str]:
    """A marker's or a set's options checked against ``schema``, in plain words."""
    errors, warnings = schema.validate()
    known = [key for key, _ in schema._schema]
    problems = []
    for key, error in errors:
        if key not in values:
            problems.append(f"{key}= is missing")
        elif "bool" in str(error):
            problems.append(f"{key} must be true or false, not {values[key]!r}")
        elif "int" in str(error):
            problems.append(f"{key} must be a whole number, not {values[key]!r}")
        else:
            shown = ",".join(map(str, values[key])) if isinstance(values[key], list) \
                else values[key]
            problems.append(f"{key}={shown}: {error}")
    for key, _ in warnings:
        problems.append(f"unknown option {key!r}; known: {', '.join(known)}")
    return problems


def check_set(spec: Any, cards: Mapping[str, Card], drafts: Iterable[str]) -> list[str]:
    """A quiz set's mistakes: its id, its card list, and whether it picks any card."""
    drafts = set(drafts)
    problems = []
    if not SLUG.match(spec.id):
        slug = "-".join(re.findall(r"[a-z0-9]+", spec.id.lower())) or "my-set"
        problems.append(f"the id {spec.id!r} must be a lowercase slug (a-z, 0-9, dashes), as "
                        f"it becomes the address quiz/sets/<id>/; for example {slug}")
    for card_id in dict.fromkeys(i for i in spec.cards if spec.cards.count(i) > 1):
        problems.append(f"card {card_id!r} is listed {spec.cards.count(card_id)} times in "
                        "cards; list each card once")
    for card_id in dict.fromkeys(spec.cards):
        if card_id in drafts:
            problems.append(f"card {card_id!r} is a draft (draft: true), kept off the site; "
                            "publish it or take it out of the set")
        elif card_id not in cards:
            problems.append(f"no card with id {card_id!r} in the cards folder")
    if not (spec.cards or spec.kinds or spec.tags):
        problems.append("picks no cards: give it cards:, kinds: or tags: (kinds: "
                        f"[{', '.join(KINDS)}] takes every card)")
    elif not problems and not select_cards(cards.values(), ids=spec.cards, kinds=spec.kinds,
                                           tags=spec.tags):
        problems.append("no card matches its kinds and tags")
    return problems


def check_config_sets(sets: Iterable[Any], cards: Mapping[str, Card], drafts: Iterable[str],
                      config_file: str) -> list[str]:
    """Every quiz set in mkdocs.yml, and ids shared by two sets."""
    problems = []
    seen: set[str] = set()
    for spec in sets:
        where = f"{config_file}: quiz set {spec.id!r}"
        unknown = sorted(set(spec.keys()) - {key for key, _ in spec._schema})
        problems += [f"{where}: unknown option {key!r}; known: "
                     f"{', '.join(key for key, _ in spec._schema)}" for key in unknown]
        if spec.id in seen:
            problems.append(f"{where}: two sets have this id; give each set its own")
        seen.add(spec.id)
        title = line_problem(spec.title, "title")
        if title:
            problems.append(f"{where}: {title}")
        problems += [f"{where}: {problem}" for problem in check_set(spec, cards, drafts)]
    return problems


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
