"""The course as every step builds it: the trainer's settings, words and cards,
checked (a mistake stops the build with its ``file:line:col``, as ``connect-or-not
validate`` tells it), the answer key, the browser runtime and the engine's scripts,
and the pages the site adds to a trainer's own.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from .. import contract
from ..catalog import RETIRED, Catalog, CatalogError
from ..course import set_problems
from ..export import answer_key
from ..loader import check_class_policy, load_cards
from ..records import (
    LRS,
    course_iri,
    endpoint_problem,
    iri_problem,
    origin,
    registration_problem,
    with_slash,
)
from ..sanitise import markup_problems
from ..settings import CourseSettings, SetSpec, read_course_settings
from ..vocabulary import DECISIONS
from .errors import BuildError, log
from .markers import Renderer
from .options import Options, Site
from .render import markdown_text, title_html
from .runtime import ASSETS, Runtime

if TYPE_CHECKING:
    from ..card import Card

TEMPLATES = Path(__file__).parent / "templates"
# The engine's bundles (quiz/src/bundles/): quiz.js on every page; quiz-class.js on
# the trainer's presenter and tally pages; quiz-ask.js on "Ask about your
# invitation"; quiz-studio.js on the card studio; quiz-lms.js on the LMS packages'
# pages (scorm.py adds it); quiz-xapi.js on every page of a course with an LRS and of
# a cmi5 package (and nowhere else: without an LRS it is not even written).
BUNDLES = ("quiz", "quiz-class", "quiz-ask", "quiz-studio", "quiz-lms", "quiz-xapi")
# The grader's module worker (quiz/worker.js), shipped minified beside them.
WORKERS = ("worker.js", "worker-studio.js")
# A message id as the engine's code writes it ("card.best"); the ids it builds from
# parts (engine.js explain(): error.<failure>.problem and .fix) by their prefix.
MESSAGE_ID = re.compile(r'"([a-z]+(?:\.[A-Za-z][A-Za-z0-9]*)+)"')
BUILT_MESSAGE_IDS = ("error.",)


def without_css_comments(css: str) -> str:
    """The stylesheet without its comments, indentation and blank lines."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return "\n".join(line.strip() for line in css.splitlines() if line.strip()) + "\n"


@dataclass(frozen=True)
class Page:
    """A page the course adds to the site, as Markdown with its marker."""

    path: str  # in the docs folder: quiz/late-cfo.md
    markdown: str
    in_nav: bool = True  # False: reached from other pages, not the navigation
    skip_to: tuple[str, str] | None = None  # (anchor, title) of a page without headings


