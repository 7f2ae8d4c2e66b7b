"""Links between the course's pages, for any generator.

A page's links are relative (the site works from any folder, and from an LMS's
package). A generator that tells the markers which page they are on (the MkDocs
plugin, or ``page=`` given to the Markdown extension) gets them exact; one that does
not (Zensical runs an extension with one configuration for every page) gets a
placeholder, ``con-site:`` and the docs path, which ``finish`` makes relative in each
page it finds in the built site.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from .errors import BuildError

SITE_LINK = "con-site:"
# A placeholder as the pages hold it, in an attribute, in Markdown's output or in
# inline JSON: the docs path stops at a quote, a space, a bracket or a backslash.
PLACEHOLDER = re.compile(r"con-site:([^\"'\s<>)\\#?]*)")


def relative_url(url: str, other: str) -> str:
    """``url`` relative to the page at ``other`` (site-root paths, as MkDocs' own
    ``get_relative_url``: a last part with a dot is a file)."""
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname

    def parts(path: str) -> list[str]:
        path = posixpath.normpath("/" + path)[1:]
        return path.split("/") if path else []

    here, there = parts(other), parts(url)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


def page_url(path: str, directory_urls: bool = True) -> str:
    """The site URL of the docs file ``path``, as MkDocs and Zensical give it:
    ``quiz/late-cfo.md`` is ``quiz/late-cfo/`` (or ``quiz/late-cfo.html``), an
    ``index.md`` its folder; any other file keeps its path."""
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def output_path(url: str) -> str:
    """The file in the built site that answers ``url``."""
    return url + "index.html" if url == "" or url.endswith("/") else url


class Links:
    """Links from the page at docs path ``page`` to a docs path such as ``a.md#x``.

    Calling it gives a link for Markdown (a relative ``.md`` link, which the
    generator checks and rewrites); ``url`` one for raw HTML, relative to the page's
    URL. ``url_of`` gives a docs path's site URL, None for a page the site lacks;
    without it, both are placeholders that ``finish`` resolves.
    """

    def __init__(self, page: str, url_of: Callable[[str], str | None] | None = None) -> None:
        self.page = page
        self.url_of = url_of

    def __call__(self, target: str) -> str:
        if self.url_of is None:
            return SITE_LINK + target
        path, _, anchor = target.partition("#")
        here = posixpath.dirname(self.page)
        rel = posixpath.relpath(path, here or ".")
        return f"{rel}#{anchor}" if anchor else rel

    def url(self, target: str) -> str:
        if self.url_of is None:
            return SITE_LINK + target
        path, _, anchor = target.partition("#")
        url = self.url_of(path)
        if url is None:
            raise BuildError(f"{self.page}: no page {path} to link to")
        rel = relative_url(url, self.url_of(self.page) or page_url(self.page))
        return f"{rel}#{anchor}" if anchor else rel


def resolve(html: str, here: str, url_of: Callable[[str], str]) -> str:
    """``html`` (the page at site URL ``here``) with every placeholder made a link
    relative to it."""
    return PLACEHOLDER.sub(lambda m: relative_url(url_of(m.group(1)), here), html)
