"""The in-memory form of a scenario card, independent of YAML."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .vocabulary import DECISION_BY_ID, decisions_for


@dataclass(frozen=True)
class Choice:
    decision: str
    label: str = ""  # the card's own words; empty: the vocabulary's


# The card's texts that may be given per language (``story: {en: ..., fr: ...}``).
TEXTS = ("title", "story", "debrief")


def primary_language(lang: str) -> str:
    """A language code's language alone, as the course's words and a card's texts are
    chosen by it: fr-CA and fr_CA read fr."""
    return lang.replace("_", "-").split("-")[0].lower()


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
    # Per language, the texts a card gives in several (language code -> key -> text);
    # title, story and debrief above are those of its first language.
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    # The vocabulary's decision labels in the site's language (see in_language).
    words: Mapping[str, str] = field(default_factory=dict)

    def shown_choices(self) -> tuple[Choice, ...]:
        """The choices the card shows, each with its label: its own list, or every
        decision of its kind."""
        decisions = [c.decision for c in self.choices] or decisions_for(self.kind)
        return tuple(Choice(d, self.label(d)) for d in decisions)

    def label(self, decision: str) -> str:
        """A decision as this card words it: its own label where its choices give one,
        else the vocabulary's (in the site's language, once in_language gave it)."""
        own = next((c.label for c in self.choices if c.decision == decision), "")
        return own or self.words.get(decision) or DECISION_BY_ID[decision].label

    def language_for(self, lang: str) -> str | None:
        """Which of the card's languages a site in ``lang`` shows (fr-CA reads fr), or
        None when it gives its text in one language only, or not in this one."""
        return next((code for code in (lang, primary_language(lang)) if code in self.texts),
                    None)

    def in_language(self, lang: str, words: Mapping[str, str]) -> Card:
        """The card as a site in ``lang`` shows it: its text in that language where it
        gives one, and ``words`` (decision id -> label) for the labels it does not."""
        code = self.language_for(lang)
        if code is None:
            return replace(self, words=dict(words))
        texts = self.texts[code]
        # Problems with its text are told where that language's text is.
        where = dict(self.where)
        for key in TEXTS:
            for at, mark in ((f"{key}.text", f"{key}.text.{code}"), (key, f"{key}.{code}")):
                if mark in self.where:
                    where[at] = self.where[mark]
        return replace(self, words=dict(words), where=where, title=texts.get("title", ""),
                       story=texts.get("story", ""), debrief=texts.get("debrief", ""))

    def versions(self) -> list[Card]:
        """The card in each language it is written in (itself, when in one)."""
        return [self.in_language(code, self.words) for code in self.texts] or [self]

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
