"""The first card on a slow link, in real Chromium with its network emulation:
feedback at once from the answer key, upgraded to Python when it arrives; a slow
start is not a failure, a stalled one is; the download's progress is shown."""

from __future__ import annotations

import re
import time

from .conftest import ROOT
from .support.web import Handler, serve, throttled_page
from .test_browser_quiz import axe_violations

# A slow classroom link, per learner: Mbit/s down and up, latency in ms.
SLOW = (1.2, 0.6, 80)
# How long the engine waits for a byte before it calls the start stalled.
STALL_MS = int(re.search(r"STALL_MS = (\d+)", (ROOT / "quiz" / "src" / "engine.js")
                         .read_text(encoding="utf-8")).group(1))


def test_check_before_the_grader_is_ready_answers_from_the_key_then_python(browser,
                                                                            site_url):
    context = browser.new_context(service_workers="block")
    try:
        page = throttled_page(context, (8, 4, 40))
        page.goto(f"{site_url}quiz/claire-pitch/", wait_until="load")
        card = page.locator(".con-card")
        assert card.get_attribute("data-engine") == "starting"
        page.get_by_label("Accept and start a conversation", exact=True).check()
        page.get_by_role("button", name="Check my answer").click()
        page.wait_for_selector(".con-card[data-graded-by]")
        assert card.get_attribute("data-graded-by") == "key"
        assert card.get_attribute("data-engine") == "starting"
        assert page.locator(".con-feedback").get_attribute("data-result") == "best"
        page.evaluate("() => { window.heading = document.querySelector('.con-result'); }")
        said = page.locator(".con-announce").inner_text()  # nothing: the focus says it
        # Python arrives and takes over, quietly: same feedback, same focus, nothing
        # said again.
        page.wait_for_selector(".con-card[data-graded-by=pyodide]", timeout=120_000)
        assert page.evaluate("() => document.querySelector('.con-result') === window.heading")
        # Focus went with the verdict on Check (issue 41), and stays there.
        assert page.evaluate("() => document.activeElement === window.heading")
        assert page.locator(".con-announce").inner_text() == said
        assert "Checked in your browser by the course's own rules" in (
            page.locator(".con-graded-note").inner_text())
        # And the what-if questions now go to Python: a change it never precomputed.
        whatif = page.locator(".con-whatif")
        assert whatif.get_attribute("data-by") == "pyodide"
    finally:
        context.close()


def test_a_slow_start_that_keeps_receiving_bytes_is_not_a_failure(browser, site_url):
    """At 1.2 Mbit/s the lean runtime takes longer than the stall limit (20 s) to
    arrive; bytes keep coming, so the grader is never declared failed."""
    context = browser.new_context(service_workers="block")
    try:
        page = throttled_page(context, SLOW)
        page.goto(f"{site_url}quiz/kohei-serendipity/", wait_until="load")
        progress = page.locator("progress.con-download")
        # Nothing is said while the answer key grades (issue 41): no "final", no
        # "waking up", no progress bar.
        assert page.locator(".con-engine").inner_text() == ""
        assert not progress.is_visible()
        page.get_by_label("Accept", exact=True).check()
        page.get_by_role("button", name="Check my answer").click()
        page.wait_for_selector(".con-card[data-graded-by=key]")
        note = page.locator(".con-graded-note").inner_text()
        assert note.startswith("Checked against the course's own answers.")
        assert "final" not in note
        # A combined what-if before Python is ready: one short line, and the progress.
        selects = page.locator(".con-whatif select")
        for i in range(2):
            selects.nth(i).select_option(index=1)
        said = page.locator(".con-whatif-result")
        assert said.inner_text().startswith("Combined changes are answered in a moment")
        assert not re.search(r"\bMB\b|grader|answer key|Python", said.inner_text())
        assert progress.is_visible()
        assert progress.get_attribute("aria-label") == "“What if…” getting ready"
        page.wait_for_function(
            "() => document.querySelector('progress.con-download').value > 0")
        assert re.fullmatch(r"\d{1,3}% ready", progress.get_attribute("aria-valuetext"))
        assert axe_violations(page) == []  # the card while it downloads
        page.wait_for_selector(".con-card[data-engine=ready], .con-card[data-engine=failed]",
                               timeout=240_000)
        assert page.locator(".con-card").get_attribute("data-engine") == "ready"
        assert not progress.is_visible()
    finally:
        context.close()


class _StallingHost(Handler):
    """Sends the start of the interpreter, then nothing more (a dead link)."""

    def copyfile(self, source, outputfile):
        if not self.path.endswith(".wasm.gz"):
            super().copyfile(source, outputfile)
            return
        outputfile.write(source.read(200_000))
        outputfile.flush()
        time.sleep(60)


def test_a_stalled_start_fails_in_learner_words_and_the_key_grades(browser, built_site):
    context = browser.new_context(service_workers="block")
    try:
        with serve(built_site, _StallingHost) as url:
            page = context.new_page()
            page.clock.install()  # the stall limit passes on the page's clock, not ours
            page.goto(f"{url}quiz/claire-pitch/")  # the start is under way once loaded
            page.clock.run_for(STALL_MS + 1000)
            page.wait_for_selector(".con-card[data-engine=failed]")
            status = page.locator(".con-engine").inner_text()
            assert "The connection stopped while the grader was downloading." in status
            page.get_by_label("Accept and start a conversation", exact=True).check()
            page.get_by_role("button", name="Check my answer").click()
            page.wait_for_selector(".con-card[data-graded-by=key]")
    finally:
        context.close()


class BurstHost(Handler):
    """A busy class link as a browser sees it: the interpreter's first bytes come
    late (2 s after its request), then all at once from buffers."""

    def copyfile(self, source, outputfile):
        if self.path.endswith("pyodide.asm.wasm.gz"):
            outputfile.flush()
            time.sleep(2)
        super().copyfile(source, outputfile)


def test_the_link_is_timed_from_the_request_so_a_burst_takes_the_lean_way(browser, built_site):
    """512 KB that took 2 s from the request to arrive is a 2 Mbit/s link, however
    fast its bytes then came: the fast way (5 MB more) is not taken on it."""
    context = browser.new_context(service_workers="block")
    try:
        with serve(built_site, BurstHost) as url:
            page = context.new_page()
            with page.expect_request(lambda r: re.search(
                    r"/(grader\.snapshot|python_stdlib-lean\.zip)", r.url),
                    timeout=60_000) as request:
                page.goto(f"{url}quiz/claire-pitch/", wait_until="commit")
            assert "lean" in request.value.url
    finally:
        context.close()
