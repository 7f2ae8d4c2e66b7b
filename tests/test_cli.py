"""The connect-or-not command: in process (the run_cli fixture), and once as the
installed command in a subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

LOCATED = re.compile(r"^.+:\d+:\d+: .+$")


def test_validate_shipped_cards_with_coverage(run_cli):
    code, out, err = run_cli("validate", "scenarios", "--coverage")
    assert (code, err) == (0, "")
    assert "cards OK." in out
    assert "not exercised" not in out
    assert "never best" not in out
    assert "every rule is exercised" in out


def test_coverage_lists_what_is_missing(run_cli):
    code, out, _ = run_cli("validate", "scenarios/late-cfo.yaml", "--coverage")
    assert code == 0
    assert "rules that no card exercises" in out
    assert "  serendipity: " in out  # with what the rule says and its post
    assert "decision never best: decline (Decline)" in out


@pytest.mark.parametrize(("card", "best"), [
    ("claire-pitch", "accept_and_message"),
    ("late-cfo", "send_personal"),
    ("kohei-serendipity", "accept_and_message"),
])
def test_explain_json_named_cards(run_cli, card, best):
    code, out, _ = run_cli("explain", f"scenarios/{card}.yaml", "--json")
    assert code == 0
    verdicts = json.loads(out)
    assert isinstance(verdicts, list)
    assert len(verdicts) == 1
    assert verdicts[0]["best"] == [best]
    assert verdicts[0]["id"] == card


def test_explain_json_folder_is_one_array(run_cli):
    code, out, _ = run_cli("explain", "scenarios", "--json", "--policy", "selective")
    assert code == 0
    verdicts = json.loads(out)
    assert len(verdicts) == len(list((ROOT / "scenarios").glob("*.yaml")))
    assert {v["policy"] for v in verdicts} == {"selective"}


def test_explain_text_cites_and_flips(run_cli):
    code, out, _ = run_cli("explain", "scenarios/kohei-serendipity.yaml")
    assert code == 0
    assert "best: accept_and_message" in out
    assert "[serendipity]" in out
    assert "Sander Biehn" in out
    # Without the trip, Biehn's red flags speak again.
    assert "timely_opportunity true -> false: best becomes" in out
    flip = next(line for line in out.splitlines() if "timely_opportunity true -> false" in line)
    assert "decline" in flip


def test_explain_names_the_posts_a_card_draws_on(run_cli):
    code, out, _ = run_cli("explain", "scenarios/claire-pitch.yaml")
    assert code == 0
    assert "draws on: Sander Biehn, “Should I Connect" in out
    assert "; A selective connector" in out


def test_grade_json_and_text(run_cli):
    code, out, _ = run_cli("grade", "scenarios/claire-pitch.yaml", "--choice", "accept",
                           "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["result"], data["credit"], data["best"]) == (
        "partial", 0.5, ["accept_and_message"])
    code, out, _ = run_cli("grade", "scenarios/claire-pitch.yaml", "--choice", "decline")
    assert code == 0
    assert out.startswith("Not this time: 0 points out of 1.\n")
    assert "Credit" not in out


def test_grade_unknown_choice_is_a_usage_error(run_cli):
    code, _, err = run_cli("grade", "scenarios/claire-pitch.yaml", "--choice", "maybe")
    assert code == 2
    assert "'maybe' is not a decision" in err
    assert "Traceback" not in err


def test_bad_card_exit_1_located_no_traceback(run_cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: No\nkind: incoming\nstory: !!python/object:os.system x\n")
    code, out, err = run_cli("validate", str(bad))
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[-1] == "2 problems found."
    assert all(LOCATED.match(line) for line in lines[:-1])
    assert lines[0].startswith(f"{bad}:1:8: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["validate", "explain"])
def test_missing_path(run_cli, command):
    code, _, err = run_cli(command, "nowhere.yaml")
    assert code == 1
    assert "nowhere.yaml:1:1: no such file or folder" in err


def test_new_writes_a_template_that_validates(run_cli, tmp_path):
    for kind in ("incoming", "outgoing", "connected"):
        code, out, err = run_cli("new", f"my-{kind}", "--kind", kind, "--dir", str(tmp_path))
        assert (code, err) == (0, ""), err
        assert "wrote" in out
    code, out, _ = run_cli("validate", str(tmp_path))
    assert code == 0
    assert "3 cards OK (3 draft, kept off the site)." in out
    code, _, err = run_cli("new", "my-incoming", "--kind", "incoming", "--dir", str(tmp_path))
    assert code == 1
    assert "already exists" in err


@pytest.mark.parametrize("card_id", ["My Card", "my_card", "../../evil", "/etc/passwd",
                                     ".hidden", "a\nb", "x" * 300])
def test_new_refuses_a_bad_id_and_writes_nothing(run_cli, tmp_path, card_id):
    folder = tmp_path / "cards"
    code, out, err = run_cli("new", card_id, "--kind", "incoming", "--dir", str(folder),
                             cwd=tmp_path)
    assert code == 1
    assert "is not a card id: use lowercase letters, digits and dashes" in err
    assert "nothing was written" in err
    assert "Traceback" not in out + err
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


def test_new_follows_no_dangling_link(run_cli, tmp_path):
    (tmp_path / "my-card.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    code, _, err = run_cli("new", "my-card", "--kind", "incoming", "--dir", str(tmp_path))
    assert code == 1
    assert "already exists" in err
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_new_into_a_folder_it_cannot_use(run_cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, out, err = run_cli("new", "my-card", "--kind", "incoming", "--dir", str(blocker))
    assert code == 1
    assert "cannot write the card here" in err
    assert "choose another folder with --dir" in err
    assert "Traceback" not in out + err
    assert blocker.read_text() == "not a folder"


def test_quiz_in_the_terminal(run_cli):
    code, out, _ = run_cli("quiz", "scenarios/claire-pitch.yaml", stdin="9\n2\n")
    assert code == 0
    assert "Please type a number from 1 to 4." in out
    assert "Best answer: 1 point out of 1." in out
    assert "Score: 1 of 1 points." in out


def test_quiz_stops_on_q(run_cli):
    code, out, _ = run_cli("quiz", "scenarios", stdin="q\n")
    assert code == 0
    assert "Stopped." in out
    assert "Score: 0 of" in out


@pytest.mark.parametrize("command", ["validate", "explain", "grade", "new", "quiz"])
def test_help_for_each_command(run_cli, command):
    code, out, _ = run_cli(command, "--help")
    assert code == 0
    assert "usage: connect-or-not" in out
    assert "Exit status" in out


def test_the_installed_command_runs_end_to_end():
    command = Path(sys.executable).parent / "connect-or-not"
    proc = subprocess.run([str(command), "grade", "scenarios/claire-pitch.yaml", "--choice",
                           "accept_and_message"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("Best answer: 1 point out of 1.")


def test_quiz_and_grade_speak_the_language_asked(run_cli):
    """Issue 27: --lang gives the feedback, the vocabulary and a card's own text in
    that language (conference-badge is written in English and French)."""
    card = str(ROOT / "scenarios" / "conference-badge.yaml")
    code, out, _ = run_cli("grade", card, "--choice", "decline", "--lang", "fr")
    assert code == 0
    assert out.startswith("Pas cette fois\u00a0: 0 point sur 1.\n")  # French "one": 0
    assert "(politique équilibrée)\u00a0: «\u00a0Accepter\u00a0»" in out
    code, out, _ = run_cli("quiz", card, "--lang", "fr", stdin="1\n")
    assert code == 0
    assert "La personne de la file du café" in out
    assert "Votre réponse (1-4, q pour arrêter)" in out
    assert "Une rencontre brève reste une rencontre." in out
    code, _, err = run_cli("grade", card, "--choice", "accept", "--lang", "fr fr")
    assert code == 1
    assert "is not a language code" in err
