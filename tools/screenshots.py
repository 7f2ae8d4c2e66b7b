"""The trainer's guide's screenshots of a live class: the presenter view (720p, both
rounds of votes, the reveal and the join code), the learners' printed deck, a
learner's summary on a phone and the tally.

    .venv/bin/mkdocs build -d /tmp/site && .venv/bin/python tools/screenshots.py /tmp/site
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support import engine  # noqa: E402
from tests.support.web import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

out = ROOT / "docs" / "assets" / "screens"
with serve(Path(sys.argv[1])) as url, sync_playwright() as p:
    b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    # The presenter on a 720p projector: two rounds of hands, then the reveal.
    page = b.new_page(viewport={"width": 1280, "height": 720})
    page.goto(url + "quiz/sets/first-steps/present/")
    page.wait_for_selector(".con-card[data-engine=ready]", timeout=120000)
    first = page.locator(".con-card:visible .con-hands[data-round='1']")
    for i, count in enumerate([3, 9, 5, 1]):
        first.nth(i).fill(str(count))
    page.locator(".con-present-position").click()
    page.screenshot(path=str(out / "present.jpg"), type="jpeg", quality=60)
    page.keyboard.press("2")
    second = page.locator(".con-card:visible .con-hands[data-round='2']")
    for i, count in enumerate([1, 15, 2, 0]):
        second.nth(i).fill(str(count))
    page.locator(".con-present-position").click()
    page.screenshot(path=str(out / "present-round2.jpg"), type="jpeg", quality=60)
    page.keyboard.press("r")
    page.screenshot(path=str(out / "present-revealed.jpg"), type="jpeg", quality=60)
    page.keyboard.press("j")
    page.screenshot(path=str(out / "present-join.jpg"), type="jpeg", quality=60)
    # A learner's summary on a phone: the score, then the code, then the cards.
    page = b.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    page.goto(url + "quiz/sets/first-steps/")
    for _ in range(3):
        card = page.locator(".con-card:visible")
        card.locator("input[name=decision]").first.check()
        card.get_by_role("button", name=re.compile("^Check")).click()
        page.wait_for_selector(".con-card:visible[data-graded-by]")
        page.get_by_role("button", name="Next card").click()
    page.locator(".con-set-results").scroll_into_view_if_needed()
    page.screenshot(path=str(out / "summary-phone.jpg"), type="jpeg", quality=60)
    # The learners' deck, as it prints: the first page.
    page = b.new_page(viewport={"width": 794, "height": 1123})
    page.goto(url + "quiz/sets/first-steps/print/")
    page.emulate_media(media="print")
    page.screenshot(path=str(out / "deck.jpg"), type="jpeg", quality=60)
    # The tally of a class that voted twice.
    page = b.new_page(viewport={"width": 1024, "height": 576})
    page.goto(url + "quiz/sets/first-steps/")
    set_code = page.evaluate(
        "JSON.parse(document.querySelector('.con-set-data').textContent).code")
    rounds = {1: [[0, 1, 2], [1, 1, 0], [1, 3, 2], [1, 0, 2]],
              2: [[1, 1, 2], [1, 1, 0], [1, 1, 2], [1, 0, 2]]}
    tags = ["K7QD", "M2AZ", "8P4R", "TW3N"]  # each learner's, in both rounds
    codes = [engine.call("tally.js", "encode", set_code, places, round, tags[i])
             for round, answers in rounds.items() for i, places in enumerate(answers)]
    page.goto(url + "quiz/tally/")
    chat = "\n".join(f"Learner {i % 4 + 1}: {code}" for i, code in enumerate(codes))
    page.get_by_label(re.compile("^Paste")).fill(chat)
    page.get_by_role("button", name="Count the codes").click()
    page.locator(".con-tally-card").first.scroll_into_view_if_needed()
    page.screenshot(path=str(out / "tally.jpg"), type="jpeg", quality=60)
    b.close()
