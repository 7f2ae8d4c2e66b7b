"""The model's contract: verdict shape, credit, flips, policies, unknown facts, grading."""

from __future__ import annotations

import json

import pytest

from connect_or_not import ModelError, evaluate, grade
from connect_or_not.cli import feedback_text
from connect_or_not.model import SCALE, credit_for
from connect_or_not.rules import RULE_BY_ID
from connect_or_not.vocabulary import DECISIONS, POLICY_IDS, SOURCE_BY_ID, decisions_for

from .support.facts import (
    NO_BASIS,
    PLAIN_CONNECTION,
    PLAIN_STRANGER,
    PLAIN_TARGET,
    card,
    stranger,
)
from .support.project import ROOT, shipped_cards

CARDS = shipped_cards()


def _card(kind, **facts):
    return {"id": "t", "kind": kind, "facts": facts}


@pytest.mark.parametrize("policy", POLICY_IDS)
@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_verdict_contract(card, policy):
    verdict = evaluate(card, policy)
    data = verdict.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["best"]
    assert list(data["credit"]) == list(decisions_for(card.kind))
    assert all(0.0 <= c <= 1.0 for c in data["credit"].values())
    assert {d for d, c in data["credit"].items() if c == 1.0} == set(data["best"])
    assert data["reasons"]
    assert all(r["source"] in SOURCE_BY_ID for r in data["reasons"])


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_flips_really_flip(card):
    verdict = evaluate(card)
    for flip in verdict.flips:
        changed = {**card.facts, flip.fact: flip.to}
        again = evaluate({"kind": card.kind, "facts": changed})
        assert set(again.best) == set(flip.best) != set(verdict.best)


def test_kohei_flips_include_the_timing():
    # Without the trip, Biehn's red flags (far away, nothing in common, the stock text)
    # speak for declining.
    kohei = next(c for c in CARDS if c.id == "kohei-serendipity")
    flips = {(f.fact, f.to): f.best for f in evaluate(kohei).flips}
    assert "decline" in flips[("timely_opportunity", False)]


def test_every_decision_stands_on_its_kinds_scale():
    for decision in DECISIONS:
        assert decision.id in SCALE[decision.kind]
    for kind, scale in SCALE.items():
        assert sorted(scale) == sorted(decisions_for(kind))


@pytest.mark.parametrize("kind", SCALE)
def test_credit_principle(kind):
    """A careful near miss earns more than a bold one, and refusing where the best is
    to go ahead earns nothing (see the trainer's guide, Scoring)."""
    scale = SCALE[kind]
    for i, best in enumerate(scale[1:-1], start=1):
        careful, bold = scale[i - 1], scale[i + 1]
        if best not in ("ask_first", "warm_up_first", "keep"):
            assert credit_for(kind, (best,), careful) > credit_for(kind, (best,), bold)
    for d in scale[2:]:
        assert credit_for(kind, (scale[0],), d) == 0.0
        assert credit_for(kind, (d,), scale[0]) == 0.0


def test_named_cards():
    best = {c.id: evaluate(c).best for c in CARDS}
    assert best["claire-pitch"] == ("accept_and_message",)
    assert best["late-cfo"] == ("send_personal",)
    assert best["kohei-serendipity"] == ("accept_and_message",)


def _cited(card, policy="balanced"):
    return [r.rule for r in evaluate(card, policy).reasons]


def test_unknown_is_not_false():
    # Two known red flags and an unknown photo: not three flags, and not none either.
    facts = stranger(**{**NO_BASIS, "note": "none", "worth_a_coffee": True,
                        "shared_ground": True}, far_away=True, photo="unknown")
    two = evaluate(card("incoming", **facts))
    flags = next(r for r in two.reasons if r.rule == "three_red_flags")
    assert flags.unknown == ("photo",)
    assert "decline" in two.best
    assert "accept_and_message" in two.best
    three = evaluate(card("incoming", **{**facts, "photo": False}))
    flags = next(r for r in three.reasons if r.rule == "three_red_flags")
    assert flags.unknown == ()


def test_few_mutuals_is_a_flag_only_for_the_well_connected():
    # Cathy: if you are well connected you should share more than five; fewer may be a
    # red flag. Five is not more than five.
    base = stranger(**{**NO_BASIS, "note": "none", "shared_ground": True,
                       "worth_a_coffee": True}, photo=False)
    parts = {n: [r.rule for r in evaluate(card("incoming", **{**base, "mutual_connections": n,
                                                          "you_well_connected": True})).reasons]
             for n in (1, 5, 6)}
    assert "few_mutuals" in parts[1]
    assert "few_mutuals" in parts[5]
    assert "few_mutuals" not in parts[6]
    relaxed = evaluate(card("incoming", **{**base, "mutual_connections": 1}))
    assert "few_mutuals" not in [r.rule for r in relaxed.reasons]


