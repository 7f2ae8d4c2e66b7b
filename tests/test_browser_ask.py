"""Issue 28, part 2: "Ask about your invitation" (quiz/ask/).

A reader describes an invitation, every fact optional, and the course's Python
grader in the browser gives each policy's advice. The advice must be the model's
(`connect-or-not explain` on a card with those facts), keyboard-only use must work,
the page must never send what the reader typed, and a link must bring the same
invitation back (for the projector), whatever a hostile link holds.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from connect_or_not import evaluate
from connect_or_not.vocabulary import FACT_BY_NAME, POLICY_IDS

from .support.project import shipped_cards
from .test_browser_quiz import ENGINE_TIMEOUT, axe_violations

CARDS = {c.id: c for c in shipped_cards()}
# Cards of each kind, with a split, facts left unsaid and several what-ifs between them.
SAMPLE = ["claire-pitch", "kohei-serendipity", "few-mutuals", "late-cfo", "lion-invite",
          "careful-ceo", "instant-pitch", "silent-week", "fresh-connection"]


def _address(card):
    facts = {name: ("true" if value else "false") if isinstance(value, bool) else str(value)
             for name, value in card.facts.items()}
    return urlencode({"kind": card.kind, **facts})


def _advice(page):
    """Per policy shown: its best answers and the rules its reasons cite, in order."""
    page.locator(".con-ask-policy").first.wait_for(timeout=ENGINE_TIMEOUT)
    def data(section, items, name):
        return section.locator(items).evaluate_all(f"items => items.map(i => i.dataset.{name})")

    return {section.get_attribute("data-policy"): (
        section.get_attribute("data-best").split(),
        data(section, ".con-reasons li", "rule"), data(section, ".con-ask-flips li", "fact"))
        for section in page.locator(".con-ask-policy").all()}


@pytest.mark.parametrize("card_id", SAMPLE)
def test_the_advice_is_the_models_under_each_policy(context, site_url, card_id):
    """The page's advice for a card's facts (through the address, as a shared link
    gives them) equals the model's verdict on that card, policy by policy."""
    card = CARDS[card_id]
    page = context.new_page()
    page.goto(f"{site_url}quiz/ask/#{_address(card)}")
    shown = _advice(page)
    assert list(shown) == list(POLICY_IDS)
    for policy in POLICY_IDS:
        verdict = evaluate(card, policy)
        best, rules, flips = shown[policy]
        assert best == list(verdict.best), policy
        assert rules == [r.rule for r in verdict.reasons], policy
        # Every change is there; the facts the reader did not settle lead, two at most.
        assert sorted(flips) == sorted(f.fact for f in verdict.flips), policy
        unsettled = sorted(verdict.flips, key=lambda f: f.was is not None)
        leading = list(dict.fromkeys(f.fact for f in unsettled))[:2]
        assert flips[:len(leading)] == leading, policy
    # The form says what the link said, fact by fact.
    for name, value in card.facts.items():
        control = page.locator(f".con-ask-facts[data-kind={card.kind}] [name={name}]")
        expected = ("true" if value else "false") if isinstance(value, bool) else str(value)
        assert control.input_value() == expected, name


