"""The seam between Python and the browser: the JSON shapes of contract.py and their
JSDoc mirror in the engine, the message catalog, and what the engine may not type
itself (vocabulary ids and learners' sentences belong to the package and catalog)."""

from __future__ import annotations

import json
import re

import pytest

from connect_or_not import contract
from connect_or_not.catalog import BROWSER_PREFIXES, Catalog, CatalogError, english
from connect_or_not.export import answer_key
from connect_or_not.vocabulary import DECISIONS, FACTS, POLICY_IDS

from .support.project import ROOT, shipped_cards

PARTS = sorted((ROOT / "quiz" / "parts").glob("*.js"))
ENGINE = {part.name: part.read_text(encoding="utf-8") for part in PARTS}
TYPEDEF = re.compile(r"@typedef \{Object\} (\w+)\n((?: \* @property .*\n)+)")
PROPERTY = re.compile(r"@property \{[^}]+\} (\[?)(\w+)\]?")
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`([^`]*)`')


def js_typedefs() -> dict[str, dict[str, bool]]:
    """Every JSDoc typedef in the engine: property name -> required."""
    found: dict[str, dict[str, bool]] = {}
    for text in ENGINE.values():
        for name, body in TYPEDEF.findall(text):
            found[name] = {prop: not optional for optional, prop in PROPERTY.findall(body)}
    return found


def test_every_shape_has_one_jsdoc_mirror_with_the_same_properties():
    mirrors = js_typedefs()
    assert set(mirrors) == {shape.__name__ for shape in contract.SHAPES}
    for shape in contract.SHAPES:
        required = {key: key in shape.__required_keys__ for key in shape.__annotations__}
        assert mirrors[shape.__name__] == required, shape.__name__


def test_the_answer_key_has_the_keyverdict_shape():
    key = answer_key(shipped_cards())
    for verdicts in key.values():
        assert set(verdicts) == set(POLICY_IDS)
        for verdict in verdicts.values():
            assert set(verdict) == set(contract.KeyVerdict.__annotations__)
            assert set(verdict["results"]) == set(verdict["credit"])
            best = {d for d, r in verdict["results"].items() if r == "best"}
            assert best == set(verdict["best"])


def test_every_message_the_engine_uses_is_in_the_catalog():
    messages = english()
    used = set()
    for text in ENGINE.values():
        for groups in LITERAL.findall(text):
            literal = next(g for g in groups if g) if any(groups) else ""
            if literal.startswith(BROWSER_PREFIXES) and re.fullmatch(r"[a-z]+\.[A-Za-z.]+",
                                                                        literal):
                used.add(literal)
    failures = re.findall(r'\[/.*?/\w*, "(\w+)"\]', ENGINE["engine.js"])
    used |= {f"error.{name}.{part}" for name in [*failures, "other"] for part in ("problem", "fix")}
    assert used
    assert used <= set(messages)


def test_the_engine_types_no_vocabulary_and_no_sentences():
    """Decision ids, fact names, policy ids and learners' sentences come from the page;
    the engine's string literals are selectors, message ids, events and codes."""
    vocabulary = {d.id for d in DECISIONS} | {f.name for f in FACTS} | set(POLICY_IDS)
    for name, text in ENGINE.items():
        code = re.sub(r"^\s*(//|/?\*).*$", "", text, flags=re.M)  # comments are for us
        for groups in LITERAL.findall(code):
            literal = next((g for g in groups if g), "")
            if literal.startswith(("con-", ".con-", "con:")) or "${" in literal:
                continue
            assert literal not in vocabulary, (name, literal)
            # Three words in a row make a sentence, which belongs in the catalog.
            assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", literal), (name, literal)


def test_plural_forms_and_placeholders():
    catalog = Catalog()
    assert catalog("progress.imported", 1) == "Imported 1 answer."
    assert catalog("progress.imported", 3) == "Imported 3 answers."
    assert catalog("card.best", policy="open", labels="“Accept”") == (
        "Best here (open policy): “Accept”.")


def test_a_site_may_override_messages_but_not_invent_ids():
    catalog = Catalog("fr", {"card.check": "Vérifier ma réponse"})
    assert catalog("card.check") == "Vérifier ma réponse"
    assert catalog("card.legend") == "What do you do?"  # not translated: English stays
    with pytest.raises(CatalogError, match=r"card\.chek"):
        Catalog("fr", {"card.chek": "x"})


def test_the_browser_gets_only_its_messages():
    browser = Catalog().for_browser()
    assert "card.check" in browser
    assert not any(key.startswith(("cli.", "kind.", "index.")) for key in browser)
    json.dumps(browser)


def test_every_fact_and_value_has_learners_words():
    """The what-if controls show these, never ids or true/false (one source: the
    vocabulary)."""
    from connect_or_not.mkdocs_plugin.markers import fact_text  # noqa: PLC0415

    for fact in FACTS:
        assert fact.label, fact.name
        assert "_" not in fact.label, fact.name
        assert len(fact.value_labels) == len(fact.values), fact.name
        text = fact_text(fact)
        assert text["values"]["null"] == "Not said"
        for value, words in text["values"].items():
            assert words, (fact.name, value)
            assert "_" not in words, (fact.name, value)
            assert words.lower() not in ("true", "false", "null", "unknown"), (fact.name, value)
        if fact.type == "bool":
            assert set(text["values"]) == {"null", "true", "false"}
        if fact.type == "enum":
            assert set(text["values"]) == {"null", *(json.dumps(v) for v in fact.values)}
