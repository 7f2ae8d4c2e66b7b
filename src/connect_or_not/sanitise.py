"""What a card's Markdown may show on a page: rendered with Python-Markdown, then
cleaned against an allowlist (nh3); and what the cleaning takes out, told in the
trainer's words at the line that holds it. ``connect-or-not validate`` and the build
check cards with this one implementation."""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import NamedTuple

import markdown

from .card import Card
from .contract import SANITISER
from .yamlread import Problem

# What card Markdown may produce (contract.SANITISER, which the studio's DOMPurify
# reads too). No scripts, styles, frames, forms or event handlers; links only to
# http(s), mail and relative targets.
TAGS = set(SANITISER["tags"])
ATTRIBUTES = {tag: set(names) for tag, names in SANITISER["attributes"].items()}
SCHEMES = set(SANITISER["schemes"])
_SAFE_LINK = re.compile(r"^(?:https?:|mailto:|[^:]*$)", re.I)
# The card's keys whose text is Markdown.
MARKDOWN_KEYS = ("story", "debrief")


def card_html(text: str) -> str:
    """Card Markdown (a story or a debrief) as the sanitised HTML a page shows."""
    clean = _render(text)[1]
    if clean is None:
        raise RuntimeError("card_html needs nh3, which the build installs")
    return clean


def rendered_html(text: str) -> str:
    """Card Markdown as Python-Markdown renders it, before any cleaning: for the card
    studio, whose page cleans it with DOMPurify to the same rules."""
    return _render(text)[0]


# A story is rendered for the build's check, its card page, every set that holds it,
# the presenter view and the printed deck: once is enough.
@functools.lru_cache(maxsize=4096)
def _render(text: str) -> tuple[str, str | None]:
    """Card Markdown as rendered, and as sanitised (None without nh3)."""
    html = markdown.markdown(text, extensions=["smarty"], output_format="html")
    try:
        import nh3  # noqa: PLC0415 - the card studio's Python in the browser has none
    except ImportError:
        return html, None  # the studio's page cleans it with DOMPurify, to these rules
    return html, nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                           link_rel="noopener noreferrer")


class Removal(NamedTuple):
    """One thing the sanitiser takes out: an element, an attribute of an element, or
    a link to a scheme it does not allow."""

    tag: str
    attribute: str = ""
    scheme: str = ""


