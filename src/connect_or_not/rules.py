"""The advice of the five posts, as named rules, and each policy's procedure.

Read this file to audit the model against the sources. A *rule* is one piece of
advice with its post: when its condition holds, it argues for its decisions. A
*procedure* lists a policy's steps for each kind of card, in the order the course
presents them. How the steps combine is written once, in ``model._decide``, and
stated on the course page *How each policy decides*:

- A card's silence is the ordinary case: a fact it leaves out is read as the
  vocabulary says (``Fact.silence``): an ordinary value, *not asked* (no step that
  turns on it speaks), or *must know*. Only ``unknown`` leaves a fact open.
- The policy's own steps that hold have their say. Where they disagree, the case is
  *split*: each of their answers is best, each step is cited, and the split names
  the posts. A rule may name, in ``over``, rules of its *own post* that it sets
  aside: the post's own order (the selective connector's "if not, then") or an
  exception the post makes (Biehn's Kohei: serendipity outweighs red flags). A
  *default* (``last_word``) speaks only when no other step does; a default that says
  how to do it (``manner``: write a note) is cited wherever its answer is best.
- A *stop* (``stop``: a profile that does not look real) ends every yes: where it
  holds, it alone speaks, on every kind of card and under every policy.
- Each policy stands for some of the posts (``Policy.authors``); a rule from another
  post, or from a reader's comment (``voice="reader"``), is *borrowed* and names the
  gap it fills. A borrowed step speaks only where the policy's own steps leave
  nothing but their default; it never silences an own step and never makes a split
  (the first that holds, in the procedure's order, fills the gap).
- A rule keeps its author's scope: advice about strangers (Biehn's list, Cathy's
  criteria and test, the B2B post's refusal) does not judge people you have met or
  worked with (``STRANGER``).
- A fact left open (``unknown``) that would bring a step in makes that step's answers
  best too, and its reason names the fact. An *own precondition* (``presumes``) is
  the exception: the author asks you to be sure first (Stenberg: know a stranger's
  camp before you invite them), so it presumes the careful values and holds the
  careful answer.
- ``IMPLIED`` lists the few facts that another fact settles by its meaning (a chance
  to meet that is useful right now is a coffee you would take); each says why.

Every rule's sentence states its advice as a rule of thumb ("when...", "if...", or
the post's own general point), so a reason never asserts a fact the card does not
give. Some rules are *parts*: the red flags of Biehn's three-flags test and Cathy's
three criteria. A composite rule counts its parts, and its true parts are cited
with it. ``guide`` names the course section that teaches the rule (a page and its
anchor).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .conditions import (
    Always,
    Condition,
    Not,
    all_of,
    any_of,
    at_least,
    fewer_than,
    is_,
    n_of,
    no,
    unless,
    yes,
)
from .vocabulary import FACT_BY_NAME, KINDS, POLICIES


@dataclass(frozen=True)
class Rule:
    """One piece of advice: when ``when`` holds, it argues for ``decides``."""

    id: str
    source: str
    kind: str
    when: Condition
    decides: tuple[str, ...]
    says: str
    guide: str
    parts: tuple[Rule, ...] = ()
    # A default speaks only when no other step does, so it is never cited in support...
    last_word: bool = False
    # ...unless it is advice on *how* to do what the others decide (write a note): then
    # it is cited wherever its answer is best.
    manner: bool = False
    # Rules of the same post that this one sets aside when both hold (the post's own
    # order, or an exception it makes); ``why`` says where the post does so.
    over: tuple[str, ...] = ()
    why: str = ""
    # A precondition the author asks you to be sure of: for facts left open, the
    # careful values it presumes (only where the rule is the policy's own).
    presumes: tuple[tuple[str, Any], ...] = ()
    # A stop ends every yes: where it holds, it alone speaks (a profile that is not real).
    stop: bool = False
    # Who says it: the post's author ("post"), the author replying to a reader in the
    # comments ("reply"), or a reader's comment ("reader": borrowed by every policy).
    voice: str = "post"

    def looks_at(self) -> set[str]:
        return self.when.facts()


def _part(id: str, source: str, when: Condition, says: str, guide: str) -> Rule:
    """A rule that only counts inside a composite (it decides nothing alone)."""
    return Rule(id, source, "incoming", when, (), says, guide)


def _composite(id: str, source: str, kind: str, n: int, parts: tuple[Rule, ...],
               decides: tuple[str, ...], says: str, guide: str,
               also: Condition | None = None) -> Rule:
    when = n_of(n, [p.when for p in parts])
    if also is not None:
        when = all_of(when, also)
    return Rule(id, source, kind, when, decides, says, guide, tuple(parts))


@dataclass(frozen=True)
class Implication:
    """A fact that another settles by its meaning, used when the card leaves it out."""

    when: Condition
    fact: str
    value: Any
    why: str


RECEIVING = "receiving.md"
SENDING = "sending.md"
AFTER = "after.md"

IMPLIED: tuple[Implication, ...] = (
    Implication(yes("timely_opportunity"), "worth_a_coffee", True,
                "A meeting that is useful right now is a coffee you would take: Biehn "
                "arranged one with Kohei at once."),
    Implication(is_("pitch", "needed"), "worth_a_coffee", True,
                "An offer of something you really want is worth a call: Biehn took "
                "Felicia's."),
    Implication(yes("key_to_deal"), "can_work_together", True,
                "Someone who decides on business you are pursuing is a plausible client."),
    Implication(is_("target_style", "selective"), "open_networker", False,
                "A selective connector is not an open networker."),
    Implication(is_("target_style", "open"), "open_networker", True,
                "Stenberg's open networkers are the camp the card names."),
    Implication(is_("pitch", "unneeded"), "reason_makes_sense", False,
                "A sale of something you do not need is no reason that makes sense to you."),
    Implication(is_("pitch", "needed"), "note", "personal",
                "An offer of something you need was written with you in mind: Felicia saw "
                "that Biehn travelled a lot."),
    Implication(is_("prior_contact", "email", "social", "group", "worked_together"),
                "warmed_up", True,
                "An earlier exchange is an interaction: an invitation that recalls it does "
                "not come out of the blue."),
    Implication(yes("pitched_after_connecting"), "pitch", "unneeded",
                "A pitch nobody asked for sells something you do not need, unless the card "
                "says you want it."),
)

# --- Who is a stranger ------------------------------------------------------------

MET = yes("met_in_person")
# Someone you have met or worked with is not a stranger (Biehn's "not really
# strangers", the selective connector's "people I know").
KNOWN = any_of(MET, is_("prior_contact", "worked_together"))
# The scope of advice given about strangers: Biehn's list, Cathy's criteria and test,
# the B2B post's advice on people outside your network.
STRANGER = Not(KNOWN)


def _strangers(when: Condition) -> Condition:
    """``when``, for someone you have neither met nor worked with."""
    return all_of(when, STRANGER)


# --- Parts: Biehn's red flags (with Cathy's two) and Cathy's three criteria -------

FAR_AWAY = _part(
    "far_away_flag", "biehn", yes("far_away"),
    "Living on the far side of the world is one red flag.", f"{RECEIVING}#red-flags")
NOTHING_IN_COMMON = _part(
    "nothing_in_common_flag", "biehn", no("shared_ground"),
    "Nothing in common, in work or in interests, is one red flag.",
    f"{RECEIVING}#red-flags")
NO_PHOTO = _part(
    "no_photo_flag", "biehn", no("photo"),
    "A profile without a photo is one red flag.", f"{RECEIVING}#red-flags")
NO_NOTE = _part(
    "no_note_flag", "cathy", is_("note", "none", "generic"),
    "An invitation with no message written for you (none, or the stock text) suggests "
    "someone collecting contacts rather than relationships.",
    f"{RECEIVING}#the-three-criteria")
# Cathy expects more than five shared contacts of someone well connected in the field;
# five or fewer may be a warning sign.
FEW_MUTUALS = _part(
    "few_mutuals", "cathy", all_of(yes("you_well_connected"), fewer_than("mutual_connections", 6)),
    "Sharing five contacts or fewer with someone in a field where you are well connected "
    "is a warning sign.", f"{RECEIVING}#the-three-criteria")

# A note that sells you what you do not need is no reason that makes sense (IMPLIED):
# Cathy's first criterion looks for someone who wants a relationship, not a sale.
PERSONAL_NOTE = _part(
    "personal_note", "cathy", all_of(is_("note", "personal"), yes("reason_makes_sense")),
    "A note written for you that says why is Cathy's first criterion.",
    f"{RECEIVING}#the-three-criteria")
COMMON_GROUND = _part(
    "common_ground", "cathy", any_of(yes("shared_ground"), yes("can_work_together")),
    "Common ground in the profile, or a way to work together (client or referral), is "
    "Cathy's second criterion.", f"{RECEIVING}#the-three-criteria")
# Cathy's third criterion asks who you share, whether you trust them and how many
# there are: contacts you trust, or more than five that you are not wary of.
TRUSTED_MUTUALS = _part(
    "trusted_mutuals", "cathy",
    any_of(all_of(yes("trusted_mutuals"), unless(is_("mutual_connections", 0))),
           all_of(at_least("mutual_connections", 6), unless(no("trusted_mutuals")))),
    "Shared contacts who vouch for someone (people you trust, or more than five) are "
    "Cathy's third criterion.", f"{RECEIVING}#the-three-criteria")
CRITERIA = (PERSONAL_NOTE, COMMON_GROUND, TRUSTED_MUTUALS)

# --- incoming: someone invited you ------------------------------------------------

NOT_REALLY_STRANGERS = Rule(
    "not_really_strangers", "biehn", "incoming", KNOWN, ("accept",),
    "Someone you have met or worked with, however briefly, is not really a stranger, "
    "Biehn says: connecting is fair.", f"{RECEIVING}#people-you-have-met")
PEOPLE_YOU_KNOW = Rule(
    "people_you_know", "selective", "incoming", KNOWN, ("accept",),
    "The selective connector always accepts people she knows: anyone you have met or "
    "worked with gets a yes.",
    f"{RECEIVING}#people-you-have-met",
    over=("hounded_by_sellers", "sensible_message", "past_encounter", "intriguing_stranger"),
    why="The author always accepts people she knows, and takes her steps only for "
    "strangers.")
FAKE_PROFILE = Rule(
    "fake_profile", "b2b", "incoming", no("legitimate"), ("decline",),
    "The B2B post adds only people who appear legitimate: a profile that does not look "
    "real gets no yes, whoever it claims to be.", f"{RECEIVING}#red-flags", stop=True)
UNNEEDED_PITCH = Rule(
    "unneeded_pitch", "biehn", "incoming", _strangers(is_("pitch", "unneeded")), ("decline",),
    "An invitation that sells something you do not need promises more pitches: Biehn "
    "says to close it and move on.", f"{RECEIVING}#pitches",
    over=("net_positive",),
    why="Biehn's pitch you do not need comes first: a sales pitch of time-share proportions "
    "hides whatever else they may be good for.")
HOUNDED_BY_SELLERS = Rule(
    "hounded_by_sellers", "selective", "incoming", is_("pitch", "unneeded"), ("decline",),
    "Sellers who ignore your role and aims are the strangers a selective connector "
    "turns away, whatever their note says.", f"{RECEIVING}#pitches", voice="reply",
    over=("sensible_message", "intriguing_stranger"),
    why="In her reply to a reader, the author turns away people who only want to sell.")
VALUABLE_PITCH = Rule(
    "valuable_pitch", "biehn", "incoming", is_("pitch", "needed"), ("accept_and_message",),
    "A pitch for something you really want is value, as Biehn's Claire was: accept and "
    "take up the offer.", f"{RECEIVING}#pitches",
    over=("not_really_strangers",),
    why="Biehn answered Felicia's offer at once: an offer you want calls for a reply, not "
    "only a click.")
SERENDIPITY = Rule(
    "serendipity", "biehn", "incoming", yes("timely_opportunity"), ("accept_and_message",),
    "When chance makes someone useful right now (a trip, an event), Biehn accepts and "
    "sets up the meeting.", f"{RECEIVING}#serendipity",
    over=("three_red_flags", "not_really_strangers"),
    why="Biehn met Kohei though he lives across the world and outside Biehn's business: "
    "making room for the unexpected outweighs the red flags, and calls for a meeting.")
THREE_RED_FLAGS = _composite(
    "three_red_flags", "biehn", "incoming", 3,
    (FAR_AWAY, NOTHING_IN_COMMON, NO_PHOTO, NO_NOTE, FEW_MUTUALS), ("decline",),
    "Any three red flags together are enough to say no, Biehn writes.",
    f"{RECEIVING}#red-flags", also=STRANGER)
_FINAL_TEST = ("Cathy calls the coffee question her final test: it settles what the criteria "
               "leave open.")
COFFEE_TEST = Rule(
    "coffee_test", "cathy", "incoming", _strangers(no("worth_a_coffee")), ("decline",),
    "If you would not spend a phone call or a coffee on someone, Cathy sees little point "
    "in connecting with them.", f"{RECEIVING}#the-coffee-test",
    over=("criteria_in_part",),
    why=_FINAL_TEST)
COFFEE_PASSED = Rule(
    "coffee_passed", "cathy", "incoming", _strangers(yes("worth_a_coffee")),
    ("accept_and_message",),
    "If you would give someone a call or a coffee, connect, and keep up the conversation "
    "that accepting opens, as Cathy asks.", f"{RECEIVING}#the-coffee-test",
    over=("criteria_in_part",),
    why=_FINAL_TEST)
NET_POSITIVE = Rule(
    "net_positive", "biehn", "incoming",
    all_of(yes("shared_ground"), yes("same_area"), at_least("mutual_connections", 1)),
    ("accept",),
    "Someone in your field and your area, linked to people you know, is a net positive "
    "for Biehn: probably no business now, but a useful contact someday.",
    f"{RECEIVING}#worth-connecting")
# The B2B post drops people who pitch at once: an invitation that is a pitch you do not
# need is no reasonable basis, whoever you share.
RELATED_AND_LEGITIMATE = Rule(
    "related_and_legitimate", "b2b", "incoming",
    all_of(any_of(at_least("mutual_connections", 1), yes("shared_ground")), yes("legitimate"),
           Not(is_("pitch", "unneeded"))),
    ("accept",),
    "Someone who knows people you know or works in a related field, behind a profile "
    "that looks genuine, is worth adding, the B2B post says.",
    f"{RECEIVING}#worth-connecting")
PAST_ENCOUNTER = Rule(
    "past_encounter", "selective", "incoming", is_("prior_contact", "social", "group"),
    ("accept",),
    "Before saying no, the selective connector checks whether she has talked with "
    "someone before, online or in a group: names change, so look before you dismiss "
    "them.", f"{RECEIVING}#people-you-have-met",
    over=("intriguing_stranger",),
    why="The author looks for a past encounter before she looks for something intriguing.")
EMAIL_ENCOUNTER = Rule(
    "email_encounter", "selective", "incoming", is_("prior_contact", "email"), ("accept",),
    "A reader of the selective connector's post finds that people who recall an earlier "
    "exchange, even one e-mail, are glad to connect.", f"{RECEIVING}#people-you-have-met",
    voice="reader")
# The B2B post allows refusing someone who will not benefit your network: nothing in
# common, no way to work together, and no offer or moment that makes them useful.
YOU_MAY_REFUSE = Rule(
    "you_may_refuse", "b2b", "incoming",
    _strangers(all_of(no("shared_ground"), no("can_work_together"), no("timely_opportunity"),
                      Not(is_("pitch", "needed")))),
    ("decline",),
    "Refusing is always allowed, the B2B post says, and connections shape your feed: with "
    "nothing in common, no way to work together and no offer you want, there is no "
    "reason to add someone.", f"{RECEIVING}#worth-connecting")
# Cathy's criteria look for someone who wants a relationship that benefits you both; an
# invitation that sells you what you do not need shows a seller instead.
CRITERIA_IN_PART = _composite(
    "criteria_in_part", "cathy", "incoming", 1, CRITERIA, ("accept",),
    "Each of Cathy's criteria that holds (a note written for you, common ground, contacts "
    "you trust) is a reason to accept someone you do not know yet.",
    f"{RECEIVING}#the-three-criteria", also=all_of(STRANGER, Not(is_("pitch", "unneeded"))))
NO_BASIS_SHOWN = Rule(
    "no_basis_shown", "b2b", "incoming", Always(), ("decline",),
    "A connection needs a reasonable basis, the B2B post says; where none shows, "
    "decline.", f"{RECEIVING}#worth-connecting", last_word=True)
SENSIBLE_MESSAGE = Rule(
    "sensible_message", "selective", "incoming",
    all_of(is_("note", "personal"), yes("reason_makes_sense")), ("accept_and_message",),
    "When a message says why they want to connect and the reason makes sense, the "
    "selective connector accepts and writes back to start the conversation.",
    f"{RECEIVING}#a-message-that-makes-sense",
    over=("past_encounter", "intriguing_stranger"),
    why="The author reads the message first and looks further only when there is none.")
INTRIGUING_STRANGER = Rule(
    "intriguing_stranger", "selective", "incoming",
    any_of(yes("shared_ground"), yes("can_work_together"), yes("timely_opportunity")),
    ("ask_first",),
    "When something about a stranger intrigues you, the selective connector asks what "
    "they hope to achieve before she decides.", f"{RECEIVING}#asking-first")
OTHERWISE_DECLINE = Rule(
    "otherwise_decline", "selective", "incoming", Always(), ("decline",),
    "A stranger with no sensible message, no shared past and nothing intriguing gets a "
    "polite no from the selective connector: her feed stays relevant.",
    f"{RECEIVING}#asking-first", last_word=True)
OPEN_BY_DEFAULT = Rule(
    "open_by_default", "stenberg", "incoming", Always(), ("accept",),
    "Stenberg accepts invitations from people she does not know: open networkers connect "
    "widely, because you never know who will help whom.",
    "policies.md#point-by-point", last_word=True)

# --- outgoing: you consider inviting someone --------------------------------------

COLD_SALE = all_of(yes("selling"), no("warmed_up"), STRANGER)
# Stenberg's camps: you know theirs when the card names it or they say they are open.
CAMP_KNOWN = any_of(is_("target_style", "open", "selective"), yes("open_networker"))
# Stenberg's precondition for a stranger: presumed unwarmed and unmet until the card says.
_UNEXPECTED = (("warmed_up", False), ("met_in_person", False))

FAKE_INVITEE = Rule(
    "fake_invitee", "b2b", "outgoing", no("legitimate"), ("dont_send",),
    "The B2B post connects only with people who appear legitimate: a profile that does "
    "not look real is no one to invite.", f"{SENDING}#what-a-personal-note-says", stop=True)
LITTLE_TO_LOSE = Rule(
    "little_to_lose", "biehn", "outgoing", all_of(MET, yes("key_to_deal")), ("send_personal",),
    "When you have met someone who decides on business you are pursuing, Biehn says go "
    "ahead: you have little to lose.", f"{SENDING}#remind-them-where-you-met")
NOT_REALLY_A_STRANGER = Rule(
    "not_really_a_stranger", "biehn", "outgoing", KNOWN, ("send_personal",),
    "Someone you have met, even briefly, is fair to invite, Biehn notes, even by the "
    "strictest reading of LinkedIn's rules.", f"{SENDING}#remind-them-where-you-met")
REMIND_HOW_YOU_MET = Rule(
    "remind_how_you_met", "stenberg", "outgoing", MET, ("send_personal",),
    "When you invite someone you have met, Stenberg says, remind them where: do not count "
    "on being remembered.", f"{SENDING}#remind-them-where-you-met")
RECALL_PAST_ENCOUNTER = Rule(
    "recall_past_encounter", "selective", "outgoing",
    is_("prior_contact", "email", "social", "group", "worked_together"), ("send_personal",),
    "A reader of the selective connector's post finds that people who can recall an "
    "earlier exchange, even one e-mail, are glad to accept: mention it.",
    f"{SENDING}#remind-them-where-you-met", voice="reader")
NO_REASONABLE_BASIS = Rule(
    "no_reasonable_basis", "b2b", "outgoing",
    all_of(no("shared_ground"), no("can_work_together")), ("dont_send",),
    "With nothing in common and no way to work together, the B2B post sees no reasonable "
    "basis for an invitation.", f"{SENDING}#what-a-personal-note-says",
    over=("no_cold_pitch", "context_value_expectations"),
    why="The B2B post asks for a reasonable basis before any of its advice on inviting.")
NO_COLD_PITCH = Rule(
    "no_cold_pitch", "b2b", "outgoing", COLD_SALE, ("warm_up_first",),
    "Do not pester strangers with sales pitches, the B2B post says; build the relationship "
    "first by sharing something of mutual interest.", f"{SENDING}#never-lead-with-a-pitch",
    over=("context_value_expectations",),
    why="Among its advice on inviting strangers, the B2B post rules out leading with a "
    "pitch.")
SELLERS_SCARE_CLIENTS = Rule(
    "sellers_scare_clients", "selective", "outgoing", COLD_SALE,
    ("warm_up_first", "dont_send"),
    "Cold sales invitations drive prospective clients away, the selective connector "
    "replies to a reader: approach with respect only when you truly have something to "
    "offer them, or leave them be.", f"{SENDING}#never-lead-with-a-pitch", voice="reply")
SPAM_RISK = Rule(
    "spam_risk", "stenberg", "outgoing",
    all_of(is_("target_style", "selective"), no("warmed_up"), STRANGER), ("warm_up_first",),
    "An unexpected invitation can annoy a selective connector, who may report it as spam, "
    "and too many reports restrict your account, Stenberg warns: get known first.",
    f"{SENDING}#open-networkers-and-selective-connectors", presumes=_UNEXPECTED)
FIND_THEIR_CAMP = Rule(
    "find_their_camp", "stenberg", "outgoing",
    all_of(Not(CAMP_KNOWN), no("warmed_up"), STRANGER), ("warm_up_first",),
    "Before inviting a stranger, Stenberg says, be certain which camp they are in; until "
    "you can tell, approach them first so the invitation is expected.",
    f"{SENDING}#open-networkers-and-selective-connectors",
    presumes=(("open_networker", False), *_UNEXPECTED))
OPEN_NETWORKER_TARGET = Rule(
    "open_networker_target", "stenberg", "outgoing",
    any_of(is_("target_style", "open"), yes("open_networker")), ("send_personal",),
    "Open networkers welcome invitations, Stenberg writes, and you may use the e-mail "
    "address in their headline; personalise it all the same.",
    f"{SENDING}#open-networkers-and-selective-connectors",
    over=("out_of_the_blue",),
    why="Stenberg's warning about unexpected invitations is for selective connectors; "
    "open networkers say they welcome them.")
WARMED_UP_INVITE = Rule(
    "warmed_up_invite", "stenberg", "outgoing", yes("warmed_up"), ("send_personal",),
    "Once you have interacted, Stenberg's condition is met: the invitation no longer "
    "comes out of the blue.", f"{SENDING}#warm-up-first")
OUT_OF_THE_BLUE = Rule(
    "out_of_the_blue", "stenberg", "outgoing", all_of(no("warmed_up"), STRANGER),
    ("warm_up_first",),
    "Before you invite someone you do not know, Stenberg says, approach them first so "
    "that the invitation does not come out of the blue.", f"{SENDING}#warm-up-first",
    presumes=_UNEXPECTED)
CONTEXT_VALUE_EXPECTATIONS = Rule(
    "context_value_expectations", "b2b", "outgoing", STRANGER, ("send_personal",),
    "The B2B post invites people it does not know: give context (a shared contact or "
    "interest), offer something useful and say what they can expect from you.",
    f"{SENDING}#what-a-personal-note-says")
STRANGER_NOTE = Rule(
    "stranger_note", "stenberg", "outgoing", STRANGER, ("send_personal",),
    "To someone you have not met, Stenberg says, tell how you found them, why you want to "
    "connect and what is in it for them.", f"{SENDING}#what-a-personal-note-says",
    last_word=True, manner=True)
PERSONALISE_FROM_PROFILE = Rule(
    "personalise_from_profile", "cathy", "outgoing", Always(), ("send_personal",),
    "Open their profile and use its Connect button, Cathy replies to a reader: the "
    "shortcuts elsewhere may send the stock text with no note.",
    f"{SENDING}#what-a-personal-note-says", last_word=True, manner=True, voice="reply")
ALWAYS_PERSONALISE = Rule(
    "always_personalise", "stenberg", "outgoing", Always(), ("send_personal",),
    "Whatever camp they are in, Stenberg says, replace the stock invitation with a note of "
    "your own.", f"{SENDING}#what-a-personal-note-says", last_word=True, manner=True)

# --- connected: someone is already in your network -------------------------------

FAKE_CONNECTION = Rule(
    "fake_connection", "b2b", "connected", no("legitimate"), ("disconnect",),
    "The B2B post keeps only people who appear legitimate: a profile that does not look "
    "real is no one to keep in your network.", f"{AFTER}#when-to-disconnect", stop=True)
NEEDED_PITCH_IS_VALUE = Rule(
    "needed_pitch_is_value", "biehn", "connected",
    all_of(yes("pitched_after_connecting"), is_("pitch", "needed")), ("continue",),
    "Biehn's Claire came with the invitation, not after it, but his point carries over: "
    "an offer of something you really want is value, so take it up.",
    f"{AFTER}#when-to-disconnect")
INSTANT_PITCH = Rule(
    "instant_pitch", "b2b", "connected", yes("pitched_after_connecting"), ("disconnect",),
    "When someone sends a sales pitch straight after connecting, the B2B post says to "
    "disconnect.", f"{AFTER}#when-to-disconnect")
WORTHLESS_MESSAGES = Rule(
    "worthless_messages", "b2b", "connected", yes("low_value_messages"), ("disconnect",),
    "When someone's messages bring you nothing of value, the B2B post says to disconnect.",
    f"{AFTER}#when-to-disconnect")
SERENDIPITY_AFTER = Rule(
    "serendipity_after", "biehn", "connected", yes("timely_opportunity"), ("continue",),
    "When chance makes a contact useful right now (a trip, an event), do as Biehn did with "
    "Kohei: set up the meeting.", f"{AFTER}#start-the-conversation")
SELLERS_AFTER = Rule(
    "sellers_after", "selective", "connected",
    all_of(yes("pitched_after_connecting"), Not(is_("pitch", "needed"))), ("disconnect",),
    "The selective connector turns away people who only want to sell, with no thought for "
    "your role or aims (her reply to a reader).", f"{AFTER}#when-to-disconnect",
    voice="reply")
FEED_RELEVANCE = Rule(
    "feed_relevance", "selective", "connected", yes("low_value_messages"), ("disconnect",),
    "The selective connector keeps her network to people who keep her feed relevant: a "
    "contact who brings nothing of value is noise.", f"{AFTER}#when-to-disconnect")
SILENT_FOR_A_WEEK = Rule(
    "silent_for_a_week", "cathy", "connected", at_least("days_without_reply", 7),
    ("disconnect",),
    "A reader of Cathy's post removes a new contact who leaves her hello unanswered for a "
    "week, and Cathy replies that she removes people who never answer too.",
    f"{AFTER}#when-to-disconnect", voice="reader")
GIVE_THEM_A_WEEK = Rule(
    "give_them_a_week", "cathy", "connected",
    all_of(at_least("days_without_reply", 1), fewer_than("days_without_reply", 7)),
    ("continue",),
    "A reader of Cathy's post gives a new contact a week to answer before removing them; "
    "until then Cathy's advice holds: do not let the conversation drop.",
    f"{AFTER}#start-the-conversation", voice="reader")
GREAT_CONVERSATIONS = Rule(
    "great_conversations", "selective", "connected", Always(), ("continue",),
    "The selective connector accepts a stranger for a reason and then talks with them, "
    "online and in person: keep the conversation going.",
    f"{AFTER}#start-the-conversation", last_word=True)
START_THE_CONVERSATION = Rule(
    "start_the_conversation", "cathy", "connected", Always(), ("continue",),
    "Accepting is saying hello, Cathy writes: it starts a conversation, so keep it going.",
    f"{AFTER}#start-the-conversation", last_word=True)

# --- The procedures: each policy's steps -------------------------------------------


@dataclass(frozen=True)
class Step:
    """A rule in a policy's procedure. ``gap`` is set for a borrowed rule: what the
    policy's own posts leave unsaid that this rule fills."""

    rule: Rule
    gap: str = ""

    @property
    def borrowed(self) -> bool:
        return bool(self.gap)


