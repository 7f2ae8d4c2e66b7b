"""The class in the room (presenter view, printed deck, tally): the short codes that
name a quiz set and a version of the course, and what the tally page knows.

A learner's result code (written by the engine's ``tally`` part) starts with its
set's code: four characters for the set and four for the course version, in
Crockford's base 32 (digits and letters without I, L, O, U, so that it can be read
aloud). The version changes whenever a card, its choices or its answers change,
so the tally refuses codes from another version of the course.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .. import contract

if TYPE_CHECKING:
    from ..card import Card
    from ..settings import SetSpec

ALPHABET = contract.RESULT_CODE_ALPHABET


def base32(data: bytes, length: int) -> str:
    number = int.from_bytes(data, "big")
    digits = []
    for _ in range(length):
        number, digit = divmod(number, 32)
        digits.append(ALPHABET[digit])
    return "".join(digits)


def course_version(cards: Iterable[Card], key: Mapping[str, Mapping[str, contract.KeyVerdict]],
                   policy: str) -> str:
    """Four characters that change with any card's id, choices or answers."""
    content = [[card.id, [c.decision for c in card.shown_choices()],
                key[card.id][policy]["credit"]] for card in cards]
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).digest()
    return base32(digest, 4)


def set_code(set_id: str, version: str) -> str:
    """The set's four characters, then the course version's four."""
    return base32(hashlib.sha256(set_id.encode()).digest(), 4) + version


def tally_set(spec: SetSpec, code: str, cards: list[Card],
              key: Mapping[str, Mapping[str, contract.KeyVerdict]],
              policy: str) -> contract.TallySet:
    return {"id": spec.id, "title": spec.title, "code": code, "shuffle": spec.shuffle,
            "seed": spec.seed, "cards": [{
        "id": card.id, "title": card.title,
        "choices": [c.decision for c in card.shown_choices()],
        "labels": [c.label for c in card.shown_choices()],
        "best": list(key[card.id][policy]["best"]),
    } for card in cards]}


