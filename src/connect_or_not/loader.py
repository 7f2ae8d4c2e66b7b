"""Read trainers' YAML cards strictly. The only module that imports ``yaml``.

Every problem becomes a :class:`Problem` with the file, line and column of the
offending node; the loader collects all problems of a file instead of stopping at
the first. It never constructs Python objects from tags, never follows anchors or
aliases, refuses files over :data:`MAX_BYTES` before parsing and documents nested
deeper than :data:`MAX_DEPTH`.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import contract
from .card import Card, Choice
from .model import best_for, evaluate
from .vocabulary import (
    DEFAULT_POLICY,
    FACT_BY_NAME,
    KINDS,
    POLICY_IDS,
    SOURCE_BY_ID,
    decisions_for,
    facts_for,
)

MAX_BYTES = 256 * 1024
MAX_DEPTH = 12
MAX_ITEMS = 200  # entries in one list (tags, choices, sources)
SLUG = re.compile(contract.ID_PATTERN)
# A card id becomes a file name and a URL: a slug, and short enough for any file system.
MAX_ID_LENGTH = 64
# Text a terminal or a page could be fooled by: control characters other than line
# breaks and tabs (YAML escapes such as "\e" make them), bidirectional overrides,
# and lone surrogates.
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e"
                         "\u2066-\u2069\ud800-\udfff]")
DECIMAL = re.compile(r"^[+-]?[0-9]+$")
KEYS = ("id", "title", "kind", "draft", "tags", "story", "facts", "expect", "debrief",
        "sources", "choices")
REQUIRED = ("title", "kind", "story")
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_WORDS_FOR_TAGS = {
    _BOOL: "a true/false value",
    _INT: "a whole number",
    "tag:yaml.org,2002:float": "a decimal number",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One error in a card file, printed as ``file:line:col: message``."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class _Stop(Exception):
    """A problem after which the rest of the document cannot be read."""


class _StrictLoader(yaml.SafeLoader):
    """A safe composer that refuses tags, anchors, aliases and deep nesting.

    It composes nodes (with their marks) but constructs nothing: our own walk turns
    nodes into values, so no tag can ever reach a constructor.
    """

    def __init__(self, stream: str, report: Callable[[Any, str], None]) -> None:
        super().__init__(stream)
        self._report = report
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            self.get_event()  # type: ignore[no-untyped-call]
            self._report(event.start_mark, "aliases (*name) are not allowed in a card; "
                         "write the value out")
            start: Any = event.start_mark  # PyYAML's C and Python marks differ in type only
            end: Any = event.end_mark
            return ScalarNode(_STR, "", start, end)
        if event.anchor is not None:
            self._report(event.start_mark, "anchors (&name) are not allowed in a card")
        if isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag not in (None, "!"):
            self._report(event.start_mark, f"YAML tags such as {event.tag} are not allowed "
                         "in a card; remove the tag")
            event.tag = None
        self._depth += 1
        if self._depth > MAX_DEPTH:
            self._report(event.start_mark, f"nested deeper than {MAX_DEPTH} levels")
            raise _Stop
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """The suffix "; did you mean 'x'?" for the closest of ``options``, or "" when
    none is close."""
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def _decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if len(data) > MAX_BYTES:
        return None, [Problem(path, 1, 1, f"file is over {MAX_BYTES // 1024} KiB, the most a "
                              "card may be; split it or shorten the story")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        column = err.start - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(path, line, column, f"not UTF-8 text (byte 0x{data[err.start]:02x}); "
                              "save the file as UTF-8")]
    return text.removeprefix("\ufeff"), []


class _Card:
    """Walks one document's nodes into a :class:`Card`, collecting problems."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems

    def error(self, node_or_mark: Any, message: str) -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    # -- scalars ---------------------------------------------------------------

    def text(self, node: Node, what: str) -> str | None:
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} must be text, not a {_shape(node)}")
            return None
        if node.tag == _NULL and not node.value:
            self.error(node, f"{what} is empty: write it after the colon, or delete the line")
            return None
        if node.tag != _STR:
            hint = ""
            if node.tag == _BOOL:
                hint = " (YAML reads yes/no/on/off as true/false)"
            self.error(node, f"{what} must be text, but {node.value!r} is read as "
                       f"{_WORDS_FOR_TAGS.get(node.tag, 'another type')}{hint}; put it in quotes")
            return None
        text: str = node.value
        unsafe = UNSAFE_TEXT.search(text)
        if unsafe:
            self.error(node, f"{what} holds the invisible character U+{ord(unsafe.group()):04X}, "
                       "which could change what a terminal or a page shows; remove it")
            return None
        return text

    def word(self, node: Node, what: str, options: Iterable[str]) -> str | None:
        options = tuple(options)
        value = self.text(node, what)
        if value is None:
            return None
        if value not in options:
            self.error(node, f"unknown {what} {value!r}; expected one of "
                       f"{', '.join(options)}{did_you_mean(value, options)}")
            return None
        return value

    def boolean(self, node: Node, what: str) -> bool | None:
        if (isinstance(node, ScalarNode) and node.tag == _BOOL
                and node.value in ("true", "false")):
            return bool(node.value == "true")
        shown = node.value if isinstance(node, ScalarNode) else f"a {_shape(node)}"
        self.error(node, f"{what} must be true or false, not {shown!r}")
        return None

    def count(self, node: Node, what: str) -> int | None:
        if isinstance(node, ScalarNode) and node.tag == _INT and DECIMAL.match(node.value):
            if len(node.value.lstrip("+-0")) > 9:
                self.error(node, f"{what} is too large; write a count of under a billion")
                return None
            value = int(node.value)
            if value >= 0:
                return value
            self.error(node, f"{what} must be 0 or more, not {value}")
            return None
        shown = node.value if isinstance(node, ScalarNode) else f"a {_shape(node)}"
        self.error(node, f"{what} must be a whole number (0 or more), not {shown!r}")
        return None

    # -- collections -------------------------------------------------------------

    def mapping(self, node: Node, what: str) -> list[tuple[str, ScalarNode, Node]]:
        """The pairs of a mapping with text keys, reporting duplicates."""
        if not isinstance(node, MappingNode):
            hint = ""
            if isinstance(node, ScalarNode) and re.search(r"\w:\S", node.value):
                hint = "; put a space after the colon: 'key: value'"
            self.error(node, f"{what} must be a mapping (key: value lines), not a "
                       f"{_shape(node)}{hint}")
            return []
        pairs: list[tuple[str, ScalarNode, Node]] = []
        seen: dict[str, ScalarNode] = {}
        for key_node, value_node in node.value:
            key = self.text(key_node, "a key")
            if key is None:
                continue
            if key in seen:
                self.error(key_node, f"duplicate key {key!r} (first on line {seen[key]})")
                continue
            seen[key] = key_node.start_mark.line + 1
            pairs.append((key, key_node, value_node))
        return pairs

    def sequence(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, SequenceNode):
            if len(node.value) > MAX_ITEMS:
                self.error(node, f"{what} has {len(node.value)} entries; at most {MAX_ITEMS}")
                return []
            return list(node.value)
        self.error(node, f"{what} must be a list, not a {_shape(node)}")
        return []

    # -- the card ------------------------------------------------------------------

    def card(self, root: Node, default_id: str) -> Card | None:
        fields = {key: (key_node, value) for key, key_node, value in self.mapping(root, "a card")}
        for key, (key_node, _) in fields.items():
            if key in FACT_BY_NAME:
                self.error(key_node, f"{key!r} is a fact, but it is not under facts: indent "
                           "it two spaces, like a fact under facts:")
            elif key not in KEYS:
                self.error(key_node, f"unknown key {key!r}{did_you_mean(key, KEYS)}")
        for key in REQUIRED:
            if key not in fields:
                self.error(root, f"missing required key {key!r}")
        where = {k: (kn.start_mark.line + 1, kn.start_mark.column + 1)
                 for k, (kn, _) in fields.items()}

        def value(key: str) -> Node | None:
            return fields[key][1] if key in fields else None

        card_id = default_id
        if (node := value("id")) is not None:
            card_id = self.text(node, "id") or default_id
            if not SLUG.match(card_id):
                self.error(node, f"id {card_id!r} must be a lowercase slug (a-z, 0-9, dashes)")
            elif len(card_id) > MAX_ID_LENGTH:
                self.error(node, f"id is {len(card_id)} characters long; at most "
                           f"{MAX_ID_LENGTH}")
        elif not SLUG.match(default_id) or len(default_id) > MAX_ID_LENGTH:
            self.error(root, f"the file name gives the id {default_id[:80]!r}, which is not a "
                       f"lowercase slug of at most {MAX_ID_LENGTH} characters; rename the file "
                       "or set id:")
        kind = self.word(fields["kind"][1], "kind", KINDS) if "kind" in fields else None
        card = Card(id=card_id, kind=kind or "", facts={}, path=self.path, where=where)
        for key in ("title", "story", "debrief"):
            if (node := value(key)) is not None:
                text = self.text(node, key)
                if text is not None and not text.strip():
                    self.error(node, f"{key} is empty")
                elif key == "title" and text is not None and "\n" in text.strip():
                    self.error(node, "title must be one line (it heads the card and names "
                               "its page)")
                setattr(card, key, text or "")
        if (node := value("draft")) is not None:
            card.draft = bool(self.boolean(node, "draft"))
        if (node := value("tags")) is not None:
            card.tags = tuple(self._slugs(node, "tag"))
        if (node := value("sources")) is not None:
            card.sources = tuple(
                s for n in self.sequence(node, "sources")
                if (s := self.word(n, "source", SOURCE_BY_ID)) is not None)
        if kind is None:
            return None  # facts, choices and expect all depend on the kind
        if (node := value("facts")) is not None and not _empty(node):
            card.facts = self._facts(node, kind)
        if (node := value("choices")) is not None:
            card.choices = self._choices(node, kind)
        if (node := value("expect")) is not None:
            card.expect = self._expect(node, kind)
        return card

    def _slugs(self, node: Node, what: str) -> list[str]:
        out = []
        for item in self.sequence(node, f"{what}s"):
            text = self.text(item, what)
            if text is not None and not SLUG.match(text):
                self.error(item, f"{what} {text!r} must be a lowercase slug (a-z, 0-9, dashes)")
            elif text is not None:
                out.append(text)
        return out

    def _facts(self, node: Node, kind: str) -> dict[str, Any]:
        facts: dict[str, Any] = {}
        allowed = {f.name for f in facts_for(kind)}
        for name, key_node, value_node in self.mapping(node, "facts"):
            fact = FACT_BY_NAME.get(name)
            if fact is None:
                self.error(key_node, f"unknown fact {name!r}{did_you_mean(name, FACT_BY_NAME)}")
                continue
            if name not in allowed:
                self.error(key_node, f"fact {name!r} is for {' and '.join(fact.kinds)} cards, "
                           f"not {kind} cards")
                continue
            what = f"fact {name!r}"
            got: bool | int | str | None
            if fact.type == "bool":
                got = self.boolean(value_node, what)
            elif fact.type == "int":
                got = self.count(value_node, what)
            else:
                got = self.word(value_node, f"value of {name!r}", fact.values)
            if got is not None:
                facts[name] = got
        return facts

    def _choices(self, node: Node, kind: str) -> tuple[Choice, ...]:
        options = decisions_for(kind)
        defaults = {c.decision: c.label for c in Card("", kind, {}).shown_choices()}
        choices: list[Choice] = []
        for item in self.sequence(node, "choices"):
            if isinstance(item, ScalarNode):
                decision, label = self.word(item, "decision", options), None
            else:
                pairs = {k: (kn, v) for k, kn, v in self.mapping(item, "a choice")}
                for key, (key_node, _) in pairs.items():
                    if key not in ("decision", "label"):
                        self.error(key_node, f"unknown key {key!r} in a choice; use decision "
                                   "and label")
                if "decision" not in pairs:
                    self.error(item, "a choice needs a decision")
                    continue
                decision = self.word(pairs["decision"][1], "decision", options)
                label = self.text(pairs["label"][1], "label") if "label" in pairs else None
            if decision is None:
                continue
            if any(c.decision == decision for c in choices):
                self.error(item, f"decision {decision!r} is listed twice in choices")
                continue
            choices.append(Choice(decision, label or defaults[decision]))
        if node is not None and not choices and isinstance(node, SequenceNode):
            self.error(node, "choices is empty; leave it out to show every decision")
        return tuple(choices)

    def _expect(self, node: Node, kind: str) -> dict[str, tuple[str, ...]]:
        """A decision (for the default policy) or, per policy, a decision or a list of
        the decisions the trainer expects to be best (several where the case is open)."""
        if not isinstance(node, MappingNode):
            decisions = self._expected(node, kind)
            return {DEFAULT_POLICY: decisions} if decisions else {}
        expect = {}
        for policy, key_node, value_node in self.mapping(node, "expect"):
            if policy not in POLICY_IDS:
                self.error(key_node, f"unknown policy {policy!r}; expected one of "
                           f"{', '.join(POLICY_IDS)}{did_you_mean(policy, POLICY_IDS)}")
                continue
            if decisions := self._expected(value_node, kind):
                expect[policy] = decisions
        return expect

    def _expected(self, node: Node, kind: str) -> tuple[str, ...]:
        items = self.sequence(node, "expect") if isinstance(node, SequenceNode) else [node]
        if isinstance(node, SequenceNode) and not items:
            self.error(node, "expect lists no decision; name at least one")
        words = [self.word(item, f"decision for {_a(kind)} card", decisions_for(kind))
                 for item in items]
        for item, word in zip(items, words, strict=True):
            if word and words.count(word) > 1 and item is not items[words.index(word)]:
                self.error(item, f"expect lists {word!r} twice")
                return ()
        return tuple(w for w in words if w) if all(words) else ()


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _empty(node: Node) -> bool:
    """``key:`` with nothing after it (every line below commented out, say)."""
    return isinstance(node, ScalarNode) and node.tag == _NULL and not node.value


