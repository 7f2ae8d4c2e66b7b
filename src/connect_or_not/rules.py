"""The advice of the five posts, as named rules with a citation each.

Read this file to audit the model against the sources. Each kind has one ordered
list of rules; under a policy, the model keeps the rules that apply to that policy
and the first one whose condition is true decides the best answer. Later rules that
also fire and agree are cited as supporting reasons.

Some rules are *parts*: the red flags of Biehn's three-flags test and Cathy's three
criteria. A composite rule counts its parts, and when it decides, the parts that
were true are cited with it. A part may also stand in a kind's list on its own.

``guide`` names the course section that teaches the rule (a page and its anchor).
"""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import (
    Always,
    Condition,
    all_of,
    any_of,
    at_least,
    fewer_than,
    is_,
    n_of,
    no,
    yes,
)
from .vocabulary import POLICY_IDS

ALL = POLICY_IDS


@dataclass(frozen=True)
class Rule:
    """One piece of advice: when ``when`` holds, ``decides`` are the best answers."""

    id: str
    source: str
    kind: str
    when: Condition
    decides: tuple[str, ...]
    says: str
    guide: str
    policies: tuple[str, ...] = ALL
    parts: tuple[Rule, ...] = ()

    def looks_at(self) -> set[str]:
        return self.when.facts()


def _part(id: str, source: str, when: Condition, says: str, guide: str) -> Rule:
    """A rule that only counts inside a composite (it decides nothing alone)."""
    return Rule(id, source, "incoming", when, (), says, guide, policies=())


def _composite(id, source, kind, n, parts, decides, says, guide, policies=ALL, also=None):
    when = n_of(n, [p.when for p in parts])
    if also is not None:
        when = all_of(when, also)
    return Rule(id, source, kind, when, decides, says, guide, policies, tuple(parts))


RECEIVING = "receiving.md"
SENDING = "sending.md"
AFTER = "after.md"

# --- Parts: Biehn's red flags (with Cathy's two) and Cathy's three criteria -------

FAR_AWAY = _part(
    "far_away_flag", "biehn", yes("far_away"),
    "They live on the far side of the world: one red flag.", f"{RECEIVING}#red-flags")
NOTHING_IN_COMMON = _part(
    "nothing_in_common_flag", "biehn", no("shared_ground"),
    "Nothing in their work or interests matches yours: one red flag.",
    f"{RECEIVING}#red-flags")
NO_PHOTO = _part(
    "no_photo_flag", "biehn", no("photo"),
    "Their profile has no photo: one red flag.", f"{RECEIVING}#red-flags")
NO_NOTE = _part(
    "no_note_flag", "cathy", is_("note", "none"),
    "No message at all suggests they collect contacts rather than relationships.",
    f"{RECEIVING}#the-three-criteria")
FEW_MUTUALS = _part(
    "few_mutuals", "cathy", all_of(yes("you_well_connected"), fewer_than("mutual_connections", 5)),
    "You are well connected here, yet you share fewer than five contacts: a warning sign.",
    f"{RECEIVING}#the-three-criteria")

PERSONAL_NOTE = _part(
    "personal_note", "cathy", is_("note", "personal"),
    "They took the time to write to you and say why: the first criterion.",
    f"{RECEIVING}#the-three-criteria")
COMMON_GROUND = Rule(
    "common_ground", "cathy", "incoming",
    any_of(yes("shared_ground"), yes("can_work_together")), ("accept",),
    "Their profile shows common ground or a way to work together (client or referral): "
    "the second criterion.", f"{RECEIVING}#the-three-criteria", ("balanced",))
TRUSTED_MUTUALS = Rule(
    "trusted_mutuals", "cathy", "incoming",
    all_of(yes("trusted_mutuals"), at_least("mutual_connections", 1)), ("accept",),
    "You share contacts you trust: the third criterion.",
    f"{RECEIVING}#the-three-criteria", ("balanced",))

# --- incoming: someone invited you ------------------------------------------------

