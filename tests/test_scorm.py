"""The course in an LMS (issue 16): the packages `make scorm` writes, checked against
the content-packaging structure, and played by a real SCORM run-time (scorm-again,
the run-time many LMSs embed) around the package in Chromium."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest

from connect_or_not import contract, evaluate
from connect_or_not.mkdocs_plugin.scorm import SCORM_12, SCORM_2004, build_packages

from .conftest import ROOT, serve
from .support import engine
from .support.project import copy_project, shipped_cards
from .test_browser_quiz import axe_violations

CARDS = {c.id: c for c in shipped_cards()}
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"
SETS = ["all", "receiving", "first-steps"]  # mkdocs.yml
FIRST_STEPS = ["claire-pitch", "late-cfo", "kohei-serendipity"]


@pytest.fixture(scope="session")
def packages(tmp_path_factory):
    """Both packages, built once from a copy of the course (mastery score 80)."""
    project = copy_project(tmp_path_factory.mktemp("scorm") / "project")
    dist = project / "dist"
    written = build_packages(project / "mkdocs.yml", dist)
    return {path.name: path for path in written}


def test_make_scorm_writes_the_scorm_and_cmi5_packages(packages):
    assert sorted(packages) == ["connect-or-not-cmi5.zip", "connect-or-not-scorm12.zip",
                                "connect-or-not-scorm2004.zip"]
    # SCORM pages load no cmi5 code (the course has no LRS), and report to no LRS.
    with zipfile.ZipFile(packages["connect-or-not-scorm12.zip"]) as archive:
        assert "assets/connect-or-not/quiz-xapi.js" not in archive.namelist()
        page = archive.read("quiz/sets/first-steps.html").decode()
    assert "quiz-xapi.js" not in page
    assert "connect-src 'self';" in page


def test_a_package_is_for_learners_and_leaves_the_card_studio_out(packages):
    """The studio's Python (3 MB of the trainer's) never goes into an LMS: its page
    says where to find it; the ask page stays, on the learners' own grader."""
    with zipfile.ZipFile(packages["connect-or-not-scorm12.zip"]) as archive:
        names = archive.namelist()
        studio = archive.read("quiz/studio.html").decode()
    assert not [n for n in names if re.search(r"studio-lock|python_stdlib-full|_studio-|"
                                               r"PyYAML-|Markdown-|quiz-studio", n)]
    assert "The card studio is not part of an LMS package" in studio
    assert "con-studio-text" not in studio
    assert "quiz/ask.html" in names


@pytest.mark.parametrize("version", [SCORM_12, SCORM_2004], ids=["1.2", "2004"])
def test_the_manifest_has_the_structure_the_specification_requires(packages, version):
    with zipfile.ZipFile(packages[f"connect-or-not-{version.name}.zip"]) as archive:
        names = set(archive.namelist())
        root = ET.fromstring(archive.read("imsmanifest.xml"))
    cp = version.namespaces[""]
    adlcp = version.namespaces["adlcp"]
    assert root.tag == f"{{{cp}}}manifest"
    assert root.get("identifier")
    assert root.find(f"{{{cp}}}metadata/{{{cp}}}schema").text == "ADL SCORM"
    assert root.find(f"{{{cp}}}metadata/{{{cp}}}schemaversion").text == \
        {"scorm12": "1.2", "scorm2004": "2004 4th Edition"}[version.name]
    organizations = root.find(f"{{{cp}}}organizations")
    [organization] = organizations.findall(f"{{{cp}}}organization")
    assert organizations.get("default") == organization.get("identifier")
    items = organization.findall(f"{{{cp}}}item")
    resources = {r.get("identifier"): r for r in
                 root.findall(f"{{{cp}}}resources/{{{cp}}}resource")}
    assert [i.find(f"{{{cp}}}title").text for i in items] == [
        "Every card, shuffled", "Invitations you receive",
        "First steps: Claire, the late CFO and Kohei"]
    listed = set()
    for resource in resources.values():
        listed |= {f.get("href") for f in resource.findall(f"{{{cp}}}file")}
    for item, set_id in zip(items, SETS, strict=True):
        sco = resources[item.get("identifierref")]
        assert sco.get(f"{{{adlcp}}}{version.scormtype}") == "sco"
        assert sco.get("href") == f"quiz/sets/{set_id}.html"
        assert sco.get("href") in names
        for dependency in sco.findall(f"{{{cp}}}dependency"):
            assert resources[dependency.get("identifierref")].get(
                f"{{{adlcp}}}{version.scormtype}") == "asset"
        if version is SCORM_12:
            assert item.find(f"{{{adlcp}}}masteryscore").text == "80"
        else:
            imsss = version.namespaces["imsss"]
            assert item.find(f".//{{{imsss}}}minNormalizedMeasure").text == "0.8"
    # Every file listed is in the package, and every file of the package is listed.
    assert listed == names - {"imsmanifest.xml"}
    assert not [n for n in names if n.endswith(("sw.js", "_headers"))]


