"""The course on a generator other than MkDocs (issue 31): plain Python-Markdown and a
Jinja page shell (examples/plain-markdown/build.py) between the pages step and the
finishing step, in Chromium: a card, a set and the presenter, graded by Python, and
offline after one visit. And Zensical, from its recipe, when the registry has it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import venv

import pytest

from .conftest import ROOT, serve
from .support.project import copy_project
from .test_browser_quiz import ENGINE_TIMEOUT, answer

BUILD = ROOT / "examples" / "plain-markdown" / "build.py"


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("plain") / "project")
    out = project / "build" / "plain"
    done = subprocess.run([sys.executable, str(BUILD), str(project / "mkdocs.yml"), str(out)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return out / "site"


def _blocked_scripts(page):
    """What the policy blocks of the page's scripts, as the console says it. (Zensical's
    search draws its results with an inline <style>, which the policy blocks too: the
    trainer's guide says so.)"""
    found = []
    page.on("console", lambda m: found.append(m.text)
            if "Content Security Policy" in m.text and "script-src" in m.text else None)
    return found


def _graded_by_python(page, address, label):
    """The card at ``address`` answered ``label`` once its grader is ready: Python grades."""
    page.goto(address)
    page.wait_for_selector(".con-card[data-engine=ready]", timeout=ENGINE_TIMEOUT)
    answer(page, label)
    assert page.locator(".con-card").get_attribute("data-graded-by") == "pyodide"


def _graded_offline(context, page, label):
    """The card ``page`` shows, once its copy for offline use is kept (one visit, then
    the learner idle), answered offline and graded by Python."""
    page.wait_for_selector("html[data-offline-ready]", timeout=120_000)
    context.set_offline(True)
    try:
        page.reload()
        page.wait_for_selector(".con-card[data-engine=ready]", timeout=ENGINE_TIMEOUT)
        answer(page, label)
        assert page.locator(".con-card").get_attribute("data-graded-by") == "pyodide"
    finally:
        context.set_offline(False)


def test_the_plain_build_has_the_course_and_mkdocs_nowhere(plain_site):
    """Every card page, set page and asset is there, links are relative (no placeholder
    is left), and every page carries the policy; sw.js and _headers are written."""
    pages = sorted(p.relative_to(plain_site).as_posix() for p in plain_site.rglob("*.html"))
    assert "quiz/claire-pitch/index.html" in pages
    assert "quiz/sets/first-steps/present/index.html" in pages
    for name in pages:
        html = (plain_site / name).read_text(encoding="utf-8")
        assert "con-site:" not in html, name
        assert '<meta http-equiv="Content-Security-Policy"' in html, name
    assert (plain_site / "sw.js").is_file()
    assert "Content-Security-Policy" in (plain_site / "_headers").read_text(encoding="utf-8")
    card = (plain_site / "quiz/claire-pitch/index.html").read_text(encoding="utf-8")
    assert 'href="../../receiving/' in card  # a link to the guide, relative to the card
    assert re.search(r'"url":"\.\./\.\./assets/connect-or-not/pyodide-[^"]+/"', card)
    assert "mkdocs" not in card.lower()
    assert "md-content" not in card


def test_a_card_a_set_and_the_presenter_graded_by_python_then_offline(context, plain_site):
    with serve(plain_site) as url:
        page = context.new_page()
        blocked = _blocked_scripts(page)
        _graded_by_python(page, f"{url}quiz/claire-pitch/", "Accept and start a conversation")
        assert page.locator(".con-feedback").get_attribute("data-result") == "best"

        page.goto(f"{url}quiz/sets/first-steps/")
        page.wait_for_selector(".con-card:visible[data-engine=ready]", timeout=ENGINE_TIMEOUT)
        page.locator(".con-card:visible").get_by_label(
            "Accept and start a conversation", exact=True).check()
        page.locator(".con-card:visible").get_by_role(
            "button", name=re.compile("^Check")).click()
        page.wait_for_selector(".con-card:visible[data-graded-by=pyodide]")

        page.goto(f"{url}quiz/sets/first-steps/present/")
        page.wait_for_selector(".con-present[data-enhanced]")
        page.keyboard.press("r")
        page.locator(".con-card:visible .con-result").wait_for()

        page.goto(f"{url}quiz/kohei-serendipity/")
        _graded_offline(context, page, "Accept and start a conversation")
        assert blocked == []


ZENSICAL_WHY = "zensical does not install from the package registry here"


@pytest.fixture(scope="module")
def zensical(tmp_path_factory):
    """Zensical in an environment of its own, or the test is skipped saying why."""
    folder = tmp_path_factory.mktemp("zensical")
    env, package = folder / "venv", folder / "package"
    venv.create(env, with_pip=True)
    # The package from a copy: pip builds in the folder it is given (build/lib...).
    for name in ("src", "pyproject.toml", "README.md"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(
            ROOT / name, package / name)
    python = env / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                           "--disable-pip-version-check", "zensical", f"{package}[steps]"],
                          capture_output=True, text=True, timeout=600, check=False)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        print(f"skipped: {ZENSICAL_WHY}: {last}")
        pytest.skip(f"{ZENSICAL_WHY}: {last}")
    return env / "bin"


def test_zensical_builds_the_course_from_the_recipe(zensical, tmp_path, context):
    """The trainer's guide's recipe, step by step: pages, zensical build, finish; then a
    card in Chromium, graded by Python under the policy finish wrote, and offline."""
    project = copy_project(tmp_path / "project")
    docs = project / "build" / "zensical-docs"
    shutil.copytree(project / "docs", docs)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config += ("docs_dir: build/zensical-docs\nsite_dir: build/zensical-site\n"
               "extra_javascript:\n  - assets/connect-or-not/quiz.js\n")
    config = config.replace("extra_css:\n", "extra_css:\n  - assets/connect-or-not/quiz.css\n")
    config = config.replace("markdown_extensions:\n", "markdown_extensions:\n"
                            "  - connect_or_not.markdown:\n"
                            "      config_file: mkdocs.zensical.yml\n")
    (project / "mkdocs.zensical.yml").write_text(config, encoding="utf-8")
    settings = ["--config", "mkdocs.zensical.yml"]
    for command in (["connect-or-not", "pages", "build/zensical-docs", *settings],
                    ["zensical", "build", "-f", "mkdocs.zensical.yml"],
                    ["connect-or-not", "finish", "build/zensical-site", *settings]):
        done = subprocess.run([str(zensical / command[0]), *command[1:]], cwd=project,
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    site = project / "build" / "zensical-site"
    card = (site / "quiz/claire-pitch/index.html").read_text(encoding="utf-8")
    assert "con-site:" not in card
    assert '<meta http-equiv="Content-Security-Policy"' in card
    assert "warning" not in done.stderr  # every inline script of Zensical's shell is known
    # Zensical links the engine's files as extra_javascript names them; finish gives
    # them their version, so that a host's cache never pairs a page with old ones.
    assert re.search(r'src="\.\./\.\./assets/connect-or-not/quiz\.js\?v=[0-9a-f]{12}"', card)
    assert re.search(r'href="\.\./\.\./assets/connect-or-not/quiz\.css\?v=[0-9a-f]{12}"', card)
    with serve(site) as url:
        page = context.new_page()
        blocked = _blocked_scripts(page)
        _graded_by_python(page, f"{url}quiz/claire-pitch/", "Accept and start a conversation")
        _graded_offline(context, page, "Decline")
        assert blocked == []
