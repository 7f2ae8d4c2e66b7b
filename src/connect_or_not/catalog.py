"""The message catalog: every sentence a learner or a trainer reads, by id.

English ships in ``messages/en.json``. A site changes or translates the words
without touching code: the plugin's ``messages:`` option names a JSON file with
the same ids (see the trainer's guide). A message is a string with ``{name}``
placeholders or, where a count decides the form, an object of plural forms by the
categories that ``Intl.PluralRules`` names (``one``, ``few``, ``many``, ``other``...).

The browser gets its messages in the built quiz.js and picks the plural form with
``Intl.PluralRules``; Python uses the English rule (``one`` for 1).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from importlib.resources import files
from string import Formatter
from typing import Any

from .yamlread import line_problem, unsafe_problem

# The ids the browser engine reads, by prefix; the rest serve the build and the CLI.
# The trainer's pages' words travel in their own script (quiz-class.js).
CLASS_PREFIXES = ("present.", "tally.")
BROWSER_PREFIXES = ("result.", "list.", "card.", "whatif.", "others.", "engine.", "error.",
                    "set.", "progress.", "storage.", "lms.", "score.", "mark.", "number.",
                    *CLASS_PREFIXES)


# The plural categories Intl.PluralRules names.
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


class CatalogError(ValueError):
    """A message file that does not fit the catalog; ``key`` is the id it is about."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


def english() -> dict[str, Any]:
    """The shipped English messages."""
    text = files(__package__).joinpath("messages", "en.json").read_text(encoding="utf-8")
    messages: dict[str, Any] = json.loads(text)
    return messages


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a message (ValueError when a brace is unpaired)."""
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def _message_problem(key: str, message: Any, english_message: Any) -> str | None:
    """Why a site's words for ``key`` cannot stand in for the English: the wrong shape,
    a character that could change what a page shows, a title over more than one line,
    or a placeholder the English does not fill."""
    plural = isinstance(english_message, dict)
    if plural and not (isinstance(message, dict) and "other" in message):
        return ('needs its plural forms, as the English has them: {"one": "...", '
                '"other": "..."}')
    forms = message if plural else {"": message}
    known = _placeholders(english_message["other"] if plural else english_message)
    for form, text in forms.items():
        if form not in PLURAL_FORMS and plural:
            return f"unknown plural form {form!r}; use {', '.join(PLURAL_FORMS)}"
        if not isinstance(text, str):
            return "must be text"
        problem = (line_problem(text, "the title") if key.endswith(".title")
                   else unsafe_problem(text, "the message"))
        if problem:
            return problem
        try:
            extra = _placeholders(text) - known - ({"count"} if plural else set())
        except ValueError:
            return "has a { or } without its pair; write {{ or }} for a brace itself"
        if extra:
            braced = [f"{{{name}}}" for name in sorted(known)]
            return (f"names {', '.join(f'{{{name}}}' for name in sorted(extra))}, which it is "
                    f"never given; it can use {', '.join(braced) or 'no placeholder'}")
    return None


def _close(key: str, known: Iterable[str]) -> str:
    """The suffix " (did you mean 'x'?)" for the nearest known id, or nothing."""
    match = difflib.get_close_matches(key, list(known), n=1, cutoff=0.7)
    return f" (did you mean {match[0]!r}?)" if match else ""


class Catalog:
    """Messages by id, with English as the base and a site's words on top."""

    def __init__(self, lang: str = "en", overrides: Mapping[str, Any] | None = None) -> None:
        self.lang = lang
        self.messages = english()
        unknown = sorted(set(overrides or {}) - set(self.messages))
        if unknown:
            hints = [f"{key}{_close(key, self.messages)}" for key in unknown]
            raise CatalogError(f"unknown message ids: {', '.join(hints)}", unknown[0])
        for key, message in (overrides or {}).items():
            problem = _message_problem(key, message, self.messages[key])
            if problem:
                raise CatalogError(f"{key}: {problem}", key)
        self.messages.update(overrides or {})

    def __call__(self, key: str, count: float | None = None, /, **params: Any) -> str:
        message = self.messages[key]
        if isinstance(message, dict):
            if count is None:
                raise CatalogError(f"message {key!r} has plural forms and needs a count")
            message = message.get("one" if count == 1 else "other", message["other"])
            params.setdefault("count", count)
        text: str = message.format(**params)
        return text

    def number(self, value: float) -> str:
        """A number as ``Messages.number`` writes it in the browser: at most two
        decimals, with the catalog's decimal mark."""
        return f"{round(value, 2):g}".replace(".", self("number.decimal"))

    def either(self, labels: Iterable[str]) -> str:
        """“A” or “B”, as ``Messages.either`` writes it in the browser."""
        return self("list.or").join(self("list.quoted", label=label) for label in labels)

    def every(self, labels: Iterable[str]) -> str:
        """“A”, “B” and “C”, as ``Messages.every`` writes it in the browser."""
        quoted = [self("list.quoted", label=label) for label in labels]
        last = quoted.pop()
        return f"{self('list.comma').join(quoted)}{self('list.and')}{last}" if quoted else last

    def for_browser(self, prefixes: tuple[str, ...] = BROWSER_PREFIXES) -> dict[str, Any]:
        """The messages the browser engine reads (the build puts them in quiz.js and
        quiz-class.js), or those of some ``prefixes``."""
        return {k: v for k, v in self.messages.items() if k.startswith(prefixes)}


ENGLISH = Catalog()
