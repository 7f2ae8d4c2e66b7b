from __future__ import annotations

import inspect
import io
import os
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from connect_or_not import cli

from .support.project import ROOT, course_config
from .support.web import CHROMIUM, CHROMIUM_ARGS, Handler, serve

__all__ = ["CARDS_DIR", "CHROMIUM", "CHROMIUM_ARGS", "ROOT", "Handler", "build_site", "serve"]

CARDS_DIR = ROOT / "scenarios"
# The build's slow steps are cached where make keeps them, for a pytest run by hand too.
os.environ.setdefault("CONNECT_OR_NOT_CACHE", str(ROOT / "build" / "cache"))


# What a test that builds a whole site (or runs make) does, in its own code.
_BUILDS = re.compile(r"\b(build_site|copy_project|mkdocs_plugin\.scorm)\("
                     r"|\"mkdocs\", \"(build|serve)|\[\"make\"")


def pytest_collection_modifyitems(items):
    """Tests that drive Chromium, and tests that build a site, are marked, so that
    `make check` can leave them out (`make test` runs them all)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if {"browser", "context", "site_url"} & fixtures:
            item.add_marker(pytest.mark.browser)
        function = getattr(item, "function", None)
        source = inspect.getsource(function) if function else ""
        if ({"built_site", "site_without_snapshot", "packages"} & fixtures
                or _BUILDS.search(source)):
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def course_folder(tmp_path_factory):
    """A course folder as the tests expect it, whatever class policy the trainer set
    in mkdocs.yml: the shipped cards, and a mkdocs.yml with the balanced policy."""
    folder = tmp_path_factory.mktemp("course")
    (folder / "scenarios").symlink_to(ROOT / "scenarios")
    (folder / "mkdocs.yml").write_text(course_config("balanced"), encoding="utf-8")
    return folder


@pytest.fixture
def run_cli(monkeypatch, course_folder):
    """Run the CLI in this process, in ``course_folder`` unless told otherwise:
    (exit code, stdout, stderr).

    ``tests/test_cli.py`` also runs the installed command once, end to end."""

    def run(*args: str, stdin: str = "", cwd: Path | None = None):
        out, err = io.StringIO(), io.StringIO()
        with monkeypatch.context() as patch:
            patch.chdir(cwd or course_folder)
            with redirect_stdout(out), redirect_stderr(err):
                try:
                    code = cli.main(list(args), stdin=io.StringIO(stdin))
                except SystemExit as stop:  # argparse's usage errors
                    code = stop.code if isinstance(stop.code, int) else 1
        return code, out.getvalue(), err.getvalue()

    return run


def build_site(site_dir: Path, config_file: Path, **overrides):
    """Build a site with --strict semantics into ``site_dir``."""
    from mkdocs.commands.build import build  # noqa: PLC0415 - only the site tests need it
    from mkdocs.config import load_config  # noqa: PLC0415

    overrides.setdefault("strict", True)
    config = load_config(str(config_file), site_dir=str(site_dir), **overrides)
    # As `mkdocs build` starts: a plugin told it is being served (course_plugin) stays
    # so for the whole process otherwise, and would stop failing on mistakes.
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The course built once per test session, with the shipped defaults (the
    balanced policy) whatever the trainer set in mkdocs.yml."""
    from .support.project import copy_project  # noqa: PLC0415

    project = copy_project(tmp_path_factory.mktemp("course-copy") / "project")
    return build_site(tmp_path_factory.mktemp("site"), project / "mkdocs.yml")


@pytest.fixture(scope="session")
def course_plugin(tmp_path_factory):
    """The course's config and its plugin after on_config, as `mkdocs serve` starts:
    the markers' errors are tested on it page by page, without building the site.
    Its runtime is the preview's, lean and quickly compressed, so that even an empty
    cache costs seconds, and editing a rule reruns no snapshot."""
    from mkdocs.config import load_config  # noqa: PLC0415

    from .support.project import copy_project  # noqa: PLC0415

    project = copy_project(tmp_path_factory.mktemp("plugin") / "project", snapshot=False,
                           precompile=False)
    config = load_config(str(project / "mkdocs.yml"), strict=True)
    plugin = config.plugins["connect-or-not"]
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(config)
    return config, plugin


@pytest.fixture(scope="session")
def site_without_snapshot(tmp_path_factory):
    """The course built with `snapshot: false`, once per test session."""
    from .support.project import copy_project  # noqa: PLC0415

    project = copy_project(tmp_path_factory.mktemp("nosnap") / "project", snapshot=False)
    return build_site(tmp_path_factory.mktemp("nosnap-site"), project / "mkdocs.yml")


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    """A fresh browser context (empty cache and storage) that records every request."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    yield context
    context.close()
