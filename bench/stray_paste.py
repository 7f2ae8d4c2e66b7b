"""A stray paste in a card (issue 42, S1): 16,000 characters of "[a" in a story.

Prints the median of five runs of `connect-or-not validate` on that card, the time
stock Python-Markdown 3.11.3 and this checkout's Markdown take to render the same
story (the cause, measured apart), and, with a built site, how long the card studio
takes to answer it on a phone's CPU (4x slower, Chromium's throttling):

    .venv/bin/python bench/stray_paste.py [SITE_DIR]
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STORY = "[a" * 8000


def card() -> str:
    good = (ROOT / "scenarios" / "claire-pitch.yaml").read_text(encoding="utf-8")
    return re.sub(r"story: \|\n(?:  .*\n)+", lambda _: f"story: |\n  {STORY}\n", good, count=1)


def validate_seconds() -> float:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "claire-pitch.yaml").write_text(card(), encoding="utf-8")
        runs = []
        for _ in range(5):
            began = time.perf_counter()
            subprocess.run([str(ROOT / ".venv" / "bin" / "connect-or-not"), "validate", folder],
                           capture_output=True, check=False)
            runs.append(time.perf_counter() - began)
    return statistics.median(runs)


def markdown_seconds(version: str) -> float:
    """The story rendered by Markdown ``version``, in a throwaway environment."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "venv", folder], check=True)
        python = str(Path(folder) / "bin" / "python")
        subprocess.run([python, "-m", "pip", "install", "-q", f"markdown=={version}"],
                       check=True, capture_output=True)
        script = ("import markdown,time,sys;t=time.perf_counter();"
                  "markdown.markdown(sys.argv[1]);print(time.perf_counter()-t)")
        out = subprocess.run([python, "-c", script, STORY], check=True, capture_output=True,
                             text=True).stdout
    return float(out)


def studio_seconds(site: Path) -> float:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415
    from tests.support.web import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: PLC0415

    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(f"{url}quiz/studio/")
        page.wait_for_selector(".con-studio[data-checked]", timeout=600_000)
        before = int(page.locator(".con-studio").get_attribute("data-checked"))
        began = time.perf_counter()
        page.evaluate("""(text) => { const box = document.querySelector('.con-studio-text');
            box.value = text; box.dispatchEvent(new Event('input')); }""", card())
        page.wait_for_function("(n) => Number(document.querySelector('.con-studio')"
                               ".dataset.checked) > n", arg=before, timeout=600_000)
        seconds = time.perf_counter() - began
        browser.close()
    return seconds


if __name__ == "__main__":
    print(f"validate, 16,000 characters of '[a' in a story: {validate_seconds():.2f} s "
          "(median of 5)")
    for version in ("3.11.3", "3.11.4"):
        print(f"Markdown {version} renders that story in {markdown_seconds(version):.2f} s")
    if len(sys.argv) > 1:
        print(f"card studio at 4x CPU, from the paste to its answer: "
              f"{studio_seconds(Path(sys.argv[1])):.2f} s (includes the 0.3 s typing pause)")
