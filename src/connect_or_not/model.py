"""The rule model: ``evaluate`` a card under a policy, ``grade`` a learner's choice.

Pure standard library, deterministic: the same code runs in CPython and, inside the
learner's browser, in Pyodide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .card import Card
from .rules import IMPLIED, RULE_BY_ID, Rule, rules_for, steps_for
from .vocabulary import (
    DEFAULT_POLICY,
    FACTS,
    KINDS,
    POLICY_IDS,
    decisions_for,
    facts_for,
)

if TYPE_CHECKING:
    from . import contract

# Credit follows one principle (stated in the trainer's guide). Each kind's
# decisions stand on a scale from the most careful to the boldest. A best answer
# earns 1. Another choice earns credit for standing next to a best answer: 0.5 one
# step more careful, 0.25 one step bolder or two steps more careful. The opposite
# answer (refusing where the best is to go ahead, or going ahead where the best is
# to refuse) earns nothing.
SCALE: dict[str, tuple[str, ...]] = {
    "incoming": ("decline", "ask_first", "accept", "accept_and_message"),
    "outgoing": ("dont_send", "warm_up_first", "send_personal", "send_default"),
    "connected": ("disconnect", "keep", "continue"),
}
REFUSALS = frozenset({"decline", "dont_send", "disconnect"})
HOLDS = frozenset({"ask_first", "warm_up_first", "keep"})
CREDIT_BY_STEP = {-1: 0.5, 1: 0.25, -2: 0.25}
# Accepting implies accepting and starting the conversation (see ``_answers``).
ALSO_BEST = {"accept": "accept_and_message"}


def credit_for(kind: str, best: tuple[str, ...], choice: str) -> float:
    """The credit ``choice`` earns on a card of ``kind`` whose best answers are ``best``."""
    if choice in best:
        return 1.0
    scale = SCALE[kind]
    return max(_credit_from(scale, b, choice) for b in best)


def _credit_from(scale: tuple[str, ...], best: str, choice: str) -> float:
    if _side(best) * _side(choice) < 0:  # the opposite answer
        return 0.0
    return CREDIT_BY_STEP.get(scale.index(choice) - scale.index(best), 0.0)


def _side(decision: str) -> int:
    """-1 for a refusal, 0 for holding back, 1 for going ahead."""
    return -1 if decision in REFUSALS else 0 if decision in HOLDS else 1


@dataclass(frozen=True)
class Reason:
    """A rule cited in a verdict. ``supports`` are the answers it argues for (each is
    best); ``unknown`` are facts the card leaves out that it turns on; ``held`` marks
    a precondition holding the careful answer until the card says those facts."""

    rule: str
    source: str
    says: str
    guide: str
    supports: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    held: bool = False

    def ref(self) -> contract.ReasonRef:
        """The reason as the answer key carries it (the page says what the rule says)."""
        return {"rule": self.rule, "supports": list(self.supports),
                "unknown": list(self.unknown), "held": self.held}

    def to_dict(self) -> contract.Reason:
        return {**self.ref(), "source": self.source, "says": self.says, "guide": self.guide}


@dataclass(frozen=True)
class Flip:
    """Changing ``fact`` from ``was`` (None: unknown) ``to`` a value makes ``best`` best."""

    fact: str
    was: Any
    to: Any
    best: tuple[str, ...]

    def to_dict(self) -> contract.Flip:
        return {"fact": self.fact, "from": self.was, "to": self.to, "best": list(self.best)}


@dataclass(frozen=True)
class Verdict:
    """``split``: the policy's own steps disagree on this card, so each side's answer is
    best. ``unknown``: facts the card leaves out on which the best answer turns."""

    id: str
    kind: str
    policy: str
    best: tuple[str, ...]
    credit: dict[str, float]
    reasons: tuple[Reason, ...]
    flips: tuple[Flip, ...]
    split: bool = False
    unknown: tuple[str, ...] = ()

    def to_dict(self) -> contract.Verdict:
        return {
            "id": self.id,
            "kind": self.kind,
            "policy": self.policy,
            "best": list(self.best),
            "credit": dict(self.credit),
            "reasons": [r.to_dict() for r in self.reasons],
            "flips": [f.to_dict() for f in self.flips],
            "split": self.split,
            "unknown": list(self.unknown),
        }


class ModelError(ValueError):
    """Raised for a kind, policy or decision the vocabulary does not know."""


@dataclass(frozen=True)
class _Decision:
    best: tuple[str, ...]
    reasons: tuple[Reason, ...]
    split: bool
    implied: dict[str, Any]  # facts filled in by IMPLIED, with their values


def _complete(kind: str, policy: str, facts: Mapping[str, Any]
              ) -> tuple[dict[str, Any], dict[str, Any], frozenset[str]]:
    """The card's facts with what they imply (``rules.IMPLIED``), then the careful
    values that the policy's own preconditions presume for facts the card leaves out.
    Returns the facts, the implied ones with their values, and the presumed ones."""
    known = dict(facts)
    kind_facts = {f.name for f in facts_for(kind)}
    implied: dict[str, Any] = {}
    for implication in IMPLIED:
        if (implication.fact in kind_facts and implication.fact not in known
                and implication.when.test(known) is True):
            known[implication.fact] = implied[implication.fact] = implication.value
    presumed: set[str] = set()
    for step in steps_for(kind, policy):
        rule = step.rule
        if step.borrowed or not rule.presumes or rule.when.test(known) is not None:
            continue
        careful = {f: v for f, v in rule.presumes if f not in known}
        if rule.when.test({**known, **careful}) is True:
            known.update(careful)
            presumed.update(careful)
    return known, implied, frozenset(presumed)


def _speaking(rules: list[Rule]) -> list[Rule]:
    """The rules that have their say: none set aside by another of its post's rules
    with other answers, and the defaults only where nothing else speaks."""
    heard = [r for r in rules if not any(
        r.id in o.over and set(o.decides) != set(r.decides) for o in rules)]
    said = [r for r in heard if not r.last_word]
    return said or heard


def _answers(rules: list[Rule]) -> frozenset[str]:
    """What the speaking rules make best. Where accepting is best and nothing argues
    for refusing, accepting and starting the conversation is best too (Cathy asks
    that the hello of an acceptance never be left to drop)."""
    answers = {d for r in rules for d in r.decides}
    if not answers & REFUSALS:
        answers |= {ALSO_BEST[d] for d in answers if d in ALSO_BEST}
    return frozenset(answers)


def _disagree(rules: list[Rule]) -> bool:
    """Two speaking rules with no answer in common: the case is split."""
    sides = [_answers([r]) for r in rules]
    return any(not a & b for i, a in enumerate(sides) for b in sides[i + 1:])


def _decide(kind: str, policy: str, facts: Mapping[str, Any],
            explain: bool = True) -> _Decision:
    """Every step of the policy has its say (see ``rules``): the best answers and,
    if ``explain``, the reasons in procedure order and whether the policy's own steps
    disagree."""
    known, implied, presumed = _complete(kind, policy, facts)
    rules = rules_for(kind, policy)
    truth = [(r, r.when.test(known)) for r in rules]
    fired = [r for r, t in truth if t is True]
    if not fired:  # every procedure ends with a default; this guards edits to the table
        raise ModelError(f"no rule decides a {kind} card under {policy}")
    speaking = _speaking(fired)
    base = _answers(speaking)
    best = set(base)
    # A step that turns on a fact left out, and that would change the answer: its
    # answers are best too, and its reason names the fact.
    turns_on: list[Rule] = []
    for rule in (r for r, t in truth if t is None):
        alternative = _speaking([*fired, rule])
        answers = _answers(alternative)
        if answers != base:
            best |= answers
            if rule in alternative:
                turns_on.append(rule)
    ordered = tuple(d for d in decisions_for(kind) if d in best)
    if not explain:
        return _Decision(ordered, (), False, implied)
    unpresumed = {f: v for f, v in known.items() if f not in presumed}

    def holding(r: Rule) -> tuple[Rule, tuple[str, ...], bool]:
        # A step that holds only through a presumed fact stands on a precondition
        # holding the careful answer: its reason names the facts presumed.
        held = r.when.test(unpresumed) is None
        return r, _fact_order(r.looks_at() & presumed) if held else (), held

    cited = [holding(r) for r in speaking]
    cited += [(r, tuple(f for f in _fact_order(r.looks_at()) if f not in known), False)
              for r in turns_on]
    # Advice on how to do it backs every best answer it names.
    cited += [holding(r) for r in fired
              if r.manner and r not in speaking and set(r.decides) <= best]
    reasons: list[Reason] = []
    seen: set[str] = set()
    for rule, unknown, is_held in sorted(cited, key=lambda c: rules.index(c[0])):
        for r in (rule, *(p for p in rule.parts if p.when.test(known) is True)):
            if r.id not in seen:
                seen.add(r.id)
                reasons.append(Reason(r.id, r.source, r.says, r.guide, rule.decides,
                                      unknown if r is rule else (), is_held and r is rule))
    return _Decision(ordered, tuple(reasons), _disagree(speaking), implied)


def _fact_order(names: set[str]) -> tuple[str, ...]:
    return tuple(f.name for f in FACTS if f.name in names)


def best_for(kind: str, policy: str, facts: Mapping[str, Any]) -> tuple[str, ...]:
    """Only the best decision(s): the cheap core of ``evaluate`` and of the flips."""
    return _decide(kind, policy, facts, explain=False).best


def _probe_values(kind: str) -> dict[str, list[Any]]:
    """For every fact of the kind, the values worth trying in a flip."""
    probes: dict[str, set[int]] = {}
    for policy in POLICY_IDS:
        for rule in rules_for(kind, policy):
            for name, values in rule.when.probes().items():
                probes.setdefault(name, set()).update(values)
    out: dict[str, list[Any]] = {}
    for fact in facts_for(kind):
        if fact.type == "bool":
            out[fact.name] = [True, False]
        elif fact.type == "enum":
            out[fact.name] = list(fact.values)
        else:
            out[fact.name] = sorted(probes.get(fact.name, {0}))
    return out


_PROBES: dict[str, dict[str, list[Any]]] = {kind: _probe_values(kind) for kind in KINDS}


def _flips(kind: str, policy: str, facts: Mapping[str, Any], implied: Mapping[str, Any],
           best: tuple[str, ...]) -> tuple[Flip, ...]:
    """Single changes that change the best answer, each from the fact's value on the
    card (or the one another fact implies; None where it is unknown)."""
    flips = []
    for fact, values in _PROBES[kind].items():
        settled = fact in facts or fact in implied
        was = facts[fact] if fact in facts else implied.get(fact)
        for value in values:
            if settled and _same(value, was):
                continue
            changed = {**facts, fact: value}
            other = best_for(kind, policy, changed)
            if set(other) != set(best):
                flips.append(Flip(fact, was, value, other))
    return tuple(flips)


def _same(a: Any, b: Any) -> bool:
    # True == 1 in Python; a fact's type never mixes the two, but be exact anyway.
    return type(a) is type(b) and a == b


def _check(kind: str, policy: str) -> None:
    if kind not in KINDS:
        raise ModelError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if policy not in POLICY_IDS:
        raise ModelError(f"unknown policy {policy!r}; expected one of {', '.join(POLICY_IDS)}")


def _parts(card: Card | Mapping[str, Any]) -> tuple[str, str, dict[str, Any]]:
    if isinstance(card, Card):
        return card.id, card.kind, dict(card.facts)
    return str(card.get("id", "")), str(card["kind"]), dict(card.get("facts") or {})


def evaluate(card: Card | Mapping[str, Any], policy: str = DEFAULT_POLICY) -> Verdict:
    """The model's verdict on a card: best answers, credit, reasons and flips.

    ``card`` is a :class:`Card` or a mapping with ``kind``, ``facts`` and
    optionally ``id`` (the browser passes plain JSON). Facts left out stay unknown.
    """
    card_id, kind, facts = _parts(card)
    _check(kind, policy)
    decision = _decide(kind, policy, facts)
    best = decision.best
    credit = {d: credit_for(kind, best, d) for d in decisions_for(kind)}
    # The facts the verdict rests on come first: they are what a learner asks about.
    rests_on = {f for r in decision.reasons for f in RULE_BY_ID[r.rule].looks_at()}
    flips = tuple(sorted(_flips(kind, policy, facts, decision.implied, best),
                         key=lambda f: f.fact not in rests_on))
    unknown = _fact_order({f for r in decision.reasons for f in r.unknown}
                          | {f.fact for f in flips if f.was is None})
    return Verdict(
        id=card_id,
        kind=kind,
        policy=policy,
        best=best,
        credit=credit,
        reasons=decision.reasons,
        flips=flips,
        split=decision.split,
        unknown=unknown,
    )


def result_for(credit: float) -> contract.Result:
    """How a choice's credit reads: the best answer, partly right, or wrong."""
    return "best" if credit == 1.0 else "partial" if credit > 0 else "wrong"


@dataclass(frozen=True)
class Grade:
    choice: str
    credit: float
    result: contract.Result
    verdict: Verdict

    def to_dict(self) -> contract.Grade:
        return {
            "id": self.verdict.id,
            "policy": self.verdict.policy,
            "choice": self.choice,
            "credit": self.credit,
            "result": self.result,
            "best": list(self.verdict.best),
            "reasons": [r.to_dict() for r in self.verdict.reasons],
            "split": self.verdict.split,
            "unknown": list(self.verdict.unknown),
        }


def grade(
    card: Card | Mapping[str, Any], choice: str, policy: str = DEFAULT_POLICY
) -> Grade:
    """Grade a learner's ``choice`` on a card: its credit from 0 to 1 and its result."""
    verdict = evaluate(card, policy)
    if choice not in verdict.credit:
        known = ", ".join(verdict.credit)
        raise ModelError(f"{choice!r} is not a decision of a {verdict.kind} card; use {known}")
    credit = verdict.credit[choice]
    return Grade(choice, credit, result_for(credit), verdict)
