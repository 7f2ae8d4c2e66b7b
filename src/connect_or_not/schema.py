"""The card file's schema: one table of its keys (:data:`FIELDS`), each with how its
value is read onto the :class:`Card`, driving one loop (:func:`card_from`).

``expect`` is read here as the trainer wrote it; whether the model agrees is for
``checks``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import contract
from .card import TEXTS, Card, Choice
from .vocabulary import (
    DECISION_BY_ID,
    DEFAULT_POLICY,
    FACT_BY_NAME,
    KINDS,
    POLICY_IDS,
    SOURCE_BY_ID,
    UNKNOWN,
    decisions_for,
    facts_for,
)
from .yamlread import STR_TAG, Reader, did_you_mean, empty, line_problem

SLUG = re.compile(contract.ID_PATTERN)
# A language code as theme.language writes it (en, fr, pt-BR, zh-Hant).
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
# A card id becomes a file name and a URL: a slug, and short enough for any file system.
MAX_ID_LENGTH = 64
# A card's story or debrief: a few hundred words at most (the shipped ones are under
# 600 characters). Far past that is a stray paste, not a card, and is refused before
# any Markdown reads it.
MAX_TEXT = 4000
# The addresses of the course's own pages beside the cards' (quiz/<id>/): a card with
# one of these ids would take the page's place, or lose its own.
RESERVED_IDS = {"index": "practice index", "tally": "class tally", "sets": "quiz sets",
                "ask": "“Ask about your invitation”", "studio": "card studio"}


def slug_for(text: str) -> str:
    """A lowercase slug close to ``text``: accents dropped, words joined by dashes
    ("Élodie's card" -> "elodies-card")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain.replace("'", "")))


def id_problem(card_id: str) -> str | None:
    """Why ``card_id`` cannot name a card (and its page), with a suggestion."""
    if not SLUG.match(card_id):
        suggestion = slug_for(card_id)[:MAX_ID_LENGTH] or "my-card"
        return (f"id {card_id!r} must be a lowercase slug (a-z, 0-9, dashes); for example "
                f"{suggestion}")
    if len(card_id) > MAX_ID_LENGTH:
        return f"id is {len(card_id)} characters long; at most {MAX_ID_LENGTH}"
    if card_id in RESERVED_IDS:
        return (f"id {card_id!r} is the address of the course's {RESERVED_IDS[card_id]} page "
                f"(quiz/{card_id}/); choose another, for example {card_id}-card")
    return None


@dataclass(frozen=True)
class Field:
    """A key of a card file and how its value is read onto the card. ``by_kind``: read
    once the card's kind is known, which its values depend on."""

    key: str
    read: Callable[[Reader, Node, Card], None]
    required: bool = False
    by_kind: bool = False


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _text(key: str, *, one_line: bool = False) -> Callable[[Reader, Node, Card], None]:
    """A card's text: one text, or a mapping from language code to text."""
    def checked(reader: Reader, node: Node, what: str) -> str:
        text = reader.text(node, what)
        if text is None:
            return ""
        if not one_line and len(text) > MAX_TEXT:
            reader.error(node, f"{what} is {len(text):,} characters long; a card holds at most "
                               f"{MAX_TEXT:,} (about 600 words): shorten it, or make it two cards")
            return ""
        problem = line_problem(text, what) if one_line else (
            None if text.strip() else f"{what} is empty")
        if problem:
            reader.error(node, problem)
        return text

    def read(reader: Reader, node: Node, card: Card) -> None:
        if not isinstance(node, MappingNode):
            card.where[f"{key}.text"] = text_start(node)
            setattr(card, key, checked(reader, node, key))
            return
        pairs = reader.mapping(node, key)
        if not pairs:
            reader.error(node, f"{key} gives no language: write {key}: {{en: ..., fr: ...}} "
                         "or one text")
        for lang, lang_node, value in pairs:
            if not LANGUAGE.match(lang):
                reader.error(lang_node, f"{lang!r} is not a language code; write one as "
                             "theme.language does (en, fr, de, es, pt-BR)")
                continue
            card.texts.setdefault(lang, {})[key] = checked(reader, value, f"{key} ({lang})")
            card.where[f"{key}.text.{lang}"] = text_start(value)
            card.where[f"{key}.{lang}"] = (lang_node.start_mark.line + 1,
                                           lang_node.start_mark.column + 1)
            card.where.setdefault(f"{key}.text", text_start(value))
        if pairs:  # the card's first language stands for it where no language is asked
            first = "en" if "en" in card.texts else next(iter(card.texts), "")
            setattr(card, key, card.texts.get(first, {}).get(key, ""))
    return read


