"""Issue 27: a French, German or Spanish class sees no English.

The course is built with ``theme.language`` set to each shipped language, and no
``messages:`` file. Its cards are given a text in that language (as a trainer's
per-language card does), so that every English word left on a page would be ours:
the catalog's or the vocabulary's. A learner answers a card and walks a set to its
summary, the trainer reveals in the presenter, counts the room's codes and prints the
deck; on each, no visible text and no ``aria-label`` holds English from the catalog.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from connect_or_not import evaluate
from connect_or_not.card import TEXTS
from connect_or_not.catalog import english, shipped

from .conftest import build_site
from .support.project import copy_project, shipped_cards
from .support.web import serve
from .test_browser_quiz import ENGINE_TIMEOUT, axe_violations

CARDS = {c.id: c for c in shipped_cards()}
FIRST_STEPS = ["claire-pitch", "late-cfo", "kohei-serendipity"]

# What each language writes, by hand (not by our catalog): its decimal mark, and the
# plural CLDR gives each credit of late-cfo (French "one" takes 0 and 0.5; German and
# Spanish "other"; "one" for 1 in all three).
HEADING = {"fr": "0,25 point sur 1", "de": "0,25 Punkte von 1", "es": "0,25 puntos de 1"}
LATE_CFO_POINTS = {
    "fr": ["1 point", "0,25 point", "0,5 point", "0 point"],
    "de": ["1 Punkt", "0,25 Punkte", "0,5 Punkte", "0 Punkte"],
    "es": ["1 punto", "0,25 puntos", "0,5 puntos", "0 puntos"],
}

# The text nodes and aria-labels of a page's content, as a learner's screen reader
# meets them (hidden parts and scripts left out). The navigation around it is the
# theme's words and mkdocs.yml's, which the trainer's guide says how to translate.
TEXTS_OF_PAGE = """() => {
  const out = [];
  const root = document.querySelector(".md-content") || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, [hidden]")) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  for (const el of root.querySelectorAll("[aria-label]")) out.push(el.getAttribute("aria-label"));
  return out;
}"""


def _english_words(lang):
    """The pieces of English a page could show: every message and vocabulary word, cut
    at its placeholders; less a name or a word or two that the language writes the same
    for that id ("Sander Biehn", "Points"), never a sentence left in English."""
    words = shipped(lang)
    pieces = set()
    for key, message in english().items():
        same = " ".join(_texts(words[key]))
        for text in _texts(message):
            for raw in re.split(r"\{\w+\}", text):
                piece = raw.strip(" :;,.()“”\"'–-→←")
                if not re.search(r"[A-Za-z]{2}", piece):
                    continue
                if piece in same and (key.startswith("source.") or len(piece.split()) <= 2):
                    continue
                pieces.add(piece)
    return pieces


def _texts(message):
    return message.values() if isinstance(message, dict) else [message]


def _english_on(page, english_words):
    """The English pieces the page shows: a short one as a whole text, a longer one
    anywhere in a text."""
    found = []
    for text in page.evaluate(TEXTS_OF_PAGE):
        for piece in english_words:
            if (text == piece if len(piece) < 12 else piece in text):
                found.append((piece, text[:80]))
    return found


@pytest.fixture(scope="module", params=["fr", "de", "es"])
def language_site(request, tmp_path_factory):
    """The course built in one language, its cards given a text in it."""
    lang = request.param
    project = copy_project(tmp_path_factory.mktemp(f"course-{lang}") / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  language: en\n", f"  language: {lang}\n"), encoding="utf-8")
    for path in (project / "scenarios").glob("*.yaml"):
        card = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in TEXTS:
            if key in card:
                english_text = card[key]["en"] if isinstance(card[key], dict) else card[key]
                card[key] = {"en": english_text, lang: f"[{lang}] {path.stem} ({key})"}
        path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    site = build_site(tmp_path_factory.mktemp(f"site-{lang}"), config)
    with serve(site) as url:
        yield lang, url, site


def _partial_choice(card_id):
    """A choice that earns part of a point, so that the page writes a decimal."""
    verdict = evaluate(CARDS[card_id])
    return next(d for d, credit in verdict.credit.items() if 0 < credit < 1)


def _walk_set(page, url, words):
    """A learner's walk through the first-steps set, a part of a point on each card;
    the summary's result code."""
    page.goto(f"{url}quiz/sets/first-steps/")
    for card_id in FIRST_STEPS:
        card = page.locator(".con-card:visible")
        assert card.get_attribute("data-card") == card_id
        card.locator(f"input[value={_partial_choice(card_id)}]").check()
        card.locator(".con-check").click()
        page.wait_for_selector(".con-card:visible[data-graded-by]")
        assert _english_on(page, words) == [], card_id
        page.locator(".con-set-next").click()
    summary = page.locator(".con-set-summary")
    summary.wait_for()
    points = sum(evaluate(CARDS[c]).credit[_partial_choice(c)] for c in FIRST_STEPS)
    score = summary.locator(".con-set-score").inner_text()
    assert f"{points:g}".replace(".", ",") in score
    assert "." not in score.rstrip(".")
    assert _english_on(page, words) == []
    return page.locator(".con-set-code-text").inner_text()


