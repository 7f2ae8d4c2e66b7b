"""The finishing step, after any generator's build (``connect-or-not finish SITE_DIR``):
the links the markers left as placeholders, the Content-Security-Policy (a ``<meta>``
on every page and a ``_headers`` file), the service worker with its list of files,
and a check that the generator kept every page and asset the pages step wrote.

Which inline scripts may run: the MkDocs plugin knows the theme's own, from its
templates, and hashes those. After another generator, the pages tell: a script that
every page carries is the page shell's (compared with its paths such as ``".."`` or
``"/"`` set aside: Material's and Zensical's name the site's root from the page); one
that only some pages hold is not, and is blocked, and named. Our own pages hold no
inline script but JSON data, which never runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import hosting
from .errors import BuildError
from .links import output_path, page_url, resolve

# A string literal that is a path and nothing else: ".", "..", "../..", "/".
ROOT_PATH = re.compile(r"""(["'])[./]+\1""")
# A link to one of the engine's files, in an attribute: its path, then its query.
ASSET_LINK = re.compile(r"""((?:src|href)=["'])([^"'?#]*?)(assets/connect-or-not/[^"'?#]+)""")
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


@dataclass(frozen=True)
class Hosting:
    """What the finishing step writes, as the course's options say."""

    sw_template: Path  # the engine's quiz/build/sw.js
    languages: tuple[str, ...]  # the search's languages (the offline copy skips the rest)
    offline: bool = True
    offline_limit: float = 10  # MB
    csp: bool = True
    directory_urls: bool = True


def page_head(html: str, hashes: list[str] | None, connect: str, offline: bool) -> str:
    """A page with the policy first in its head (``hashes`` None: no policy), and,
    without a service worker, the note that tells quiz.js not to ask for one."""
    meta = hosting.csp_meta(hashes, connect) if hashes is not None else ""
    if not offline:
        meta += hosting.NO_SERVICE_WORKER
    html = CSP_META.sub("", html).replace(hosting.NO_SERVICE_WORKER, "")  # an earlier run's
    return hosting.add_to_head(html, meta) if meta else html


def missing(site: Path, record: dict[str, Any], directory_urls: bool) -> list[str]:
    """The pages and assets of the record that the built site lacks."""
    lost = [f"{path} (no {output_path(page_url(path, directory_urls))})"
            for path in record.get("pages", [])
            if not (site / output_path(page_url(path, directory_urls))).is_file()]
    lost += [path for path in record.get("assets", []) if not (site / path).is_file()]
    return lost


def _pages(site: Path) -> dict[str, str]:
    """The built site's pages, by their path in it."""
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(site.rglob("*.html")) if path.is_file()}


def versioned_links(html: str, versioned: dict[str, str]) -> str:
    """The page's links to the engine's files with their version (``?v=``), as the
    service worker lists them: a generator's settings name them without it."""
    def version(match: re.Match[str]) -> str:
        query = versioned.get(match.group(3), "")
        rest = html[match.end():match.end() + 1]
        return match.group(0) + (query if query and rest not in ("?", "#") else "")
    return ASSET_LINK.sub(version, html)


def _shape(script: str) -> str:
    """A script with its string literals of nothing but dots and slashes emptied."""
    return ROOT_PATH.sub('""', script)


def finish_pages(site: Path, record: dict[str, Any], options: Hosting,
                 warn: list[str]) -> set[str]:
    """Every page of a site another generator built: its links resolved and its
    links to the engine's files versioned, its policy added. The hashes of the inline
    scripts allowed, for ``_headers``."""
    pages = {}
    scripts: dict[str, dict[str, str]] = {}  # by page: hash -> the script's shape
    for rel, built in _pages(site).items():
        html = versioned_links(resolve(built, rel.removesuffix("index.html"),
                                       lambda path: page_url(path, options.directory_urls)),
                               record.get("versioned", {}))
        pages[rel] = html
        scripts[rel] = {hosting.script_hash(code): _shape(code)
                        for code in hosting.inline_scripts(CSP_META.sub("", html))}
    shapes = [set(found.values()) for found in scripts.values()]
    shell = set.intersection(*shapes) if shapes else set()
    allowed: set[str] = set()
    for rel, html in pages.items():
        hashes = sorted(h for h, shape in scripts[rel].items() if shape in shell)
        if len(hashes) < len(scripts[rel]):
            warn.append(f"{rel}: the page holds an inline script that the page shell did "
                        "not write; the Content-Security-Policy blocks it")
        allowed.update(hashes)
        finished = page_head(html, hashes if options.csp else None, record.get("connect", ""),
                             options.offline)
        if finished != (site / rel).read_text(encoding="utf-8"):
            hosting.write_file(site / rel, finished)
    return allowed


def finish(site: Path, record: dict[str, Any], options: Hosting,
           hashes: set[str] | None = None) -> list[str]:
    """The site made ready to host; its warnings. ``hashes``: the inline scripts the
    generator's pages were already finished with (the MkDocs plugin's way); without
    them, the pages are finished here."""
    if not site.is_dir():
        raise BuildError(f"connect-or-not: {site} is not a built site (run the generator's "
                         "build first, then finish)")
    lost = missing(site, record, options.directory_urls)
    if lost:
        shown = "; ".join(lost[:6]) + (f"; and {len(lost) - 6} more" if len(lost) > 6 else "")
        raise BuildError(f"connect-or-not: the built site {site} lacks {len(lost)} of the "
                         f"course's files: {shown}. The generator left them out: build from "
                         "the folder the pages step wrote, and let it copy every file there")
    warnings: list[str] = []
    try:
        if hashes is None:
            hashes = finish_pages(site, record, options, warnings)
        runtime = record["runtime"]
        if options.offline:
            hosting.write_service_worker(
                site, options.sw_template, runtime["path"], runtime["digest"],
                list(options.languages), versioned=record.get("versioned", {}),
                engine_version=record["engine"].removeprefix("?v="),
                limit_bytes=int(options.offline_limit * 1e6))
        if options.csp:
            hosting.write_headers(site, hashes, runtime["path"], record.get("connect", ""))
    except OSError as error:
        raise BuildError(f"connect-or-not: cannot write the site's hosting files "
                         f"({error.strerror or error})") from None
    return warnings