INCOMING: tuple[Rule, ...] = (
    Rule("fake_profile", "b2b", "incoming", no("legitimate"), ("decline",),
         "A profile that does not look real is no basis for a connection, whatever else "
         "it offers.", f"{RECEIVING}#red-flags"),
    Rule("unneeded_pitch", "biehn", "incoming", is_("pitch", "unneeded"), ("decline",),
         "An invitation that opens with a sales pitch for something you do not need "
         "promises more pitches: say no and move on.", f"{RECEIVING}#pitches"),
    Rule("valuable_pitch", "biehn", "incoming", is_("pitch", "needed"),
         ("accept_and_message",),
         "The Claire exception: a pitch for something you really want is value, so "
         "accept and take up the offer.", f"{RECEIVING}#pitches", ("balanced", "open")),
    Rule("people_you_know", "selective", "incoming",
         any_of(yes("met_in_person"), is_("prior_contact", "worked_together")), ("accept",),
         "You have met or worked together, so they are no stranger: accept.",
         f"{RECEIVING}#people-you-have-met"),
    Rule("past_encounter", "selective", "incoming",
         is_("prior_contact", "email", "social", "group"), ("accept",),
         "You have talked before, even briefly by e-mail or online; names change, so "
         "check before you dismiss them.", f"{RECEIVING}#people-you-have-met"),
    Rule("serendipity", "biehn", "incoming", yes("timely_opportunity"),
         ("accept_and_message",),
         "Chance has made them useful right now (a trip, an event): accept and set up "
         "the meeting.", f"{RECEIVING}#serendipity", ("balanced", "open")),
    _composite("two_of_three_and_coffee", "cathy", "incoming", 2,
               (PERSONAL_NOTE, COMMON_GROUND, TRUSTED_MUTUALS), ("accept_and_message",),
               "Two of the three criteria and a yes to the coffee test: thank them and "
               "propose a chat (a reader's habit Cathy endorses).",
               f"{RECEIVING}#the-coffee-test", ("balanced",), also=yes("worth_a_coffee")),
    _composite("three_red_flags", "biehn", "incoming", 3,
               (FAR_AWAY, NOTHING_IN_COMMON, NO_PHOTO, NO_NOTE, FEW_MUTUALS), ("decline",),
               "Any three red flags together are enough to say no.",
               f"{RECEIVING}#red-flags", ("balanced", "selective")),
    Rule("coffee_test", "cathy", "incoming", no("worth_a_coffee"), ("decline",),
         "If you would not spend a phone call or a coffee on them, there is little point "
         "in connecting.", f"{RECEIVING}#the-coffee-test", ("balanced",)),
    Rule("sensible_message", "selective", "incoming",
         all_of(is_("note", "personal"), yes("reason_makes_sense")), ("accept_and_message",),
         "Their message gives a reason that makes sense to you: accept and write back to "
         "start the conversation.", f"{RECEIVING}#the-three-criteria"),
    Rule("intriguing_stranger", "selective", "incoming",
         any_of(yes("shared_ground"), yes("can_work_together"), yes("timely_opportunity")),
         ("ask_first",),
         "Something about this stranger interests you, but you do not know what they "
         "want: ask them before you decide.", f"{RECEIVING}#asking-first", ("selective",)),
    Rule("net_positive", "biehn", "incoming",
         all_of(yes("shared_ground"), yes("same_area"), at_least("mutual_connections", 1)),
         ("accept",),
         "Same field, same area, and linked to people you know: probably no business "
         "now, but a useful contact someday.", f"{RECEIVING}#worth-connecting",
         ("balanced", "open")),
    Rule("related_and_legitimate", "b2b", "incoming",
         all_of(any_of(at_least("mutual_connections", 1), yes("shared_ground")),
                yes("legitimate")), ("accept",),
         "They know someone you know or work in a related field, and the profile looks "
         "genuine: worth adding.", f"{RECEIVING}#worth-connecting", ("balanced", "open")),
    COMMON_GROUND,
    TRUSTED_MUTUALS,
    Rule("lion_accepts", "stenberg", "incoming",
         any_of(yes("legitimate"), yes("open_networker")), ("accept",),
         "Open networkers connect widely because you never know who will help whom; a "
         "real profile is enough.", "policies.md#point-by-point", ("open",)),
    Rule("you_may_refuse", "b2b", "incoming",
         all_of(no("shared_ground"), no("can_work_together")), ("decline",),
         "Refusing is always allowed: nothing suggests this person would add to your "
         "network.", f"{RECEIVING}#worth-connecting", ("balanced", "selective")),
    Rule("your_feed", "b2b", "incoming", no("shared_ground"), ("decline",),
         "Your connections shape what your feed shows you and may see who else you know: "
         "choose them with care.", f"{RECEIVING}#worth-connecting",
         ("balanced", "selective")),
    Rule("moderation", "biehn", "incoming", Always(), ("ask_first",),
         "Neither everyone nor no one: when nothing settles it, find out more before you "
         "connect.", f"{RECEIVING}#asking-first", ("balanced",)),
    Rule("otherwise_decline", "selective", "incoming", Always(), ("decline",),
         "A stranger with no message, no shared past and nothing intriguing gets a polite "
         "no; your feed stays relevant.", f"{RECEIVING}#asking-first", ("selective",)),
    Rule("open_by_default", "stenberg", "incoming", Always(), ("accept",),
         "To an open networker, an unknown but genuine-looking person is simply a new "
         "contact.", "policies.md#point-by-point", ("open",)),
)