def _steps(*items: Rule | tuple[Rule, str]) -> tuple[Step, ...]:
    return tuple(Step(*item) if isinstance(item, tuple) else Step(item) for item in items)


_ONLY_INVITES = "The selective post is about invitations received; this mirrors it for sending."
_OPEN_SAYS_WHO = ("Stenberg says to accept people you do not know; this says what to do "
                  "with an invitation that is more than a hello.")
_NO_CAMPS = "These posts do not tell open networkers from selective connectors."
_AT_THE_INVITATION = "Stenberg's post stops at the invitation: it says nothing of people " \
    "already in your network."
_EARLIER_EXCHANGES = "These posts do not speak of earlier exchanges by e-mail or online."
_A_READER = "A reader's comment, not the author's own step."
_REAL_PEOPLE = "The post assumes a real person on the other side."
_OWN_SILENCE = "The selective post speaks of sellers and of a relevant feed, not of offers " \
    "you want, lucky timing or silence."

PROCEDURES: dict[str, dict[str, tuple[Step, ...]]] = {
    # Biehn's situations, Cathy's criteria and final test, the B2B reasonable basis.
    "balanced": {
        "incoming": _steps(
            NOT_REALLY_STRANGERS,
            FAKE_PROFILE,
            UNNEEDED_PITCH,
            VALUABLE_PITCH,
            SERENDIPITY,
            THREE_RED_FLAGS,
            COFFEE_TEST,
            COFFEE_PASSED,
            NET_POSITIVE,
            RELATED_AND_LEGITIMATE,
            (PAST_ENCOUNTER, _EARLIER_EXCHANGES),
            (EMAIL_ENCOUNTER, _EARLIER_EXCHANGES),
            YOU_MAY_REFUSE,
            CRITERIA_IN_PART,
            NO_BASIS_SHOWN,
        ),
        "outgoing": _steps(
            FAKE_INVITEE,
            LITTLE_TO_LOSE,
            NOT_REALLY_A_STRANGER,
            (REMIND_HOW_YOU_MET, "Biehn says to invite people you have met, not how to "
             "word it."),
            (RECALL_PAST_ENCOUNTER, _EARLIER_EXCHANGES),
            NO_REASONABLE_BASIS,
            NO_COLD_PITCH,
            (SPAM_RISK, _NO_CAMPS),
            (FIND_THEIR_CAMP, _NO_CAMPS),
            (OPEN_NETWORKER_TARGET, _NO_CAMPS),
            (WARMED_UP_INVITE, "These posts do not say what warming up changes."),
            (OUT_OF_THE_BLUE, "These posts do not say whether a stranger expects an "
             "invitation."),
            CONTEXT_VALUE_EXPECTATIONS,
            PERSONALISE_FROM_PROFILE,
        ),
        "connected": _steps(
            FAKE_CONNECTION,
            NEEDED_PITCH_IS_VALUE,
            INSTANT_PITCH,
            WORTHLESS_MESSAGES,
            SERENDIPITY_AFTER,
            (SILENT_FOR_A_WEEK, _A_READER),
            (GIVE_THEM_A_WEEK, _A_READER),
            START_THE_CONVERSATION,
        ),
    },
    # The selective connector's own steps, in the order the post takes them.
    "selective": {
        "incoming": _steps(
            PEOPLE_YOU_KNOW,
            (FAKE_PROFILE, _REAL_PEOPLE),
            HOUNDED_BY_SELLERS,
            SENSIBLE_MESSAGE,
            PAST_ENCOUNTER,
            (EMAIL_ENCOUNTER, _A_READER),
            INTRIGUING_STRANGER,
            OTHERWISE_DECLINE,
        ),
        "outgoing": _steps(
            (FAKE_INVITEE, _REAL_PEOPLE),
            (REMIND_HOW_YOU_MET, _ONLY_INVITES),
            (RECALL_PAST_ENCOUNTER, _A_READER),
            SELLERS_SCARE_CLIENTS,
            (NO_REASONABLE_BASIS, _ONLY_INVITES),
            (SPAM_RISK, _ONLY_INVITES),
            (OPEN_NETWORKER_TARGET, _ONLY_INVITES),
            (WARMED_UP_INVITE, _ONLY_INVITES),
            (OUT_OF_THE_BLUE, _ONLY_INVITES),
            (ALWAYS_PERSONALISE, _ONLY_INVITES),
        ),
        "connected": _steps(
            (FAKE_CONNECTION, _REAL_PEOPLE),
            SELLERS_AFTER,
            FEED_RELEVANCE,
            (NEEDED_PITCH_IS_VALUE, _OWN_SILENCE),
            (SERENDIPITY_AFTER, _OWN_SILENCE),
            (SILENT_FOR_A_WEEK, _OWN_SILENCE),
            (GIVE_THEM_A_WEEK, _OWN_SILENCE),
            GREAT_CONVERSATIONS,
        ),
    },
    # Stenberg: accept people you do not know; before inviting one, know their camp,
    # do not come out of the blue, and always write a note.
    "open": {
        "incoming": _steps(
            (PEOPLE_YOU_KNOW, "Accepting widely starts with the people you know."),
            (FAKE_PROFILE, "Stenberg accepts real people; the post does not speak of "
             "fakes."),
            (UNNEEDED_PITCH, _OPEN_SAYS_WHO),
            (VALUABLE_PITCH, _OPEN_SAYS_WHO),
            (SERENDIPITY, _OPEN_SAYS_WHO),
            OPEN_BY_DEFAULT,
        ),
        "outgoing": _steps(
            (FAKE_INVITEE, _REAL_PEOPLE),
            REMIND_HOW_YOU_MET,
            (RECALL_PAST_ENCOUNTER, _A_READER),
            SPAM_RISK,
            FIND_THEIR_CAMP,
            OPEN_NETWORKER_TARGET,
            (NO_COLD_PITCH, "The post does not speak of inviting people to sell to them."),
            WARMED_UP_INVITE,
            OUT_OF_THE_BLUE,
            STRANGER_NOTE,
            ALWAYS_PERSONALISE,
        ),
        "connected": _steps(
            (FAKE_CONNECTION, _AT_THE_INVITATION),
            (NEEDED_PITCH_IS_VALUE, _AT_THE_INVITATION),
            (INSTANT_PITCH, _AT_THE_INVITATION),
            (WORTHLESS_MESSAGES, _AT_THE_INVITATION),
            (SERENDIPITY_AFTER, _AT_THE_INVITATION),
            (SILENT_FOR_A_WEEK, _AT_THE_INVITATION),
            (GIVE_THEM_A_WEEK, _AT_THE_INVITATION),
            (START_THE_CONVERSATION, _AT_THE_INVITATION),
        ),
    },
}



