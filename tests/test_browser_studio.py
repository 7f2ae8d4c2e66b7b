"""Issue 28, part 1: the card studio (quiz/studio/).

A trainer writes a card in the browser; the page runs the CLI's own `validate
--coverage` and `explain` on it in Pyodide. The studio must say what the CLI says,
for every shipped card and every broken card of the loader's tests; a card written
there must build and grade as the CLI grades it; a hostile card must run nothing and
ask for nothing; and the learners' pages must not pay for any of it.
"""

from __future__ import annotations

import itertools
import json
import re

import pytest

from connect_or_not import evaluate
from connect_or_not.loader import load_cards
from connect_or_not.vocabulary import POLICY_IDS

from .conftest import ROOT, build_site
from .support.project import copy_project
from .test_browser_quiz import ENGINE_TIMEOUT, axe_violations
from .test_loader import BAD

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
# The loader's broken cards that a text box can hold (no CR, which a textarea turns
# into LF, and no NUL).
BROKEN = [(i, text) for i, (text, *_) in enumerate(BAD)
          if isinstance(text, str) and "\r" not in text and "\x00" not in text]


@pytest.fixture(scope="module")
def studio(browser, site_url):
    """One studio page, its Python started, for the module's checks."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}quiz/studio/")
    page.wait_for_selector(".con-studio[data-checked]", timeout=ENGINE_TIMEOUT)
    yield page
    context.close()


def _check(page, text, name):
    """The studio's lines and verdicts for ``text`` saved as ``name``."""
    before = int(page.locator(".con-studio").get_attribute("data-checked"))
    page.evaluate("""([text, name]) => {
        const box = document.querySelector(".con-studio-text");
        document.querySelector(".con-studio-name").value = name;
        box.value = text;
        box.dispatchEvent(new Event("input"));
    }""", [text, name])
    page.wait_for_function("(before) => Number(document.querySelector('.con-studio')"
                           ".dataset.checked) > before", arg=before, timeout=30_000)
    said = page.locator(".con-studio-lines-said li").evaluate_all(
        "items => items.map(i => i.textContent)")
    best = {section.get_attribute("data-policy"): section.get_attribute("data-best").split()
            for section in page.locator(".con-studio-preview .con-ask-policy").all()}
    return said, best


def _cli(run_cli, tmp_path, text, name, *args):
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = run_cli(*args, name, cwd=tmp_path)
    return code, (out + err).splitlines(), out


def test_the_studio_says_what_the_cli_says_of_every_shipped_card(studio, run_cli, tmp_path):
    for path in SCENARIOS:
        text = path.read_text(encoding="utf-8")
        said, best = _check(studio, text, path.name)
        code, lines, _ = _cli(run_cli, tmp_path, text, path.name, "validate", "--coverage",
                              "--policy", "balanced")
        assert said == lines, path.name
        assert code == 0, path.name
        for policy in POLICY_IDS:
            _, _, out = _cli(run_cli, tmp_path, text, path.name, "explain", "--json",
                             "--policy", policy)
            assert best[policy] == json.loads(out)[0]["best"], (path.name, policy)


@pytest.mark.parametrize(("index", "text"), BROKEN, ids=[str(i) for i, _ in BROKEN])
def test_the_studio_says_what_the_cli_says_of_a_broken_card(studio, run_cli, tmp_path, index,
                                                            text):
    said, best = _check(studio, text, "card.yaml")
    code, lines, _ = _cli(run_cli, tmp_path, text, "card.yaml", "validate", "--coverage",
                          "--policy", "balanced")
    assert code == 1
    assert said == lines
    assert best == {}  # nothing to preview
    assert studio.locator(".con-studio").get_attribute("data-ok") == "false"


def test_a_problem_takes_the_caret_to_its_line(studio):
    _check(studio, "title: T\nkind: incomin\nstory: S\n", "card.yaml")
    studio.get_by_role("button", name=re.compile(r"^card\.yaml:2:7: unknown kind")).click()
    at = studio.evaluate("""() => { const box = document.querySelector(".con-studio-text");
        return [box.selectionStart, box.selectionEnd, document.activeElement === box]; }""")
    assert at == [15, 22, True]  # "incomin", to the end of line 2
    assert studio.locator(".con-studio-lines .con-studio-bad").inner_text().strip() == "2"


