"""A course's checks beyond its cards one by one: the quiz sets of ``mkdocs.yml``
against the cards that exist, and the class policy against each card's ``expect``.
``connect-or-not validate`` and the build run these very checks, so what the one
accepts the other builds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from .card import Card, select_cards
from .schema import SLUG, slug_for
from .settings import CourseSettings, SetSpec
from .vocabulary import KINDS
from .yamlread import Problem, did_you_mean


class SetLike(Protocol):
    """A quiz set as mkdocs.yml (SetSpec) or a page's marker writes it."""

    @property
    def id(self) -> str: ...
    @property
    def cards(self) -> Sequence[str]: ...
    @property
    def kinds(self) -> Sequence[str]: ...
    @property
    def tags(self) -> Sequence[str]: ...


def set_problems(settings: CourseSettings, cards: Mapping[str, Card],
                 drafts: Iterable[str]) -> list[Problem]:
    """Every quiz set's mistakes, at its line in ``mkdocs.yml``: its id, ids shared by
    two sets, its card list, and whether it picks any card."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for spec in settings.sets:
        def at(key: str, message: str, spec: SetSpec = spec) -> None:
            line, column = spec.where.get(key, spec.where.get("", (1, 1)))
            problems.append(Problem(settings.path, line, column,
                                    f"quiz set {spec.id!r}: {message}"))

        if spec.id in seen:
            at("id", "two sets have this id; give each set its own")
        seen.add(spec.id)
        for problem in set_mistakes(spec, cards, set(drafts)):
            at(*problem)
    return sorted(problems)


def set_mistakes(spec: SetLike, cards: Mapping[str, Card],
                 drafts: set[str]) -> list[tuple[str, str]]:
    """(the option it is at, message) for each mistake of one set."""
    found = []
    if not SLUG.match(spec.id):
        found.append(("id", f"the id {spec.id!r} must be a lowercase slug (a-z, 0-9, "
                      f"dashes), as it becomes the address quiz/sets/<id>/; for example "
                      f"{slug_for(spec.id) or 'my-set'}"))
    for card_id in dict.fromkeys(i for i in spec.cards if spec.cards.count(i) > 1):
        found.append(("cards", f"card {card_id!r} is listed {spec.cards.count(card_id)} "
                      "times in cards; list each card once"))
    for card_id in dict.fromkeys(spec.cards):
        if card_id in drafts:
            found.append(("cards", f"card {card_id!r} is a draft (draft: true), kept off the "
                          "site; publish it or take it out of the set"))
        elif card_id not in cards:
            found.append(("cards", f"no card with id {card_id!r} in the cards folder"
                          f"{did_you_mean(card_id, cards)}"))
    if not (spec.cards or spec.kinds or spec.tags):
        found.append(("", "picks no cards: give it cards:, kinds: or tags: (kinds: "
                      f"[{', '.join(KINDS)}] takes every card)"))
    elif not found and not select_cards(cards.values(), ids=spec.cards, kinds=spec.kinds,
                                        tags=spec.tags):
        found.append(("tags" if spec.tags else "kinds", "no card matches its kinds and tags"))
    return found
