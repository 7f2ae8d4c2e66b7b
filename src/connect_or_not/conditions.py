"""Conditions over a card's facts, in three-valued logic.

A fact a card leaves out is unknown, and a condition that depends on it is unknown
too (``None``) unless the known facts settle it. A rule fires only on ``True``, so an
unknown fact never counts as false. Conditions are small objects rather than lambdas
so that the model can list which facts a rule looks at and which values are worth
trying when it computes the "what if" flips.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Facts = Mapping[str, object]
Truth = bool | None


class Condition:
    """Base class: ``test`` answers True, False or None (unknown)."""

    def test(self, facts: Facts) -> Truth:
        raise NotImplementedError

    def facts(self) -> set[str]:
        """The fact names this condition reads."""
        raise NotImplementedError

    def probes(self) -> dict[str, set[int]]:
        """Whole-number values on either side of every threshold, by fact."""
        return {}


@dataclass(frozen=True)
class Is(Condition):
    """``fact`` equals one of ``values``."""

    fact: str
    values: tuple[object, ...]

    def test(self, facts: Facts) -> Truth:
        if self.fact not in facts:
            return None
        return facts[self.fact] in self.values

    def facts(self) -> set[str]:
        return {self.fact}

    def __str__(self) -> str:
        shown = " or ".join(_show(v) for v in self.values)
        return f"{self.fact} is {shown}"


@dataclass(frozen=True)
class AtLeast(Condition):
    """The whole-number ``fact`` is ``n`` or more."""

    fact: str
    n: int

    def test(self, facts: Facts) -> Truth:
        if self.fact not in facts:
            return None
        value = facts[self.fact]
        assert isinstance(value, int)
        return value >= self.n

    def facts(self) -> set[str]:
        return {self.fact}

    def probes(self) -> dict[str, set[int]]:
        return {self.fact: {max(self.n - 1, 0), self.n}}

    def __str__(self) -> str:
        return f"{self.fact} >= {self.n}"


@dataclass(frozen=True)
class Not(Condition):
    inner: Condition

    def test(self, facts: Facts) -> Truth:
        value = self.inner.test(facts)
        return None if value is None else not value

    def facts(self) -> set[str]:
        return self.inner.facts()

    def probes(self) -> dict[str, set[int]]:
        return self.inner.probes()

    def __str__(self) -> str:
        if isinstance(self.inner, AtLeast):
            return f"{self.inner.fact} < {self.inner.n}"
        return f"not ({self.inner})"


@dataclass(frozen=True)
class CountAtLeast(Condition):
    """At least ``n`` of ``parts`` are true: True once ``n`` are known true,
    False once too few could still be true, unknown in between."""

    n: int
    parts: tuple[Condition, ...]

    def test(self, facts: Facts) -> Truth:
        results = [p.test(facts) for p in self.parts]
        yes = results.count(True)
        maybe = results.count(None)
        if yes >= self.n:
            return True
        if yes + maybe < self.n:
            return False
        return None

    def facts(self) -> set[str]:
        return set().union(*(p.facts() for p in self.parts))

    def probes(self) -> dict[str, set[int]]:
        merged: dict[str, set[int]] = {}
        for part in self.parts:
            for fact, values in part.probes().items():
                merged.setdefault(fact, set()).update(values)
        return merged

    def __str__(self) -> str:
        inner = "; ".join(str(p) for p in self.parts)
        if self.n == len(self.parts):
            return f"all of: {inner}"
        if self.n == 1:
            return f"any of: {inner}"
        return f"at least {self.n} of: {inner}"


@dataclass(frozen=True)
class Unless(Condition):
    """True unless ``inner`` is known to hold. For a fact a card may leave out
    because another fact implies it: trusting the people you share implies that
    you share some, so only a known zero rules it out."""

    inner: Condition

    def test(self, facts: Facts) -> Truth:
        return self.inner.test(facts) is not True

    def facts(self) -> set[str]:
        return self.inner.facts()

    def probes(self) -> dict[str, set[int]]:
        return self.inner.probes()

    def __str__(self) -> str:
        return f"unless {self.inner}"


class Always(Condition):
    """True whatever the facts: the last word of a rule list."""

    def test(self, facts: Facts) -> Truth:
        return True

    def facts(self) -> set[str]:
        return set()

    def __str__(self) -> str:
        return "always"


# Short constructors so the rule table reads like the posts.


def is_(fact: str, *values: object) -> Is:
    return Is(fact, values)


def yes(fact: str) -> Is:
    return Is(fact, (True,))


def no(fact: str) -> Is:
    return Is(fact, (False,))


def at_least(fact: str, n: int) -> AtLeast:
    return AtLeast(fact, n)


def fewer_than(fact: str, n: int) -> Not:
    return Not(AtLeast(fact, n))


def unless(inner: Condition) -> Unless:
    return Unless(inner)


def all_of(*parts: Condition) -> CountAtLeast:
    return CountAtLeast(len(parts), parts)


def any_of(*parts: Condition) -> CountAtLeast:
    return CountAtLeast(1, parts)


def n_of(n: int, parts: Iterable[Condition]) -> CountAtLeast:
    return CountAtLeast(n, tuple(parts))


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