class _Resources(HTMLParser):
    """The addresses a page loads (scripts, styles, images, frames), and its links."""

    def __init__(self):
        super().__init__()
        self.loads, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.loads.append(attrs["src"])
        elif tag == "link" and attrs.get("rel") != "canonical":
            self.loads.append(attrs.get("href") or "")
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def test_package_pages_use_file_addresses_and_load_nothing_from_outside(packages):
    with zipfile.ZipFile(packages["connect-or-not-scorm12.zip"]) as archive:
        page = archive.read("quiz/sets/first-steps.html").decode("utf-8")
    found = _Resources()
    found.feed(page)
    assert found.loads
    assert not [u for u in found.loads if re.match(r"(?:[a-z]+:)?//", u)]
    assert "../../receiving.html" in found.links  # file addresses, as LMS servers serve
    assert 'name="connect-or-not-offline" content="off"' in page  # no service worker


# -- in a real SCORM run-time -------------------------------------------------------

HOST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="{api_script}"></script>
<script>
  const saved = JSON.parse(sessionStorage.getItem("lms-data") || "null");
  window.API_CLASS = "{api_class}";
  window.LMS = new {api_class}({{ autocommit: false, lmsCommitUrl: false, logLevel: 5 }});
  window.{api_name} = window.LMS;
  {mastery}
  if (saved) window.LMS.loadFromJSON(saved, "");
</script></head>
<body><iframe title="course" src="{launch}" style="width:1200px;height:900px"></iframe>
</body></html>
"""

VERSION_SETUP = {
    "scorm12": {"api_script": "scorm12.min.js", "api_class": "Scorm12API", "api_name": "API",
                "mastery": 'window.LMS.cmi.student_data.mastery_score = "80";'},
    "scorm2004": {"api_script": "scorm2004.min.js", "api_class": "Scorm2004API",
                  "api_name": "API_1484_11",
                  "mastery": 'window.LMS.cmi.scaled_passing_score = "0.8";'},
}


@pytest.fixture(scope="session")
def lms_host(packages, tmp_path_factory):
    """A web root with each package unzipped and a host page that plays the LMS."""
    www = tmp_path_factory.mktemp("lms")
    for name in ("scorm12", "scorm2004"):
        with zipfile.ZipFile(packages[f"connect-or-not-{name}.zip"]) as archive:
            archive.extractall(www / name)
        shutil.copy(SCORM_AGAIN / VERSION_SETUP[name]["api_script"], www)
        (www / f"{name}.html").write_text(HOST.format(
            launch=f"{name}/quiz/sets/first-steps.html", **VERSION_SETUP[name]),
            encoding="utf-8")
    with serve(www) as url:
        yield url


def take_cards(frame, how_many):
    """Answer the set's next cards with their first choice; returns what was chosen."""
    chosen = {}
    for _ in range(how_many):
        card = frame.locator(".con-card:visible")
        card_id = card.get_attribute("data-card")
        radio = card.locator("input[name=decision]").first
        chosen[card_id] = radio.get_attribute("value")
        radio.check()
        card.get_by_role("button", name=re.compile("^Check")).click()
        frame.locator(f".con-card[data-card={card_id}][data-graded-by]").wait_for()
        frame.get_by_role("button", name="Next card").click()
    return chosen


