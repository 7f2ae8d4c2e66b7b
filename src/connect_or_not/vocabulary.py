"""The fixed vocabulary: kinds, decisions, facts, policies and source posts.

This module is the single source of truth. The loader validates against it, the
CLI prints it, the MkDocs plugin renders the trainer's facts table from it, and the
browser engine receives it as JSON. Nothing here is retyped elsewhere. The words a
learner reads (labels, values, names) are also the English of the message catalog
(``catalog.vocabulary_words``), where a translation gives them in another language.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS: dict[str, str] = {
    "incoming": "You received an invitation and decide what to do with it.",
    "outgoing": "You consider inviting someone and decide whether and how.",
    "connected": "You are already connected and decide what to do next.",
}


@dataclass(frozen=True)
class Decision:
    """One answer a learner can pick on a card of a given kind."""

    id: str
    kind: str
    label: str
    meaning: str


DECISIONS: tuple[Decision, ...] = (
    Decision("accept", "incoming", "Accept", "Accept the invitation and leave it there."),
    Decision(
        "accept_and_message",
        "incoming",
        "Accept and start a conversation",
        "Accept, thank them and propose a call or a meeting.",
    ),
    Decision(
        "ask_first",
        "incoming",
        "Ask what they hope for first",
        "Reply asking what they want from the connection; decide later.",
    ),
    Decision("decline", "incoming", "Decline", "Ignore or decline the invitation."),
    Decision(
        "send_personal",
        "outgoing",
        "Send with a personal note",
        "Invite with a note: how you met or found them, why, and what is in it for them.",
    ),
    Decision(
        "send_default",
        "outgoing",
        "Send the stock invitation",
        "Invite with no note, or with the stock text.",
    ),
    Decision(
        "warm_up_first",
        "outgoing",
        "Warm up first",
        "Interact first (comment, message, meet) so the invitation is expected.",
    ),
    Decision("dont_send", "outgoing", "Don't send", "Do not invite them."),
    Decision("continue", "connected", "Keep the conversation going",
             "Write, reply, propose a chat."),
    Decision("keep", "connected", "Stay connected, do nothing", "Leave the connection as it is."),
    Decision("disconnect", "connected", "Disconnect", "Remove them from your network."),
)

DECISION_BY_ID: dict[str, Decision] = {d.id: d for d in DECISIONS}


def decisions_for(kind: str) -> tuple[str, ...]:
    """The decision ids of a kind, in their standard order."""
    return tuple(d.id for d in DECISIONS if d.kind == kind)


# The value every fact accepts besides its own: the card (or the reader) does not know.
# It is the only way to leave a fact open; a fact a card does not mention is read as
# its ``Silence`` says.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Silence:
    """What a card's silence about a fact means, with why (from the posts).

    ``ordinary``: the story leaves out the usual case, ``value``. ``not_asked``: only
    the story can answer it, so no rule that reads it speaks, either way. ``must_know``:
    an author asks you to be sure first, so silence holds the careful answer."""

    reading: str  # "ordinary", "not_asked" or "must_know"
    why: str
    value: bool | int | str | None = None

    @property
    def words(self) -> str:
        """The reading in plain words: the value as a card writes it, or the reading."""
        if self.reading == "ordinary":
            if isinstance(self.value, bool):
                return "true" if self.value else "false"
            return str(self.value)
        return self.reading.replace("_", " ")

    @property
    def label(self) -> str:
        """The reading in the guide's words (Markdown: a value as code)."""
        return f"`{self.words}`" if self.reading == "ordinary" else self.words


def ordinary(value: bool | int | str, why: str) -> Silence:
    return Silence("ordinary", why, value)


def not_asked(why: str) -> Silence:
    return Silence("not_asked", why)


def must_know(why: str) -> Silence:
    return Silence("must_know", why)


@dataclass(frozen=True)
class Fact:
    """A fact a card can state. ``values`` lists the allowed words of an enum fact;
    ``silence`` says what a card that leaves the fact out means by it.

    ``label`` and ``value_labels`` are the learner's words for the fact and for each
    of its values (the ids and ``true``/``false`` are for trainers' YAML)."""

    name: str
    type: str  # "bool", "int" (a count, 0 or more) or "enum"
    meaning: str
    sources: tuple[str, ...]
    label: str = ""
    values: tuple[str, ...] = ()
    value_labels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = tuple(KINDS)
    silence: Silence = Silence("not_asked", "")

    @property
    def type_label(self) -> str:
        """The values the fact takes, for the guide's table (Markdown)."""
        if self.type == "enum":
            return ", ".join(f"`{v}`" for v in self.values)
        return {"bool": "true / false", "int": "whole number, 0 or more"}[self.type]

    @property
    def allowed(self) -> str:
        """The values the fact takes, in plain words (the card template's comments)."""
        if self.type == "enum":
            return f"one of: {', '.join(self.values)}"
        return {"bool": "true or false", "int": "a whole number"}[self.type]

    @property
    def own_unknown(self) -> bool:
        """``unknown`` is one of the fact's own values (Stenberg's camp you cannot tell
        yet), not an open fact."""
        return UNKNOWN in self.values


