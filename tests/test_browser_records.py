"""Learning records (issue 29) against a real LRS: Ralph on 127.0.0.1, started from
its own environment. A course built with ``lrs:`` sends every answer and the set's end
as xAPI statements; the LRS stopped mid-set loses none of them; a cmi5 launch of the
package records its session from initialized to terminated; the live tally shows the
room's answers from the LRS. A course without an LRS requests nothing of one."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from connect_or_not.contract import XAPI
from connect_or_not.mkdocs_plugin.scorm import build_packages

from .conftest import build_site, serve
from .support.lrs import LEARNER, TRAINER, Ralph, basic, free_port
from .support.project import copy_project
from .support.web import Handler
from .test_browser_quiz import axe_violations

REGISTRATION = "6a1f2e3d-4c5b-4a69-8877-665544332211"
FIRST_STEPS = 3  # cards in mkdocs.yml's first-steps set

# Every test here drives Chromium or builds the course (make check leaves them out).
pytestmark = [pytest.mark.browser, pytest.mark.site]
# The outbox's statements in this page's IndexedDB.
OUTBOX = """() => new Promise((resolve) => {
  const open = indexedDB.open("connect-or-not-records", 1);
  open.onsuccess = () => {
    const request = open.result.transaction("outbox").objectStore("outbox").count();
    request.onsuccess = () => resolve(request.result);
  };
})"""


def until(check, what: str, tries: int = 600):
    """``check()``'s first true answer, asked every 0.1 s (a wait, not a time limit:
    the test's own timeout bounds it)."""
    for _ in range(tries):
        answer = check()
        if answer:
            return answer
        time.sleep(0.1)
    raise AssertionError(f"never: {what}")


@pytest.fixture(scope="module")
def course_with_lrs(tmp_path_factory):
    """The course built with an LRS (the learners' write-only key, the class's
    registration), served, and Ralph answering CORS for that origin only."""
    port = free_port()
    project = copy_project(tmp_path_factory.mktemp("records") / "project", lrs={
        "endpoint": f"http://127.0.0.1:{port}/xAPI", "key": LEARNER[0], "secret": LEARNER[1],
        "registration": REGISTRATION, "activity": "https://course.test/connect-or-not/"})
    site = build_site(tmp_path_factory.mktemp("records-site"), project / "mkdocs.yml")
    with serve(site) as url:
        ralph = Ralph(tmp_path_factory.mktemp("ralph"), url.rstrip("/"), port).start()
        try:
            yield {"url": url, "site": site, "ralph": ralph}
        finally:
            ralph.stop()


def learner_of(page) -> str:
    return page.evaluate("() => localStorage.getItem('connect-or-not-learner')")


def mine(ralph, name: str) -> list[dict]:
    return [s for s in ralph.statements(registration=REGISTRATION)
            if s["actor"].get("account", {}).get("name") == name]


def answer(page, choose=lambda card, radios: radios.first) -> tuple[str, str]:
    """Answer the card shown with a choice; (card, decision)."""
    card = page.locator(".con-card:visible")
    card_id = card.get_attribute("data-card")
    radio = choose(card_id, card.locator("input[name=decision]"))
    decision = radio.get_attribute("value")
    radio.check()
    card.get_by_role("button", name=re.compile("^Check")).click()
    page.locator(f".con-card[data-card={card_id}][data-graded-by]").wait_for()
    return card_id, decision


def saved_results(page, set_id: str) -> dict:
    """The credits the engine saved for the set (its own record, not the LRS's)."""
    data = page.evaluate("() => Object.entries(localStorage).filter(([k]) => "
                         "k.startsWith('connect-or-not')).map(([, v]) => v)")
    for raw in data:
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, dict) and set_id in value.get("sets", {}):
            return value["sets"][set_id]
    raise AssertionError("no saved progress for the set")


