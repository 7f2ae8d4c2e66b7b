"""Each rule, with a hand-written case that makes it decide or support the verdict."""

from __future__ import annotations

import pytest

from connect_or_not import evaluate
from connect_or_not.rules import RULE_BY_ID, RULES_BY_KIND, all_rules
from connect_or_not.vocabulary import FACT_BY_NAME, SOURCE_BY_ID, decisions_for

# rule id -> (kind, policy, facts, the best answer the rule leads to)
EXAMPLES = {
    "fake_profile": ("incoming", "open", {"legitimate": False, "note": "personal"}, "decline"),
    "unneeded_pitch": ("incoming", "open", {"pitch": "unneeded"}, "decline"),
    "valuable_pitch": ("incoming", "balanced", {"pitch": "needed"}, "accept_and_message"),
    "people_you_know": ("incoming", "selective", {"met_in_person": True}, "accept"),
    "past_encounter": ("incoming", "selective", {"prior_contact": "email"}, "accept"),
    "serendipity": ("incoming", "balanced", {"timely_opportunity": True}, "accept_and_message"),
    "two_of_three_and_coffee": (
        "incoming", "balanced",
        {"note": "personal", "shared_ground": True, "worth_a_coffee": True},
        "accept_and_message"),
    "personal_note": (
        "incoming", "balanced",
        {"note": "personal", "can_work_together": True, "worth_a_coffee": True},
        "accept_and_message"),
    "three_red_flags": (
        "incoming", "balanced", {"far_away": True, "photo": False, "note": "none"}, "decline"),
    "far_away_flag": (
        "incoming", "selective", {"far_away": True, "photo": False, "note": "none"}, "decline"),
    "nothing_in_common_flag": (
        "incoming", "balanced", {"shared_ground": False, "photo": False, "note": "none"},
        "decline"),
    "no_photo_flag": (
        "incoming", "balanced", {"far_away": True, "photo": False, "shared_ground": False},
        "decline"),
    "no_note_flag": (
        "incoming", "balanced", {"far_away": True, "note": "none", "shared_ground": False},
        "decline"),
    "few_mutuals": (
        "incoming", "balanced",
        {"you_well_connected": True, "mutual_connections": 2, "photo": False, "note": "none"},
        "decline"),
    "coffee_test": ("incoming", "balanced", {"worth_a_coffee": False}, "decline"),
    "sensible_message": (
        "incoming", "selective", {"note": "personal", "reason_makes_sense": True},
        "accept_and_message"),
    "intriguing_stranger": ("incoming", "selective", {"can_work_together": True}, "ask_first"),
    "net_positive": (
        "incoming", "balanced",
        {"shared_ground": True, "same_area": True, "mutual_connections": 3}, "accept"),
    "related_and_legitimate": (
        "incoming", "balanced", {"mutual_connections": 2, "legitimate": True}, "accept"),
    "common_ground": ("incoming", "balanced", {"can_work_together": True}, "accept"),
    "trusted_mutuals": (
        "incoming", "balanced", {"trusted_mutuals": True, "mutual_connections": 9}, "accept"),
    "lion_accepts": ("incoming", "open", {"open_networker": True}, "accept"),
    "you_may_refuse": (
        "incoming", "balanced", {"shared_ground": False, "can_work_together": False},
        "decline"),
    "your_feed": ("incoming", "selective", {"shared_ground": False}, "decline"),
    "moderation": ("incoming", "balanced", {"note": "generic"}, "ask_first"),
    "otherwise_decline": ("incoming", "selective", {"note": "generic"}, "decline"),
    "open_by_default": ("incoming", "open", {"note": "generic"}, "accept"),
    "sellers_scare_clients": (
        "outgoing", "balanced",
        {"selling": True, "warmed_up": False, "target_style": "selective"}, "dont_send"),
    "no_cold_pitch": (
        "outgoing", "balanced", {"selling": True, "warmed_up": False, "met_in_person": False},
        "warm_up_first"),
    "not_really_a_stranger": ("outgoing", "balanced", {"met_in_person": True}, "send_personal"),
    "remind_how_you_met": ("outgoing", "open", {"met_in_person": True}, "send_personal"),
    "recall_past_encounter": (
        "outgoing", "selective", {"prior_contact": "group"}, "send_personal"),
    "lion_takes_any_invite": ("outgoing", "open", {"target_style": "open"}, "send_default"),
    "open_networker_target": (
        "outgoing", "selective", {"open_networker": True}, "send_personal"),
    "spam_risk": (
        "outgoing", "balanced", {"target_style": "selective", "warmed_up": False},
        "warm_up_first"),
    "warmed_up_invite": ("outgoing", "selective", {"warmed_up": True}, "send_personal"),
    "no_reasonable_basis": (
        "outgoing", "balanced", {"shared_ground": False, "can_work_together": False},
        "dont_send"),
    "out_of_the_blue": (
        "outgoing", "selective", {"warmed_up": False, "met_in_person": False},
        "warm_up_first"),
    "stranger_note": ("outgoing", "balanced", {"met_in_person": False}, "send_personal"),
    "context_value_expectations": (
        "outgoing", "open", {"met_in_person": False}, "send_personal"),
    "personalise_from_profile": ("outgoing", "balanced", {}, "send_personal"),
    "always_personalise": ("outgoing", "selective", {}, "send_personal"),
    "instant_pitch": ("connected", "open", {"pitched_after_connecting": True}, "disconnect"),
    "worthless_messages": ("connected", "balanced", {"low_value_messages": True}, "disconnect"),
    "silent_for_a_week": ("connected", "selective", {"days_without_reply": 7}, "disconnect"),
    "open_networkers_keep": ("connected", "open", {"days_without_reply": 30}, "keep"),
    "give_them_a_week": ("connected", "balanced", {"days_without_reply": 6}, "keep"),
    "start_the_conversation": ("connected", "balanced", {"days_without_reply": 0}, "continue"),
}


