from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .support.project import ROOT
from .support.web import CHROMIUM, CHROMIUM_ARGS, Handler, serve

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ROOT", "SCENARIOS", "Handler", "build_site", "serve"]

SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def run_cli():
    """Run the real CLI in a subprocess: (exit code, stdout, stderr)."""

    def run(*args: str, stdin: str = "", cwd: Path | None = None, timeout: float = 30):
        proc = subprocess.run(
            [sys.executable, "-m", "connect_or_not.cli", *args],
            input=stdin, capture_output=True, text=True, cwd=cwd or ROOT, timeout=timeout,
            check=False,
        )
        return proc.returncode, proc.stdout, proc.stderr

    return run


def build_site(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml", **overrides):
    """Build a site with --strict semantics into ``site_dir``."""
    from mkdocs.commands.build import build  # noqa: PLC0415 - only the site tests need it
    from mkdocs.config import load_config  # noqa: PLC0415

    overrides.setdefault("strict", True)
    config = load_config(str(config_file), site_dir=str(site_dir), **overrides)
    build(config)
    return site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The course built once per test session."""
    return build_site(tmp_path_factory.mktemp("site"))


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
