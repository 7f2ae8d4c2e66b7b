"""The message catalog: every sentence a learner or a trainer reads, by id.

English ships in ``messages/en.json``, with the vocabulary's words (decisions, facts
and their values, policies, the posts, the rules' sentences) added under their own
ids from ``vocabulary`` and ``rules``, which stay the one place they are written.
French, German and Spanish ship beside it (``messages/fr.json``...), chosen by the
site's ``theme.language``. A site changes or translates the words without touching
code: the plugin's ``messages:`` option names a JSON file with the same ids (see the
trainer's guide), which goes over the shipped words. A message is a string with
``{name}`` placeholders or, where a count decides the form, an object of plural
forms by the CLDR categories (``one``, ``few``, ``many``, ``other``...).

Plurals and numbers follow CLDR on both sides: here through Babel, in the browser
through ``Intl.PluralRules`` and ``Intl.NumberFormat``, so that the build's pages and
the engine write "0,25 point" alike (``tests/test_contract.py`` compares them).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib.resources import files
from string import Formatter
from typing import Any

from .card import primary_language
from .rules import all_rules
from .vocabulary import DECISIONS, FACTS, POLICIES, SOURCE_BY_ID, SOURCES
from .yamlread import line_problem, unsafe_problem

# The ids the browser engine reads, by prefix; the rest serve the build and the CLI.
# The trainer's pages' words travel in their own script (quiz-class.js). The
# vocabulary's words travel in each page's config block (contract.PageConfig).
CLASS_PREFIXES = ("present.", "tally.", "studio.")
BROWSER_PREFIXES = ("result.", "list.", "card.", "whatif.", "others.", "engine.", "error.",
                    "set.", "progress.", "storage.", "lms.", "records.", "score.", "mark.",
                    "ask.",
                    *CLASS_PREFIXES)
VOCABULARY_PREFIXES = ("decision.", "fact.", "value.", "policy.", "source.", "rule.")

# The languages the course ships words for, besides English (messages/LANG.json).
SHIPPED = ("fr", "de", "es")

# Ids a site's file may still hold from an earlier version, and why they went: read
# past with a warning, never an error that would stop a course that built before.
RETIRED = {"number.decimal": "numbers are written as the site's language writes them "
                             "(theme.language)"}

# The plural categories CLDR names.
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


def vocabulary_words() -> dict[str, str]:
    """The vocabulary's learner-visible words, by catalog id."""
    words = {f"decision.{d.id}": d.label for d in DECISIONS}
    for fact in FACTS:
        words[f"fact.{fact.name}"] = fact.label
        words.update({f"fact.{fact.name}.{value}": label
                      for value, label in zip(fact.values, fact.value_labels, strict=True)})
    words.update({"value.yes": "Yes", "value.no": "No", "value.unknown": "Not said"})
    words.update({f"policy.{p.id}": p.name for p in POLICIES})
    for source in SOURCES:
        words[f"source.{source.id}"] = source.author
        if source.untitled:
            words[f"source.{source.id}.title"] = source.title
    words.update({f"rule.{rule.id}": rule.says for rule in all_rules()})
    return words


def english() -> dict[str, Any]:
    """The English messages: the shipped file, then the vocabulary's words."""
    return {**_shipped("en"), **vocabulary_words()}


@cache
def _shipped(lang: str) -> dict[str, Any]:
    path = files(__package__).joinpath("messages", f"{lang}.json")
    messages: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return messages


def shipped(lang: str) -> dict[str, Any]:
    """The course's own words in a language (its primary subtag: fr-CA reads fr), or
    nothing where it ships none."""
    primary = primary_language(lang)
    return dict(_shipped(primary)) if primary in SHIPPED else {}


class _EnglishPlural:
    """English's plural rule, as Babel's ``Locale.plural_form`` answers."""

    tags = frozenset({"one"})

    def __call__(self, count: Any) -> str:
        return "one" if count == 1 else "other"


class _English:
    """English's plural rule and number format, where Babel is not installed: the card
    studio's Python in the browser, which speaks English only (see studio.py)."""

    english_name = "English"
    plural_form = _EnglishPlural()


