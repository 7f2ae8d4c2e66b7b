"""Holes a careful attacker or a clumsy host finds (issue 15), each reproduced. The
browser-side ones are in tests/js/ (store) and tests/test_browser_hardening.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import build_site
from .support.project import copy_project

GOOD = "title: T\nkind: incoming\nstory: S\n"

# D8, D10: input that used to raise a traceback or reach the terminal raw.
HOSTILE_CARDS = [
    (GOOD + "facts:\n  mutual_connections: " + "9" * 5000 + "\n",
     "5:23: fact 'mutual_connections' is too large"),
    ('title: "\\U00110000"\nkind: incoming\nstory: S\n', "an escape sequence"),
    ('title: "\\uD800 lone"\nkind: incoming\nstory: S\n', "invisible character U+D800"),
    ('title: "Red \\e[31malert"\nkind: incoming\nstory: S\n', "invisible character U+001B"),
    ('title: "Bell \\a"\nkind: incoming\nstory: S\n', "invisible character U+0007"),
    ('title: "Nul \\0"\nkind: incoming\nstory: S\n', "invisible character U+0000"),
    ('title: "evil\\u202Etxt.exe"\nkind: incoming\nstory: S\n', "invisible character U+202E"),
    ("id: " + "a" * 300 + "\n" + GOOD, "id is 300 characters long; at most 64"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE_CARDS,
                         ids=[m for _, m in HOSTILE_CARDS])
@pytest.mark.parametrize("command", ["validate", "explain", "quiz"])
def test_hostile_card_text_is_an_error_not_a_traceback(run_cli, tmp_path, text, message,
                                                      command):
    path = tmp_path / "card.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(command, str(path), stdin="1\n")
    assert code == 1
    assert "Traceback" not in out + err
    assert f"{path}:" in err
    assert message in err
    assert "\x1b" not in out + err


def test_a_long_file_name_is_refused_before_the_build_could_crash(run_cli, tmp_path):
    path = tmp_path / f"{'x' * 200}.yaml"
    path.write_text(GOOD, encoding="utf-8")
    code, _, err = run_cli("validate", str(tmp_path))
    assert code == 1
    assert "the file name gives the card its id: id is 200 characters long; at most 64" in err


def test_quiz_asks_again_for_a_digit_it_cannot_read(run_cli):
    code, out, err = run_cli("quiz", "scenarios/late-cfo.yaml", stdin="²\n١\nq\n")
    assert (code, err) == (0, "")
    assert out.count("Please type a number from 1 to") == 2


def test_a_link_loop_in_the_cards_folder_is_reported(run_cli, tmp_path):
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    code, _, err = run_cli("validate", str(tmp_path))
    assert code == 1
    assert "loop.yaml:1:1: a symbolic link that leads nowhere (or to itself)" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_subfolder_is_reported(run_cli, tmp_path):
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        code, _, err = run_cli("validate", str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert code == 1
    assert "locked:1:1: cannot read this folder" in err


def test_scripts_in_page_content_are_not_allowlisted(tmp_path, caplog):
    """The Content-Security-Policy hashes the theme's own inline scripts, never one
    that reached a page's content (issue 15, D15); the build says so, so a strict
    build stops (issue 24, R1)."""
    import base64  # noqa: PLC0415
    import hashlib  # noqa: PLC0415

    project = copy_project(tmp_path / "project")
    injected = "window.__pwned = 1"
    with (project / "docs" / "after.md").open("a") as page:
        page.write(f"\n<script>{injected}</script>\n")
    with pytest.raises(Exception, match="Aborted with 1 warnings"):
        build_site(tmp_path / "strict", project / "mkdocs.yml")
    assert "after.md: the page holds an inline script that the theme did not write" \
        in caplog.text
    site = build_site(tmp_path / "site", project / "mkdocs.yml", strict=False)
    digest = base64.b64encode(hashlib.sha256(injected.encode()).digest()).decode()
    html = (site / "after" / "index.html").read_text(encoding="utf-8")
    assert f"<script>{injected}</script>" in html  # a trainer's page may hold one...
    assert digest not in html  # ...but the policy does not let it run
    assert digest not in (site / "_headers").read_text(encoding="utf-8")
    other = (site / "index.html").read_text(encoding="utf-8")
    assert "'sha256-" in other  # the theme's own scripts are still allowed


def test_card_files_are_never_written_outside_the_folder(run_cli, tmp_path):
    outside = sorted(Path(tmp_path).iterdir())
    for card_id in ("../escape", "/etc/passwd", "..", "a/b"):
        code, _, _ = run_cli("new", card_id, "--kind", "incoming", "--dir",
                             str(tmp_path / "cards"))
        assert code == 1
    assert sorted(Path(tmp_path).iterdir()) == outside


# -- issue 24, R13: places that cannot be written, and a build that does not finish --

def _mkdocs_build(project: Path, *args: str):
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", *args],
                          cwd=project, capture_output=True, text=True, timeout=600, check=False,
                          env=os.environ)


def test_a_cache_or_site_that_cannot_be_written_is_one_plain_sentence(tmp_path):
    """A cache or a site folder the build cannot write (here: below a file, which even
    root cannot write into) fails the build in one sentence, without a traceback."""
    project = copy_project(tmp_path / "project")
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    env_cache = os.environ.get("CONNECT_OR_NOT_CACHE")
    try:
        os.environ["CONNECT_OR_NOT_CACHE"] = str(tmp_path / "a-file" / "cache")
        cache = _mkdocs_build(project, "-d", str(tmp_path / "site"))
    finally:
        if env_cache is None:
            os.environ.pop("CONNECT_OR_NOT_CACHE")
        else:
            os.environ["CONNECT_OR_NOT_CACHE"] = env_cache
    assert cache.returncode == 1
    assert "Traceback" not in cache.stderr
    assert f"cannot write the build's cache in {tmp_path / 'a-file' / 'cache'} (Not a " \
        "directory); make it writable, or set cache_dir" in cache.stderr
    site = _mkdocs_build(project, "-d", str(tmp_path / "a-file" / "site"))
    assert site.returncode == 1
    assert "Traceback" not in site.stderr
    assert f"cannot write the site in {tmp_path / 'a-file'}" in site.stderr


def test_a_build_that_does_not_finish_leaves_the_last_good_site(tmp_path):
    """The site is built beside its folder and put in place only when complete: a
    failed build leaves the last good site whole (sw.js and _headers included), and
    what a killed build left behind is cleared by the next one."""
    project = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    before = {p.relative_to(site).as_posix() for p in site.rglob("*")}
    assert {"sw.js", "_headers", "index.html"} <= before
    # A killed build's leftovers, then a build that fails (a broken link, under strict).
    (tmp_path / ".site.building" / "half").mkdir(parents=True)
    (project / "docs" / "sources.md").open("a").write("\n[broken](no-such-page.md)\n")
    with pytest.raises(Exception, match="Aborted"):
        build_site(tmp_path / "site", project / "mkdocs.yml")
    assert {p.relative_to(site).as_posix() for p in site.rglob("*")} == before
    assert not (tmp_path / ".site.building").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
