"""The ``connect-or-not`` MkDocs plugin.

Glue only: it loads the cards with the package's loader (any problem fails the
build with the loader's ``file:line:col`` message), adds one generated page per card
and an index, and hands the rest to its parts:

- ``runtime``: the vendored Pyodide, our wheel and lock file, and their build steps;
- ``markers``: ``<!-- con:NAME key=value -->`` markers, expanded from Jinja templates
  that a site can override in ``custom_dir``;
- ``hosting``: the Content-Security-Policy, ``_headers`` and the service worker.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import jinja2
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

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
from ..settings import CourseSettings, read_course_settings
from ..vocabulary import DECISIONS
from ..yamlread import line_problem, unsafe_problem
from . import hosting
from .config import ConnectOrNotConfig
from .markers import Renderer
from .render import markdown_text, title_html
from .runtime import ASSETS, SNAPSHOT, Runtime

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

    from ..card import Card

__all__ = ["SNAPSHOT", "ConnectOrNotPlugin"]

log = get_plugin_logger(__name__)

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
# The site's own words in mkdocs.yml that the theme prints as HTML.
SITE_TEXT = ("site_name", "site_description", "site_author")


class WarningCount(logging.Handler):
    """Counts the warnings logged during a build (as MkDocs' strict mode does)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _off_nav(file: File) -> File:
    """A generated page reached from other pages, not from the navigation."""
    file.inclusion = InclusionLevel.NOT_IN_NAV
    return file


def without_css_comments(css: str) -> str:
    """The stylesheet without its comments, indentation and blank lines."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return "\n".join(line.strip() for line in css.splitlines() if line.strip()) + "\n"


class ConnectOrNotPlugin(BasePlugin[ConnectOrNotConfig]):
    """Cards, card pages and generated tables for a Connect or Not course site."""

    serving = False  # set by on_startup under `mkdocs serve`
    for_lms = False  # set by `make scorm` (scorm.py): the pages report to an LMS
    cmi5 = False  # set by `make scorm` for the cmi5 package: the launch names the LRS
    skip_to: dict[str, tuple[str, str]]  # generated page -> (anchor, title); see on_files

    dirty = False  # `mkdocs build --dirty`: the site is updated where it is
    server: ClassVar[LiveReloadServer | None] = None  # the preview's, once on_serve gives it
    watched: ClassVar[set[str]] = set()  # the files we asked it to watch
    staged: tuple[Path, Path] | None = None  # (building, final): see _stage

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` injects an inline live-reload script the policy would block.
        # Set on the class: a rebuild after mkdocs.yml changed may bring a new instance,
        # which is still serving.
        type(self).serving = command == "serve"
        type(self).dirty = dirty
        type(self).server, type(self).watched = None, set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.hashes: set[str] = set()
        self.theme_hashes: dict[str, set[str]] = {}  # by a page's base_url
        self.skip_to = {}
        self.problems: list[str] = []  # shown in the browser under `mkdocs serve`
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").parent
        settings = Path(config.config_file_path or "mkdocs.yml").name
        # Material prints these raw (in <title>, the header, aria-label): checked like
        # a card's title, then escaped. The plain name stays for the LMS packages.
        self.site_name = config.site_name
        self.site_description = config.site_description or ""
        self.lang = config.theme.get("language") or "en"
        for name in SITE_TEXT:
            if config.get(name) is None:
                continue
            problem = (line_problem if name == "site_name" else unsafe_problem)(config[name], name)
            if problem:
                raise PluginError(f"connect-or-not: {settings}: {problem}")
            config[name] = title_html(config[name])
        if self.config.offline_limit <= 0:
            raise PluginError(f"connect-or-not: {settings}: offline_limit is the MB a learner's "
                              f"browser keeps offline; give a positive number, not "
                              f"{self.config.offline_limit}")
        self.scenarios_dir = root / self.config.scenarios_dir
        self.engine_dir = root / self.config.engine_dir
        if self.server is not None and self.config.messages:  # named since serve began
            self._watch(self.server, root / self.config.messages)
        messages = self._messages(root, config.theme.get("language") or "en")
        # The trainer's settings and cards first: a mistake there fails before any slow
        # step, checked as `connect-or-not validate` checks them.
        course = read_course_settings(Path(config.config_file_path or "mkdocs.yml")) \
            or CourseSettings(settings)
        self._fail([str(p) for p in course.problems])
        self.config.policy = course.policy
        self.config.sets = list(course.sets)
        cards, drafts = self._load_cards(messages)
        self._fail([str(p) for p in set_problems(course, cards, drafts)])
        cache = Path(self.config.cache_dir or os.environ.get("CONNECT_OR_NOT_CACHE")
                     or root / "build" / "cache")
        self.runtime = Runtime(root / self.config.runtime_dir, self.engine_dir / "build",
                               cache=root / cache, precompile=self.config.precompile,
                               snapshot=self.config.snapshot, lock_python=self.config.lock_python,
                               minify=self.config.minify, preview=self.serving)
        self.records = self._records(config, settings)
        self.scripts = self._bundles(messages)
        if not (self.serving or self.dirty):
            self._stage(config)
        # Versioned by content: a host's max-age never pairs a page with stale assets.
        version = f"?v={self._engine_version()}"
        self.engine_version = version
        config.extra_css.append(f"{ASSETS}/quiz.css{version}")
        # On every page, but small: it starts the grader only where a card is shown.
        config.extra_javascript.append(ExtraScriptValue(f"{ASSETS}/quiz.js{version}"))
        # After quiz.js, before the page is wired; the records first (quiz-lms.js reads
        # whether this is a cmi5 package).
        if self.records:
            config.extra_javascript.append(ExtraScriptValue(f"{ASSETS}/quiz-xapi.js{version}"))
        if self.for_lms:
            config.extra_javascript.append(ExtraScriptValue(f"{ASSETS}/quiz-lms.js{version}"))
        # Appended last, so a site's custom_dir (searched first) can override them.
        config.theme.dirs.append(str(TEMPLATES))
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(config.theme.dirs), autoescape=True,
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters["md"] = markdown_text  # titles inside Markdown templates
        key = answer_key(list(cards.values()))
        exercised: dict[str, set[str]] = defaultdict(set)
        for card_id, verdicts in key.items():
            for verdict in verdicts.values():
                for reason in verdict["reasons"]:
                    exercised[reason["rule"]].add(card_id)
        self.markers = Renderer(
            cards=cards, drafts=drafts, key=key, config=self.config, runtime=self.runtime,
            env=env, messages=messages, engine_version=self.engine_version,
            for_lms=self.for_lms, records=self.records,
            exercised={rule: sorted(ids) for rule, ids in exercised.items()})
        return config

    def _stage(self, config: MkDocsConfig) -> None:
        """Build into a folder beside the site's, moved into place only once complete
        (see on_post_build): a build that fails, or is killed, leaves the last good
        site as it was, never half a site without its sw.js or _headers."""
        final = Path(config.site_dir)
        building = final.with_name(f".{final.name}.building")
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            if building.exists():  # left by a build that was killed
                shutil.rmtree(building)
            building.mkdir()
        except OSError as error:
            raise PluginError(f"connect-or-not: cannot write the site in {final.parent} "
                              f"({error.strerror or error}); make that folder writable, or "
                              "build elsewhere: mkdocs build -d <folder>") from None
        self.staged = (building, final)
        config.site_dir = str(building)
        self.warnings = WarningCount()
        if config.strict:  # MkDocs fails a strict build on warnings after on_post_build
            logging.getLogger("mkdocs").addHandler(self.warnings)

    def _put_in_place(self, config: MkDocsConfig) -> None:
        """The complete site moves to where it belongs; the old one goes."""
        if not self.staged:
            return
        building, final = self.staged
        self.staged = None
        config.site_dir = str(final)
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.warnings.count:  # the strict build fails next: the last good site stays
            shutil.rmtree(building, ignore_errors=True)
            return
        old = final.with_name(f".{final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        try:
            if final.exists():
                final.rename(old)
            building.rename(final)
        except OSError:
            # The site's folder cannot be renamed (a mount point): replace what is in it.
            final.mkdir(parents=True, exist_ok=True)
            for item in final.iterdir():
                shutil.rmtree(item) if item.is_dir() and not item.is_symlink() else item.unlink()
            for item in building.iterdir():
                item.rename(final / item.name)
            building.rmdir()
        shutil.rmtree(old, ignore_errors=True)

    def on_build_error(self, *, error: Exception) -> None:
        if self.staged:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            shutil.rmtree(self.staged[0], ignore_errors=True)
            self.staged = None

    def _records(self, config: MkDocsConfig, settings: str) -> contract.RecordsConfig | None:
        """Where learning records go: the course's LRS (``lrs:``), or, in the cmi5
        package, the one each launch names. None: no page loads or sends anything."""
        lrs = self.config.lrs
        if not (lrs.endpoint or self.cmi5):
            return None
        # Checked at their lines by settings.py; again here for values from !ENV.
        checks = [endpoint_problem(lrs.endpoint) if lrs.endpoint else None,
                  registration_problem(lrs.registration) if lrs.registration else None,
                  iri_problem(lrs.activity, "activity") if lrs.activity else None,
                  "key needs secret: too" if bool(lrs.key) != bool(lrs.secret) else None]
        self._fail([f"{settings}: lrs: {problem}" for problem in checks if problem])
        course = course_iri(lrs.activity, config.site_url, self.site_name)
        if self.cmi5:
            return {"endpoint": "", "auth": "", "course": course, "registration": "",
                    "cmi5": True}
        site = LRS(with_slash(lrs.endpoint), lrs.key, lrs.secret, lrs.registration)
        return {"endpoint": site.endpoint, "auth": site.authorization(), "course": course,
                "registration": site.registration, "cmi5": False}

    def _connect_sources(self) -> str:
        """What the pages may connect to beyond their own site: the course's LRS, or,
        in a cmi5 package, any LRS over https (the LMS names it at launch)."""
        if not self.records:
            return ""
        return "https:" if self.records["cmi5"] else origin(self.records["endpoint"])

    def _fail(self, problems: list[str]) -> None:
        """Trainers' mistakes fail the build; under `mkdocs serve` every page shows
        them instead (a failed build would leave the browser waiting)."""
        if not problems:
            return
        if not self.serving:
            raise PluginError("connect-or-not: " + "\n".join(problems))
        self.problems += problems
        for problem in problems:
            log.error(problem)

    def _bundles(self, messages: Catalog) -> dict[str, bytes]:
        """The engine's scripts (and source maps), each led by the messages its code
        names: the learners' in quiz.js (which browsers cache with the code), and in
        each page's own script (quiz-class.js, quiz-ask.js...) those quiz.js does not
        carry. Words only the build's templates use stay out."""
        scripts = self.runtime.bundled(self.engine_dir / "src", BUNDLES, WORKERS)
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
        if not self.config.messages:
            return self._in_language(Catalog(lang))
        path = root / self.config.messages
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
        self._fail([problem])
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
            raise PluginError(f"connect-or-not: scenarios_dir {self.scenarios_dir} is not a "
                              "folder")
        cards, problems = load_cards([self.scenarios_dir])
        self._fail([str(p) for p in problems])
        drafts = {card.id for card in cards if card.draft}
        if drafts:
            log.info(f"leaving out {len(drafts)} draft card(s) until published (draft: true): "
                     f"{', '.join(sorted(drafts))}")
        published = {card.id: card for card in cards if not card.draft}
        for card in published.values():
            for warning in check_class_policy(card, self.config.policy):
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

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        # Card and set pages: Material shows its "Skip to content" link only on pages
        # with a table of contents, so on_page_content gives each one its title's.
        t = self.markers.t

        def page(path: str, marker: str, *, title: str | None = None, off_nav: bool = False,
                 **context: Any) -> None:
            content = self.markers.template("page.md", marker=marker,
                                            title=None if title is None else title_html(title),
                                            **{"hide": False, "searched": False, "heading": "",
                                               "intro": "", **context})
            file = File.generated(config, path, content=content)
            files.append(_off_nav(file) if off_nav else file)

        for card_id, card in self.markers.cards.items():
            page(f"quiz/{card_id}.md", f"card id={card_id} level=1")
            self.skip_to[f"quiz/{card_id}.md"] = (f"con-title-{card_id}", card.title)
        page("quiz/index.md", "index", title=t("index.title"), searched=True)
        for quiz_set in self.config.sets:
            # Left out of the search index: its cards have pages of their own, and
            # every page's first visit downloads the index.
            anchor = f"con-set-title-{quiz_set.id}"
            page(f"quiz/sets/{quiz_set.id}.md", f"quiz-set set={quiz_set.id}",
                 title=quiz_set.title, heading=quiz_set.title, anchor=anchor)
            self.skip_to[f"quiz/sets/{quiz_set.id}.md"] = (anchor, quiz_set.title)
            for view in ("present", "print", "key"):
                page(f"quiz/sets/{quiz_set.id}/{view}.md", f"{view} set={quiz_set.id}",
                     title=f"{quiz_set.title}: {t(f'{view}.title')}", hide=True, off_nav=True)
        page("quiz/tally.md", "tally", title=t("tally.title"), intro=t("tally.intro"),
             off_nav=True)
        page("quiz/ask.md", "ask", title=t("ask.title"), intro=t("ask.intro"), searched=True,
             off_nav=True)
        page("quiz/studio.md", "studio", title=t("studio.title"), intro=t("studio.intro"),
             hide=True, off_nav=True)
        for name, script in self.scripts.items():
            if self.for_lms and "studio" in name:  # the card studio's, for trainers only
                continue
            files.append(File.generated(config, f"{ASSETS}/{name}", content=script))
        for style in sorted(self.engine_dir.glob("*.css")):  # quiz.css, quiz-class.css
            files.append(File.generated(config, f"{ASSETS}/{style.name}",
                                        content=without_css_comments(
                                            style.read_text(encoding="utf-8"))))
        # An LMS package is for learners: the card studio's Python stays out of it.
        for name, source in self.runtime.generated(studio=not self.for_lms).items():
            path = f"{self.runtime.path}/{name}"
            files.append(File.generated(config, path, content=source) if isinstance(source, bytes)
                         else File.generated(config, path, abs_src_path=str(source)))
        return files

    # Markers are expanded before other plugins see the Markdown, so search and
    # link validation work on the generated content.
    @event_priority(50)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        if not self.config.enabled:
            return None
        card = self.markers.card_of(markdown)
        if card is not None:
            page.meta["title"] = title_html(card.title)
        try:
            return self.markers.page(markdown, page, files)
        except PluginError as error:
            self._fail([str(error)])
            return markdown

    def on_page_content(self, output: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        skip = self.skip_to.get(page.file.src_uri) if self.config.enabled else None
        if skip and not list(page.toc):
            anchor, title = skip
            page.toc = get_toc([{"level": 1, "id": anchor, "name": title, "children": []}])
        return None

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        if self.problems:
            return self.markers.template("problems.html", problems=self.problems)
        meta = ""
        if self.config.csp and not self.serving:
            # Only the theme's own inline scripts run: any other on the page (a trainer's
            # words that reached it, a script in a page's Markdown) is blocked, and named.
            known = self._theme_scripts(get_relative_url(".", page.url), config)
            found = hosting.script_hashes(output)
            hashes = [h for h in found if h in known]
            if len(hashes) < len(found):
                log.warning(f"{page.file.src_uri}: the page holds an inline script that the "
                            "theme did not write; the Content-Security-Policy blocks it")
            self.hashes.update(hashes)
            meta += hosting.csp_meta(hashes, self._connect_sources())
        if self.serving or not self.config.offline:
            meta += hosting.NO_SERVICE_WORKER  # no sw.js is written: don't ask for it
        return hosting.add_to_head(output, meta) if meta else None

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment | None:
        self.theme_env = env
        return None

    def _theme_scripts(self, base_url: str, config: MkDocsConfig) -> set[str]:
        """The hashes of the theme's inline scripts on a page at ``base_url``."""
        if base_url not in self.theme_hashes:
            self.theme_hashes[base_url] = hosting.theme_script_hashes(self.theme_env, {
                "config": config, "base_url": base_url,
                "features": config.theme.get("features") or []})
        return self.theme_hashes[base_url]

    # Last of every plugin's, so that the site is complete when it is put in place.
    @event_priority(-100)
    def on_post_template(self, output: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str | None:
        # The dev server answers a missing page (a broken card's own) with 404.html.
        if self.config.enabled and self.problems and template_name == "404.html":
            return self.markers.template("problems.html", problems=self.problems)
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.serving:
            return
        try:
            self._hosting_files(config)
        except OSError as error:
            raise PluginError(f"connect-or-not: cannot write the site's hosting files "
                              f"({error.strerror or error})") from None
        self._put_in_place(config)

    def _hosting_files(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        if self.config.offline:
            search = config.plugins.get("search")
            languages = list(search.config.get("lang") or []) if search else []
            versioned = {f"{ASSETS}/{name}": self.engine_version for name in self.scripts
                         if not name.endswith(".map")}
            versioned.update({f"{ASSETS}/{style.name}": self.engine_version
                              for style in self.engine_dir.glob("*.css")})
            hosting.write_service_worker(
                site, self.engine_dir / "build" / "sw.js", self.runtime.path,
                self.runtime.digest, languages or [config.theme.get("language") or "en"],
                versioned=versioned, engine_version=self.engine_version.removeprefix("?v="),
                limit_bytes=int(self.config.offline_limit * 1e6))
        if self.config.csp:
            hosting.write_headers(site, self.hashes, self.runtime.path, self._connect_sources())

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer | None:
        if self.config.enabled:  # every file the build reads, beside MkDocs' own
            root = Path(config.config_file_path or ".").parent
            for path in (self.scenarios_dir, self.engine_dir,
                         root / self.config.messages if self.config.messages else None,
                         Path(config.theme.custom_dir) if config.theme.custom_dir else None):
                if path is not None:
                    self._watch(server, path)
            type(self).server = server
        return server

    def _watch(self, server: LiveReloadServer, path: Path) -> None:
        """Rebuild when ``path`` changes (asked once, however often we are)."""
        if path.exists() and str(path.resolve()) not in self.watched:
            self.watched.add(str(path.resolve()))
            server.watch(str(path))