@cache
def locale(lang: str) -> Any:
    """The CLDR locale of a language code (babel.Locale), as near as Babel knows it,
    else English."""
    try:
        from babel import Locale, UnknownLocaleError  # noqa: PLC0415 - see _English
    except ImportError:
        return _English()
    for code in (lang.replace("_", "-"), primary_language(lang)):
        try:
            return Locale.parse(code, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale("en")


@cache
def single_forms(lang: str) -> frozenset[str]:
    """The plural forms that a single number takes in a language (English "one": 1
    alone), which a message may write without its count."""
    rule = locale(lang).plural_form
    counts = [*range(0, 1001), 0.25, 0.5, 0.75, 1.5, 2.5, 1_000_000, 2_000_000]
    taken: dict[str, int] = {}
    for count in counts:
        form = rule(_exact(count))
        taken[form] = taken.get(form, 0) + 1
    return frozenset(form for form, times in taken.items() if times == 1)


def plural_forms(lang: str) -> tuple[str, ...]:
    """The plural categories a language's messages need, ``other`` last."""
    tags = locale(lang).plural_form.tags
    return (*(form for form in PLURAL_FORMS if form in tags and form != "other"), "other")


class CatalogError(ValueError):
    """A message file that does not fit the catalog; ``key`` is the id it is about."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a message (ValueError when a brace is unpaired)."""
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def _braced(names: Iterable[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names))


def message_problem(key: str, message: Any, english_message: Any, lang: str) -> str | None:
    """Why a site's words for ``key`` cannot stand in for the English: the wrong shape,
    a plural form the language needs left out, a character that could change what a
    page shows, a title over more than one line, or placeholders other than the
    English's (one it is never given, or one the English fills and it drops)."""
    plural = isinstance(english_message, dict)
    needed = plural_forms(lang)
    if plural and not isinstance(message, dict):
        forms_json = ", ".join(f'"{form}": "..."' for form in needed)
        return f"needs its plural forms, as the English has them: {{{forms_json}}}"
    if not plural and not isinstance(message, str):
        return "must be text"
    forms = message if plural else {"": message}
    if plural and (unknown := [form for form in forms if form not in PLURAL_FORMS]):
        return f"unknown plural form {unknown[0]!r}; use {', '.join(needed)}"
    if plural and (missing := [form for form in needed if form not in forms]):
        return (f"has no {', '.join(repr(f) for f in missing)} form, which "
                f"{locale(lang).english_name} needs: give {', '.join(needed)}")
    known = _placeholders(english_message["other"] if plural else english_message)
    for form, text in forms.items():
        if not isinstance(text, str):
            return "must be text"
        problem = (line_problem(text, "the title") if key.endswith(".title")
                   else unsafe_problem(text, "the message"))
        if problem:
            return problem
        try:
            used = _placeholders(text)
        except ValueError:
            return "has a { or } without its pair; write {{ or }} for a brace itself"
        if extra := used - known - ({"count"} if plural else set()):
            return (f"names {_braced(extra)}, which it is never given; it can use "
                    f"{_braced(known) or 'no placeholder'}")
        # A form that only one number takes may word it ("une carte"); nothing else may
        # drop what the English says (French "one" is 0 and 1, and 0.5).
        dropped = known - used - ({"count"} if form in single_forms(lang) else set())
        if dropped:
            return (f"leaves out {_braced(dropped)}, which the English shows: keep every "
                    f"one of {_braced(known)}")
    return None


def _close(key: str, known: Iterable[str]) -> str:
    """The suffix " (did you mean 'x'?)" for the nearest known id, or nothing."""
    match = difflib.get_close_matches(key, list(known), n=1, cutoff=0.7)
    return f" (did you mean {match[0]!r}?)" if match else ""


def check_words(words: Mapping[str, Any], lang: str) -> None:
    """Raise CatalogError for the first id of ``words`` the catalog cannot use."""
    base = english()
    unknown = sorted(set(words) - set(base))
    if unknown:
        hints = [f"{key}{_close(key, base)}" for key in unknown]
        raise CatalogError(f"unknown message ids: {', '.join(hints)}", unknown[0])
    for key, message in words.items():
        problem = message_problem(key, message, base[key], lang)
        if problem:
            raise CatalogError(f"{key}: {problem}", key)


class Catalog:
    """Messages by id: English as the base, the course's own words in the site's
    language over it, and a site's words on top."""

    def __init__(self, lang: str = "en", overrides: Mapping[str, Any] | None = None) -> None:
        self.lang = lang
        self.retired = sorted(set(overrides or {}) & set(RETIRED))
        overrides = {k: v for k, v in (overrides or {}).items() if k not in RETIRED}
        check_words(overrides, lang)
        own = shipped(lang)
        self.messages = {**english(), **own, **(overrides or {})}
        # The ids that have words in the site's language (all of them, in English).
        in_english = primary_language(lang) == "en"
        self.translated = set(self.messages) if in_english else {*own, *(overrides or {})}

    def __call__(self, key: str, count: float | None = None, /, **params: Any) -> str:
        message = self.messages[key]
        if isinstance(message, dict):
            if count is None:
                raise CatalogError(f"message {key!r} has plural forms and needs a count")
            form = locale(self.lang).plural_form(_exact(count))
            message = message.get(form, message["other"])
            params.setdefault("count", self.number(count))
        text: str = message.format(**params)
        return text

    def number(self, value: float) -> str:
        """A number as ``Messages.number`` writes it in the browser (Intl.NumberFormat):
        at most two decimals, rounded half up, with the language's marks."""
        where = locale(self.lang)
        if isinstance(where, _English):
            return f"{_exact(value):,}"
        from babel.numbers import format_decimal  # noqa: PLC0415 - see _English
        text: str = format_decimal(_exact(value), format="#,##0.##", locale=where)
        return text

    def either(self, labels: Iterable[str]) -> str:
        """“A” or “B”, as ``Messages.either`` writes it in the browser."""
        return self("list.or").join(self("list.quoted", label=label) for label in labels)

    def every(self, labels: Iterable[str]) -> str:
        """“A”, “B” and “C”, as ``Messages.every`` writes it in the browser."""
        quoted = [self("list.quoted", label=label) for label in labels]
        last = quoted.pop()
        return f"{self('list.comma').join(quoted)}{self('list.and')}{last}" if quoted else last

    # -- the vocabulary in the site's words ----------------------------------------

    def decision(self, decision: str) -> str:
        return self(f"decision.{decision}")

    def fact(self, name: str) -> str:
        return self(f"fact.{name}")

    def value(self, name: str, value: object) -> str:
        """A fact's value as a learner reads it: an option's words, Yes/No, a number,
        or "Not said"."""
        if value is None:
            return self("value.unknown")
        if isinstance(value, bool):
            return self("value.yes" if value else "value.no")
        if isinstance(value, str):
            return self(f"fact.{name}.{value}")
        return self.number(value)  # type: ignore[arg-type]

    def policy(self, policy: str) -> str:
        return self(f"policy.{policy}")

    def says(self, rule: str) -> str:
        return self(f"rule.{rule}")

    def cite(self, source_id: str, voice: str = "post") -> str:
        """A short citation of a post: its author, and its title where it has one (a
        title is the post's own, never translated); for a reader's comment on it, or
        the author's reply to one in its comments, it says so."""
        source = SOURCE_BY_ID[source_id]
        author = self(f"source.{source_id}")
        post = author if source.untitled else self("source.cited", author=author,
                                                   title=source.title)
        return post if voice == "post" else self(f"source.{voice}", post=post)

    def split(self, sources: Iterable[str]) -> str:
        """Why several answers are best where the policy's own posts disagree."""
        return self("card.split", posts=self.every(self(f"source.{s}") for s in sources))

    def for_browser(self, prefixes: tuple[str, ...] = BROWSER_PREFIXES) -> dict[str, Any]:
        """The messages the browser engine reads (the build puts them in quiz.js and
        quiz-class.js), or those of some ``prefixes``."""
        return {k: v for k, v in self.messages.items() if k.startswith(prefixes)}


def _exact(value: float) -> Decimal | int:
    """A count as CLDR reads it: a whole number without decimals ("1", not "1.0"), or
    a decimal rounded half up to two places as Intl.NumberFormat shows it."""
    if float(value).is_integer():
        return int(value)
    return Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()


ENGLISH = Catalog()