def test_a_finished_set_is_in_the_lrs_in_order_with_its_results(browser, course_with_lrs):
    ralph, url = course_with_lrs["ralph"], course_with_lrs["url"]
    context = browser.new_context()
    requests, violations = [], []
    context.on("request", lambda r: requests.append((r.method, r.url)))
    try:
        page = context.new_page()
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)
        page.goto(f"{url}quiz/sets/first-steps/")
        page.locator(".con-set[data-enhanced]").wait_for()
        chosen = []
        for n in range(FIRST_STEPS):
            chosen.append(answer(page, lambda card, radios, n=n: radios.nth(n % 2)))
            page.get_by_role("button", name=re.compile("^(Next card|See your score)")).click()
        page.locator(".con-set-summary").wait_for()
        name = learner_of(page)
        statements = until(lambda: (s := mine(ralph, name)) and len(s) >= FIRST_STEPS + 2 and s,
                           "the set's statements in the LRS")
        results = saved_results(page, "first-steps")
    finally:
        context.close()
    verbs = [s["verb"]["id"] for s in statements]
    score = sum(results["results"].values())
    passed = score / FIRST_STEPS >= 0.8  # mastery_score 80 in mkdocs.yml
    assert verbs == [XAPI["answered"]] * FIRST_STEPS + [
        XAPI["completed"], XAPI["passed" if passed else "failed"]]
    assert len({s["id"] for s in statements}) == len(statements)
    for statement, (card_id, decision) in zip(statements, chosen, strict=False):
        credit = results["results"][card_id]
        assert statement["object"]["id"] == f"https://course.test/connect-or-not/quiz/{card_id}/"
        assert statement["result"]["response"] == decision
        assert statement["result"]["score"]["scaled"] == pytest.approx(credit)
        assert statement["result"]["success"] is (credit == 1)
        context_ = statement["context"]
        assert context_["registration"] == REGISTRATION
        assert context_["extensions"]["https://course.test/connect-or-not/xapi/policy"] == \
            "balanced"
        assert [a["id"] for a in context_["contextActivities"]["parent"]] == [
            "https://course.test/connect-or-not/quiz/sets/first-steps/"]
        # The learner is anonymous: an id this browser made, under the course.
        assert statement["actor"]["account"]["homePage"] == "https://course.test/connect-or-not/"
        assert set(statement["actor"]) <= {"account", "objectType"}
    judged = statements[-1]["result"]
    assert judged["success"] is passed
    assert judged["score"]["raw"] == pytest.approx(score)
    assert judged["score"]["max"] == FIRST_STEPS
    # To the site and to the LRS, nothing else; the policy allowed exactly that.
    lrs = ralph.endpoint.removesuffix("xAPI/")
    assert not [u for _, u in requests if not u.removeprefix("blob:").startswith((url, lrs))]
    assert ("POST", f"{ralph.endpoint}statements") in requests
    assert violations == []


def test_the_lrs_down_mid_set_loses_nothing_and_stores_each_statement_once(browser,
                                                                           course_with_lrs):
    ralph, url = course_with_lrs["ralph"], course_with_lrs["url"]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}quiz/sets/first-steps/")
        page.locator(".con-set[data-enhanced]").wait_for()
        answer(page)
        page.get_by_role("button", name="Next card").click()
        name = learner_of(page)
        until(lambda: len(mine(ralph, name)) == 1, "the first answer in the LRS")
        ralph.stop()
        answer(page)
        status = page.locator(".con-records")
        status.wait_for()
        assert re.fullmatch(r"1 learning record is waiting for the record store to answer\..*",
                            status.inner_text())
        assert status.get_attribute("role") == "status"
        assert axe_violations(page) == []
        page.get_by_role("button", name="Next card").click()
        # A reload while the LRS is still down: the outbox (IndexedDB) keeps them.
        page.reload()
        page.locator(".con-set[data-enhanced]").wait_for()
        answer(page)
        page.get_by_role("button", name="Next card").click()
        page.locator(".con-set-summary").wait_for()
        until(lambda: page.locator(".con-records[data-waiting='4']").count(),
              "four records said to wait")
        ralph.start()
        until(lambda: "reached the record store" in page.locator(".con-records").inner_text(),
              "the learner told they have gone")
        statements = mine(ralph, name)
        left = page.evaluate(OUTBOX)
    finally:
        context.close()
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]
    assert verbs[:4] == ["answered"] * 3 + ["completed"]
    assert verbs[4] in ("passed", "failed")
    assert len(statements) == 5
    assert len({s["id"] for s in statements}) == 5
    assert left == 0  # nothing is left to send again