def lms_value(page, name):
    """A value of the LMS's data model, as the LMS stores it (write-only fields too)."""
    return page.evaluate("""(name) => {
        let value = JSON.parse(JSON.stringify(window.LMS.cmi));
        for (const part of name.split(".").slice(1)) {
            if (value === undefined || value === null) return null;
            value = part === "_count" ? value.length ?? Object.keys(value).length : value[part];
        }
        return value === undefined || value === null ? null : String(value);
    }""", name)


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_an_lms_records_every_answer_the_score_and_the_status(browser, lms_host, version):
    context = browser.new_context()
    requests, violations = [], []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)
        page.goto(f"{lms_host}{version}.html")
        frame = page.frame_locator("iframe")
        frame.locator(".con-set[data-enhanced]").wait_for()
        chosen = take_cards(frame, 3)
        summary = frame.locator(".con-set-summary")
        summary.wait_for()
        credits = {i: evaluate(CARDS[i]).credit[d] for i, d in chosen.items()}
        score = sum(credits.values())
        assert f"Score: {score:g} of 3 points." in summary.inner_text()
        passed = score / 3 >= 0.8
        if version == "scorm12":
            assert lms_value(page, "cmi.core.lesson_status") == ("passed" if passed else "failed")
            assert float(lms_value(page, "cmi.core.score.raw")) == score
            assert lms_value(page, "cmi.core.score.max") == "3"
            response = "student_response"
        else:
            assert lms_value(page, "cmi.completion_status") == "completed"
            assert lms_value(page, "cmi.success_status") == ("passed" if passed else "failed")
            assert float(lms_value(page, "cmi.score.scaled")) == pytest.approx(score / 3,
                                                                              abs=1e-4)
            assert float(lms_value(page, "cmi.score.raw")) == score
            response = "learner_response"
        assert int(lms_value(page, "cmi.interactions._count")) == 3
        for n, (card_id, decision) in enumerate(chosen.items()):
            base = f"cmi.interactions.{n}."
            assert lms_value(page, base + "id") == card_id
            assert lms_value(page, base + "type") == "choice"
            assert lms_value(page, base + response) == decision
            verdict = evaluate(CARDS[card_id])
            assert lms_value(page, base + "correct_responses.0.pattern") == verdict.best[0]
            assert lms_value(page, base + "weighting") == "1"
            result = lms_value(page, base + "result")
            assert result == ("correct" if credits[card_id] == 1 else
                              ("wrong" if version == "scorm12" else "incorrect")
                              if credits[card_id] == 0 else f"{credits[card_id]:g}")
            assert lms_value(page, base + "latency")
        # (blob: addresses of the same origin: the grader's decompressed runtime)
        assert not [u for u in requests if not u.removeprefix("blob:").startswith(lms_host)]
        assert violations == []
        # Leaving terminates the session, with its time.
        page.goto("about:blank")
    finally:
        context.close()


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_a_learner_who_leaves_mid_set_resumes_where_they_were(browser, lms_host, version):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{lms_host}{version}.html")
        frame = page.frame_locator("iframe")
        frame.locator(".con-set[data-enhanced]").wait_for()
        chosen = take_cards(frame, 2)
        assert frame.locator(".con-set-position").inner_text() == "Card 3 of 3"
        # The LMS keeps what the package left at its exit, as an LMS does.
        page.evaluate("""() => {
            document.querySelector("iframe").remove();  // the learner closes the package
        }""")
        exit_name = "cmi.core.exit" if version == "scorm12" else "cmi.exit"
        page.wait_for_function("() => window.LMS.isTerminated()")
        suspend = lms_value(page, "cmi.suspend_data")
        assert lms_value(page, exit_name) == "suspend"
        assert lms_value(page, exit_name.replace("exit", "session_time"))
        assert len(suspend) < 100  # the worst case: see test_suspend_data_fits_scorm_12
        page.evaluate("""(suspend) => sessionStorage.setItem("lms-data", JSON.stringify(
            {suspend_data: suspend}))""", suspend)
        page.goto(f"{lms_host}{version}.html")  # relaunch
        frame = page.frame_locator("iframe")
        frame.locator(".con-set[data-enhanced]").wait_for()
        assert frame.locator(".con-set-position").inner_text() == "Card 3 of 3"
        take_cards(frame, 1)
        rows = frame.locator(".con-set-summary tbody tr")
        assert rows.count() == 3
        for card_id, decision in chosen.items():
            label = next(c.label for c in CARDS[card_id].shown_choices()
                         if c.decision == decision)
            assert frame.locator(f".con-set-summary tr[data-card={card_id}] td").first \
                .inner_text() == label
    finally:
        context.close()