# --- outgoing: you consider inviting someone --------------------------------------

OUTGOING: tuple[Rule, ...] = (
    Rule("sellers_scare_clients", "selective", "outgoing",
         all_of(yes("selling"), no("warmed_up"), is_("target_style", "selective")),
         ("dont_send",),
         "Cold sales invitations to careful connectors drive the very clients you want "
         "away.", f"{SENDING}#never-lead-with-a-pitch"),
    Rule("no_cold_pitch", "b2b", "outgoing",
         all_of(yes("selling"), no("warmed_up"), no("met_in_person")), ("warm_up_first",),
         "Do not harass people with pitches; build the relationship first by sharing "
         "something of mutual interest.", f"{SENDING}#never-lead-with-a-pitch"),
    Rule("not_really_a_stranger", "biehn", "outgoing", yes("met_in_person"),
         ("send_personal",),
         "You have met, even briefly, so inviting them is fair, and with a decision-maker "
         "you have little to lose.", f"{SENDING}#remind-them-where-you-met"),
    Rule("remind_how_you_met", "stenberg", "outgoing", yes("met_in_person"),
         ("send_personal",),
         "Do not assume they remember you: say where you met.",
         f"{SENDING}#remind-them-where-you-met"),
    Rule("recall_past_encounter", "selective", "outgoing",
         is_("prior_contact", "email", "social", "group", "worked_together"),
         ("send_personal",),
         "People who can recall an earlier exchange, even one e-mail, are usually glad "
         "to accept: mention it.", f"{SENDING}#remind-them-where-you-met"),
    Rule("lion_takes_any_invite", "stenberg", "outgoing",
         any_of(is_("target_style", "open"), yes("open_networker")),
         ("send_personal", "send_default"),
         "Open networkers welcome invitations; under the open view even the stock text "
         "will do.", f"{SENDING}#open-networkers-and-selective-connectors", ("open",)),
    Rule("open_networker_target", "stenberg", "outgoing",
         any_of(is_("target_style", "open"), yes("open_networker")), ("send_personal",),
         "Open networkers welcome invitations; a short personal note still helps.",
         f"{SENDING}#open-networkers-and-selective-connectors", ("balanced", "selective")),
    Rule("spam_risk", "stenberg", "outgoing",
         all_of(is_("target_style", "selective"), no("warmed_up")), ("warm_up_first",),
         "A careful connector may report an unexpected invitation as spam, and too many "
         "reports restrict your account: get known first.",
         f"{SENDING}#open-networkers-and-selective-connectors"),
    Rule("warmed_up_invite", "stenberg", "outgoing", yes("warmed_up"), ("send_personal",),
         "You have already interacted, so the invitation will not come out of the blue.",
         f"{SENDING}#warm-up-first"),
    Rule("no_reasonable_basis", "b2b", "outgoing",
         all_of(no("shared_ground"), no("can_work_together")), ("dont_send",),
         "With nothing in common and no way to work together there is no reasonable "
         "basis for an invitation.", f"{SENDING}#what-a-personal-note-says"),
    Rule("out_of_the_blue", "stenberg", "outgoing",
         all_of(no("warmed_up"), no("met_in_person")), ("warm_up_first",),
         "To a careful connector a stranger's invitation is unwelcome: warm up before "
         "you invite.", f"{SENDING}#warm-up-first", ("selective",)),
    Rule("stranger_note", "stenberg", "outgoing", no("met_in_person"), ("send_personal",),
         "To someone you have not met, say how you found them, why you want to connect "
         "and what is in it for them.", f"{SENDING}#what-a-personal-note-says"),
    Rule("context_value_expectations", "b2b", "outgoing", no("met_in_person"),
         ("send_personal",),
         "Give context (a shared contact or interest), offer something useful and say "
         "what they can expect from you.", f"{SENDING}#what-a-personal-note-says"),
    Rule("personalise_from_profile", "cathy", "outgoing", Always(), ("send_personal",),
         "Open their profile and use its Connect button: the shortcuts elsewhere may "
         "send the stock text with no note.", f"{SENDING}#what-a-personal-note-says"),
    Rule("always_personalise", "stenberg", "outgoing", Always(), ("send_personal",),
         "Whoever they are, replace the stock invitation with a note of your own.",
         f"{SENDING}#what-a-personal-note-says"),
)

