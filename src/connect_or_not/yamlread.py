"""Reading trainers' YAML strictly, and saying what is wrong in their words.

With ``settings`` the only modules that import ``yaml``. A document is composed into
nodes (with their marks) and never constructed: no tag reaches a constructor, no
anchor or alias is followed, nothing over :data:`MAX_BYTES` is parsed and nothing
nested deeper than :data:`MAX_DEPTH` is read. :class:`Reader` turns nodes into
values, each problem a :class:`Problem` at the node's file, line and column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 256 * 1024
MAX_DEPTH = 12
MAX_ITEMS = 200  # entries in one list (tags, choices, sources)
# Text a terminal or a page could be fooled by: control characters other than line
# breaks and tabs (YAML escapes such as "\e" make them), bidirectional overrides,
# and lone surrogates.
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e"
                         "\u2066-\u2069\ud800-\udfff]")
DECIMAL = re.compile(r"^[+-]?[0-9]+$")
MAX_LINE = 200  # characters in a one-line text: a title, a site name


def line_problem(text: str, what: str) -> str | None:
    """Why ``text`` cannot be a one-line title (a card's, a set's, the site's): empty,
    more than one line, too long, or holding a character that could change what a page
    or a terminal shows. None when it can."""
    if not text.strip():
        return f"{what} is empty"
    if "\n" in text.strip() or "\r" in text.strip():
        return f"{what} must be one line (it heads a page and names it)"
    if len(text) > MAX_LINE:
        return f"{what} is {len(text)} characters long; at most {MAX_LINE}"
    return unsafe_problem(text, what)


def unsafe_problem(text: str, what: str) -> str | None:
    """Why ``text`` cannot be shown: a character that could change what a terminal or a
    page shows (a control character, a bidirectional override). None when it can."""
    unsafe = UNSAFE_TEXT.search(text)
    if unsafe:
        return (f"{what} holds the invisible character U+{ord(unsafe.group()):04X}, which "
                "could change what a terminal or a page shows; remove it")
    return None
STR_TAG = "tag:yaml.org,2002:str"
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
            return ScalarNode(STR_TAG, "", start, end)
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


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
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


def read_document(text: str, reader: Reader) -> Node | None:
    """The one document of ``text`` as nodes, or None when it cannot be read (every
    problem is told to ``reader``)."""
    loader = None
    try:
        loader = _StrictLoader(text, reader.error)  # checks for unprintable characters
        root = loader.get_single_node()
    except _Stop:
        return None
    except yaml.composer.ComposerError as err:
        if "expected a single document" in str(err):
            reader.error(err.problem_mark, "a card file holds one document; remove the extra "
                       "'---' or split the cards into files")
        else:
            reader.error(*yaml_message(err, text))
        return None
    except yaml.MarkedYAMLError as err:
        reader.error(*yaml_message(err, text))
        return None
    except (ValueError, OverflowError):
        # PyYAML builds an escape such as "\U00110000" with chr(), which refuses it.
        mark = loader.get_mark() if loader is not None else _Mark(0, 0)
        reader.error(mark, "an escape sequence (\\U..., \\x...) that is not a character; "
                     "write the character itself")
        return None
    except yaml.reader.ReaderError as err:
        before = text[: err.position]
        mark = _Mark(before.count("\n"), err.position - (before.rfind("\n") + 1))
        reader.error(mark, f"character U+{err.character:04X} is not allowed in YAML; remove it"
                   if isinstance(err.character, int) else str(err))
        return None
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:
        reader.error(_Mark(0, 0), "the file is empty")
    return root


class Reader:
    """Turns one document's nodes into values, collecting problems."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems

    def error(self, node_or_mark: Any, message: str) -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    # -- scalars ---------------------------------------------------------------

    def text(self, node: Node, what: str) -> str | None:
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} must be text, not a {shape(node)}")
            return None
        if node.tag == _NULL and not node.value:
            self.error(node, f"{what} is empty: write it after the colon, or delete the line")
            return None
        if node.tag != STR_TAG:
            hint = ""
            if node.tag == _BOOL:
                hint = " (YAML reads yes/no/on/off as true/false)"
            self.error(node, f"{what} must be text, but {node.value!r} is read as "
                       f"{_WORDS_FOR_TAGS.get(node.tag, 'another type')}{hint}; put it in quotes")
            return None
        text: str = node.value
        problem = unsafe_problem(text, what)
        if problem:
            self.error(node, problem)
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
        shown = node.value if isinstance(node, ScalarNode) else f"a {shape(node)}"
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
        shown = node.value if isinstance(node, ScalarNode) else f"a {shape(node)}"
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
                       f"{shape(node)}{hint}")
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
        self.error(node, f"{what} must be a list, not a {shape(node)}")
        return []


def empty(node: Node) -> bool:
    """``key:`` with nothing after it (every line below commented out, say)."""
    return isinstance(node, ScalarNode) and node.tag == _NULL and not node.value


def shape(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    return "value"


@dataclass(frozen=True)
class _Mark:
    line: int
    column: int


def yaml_message(err: yaml.MarkedYAMLError, text: str,
                 neighbours: str = "its neighbours (facts two spaces in, under facts:)",
                 ) -> tuple[Any, str]:
    """PyYAML's error in plain words, at the line the trainer must change; lines are
    told to line up with ``neighbours``."""
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
                                          f"line it up with {neighbours}")
    if "could not find expected ':'" in problem and err.context_mark is not None:
        at = err.context_mark
        if re.match(r"\s*[A-Za-z_][\w-]*:\S", line(at)):
            return at, "put a space after the colon: 'key: value'"
        return at, ("this line is not a 'key: value' line: if it continues the text above "
                    "(a story or a debrief), indent it like the lines above it")
    if "expected <block end>" in problem:
        return mark, ("this line is not lined up with the lines above it; indent it like "
                      f"{neighbours.split(' (', maxsplit=1)[0]}")
    parts = [p for p in (context, problem) if p]
    return mark, "invalid YAML: " + ", ".join(parts)