def test_with_the_storage_full_a_record_waits_in_memory_is_said_and_arrives(browser,
                                                                            course_with_lrs):
    """Issue 42, X2: the origin's quota is full (CDP), so the outbox cannot keep the
    record in IndexedDB; it waits in the page's memory, the learner is told in one
    sentence, and it reaches the LRS once the LRS answers."""
    ralph, url = course_with_lrs["ralph"], course_with_lrs["url"]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}quiz/sets/first-steps/")
        page.locator(".con-set[data-enhanced]").wait_for()
        name = learner_of(page)
        cdp = context.new_cdp_session(page)
        origin = url.rstrip("/")
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": 1})
        refused = page.evaluate("""() => new Promise((resolve) => {
            const open = indexedDB.open("connect-or-not-records", 1);
            open.onsuccess = () => {
              const t = open.result.transaction("outbox", "readwrite");
              t.objectStore("outbox").add({ probe: "x".repeat(10000) });
              t.oncomplete = () => resolve("kept");
              t.onabort = () => resolve(t.error && t.error.name);
            };
          })""")
        assert refused == "QuotaExceededError"  # the condition the outbox meets
        ralph.stop()
        card, decision = answer(page)
        status = page.locator(".con-records")
        status.wait_for()
        assert re.fullmatch(r"1 learning record is waiting for the record store, and this "
                            r"browser's storage is full: keep this page open until it is sent\.",
                            status.inner_text())
        ralph.start()
        page.evaluate("() => window.dispatchEvent(new Event('online'))")  # try again now
        until(lambda: "reached the record store" in status.inner_text(),
              "the learner told it has gone")
        statements = mine(ralph, name)
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin})
    finally:
        context.close()
    assert [(s["object"]["id"].rsplit("/", 2)[-2], s["result"]["response"])
            for s in statements] == [(card, decision)]


def test_the_live_tally_shows_two_learners_answers_as_they_arrive(browser, course_with_lrs):
    url = course_with_lrs["url"]
    trainer = browser.new_context(viewport={"width": 1280, "height": 720})
    learners = [browser.new_context() for _ in range(2)]
    try:
        tally = trainer.new_page()
        tally.goto(f"{url}quiz/tally/")
        tally.get_by_label("Key").fill(TRAINER[0])
        tally.get_by_label("Secret").fill(TRAINER[1])
        assert tally.get_by_label(re.compile("registration")).input_value() == REGISTRATION
        tally.get_by_label("Quiz set").select_option("first-steps")
        tally.get_by_role("button", name="Show live").press("Enter")
        tally.locator(".con-live-status").filter(has_text=re.compile("so far")).wait_for()
        before = int(tally.locator(".con-tally").get_attribute("data-live") or 0)
        pages, picks = [], []
        for n, context in enumerate(learners):
            page = context.new_page()
            page.goto(f"{url}quiz/sets/first-steps/")
            page.locator(".con-set[data-enhanced]").wait_for()
            picks.append(answer(page, lambda card, radios, n=n: radios.nth(n)))
            pages.append(page)
        first_card = picks[0][0]
        until(lambda: tally.locator(".con-tally").get_attribute("data-live") == str(before + 2),
              "two more learners on the tally")
        bars = tally.locator(f".con-tally-card[data-card={first_card}] .con-tally-bars li")
        counts = {li.get_attribute("data-decision"): int(li.get_attribute("data-count"))
                  for li in bars.all()}
        for _, decision in picks:
            assert counts[decision] >= 1
        assert tally.locator(".con-tally-set").get_attribute("data-set") == "first-steps"
        assert axe_violations(tally) == []
        # A second card from the first learner arrives on a later reading.
        pages[0].get_by_role("button", name="Next card").click()
        second = answer(pages[0])
        until(lambda: tally.locator(f".con-tally-card[data-card={second[0]}] "
                                    f"li[data-decision={second[1]}]").get_attribute(
                                        "data-count") not in (None, "0"),
              "the second card's answer on the tally")
        tally.get_by_role("button", name="Stop").click()
        assert "Stopped" in tally.locator(".con-live-status").inner_text()
    finally:
        for context in (trainer, *learners):
            context.close()


