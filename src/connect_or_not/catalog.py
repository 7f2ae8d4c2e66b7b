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

import json
from collections.abc import Iterable, Mapping
from importlib.resources import files
from typing import Any

# The ids the browser engine reads, by prefix; the rest serve the build and the CLI.
# The trainer's pages' words travel in their own script (quiz-class.js).
CLASS_PREFIXES = ("present.", "tally.")
BROWSER_PREFIXES = ("result.", "list.", "card.", "whatif.", "others.", "engine.", "error.",
                    "set.", "progress.", "storage.", "score.", "mark.", "number.", *CLASS_PREFIXES)


class CatalogError(ValueError):
    """A message file that does not fit the catalog."""


def english() -> dict[str, Any]:
    """The shipped English messages."""
    text = files(__package__).joinpath("messages", "en.json").read_text(encoding="utf-8")
    messages: dict[str, Any] = json.loads(text)
    return messages


class Catalog:
    """Messages by id, with English as the base and a site's words on top."""

    def __init__(self, lang: str = "en", overrides: Mapping[str, Any] | None = None) -> None:
        self.lang = lang
        self.messages = english()
        unknown = sorted(set(overrides or {}) - set(self.messages))
        if unknown:
            raise CatalogError(f"unknown message ids: {', '.join(unknown)}")
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
