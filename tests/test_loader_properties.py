"""Property-based tests: whatever text or structure reaches the loader, it answers
with located problems (or a card), never a traceback, and quickly."""

from __future__ import annotations

import time

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connect_or_not.loader import parse_card
from connect_or_not.vocabulary import FACT_BY_NAME, KINDS

KEYS = ["id", "title", "kind", "tags", "story", "facts", "expect", "debrief", "sources",
        "choices", "extra"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["yes", "No", "~", "1e3", "0x1F"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)
FACTS = st.dictionaries(st.sampled_from([*FACT_BY_NAME, "bogus"]), VALUES, max_size=6)
CARDS = st.fixed_dictionaries(
    {"kind": st.sampled_from([*KINDS, "other"]), "title": VALUES, "story": VALUES},
    optional={key: (FACTS if key == "facts" else VALUES) for key in KEYS
              if key not in ("kind", "title", "story")},
)


def check(data: bytes) -> None:
    start = time.perf_counter()
    card, problems = parse_card(data, "prop.yaml")
    assert time.perf_counter() - start < 1.0
    assert (card is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.message
        assert str(problem).startswith(f"prop.yaml:{problem.line}:{problem.column}: ")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    check(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data):
    check(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CARDS)
def test_arbitrary_card_structures(card):
    check(yaml.safe_dump(card, allow_unicode=True).encode())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["a: ", "- ", "[", "]", "{", "}", "&x ", "*x", "!!str ",
                                 "\n", "  ", "'", '"', "#", ":", "---\n", "? "]),
                max_size=60))
def test_yaml_punctuation_soup(pieces):
    check("".join(pieces).encode())