def _ago(minutes: int) -> str:
    """A statement's time, some minutes before now (the live counts leave out the future)."""
    when = datetime.now(UTC) - timedelta(minutes=minutes)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _vote(learner: str, card: str, decision: str, round_number: int, registration: str,
          at: str) -> dict:
    """An answer as a learner's phone sends it from the set page (xapi.js)."""
    course = "https://course.test/connect-or-not/"
    return {"id": str(uuid.uuid4()), "timestamp": at, "actor": {
        "objectType": "Agent", "account": {"homePage": course, "name": learner}},
        "verb": {"id": XAPI["answered"], "display": {"en-US": "answered"}},
        "object": {"objectType": "Activity", "id": f"{course}quiz/{card}/"},
        "result": {"response": decision},
        "context": {"registration": registration, "contextActivities": {
            "parent": [{"id": f"{course}quiz/sets/first-steps/", "objectType": "Activity"}]},
            "extensions": {f"{course}{XAPI['round']}": round_number}}}


def _a_phone_votes_twice(page, url: str, card: str) -> tuple[list[str], dict[int, list[str]]]:
    """A learner on the set page: the first choice of ``card`` in round 1, the second
    in round 2; the card's decisions and the votes so far."""
    page.goto(f"{url}quiz/sets/first-steps/")
    page.locator(".con-set[data-enhanced]").wait_for()
    _, first_pick = answer(page, lambda card_id, radios: radios.nth(0))
    for _ in range(FIRST_STEPS - 1):
        page.get_by_role("button", name="Next card").click()
        answer(page)
    page.get_by_role("button", name="Next card").click()
    page.get_by_role("button", name=re.compile("^Vote again: round 2")).click()
    _, second_pick = answer(page, lambda card_id, radios: radios.nth(1))
    choices = page.locator(f".con-card[data-card={card}] input[name=decision]")
    decisions = [choices.nth(i).get_attribute("value") for i in range(choices.count())]
    return decisions, {1: [first_pick], 2: [second_pick]}


def _the_class_votes(ralph, card: str, decisions: list[str],
                     votes: dict[int, list[str]]) -> dict[int, dict[str, int]]:
    """Nineteen more phones, and another class on the same LRS; each round's counts the
    presenter must show for this class."""
    sent = []
    for n in range(19):
        # Round 1 spread over the choices, round 2 moving towards the last; the first
        # changes their mind in round 1 (their later answer counts).
        one = decisions[n % len(decisions)]
        two = decisions[-1] if n % 3 else decisions[0]
        name = f"phone-{n}"
        if n == 0:
            sent.append(_vote(name, card, decisions[-1], 1, REGISTRATION, _ago(3)))
        sent.append(_vote(name, card, one, 1, REGISTRATION, _ago(2)))
        sent.append(_vote(name, card, two, 2, REGISTRATION, _ago(1)))
        votes[1].append(one)
        votes[2].append(two)
    # Another class on the same LRS, the same set and card: left out.
    other = "11111111-2222-4333-8444-555555555555"
    sent += [_vote(f"other-{n}", card, decisions[0], r, other, _ago(2))
             for n in range(7) for r in (1, 2)]
    assert ralph.post(sent) == 200
    ours = {r: {d: votes[r].count(d) for d in decisions} for r in (1, 2)}
    assert sum(ours[1].values()) == sum(ours[2].values()) == 20
    # What the class's registration holds (earlier tests of this module answered too):
    # each learner's latest answer to the card in each round.
    latest: dict[tuple[int, str], tuple[str, str]] = {}
    key = f"https://course.test/connect-or-not/{XAPI['round']}"
    for statement in ralph.statements(registration=REGISTRATION, verb=XAPI["answered"]):
        if not statement["object"]["id"].endswith(f"/quiz/{card}/"):
            continue
        round_number = statement["context"].get("extensions", {}).get(key, 1)
        who = (round_number, statement["actor"]["account"]["name"])
        if who not in latest or statement["timestamp"] >= latest[who][0]:
            latest[who] = (statement["timestamp"], statement["result"]["response"])
    expected = {r: {d: sum(1 for (n, _), (_, answer) in latest.items() if n == r and answer == d)
                    for d in decisions} for r in (1, 2)}
    for r in (1, 2):  # ours are all there, and the other class is not
        assert all(expected[r][d] >= ours[r][d] for d in decisions)
    assert sum(expected[1].values()) < 20 + 7
    # The browser's round 2 is round 2 in its statements: twenty learners voted twice.
    assert sum(expected[2].values()) == 20
    return expected