def test_a_card_written_in_the_studio_builds_and_grades_the_same(browser, site_url, tmp_path,
                                                                 run_cli):
    """New card from the template, the facts written by keyboard, downloaded, dropped
    into scenarios/: the site builds with it and grades it as the CLI does."""
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{site_url}quiz/studio/")
        page.wait_for_selector(".con-studio[data-checked]", timeout=ENGINE_TIMEOUT)
        page.get_by_label("Kind of card").select_option("outgoing")
        page.get_by_role("button", name="New card").click()
        box = page.get_by_label("The card, in YAML")
        text = box.input_value()
        assert "kind: outgoing" in text
        assert "draft: true" in text
        written = (text.replace("draft: true\n", "").replace("id: my-card", "id: coffee-cfo")
                   .replace("title: A short title for the card", "title: The CFO at the fair")
                   .replace("  # met_in_person: true", "  met_in_person: true")
                   .replace("  # selling: true", "  selling: true"))
        box.fill(written)
        page.wait_for_function("() => document.querySelector('.con-studio').dataset.ok"
                               " === 'true' && document.querySelector('.con-studio-card')"
                               "?.dataset.card === 'coffee-cfo'", timeout=30_000)
        assert "The CFO at the fair" in page.locator(".con-studio-preview").inner_text()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download").click()
        assert download.value.suggested_filename == "coffee-cfo.yaml"
        project = copy_project(tmp_path / "project")
        target = project / "scenarios" / "coffee-cfo.yaml"
        download.value.save_as(target)
        assert target.read_text(encoding="utf-8") == written
        # Kept in the browser: a new visit finds the card, and a set of it.
        page.reload()
        assert page.get_by_label("The card, in YAML").input_value() == written
        assert "cards: [coffee-cfo]" in page.locator(".con-studio-set pre").inner_text()
    finally:
        context.close()
    cards, problems = load_cards([project / "scenarios"])
    assert not problems
    card = next(c for c in cards if c.id == "coffee-cfo")
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    html = (site / "quiz" / "coffee-cfo" / "index.html").read_text(encoding="utf-8")
    key = json.loads(re.search(r'class="con-data">(.*?)</script>', html).group(1))["key"]
    for policy in POLICY_IDS:
        assert key[policy]["best"] == list(evaluate(card, policy).best)
    _, out, _ = run_cli("explain", "--json", str(target))
    assert json.loads(out)[0]["best"] == key["balanced"]["best"]


HOSTILE = """\
title: A hostile card
kind: incoming
story: |
  <script>window.ran = 1</script> <img src="http://127.0.0.1:9/x.png" onerror="window.ran=2">
  [a link](javascript:window.ran=3) <svg onload="window.ran=4"><circle r="5"/></svg>
  <a href="http://127.0.0.1:9/" onclick="window.ran=5">plain</a> **bold** stays
facts:
  note: none
debrief: <iframe src="http://127.0.0.1:9/"></iframe><style>body{display:none}</style> ok
"""


def test_a_hostile_card_runs_nothing_and_asks_for_nothing(browser, site_url, run_cli,
                                                          tmp_path):
    """The CLI's own words for what is taken out (its allowlist without nh3 says what
    nh3 would); in the preview, nothing of it."""
    context = browser.new_context()
    asked = []
    context.on("request", lambda request: asked.append(request.url))
    try:
        page = context.new_page()
        page.goto(f"{site_url}quiz/studio/")
        page.wait_for_selector(".con-studio[data-checked]", timeout=ENGINE_TIMEOUT)
        said, _ = _check(page, HOSTILE, "hostile.yaml")
        _, lines, _ = _cli(run_cli, tmp_path, HOSTILE, "hostile.yaml", "validate",
                           "--coverage", "--policy", "balanced")
        assert said == lines
        text = "\n".join(said)
        assert "hostile.yaml:4:3: story: scripts and styles never reach a card" in text
        assert "event handlers (onclick=) never run on cards" in text
        assert "a link to a javascript: address is taken out" in text
        # It does not load: the CLI says so, and nothing is previewed.
        assert page.locator(".con-studio").get_attribute("data-ok") == "false"
        # The preview of the same story without the errors the CLI refuses it for is
        # what DOMPurify leaves: rendered through the studio's own cleaner.
        cleaned = page.evaluate("""async () => {
            const { cleaned } = globalThis.ConnectOrNot.studio;
            const rules = JSON.parse(document.querySelector(".con-studio-data").textContent)
              .sanitiser;
            const box = document.createElement("div");
            box.append(cleaned('<p><script>window.ran=1<\\/script>'
              + '<img src="http://127.0.0.1:9/x.png" onerror="window.ran=2">'
              + '<a href="javascript:window.ran=3">a</a>'
              + '<svg onload="window.ran=4"></svg><a href="https://example.org/" '
              + 'onclick="window.ran=5" style="color:red">b</a><strong>c</strong></p>', rules));
            document.body.append(box);
            await new Promise((done) => setTimeout(done, 300));
            return box.innerHTML;
        }""")
        assert cleaned == ('<p><a rel="noopener noreferrer">a</a><a href="https://example.org/"'
                           ' rel="noopener noreferrer">b</a><strong>c</strong></p>')
        assert page.evaluate("window.ran") is None
        assert not [u for u in asked if "127.0.0.1:9" in u]
    finally:
        context.close()


