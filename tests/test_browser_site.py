"""The course site in real headless Chromium: readable without JavaScript, and
nothing is fetched from outside the site."""

from __future__ import annotations

from urllib.parse import urlparse


def test_card_page_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}quiz/kohei-serendipity/")
        assert page.get_by_text("Kohei helps overseas companies").is_visible()
        group = page.get_by_role("group", name="What do you do?")
        assert group.is_visible()
        radios = group.get_by_role("radio")
        assert radios.count() == 4
        page.get_by_label("Accept and start a conversation").check()
        assert page.get_by_label("Accept and start a conversation").is_checked()
        assert page.get_by_role("button", name="Check my answer").is_visible()
        # Without the engine the answer is still one click away.
        page.get_by_text("Show the answer").click()
        assert page.get_by_text("When chance makes someone useful right now").is_visible()
    finally:
        context.close()


def test_pages_request_nothing_outside_the_site(context, site_url):
    page = context.new_page()
    for path in ("", "receiving/", "sources/", "trainers/", "quiz/", "quiz/claire-pitch/"):
        page.goto(f"{site_url}{path}")
        page.wait_for_load_state("networkidle")
    origin = urlparse(site_url).netloc
    outside = [u for u in context.requests if not u.startswith("data:")
               and urlparse(u.removeprefix("blob:")).netloc != origin]
    assert outside == []
    assert len(context.requests) > 10