def _shape(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    return "value"


def parse_card(data: bytes, path: str = "<card>") -> tuple[Card | None, list[Problem]]:
    """Parse one card file's bytes. Returns the card (None if unusable) and problems.

    ``expect`` is not checked here; :func:`check_expect` compares it with the model.
    """
    text, problems = _decode(data, path)
    if text is None:
        return None, problems
    reader = _Card(path, problems)
    loader = None
    try:
        loader = _StrictLoader(text, reader.error)  # checks for unprintable characters
        root = loader.get_single_node()
    except _Stop:
        return None, sorted(problems)
    except yaml.composer.ComposerError as err:
        if "expected a single document" in str(err):
            reader.error(err.problem_mark, "a card file holds one document; remove the extra "
                       "'---' or split the cards into files")
        else:
            reader.error(*_yaml_message(err, text))
        return None, sorted(problems)
    except yaml.MarkedYAMLError as err:
        reader.error(*_yaml_message(err, text))
        return None, sorted(problems)
    except (ValueError, OverflowError):
        # PyYAML builds an escape such as "\U00110000" with chr(), which refuses it.
        mark = loader.get_mark() if loader is not None else _Mark(0, 0)
        reader.error(mark, "an escape sequence (\\U..., \\x...) that is not a character; "
                     "write the character itself")
        return None, sorted(problems)
    except yaml.reader.ReaderError as err:
        before = text[: err.position]
        mark = _Mark(before.count("\n"), err.position - (before.rfind("\n") + 1))
        reader.error(mark, f"character U+{err.character:04X} is not allowed in YAML; remove it"
                   if isinstance(err.character, int) else str(err))
        return None, sorted(problems)
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:
        reader.error(_Mark(0, 0), "the file is empty")
        return None, problems
    default_id = Path(path).stem if is_card_file(Path(path)) else Path(path).name
    card = reader.card(root, default_id)
    return (card if not problems else None), sorted(problems)


@dataclass(frozen=True)
class _Mark:
    line: int
    column: int


def _yaml_message(err: yaml.MarkedYAMLError, text: str) -> tuple[Any, str]:
    """PyYAML's error in plain words, at the line the trainer must change."""
    lines = text.splitlines()
    mark: Any = err.problem_mark or err.context_mark
    problem, context = err.problem or "", err.context or ""

    def line(at: Any) -> str:
        return lines[at.line] if at is not None and at.line < len(lines) else ""

    if "'\\t'" in problem or "\t" in problem:
        return mark, "a tab character: YAML indents with spaces only; replace it with spaces"
    if problem == "mapping values are not allowed here":
        here = line(mark)
        key = re.match(r"\s*([A-Za-z_][\w-]*):\s", here)
        if key and mark.column > here.index(":"):
            start = _Mark(mark.line, key.end())
            return start, (f"the text after '{key.group(1)}:' holds a colon and a space, which "
                           f"YAML reads as another key; put the text in quotes: "
                           f"{key.group(1)}: \"...\"")
        indent = len(here) - len(here.lstrip())
        return _Mark(mark.line, indent), ("this line is indented more than the one above it; "
                                          "line it up with its neighbours (facts two spaces in, "
                                          "under facts:)")
    if "could not find expected ':'" in problem and err.context_mark is not None:
        at = err.context_mark
        if re.match(r"\s*[A-Za-z_][\w-]*:\S", line(at)):
            return at, "put a space after the colon: 'key: value'"
        return at, ("this line is not a 'key: value' line: if it continues the text above "
                    "(a story or a debrief), indent it like the lines above it")
    if "expected <block end>" in problem:
        return mark, ("this line is not lined up with the lines above it; indent it like its "
                      "neighbours")
    parts = [p for p in (context, problem) if p]
    return mark, "invalid YAML: " + ", ".join(parts)


def check_class_policy(card: Card, policy: str, settings: str = "mkdocs.yml") -> list[Problem]:
    """A warning for a card whose ``expect`` says nothing about the class's policy
    when that policy is not the default: its answer there has never been checked."""
    if policy == DEFAULT_POLICY or not card.expect or policy in card.expect:
        return []
    line, column = card.where.get("expect", (1, 1))
    best = best_for(card.kind, policy, card.facts)
    return [Problem(card.path, line, column,
                    f"warning: expect gives no answer for the {policy} policy, which this "
                    f"course uses ({settings}); the model answers {' or '.join(map(repr, best))}"
                    f" there: add '{policy}: {_listed(best)}' under expect, or say what you "
                    "expect")]


def _listed(decisions: Sequence[str]) -> str:
    return decisions[0] if len(decisions) == 1 else f"[{', '.join(decisions)}]"


def check_expect(card: Card) -> list[Problem]:
    """Problems where the trainer's ``expect`` names an answer the model does not make
    best."""
    problems = []
    line, column = card.where.get("expect", (1, 1))
    for policy, expected in card.expect.items():
        # The best answer alone is cheap; the full verdict only explains a mismatch.
        best = best_for(card.kind, policy, card.facts)
        wrong = [d for d in expected if d not in best]
        if not wrong:
            continue
        verdict = evaluate(card, policy)
        why = "; ".join(f"{r.rule} ({r.source}): {r.says}" for r in verdict.reasons)
        problems.append(Problem(
            card.path, line, column,
            f"expect says {' and '.join(map(repr, wrong))} but under the {policy} policy the "
            f"model's best answer is {' or '.join(repr(b) for b in verdict.best)}, because "
            f"{why}"))
    return problems


def check_unknowns(card: Card) -> list[Problem]:
    """Warnings for a best answer that turns on facts the card leaves out, under a
    policy whose ``expect`` does not already list every answer it leaves open."""
    problems = []
    line, column = card.where.get("facts", (1, 1))
    for policy in POLICY_IDS:
        verdict = evaluate(card, policy)
        if not verdict.unknown or set(card.expect.get(policy, ())) == set(verdict.best):
            continue
        facts = " and ".join(verdict.unknown)
        problems.append(Problem(
            card.path, line, column,
            f"warning: under the {policy} policy the answer depends on {facts}, which this "
            f"card does not say; "
            f"say it under facts, or keep both answers (expect: {policy}: "
            f"{_listed(verdict.best)})"))
    return problems


def check_choices(card: Card) -> list[Problem]:
    """A card that lists its ``choices`` must show a best answer under every policy."""
    if not card.choices:
        return []
    shown = {c.decision for c in card.choices}
    line, column = card.where.get("choices", (1, 1))
    problems = []
    for policy in POLICY_IDS:
        best = best_for(card.kind, policy, card.facts)
        if not shown & set(best):
            problems.append(Problem(
                card.path, line, column,
                f"choices leave out the best answer under the {policy} policy "
                f"({' or '.join(repr(b) for b in best)}); add it to choices, or leave "
                "choices out to show every decision"))
    return problems


def is_card_file(path: Path) -> bool:
    """A .yaml or .yml file (any case), but not a hidden one such as the ``._name``
    files macOS leaves on shared drives."""
    return path.suffix.lower() in (".yaml", ".yml") and not path.name.startswith(".")


def _unreadable(problems: list[Problem], error: OSError) -> None:
    problems.append(Problem(str(error.filename), 1, 1, "cannot read this folder "
                            f"({error.strerror or error}); its cards are left out"))


def card_files(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Path]:
    """The card files named by ``paths``: files as given, folders searched through
    (symbolic links to folders are not followed). What cannot be searched is added
    to ``problems``, never skipped without a word."""
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue

        found = []
        for folder, _, names in os.walk(path, onerror=partial(_unreadable, problems)):
            for name in names:
                candidate = Path(folder) / name
                if not is_card_file(candidate):
                    continue
                if candidate.is_symlink() and not candidate.exists():
                    problems.append(Problem(str(candidate), 1, 1, "a symbolic link that leads "
                                            "nowhere (or to itself); remove it or fix it"))
                    continue
                # Not only regular files: a pipe or a device named *.yaml is reported,
                # not skipped (and never opened, so it cannot hang the reader).
                found.append(candidate)
        yield from sorted(found)


def check_card(data: bytes, path: str = "<card>", *,
               expect: bool = True) -> tuple[Card | None, list[Problem]]:
    """Parse one card's bytes and check its choices and (unless ``expect`` is false)
    its ``expect``: the card (None if it does not parse) and every problem."""
    card, problems = parse_card(data, path)
    if card is not None:
        problems += check_choices(card) + (check_expect(card) if expect else [])
    return card, problems


def load_cards(paths: Iterable[str | Path], *,
               expect: bool = True) -> tuple[list[Card], list[Problem]]:
    """Load and fully check every card under ``paths``: types, ``expect`` (unless
    told not to), unique ids.

    Returns the valid cards and every problem found, sorted by file and line.
    """
    cards: list[Card] = []
    problems: list[Problem] = []
    first_seen: dict[str, Card] = {}
    for path in card_files(paths, problems):
        shown = str(path)
        if path.exists() and not path.is_file():
            problems.append(Problem(shown, 1, 1, "not a card file (a pipe, a device or a "
                                    "socket); cards are plain text files"))
            continue
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as err:
            problems.append(Problem(shown, 1, 1, f"cannot read: {err.strerror or err}"))
            continue
        card, found = check_card(data, shown, expect=expect)
        problems.extend(found)
        if card is None:
            continue
        if card.id in first_seen:
            other = first_seen[card.id]
            line, column = card.where.get("id", (1, 1))
            problems.append(Problem(shown, line, column, f"duplicate id {card.id!r}: "
                                    f"{other.path} uses it too"))
            continue
        first_seen[card.id] = card
        if not found:
            cards.append(card)
    return cards, problems


# -- the course's settings (mkdocs.yml), for the command line ---------------------

class _SettingsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the plugin's options only: MkDocs' own tags (``!ENV``,
    ``!!python/name:``) become empty values, never objects."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_SettingsLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                      lambda loader, suffix, node: None)


@dataclass(frozen=True)
class CourseSettings:
    """What the CLI takes from a course's mkdocs.yml: the class policy and its sets."""

    path: str
    policy: str
    sets: tuple[dict[str, Any], ...]


def read_course_settings(path: Path) -> CourseSettings | None:
    """The ``connect-or-not`` plugin's options in ``path`` (None without the file or
    the plugin). Raises ValueError, in plain words, when they cannot be used."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ValueError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise ValueError(f"{path}: over {MAX_BYTES // 1024} KiB; is it the course's mkdocs.yml?")
    try:
        config = yaml.load(data, Loader=_SettingsLoader)  # a safe loader: no objects
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ValueError(f"{where}: not readable YAML") from None
    plugins = config.get("plugins") if isinstance(config, dict) else None
    options: Any = None
    for entry in plugins if isinstance(plugins, list) else []:
        if entry == "connect-or-not":
            options = {}
        elif isinstance(entry, dict) and "connect-or-not" in entry:
            options = entry["connect-or-not"] or {}
    if options is None:
        return None
    if not isinstance(options, dict):
        raise ValueError(f"{path}: the connect-or-not options are not a mapping")
    policy = options.get("policy", DEFAULT_POLICY)
    if policy not in POLICY_IDS:
        raise ValueError(f"{path}: policy {policy!r} is not one of {', '.join(POLICY_IDS)}")
    sets = options.get("sets") or []
    if not isinstance(sets, list) or not all(isinstance(s, dict) for s in sets):
        raise ValueError(f"{path}: sets must be a list of sets (id:, title:, ...)")
    return CourseSettings(str(path), policy, tuple(sets))