def test_the_studio_is_usable_by_keyboard_and_clean(studio):
    # A new card by keyboard alone: the kind, Tab to the button, Enter; the template
    # lands in the editor, which takes the focus.
    studio.get_by_label("Kind of card").focus()
    studio.keyboard.press("ArrowDown")  # "Invitations you send"
    studio.keyboard.press("Tab")
    assert studio.evaluate("document.activeElement.textContent") == "New card"
    studio.keyboard.press("Enter")
    assert studio.evaluate("document.activeElement.id") == "con-studio-text"
    assert "kind: outgoing" in studio.get_by_label("The card, in YAML").input_value()
    _check(studio, (ROOT / "scenarios" / "late-cfo.yaml").read_text(encoding="utf-8"),
           "late-cfo.yaml")
    assert axe_violations(studio) == []
    levels = studio.evaluate("() => [...document.querySelectorAll('.md-content h1, "
                             ".md-content h2, .md-content h3, .md-content h4')]"
                             ".map(h => Number(h.tagName[1]))")
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_the_learners_pages_load_nothing_of_the_studio(context, site_url, built_site):
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{site_url}quiz/late-cfo/")
    page.wait_for_selector(".con-card[data-engine=ready]", timeout=ENGINE_TIMEOUT)
    assert not [u for u in asked if re.search(r"studio|PyYAML|Markdown-|python_stdlib-full", u)]
    # The learners' lock names only the grader's wheel, as before.
    lock = next((built_site / "assets" / "connect-or-not").glob("pyodide-*/pyodide-lock.json"))
    assert list(json.loads(lock.read_text())["packages"]) == ["connect-or-not"]
    # Only the trainer's guide links to the studio.
    for path in ("", "receiving/", "quiz/", "quiz/late-cfo/"):
        assert "quiz/studio/" not in (built_site / path / "index.html").read_text(), path
    assert "studio/" in (built_site / "trainers" / "index.html").read_text()


def test_the_studio_works_offline_after_one_visit_and_on_a_phone(browser, site_url):
    """After one visit its Python is in the browser: offline, a card is checked still.
    On a 360 px screen the page does not scroll sideways, and it says what it waits
    for while Python starts."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(f"{site_url}quiz/studio/")
        status = page.locator(".con-studio-status")
        assert "Getting the checks ready" in status.inner_text() or \
            page.locator(".con-studio[data-checked]").count()
        page.wait_for_selector(".con-studio[data-checked]", timeout=ENGINE_TIMEOUT)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.wait_for_selector("html[data-offline-ready]", timeout=60_000)
        context.set_offline(True)
        page.reload()
        page.wait_for_selector(".con-studio[data-checked]", timeout=ENGINE_TIMEOUT)
        said, _ = _check(page, "title: T\nkind: incomin\nstory: S\n", "card.yaml")
        assert said[0].startswith("card.yaml:2:7: unknown kind 'incomin'")
    finally:
        context.set_offline(False)
        context.close()


def test_a_stray_paste_is_refused_at_its_line_then_the_corrected_card_checks(browser, site_url):
    """Issue 42, S1: 16,000 characters of "[a" in a story (a stray paste), on a phone's
    CPU (4x slower): the studio says at its line that the story is too long, shows no
    stale preview, keeps the text, and checks the corrected card."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(f"{site_url}quiz/studio/")
        page.wait_for_selector(".con-studio[data-checked]", timeout=ENGINE_TIMEOUT)
        good = (ROOT / "scenarios" / "claire-pitch.yaml").read_text(encoding="utf-8")
        said, best = _check(page, good, "claire-pitch.yaml")
        assert best  # a preview, to go stale
        story = re.search(r"story: \|\n((?:  .*\n)+)", good)
        pasted = good.replace(story.group(1), "  " + "[a" * 8000 + "\n", 1)
        said, best = _check(page, pasted, "claire-pitch.yaml")
        line = pasted[:pasted.index("story:")].count("\n") + 1
        assert any(re.match(rf"claire-pitch\.yaml:{line}:\d+: story is 16,001 characters long",
                            s) for s in said), said
        assert best == {}
        assert page.locator(".con-studio-preview .con-studio-card").count() == 0
        assert page.locator(".con-studio-text").input_value() == pasted
        said, best = _check(page, good, "claire-pitch.yaml")
        assert page.locator(".con-studio").get_attribute("data-ok") == "true"
        assert best
    finally:
        context.close()
