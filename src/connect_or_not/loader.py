"""Trainers' card files: finding them, reading each one (``yamlread``, into the
``schema``), checking it against the model (``checks``) and telling every problem as
``file:line:col: message``, all of a file's problems rather than the first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from .card import Card
from .checks import check_choices, check_class_policy, check_expect, check_unknowns
from .schema import KEYS, MAX_ID_LENGTH, SLUG, card_from
from .settings import CourseSettings, read_course_settings
from .yamlread import MAX_BYTES, MAX_DEPTH, MAX_ITEMS, Problem, Reader, decode, did_you_mean
from .yamlread import read_document as _read_document

__all__ = [
    "KEYS", "MAX_BYTES", "MAX_DEPTH", "MAX_ID_LENGTH", "MAX_ITEMS", "SLUG", "CourseSettings",
    "Problem", "card_files", "check_card", "check_choices", "check_class_policy",
    "check_expect", "check_unknowns", "did_you_mean", "is_card_file", "load_cards",
    "parse_card", "read_course_settings",
]


def parse_card(data: bytes, path: str = "<card>") -> tuple[Card | None, list[Problem]]:
    """Parse one card file's bytes. Returns the card (None if unusable) and problems.

    ``expect`` is not checked here; :func:`check_expect` compares it with the model.
    """
    text, problems = decode(data, path)
    if text is None:
        return None, problems
    reader = Reader(path, problems)
    root = _read_document(text, reader)
    if root is None:
        return None, sorted(problems)
    default_id = Path(path).stem if is_card_file(Path(path)) else Path(path).name
    card = card_from(reader, root, default_id)
    return (card if not problems else None), sorted(problems)


def is_card_file(path: Path) -> bool:
    """A .yaml or .yml file (any case), but not a hidden one such as the ``._name``
    files macOS leaves on shared drives."""
    return path.suffix.lower() in (".yaml", ".yml") and not path.name.startswith(".")


def _unreadable(problems: list[Problem], error: OSError) -> None:
    problems.append(Problem(str(error.filename), 1, 1, "cannot read this folder "
                            f"({error.strerror or error}); its cards are left out"))


def card_files(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Path]:
    """The card files named by ``paths``: files as given, folders searched through
    (symbolic links to folders are not followed). What cannot be searched is added
    to ``problems``, never skipped without a word."""
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue

        found = []
        for folder, _, names in os.walk(path, onerror=partial(_unreadable, problems)):
            for name in names:
                candidate = Path(folder) / name
                if not is_card_file(candidate):
                    continue
                if candidate.is_symlink() and not candidate.exists():
                    problems.append(Problem(str(candidate), 1, 1, "a symbolic link that leads "
                                            "nowhere (or to itself); remove it or fix it"))
                    continue
                # Not only regular files: a pipe or a device named *.yaml is reported,
                # not skipped (and never opened, so it cannot hang the reader).
                found.append(candidate)
        yield from sorted(found)


def check_card(data: bytes, path: str = "<card>", *,
               expect: bool = True) -> tuple[Card | None, list[Problem]]:
    """Parse one card's bytes and check its choices and (unless ``expect`` is false)
    its ``expect``: the card (None if it does not parse) and every problem."""
    card, problems = parse_card(data, path)
    if card is not None:
        problems += check_choices(card) + (check_expect(card) if expect else [])
    return card, problems


def load_cards(paths: Iterable[str | Path], *,
               expect: bool = True) -> tuple[list[Card], list[Problem]]:
    """Load and fully check every card under ``paths``: types, ``expect`` (unless
    told not to), unique ids.

    Returns the valid cards and every problem found, sorted by file and line.
    """
    cards: list[Card] = []
    problems: list[Problem] = []
    first_seen: dict[str, Card] = {}
    for path in card_files(paths, problems):
        shown = str(path)
        if path.exists() and not path.is_file():
            problems.append(Problem(shown, 1, 1, "not a card file (a pipe, a device or a "
                                    "socket); cards are plain text files"))
            continue
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as err:
            problems.append(Problem(shown, 1, 1, f"cannot read: {err.strerror or err}"))
            continue
        card, found = check_card(data, shown, expect=expect)
        problems.extend(found)
        if card is None:
            continue
        if card.id in first_seen:
            other = first_seen[card.id]
            line, column = card.where.get("id", (1, 1))
            problems.append(Problem(shown, line, column, f"duplicate id {card.id!r}: "
                                    f"{other.path} uses it too"))
            continue
        first_seen[card.id] = card
        if not found:
            cards.append(card)
    return cards, problems
