"""The rule model: ``evaluate`` a card under a policy, ``grade`` a learner's choice.

Pure standard library, deterministic: the same code runs in CPython and, inside the
learner's browser, in Pyodide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING, Any

from .card import Card
from .rules import IMPLIED, RULE_BY_ID, Rule, Step, rules_for, steps_for
from .vocabulary import (
    DEFAULT_POLICY,
    FACT_BY_NAME,
    FACTS,
    KINDS,
    POLICY_IDS,
    SOURCES,
    UNKNOWN,
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
# An answer that is the first half of a fuller one (see ``_answers``).
FULLER = {"accept": "accept_and_message"}


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
    """``split``: the posts whose own steps disagree on this card (each side's answer
    is best), or none. ``unknown``: facts the card leaves open on which the best answer
    turns, and those a precondition holds."""

    id: str
    kind: str
    policy: str
    best: tuple[str, ...]
    credit: dict[str, float]
    reasons: tuple[Reason, ...]
    flips: tuple[Flip, ...]
    split: tuple[str, ...] = ()
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
            "split": list(self.split),
            "unknown": list(self.unknown),
        }


class ModelError(ValueError):
    """Raised for a kind, policy or decision the vocabulary does not know."""


@dataclass(frozen=True)
class _Decision:
    best: tuple[str, ...]
    reasons: tuple[Reason, ...]
    split: tuple[str, ...]
    read: _Facts  # the card's facts as the model read them


@dataclass(frozen=True)
class _Facts:
    """A card's facts as the model reads them. ``known``: stated, implied, and each
    silent fact's ordinary value (an open fact too starts from it); ``open``: facts
    marked ``unknown``, whose other values may bring other steps in; ``presumed``:
    open facts an own precondition settles with their careful value. A fact in
    neither ``known`` nor ``open`` is not asked."""

    known: dict[str, Any]
    open: frozenset[str]
    implied: dict[str, Any]
    presumed: frozenset[str]
    origins: dict[str, str]  # an open fact's source where another open fact implies it


def _complete(kind: str, policy: str, facts: Mapping[str, Any]) -> _Facts:
    """Read a card's facts: what the stated ones imply (``rules.IMPLIED``), then each
    silent or open fact as its vocabulary's silence says (``Fact.silence``), then the
    careful values the policy's own preconditions presume for open facts."""
    stated = {name: value for name, value in facts.items() if name in FACT_BY_NAME}
    open_ = {name for name, value in stated.items()
             if value == UNKNOWN and not FACT_BY_NAME[name].own_unknown}
    known = {name: value for name, value in stated.items() if name not in open_}
    kind_facts = facts_for(kind)
    names = {f.name for f in kind_facts}
    implied: dict[str, Any] = {}
    settled = False
    while not settled:  # an implied fact may imply another (a pitch after connecting)
        settled = True
        for implication in IMPLIED:
            # What a fact settles by its meaning is not open, whatever the card says.
            if (implication.fact in names and implication.fact not in known
                    and implication.when.test(known) is True):
                known[implication.fact] = implied[implication.fact] = implication.value
                open_.discard(implication.fact)
                settled = False
    # A fact an open one may imply is open too (a deal you may be after is a client
    # you may have): ``origins`` says which open fact it comes from.
    origins: dict[str, str] = {}
    for implication in IMPLIED:
        sources = implication.when.facts() & open_
        if (implication.fact in names and implication.fact not in known
                and implication.fact not in open_ and sources):
            open_.add(implication.fact)
            origins[implication.fact] = min(sources)
    for fact in kind_facts:
        if fact.name in known:
            continue
        if fact.silence.reading == "ordinary":
            known[fact.name] = fact.silence.value
        elif fact.silence.reading == "must_know":
            if fact.own_unknown:
                known[fact.name] = UNKNOWN
            else:
                open_.add(fact.name)
    presumed: set[str] = set()
    for step in steps_for(kind, policy):
        rule = step.rule
        careful = {f: v for f, v in rule.presumes if f in open_}
        if step.borrowed or not careful:
            continue
        if rule.when.test({**known, **careful}) is True:
            known.update(careful)
            presumed.update(careful)
            open_ -= set(careful)
    return _Facts(known, frozenset(open_), implied, frozenset(presumed), origins)


