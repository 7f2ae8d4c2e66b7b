"""Titles as safe HTML and Markdown, and card data as safe inline JSON (card Markdown
is sanitised by the package's ``sanitise``)."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup


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
