"""Turn card text into safe HTML and card data into safe inline JSON."""

from __future__ import annotations

import json
from typing import Any

import markdown
import nh3

# What card Markdown may produce. No scripts, styles, frames, forms or event
# handlers; links only to http(s), mail and relative targets.
_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3",
    "h4", "hr", "abbr", "sup", "sub", "del",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def card_markdown(text: str) -> str:
    """Render card Markdown (a story or a debrief) to sanitised HTML."""
    html = markdown.markdown(text, extensions=["smarty"], output_format="html")
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def inline_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``
    or ``&`` survive, so the text can never close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