@pytest.fixture
def in_language(browser, language_site):
    """A fresh page on the language's site, with the English pieces to look for."""
    lang, url, _ = language_site
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        yield lang, url, _english_words(lang), context.new_page()
    finally:
        context.close()


def test_a_learner_in_another_language_sees_none_of_our_english(in_language):
    lang, url, words, page = in_language
    # A card on its own page: answered, then a what-if graded by Python.
    page.goto(f"{url}quiz/late-cfo/")
    assert page.evaluate("document.documentElement.lang") == lang
    card = page.locator(".con-card")
    assert card.locator(".con-title").inner_text() == f"[{lang}] late-cfo (title)"
    card.locator(f"input[value={_partial_choice('late-cfo')}]").check()
    card.locator(".con-check").click()
    page.wait_for_selector(".con-card[data-graded-by]")
    assert HEADING[lang] in card.locator(".con-feedback").inner_text()
    page.wait_for_selector(".con-card[data-engine=ready]", timeout=ENGINE_TIMEOUT)
    card.locator(".con-whatif select").first.select_option(index=1)
    page.wait_for_selector(".con-whatif[data-best]")
    assert card.locator(".con-whatif").get_attribute("data-by") == "pyodide"
    assert _english_on(page, words) == []
    assert axe_violations(page) == []
    _walk_set(page, url, words)


def test_a_reader_asks_about_an_invitation_in_another_language(in_language):
    """The ask page, from a link: the form, the three policies' advice and its notes."""
    lang, url, words, page = in_language
    page.goto(f"{url}quiz/ask/#kind=incoming&note=none&photo=false&mutual_connections=3")
    page.locator(".con-ask-policy").first.wait_for(timeout=ENGINE_TIMEOUT)
    assert page.locator(".con-ask-policy").count() == 3
    assert page.evaluate("document.documentElement.lang") == lang
    assert _english_on(page, words) == []


def test_a_trainer_in_another_language_sees_none_of_our_english(in_language):
    """The presenter revealed, the tally counting a learner's code, the printed deck."""
    lang, url, words, page = in_language
    code = _walk_set(page, url, words)
    page.goto(f"{url}quiz/sets/first-steps/present/")
    page.wait_for_selector(".con-present[data-enhanced]")
    page.keyboard.press("r")
    page.locator(".con-card:visible .con-result").wait_for()
    assert _english_on(page, words) == []
    page.goto(f"{url}quiz/tally/")
    page.locator("#con-tally-input").fill(f"Ana : {code}")
    page.locator(".con-tally-count").click()
    page.locator(".con-tally-set[data-set=first-steps]").wait_for()
    assert _english_on(page, words) == []
    page.goto(f"{url}quiz/sets/first-steps/print/")
    assert page.evaluate("document.documentElement.lang") == lang
    assert _english_on(page, words) == []


def test_the_answer_the_build_writes_is_in_the_language_too(browser, language_site):
    """Without scripts, the card's "Show the answer" and the printed key: written by
    Python at build time, with Babel's plurals and decimals."""
    lang, url, _ = language_site
    words = _english_words(lang)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{url}quiz/late-cfo/")
        page.locator(".con-answer summary").click()
        points = page.locator(".con-answer-points li").all_inner_texts()
        assert [text.replace("\u00a0", " ").rsplit(": ", 1)[1] for text in points] \
            == LATE_CFO_POINTS[lang]
        assert _english_on(page, words) == []
        page.goto(f"{url}quiz/sets/first-steps/key/")
        assert _english_on(page, words) == []
    finally:
        context.close()


def test_the_words_pieces_would_find_english(browser, language_site):
    """The check above can fail: English words are found, whole or in a sentence."""
    lang, _, _ = language_site
    page = browser.new_page()
    try:
        page.set_content("<p>Check my answer</p><p>Not said</p><p aria-label='Next card'>x</p>")
        found = {piece for piece, _ in _english_on(page, _english_words(lang))}
        assert {"Check my answer", "Not said", "Next card"} <= found
    finally:
        page.close()


def _set_codes(site):
    """Each set's code (the start of its learners' result codes), by set id."""
    codes = {}
    for page in (site / "quiz" / "sets").glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        if match := re.search(r'class="con-set-data">(.*?)</script>', text):
            config = json.loads(match.group(1))
            codes[config["id"]] = config["code"]
    return codes


def test_result_codes_carry_no_words(built_site, language_site):
    """A room where some learners use the English site and others this one tallies
    together: the same cards and mkdocs.yml give the same codes in every language."""
    _, _, site = language_site
    english_codes = _set_codes(built_site)
    assert english_codes
    assert _set_codes(site) == english_codes
