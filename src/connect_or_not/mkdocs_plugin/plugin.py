"""The ``connect-or-not`` MkDocs plugin: an adapter that runs the course's three steps
(``connect_or_not.steps``) at MkDocs' events.

- ``on_config``: the course, read and checked (``steps.course.Course``); the engine's
  styles and scripts join the theme's;
- ``on_files``: the pages step's pages and assets, as files MkDocs generates;
- ``on_page_markdown``: the markers, expanded as the Markdown extension expands them;
- ``on_post_page`` and ``on_post_build``: the finishing step (the theme's own inline
  scripts are known from its templates here).

What is MkDocs' own stays here: the strict build's staging, the preview's problems
page, the titles the theme prints raw, and the "Skip to content" link.
"""

from __future__ import annotations

import functools
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..steps import hosting
from ..steps.course import Course
from ..steps.errors import BuildError
from ..steps.finish import Hosting, finish, page_head
from ..steps.links import Links
from ..steps.options import Lrs, Options, Site
from ..steps.pages import RECORD
from ..steps.render import title_html
from ..steps.runtime import SNAPSHOT
from ..yamlread import line_problem, unsafe_problem
from .config import ConnectOrNotConfig

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

__all__ = ["SNAPSHOT", "ConnectOrNotPlugin"]

log = get_plugin_logger(__name__)

# The site's own words in mkdocs.yml that the theme prints as HTML.
SITE_TEXT = ("site_name", "site_description", "site_author")
Result = TypeVar("Result")


def as_plugin_error(event: Callable[..., Result]) -> Callable[..., Result]:
    """The steps' errors as MkDocs' own: the message, and no traceback."""
    @functools.wraps(event)
    def run(*args: Any, **kwargs: Any) -> Result:
        try:
            return event(*args, **kwargs)
        except BuildError as error:
            raise PluginError(str(error)) from None
    return run


class WarningCount(logging.Handler):
    """Counts the warnings logged during a build (as MkDocs' strict mode does)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


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

    @as_plugin_error
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
            # Markup: where the theme escapes it anyway (the logo's title), it is not
            # escaped twice.
            config[name] = Markup(title_html(config[name]))
        if (Path(config.docs_dir) / RECORD).exists():  # the pages step has run there
            raise PluginError(f"connect-or-not: {config.docs_dir} holds the pages that "
                              f"`connect-or-not pages` wrote ({RECORD} lists them), and the "
                              "plugin adds them itself: give the pages step a folder of its "
                              "own, and delete those files and the list from this one")
        if self.server is not None and self.config.messages:  # named since serve began
            self._watch(self.server, root / self.config.messages)
        self.course = Course(self._options(), self._site(config), serving=self.serving,
                             for_lms=self.for_lms, cmi5=self.cmi5, fail=self._fail)
        self.config.policy = self.course.policy
        self.config.sets = list(self.course.sets)
        self.records = self.course.records
        if not (self.serving or self.dirty):
            self._stage(config)
        config.extra_css.extend(self.course.stylesheets())
        config.extra_javascript.extend(ExtraScriptValue(script)
                                       for script in self.course.scripts_on_every_page())
        return config

    def _options(self) -> Options:
        """The plugin's options as the steps take them (named alike)."""
        plain = set(Options.__dataclass_fields__) - {"lrs", "scorm_sets", "mastery_score"}
        lrs = {name: self.config.lrs[name] for name in Lrs.__dataclass_fields__}
        return Options(**{name: self.config[name] for name in plain}, lrs=Lrs(**lrs),
                       scorm_sets=tuple(self.config.scorm.sets),
                       mastery_score=self.config.scorm.mastery_score)

    def _site(self, config: MkDocsConfig) -> Site:
        search = config.plugins.get("search")
        languages = search.config.get("lang") if search else None
        return Site(
            config_file=Path(config.config_file_path or "mkdocs.yml"),
            site_name=self.site_name, site_description=self.site_description,
            site_url=config.site_url or "", lang=self.lang,
            search_languages=tuple(languages or ()), docs_dir=config.docs_dir,
            site_dir=config.site_dir, use_directory_urls=config.use_directory_urls,
            template_dirs=(Path(config.theme.custom_dir),) if config.theme.custom_dir else ())

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

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        for page in self.course.pages():
            file = File.generated(config, page.path, content=page.markdown)
            if not page.in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
            if page.skip_to:
                self.skip_to[page.path] = page.skip_to
        for path, source in self.course.assets().items():
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
        def url_of(path: str) -> str | None:
            file = files.get_file_from_path(path)
            return file.url if file else None

        try:
            return self.course.markers.page(markdown, Links(page.file.src_uri, url_of))
        except BuildError as error:
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
            return self.course.markers.template("problems.html", problems=self.problems)
        return self._with_policy(output, get_relative_url(".", page.url), page.file.src_uri,
                                 config)

    def _with_policy(self, output: str, base_url: str, name: str, config: MkDocsConfig) -> str:
        """A page with its policy first in its head, allowing the theme's own inline
        scripts for a page at ``base_url``."""
        hashes = None
        if self.config.csp and not self.serving:
            # Only the theme's own inline scripts run: any other on the page (a trainer's
            # words that reached it, a script in a page's Markdown) is blocked, and named.
            known = self._theme_scripts(base_url, config)
            found = hosting.script_hashes(output)
            hashes = [h for h in found if h in known]
            if len(hashes) < len(found):
                log.warning(f"{name}: the page holds an inline script that the "
                            "theme did not write; the Content-Security-Policy blocks it")
            self.hashes.update(hashes)
        # Under `mkdocs serve` no sw.js is written: the page does not ask for one.
        return page_head(output, hashes, self.course.connect_sources(),
                         self.config.offline and not self.serving)

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
        if not self.config.enabled or template_name != "404.html":
            return None
        if self.problems:
            return self.course.markers.template("problems.html", problems=self.problems)
        # A host answers any missing address with it: its links and scripts start from
        # the site's root (MkDocs gives it that base_url), and it gets the pages' policy.
        return self._with_policy(output, urlsplit(config.site_url or "/").path, template_name,
                                 config)

    @as_plugin_error
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.serving:
            return
        course = self.course
        finish(Path(config.site_dir), course.record(), Hosting(
            sw_template=course.engine_dir / "build" / "sw.js",
            languages=course.site.search_languages or (course.site.lang,),
            offline=self.config.offline, offline_limit=self.config.offline_limit,
            csp=self.config.csp, directory_urls=config.use_directory_urls), self.hashes)
        self._put_in_place(config)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer | None:
        if self.config.enabled:  # every file the build reads, beside MkDocs' own
            root = Path(config.config_file_path or ".").parent
            for path in (self.course.scenarios_dir, self.course.engine_dir,
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