def test_the_presenters_bars_fill_from_the_phones_votes_round_by_round(browser,
                                                                      course_with_lrs):
    """Issue 41: twenty learners vote on their phones, twice; the presenter's bars for the
    card on screen are their votes, round 1 then round 2, and another class's votes on
    the same LRS (another registration) never join them. One of the twenty is a real
    browser on the set page, whose statements must carry the round themselves."""
    ralph, url = course_with_lrs["ralph"], course_with_lrs["url"]
    card = "claire-pitch"  # the first card of first-steps
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    trainer = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        decisions, votes = _a_phone_votes_twice(phone.new_page(), url, card)
        expected = _the_class_votes(ralph, card, decisions, votes)
        present = trainer.new_page()
        present.goto(f"{url}quiz/sets/first-steps/present/")
        present.wait_for_selector(".con-present[data-enhanced]")
        present.get_by_label("Key").fill(TRAINER[0])
        present.get_by_label("Secret").fill(TRAINER[1])
        assert present.get_by_label(re.compile("registration")).input_value() == REGISTRATION
        present.get_by_role("button", name="Show the phones' votes").click()

        def boxes(round_number):
            return {d: present.locator(f".con-card[data-card={card}] .con-hands"
                                       f"[data-round='{round_number}'][data-decision={d}]")
                    for d in decisions}

        def counts(round_number):
            return {d: int(box.input_value() or 0) for d, box in boxes(round_number).items()}

        until(lambda: counts(1) == expected[1], "round 1's votes on the presenter")
        assert re.search(r"\d+ in round 1, 2\d in round 2", present.locator(
            ".con-present-live .con-live-status").inner_text())
        # The bars are the shares of those votes.
        total = sum(expected[1].values())
        for d, box in boxes(1).items():
            width = box.evaluate("b => b.nextElementSibling.firstElementChild.style.width")
            assert float(width.rstrip("%") or 0) == pytest.approx(100 * expected[1][d] / total,
                                                                  abs=0.01)
        present.locator(".con-card:visible .con-title").focus()
        present.keyboard.press("2")  # round 2 on the projector
        until(lambda: boxes(2)[decisions[0]].count() == 1 and counts(2) == expected[2],
              "round 2's votes on the presenter")
        assert counts(1) == expected[1]
        assert axe_violations(present) == []
    finally:
        phone.close()
        trainer.close()