def _check_procedures() -> None:
    """The audit trail holds: a borrowed step is exactly one whose post is not among
    the policy's authors, or a reader's comment; a rule sets aside only rules of its
    own post (so a borrowed step never silences an own one); a precondition presumes
    only facts it reads."""
    for policy in POLICIES:
        for kind in KINDS:
            for step in PROCEDURES[policy.id][kind]:
                own = step.rule.source in policy.authors and step.rule.voice != "reader"
                if own == step.borrowed or step.rule.kind != kind:
                    raise ValueError(f"{policy.id}/{kind}: step {step.rule.id} is misfiled")
    rules = {step.rule.id: step.rule for kinds in PROCEDURES.values()
             for steps in kinds.values() for step in steps}
    for rule in rules.values():
        for other in rule.over:
            if other not in rules or rules[other].source != rule.source or not rule.why:
                raise ValueError(f"{rule.id} may set aside only a rule of its own post, "
                                 f"with a reason: {other}")
        for fact, value in rule.presumes:
            if fact not in rule.looks_at() or FACT_BY_NAME[fact].type == "int":
                raise ValueError(f"{rule.id} presumes {fact}={value!r}, which it does not read")


_check_procedures()


def steps_for(kind: str, policy: str) -> tuple[Step, ...]:
    """A policy's ordered steps for a kind of card."""
    return PROCEDURES[policy][kind]


def rules_for(kind: str, policy: str) -> tuple[Rule, ...]:
    """The ordered rules that apply to this kind under this policy."""
    return tuple(step.rule for step in PROCEDURES[policy][kind])


def all_rules() -> tuple[Rule, ...]:
    """Every rule once, parts included, in procedure order."""
    seen: dict[str, Rule] = {}
    for kinds in PROCEDURES.values():
        for steps in kinds.values():
            for step in steps:
                for r in (step.rule, *step.rule.parts):
                    seen.setdefault(r.id, r)
    return tuple(seen.values())


RULE_BY_ID: dict[str, Rule] = {r.id: r for r in all_rules()}
__all__ = ["IMPLIED", "PROCEDURES", "RULE_BY_ID", "Implication", "Rule", "Step", "all_rules",
           "rules_for", "steps_for"]