def silent_readings(kind: str, policy: str, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The facts a card leaves out that the model reads at an ordinary value (their
    silence), with that value: what ``validate --coverage`` asks the trainer to
    check. (Facts another fact settles, and facts left open, are not among them.)"""
    read = _complete(kind, policy, facts)
    return {f.name: f.silence.value for f in facts_for(kind)
            if f.name not in facts and f.name not in read.implied
            and f.silence.reading == "ordinary"}


def _opens(step: Step, steps: Sequence[Step], kind: str, facts: _Facts) -> tuple[str, ...]:
    """The open facts whose other values would bring ``step`` in to speak, or none.
    Each value of them is tried with the steps that would then hold; a step whose
    truth turns only on facts not asked stays silent, either way."""
    names = _fact_order(step.rule.looks_at() & facts.open)
    if not names:
        return ()
    for values in product(*(_PROBES[kind][name] for name in names)):
        known = {**facts.known, **dict(zip(names, values, strict=True))}
        if step.rule.when.test(known) is not True:
            continue
        holding = [s for s in steps if s.rule.when.test(known) is True]
        if step.rule in _speaking(holding):
            return names
    return ()


def _rests_on(rule: Rule, kind: str, facts: _Facts) -> tuple[str, ...]:
    """The open facts a holding rule stands on: another value of each would undo it
    (the rule holds on the fact's silence reading, so its reason names the fact)."""
    return tuple(name for name in _fact_order(rule.looks_at() & facts.open)
                 if any(rule.when.test({**facts.known, name: value}) is not True
                        for value in _PROBES[kind][name]))


def _speaking(steps: Sequence[Step]) -> list[Rule]:
    """The rules that have their say among the steps that hold (in procedure order):
    a stop alone where one holds; else the policy's own steps, none set aside by
    another of its post's rules with other answers; where they leave nothing but their
    default, the first borrowed step that holds (and those that agree with it); the
    defaults last, the policy's own first."""
    stops = [s.rule for s in steps if s.rule.stop]
    if stops:
        return stops
    rules = [s.rule for s in steps]
    heard = [s for s in steps if not any(
        s.rule.id in o.over and set(o.decides) != set(s.rule.decides) for o in rules)]
    for default in (False, True):
        own = [s.rule for s in heard if not s.borrowed and s.rule.last_word == default]
        if own:
            return own
        borrowed = [s.rule for s in heard if s.borrowed and s.rule.last_word == default]
        if borrowed:  # it fills the gap and never makes a split
            first = set(borrowed[0].decides)
            return [r for r in borrowed if first & set(r.decides)]
    return []


def _answers(rules: Sequence[Rule]) -> frozenset[str]:
    """What the speaking rules make best. A step that says to accept agrees with one
    that says to accept and start the conversation: accepting is its first half
    (Cathy: accepting is saying hello), so the fuller advice is the answer."""
    answers = {d for r in rules for d in r.decides}
    return frozenset(answers - {d for d, fuller in FULLER.items() if fuller in answers})


def _backs(rule: Rule, best: set[str]) -> tuple[str, ...]:
    """The best answers ``rule`` argues for: its own, or the fuller one it is half of."""
    backed = (FULLER[d] if d not in best and FULLER.get(d) in best else d for d in rule.decides)
    return tuple(dict.fromkeys(backed))


def _split(rules: Sequence[Rule]) -> tuple[str, ...]:
    """The posts of speaking rules with no answer in common (accepting is half of
    accepting and talking): where the policy's own authors disagree, each side's
    answer is best. (Borrowed steps never speak together with another side, so a
    split is always between own steps.)"""
    posts: set[str] = set()
    sides = [{FULLER.get(d, d) for d in r.decides} for r in rules]
    for i, rule in enumerate(rules):
        for j in range(i + 1, len(rules)):
            if not sides[i] & sides[j]:
                posts |= {rule.source, rules[j].source}
    return tuple(s.id for s in SOURCES if s.id in posts)


def _decide(kind: str, policy: str, facts: Mapping[str, Any],
            explain: bool = True) -> _Decision:
    """The policy's steps have their say (see ``rules``): the best answers and, if
    ``explain``, the reasons in procedure order and the posts of a split."""
    read = _complete(kind, policy, facts)
    steps = steps_for(kind, policy)
    truth = [(s, s.rule.when.test(read.known)) for s in steps]
    fired = [s for s, t in truth if t is True]
    speaking = _speaking(fired)
    if not speaking:  # every procedure ends with a default; this guards edits to the table
        raise ModelError(f"no rule decides a {kind} card under {policy}")
    base = _answers(speaking)
    best = set(base)
    # A step that another value of an open fact would bring in to speak, with answers
    # not yet best: its answers are best too, and its reason names the fact. (The
    # verdict starts from the open fact's silence reading.)
    turns_on: list[tuple[Rule, tuple[str, ...]]] = []
    for step, t in truth:
        if t is True:
            continue
        if set(step.rule.decides) <= base:
            continue
        opened = _opens(step, steps, kind, read)
        if opened:
            best |= set(step.rule.decides)
            turns_on.append((step.rule, opened))
    ordered = tuple(d for d in decisions_for(kind) if d in best)
    if not explain:
        return _Decision(ordered, (), (), read)
    rules = [s.rule for s in steps]
    unpresumed = {f: v for f, v in read.known.items() if f not in read.presumed}

    def holding(r: Rule) -> tuple[Rule, tuple[str, ...], bool]:
        # A step that holds only through a presumed fact stands on a precondition
        # holding the careful answer: its reason names the facts presumed. One that
        # holds on an open fact's silence reading names that fact.
        held = r.when.test(unpresumed) is None
        if held:
            return r, _fact_order(r.looks_at() & read.presumed), True
        return r, _rests_on(r, kind, read), False

    cited = [holding(r) for r in speaking]
    cited += [(r, opened, False) for r, opened in turns_on]
    # Advice on how to do it backs every best answer it names.
    cited += [holding(s.rule) for s in fired
              if s.rule.manner and s.rule not in speaking and set(s.rule.decides) <= best]
    reasons: list[Reason] = []
    seen: set[str] = set()
    for rule, unknown, is_held in sorted(cited, key=lambda c: rules.index(c[0])):
        for r in (rule, *(p for p in rule.parts if p.when.test(read.known) is True)):
            if r.id not in seen:
                seen.add(r.id)
                reasons.append(Reason(r.id, r.source, r.says, r.guide, _backs(rule, best),
                                      unknown if r is rule else _rests_on(r, kind, read),
                                      is_held and r is rule))
    return _Decision(ordered, tuple(reasons), _split(speaking), read)


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


def _flips(kind: str, policy: str, facts: Mapping[str, Any], read: _Facts,
           best: tuple[str, ...]) -> tuple[Flip, ...]:
    """Single changes that change the best answer, each from the fact's value as the
    card reads it (``read``): stated, implied by another fact, or its silence's
    ordinary value (None where it is open or not asked)."""
    flips = []
    for fact, values in _PROBES[kind].items():
        open_ = fact in read.open or fact in read.presumed
        was = None if open_ else read.known.get(fact)
        if was == UNKNOWN and not FACT_BY_NAME[fact].own_unknown:
            was = None
        for value in values:
            if was is not None and _same(value, was):
                continue
            other = best_for(kind, policy, {**facts, fact: value})
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
    optionally ``id`` (the browser passes plain JSON). A fact left out is read as
    its vocabulary's silence says; only ``unknown`` leaves it open.
    """
    card_id, kind, facts = _parts(card)
    _check(kind, policy)
    decision = _decide(kind, policy, facts)
    best = decision.best
    credit = {d: credit_for(kind, best, d) for d in decisions_for(kind)}
    # The facts the verdict rests on come first: they are what a learner asks about.
    rests_on = {f for r in decision.reasons for f in RULE_BY_ID[r.rule].looks_at()}
    flips = tuple(sorted(_flips(kind, policy, facts, decision.read, best),
                         key=lambda f: f.fact not in rests_on))
    named = {f for r in decision.reasons for f in r.unknown}
    origins = decision.read.origins
    unknown = _fact_order(named | {origins[f] for f in named if f in origins})
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
            "split": list(self.verdict.split),
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