def _same_languages(reader: Reader, fields: dict[str, tuple[Any, Node]], card: Card) -> None:
    """A card in several languages gives each of its texts in every one of them, so
    that one card's facts and answers are shown whole in each."""
    given = [key for key in TEXTS if key in fields]
    per_language = [key for key in given if isinstance(fields[key][1], MappingNode)]
    if not per_language:
        return
    languages = sorted(card.texts)
    for key in given:
        key_node, value = fields[key]
        if key not in per_language:
            reader.error(value, f"{key} is one text, but {per_language[0]} is given per "
                         f"language ({', '.join(languages)}): give {key} in each of them too")
            continue
        if missing := [lang for lang in languages if key not in card.texts[lang]]:
            reader.error(key_node, f"{key} has no text in {', '.join(missing)}, which the "
                         "card's other texts are written in; add it, or drop that language "
                         "from them")


def text_start(node: Node) -> tuple[int, int]:
    """Where a text's first line is in the file: the line after a block scalar's ``|``
    or ``>``, at its indentation; else where the value starts."""
    mark = node.start_mark
    if getattr(node, "style", None) in ("|", ">") and mark.buffer:
        lines = mark.buffer.split("\n")[mark.line + 1:]
        text = next((line for line in lines if line.strip()), "")
        return mark.line + 2, len(text) - len(text.lstrip(" ")) + 1
    return mark.line + 1, mark.column + 1


def _id(reader: Reader, node: Node, card: Card) -> None:
    card.id = reader.text(node, "id") or card.id
    problem = id_problem(card.id)
    if problem:
        reader.error(node, problem)


def _kind(reader: Reader, node: Node, card: Card) -> None:
    card.kind = reader.word(node, "kind", KINDS) or ""


def _draft(reader: Reader, node: Node, card: Card) -> None:
    card.draft = bool(reader.boolean(node, "draft"))


def _tags(reader: Reader, node: Node, card: Card) -> None:
    tags = []
    for item in reader.sequence(node, "tags"):
        text = reader.text(item, "tag")
        if text is not None and not SLUG.match(text):
            reader.error(item, f"tag {text!r} must be a lowercase slug (a-z, 0-9, dashes)")
        elif text is not None:
            tags.append(text)
    card.tags = tuple(tags)


def _sources(reader: Reader, node: Node, card: Card) -> None:
    card.sources = tuple(s for item in reader.sequence(node, "sources")
                         if (s := reader.word(item, "source", SOURCE_BY_ID)) is not None)


def _facts(reader: Reader, node: Node, card: Card) -> None:
    if empty(node):
        return
    allowed = {f.name for f in facts_for(card.kind)}
    for name, key_node, value_node in reader.mapping(node, "facts"):
        fact = FACT_BY_NAME.get(name)
        if fact is None:
            reader.error(key_node, f"unknown fact {name!r}{did_you_mean(name, FACT_BY_NAME)}")
            continue
        if name not in allowed:
            reader.error(key_node, f"fact {name!r} is for {' and '.join(fact.kinds)} cards, "
                         f"not {card.kind} cards")
            continue
        what = f"fact {name!r}"
        got: bool | int | str | None
        if isinstance(value_node, ScalarNode) and value_node.tag == STR_TAG \
                and value_node.value == UNKNOWN:
            # Every fact takes ``unknown``: the only way to leave it open.
            got = UNKNOWN
        elif fact.type == "bool":
            got = reader.boolean(value_node, what)
        elif fact.type == "int":
            got = reader.count(value_node, what)
        else:
            got = reader.word(value_node, f"value of {name!r}", fact.values)
        if got is not None:
            card.facts[name] = got


def _choices(reader: Reader, node: Node, card: Card) -> None:
    choices: list[Choice] = []
    for item in reader.sequence(node, "choices"):
        if isinstance(item, ScalarNode):
            decision, label = _decision(reader, item, card, "choices", "decision"), None
        else:
            pairs = {k: (kn, v) for k, kn, v in reader.mapping(item, "a choice")}
            for key, (key_node, _) in pairs.items():
                if key not in ("decision", "label"):
                    reader.error(key_node, f"unknown key {key!r} in a choice; use decision "
                                 "and label")
            if "decision" not in pairs:
                reader.error(item, "a choice needs a decision")
                continue
            decision = _decision(reader, pairs["decision"][1], card, "choices", "decision")
            label = reader.text(pairs["label"][1], "label") if "label" in pairs else None
        if decision is None:
            continue
        if any(c.decision == decision for c in choices):
            reader.error(item, f"decision {decision!r} is listed twice in choices")
            continue
        choices.append(Choice(decision, label or ""))
    if not choices and isinstance(node, SequenceNode):
        reader.error(node, "choices is empty; leave it out to show every decision")
    card.choices = tuple(choices)