# --- connected: someone is already in your network -------------------------------

CONNECTED: tuple[Rule, ...] = (
    Rule("instant_pitch", "b2b", "connected", yes("pitched_after_connecting"),
         ("disconnect",),
         "A sales pitch right after connecting shows what they wanted: disconnect.",
         f"{AFTER}#when-to-disconnect"),
    Rule("worthless_messages", "b2b", "connected", yes("low_value_messages"),
         ("disconnect",),
         "Messages with nothing of value for you are noise: disconnect.",
         f"{AFTER}#when-to-disconnect", ("balanced", "selective")),
    Rule("silent_for_a_week", "cathy", "connected", at_least("days_without_reply", 7),
         ("disconnect",),
         "A week with no answer to your hello: a relationship needs two sides, so remove "
         "them (a habit from the post's comments).", f"{AFTER}#when-to-disconnect",
         ("balanced", "selective")),
    Rule("open_networkers_keep", "stenberg", "connected",
         any_of(yes("low_value_messages"), at_least("days_without_reply", 7)), ("keep",),
         "An open networker keeps quiet or chatty contacts: you never know who will help "
         "whom later.", f"{AFTER}#when-to-disconnect", ("open",)),
    Rule("give_them_a_week", "cathy", "connected",
         all_of(at_least("days_without_reply", 1), fewer_than("days_without_reply", 7)),
         ("keep",),
         "Your hello is still fresh: give them the week before you judge the silence.",
         f"{AFTER}#start-the-conversation"),
    Rule("start_the_conversation", "cathy", "connected", Always(), ("continue",),
         "Accepting is saying hello: the conversation starts now, so keep it going.",
         f"{AFTER}#start-the-conversation"),
)

RULES_BY_KIND: dict[str, tuple[Rule, ...]] = {
    "incoming": INCOMING,
    "outgoing": OUTGOING,
    "connected": CONNECTED,
}


def all_rules() -> tuple[Rule, ...]:
    """Every rule once, parts included, in table order."""
    seen: dict[str, Rule] = {}
    for rules in RULES_BY_KIND.values():
        for rule in rules:
            for r in (rule, *rule.parts):
                seen.setdefault(r.id, r)
    return tuple(seen.values())


def rules_for(kind: str, policy: str) -> tuple[Rule, ...]:
    """The ordered rules that apply to this kind under this policy."""
    return tuple(r for r in RULES_BY_KIND[kind] if policy in r.policies)


RULE_BY_ID: dict[str, Rule] = {r.id: r for r in all_rules()}

__all__ = ["RULES_BY_KIND", "RULE_BY_ID", "Rule", "all_rules", "rules_for"]