class StoredRuntime:
    """The runtime as the pages step recorded it (``Course.record``): what the markers
    need, without building it again."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.path: str = record["path"]
        self.digest: str = record["digest"]
        self._info = record["info"]

    def info(self, url: str, studio: bool = False) -> contract.RuntimeInfo:
        info: contract.RuntimeInfo = copy.deepcopy(self._info["studio" if studio else "learner"])
        info["url"] = url
        return info


def raise_problems(problems: list[str]) -> None:
    if problems:
        raise BuildError("connect-or-not: " + "\n".join(problems))


class Course:
    """Everything the steps build from a course's files. ``fail`` receives the
    trainer's mistakes (by default they stop the build; `mkdocs serve` shows them on
    every page instead). With ``recorded`` (the pages step's record) nothing slow is
    built: the Markdown extension's way; with ``build=False`` and no record, there is no
    runtime at all (the cards are graded by their answer key alone)."""

    def __init__(self, options: Options, site: Site, *, serving: bool = False,
                 for_lms: bool = False, cmi5: bool = False,
                 fail: Callable[[list[str]], None] = raise_problems,
                 recorded: dict[str, Any] | None = None, build: bool = True) -> None:
        self.options = options
        self.site = site
        self.serving = serving
        self.for_lms = for_lms  # an LMS package: the pages report to an LMS
        self.cmi5 = cmi5  # the cmi5 package: the launch names the LRS
        self.fail = fail
        root = site.root
        self.settings_name = site.config_file.name
        if options.offline_limit <= 0:
            raise BuildError(f"connect-or-not: {self.settings_name}: offline_limit is the MB "
                             "a learner's browser keeps offline; give a positive number, not "
                             f"{options.offline_limit}")
        self.scenarios_dir = root / options.scenarios_dir
        self.engine_dir = root / options.engine_dir
        self.messages = self._messages(root, site.lang)
        # The trainer's settings and cards first: a mistake there fails before any slow
        # step, checked as `connect-or-not validate` checks them.
        course = read_course_settings(site.config_file) or CourseSettings(self.settings_name)
        fail([str(p) for p in course.problems])
        self.policy = course.policy
        self.sets: list[SetSpec] = list(course.sets)
        self.cards, self.drafts = self._load_cards(self.messages)
        fail([str(p) for p in set_problems(course, self.cards, self.drafts)])
        self.records = self._records()
        self.runtime: Runtime | StoredRuntime | None = None
        self.scripts: dict[str, bytes] = {}
        self.engine_version = ""
        if recorded is not None:
            self.runtime = StoredRuntime(recorded["runtime"])
            self.engine_version = recorded["engine"]
        elif build:
            cache = Path(options.cache_dir or os.environ.get("CONNECT_OR_NOT_CACHE")
                         or root / "build" / "cache")
            self.runtime = Runtime(
                root / options.runtime_dir, self.engine_dir / "build", cache=root / cache,
                precompile=options.precompile, snapshot=options.snapshot,
                lock_python=options.lock_python, minify=options.minify, preview=serving)
            self.scripts = self._bundles(self.messages, self.runtime)
            # Versioned by content: a host's max-age never pairs a page with stale assets.
            self.engine_version = f"?v={self._engine_version()}"
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*map(str, site.template_dirs), str(TEMPLATES)]),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
            lstrip_blocks=True)
        env.filters["md"] = markdown_text  # titles inside Markdown templates
        key = answer_key(list(self.cards.values()))
        exercised: dict[str, set[str]] = defaultdict(set)
        for card_id, verdicts in key.items():
            for verdict in verdicts.values():
                for reason in verdict["reasons"]:
                    exercised[reason["rule"]].add(card_id)
        self.markers = Renderer(
            cards=self.cards, drafts=self.drafts, key=key, policy=self.policy, sets=self.sets,
            mastery=options.mastery_score, runtime=self.runtime, env=env,
            messages=self.messages, engine_version=self.engine_version, for_lms=for_lms,
            records=self.records, site_url=site.site_url,
            directory_urls=site.use_directory_urls,
            exercised={rule: sorted(ids) for rule, ids in exercised.items()})

    # -- what the site gains ------------------------------------------------------

    def stylesheets(self) -> list[str]:
        """What every page links to, after the theme's own (with its version)."""
        return [f"{ASSETS}/quiz.css{self.engine_version}"]

    def scripts_on_every_page(self) -> list[str]:
        # quiz.js is on every page, but small: it starts the grader only where a card
        # is shown. The records' script comes after it (quiz-lms.js reads whether this
        # is a cmi5 package), before the page is wired.
        names = ["quiz", *(["quiz-xapi"] if self.records else []),
                 *(["quiz-lms"] if self.for_lms else [])]
        return [f"{ASSETS}/{name}.js{self.engine_version}" for name in names]

    def pages(self) -> list[Page]:
        """Every page the course adds: one per card, the practice index, each quiz set
        with its presenter view, printed deck and answer key, the tally, the ask page
        and the card studio."""
        t = self.messages
        made: list[Page] = []

        def page(path: str, marker: str, *, title: str | None = None, in_nav: bool = True,
                 skip_to: tuple[str, str] | None = None, **context: Any) -> None:
            content = self.markers.template(
                "page.md", marker=marker, title=None if title is None else title_html(title),
                **{"hide": False, "searched": False, "heading": "", "intro": "", **context})
            made.append(Page(path, content, in_nav, skip_to))

        # Card and set pages: Material shows its "Skip to content" link only on pages
        # with a table of contents, so the plugin gives each one its title's.
        for card_id, card in self.cards.items():
            page(f"quiz/{card_id}.md", f"card id={card_id} level=1", title=card.title,
                 searched=True, skip_to=(f"con-title-{card_id}", card.title))
        page("quiz/index.md", "index", title=t("index.title"), searched=True)
        for quiz_set in self.sets:
            # Left out of the search index: its cards have pages of their own, and
            # every page's first visit downloads the index.
            anchor = f"con-set-title-{quiz_set.id}"
            page(f"quiz/sets/{quiz_set.id}.md", f"quiz-set set={quiz_set.id}",
                 title=quiz_set.title, heading=quiz_set.title, anchor=anchor,
                 skip_to=(anchor, quiz_set.title))
            for view in ("present", "print", "key"):
                page(f"quiz/sets/{quiz_set.id}/{view}.md", f"{view} set={quiz_set.id}",
                     title=f"{quiz_set.title}: {t(f'{view}.title')}", hide=True, in_nav=False)
        page("quiz/tally.md", "tally", title=t("tally.title"), intro=t("tally.intro"),
             in_nav=False)
        page("quiz/ask.md", "ask", title=t("ask.title"), intro=t("ask.intro"), searched=True,
             in_nav=False)
        page("quiz/studio.md", "studio", title=t("studio.title"), intro=t("studio.intro"),
             hide=True, in_nav=False)
        return made

    def assets(self) -> dict[str, Path | bytes]:
        """The engine's files by their path in the site: its scripts, styles and the
        runtime (a file on disk, or bytes)."""
        files: dict[str, Path | bytes] = {}
        for name, script in self.scripts.items():
            if self.for_lms and "studio" in name:  # the card studio's, for trainers only
                continue
            files[f"{ASSETS}/{name}"] = script
        for style in sorted(self.engine_dir.glob("*.css")):  # quiz.css, quiz-class.css
            files[f"{ASSETS}/{style.name}"] = without_css_comments(
                style.read_text(encoding="utf-8")).encode()
        if isinstance(self.runtime, Runtime):
            # An LMS package is for learners: the card studio's Python stays out of it.
            for name, source in self.runtime.generated(studio=not self.for_lms).items():
                files[f"{self.runtime.path}/{name}"] = source
        return files

    def versioned(self) -> dict[str, str]:
        """The engine's files the pages ask for with ``?v=`` (for the service worker)."""
        versioned = {f"{ASSETS}/{name}": self.engine_version for name in self.scripts
                     if not name.endswith(".map")}
        versioned.update({f"{ASSETS}/{style.name}": self.engine_version
                          for style in self.engine_dir.glob("*.css")})
        return versioned

    def connect_sources(self) -> str:
        """What the pages may connect to beyond their own site: the course's LRS, or,
        in a cmi5 package, any LRS over https (the LMS names it at launch)."""
        if not self.records:
            return ""
        return "https:" if self.records["cmi5"] else origin(self.records["endpoint"])

    def record(self) -> dict[str, Any]:
        """What the pages step leaves for the Markdown extension and ``finish``."""
        runtime = self.runtime
        if runtime is None:
            raise BuildError("connect-or-not: the course was read without its runtime")
        return {
            "engine": self.engine_version,
            "runtime": {"path": runtime.path, "digest": runtime.digest,
                        "info": {"learner": runtime.info(""),
                                 "studio": runtime.info("", studio=True)}},
            "versioned": self.versioned(), "connect": self.connect_sources(),
            "stylesheets": self.stylesheets(), "scripts": self.scripts_on_every_page(),
            "pages": [page.path for page in self.pages()], "assets": sorted(self.assets()),
        }

    # -- reading the course ------------------------------------------------------

    def _records(self) -> contract.RecordsConfig | None:
        """Where learning records go: the course's LRS (``lrs:``), or, in the cmi5
        package, the one each launch names. None: no page loads or sends anything."""
        lrs = self.options.lrs
        if not (lrs.endpoint or self.cmi5):
            return None
        # Checked at their lines by settings.py; again here for values from !ENV.
        checks = [endpoint_problem(lrs.endpoint) if lrs.endpoint else None,
                  registration_problem(lrs.registration) if lrs.registration else None,
                  iri_problem(lrs.activity, "activity") if lrs.activity else None,
                  "key needs secret: too" if bool(lrs.key) != bool(lrs.secret) else None]
        self.fail([f"{self.settings_name}: lrs: {problem}" for problem in checks if problem])
        course = course_iri(lrs.activity, self.site.site_url, self.site.site_name)
        if self.cmi5:
            return {"endpoint": "", "auth": "", "course": course, "registration": "",
                    "cmi5": True}
        site = LRS(with_slash(lrs.endpoint), lrs.key, lrs.secret, lrs.registration)
        return {"endpoint": site.endpoint, "auth": site.authorization(), "course": course,
                "registration": site.registration, "cmi5": False}

    def _bundles(self, messages: Catalog, runtime: Runtime) -> dict[str, bytes]:
        """The engine's scripts (and source maps), each led by the messages its code
        names: the learners' in quiz.js (which browsers cache with the code), and in
        each page's own script (quiz-class.js, quiz-ask.js...) those quiz.js does not
        carry. Words only the build's templates use stay out."""
        scripts = runtime.bundled(self.engine_dir / "src", BUNDLES, WORKERS)
        if not self.records:  # no LRS: its script is not even in the site
            scripts = {name: code for name, code in scripts.items()
                       if not name.startswith("quiz-xapi.")}
        catalog = messages.for_browser()
        shipped: set[str] = set()  # quiz.js's, which every page loads first
        for name in BUNDLES:
            if f"{name}.js" not in scripts:
                continue
            code = scripts[f"{name}.js"].decode()
            ids = set(MESSAGE_ID.findall(code)) - shipped
            words = {key: text for key, text in catalog.items()
                     if key in ids or (name == "quiz" and key.startswith(BUILT_MESSAGE_IDS))}
            if name == "quiz":
                shipped = set(words)
            text = json.dumps(words, ensure_ascii=False)
            banner = (f"globalThis.ConnectOrNot = {{ ...globalThis.ConnectOrNot, "
                      f"catalog: {text} }};" if name == "quiz"
                      else f"Object.assign(globalThis.ConnectOrNot.catalog, {text});"
                      if words else "")
            if name == "quiz-xapi":  # where the records go, on the same line
                banner += f"globalThis.ConnectOrNot.records = {json.dumps(self.records)};"
            if not banner:
                continue
            scripts[f"{name}.js"] = f"{banner}\n{code}".encode()
            # One more line before the code: its source map starts a line later.
            source_map = json.loads(scripts[f"{name}.js.map"])
            source_map["mappings"] = ";" + source_map["mappings"]
            scripts[f"{name}.js.map"] = json.dumps(source_map).encode()
        return scripts

    def _engine_version(self) -> str:
        """A digest of everything the engine's assets are made of, as built (bundles
        with their messages and options, worker, styles): quiz.js passes it on to the
        worker's URL."""
        digest = hashlib.sha256()
        for name, data in sorted(self.scripts.items()):
            digest.update(name.encode() + hashlib.sha256(data).digest())
        for path in sorted(self.engine_dir.glob("*.css")):
            digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()[:12]

    def _messages(self, root: Path, lang: str) -> Catalog:
        """The site's words (the English for any it does not give); a file that cannot
        be used fails the build, or under `mkdocs serve` shows on every page."""
        if not self.options.messages:
            return self._in_language(Catalog(lang))
        path = root / self.options.messages
        try:
            text = path.read_text(encoding="utf-8")
            words = json.loads(text)
            return self._in_language(Catalog(lang, words))
        except OSError as error:
            problem = f"{path}:1:1: cannot read the messages file ({error.strerror or error})"
        except json.JSONDecodeError as error:
            problem = f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        except (ValueError, CatalogError) as error:
            key = getattr(error, "key", "") or str(error).split(":", 1)[0]
            at = text.find(f'"{key}"')
            line = text.count("\n", 0, at) + 1 if at >= 0 else 1
            column = at - text.rfind("\n", 0, at) if at >= 0 else 1
            problem = f"{path}:{line}:{column}: {error}"
        self.fail([problem])
        return Catalog(lang)

    @staticmethod
    def _in_language(catalog: Catalog) -> Catalog:
        """The catalog, after a warning when the site's language is not English and some
        messages have no words in it (they show in English, read with its voice), and
        one for each id of an earlier version the site's file still holds."""
        for key in catalog.retired:
            log.warning(f"connect-or-not: the messages file's {key} is no longer used: "
                        f"{RETIRED[key]}; delete it")
        missing = sorted(set(catalog.messages) - catalog.translated)
        if missing:  # an English site has every word
            shown = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more"
                                               if len(missing) > 12 else "")
            log.warning(f"connect-or-not: theme.language is {catalog.lang!r}, but "
                        f"{len(missing)} messages have no words in it and show in English "
                        f"({shown}); write them all with: connect-or-not messages --template "
                        f"{catalog.lang}, and name the file under messages:")
        return catalog

    def _load_cards(self, messages: Catalog) -> tuple[dict[str, Card], set[str]]:
        """The published cards by id, in the site's language, and the ids of the
        drafts (kept off the site)."""
        if not self.scenarios_dir.is_dir():
            raise BuildError(f"connect-or-not: scenarios_dir {self.scenarios_dir} is not a "
                             "folder")
        cards, problems = load_cards([self.scenarios_dir])
        self.fail([str(p) for p in problems])
        drafts = {card.id for card in cards if card.draft}
        if drafts:
            log.info(f"leaving out {len(drafts)} draft card(s) until published (draft: true): "
                     f"{', '.join(sorted(drafts))}")
        published = {card.id: card for card in cards if not card.draft}
        for card in published.values():
            for warning in check_class_policy(card, self.policy):
                log.warning(str(warning))
            for problem in markup_problems(card):
                log.warning(str(problem))
            if card.texts and card.language_for(messages.lang) is None:
                # As a card in one language shows in it: said, not a warning.
                line, column = card.where.get("title", (1, 1))
                shown = card.language_for("en") or next(iter(card.texts))
                log.info(f"{card.path}:{line}:{column}: the card is written in "
                         f"{', '.join(card.texts)}, not in the site's language "
                         f"({messages.lang}), so it shows in {shown}")
        words = {d.id: messages.decision(d.id) for d in DECISIONS}
        return {card_id: card.in_language(messages.lang, words)
                for card_id, card in published.items()}, drafts