def test_the_learners_key_cannot_read_the_class_and_a_wrong_key_is_told(browser,
                                                                         course_with_lrs):
    """The key in the site only writes (Ralph's scopes): the tally needs the trainer's."""
    ralph, url = course_with_lrs["ralph"], course_with_lrs["url"]
    request = urllib.request.Request(f"{ralph.endpoint}statements", headers={
        "Authorization": basic(LEARNER), "X-Experience-API-Version": "1.0.3"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code in (401, 403)
    context = browser.new_context()
    try:
        tally = context.new_page()
        tally.goto(f"{url}quiz/tally/")
        tally.get_by_label("Key").fill(LEARNER[0])
        tally.get_by_label("Secret").fill(LEARNER[1])
        tally.get_by_role("button", name="Show live").click()
        tally.locator(".con-live-status").filter(has_text="refused this key").wait_for()
    finally:
        context.close()


def test_the_policy_lets_pages_reach_the_lrs_and_nothing_else(browser, course_with_lrs):
    ralph, url, site = course_with_lrs["ralph"], course_with_lrs["url"], course_with_lrs["site"]
    port = ralph.endpoint.split(":")[2].split("/")[0]
    for html in (site / "index.html", site / "quiz" / "sets" / "first-steps" / "index.html"):
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                           html.read_text()).group(1)
        assert re.search(r"connect-src ([^;]+);", policy).group(1) == \
            f"'self' http://127.0.0.1:{port}"
    headers = (site / "_headers").read_text()
    assert f"connect-src 'self' http://127.0.0.1:{port};" in headers
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        blocked = page.evaluate("""(other) => fetch(other).then(() => 'sent', () => 'blocked')""",
                                f"http://127.0.0.1:{free_port()}/xAPI/statements")
        allowed = page.evaluate("""(lrs) => fetch(lrs).then((r) => r.status, () => 'blocked')""",
                                f"{ralph.endpoint}about")
    finally:
        context.close()
    assert blocked == "blocked"
    assert allowed != "blocked"


def test_without_an_lrs_no_page_loads_or_sends_anything_of_it(browser, built_site, site_url):
    assert not list(built_site.rglob("quiz-xapi.js*"))
    policy = (built_site / "index.html").read_text()
    assert "connect-src 'self';" in policy
    context = browser.new_context()
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    try:
        page = context.new_page()
        page.goto(f"{site_url}quiz/sets/first-steps/")
        page.locator(".con-set[data-enhanced]").wait_for()
        for _ in range(FIRST_STEPS):
            answer(page)
            page.get_by_role("button", name=re.compile("^(Next card|See your score)")).click()
        page.locator(".con-set-summary").wait_for()
        records = page.evaluate("() => window.ConnectOrNot.records === undefined")
        tally = context.new_page()
        tally.goto(f"{site_url}quiz/tally/")
        live = tally.locator(".con-tally-live").count()
    finally:
        context.close()
    assert records
    assert live == 0
    assert not [u for u in requests if "xapi" in u.lower() or "statements" in u]
    assert not [u for u in requests if not u.removeprefix("blob:").startswith(site_url)]


# -- cmi5 -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cmi5_lms(tmp_path_factory):
    """The cmi5 package unzipped behind a small LMS: it answers the fetch URL with a
    token (the learners' key), keeps LMS.LaunchData, and passes statements on to Ralph
    (as an LMS's LRS would); Ralph stores them."""
    project = copy_project(tmp_path_factory.mktemp("cmi5") / "project")
    written = {p.name: p for p in build_packages(project / "mkdocs.yml", project / "dist")}
    www = tmp_path_factory.mktemp("cmi5-www")
    with zipfile.ZipFile(written["connect-or-not-cmi5.zip"]) as archive:
        archive.extractall(www / "content")
        structure = archive.read("cmi5.xml").decode()
    ralph = Ralph(tmp_path_factory.mktemp("cmi5-ralph"), "http://127.0.0.1:1").start()
    launch_data: dict = {}
    fetched: list[str] = []

    class LMS(Handler):
        def do_POST(self):
            if self.path.startswith("/lms/fetch"):
                fetched.append(self.path)
                token = basic(LEARNER).removeprefix("Basic ")
                return self.answer(200, json.dumps({"auth-token": token}).encode())
            return self.forward()

        def do_PUT(self):
            return self.forward()

        def do_GET(self):
            if self.path.startswith("/lms/xAPI/activities/state"):
                return self.answer(200, json.dumps(launch_data).encode())
            if self.path.startswith("/lms/"):
                return self.forward()
            return super().do_GET()

        def answer(self, status: int, body: bytes):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            target = ralph.endpoint + self.path.removeprefix("/lms/xAPI/")
            request = urllib.request.Request(target, data=body, method=self.command, headers={
                name: self.headers[name] for name in ("Authorization", "Content-Type",
                                                      "X-Experience-API-Version")
                if self.headers.get(name)})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return self.answer(response.status, response.read())
            except urllib.error.HTTPError as error:
                return self.answer(error.code, error.read())

    with serve(www, LMS) as url:
        yield {"url": url, "ralph": ralph, "structure": structure, "launch_data": launch_data,
               "fetched": fetched, "zip": written["connect-or-not-cmi5.zip"]}
    ralph.stop()


def test_make_scorm_writes_a_cmi5_package_with_one_au_per_set(cmi5_lms):
    from xml.etree import ElementTree as ET  # noqa: PLC0415

    ns = {"c": "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"}
    root = ET.fromstring(cmi5_lms["structure"])
    course = root.find("c:course", ns)
    assert course is not None
    assert course.get("id", "").endswith("/")
    assert course.find("c:title/c:langstring", ns).text
    assert course.find("c:description/c:langstring", ns).text
    aus = root.findall("c:au", ns)
    assert [au.find("c:url", ns).text for au in aus] == [
        f"quiz/sets/{s}.html" for s in ("all", "receiving", "first-steps")]
    for au in aus:
        assert au.get("moveOn") == "CompletedAndPassed"
        assert au.get("masteryScore") == "0.8"
        assert au.get("launchMethod") == "AnyWindow"
        assert au.get("id") == f"{course.get('id')}quiz/sets/{au.find('c:url', ns).text[10:-5]}/"
    with zipfile.ZipFile(cmi5_lms["zip"]) as archive:
        names = archive.namelist()
    assert "cmi5.xml" in names
    assert "imsmanifest.xml" not in names
    assert "assets/connect-or-not/quiz-xapi.js" in names
    assert not [n for n in names if "studio" in n and n.endswith(".js")]


def test_a_cmi5_launch_records_initialized_to_terminated(browser, cmi5_lms):
    url, ralph = cmi5_lms["url"], cmi5_lms["ralph"]
    registration = str(uuid.uuid4())
    au = re.search(r'<au id="([^"]+first-steps/)"', cmi5_lms["structure"]).group(1)
    actor = {"objectType": "Agent", "name": "Ada Lovelace",
             "account": {"homePage": "https://lms.test", "name": "ada-1815"}}
    session = str(uuid.uuid4())
    cmi5_lms["launch_data"].update({
        "contextTemplate": {"contextActivities": {"grouping": [{"id": au}]},
                            "extensions": {XAPI["sessionId"]: session}},
        "launchMode": "Normal", "masteryScore": 0.5, "moveOn": "CompletedAndPassed"})
    # The LMS records the launch, then opens the AU with the cmi5 parameters.
    launched = {"id": str(uuid.uuid4()), "actor": actor, "verb": {"id": XAPI["launched"]},
                "object": {"id": au, "objectType": "Activity"},
                "timestamp": "2026-12-02T09:00:00Z",
                "context": {"registration": registration,
                            "contextActivities": {"category": [{"id": XAPI["cmi5"]}]},
                            "extensions": {XAPI["sessionId"]: session}}}
    assert ralph.post([launched], TRAINER) == 200
    query = urllib.parse.urlencode({"endpoint": f"{url}lms/xAPI/", "fetch": f"{url}lms/fetch?s=1",
                                    "registration": registration, "activityId": au,
                                    "actor": json.dumps(actor)})
    context = browser.new_context()
    violations = []
    try:
        page = context.new_page()
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)
        page.goto(f"{url}content/quiz/sets/first-steps.html?{query}")
        page.locator(".con-set[data-enhanced]").wait_for()
        for _ in range(FIRST_STEPS):
            answer(page, lambda card, radios: radios.last)
            page.get_by_role("button", name=re.compile("^(Next card|See your score)")).click()
        page.locator(".con-set-summary").wait_for()
        until(lambda: len(ralph.statements(registration=registration)) >= FIRST_STEPS + 4,
              "the session's statements before the page goes")
        page.goto("about:blank")
        statements = until(lambda: (s := ralph.statements(registration=registration))
                           and s[-1]["verb"]["id"] == XAPI["terminated"] and s,
                           "terminated in the LRS")
    finally:
        context.close()
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]
    judged = verbs[-2]
    assert judged in ("passed", "failed")
    assert verbs == ["launched", "initialized", *["answered"] * FIRST_STEPS, "completed",
                     judged, "terminated"]
    assert len(cmi5_lms["fetched"]) == 1
    for statement in statements[1:]:
        assert statement["actor"]["account"] == actor["account"]
        assert statement["context"]["registration"] == registration
        assert statement["context"]["extensions"][XAPI["sessionId"]] == session
        categories = [c["id"] for c in statement["context"]["contextActivities"].get(
            "category", [])]
        verb = statement["verb"]["id"].rsplit("/", 1)[-1]
        if verb == "answered":
            assert XAPI["cmi5"] not in categories  # an allowed statement, not a cmi5 one
        else:
            assert XAPI["cmi5"] in categories
            assert statement["object"]["id"] == au
        if verb in ("completed", "passed", "failed"):
            assert XAPI["moveOn"] in categories
            assert statement["result"]["duration"].startswith("PT")
        if verb in ("passed", "failed"):
            assert statement["context"]["extensions"][XAPI["masteryScore"]] == 0.5
            score = statement["result"]["score"]
            assert statement["result"]["success"] is (score["scaled"] >= 0.5)
    assert violations == []


def test_a_cmi5_page_opened_without_its_launch_records_nothing(browser, cmi5_lms):
    url, ralph = cmi5_lms["url"], cmi5_lms["ralph"]
    count = len(ralph.statements())
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}content/quiz/sets/first-steps.html?endpoint=javascript:alert(1)"
                  "&fetch=x&registration=y&activityId=z&actor=%7B")
        page.locator(".con-set[data-enhanced]").wait_for()
        notice = page.locator(".con-records")
        notice.wait_for()
        assert "not recorded" in notice.inner_text()
        answer(page)
    finally:
        context.close()
    assert len(ralph.statements()) == count