def test_policies_disagree_where_the_posts_do():
    flagged_note = card("incoming", **stranger(
        note="personal", reason_makes_sense=True, far_away=True, photo=False,
        you_well_connected=True, mutual_connections=1, shared_ground=False,
        can_work_together=False, worth_a_coffee=False))
    answers = {p: evaluate(flagged_note, p).best for p in POLICY_IDS}
    # Balanced: Biehn's three flags and Cathy's coffee test say no, the B2B post adds a
    # genuine profile that knows someone you know: its own posts split.
    assert answers == {"balanced": ("accept", "decline"), "selective": ("accept_and_message",),
                       "open": ("accept",)}
    kohei = card("incoming", **stranger(**{**NO_BASIS, "worth_a_coffee": True},
                                        timely_opportunity=True))
    assert evaluate(kohei, "selective").best == ("ask_first",)
    assert evaluate(kohei, "open").best == ("accept_and_message",)


@pytest.mark.parametrize("policy", POLICY_IDS)
def test_every_policy_refuses_fakes_and_unneeded_pitches(policy):
    # The B2B post adds people who look legitimate; Biehn hits the X on a pitch you do
    # not need; the open policy borrows both for what Stenberg leaves unsaid.
    fake = stranger(**NO_BASIS, legitimate=False, open_networker=True)
    assert evaluate(card("incoming", **fake), policy).best == ("decline",)
    pitch = stranger(**{**NO_BASIS, "note": "personal"}, pitch="unneeded")
    assert evaluate(card("incoming", **pitch), policy).best == ("decline",)


@pytest.mark.parametrize("policy", POLICY_IDS)
def test_no_policy_keeps_contacts_who_never_answer(policy):
    # A reader of Cathy's post removes people silent for a week, and Cathy does too. No
    # post says open networkers keep them (Stenberg's post stops at the invitation).
    quiet = card("connected", **{**PLAIN_CONNECTION, "days_without_reply": 10})
    assert evaluate(quiet, policy).best == ("disconnect",)
    assert "open_networkers_keep" not in RULE_BY_ID


def test_partial_credit_follows_the_table():
    trip = {**NO_BASIS, "worth_a_coffee": True}
    verdict = evaluate(card("incoming", **stranger(**trip, timely_opportunity=True)))
    assert verdict.best == ("accept_and_message",)
    assert verdict.credit == {"accept": 0.5, "accept_and_message": 1.0, "ask_first": 0.25,
                              "decline": 0.0}


NEEDED_PITCH = card("incoming", **stranger(**{**NO_BASIS, "can_work_together": True,
                                             "note": "personal", "worth_a_coffee": True},
                                          pitch="needed"))


def test_grade_results():
    best = grade(NEEDED_PITCH, "accept_and_message")
    assert (best.result, best.credit) == ("best", 1.0)
    partial = grade(NEEDED_PITCH, "accept")
    assert (partial.result, partial.credit) == ("partial", 0.5)
    wrong = grade(NEEDED_PITCH, "decline")
    assert (wrong.result, wrong.credit) == ("wrong", 0.0)


def test_feedback_text_comes_from_the_catalog():
    assert feedback_text(grade(NEEDED_PITCH, "accept_and_message")).startswith(
        "Best answer: 1 point out of 1.\n")
    assert "Sander Biehn" in feedback_text(grade(NEEDED_PITCH, "accept_and_message"))
    partial = feedback_text(grade(NEEDED_PITCH, "accept"))
    assert partial.startswith("Partly right: 0.5 points out of 1.\n")
    assert "“Accept and start a conversation”" in partial
    assert feedback_text(grade(NEEDED_PITCH, "decline")).startswith(
        "Not this time: 0 points out of 1.\n")


def test_grade_rejects_a_decision_of_another_kind():
    with pytest.raises(ModelError, match="not a decision of a incoming card"):
        grade(_card("incoming"), "send_personal")


@pytest.mark.parametrize(("kind", "policy"), [("sideways", "balanced"), ("incoming", "lax")])
def test_unknown_kind_or_policy(kind, policy):
    with pytest.raises(ModelError, match="unknown"):
        evaluate(_card(kind), policy)