_OUT = ("outgoing",)
_CON = ("connected",)

FACTS: tuple[Fact, ...] = (
    Fact("met_in_person", "bool", "You have met, however briefly (a meeting, an event).",
         ("biehn", "selective"), "You have met in person",
         silence=ordinary(False, "The question is about people you do not know; a story "
                          "says when you have met, as Biehn's late CFO does.")),
    Fact("prior_contact", "enum", "An earlier exchange you could both recall.",
         ("selective",), "An earlier exchange",
         ("none", "email", "social", "group", "worked_together"),
         ("None", "An e-mail", "A social media exchange", "A group you share",
          "You worked together"),
         silence=ordinary("none", "An earlier exchange is worth telling: the selective "
                          "connector goes looking for one before she says no.")),
    Fact("note", "enum",
         "The invitation's message: none, the stock text, or one written for you saying why.",
         ("cathy", "selective", "stenberg"), "The invitation's note",
         ("none", "generic", "personal"), ("No note", "The stock text", "A personal note"),
         silence=ordinary("generic", "Most invitations carry the stock text; a story says "
                          "when someone wrote to you (Cathy's first criterion).")),
    Fact("reason_makes_sense", "bool",
         "The reason they give for connecting is credible and relevant to you.", ("selective",),
         "Their reason makes sense",
         silence=ordinary(True, "A note written for you says why; a story says when that "
                          "reason does not hold up for you.")),
    Fact("pitch", "enum",
         "The invitation sells something; needed means something you actually want.",
         ("biehn",), "A sales pitch", ("none", "needed", "unneeded"),
         ("No pitch", "Something you need", "Something you don't need"),
         silence=ordinary("none", "An invitation sells nothing unless the story says so, "
                          "as Felicia's Claire did for Biehn.")),
    Fact("photo", "bool", "Their profile has a photo.", ("biehn",), "Their profile has a photo",
         silence=ordinary(True, "A missing photo is one of Biehn's red flags: a story "
                          "names it when it is missing.")),
    Fact("shared_ground", "bool",
         "Relevant experience or interests in common; the same or a related industry.",
         ("biehn", "cathy", "b2b"), "You have common ground",
         silence=not_asked("Only the story can say what you share; Biehn, Cathy and the "
                           "B2B post all ask it of the person in front of you.")),
    Fact("same_area", "bool", "They work in your geography.", ("biehn",),
         "They work in your area",
         silence=not_asked("Where they work is the story's to tell (Biehn's peer in your "
                           "area).")),
    Fact("far_away", "bool", "They live on the other side of the world.", ("biehn",),
         "They live far away",
         silence=ordinary(False, "Living across the world is one of Biehn's red flags: a "
                          "story says so.")),
    Fact("can_work_together", "bool", "A plausible client or referral partner.", ("cathy",),
         "You could do business together",
         silence=not_asked("Whether you could work together is Cathy's question to the "
                           "profile: only the story can answer it.")),
    Fact("legitimate", "bool", "The profile looks real and complete.", ("b2b",),
         "The profile looks real",
         silence=ordinary(True, "A profile looks real unless the story says otherwise; "
                          "the B2B post asks only that it appear legitimate.")),
    Fact("open_networker", "bool",
         "They are an open networker (a LION, an e-mail address in the headline).",
         ("stenberg",), "They are an open networker",
         silence=ordinary(False, "Open networkers say so on their profile, Stenberg "
                          "writes: a story would mention it.")),
    Fact("mutual_connections", "int", "How many connections you have in common.",
         ("cathy", "biehn"), "Connections in common",
         silence=not_asked("Only the story can count the contacts you share (Cathy's third "
                           "criterion).")),
    Fact("trusted_mutuals", "bool", "You trust the people you have in common.", ("cathy", "b2b"),
         "You trust the people you share",
         silence=not_asked("Whether you trust the people you share is Cathy's question: "
                           "only the story can answer it.")),
    Fact("you_well_connected", "bool",
         "You are well connected in this field (then fewer than 5 mutuals is a red flag).",
         ("cathy",), "You are well connected in this field",
         silence=not_asked("How well connected you are in the field is the story's to "
                           "say (Cathy's count of shared contacts).")),
    Fact("key_to_deal", "bool", "A decision-maker in business you are pursuing.", ("biehn",),
         "They are key to a deal you want",
         silence=ordinary(False, "A deal on the table is worth telling, as Biehn's late "
                          "CFO shows.")),
    Fact("timely_opportunity", "bool",
         "Circumstances make meeting useful now (a trip, an event).", ("biehn",),
         "Meeting would be useful right now",
         silence=ordinary(False, "Lucky timing is the point of a story when it happens, "
                          "as Biehn's trip to Tokyo was.")),
    Fact("worth_a_coffee", "bool",
         "You would give them a call or a coffee (the litmus test).", ("cathy",),
         "You would give them a coffee or a call",
         silence=not_asked("Cathy's final test is the reader's to answer: a story that "
                           "does not answer it leaves it aside.")),
    Fact("target_style", "enum", "Which kind of networker you want to invite.",
         ("stenberg",), "The kind of networker they are", ("open", "selective", UNKNOWN),
         ("An open networker", "A selective connector", "You don't know yet"), _OUT,
         silence=must_know("Stenberg asks you to be certain of a stranger's camp before "
                           "you invite them: unsaid is not yet known.")),
    Fact("warmed_up", "bool",
         "You have already interacted, so the invitation is expected.",
         ("stenberg", "selective"), "You have already interacted", kinds=_OUT,
         silence=ordinary(False, "An earlier interaction is worth telling: Stenberg's "
                          "advice is to make one before you invite.")),
    Fact("selling", "bool", "Your aim is to pitch them.", ("b2b", "selective"),
         "You want to sell to them", kinds=_OUT,
         silence=ordinary(False, "A sales aim is the story's point when there is one "
                          "(the B2B post's warning).")),
    Fact("pitched_after_connecting", "bool",
         "They sent a sales pitch right after you connected.", ("b2b",),
         "They pitched right after connecting", kinds=_CON,
         silence=ordinary(False, "A pitch straight after connecting is the story's point "
                          "when it happens (the B2B post).")),
    Fact("low_value_messages", "bool", "Their messages carry nothing of value to you.",
         ("b2b",), "Their messages are of no value to you", kinds=_CON,
         silence=ordinary(False, "Worthless messages are worth telling when they come "
                          "(the B2B post).")),
    Fact("days_without_reply", "int", "Days since your hello went unanswered.",
         ("cathy",), "Days without a reply", kinds=_CON,
         silence=ordinary(0, "A hello left unanswered is the story's point when it "
                          "happens (the week a reader of Cathy's post waits).")),
)

