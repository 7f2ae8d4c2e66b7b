"""The rule model: ``evaluate`` a card under a policy, ``grade`` a learner's choice.

Pure standard library, deterministic: the same code runs in CPython and, inside the
learner's browser, in Pyodide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .card import Card
from .rules import Rule, rules_for
from .vocabulary import (
    DEFAULT_POLICY,
    KINDS,
    POLICY_IDS,
    SOURCE_BY_ID,
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
# Wherever accepting is best, accepting and starting the conversation is best too:
# Cathy asks that the hello of an acceptance never be left to drop.
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
    rule: str
    source: str
    says: str
    guide: str

    def to_dict(self) -> contract.Reason:
        return {"rule": self.rule, "source": self.source, "says": self.says, "guide": self.guide}


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
    id: str
    kind: str
    policy: str
    best: tuple[str, ...]
    credit: dict[str, float]
    reasons: tuple[Reason, ...]
    flips: tuple[Flip, ...]

    def to_dict(self) -> contract.Verdict:
        return {
            "id": self.id,
            "kind": self.kind,
            "policy": self.policy,
            "best": list(self.best),
            "credit": dict(self.credit),
            "reasons": [r.to_dict() for r in self.reasons],
            "flips": [f.to_dict() for f in self.flips],
        }


class ModelError(ValueError):
    """Raised for a kind, policy or decision the vocabulary does not know."""


def _decide(kind: str, policy: str, facts: Mapping[str, Any]) -> tuple[Rule, list[Rule]]:
    """The deciding rule and every other firing rule of the policy, in order."""
    fired = [r for r in rules_for(kind, policy) if r.when.test(facts) is True]
    # Every kind ends its list with an unconditional rule for every policy, so the
    # list is never empty; the check guards edits to the rule table.
    if not fired:
        raise ModelError(f"no rule decides a {kind} card under {policy}")
    return fired[0], fired[1:]


def best_for(kind: str, policy: str, facts: Mapping[str, Any]) -> tuple[str, ...]:
    """Only the best decision(s): the cheap core of ``evaluate`` and of the flips."""
    return _with_implied(kind, _decide(kind, policy, facts)[0].decides)


def _with_implied(kind: str, decides: tuple[str, ...]) -> tuple[str, ...]:
    """The decider's answers and those they imply, in the kind's standard order."""
    best = set(decides) | {ALSO_BEST[d] for d in decides if d in ALSO_BEST}
    return tuple(d for d in decisions_for(kind) if d in best)


def _reasons(decider: Rule, others: list[Rule], facts: Mapping[str, Any]) -> tuple[Reason, ...]:
    cited: list[Rule] = []
    support = (r for r in others if set(r.decides) & set(decider.decides) and not r.last_word)
    for rule in [decider, *support]:
        for r in (rule, *(p for p in rule.parts if p.when.test(facts) is True)):
            if r not in cited:
                cited.append(r)
    return tuple(Reason(r.id, r.source, r.says, r.guide) for r in cited)


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


def _flips(kind: str, policy: str, facts: Mapping[str, Any],
           best: tuple[str, ...]) -> tuple[Flip, ...]:
    flips = []
    for fact, values in _PROBES[kind].items():
        was = facts.get(fact)
        for value in values:
            if fact in facts and _same(value, was):
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
    decider, others = _decide(kind, policy, facts)
    best = _with_implied(kind, decider.decides)
    credit = {d: credit_for(kind, best, d) for d in decisions_for(kind)}
    return Verdict(
        id=card_id,
        kind=kind,
        policy=policy,
        best=best,
        credit=credit,
        reasons=_reasons(decider, others, facts),
        flips=_flips(kind, policy, facts, best),
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


def cite(source_id: str) -> str:
    """A short citation of a post: its author, and its title where it has one."""
    source = SOURCE_BY_ID[source_id]
    if source.title.startswith("("):  # untitled posts are named by their author alone
        return source.author
    return f"{source.author}, “{source.title}”"
