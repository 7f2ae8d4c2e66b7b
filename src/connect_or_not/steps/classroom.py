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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import segno

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


_WORD = 0xFFFFFFFF


def room_order(ids: list[str], shuffle: bool, seed: int) -> list[str]:
    """A set's cards in the order the room sees them: the trainer's order, or (a
    shuffled set) the engine's seeded shuffle (``seededOrder`` in quiz/src/set.js,
    mulberry32 and Fisher-Yates), so that the printed deck and key number the cards as
    the set page, the presenter and the tally do."""
    if not shuffle:
        return list(ids)
    state = seed & _WORD

    def draw() -> int:  # the next 32-bit value; the engine divides it by 2**32
        nonlocal state
        state = (state + 0x6D2B79F5) & _WORD
        t = ((state ^ (state >> 15)) * (state | 1)) & _WORD
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & _WORD)) & _WORD
        return (t ^ (t >> 14)) & _WORD

    order = list(ids)
    for i in range(len(order) - 1, 0, -1):
        j = (draw() * (i + 1)) >> 32  # Math.floor(value / 2**32 * (i + 1)), exactly
        order[i], order[j] = order[j], order[i]
    return order


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




@dataclass(frozen=True)
class Join:
    """How a room joins a set: its address, the same shorter for typing (no scheme,
    no trailing index), and a QR code of it as inline SVG, drawn at build time."""

    url: str
    short: str
    svg: str


def join(site_url: str, path: str) -> Join | None:
    """The set at ``path`` (its site URL) under ``site_url``; None without a site_url,
    when the build cannot know the address a phone would open."""
    if not site_url:
        return None
    url = site_url.rstrip("/") + "/" + path.lstrip("/")
    short = re.sub(r"^https?://", "", url).removesuffix("index.html")
    # Medium error correction: a projector's glare or a smudged screen still reads.
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(dark="#000", light="#fff", border=2, omitsize=True,
                          svgclass="con-join-qr", lineclass=None)
    # The address is written beside it: the picture says nothing to a screen reader.
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return Join(url=url, short=short, svg=svg)