def test_every_rule_has_an_example():
    assert set(EXAMPLES) == set(RULE_BY_ID)


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_rule_decides_its_example(rule_id):
    kind, policy, facts, expected = EXAMPLES[rule_id]
    verdict = evaluate({"id": rule_id, "kind": kind, "facts": facts}, policy)
    assert expected in verdict.best
    assert rule_id in [r.rule for r in verdict.reasons]


CONDITIONAL = sorted(r for r in EXAMPLES if RULE_BY_ID[r].looks_at())


@pytest.mark.parametrize("rule_id", CONDITIONAL)
def test_rule_needs_the_facts_it_looks_at(rule_id):
    """Drop the facts the rule reads: it must no longer be cited (unknown is not false)."""
    kind, policy, facts, _ = EXAMPLES[rule_id]
    rule = RULE_BY_ID[rule_id]
    kept = {k: v for k, v in facts.items() if k not in rule.looks_at()}
    verdict = evaluate({"kind": kind, "facts": kept}, policy)
    assert rule_id not in [r.rule for r in verdict.reasons]


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_rule_is_well_formed(rule):
    assert rule.source in SOURCE_BY_ID
    assert set(rule.decides) <= set(decisions_for(rule.kind))
    assert rule.says.endswith(".")
    assert len(rule.says) < 200
    for fact in rule.looks_at():
        assert rule.kind in FACT_BY_NAME[fact].kinds
    page, _, anchor = rule.guide.partition("#")
    assert page.endswith(".md")
    assert anchor


@pytest.mark.parametrize("kind", RULES_BY_KIND)
def test_every_policy_has_a_last_word(kind):
    """Each kind's list ends, for every policy, with a rule that always fires."""
    for policy in ("balanced", "selective", "open"):
        verdict = evaluate({"kind": kind, "facts": {}}, policy)
        assert verdict.best