def test_a_reader_asks_by_keyboard_alone_and_nothing_leaves_the_page(context, site_url):
    """Tab, arrows and Enter only, at a phone's width; the form is usable while the
    grader starts; no request carries what was typed; the link brings it back."""
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site_url}quiz/ask/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Ask about your invitation"
    assert "Nothing you enter leaves this page" in page.locator(".con-ask-private").inner_text()
    # The kind: "Invitations you send", by arrow key from the first radio.
    page.get_by_label("Invitations you receive").focus()
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Invitations you send").is_checked()
    assert page.locator(".con-ask-facts[data-kind=incoming]").is_hidden()
    # Two facts, by keyboard: a select, then a count typed in.
    select = page.get_by_label("You have met in person").and_(page.locator("select:visible"))
    select.focus()
    select.press("ArrowDown")  # "Yes"
    assert select.input_value() == "true"
    page.get_by_label("You want to sell to them").and_(page.locator("select:visible")).focus()
    page.keyboard.press("ArrowDown")
    page.get_by_label("Connections in common").and_(page.locator("input:visible")).focus()
    page.keyboard.type("12")
    page.keyboard.press("Enter")  # submits the form, as in any form
    shown = _advice(page)
    card = {"kind": "outgoing",
            "facts": {"met_in_person": True, "selling": True, "mutual_connections": 12}}
    for policy in POLICY_IDS:
        assert shown[policy][0] == list(evaluate(card, policy).best), policy
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "What the posts advise"  # the reader is taken to the advice
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    # Nothing typed went anywhere: every request is for the site's own files.
    assert not [u for u in context.requests if not u.removeprefix("blob:").startswith(site_url)]
    assert not [u for u in context.requests if "met_in_person" in u or "selling=" in u]
    # The address holds the invitation: a new page at that link shows the same.
    link = page.url
    assert "#kind=outgoing" in link
    again = context.new_page()
    again.goto(link)
    assert _advice(again) == shown


def test_a_hostile_link_is_read_for_what_the_form_offers(context, site_url):
    """Unknown facts, values no fact takes, markup and absurd counts are left as not
    said, and said; nothing of them reaches the page as HTML."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(f"dialog {dialog.message}"))
    hostile = urlencode({"kind": "incoming", "note": "<img src=x onerror=alert(1)>",
                         "photo": "maybe", "mutual_connections": "1e9", "evil": "<script>",
                         "legitimate": "true"})
    page.goto(f"{site_url}quiz/ask/#{hostile}")
    shown = _advice(page)
    status = page.locator(".con-ask-status").inner_text()
    assert "were not understood and are taken as the usual case" in status
    expected = evaluate({"kind": "incoming", "facts": {"legitimate": True}}, "balanced")
    assert shown["balanced"][0] == list(expected.best)
    assert page.locator(".con-ask img, .con-ask script").count() == 0
    assert errors == []
    # And an unknown kind is no kind: the form stays as it was, with nothing asked.
    page.goto(f"{site_url}quiz/ask/#kind=<b>x</b>")
    page.reload()
    assert page.locator(".con-ask-policy").count() == 0
    assert errors == []


def test_the_ask_page_works_offline_after_one_visit(context, site_url):
    page = context.new_page()
    page.goto(f"{site_url}quiz/ask/#{_address(CARDS['claire-pitch'])}")
    _advice(page)
    page.wait_for_selector("html[data-offline-ready]", timeout=60_000)
    context.set_offline(True)
    try:
        page.goto(f"{site_url}quiz/ask/#{_address(CARDS['late-cfo'])}")
        page.reload()
        shown = _advice(page)
        assert shown["balanced"][0] == list(evaluate(CARDS["late-cfo"], "balanced").best)
    finally:
        context.set_offline(False)


def test_a_learners_card_page_loads_no_ask_code(context, site_url):
    """The page's own requests (the offline copy, filled in the background by the
    service worker once the grader is ready, may fetch it, as any of the site's files)."""
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{site_url}quiz/late-cfo/")
    page.wait_for_selector(".con-card[data-engine=ready]", timeout=ENGINE_TIMEOUT)
    assert any("quiz.js" in u for u in asked)
    assert not [u for u in asked if "quiz-ask" in u]
    # The guide's pages lead readers to it.
    for path in ("", "receiving/", "sending/"):
        page.goto(f"{site_url}{path}")
        assert page.locator("a[href$='quiz/ask/']").count() >= 1, path