FACT_BY_NAME: dict[str, Fact] = {f.name: f for f in FACTS}


def facts_for(kind: str) -> tuple[Fact, ...]:
    """The facts a card of this kind may state, in vocabulary order."""
    return tuple(f for f in FACTS if kind in f.kinds)


@dataclass(frozen=True)
class Policy:
    """A reading of the posts. ``authors`` are the posts whose steps it follows; a
    rule from any other post is borrowed and may only fill a gap they leave."""

    id: str
    name: str
    summary: str
    authors: tuple[str, ...]


POLICIES: tuple[Policy, ...] = (
    Policy("balanced", "Balanced",
           "Connect when there is a reasonable basis; refuse pitches you do not need and "
           "profiles with three red flags; leave room for serendipity and value.",
           ("biehn", "cathy", "b2b")),
    Policy("selective", "Selective",
           "People you know, yes. Strangers only with a sensible message or a past "
           "encounter; an intriguing stranger gets a question first; otherwise decline.",
           ("selective",)),
    Policy("open", "Open",
           "Accept nearly everyone with a real profile, as open networkers do; know a "
           "stranger's camp before you invite them, and always write a note.",
           ("stenberg",)),
)

POLICY_IDS: tuple[str, ...] = tuple(p.id for p in POLICIES)
POLICY_BY_ID: dict[str, Policy] = {p.id: p for p in POLICIES}
DEFAULT_POLICY = "balanced"


@dataclass(frozen=True)
class Source:
    """A source post. ``detail`` says when or where it appeared, where known."""

    id: str
    author: str
    title: str
    stance: str
    detail: str = ""

    @property
    def untitled(self) -> bool:
        """An untitled post is named by its author alone; ``title`` describes it."""
        return self.title.startswith("(")


SOURCES: tuple[Source, ...] = (
    Source("biehn", "Sander Biehn",
           "Should I Connect with People I Don't Know on LinkedIn? Or… How I Met Claire",
           "Moderation: a few good reasons to connect with strangers, two reasons not to, "
           "a three-red-flags test, and room for the unexpected.",
           detail="published 3 January 2018"),
    Source("cathy", "Cathy, a LinkedIn trainer",
           "To Connect…or Not (on LinkedIn)",
           "Yes and no: check the note, the profile and the shared connections, then ask "
           "whether you would meet them for a coffee.",
           detail="with readers' comments"),
    Source("b2b", "A B2B marketing professional",
           "(untitled: accepting and sending invitations)",
           "Reach beyond your circle when there is a reasonable basis; drop people who "
           "pitch at once; invite strangers with context and value."),
    Source("selective", "A selective connector",
           "(untitled: why I rarely accept strangers)",
           "Accept people you know; give strangers a few checks (a sensible message, a past "
           "encounter, a question), otherwise decline.",
           detail="first published on LinkedIn, with readers' comments"),
    Source("stenberg", "Andrea J. Stenberg",
           "LinkedIn Connections – should you connect with people you don't know? #2",
           "Before inviting strangers, learn whether they are open networkers or selective "
           "connectors, and always personalise."),
)

SOURCE_BY_ID: dict[str, Source] = {s.id: s for s in SOURCES}