@contextlib.contextmanager
def launched(browser, lms_host, version):
    """The LMS's page (scorm-again) with the first set's SCO launched in its frame."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{lms_host}{version}.html")
        frame = page.frame_locator("iframe").first
        frame.locator(".con-set[data-enhanced]").wait_for()
        yield page, frame
    finally:
        context.close()


def check(frame, choice=None):
    """The card on show answered (its first choice, or ``choice``), not moved past."""
    card = frame.locator(".con-card:visible")
    card_id = card.get_attribute("data-card")
    radio = card.locator(f"input[value={choice}]" if choice else "input[name=decision]")
    radio.first.check()
    card.get_by_role("button", name=re.compile("^Check")).click()
    frame.locator(f".con-card[data-card={card_id}][data-graded-by]").wait_for()
    return card


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_a_detour_to_the_guide_keeps_the_session_and_the_set(browser, lms_host, version):
    """A card's "Read the guide section" and the summary's "Review this in the guide"
    open the guide over the quiz: the session lasts, the set goes on where it was, and
    the LMS ends with the whole set recorded (issue 24, R2)."""
    with launched(browser, lms_host, version) as (page, frame):
        card = check(frame)
        card.get_by_role("link", name="Read the guide section").first.click()
        dialog = frame.get_by_role("dialog", name="From the course")
        dialog.wait_for()
        guide = frame.frame_locator("iframe.con-detour-frame")
        guide.locator("h1").first.wait_for()
        sco = next(f for f in page.frames if f.url.endswith("first-steps.html"))
        assert axe_violations(sco) == []
        assert not page.evaluate("window.LMS.isTerminated()")
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")
        assert frame.locator(".con-set-position").inner_text() == "Card 1 of 3"
        frame.get_by_role("button", name="Next card").click()
        take_cards(frame, 2)
        summary = frame.locator(".con-set-summary")
        summary.wait_for()
        frame.get_by_role("link", name=re.compile("Review this in the guide")).first.click()
        dialog.wait_for()
        dialog.get_by_role("button", name="Back to the quiz").click()
        dialog.wait_for(state="hidden")
        assert not page.evaluate("window.LMS.isTerminated()")
        assert int(lms_value(page, "cmi.interactions._count")) == 3
        status = "cmi.core.lesson_status" if version == "scorm12" else "cmi.completion_status"
        assert lms_value(page, status) in ("passed", "failed", "completed")
        page.evaluate("""() => document.querySelector("iframe").remove()""")
        page.wait_for_function("() => window.LMS.isTerminated()")
        exit_name = "cmi.core.exit" if version == "scorm12" else "cmi.exit"
        assert lms_value(page, exit_name) == ("" if version == "scorm12" else "normal")


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_an_lms_that_stops_saving_is_told_to_the_learner(browser, lms_host, version):
    """scorm-again, then its SetValue answers "false" (and Commit throws): the card
    says so in plain words, and the progress stays in this browser (issue 24, R7)."""
    with launched(browser, lms_host, version) as (page, frame):
        page.evaluate("""() => {
            for (const name of ["SetValue", "LMSSetValue"]) window.LMS[name] = () => "false";
            for (const name of ["Commit", "LMSCommit"]) window.LMS[name] = () => {
                throw new Error("the LMS is down"); };
        }""")
        take_cards(frame, 1)
        notice = frame.locator(".con-card:visible .con-notice")
        assert "Your LMS did not save your last answer" in notice.inner_text()
        kept = frame.locator("body").evaluate(
            "() => Object.keys(localStorage).filter((k) => k.includes(':lms:'))")
        assert len(kept) == 1, kept


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_an_imported_attempt_is_scored_from_its_choices(browser, lms_host, version,
                                                       tmp_path):
    """A crafted export claims full points for two worst answers; after one more worst
    answer the summary and the LMS give the points the answer key gives (issue 24, R4)."""
    order = ["claire-pitch", "late-cfo", "kohei-serendipity"]
    worst = {i: min(evaluate(CARDS[i]).credit.items(), key=lambda kv: kv[1]) for i in order}
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps({
        "format": contract.EXPORT_FORMAT, "version": contract.STORE_VERSION,
        "site": f"/{version}/",
        "exported": "2026-12-01T00:00:00Z", "answers": {},
        "sets": {"first-steps": {"index": 2, "results": {order[0]: 1, order[1]: 1},
                                 "choices": {i: worst[i][0] for i in order[:2]}}}}))
    with launched(browser, lms_host, version) as (page, frame):
        frame.locator("input.con-import").set_input_files(str(crafted))
        # Counted as an export counts them, and the set shows the imported attempt at
        # once (issue 41): its third card, answered worst too, then the summary.
        frame.get_by_text("Imported 2 answers. 2 of them were given in quiz sets.").wait_for()
        assert check(frame, worst[order[2]][0]).get_attribute("data-card") == order[2]
        frame.get_by_role("button", name="Next card").click()
        score = worst[order[0]][1] + worst[order[1]][1] + worst[order[2]][1]
        assert f"Score: {score:g} of 3 points" in frame.locator(".con-set-summary").inner_text()
        raw = "cmi.core.score.raw" if version == "scorm12" else "cmi.score.raw"
        assert float(lms_value(page, raw)) == score


def test_suspend_data_fits_scorm_12_for_the_largest_set(lms_host, browser):
    """The worst case: every card of the largest set answered, packed."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{lms_host}scorm12/quiz/sets/all.html")
        # The set as the page shows it: each card with its choices, the last one taken.
        cards = page.evaluate("""() => [...document.querySelectorAll(".con-set .con-card")]
            .map((c) => ({ id: c.dataset.card, credit: {}, choices:
              [...c.querySelectorAll("input[name=decision]")].map((i) => i.value) }))""")
        state = {"index": len(cards), "results": {},
                 "choices": {card["id"]: card["choices"][-1] for card in cards}}
        length = len(engine.call("lms.js", "pack", state, {"id": "all", "cards": cards}))
        cards = len(CARDS)
        assert length == len(f"1:{cards}:") + cards
        assert length < 4096
        print(f"\nsuspend data for the largest set ({cards} cards): {length} characters")
    finally:
        context.close()


def test_without_an_lms_the_package_pages_behave_as_the_site(browser, lms_host):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{lms_host}scorm12/quiz/sets/first-steps.html")
        page.locator(".con-set[data-enhanced]").wait_for()
        assert page.evaluate("window.ConnectOrNot.lms") is None
        take_cards(page, 1)
        stored = page.evaluate("Object.keys(localStorage).filter((k) => "
                               "k.startsWith('connect-or-not:'))")
        assert stored
        assert json.loads(page.evaluate(f"localStorage.getItem({json.dumps(stored[0])})"))[
            "sets"]["first-steps"]["index"] == 1
    finally:
        context.close()
