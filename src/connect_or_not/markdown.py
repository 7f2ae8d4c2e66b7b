"""The course's markers as a Python-Markdown extension, for any generator that runs
Python-Markdown (Zensical does; so does a script of a few lines):

    markdown.markdown(text, extensions=["connect_or_not.markdown"])

expands every ``<!-- con:... -->`` marker of ``text`` as the MkDocs plugin does, with
the same errors at the page and line. Its options:

- ``config_file``: the course's ``mkdocs.yml`` (default: the one in the current
  folder); the cards, words and policy are read from beside it;
- ``docs_dir``: the folder ``connect-or-not pages`` wrote (default: its
  ``docs_dir``), whose record names the runtime the cards start; without a record,
  the cards are graded by their answer key alone;
- ``page``: the page's path in that folder, when the generator tells it; without it,
  links are left for ``connect-or-not finish`` to make relative.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .steps.course import Course
from .steps.errors import BuildError, log
from .steps.links import Links, page_url
from .steps.options import read_site
from .steps.pages import RECORD, read_record

# Courses already read, by their files' state: a generator makes a Markdown (and
# an extension) per page, and reading the cards once is enough.
_COURSES: dict[tuple[Any, ...], Course] = {}


def _state(config_file: Path, docs_dir: Path, read: list[Path]) -> tuple[Any, ...]:
    """When each file the course is read from last changed."""
    files = [config_file, docs_dir / RECORD]
    for path in read:
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (str(p),)
                 for p in files)


def course_for(config_file: Path, docs_dir: str = "") -> tuple[Course, Path]:
    """The course of ``config_file``, read once while its files stay as they are, and
    the docs folder its pages are in."""
    options, site = read_site(config_file)
    docs = site.root / (docs_dir or site.docs_dir)
    read = [site.root / options.scenarios_dir, *site.template_dirs,
            *([site.root / options.messages] if options.messages else [])]
    key = (config_file.resolve(), docs.resolve(), _state(config_file, docs, read))
    if key not in _COURSES:
        recorded = read_record(docs)
        if recorded is None:
            log.warning(f"{docs} has no record of the pages step (connect-or-not pages "
                        f"{docs}): its cards are graded by their answer key alone")
        _COURSES.clear()
        _COURSES[key] = Course(options, site, recorded=recorded, build=False)
    return _COURSES[key], docs


def _find_page(docs: Path, text: str) -> tuple[str, int] | None:
    """The docs file ``text`` comes from, and the lines before it there (a generator
    may have taken its front matter off): for an error's place, when nobody said."""
    body = text.strip("\n")
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() and body else []:
        source = path.read_text(encoding="utf-8", errors="replace")
        at = source.find(body)
        if at >= 0:
            return path.relative_to(docs).as_posix(), source.count("\n", 0, at)
    return None


class MarkerPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: ConnectOrNotExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        config_file = Path(self.extension.getConfig("config_file"))
        course, docs = course_for(config_file, self.extension.getConfig("docs_dir"))
        page = self.extension.getConfig("page")
        text = "\n".join(lines)
        if page:
            directory_urls = course.site.use_directory_urls
            links = Links(page, lambda path: page_url(path, directory_urls))
        else:
            links = Links("")
        try:
            return course.markers.page(text, links).split("\n")
        except BuildError as error:
            message = str(error)
            if not page:  # name the page and its line as the file holds them
                found = _find_page(docs, text)
                name, offset = found or ("(a page)", 0)
                message = re.sub(r"^:(\d+):", lambda m: f"{name}:{int(m.group(1)) + offset}:",
                                 message)
            raise BuildError(message) from None


class ConnectOrNotExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "config_file": ["mkdocs.yml", "the course's mkdocs.yml"],
            "docs_dir": ["", "the folder the pages step wrote (default: its docs_dir)"],
            "page": ["", "the page's path in the docs folder, if the generator tells it"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace is normalised (30), before raw HTML is set aside (20) and
        # before fenced code (25): the markers' own HTML is then read as any page's.
        md.preprocessors.register(MarkerPreprocessor(md, self), "connect_or_not", 27)


def makeExtension(**kwargs: Any) -> ConnectOrNotExtension:
    return ConnectOrNotExtension(**kwargs)