def test_every_fact_of_a_kind_is_offered_with_the_usual_case_first(context, site_url):
    """Left as it is, a fact is the usual case (its silence reading, named) or left
    aside; "I don't know" is an answer of its own, last."""
    page = context.new_page()
    page.goto(f"{site_url}quiz/ask/")
    for fact in FACT_BY_NAME.values():
        for kind in fact.kinds:
            control = page.locator(f".con-ask-facts[data-kind={kind}] [name={fact.name}]")
            assert control.count() == 1, (kind, fact.name)
            first = ("As usual" if fact.silence.reading == "ordinary" else "Leave it aside")
            if fact.type == "int":
                assert control.get_attribute("type") == "number"
                assert control.get_attribute("placeholder").startswith(first)
                continue
            options = control.locator("option").evaluate_all(
                "options => options.map(o => [o.value, o.textContent])")
            if fact.own_unknown:  # Stenberg's camp: not knowing is one of its values
                assert options[0][0] == "unknown", fact.name
                continue
            assert options[0][0] == "", fact.name
            assert options[0][1].startswith(first), (fact.name, options[0])
            assert options[-1] == ["unknown", "I don't know"], fact.name
    assert re.fullmatch(r"As usual \(Yes\)", page.locator(
        ".con-ask-facts[data-kind=incoming] [name=photo] option").first.inner_text())


def test_a_stock_invitation_gets_one_plain_advice_and_what_would_change_it(context,
                                                                          site_url):
    """Issue 40: a stranger's stock-text invitation, nothing else known. The page
    advises a person: the advice first, then the facts that would change it, no word of
    a quiz; "I don't know" opens a fact, and the advice names it."""
    page = context.new_page()
    page.goto(f"{site_url}quiz/ask/#kind=incoming&note=generic")
    shown = _advice(page)
    for policy in POLICY_IDS:
        verdict = evaluate({"kind": "incoming", "facts": {"note": "generic"}}, policy)
        assert shown[policy][0] == list(verdict.best)
        assert len(verdict.best) == 1
    balanced = page.locator(".con-ask-policy[data-policy=balanced]")
    assert balanced.locator(".con-ask-best").inner_text() == "Our advice: “Decline”."
    changes = balanced.locator(".con-ask-flips").first.locator("li").all_inner_texts()
    assert 1 <= len(changes) <= 2
    assert all(c.startswith("If ") for c in changes)
    text = page.locator(".con-ask-results").inner_text()
    assert not re.search(r"\b(card|credit|marks|points)\b", text, re.I)
    # "I don't know" whether the profile looks real: the advice names it.
    page.goto(f"{site_url}quiz/ask/#kind=incoming&note=generic&shared_ground=true"
              "&legitimate=unknown")
    page.reload()
    shown = _advice(page)
    verdict = evaluate({"kind": "incoming", "facts": {"note": "generic", "shared_ground": True,
                                                      "legitimate": "unknown"}}, "balanced")
    assert set(verdict.best) == {"accept", "decline"}
    assert shown["balanced"][0] == list(verdict.best)
    assert "The profile looks real" in balanced.locator(".con-unknown").inner_text()


def test_the_advice_survives_its_own_link_and_a_new_address(context, site_url):
    """Issue 42, A1: the page's own "link to this invitation", or a changed "#...",
    made Material's instant navigation swap the page in again without its config, and
    the page went blank (TypeError reading 'balanced')."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}quiz/ask/#kind=incoming&note=generic")
    _advice(page)
    page.locator(".con-ask-link").click()
    page.wait_for_timeout(500)
    assert page.locator(".con-ask-policy").count() == len(POLICY_IDS)
    assert page.url.endswith("#kind=incoming&note=generic")
    # A new address, as a reader edits it or follows another shared link.
    page.evaluate("location.hash = '#kind=incoming&pitch=unneeded'")
    page.locator(".con-ask-policy[data-best=decline]").first.wait_for(timeout=ENGINE_TIMEOUT)
    page.wait_for_function("() => document.querySelectorAll('.con-ask-policy').length === 3"
                           " && [...document.querySelectorAll('.con-ask-policy')]"
                           ".every(s => s.dataset.best === 'decline')", timeout=ENGINE_TIMEOUT)
    assert page.locator("select[name=pitch]:visible").input_value() == "unneeded"
    assert errors == []