# The "point by point" table on the policies page, row by row, as facts. Each cell
# names the answers that must all be best ("open: a or b" names both).
SEEN = {**PLAIN_STRANGER, "note": "generic", "shared_ground": True, "can_work_together": False,
        "mutual_connections": 0, "worth_a_coffee": True}
TARGET = {**PLAIN_TARGET, "warmed_up": False}
POLICY_TABLE = {
    "Stranger with a fake-looking profile": (
        "incoming", {**SEEN, "legitimate": False, "worth_a_coffee": False},
        ("decline", "decline", "decline")),
    "Stranger pitching something you don't need": (
        "incoming", {**SEEN, "pitch": "unneeded", "worth_a_coffee": False},
        ("decline", "decline", "decline")),
    "Someone you know": ("incoming", {"met_in_person": True}, ("accept", "accept", "accept")),
    "Someone you know, pitching what you don't need": (
        "incoming", {**SEEN, "prior_contact": "worked_together", "pitch": "unneeded"},
        ("accept", "accept", "accept")),
    "Pitch you need (Claire)": (
        "incoming", {**SEEN, "pitch": "needed", "note": "personal", "reason_makes_sense": True,
                     "shared_ground": False, "can_work_together": True},
        ("accept_and_message", "accept_and_message", "accept_and_message")),
    "Timely chance to meet (Kohei)": (
        "incoming", {**SEEN, "timely_opportunity": True, "shared_ground": False,
                     "can_work_together": True},
        ("accept_and_message", "ask_first", "accept_and_message")),
    "Three red flags": (
        "incoming", {**SEEN, "far_away": True, "photo": False, "note": "none",
                     "shared_ground": False, "worth_a_coffee": False},
        ("decline", "decline", "accept")),
    "Sensible note despite three red flags": (
        "incoming", {**SEEN, "note": "personal", "reason_makes_sense": True, "far_away": True,
                     "photo": False, "you_well_connected": True, "mutual_connections": 1,
                     "shared_ground": False, "worth_a_coffee": False},
        ("accept decline", "accept_and_message", "accept")),
    "Stranger, nothing in their favour": (
        "incoming", {**SEEN, "shared_ground": False, "worth_a_coffee": False},
        ("decline", "decline", "accept")),
    "Stranger in an unrelated field": (
        "incoming", {**SEEN, "shared_ground": False, "worth_a_coffee": False},
        ("decline", "decline", "accept")),
    "One criterion only, e.g. a possible client": (
        "incoming", {**PLAIN_STRANGER, "note": "none", "can_work_together": True},
        ("accept", "ask_first", "accept")),
    "A peer in your field and area you would not meet for coffee": (
        "incoming", {**SEEN, "same_area": True, "mutual_connections": 8,
                     "trusted_mutuals": True, "worth_a_coffee": False},
        ("accept decline", "ask_first", "accept")),
    "Inviting an open networker": (
        "outgoing", {**TARGET, "target_style": "open"},
        ("send_personal", "send_personal", "send_personal")),
    "Inviting a stranger whose camp you can't tell": (
        "outgoing", {**TARGET, "target_style": "unknown", "open_networker": False},
        ("send_personal", "warm_up_first", "warm_up_first")),
    "Inviting a stranger you have not warmed up": (
        "outgoing", {**TARGET, "target_style": "selective"},
        ("send_personal", "warm_up_first", "warm_up_first")),
    "Inviting someone you have met, to sell": (
        "outgoing", {"selling": True, "met_in_person": True, "target_style": "selective"},
        ("send_personal", "send_personal", "send_personal")),
    "Cold sales invitation to a stranger": (
        "outgoing", {**TARGET, "selling": True, "target_style": "selective"},
        ("warm_up_first", "warm_up_first dont_send", "warm_up_first")),
    "A pitch you need, right after connecting": (
        "connected", {**PLAIN_CONNECTION, "pitched_after_connecting": True, "pitch": "needed"},
        ("continue disconnect", "continue", "continue")),
    "New contact sends worthless messages": (
        "connected", {**PLAIN_CONNECTION, "low_value_messages": True},
        ("disconnect", "disconnect", "disconnect")),
    "No reply after a week": (
        "connected", {**PLAIN_CONNECTION, "days_without_reply": 8},
        ("disconnect", "disconnect", "disconnect")),
    "No reply after three days": (
        "connected", {**PLAIN_CONNECTION, "days_without_reply": 3},
        ("continue", "continue", "continue")),
    "A connection with a fake-looking profile": (
        "connected", {**PLAIN_CONNECTION, "legitimate": False},
        ("disconnect", "disconnect", "disconnect")),
}


