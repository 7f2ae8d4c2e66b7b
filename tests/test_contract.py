"""The seam between Python and the browser: the JSON shapes and constants of
contract.py and the engine's generated view of them, the message catalog, and what
the engine may not type itself (vocabulary ids and learners' sentences belong to the
package and catalog)."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Literal

import pytest

from connect_or_not import contract, jstypes
from connect_or_not.catalog import BROWSER_PREFIXES, Catalog, CatalogError, english
from connect_or_not.export import answer_key
from connect_or_not.vocabulary import DECISIONS, FACTS, KINDS, POLICY_IDS, decisions_for

from .support.project import ROOT, shipped_cards

ENGINE_DIR = ROOT / "quiz" / "src"
MODULES = sorted(p for p in ENGINE_DIR.rglob("*.js") if p.name != "contract.js")
ENGINE = {str(p.relative_to(ENGINE_DIR)): p.read_text(encoding="utf-8") for p in MODULES}
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`([^`]*)`')


def test_the_engines_types_and_constants_are_generated_from_the_contract():
    """quiz/src/contract.d.ts and contract.js are what jstypes writes today: a shape,
    a literal or a constant changed in contract.py and not regenerated fails here."""
    for name, text in jstypes.generated().items():
        assert (ENGINE_DIR / name).read_text(encoding="utf-8") == text, (
            f"quiz/src/{name} is behind contract.py: run `make types`")


def test_the_generated_types_carry_every_property_its_type_and_its_literals():
    declarations = jstypes.declarations()
    for shape in contract.SHAPES:
        body = re.search(rf"export interface {shape.__name__} {{\n(.*?)\n}}", declarations, re.S)
        assert body, shape.__name__
        written = dict(re.findall(r"^  \"?(\w+)\"?(\??): ", body.group(1), re.M))
        required = {key: "" if key in shape.__required_keys__ else "?"
                    for key in shape.__annotations__}
        assert written == required, shape.__name__
    assert 'result: Result;' in declarations
    assert 'export type Result = "best" | "partial" | "wrong";' in declarations
    assert 'op: "start" | "grade" | "evaluate";' in declarations
    assert 'format: "connect-or-not-progress";' in declarations
    assert "fast: RuntimeWay | null;" in declarations
    assert "credit: Record<string, number>;" in declarations
    assert f"export declare const MAX_CHOICES: {contract.MAX_CHOICES};" in declarations


def test_the_contract_constants_are_the_ones_each_side_uses():
    from connect_or_not.loader import SLUG  # noqa: PLC0415
    from connect_or_not.mkdocs_plugin.classroom import ALPHABET  # noqa: PLC0415

    assert SLUG.pattern == contract.ID_PATTERN
    assert ALPHABET == contract.RESULT_CODE_ALPHABET
    assert contract.ExportData.__annotations__["format"] == Literal[contract.EXPORT_FORMAT]
    assert max(len(decisions_for(kind)) for kind in KINDS) == contract.MAX_CHOICES
    # Nothing in the engine restates them.
    for name, text in ENGINE.items():
        for value in (contract.RESULT_CODE_ALPHABET, contract.EXPORT_FORMAT, "[a-z0-9]+(?:-"):
            assert value not in text, (name, value)


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
    the engine's string literals are selectors, message ids, events and codes (and the
    console's notes for the trainer, and its errors for us, which no learner reads)."""
    vocabulary = {d.id for d in DECISIONS} | {f.name for f in FACTS} | set(POLICY_IDS)
    for name, text in ENGINE.items():
        code = re.sub(r"^\s*(//|/?\*).*$", "", text, flags=re.M)  # comments are for us
        code = re.sub(r"\b(console\.\w+|new Error)\((?:[^;]|;(?!\n))*?\);?\n", "\n", code)
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


@pytest.mark.parametrize(("overrides", "error"), [
    ({"tally.title": "Tally\n<script>x</script>"},
     "tally.title: the title must be one line"),
    ({"card.check": "Check \u202e"}, "card.check: the message holds the invisible character "
     "U+202E"),
    ({"card.best": "Best: {answer}"}, "card.best: names {answer}, which it is never given; it "
     "can use {labels}, {policy}"),
    ({"card.best": "Best {policy"}, "card.best: has a { or } without its pair"),
    ({"progress.imported": "Imported."}, "progress.imported: needs its plural forms"),
    ({"progress.imported": {"other": "x", "several": "y"}},
     "progress.imported: unknown plural form 'several'"),
    ({"card.check": ["Check"]}, "card.check: must be text"),
])
def test_a_sites_words_are_checked_like_a_cards(overrides, error):
    """A messages file cannot hold what a card could not: a title over two lines, an
    invisible character, or a placeholder the code never fills (issue 24, R1)."""
    with pytest.raises(CatalogError) as raised:
        Catalog("fr", overrides)
    assert str(raised.value).startswith(error), raised.value


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


def test_points_are_written_alike_by_the_build_and_the_browser():
    """The printed key and the no-script answer (Catalog.number) and the engine
    (Messages.number) write a score the same way, in English and with a site's own
    decimal mark."""
    values = [0, 0.25, 0.5, 1, 1.5, 2.75, 12, 3.3333]
    script = ("import { Messages } from './quiz/src/core.js';"
              "const [catalog, values] = JSON.parse(process.argv[1]);"
              "const m = new Messages(catalog);"
              "console.log(JSON.stringify(values.map((v) => [m.number(v), m.points(v)])));")
    for overrides in ({}, {"number.decimal": ","}):
        catalog = Catalog("fr" if overrides else "en", overrides)
        browser = json.loads(subprocess.run(
            ["node", "--input-type=module", "-e", script,
             json.dumps([catalog.for_browser(), values])],
            cwd=ROOT, check=True, capture_output=True, text=True).stdout)
        build = [[catalog.number(v), catalog("score.points", v, points=catalog.number(v))]
                 for v in values]
        assert browser == build, overrides


TEMPLATES = ROOT / "src" / "connect_or_not" / "mkdocs_plugin" / "templates"


def test_every_class_the_engine_looks_for_is_written_by_a_template_or_the_engine():
    """The DOM contract between the templates and the engine: a class renamed on one
    side only fails here, not on a learner's page."""
    written = set()
    builders = [*TEMPLATES.rglob("*.html"), *(ROOT / "src").rglob("*.py")]
    for source in builders:
        for value in re.findall(r'class="([^"]*)"', source.read_text(encoding="utf-8")):
            written.update(re.findall(r"con-[a-z-]+", value))
    engine = "\n".join(ENGINE.values())
    for value in re.findall(r'class: "([^"]*)"|classList\.(?:add|toggle)\("([^"]*)"', engine):
        written.update(" ".join(value).split())
    sought = set(re.findall(r'[.]?(con-[a-z-]+)\b', "\n".join(
        re.findall(r'(?:querySelector(?:All)?|part|closest|data)\("([^"]+)"\)', engine))))
    assert sought
    assert sought <= written, sorted(sought - written)
