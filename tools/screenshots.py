"""The trainer's guide's screenshots of a live class: presenter view and tally.

    .venv/bin/mkdocs build -d /tmp/site && .venv/bin/python tools/screenshots.py /tmp/site
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.web import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

out = ROOT / "docs" / "assets" / "screens"
with serve(Path(sys.argv[1])) as url, sync_playwright() as p:
    b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = b.new_page(viewport={"width": 1024, "height": 576})
    page.goto(url + "quiz/sets/first-steps/present/")
    page.wait_for_selector(".con-card[data-engine=ready]", timeout=120000)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.locator(".con-card:visible .con-hands").nth(0).fill("7")
    page.locator(".con-card:visible .con-hands").nth(1).fill("9")
    page.locator(".con-present-position").click()
    page.screenshot(path=str(out / "present.jpg"), type="jpeg", quality=60)
    page.keyboard.press("r")
    page.screenshot(path=str(out / "present-revealed.jpg"), type="jpeg", quality=60)
    page.goto(url + "quiz/sets/first-steps/")
    set_code = page.evaluate(
        "JSON.parse(document.querySelector('.con-set-data').textContent).code")
    answers = [[0, 1, 2], [1, 1, 0], [1, 3, 2], [1, 0, 2]]
    codes = page.evaluate("([code, answers]) => answers.map("
                          "(places) => ConnectOrNot.resultCode.encode(code, places))",
                          [set_code, answers])
    page.goto(url + "quiz/tally/")
    chat = "\n".join(f"Learner {i}: {code}" for i, code in enumerate(codes, 1))
    page.get_by_label(re.compile("^Paste")).fill(chat)
    page.get_by_role("button", name="Count the codes").click()
    page.locator(".con-tally-card").first.scroll_into_view_if_needed()
    page.screenshot(path=str(out / "tally.jpg"), type="jpeg", quality=60)
    b.close()
