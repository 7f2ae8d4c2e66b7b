"""Turn card text into safe HTML and card data into safe inline JSON."""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3
from markupsafe import Markup

# What card Markdown may produce. No scripts, styles, frames, forms or event
# handlers; links only to http(s), mail and relative targets.
_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3",
    "h4", "hr", "abbr", "sup", "sub", "del",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def card_markdown(text: str) -> str:
    """Render card Markdown (a story or a debrief) to sanitised HTML."""
    return _render(text)[1]


# A story is rendered for the build's check, its card page, every set that holds it,
# the presenter view and the printed deck: once is enough.
@functools.lru_cache(maxsize=4096)
def _render(text: str) -> tuple[str, str]:
    """Card Markdown as rendered, and as sanitised."""
    html = markdown.markdown(text, extensions=["smarty"], output_format="html")
    return html, nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                           url_schemes={"http", "https", "mailto"},
                           link_rel="noopener noreferrer")


class _Inventory(HTMLParser):
    """The elements and attributes of some HTML, counted."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: Counter[str] = Counter()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found[f"<{tag}>"] += 1
        for name, value in attrs:
            if tag == "a" and name == "href" and not _SAFE_LINK.match(value or ""):
                self.found[f"a link to {(value or '').split(':')[0]}:"] += 1
            else:
                self.found[f"{name}= on <{tag}>"] += 1


_SAFE_LINK = re.compile(r"^(?:https?:|mailto:|[^:]*$)", re.I)


def removed_by_sanitiser(text: str) -> list[str]:
    """What the sanitiser takes out of a card's Markdown, to tell the trainer."""
    html, clean = _render(text)
    gone = _Inventory(html).found - _Inventory(clean).found
    return sorted(gone)


def inline_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``
    or ``&`` survive, so the text can never close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# What a theme could read as markup in a title it prints raw: tags, and "&" where it
# would start a character reference ("R&D" and "Tips & tricks" stay as written).
_TITLE_SPECIAL = re.compile(r"[<>\"]|&(?=[#A-Za-z0-9])")


def title_html(text: str) -> str:
    """A plain-text title (a page's, a set's, the site's name) as the HTML a theme
    prints raw, in text and in attributes alike (Material prints ``page.title`` and
    ``site_name`` unescaped in ``<title>``, the header and ``aria-label``)."""
    return _TITLE_SPECIAL.sub(
        lambda m: {"<": "&lt;", ">": "&gt;", '"': "&quot;"}.get(m.group(), "&amp;"), text)


# Characters Python-Markdown and its extensions give a meaning to in running text
# (attr_list's braces, tables' pipes, links, emphasis, headings, HTML...).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&\"'])")


def markdown_text(text: str) -> Markup:
    """Plain text (a title) made safe inside Markdown: one line, every character
    that Markdown or HTML could read as syntax escaped."""
    one_line = " ".join(str(text).split())
    escaped = _MARKDOWN_SPECIAL.sub(
        lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;"}.get(
            m.group(1), "\\" + m.group(1)), one_line)
    return Markup(escaped)
