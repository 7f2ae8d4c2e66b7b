"""The in-memory form of a scenario card, independent of YAML."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .vocabulary import DECISION_BY_ID, decisions_for


@dataclass(frozen=True)
class Choice:
    decision: str
    label: str


@dataclass
class Card:
    """A card: its story, its facts and what the trainer expects.

    ``expect`` maps a policy id to the decisions the trainer expects to be best under
    it (one, or several where the case is open). ``where`` records ``(line, column)``
    of each top-level key and fact, so that later checks (such as ``expect``) can point
    at the right place in the file.
    """

    id: str
    kind: str
    facts: dict[str, Any]
    title: str = ""
    story: str = ""
    tags: tuple[str, ...] = ()
    expect: dict[str, tuple[str, ...]] = field(default_factory=dict)
    debrief: str = ""
    sources: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    draft: bool = False  # kept off the site until the trainer deletes `draft: true`
    path: str = ""
    where: dict[str, tuple[int, int]] = field(default_factory=dict)

    def shown_choices(self) -> tuple[Choice, ...]:
        """The choices the card shows: its own list, or every decision of its kind."""
        if self.choices:
            return self.choices
        return tuple(Choice(d, DECISION_BY_ID[d].label) for d in decisions_for(self.kind))

    def label(self, decision: str) -> str:
        """A decision as this card words it: its own label where its choices give one,
        else the vocabulary's."""
        own = next((c.label for c in self.choices if c.decision == decision), None)
        return own or DECISION_BY_ID[decision].label

    def to_dict(self) -> dict[str, Any]:
        """The card as plain JSON data (for the browser and ``--json`` output)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "tags": list(self.tags),
            "facts": dict(self.facts),
            "expect": {policy: list(d) for policy, d in self.expect.items()},
            "sources": list(self.sources),
            "choices": [{"decision": c.decision, "label": c.label} for c in self.shown_choices()],
        }


def select_cards(cards: Iterable[Card], *, ids: Sequence[str] = (), kinds: Sequence[str] = (),
                 tags: Sequence[str] = ()) -> list[Card]:
    """The cards of a quiz set: those named (in that order) or all, then those of
    the kinds and with any of the tags given. Draft cards are never chosen."""
    by_id = {card.id: card for card in cards if not card.draft}
    pool = [by_id[i] for i in ids if i in by_id] if ids else list(by_id.values())
    return [card for card in pool if (not kinds or card.kind in kinds)
            and (not tags or set(tags) & set(card.tags))]
