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
from connect_or_not.catalog import (
    BROWSER_PREFIXES,
    SHIPPED,
    Catalog,
    CatalogError,
    check_words,
    english,
    plural_forms,
    single_forms,
)
from connect_or_not.export import answer_key
from connect_or_not.vocabulary import DECISIONS, FACTS, KINDS, POLICY_IDS, decisions_for

from .support.project import ROOT, shipped_cards

ENGINE_DIR = ROOT / "quiz" / "src"
MODULES = sorted(p for p in ENGINE_DIR.rglob("*.js") if not p.name.startswith("contract"))
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
    assert 'op: "start" | "grade" | "evaluate" | "check";' in declarations
    assert 'format: "connect-or-not-progress";' in declarations
    assert "fast: RuntimeWay | null;" in declarations
    assert "credit: Record<string, number>;" in declarations
    assert f"export declare const MAX_CHOICES: {contract.MAX_CHOICES};" in declarations


def test_the_contract_constants_are_the_ones_each_side_uses():
    from connect_or_not.loader import SLUG  # noqa: PLC0415
    from connect_or_not.steps.classroom import ALPHABET  # noqa: PLC0415

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


def test_an_id_of_an_earlier_version_is_read_past():
    """number.decimal went when numbers began to follow the language (issue 27): a file
    that still holds it builds, and the site is told to delete it (test_site)."""
    catalog = Catalog("fr", {"number.decimal": ",", "card.check": "Vérifier"})
    assert catalog.retired == ["number.decimal"]
    assert "number.decimal" not in catalog.messages
    assert catalog.number(0.5) == "0,5"


def test_a_form_only_one_number_takes_may_word_its_count():
    assert Catalog("de", {"set.count": {"one": "eine Karte", "other": "{count} Karten"}})(
        "set.count", 1) == "eine Karte"
    assert single_forms("en") == {"one"}
    assert single_forms("fr") == set()  # one: 0, 1, 0.5...; many: every million


def test_plural_forms_and_placeholders():
    catalog = Catalog()
    assert catalog("progress.imported", 1) == "Imported 1 answer."
    assert catalog("progress.imported", 3) == "Imported 3 answers."
    assert catalog("card.best", policy="open", labels="“Accept”") == (
        "Best here (open policy): “Accept”.")


def test_a_site_may_override_messages_but_not_invent_ids():
    catalog = Catalog("fr", {"card.check": "Vérifier"})
    assert catalog("card.check") == "Vérifier"  # the site's words over the course's
    assert catalog("card.legend") == "Que faites-vous\u202f?"  # the course's French
    assert Catalog("pt", {"card.check": "Verificar"})("card.legend") == "What do you do?"
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
    # Issue 27's translator slips: a plural without "other" (the browser threw, and the
    # card stayed on "Checking…"), without a form French needs, a misspelt placeholder
    # ("Carte 1 sur {total}"), one dropped.
    ({"set.count": {"one": "{count} carte"}},
     "set.count: has no 'many', 'other' form, which French needs: give one, many, other"),
    ({"set.count": {"one": "{count} carte", "other": "{count} cartes"}},
     "set.count: has no 'many' form, which French needs: give one, many, other"),
    ({"set.position": "Carte {index} sur {total}"}, "set.position: names {total}, which it "
     "is never given; it can use {count}, {index}"),
    ({"set.position": "Carte {index}"}, "set.position: leaves out {count}, which the English "
     "shows: keep every one of {count}, {index}"),
    ({"score.points": {"one": "un point", "many": "{points} de points", "other": "points"}},
     "score.points: leaves out {points}, which the English shows"),
    # French "one" is 0 and 1 (and 0.5): "une carte" would read "une carte" for none.
    ({"set.count": {"one": "une carte", "many": "{count} de cartes", "other": "{count} cartes"}},
     "set.count: leaves out {count}, which the English shows"),
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
    from connect_or_not.steps.markers import fact_text  # noqa: PLC0415

    for fact in FACTS:
        assert fact.label, fact.name
        assert "_" not in fact.label, fact.name
        assert len(fact.value_labels) == len(fact.values), fact.name
        text = fact_text(fact, Catalog())
        assert text["values"]["null"] == "Not said"
        for value, words in text["values"].items():
            assert words, (fact.name, value)
            assert "_" not in words, (fact.name, value)
            assert words.lower() not in ("true", "false", "null", "unknown"), (fact.name, value)
        if fact.type == "bool":
            assert set(text["values"]) == {"null", "true", "false"}
        if fact.type == "enum":
            assert set(text["values"]) == {"null", *(json.dumps(v) for v in fact.values)}


# Counts and credits as learners meet them: card counts, scores, and a million for
# the forms (French and Spanish "many") that only big round numbers take.
COUNTS = [0, 1, 2, 3, 5, 11, 21, 100, 1_000_000, 0.25, 0.5, 0.75, 1.25, 1.5, 2.5, 2.75, 12.25,
          3.3333, 0.125]


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es", "fr-CA", "pt-BR", "pl", "ar"])
def test_plurals_and_numbers_are_written_alike_by_the_build_and_the_browser(lang):
    """The printed key, the presenter's answer and the no-script answer (Catalog, with
    Babel's CLDR data) and the engine (Messages, with Intl) pick the same plural form
    and write the same number, in every shipped language and in languages whose
    plurals have more forms (Polish, Arabic)."""
    forms = ("zero", "one", "two", "few", "many", "other")
    words = {"score.points": {form: f"{form}:{{points}}" for form in forms},
             "set.count": {form: f"{form}:{{count}}" for form in forms}}
    catalog = Catalog(lang, {k: {f: v[f] for f in plural_forms(lang)} for k, v in words.items()})
    script = ("import { Messages } from './quiz/src/core.js';"
              "const [catalog, lang, values] = JSON.parse(process.argv[1]);"
              "const m = new Messages(catalog, lang);"
              "console.log(JSON.stringify(values.map((v) => "
              "[m.number(v), m.points(v), m.t('set.count', { count: v })])));")
    browser = json.loads(subprocess.run(
        ["node", "--input-type=module", "-e", script,
         json.dumps([catalog.for_browser(), lang, COUNTS])],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    build = [[catalog.number(v), catalog("score.points", v, points=catalog.number(v)),
              catalog("set.count", v)] for v in COUNTS]
    assert browser == build
    if lang == "fr":  # the issue's own example, and French's "many"
        shipped = Catalog("fr")
        assert shipped("score.points", 0.25, points=shipped.number(0.25)) == "0,25 point"
        assert shipped("score.points", 0, points=shipped.number(0)) == "0 point"
        assert shipped("set.count", 1_000_000) == "1\u202f000\u202f000 de cartes"


TEMPLATES = ROOT / "src" / "connect_or_not" / "steps" / "templates"


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


@pytest.mark.parametrize("lang", SHIPPED)
def test_each_shipped_language_has_every_id_and_passes_the_translators_checks(lang):
    """The course's own French, German and Spanish: every id, the forms the language
    needs, the English's placeholders; and words of their own (what stays the same is
    a name, a code or a word both languages share)."""
    words = json.loads((ROOT / "src" / "connect_or_not" / "messages" / f"{lang}.json")
                       .read_text(encoding="utf-8"))
    base = english()
    assert words.keys() == base.keys()
    check_words(words, lang)  # raises CatalogError at the first slip
    same = sorted(key for key in base if words[key] == base[key])
    assert len(same) < 25, same
    assert Catalog(lang).translated == set(base)
