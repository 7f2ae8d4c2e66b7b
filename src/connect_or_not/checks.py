"""A card read from its file, checked against the rule model: whether the answers
the trainer expects are the model's, whether the choices shown include a best
answer, and warnings where the class policy or a left-out fact was never checked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .card import Card
from .model import best_for, evaluate, silent_readings
from .rules import RULE_BY_ID
from .sanitise import plain_text
from .schema import slug_for
from .vocabulary import DEFAULT_POLICY, FACT_BY_NAME, POLICY_IDS
from .yamlread import Problem


def check_class_policy(card: Card, policy: str, settings: str = "mkdocs.yml") -> list[Problem]:
    """A warning for a card whose ``expect`` says nothing about the class's policy
    when that policy is not the default: its answer there has never been checked."""
    if policy == DEFAULT_POLICY or not card.expect or policy in card.expect:
        return []
    line, column = card.where.get("expect", (1, 1))
    best = best_for(card.kind, policy, card.facts)
    return [Problem(card.path, line, column,
                    f"warning: expect gives no answer for the {policy} policy, which this "
                    f"course uses ({settings}); the model answers {' or '.join(map(repr, best))}"
                    f" there: add '{policy}: {_listed(best)}' under expect, or say what you "
                    "expect")]


def _listed(decisions: Sequence[str]) -> str:
    return decisions[0] if len(decisions) == 1 else f"[{', '.join(decisions)}]"


def check_expect(card: Card) -> list[Problem]:
    """Problems where the trainer's ``expect`` names an answer the model does not make
    best."""
    problems = []
    line, column = card.where.get("expect", (1, 1))
    for policy, expected in card.expect.items():
        # The best answer alone is cheap; the full verdict only explains a mismatch.
        best = best_for(card.kind, policy, card.facts)
        wrong = [d for d in expected if d not in best]
        if not wrong:
            continue
        verdict = evaluate(card, policy)
        why = "; ".join(f"{r.rule} ({r.source}): {r.says}" for r in verdict.reasons)
        problems.append(Problem(
            card.path, line, column,
            f"expect says {' and '.join(map(repr, wrong))} but under the {policy} policy the "
            f"model's best answer is {' or '.join(repr(b) for b in verdict.best)}, because "
            f"{why}"))
    return problems


def check_unknowns(card: Card) -> list[Problem]:
    """Warnings where an answer turns on a fact the card leaves open (``unknown``)
    under a policy whose ``expect`` does not already list every answer it leaves
    open; and where an answer rests on a fact the card leaves out, read as its
    silence says (``Fact.silence``), so the trainer can state it if the story means
    otherwise."""
    problems = []
    line, column = card.where.get("facts", (1, 1))
    resting: dict[str, list[str]] = {}
    for policy in POLICY_IDS:
        verdict = evaluate(card, policy)
        # A silent fact the cited steps read, whose other value would change the answer.
        silent = set(silent_readings(card.kind, policy, card.facts))
        cited = {f for r in verdict.reasons for f in RULE_BY_ID[r.rule].looks_at()}
        for flip in verdict.flips:
            if flip.fact in silent & cited and policy not in resting.setdefault(flip.fact, []):
                resting[flip.fact].append(policy)
        if not verdict.unknown or set(card.expect.get(policy, ())) == set(verdict.best):
            continue
        facts = " and ".join(verdict.unknown)
        problems.append(Problem(
            card.path, line, column,
            f"warning: under the {policy} policy the answer turns on {facts}, which this "
            f"card leaves unknown; say it under facts, or keep every answer it leaves open "
            f"(expect: {policy}: {_listed(verdict.best)})"))
    if resting:
        readings = "; ".join(
            f"{name} read as {FACT_BY_NAME[name].silence.words} "
            f"({', '.join(policies)})" for name, policies in resting.items())
        problems.append(Problem(
            card.path, line, column,
            f"warning: the answer rests on facts this card leaves out, read as the ordinary "
            f"case: {readings}; state any of them under facts if the story means otherwise"))
    return problems


def check_choices(card: Card) -> list[Problem]:
    """A card that lists its ``choices`` must show a best answer under every policy."""
    if not card.choices:
        return []
    shown = {c.decision for c in card.choices}
    line, column = card.where.get("choices", (1, 1))
    problems = []
    for policy in POLICY_IDS:
        best = best_for(card.kind, policy, card.facts)
        if not shown & set(best):
            problems.append(Problem(
                card.path, line, column,
                f"choices leave out the best answer under the {policy} policy "
                f"({' or '.join(repr(b) for b in best)}); add it to choices, or leave "
                "choices out to show every decision"))
    return problems


# A story of 120 words ends about 700 px down a 360 x 800 phone's card page, leaving
# the card's title room for a second line before the story runs past the first
# screen; the learner then reads on and scrolls to the choices (bench/story_length.py
# measures it). 800 characters is the same length in long words, or in a script
# written without spaces.
STORY_WORDS = 120
STORY_CHARACTERS = 800


def check_story_length(card: Card) -> list[Problem]:
    """A warning for a story longer than a phone's first screen holds (in any of
    the card's languages)."""
    return [problem for version in card.versions() for problem in _story_length(version)]


def _story_length(card: Card) -> list[Problem]:
    text = plain_text(card.story)
    words = len(text.split())
    if words <= STORY_WORDS and len(text) <= STORY_CHARACTERS:
        return []
    line, column = card.where.get("story", (1, 1))
    return [Problem(card.path, line, column,
                    f"warning: the story is {words} words long; past about {STORY_WORDS} "
                    f"words (or {STORY_CHARACTERS} characters) it runs beyond a phone's first "
                    "screen, so the learner scrolls before seeing the choices: shorten it, "
                    "or move the detail to the debrief")]


def check_file_name(card: Card) -> list[Problem]:
    """A warning for a card whose ``id`` is not its file's name: its address follows
    the id, so a renamed file keeps the old address. (An id that only puts the name
    in the form an id takes, ``upper`` for ``Upper.YAML``, is what the name asks.)"""
    stem = Path(card.path).stem
    if "id" not in card.where or card.id in (stem, slug_for(stem)):
        return []
    line, column = card.where["id"]
    name = Path(card.path).name
    return [Problem(card.path, line, column,
                    f"warning: the file is named {name} but its id is {card.id!r}, and the id "
                    f"gives the card its address (quiz/{card.id}/): rename the file "
                    f"{card.id}{Path(card.path).suffix}, or change the id to "
                    f"{slug_for(stem)!r} (the page then moves, and learners' saved "
                    "answers stay with the old id)")]