@pytest.mark.parametrize("row", POLICY_TABLE)
def test_policy_table_matches_the_model(row):
    kind, facts, answers = POLICY_TABLE[row]
    for policy, answer in zip(POLICY_IDS, answers, strict=True):
        best = evaluate({"kind": kind, "facts": facts}, policy).best
        assert set(answer.split()) == set(best), (policy, best)


def test_policy_table_rows_are_the_pages():
    page = (ROOT / "docs" / "policies.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip() for line in page.splitlines()
            if line.startswith("| ") and not line.startswith(("| situation", "|---"))]
    assert rows == list(POLICY_TABLE)


def test_a_flip_starts_from_what_another_fact_implies():
    # Kohei's trip makes meeting useful now, which answers Cathy's coffee question: the
    # what-if starts from "yes", and the fact is not reported as left out.
    kohei = next(c for c in CARDS if c.id == "kohei-serendipity")
    verdict = evaluate(kohei)
    assert "worth_a_coffee" not in kohei.facts
    coffee = [f for f in verdict.flips if f.fact == "worth_a_coffee"]
    assert [(f.was, f.to) for f in coffee] == [(True, False)]
    assert "worth_a_coffee" not in verdict.unknown


def test_facts_are_listed_as_the_browser_lists_them():
    # tests/js/catalog.test.js expects the same strings of Messages.every.
    from connect_or_not.catalog import ENGLISH  # noqa: PLC0415

    assert ENGLISH.every(["A"]) == "“A”"
    assert ENGLISH.every(["A", "B"]) == "“A” and “B”"
    assert ENGLISH.every(["A", "B", "C"]) == "“A”, “B” and “C”"
    # ...and Messages.either's, in tests/js/catalog.test.js.
    assert ENGLISH.either(["Accept", "Decline"]) == "“Accept” or “Decline”"


# The home page's short version, row by row, as the plain story each row tells: its
# answer is the default (balanced) policy's, and a row that names another policy's
# habit says so in words the model holds too.
HOME_TABLE = {
    "You have met, even for five minutes": (
        [("incoming", {"met_in_person": True}, {"accept"}),
         ("outgoing", {"met_in_person": True}, {"send_personal"})]),
    "A stranger's note says why, and it makes sense": (
        [("incoming", {"note": "personal", "reason_makes_sense": True}, {"accept"}),
         ("incoming", {"note": "personal", "reason_makes_sense": True, "policy": "selective"},
          {"accept_and_message"})]),
    "A stranger pitches something you **need**": (
        [("incoming", {"pitch": "needed"}, {"accept_and_message"})]),
    "A stranger pitches something you don't need": (
        [("incoming", {"pitch": "unneeded"}, {"decline"})]),
    "Chance makes them useful now (a trip, an event)": (
        [("incoming", {"timely_opportunity": True}, {"accept_and_message"})]),
    "Three red flags (far away, nothing in common, no photo, no note, few shared contacts)": (
        [("incoming", {"far_away": True, "shared_ground": False, "photo": False},
          {"decline"})]),
    "You would not give them a coffee or a call": (
        [("incoming", {"worth_a_coffee": False}, {"decline"})]),
    "You want to invite a stranger": (
        [("outgoing", {}, {"send_personal"}),
         ("outgoing", {"policy": "open"}, {"warm_up_first"}),
         ("outgoing", {"policy": "open", "open_networker": True}, {"send_personal"})]),
    "A new contact pitches at once, or never answers": (
        [("connected", {"pitched_after_connecting": True}, {"disconnect"}),
         ("connected", {"days_without_reply": 14}, {"disconnect"})]),
}


@pytest.mark.parametrize("row", HOME_TABLE)
def test_the_home_pages_short_version_matches_the_model(row):
    for kind, facts, answer in HOME_TABLE[row]:
        story = {k: v for k, v in facts.items() if k != "policy"}
        policy = facts.get("policy", "balanced")
        assert set(evaluate({"kind": kind, "facts": story}, policy).best) == answer, facts


def test_the_home_pages_short_version_rows_are_the_pages():
    page = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    table = page.split("| the situation | what to do |")[1].split("\n\n")[0]
    rows = [line.split("|")[1].strip() for line in table.splitlines()
            if line.startswith("| ") and not line.startswith("|---")]
    assert rows == list(HOME_TABLE)