def _expect(reader: Reader, node: Node, card: Card) -> None:
    """A decision (for the default policy) or, per policy, a decision or a list of
    the decisions the trainer expects to be best (several where the case is open)."""
    if not isinstance(node, MappingNode):
        decisions = _expected(reader, node, card)
        card.expect = {DEFAULT_POLICY: decisions} if decisions else {}
        return
    for policy, key_node, value_node in reader.mapping(node, "expect"):
        if policy not in POLICY_IDS:
            reader.error(key_node, f"unknown policy {policy!r}; expected one of "
                         f"{', '.join(POLICY_IDS)}{did_you_mean(policy, POLICY_IDS)}")
            continue
        if decisions := _expected(reader, value_node, card):
            card.expect[policy] = decisions


def _expected(reader: Reader, node: Node, card: Card) -> tuple[str, ...]:
    items = reader.sequence(node, "expect") if isinstance(node, SequenceNode) else [node]
    if isinstance(node, SequenceNode) and not items:
        reader.error(node, "expect lists no decision; name at least one")
    words = [_decision(reader, item, card) for item in items]
    for item, word in zip(items, words, strict=True):
        if word and words.count(word) > 1 and item is not items[words.index(word)]:
            reader.error(item, f"expect lists {word!r} twice")
            return ()
    return tuple(w for w in words if w) if all(words) else ()


def _decision(reader: Reader, node: Node, card: Card, key: str = "expect",
              what: str = "") -> str | None:
    """A decision id under ``key`` (expect or choices). A label (the vocabulary's, or
    the card's own choice's) is not one: the trainer is told the id it stands for."""
    options = decisions_for(card.kind)
    if isinstance(node, ScalarNode) and node.value not in options:
        by_label = {DECISION_BY_ID[d].label.casefold(): d for d in options}
        by_label.update({c.label.casefold(): c.decision for c in card.choices})
        said = " ".join(node.value.split()).casefold()
        if close := difflib.get_close_matches(said, list(by_label), n=1, cutoff=0.75):
            meant = by_label[close[0]]
            takes = "takes" if key == "expect" else "take"  # "choices take"
            reader.error(node, f"{key} {takes} decision ids, not labels: write {meant!r} "
                         f"for “{card.label(meant)}” (the ids of {_a(card.kind)} card: "
                         f"{', '.join(options)})")
            return None
    return reader.word(node, what or f"decision for {_a(card.kind)} card", options)


# Every key a card file may have, in the order the trainer's guide lists them.
FIELDS: tuple[Field, ...] = (
    Field("id", _id),
    Field("title", _text("title", one_line=True), required=True),
    Field("kind", _kind, required=True),
    Field("draft", _draft),
    Field("tags", _tags),
    Field("story", _text("story"), required=True),
    Field("facts", _facts, by_kind=True),
    Field("expect", _expect, by_kind=True),
    Field("debrief", _text("debrief")),
    Field("sources", _sources),
    Field("choices", _choices, by_kind=True),
)
KEYS = tuple(field.key for field in FIELDS)


def card_from(reader: Reader, root: Node, default_id: str) -> Card | None:
    """The card a document's root describes (None without a usable kind); every
    problem goes to ``reader``."""
    fields: dict[str, tuple[Any, Node]] = {
        key: (key_node, value) for key, key_node, value in reader.mapping(root, "a card")}
    for key, (key_node, _) in fields.items():
        if key in FACT_BY_NAME:
            reader.error(key_node, f"{key!r} is a fact, but it is not under facts: indent "
                         "it two spaces, like a fact under facts:")
        elif key not in KEYS:
            reader.error(key_node, f"unknown key {key!r}{did_you_mean(key, KEYS)}")
    for field in FIELDS:
        if field.required and field.key not in fields:
            reader.error(root, f"missing required key {field.key!r}")
    where = {key: (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
             for key, (key_node, _) in fields.items()}
    card = Card(id=default_id, kind="", facts={}, path=reader.path, where=where)
    if "id" not in fields and (problem := id_problem(default_id)):
        reader.error(root, f"the file name gives the card its id: {problem}; rename the file "
                     "or set id:")
    # The kind first: the fields read by kind depend on it; expect last, as it may be
    # written with a choice's own label.
    for field in sorted(FIELDS, key=lambda f: (f.by_kind, f.key == "expect")):
        if field.key in fields and (card.kind or not field.by_kind):
            field.read(reader, fields[field.key][1], card)
    _same_languages(reader, fields, card)
    return card if card.kind else None