class _Inventory(HTMLParser):
    """The elements, attributes and link schemes of some HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: set[Removal] = set()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add(Removal(tag))
        for name, value in attrs:
            if tag == "a" and name == "href" and not _SAFE_LINK.match(value or ""):
                self.found.add(Removal(tag, scheme=(value or "").split(":")[0].lower()))
            else:
                self.found.add(Removal(tag, attribute=name))


def removed(text: str) -> set[Removal]:
    """What the sanitiser takes out of some card Markdown. Without nh3 (the card
    studio's Python), what the allowlist takes out of the rendered HTML: the same
    elements, attributes and links, since nh3 keeps exactly what the allowlist names."""
    html, clean = _render(text)
    found = _Inventory(html).found
    if clean is None:
        return {r for r in found if not _allowed(r)}
    return found - _Inventory(clean).found


def _allowed(removal: Removal) -> bool:
    if removal.tag not in TAGS or removal.scheme:
        return False
    return not removal.attribute or removal.attribute in ATTRIBUTES.get(removal.tag, set())


_KINDS_OF_ELEMENT = (
    ({"img", "picture", "source", "video", "audio", "track"},
     "images and media are not shown on cards"),
    ({"script", "noscript", "style", "link", "meta", "base"},
     "scripts and styles never reach a card"),
    ({"iframe", "frame", "frameset", "object", "embed", "applet", "portal"},
     "embedded pages are not shown on cards"),
    ({"svg", "math", "canvas"}, "drawings (SVG, MathML, canvas) are not shown on cards"),
    ({"form", "input", "button", "select", "option", "textarea", "label", "fieldset"},
     "forms and buttons are not shown on cards"),
)


def in_words(removals: set[Removal]) -> list[str]:
    """What was taken out, as a trainer reads it: what, and what to do."""
    gone = {r.tag for r in removals if not (r.attribute or r.scheme)}  # elements taken out
    tags = set(gone)
    said: list[str] = []
    for names, words in _KINDS_OF_ELEMENT:
        if tags & names:
            said.append(f"{words}: delete this line")
            tags -= names
    for tag in sorted(tags):
        said.append(f"the HTML element <{tag}> is not shown on cards: write it in Markdown, "
                    "or delete it")
    for scheme in sorted({r.scheme for r in removals if r.scheme}):
        said.append(f"a link to a {scheme}: address is taken out (links may go to http, "
                    "https or mailto addresses): change the link or delete it")
    # An attribute of an element that goes anyway ("alt" on an image) is not news.
    attributes = sorted({r.attribute for r in removals if r.attribute and r.tag not in gone})
    if handlers := [a for a in attributes if a.startswith("on")]:
        said.append(f"event handlers ({', '.join(f'{a}=' for a in handlers)}) never run on "
                    "cards: delete them")
    if others := [a for a in attributes if not a.startswith("on")]:
        said.append(f"HTML attributes ({', '.join(f'{a}=' for a in others)}) are taken out: "
                    "write plain Markdown instead")
    return said


def markup_problems(card: Card) -> list[Problem]:
    """What the sanitiser would take out of a card's story and debrief, each at the
    line of the card file that holds it, in plain words."""
    return [problem for version in card.versions() for key in MARKDOWN_KEYS
            for problem in _problems(version, key)]


def _problems(card: Card, key: str) -> Iterator[Problem]:
    text: str = getattr(card, key)
    whole = removed(text)
    if not whole:
        return
    line, column = card.where.get(f"{key}.text", card.where.get(key, (1, 1)))
    found = False
    for number, source in enumerate(text.split("\n")):
        for words in in_words(removed(source)):
            found = True
            yield Problem(card.path, line + number, column, f"{key}: {words}")
    if not found:  # spread over several lines (an HTML block): said where the text starts
        for words in in_words(whole):
            yield Problem(card.path, line, column, f"{key}: {words}")


def plain_text(text: str, width: int = 78) -> str:
    """Card Markdown as a terminal shows it: what the page would show, without the
    markup (a link keeps its address in brackets), wrapped to ``width``."""
    html, clean = _render(text)
    reader = _PlainText()
    reader.feed(html if clean is None else clean)  # the studio: the allowlist's way
    reader.close()
    return reader.text(width)


class _PlainText(HTMLParser):
    """Sanitised card HTML as paragraphs of plain text. (Given HTML as rendered, it
    reads it as the sanitiser would leave it: no script or style, no unsafe link.)"""

    _BLOCKS = frozenset({"p", "li", "pre", "blockquote", "h3", "h4", "hr", "ul", "ol"})
    _BREAK = "\x00"  # a <br>: a new line within the paragraph

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str, bool, bool]] = []  # indent, text, pre, in a list
        self.words: list[str] = []
        self.bullet = ""  # an item's "- " or "2. ", until its first text
        self.lists: list[list[int]] = []  # an ol's next number, or [] for a ul
        self.href: str | None = None
        self.link_text = ""
        self.pre = 0
        self.hidden = 0  # inside a script or a style, whose text nh3 drops

    def _end_block(self) -> None:
        text = "".join(self.words)
        self.words = []
        if not text.strip():
            return
        indent = "  " * len(self.lists)
        prefix = indent[:-2] + self.bullet if self.bullet else indent
        self.bullet = ""
        if not self.pre:
            text = "\n".join(" ".join(line.split()) for line in text.split(self._BREAK))
        self.blocks.append((prefix, text.strip("\n"), bool(self.pre), bool(self.lists)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        if tag in self._BLOCKS:
            self._end_block()
        if tag in ("ul", "ol"):
            self.lists.append([1] if tag == "ol" else [])
        elif tag == "li" and self.lists:
            counter = self.lists[-1]
            self.bullet = f"{counter[0]}. " if counter else "- "
            if counter:
                counter[0] += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "br":
            self.words.append("\n" if self.pre else self._BREAK)
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.href = href if _SAFE_LINK.match(href) else ""
            self.link_text = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1
        if tag == "a" and self.href is not None:
            if self.href and self.href != self.link_text.strip():
                self.words.append(f" ({self.href})")
            self.href = None
        if tag in self._BLOCKS:
            self._end_block()
            if tag == "pre":
                self.pre -= 1
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.words.append(data)
        if self.href is not None:
            self.link_text += data

    def text(self, width: int) -> str:
        self._end_block()
        out = ""
        listed = False
        for prefix, text, preformatted, in_list in self.blocks:
            if out:  # a list's items on lines of their own, blocks apart by a blank line
                out += "\n" if in_list and listed else "\n\n"
            listed = in_list
            if preformatted:
                out += textwrap.indent(text, prefix + "    ")
                continue
            hang = " " * len(prefix)
            out += "\n".join(textwrap.fill(line, width, subsequent_indent=hang,
                                           initial_indent=prefix if n == 0 else hang)
                             for n, line in enumerate(text.split("\n")))
        return out
