#!/usr/bin/env python3
"""Where a card's story ends on a phone and on the presenter's projector, by its
length: the measurement behind ``validate``'s long-story warning (checks.py,
``STORY_WORDS``).

Builds the course with stories of 60 to 300 words, opens each card page in Debian's
Chromium at two phone sizes and the presenter view at 720p, and prints where the
story ends and where the Check button (or the choices) end.

    .venv/bin/python bench/story_length.py
"""

from __future__ import annotations

import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import build_site  # noqa: E402
from tests.support.project import copy_project  # noqa: E402

LENGTHS = (60, 90, 120, 150, 200, 300)
PHONES = ((360, 800), (393, 851))  # CSS pixels of two common mid-range phones
SENTENCE = "You met her once at a trade fair and she now writes to ask about your work. "


def course(folder: Path) -> Path:
    """The course with one card per story length, first in the first-steps set."""
    project = copy_project(folder / "project")
    for n in LENGTHS:
        story = " ".join((SENTENCE * 30).split()[:n])
        (project / "scenarios" / f"len-{n}.yaml").write_text(
            f"title: A story of {n} words\nkind: incoming\nstory: |\n  {story}\n"
            "facts:\n  note: none\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    ids = ", ".join(f"len-{n}" for n in LENGTHS)
    config.write_text(config.read_text(encoding="utf-8").replace(
        "cards: [claire-pitch,", f"cards: [{ids}, claire-pitch,"), encoding="utf-8")
    return build_site(folder / "site", config, strict=False)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = course(Path(tmp))
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            for width, height in PHONES:
                page = browser.new_page(viewport={"width": width, "height": height})
                for n in LENGTHS:
                    page.goto(f"{base}quiz/len-{n}/")
                    story = page.locator(".con-story").bounding_box()
                    check = page.locator(".con-check").bounding_box()
                    assert story
                    assert check
                    print(f"phone {width}x{height}, {n:3} words: story {story['y']:.0f}-"
                          f"{story['y'] + story['height']:.0f} px, Check ends at "
                          f"{check['y'] + check['height']:.0f} px")
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(f"{base}quiz/sets/first-steps/present/")
            for n in LENGTHS:
                shown = page.locator(".con-card:not([hidden])")
                story = shown.locator(".con-story").bounding_box()
                choices = shown.locator(".con-choices").bounding_box()
                assert story
                assert choices
                print(f"presenter 1280x720, {n:3} words: story {story['height']:.0f} px tall, "
                      f"choices end at {choices['y'] + choices['height']:.0f} px")
                page.locator(".con-present-next").click()
            browser.close()
        server.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    main()
