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
    assert "which is not a lowercase slug of at most 64 characters" in err


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


def test_scripts_in_page_content_are_not_allowlisted(tmp_path):
    """The Content-Security-Policy hashes the theme's own inline scripts, never one
    that reached a page's content (issue 15, D15)."""
    import base64  # noqa: PLC0415
    import hashlib  # noqa: PLC0415

    project = copy_project(tmp_path / "project")
    injected = "window.__pwned = 1"
    with (project / "docs" / "after.md").open("a") as page:
        page.write(f"\n<script>{injected}</script>\n")
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
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
