"""The strict loader: every bad input gives file:line:col, collects all problems,
and hostile input neither runs code nor hangs."""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from connect_or_not import evaluate
from connect_or_not.loader import MAX_BYTES, check_card, load_cards, parse_card

GOOD = """\
title: T
kind: incoming
story: S
facts:
  note: generic
"""


# A stranger described in full (unknown stays unknown, so every fact that could leave
# the answer open is said): a real profile, the stock text and no basis to connect.
_PLAIN_FACTS = ("met_in_person: false, prior_contact: none, legitimate: true, pitch: none, "
                "timely_opportunity: false, photo: true, far_away: false, "
                "you_well_connected: false, note: generic, reason_makes_sense: false, "
                "shared_ground: false, can_work_together: false, mutual_connections: 0, "
                "trusted_mutuals: false, worth_a_coffee: false")
PLAIN = f"title: T\nkind: incoming\nstory: S\nfacts: {{{_PLAIN_FACTS}}}\n"


def problems_of(text: str | bytes, path: str = "card.yaml"):
    data = text.encode() if isinstance(text, str) else text
    card, problems = parse_card(data, path)
    return card, [(p.line, p.column, p.message) for p in problems]


def test_a_good_card_loads():
    card, problems = problems_of(GOOD)
    assert problems == []
    assert card.id == "card"
    assert card.facts == {"note": "generic"}


def test_every_fact_takes_unknown_and_only_unknown_leaves_it_open():
    # The contract: unknown is a value every fact accepts, whatever its type.
    text = ("title: T\nkind: incoming\nstory: S\nfacts:\n  photo: unknown\n"
            "  mutual_connections: unknown\n  note: unknown\n")
    card, problems = problems_of(text)
    assert problems == []
    assert card.facts == {"photo": "unknown", "mutual_connections": "unknown",
                          "note": "unknown"}
    # Any other word is still refused, in the trainer's words.
    _, problems = problems_of(text.replace("photo: unknown", "photo: maybe"))
    assert problems == [(5, 10, "fact 'photo' must be true or false, not 'maybe'")]


# (text, line, column, fragment of the message)
BAD = [
    ("title: !!python/object/apply:os.system ['echo hi']\nkind: incoming\nstory: S\n",
     1, 8, "tags such as tag:yaml.org,2002:python/object/apply:os.system are not allowed"),
    ("title: !custom x\nkind: incoming\nstory: S\n", 1, 8, "tags such as !custom"),
    ("title: &a T\nkind: incoming\nstory: *a\n", 1, 8, "anchors (&name) are not allowed"),
    ("title: &a T\nkind: incoming\nstory: *a\n", 3, 8, "aliases (*name) are not allowed"),
    (GOOD + "---\n" + GOOD, 6, 1, "one document"),
    (GOOD + "title: again\n", 6, 1, "duplicate key 'title' (first on line 1)"),
    (GOOD + "  note: personal\n", 6, 3, "duplicate key 'note'"),
    ("title: No\nkind: incoming\nstory: S\n", 1, 8, "'No' is read as a true/false value"),
    ("title: 2024-01-05\nkind: incoming\nstory: S\n", 1, 8, "read as a date"),
    ("title: 3.5\nkind: incoming\nstory: S\n", 1, 8, "read as a decimal number"),
    (GOOD + "  photo: \"yes\"\n", 6, 10, "fact 'photo' must be true or false, not 'yes'"),
    (GOOD + "  photo: yes\n", 6, 10, "must be true or false, not 'yes'"),
    (GOOD + "  mutual_connections: 2.0\n", 6, 23, "must be a whole number"),
    (GOOD + "  mutual_connections: -3\n", 6, 23, "must be 0 or more, not -3"),
    (GOOD + "  mutual_connections: 0x10\n", 6, 23, "must be a whole number"),
    (GOOD + "  mutal_connections: 3\n", 6, 3, "did you mean 'mutual_connections'?"),
    (GOOD + "  note: personnal\n".replace("  note", "  pitch"), 6, 10,
     "unknown value of 'pitch' 'personnal'"),
    (GOOD + "  warmed_up: true\n", 6, 3, "fact 'warmed_up' is for outgoing cards"),
    (GOOD + "debreif: x\n", 6, 1, "unknown key 'debreif'; did you mean 'debrief'?"),
    ("title: T\nkind: inbound\nstory: S\n", 2, 7, "unknown kind 'inbound'"),
    ("title: T\nkind: incoming\n", 1, 1, "missing required key 'story'"),
    (GOOD + "expect: send_personal\n", 6, 9, "unknown decision for an incoming card"),
    (GOOD + "expect:\n  lenient: accept\n", 7, 3, "unknown policy 'lenient'"),
    (GOOD + "choices: [accept, accept]\n", 6, 19, "listed twice"),
    (GOOD + "tags: [Not A Slug]\n", 6, 8, "must be a lowercase slug"),
    (GOOD + "sources: [bien]\n", 6, 11, "did you mean 'biehn'?"),
    ("id: Bad_Id\ntitle: T\nkind: incoming\nstory: S\n", 1, 5, "lowercase slug"),
    ("title: T\nkind: incoming\nstory: ''\n", 3, 8, "story is empty"),
    ("title: |\n  Two\n  lines\nkind: incoming\nstory: S\n", 1, 8, "title must be one line"),
    ("- a\n- b\n", 1, 1, "a card must be a mapping"),
    ("title: [unclosed\nkind: incoming\n", 2, 5, "invalid YAML"),
    ("title: T\n\tkind: x\n", 2, 1, "a tab character: YAML indents with spaces only"),
    # The commonest slips, in plain words at the line to change (issue 14, item 7).
    (GOOD + "    photo: true\n", 6, 5, "indented more than the one above it"),
    (GOOD + "photo: true\n", 6, 1, "'photo' is a fact, but it is not under facts: indent it"),
    ("title: T\nkind: incoming\nstory: |\n  One line.\nAnother line.\nfacts:\n  photo: true\n",
     5, 1, "if it continues the text above (a story or a debrief), indent it"),
    (GOOD + "  photo:true\n", 6, 3, "put a space after the colon"),
    ("title: T\nkind: incoming\nstory: S\nfacts:\n  note:personal\n", 5, 3,
     "put a space after the colon"),
    ("title: Met: the CFO\nkind: incoming\nstory: S\n", 1, 8,
     "the text after 'title:' holds a colon and a space"),
    (GOOD + "debrief:\n", 6, 9, "debrief is empty: write it after the colon, or delete the line"),

    ("title: T\x07\nkind: incoming\nstory: S\n", 1, 9, "character U+0007"),
    ("", 1, 1, "the file is empty"),
    ("x: " + "[" * 50 + "]" * 50 + "\n", 1, 15, "nested deeper than 12 levels"),
]


@pytest.mark.parametrize(("text", "line", "column", "fragment"), BAD,
                         ids=[f"{i}-{b[3][:30]}" for i, b in enumerate(BAD)])
def test_bad_input_is_reported_where_it_is(text, line, column, fragment):
    card, problems = problems_of(text)
    assert card is None
    assert any(p[:2] == (line, column) and fragment in p[2] for p in problems), problems


def test_non_utf8_bytes_name_their_position():
    _, problems = problems_of(b"title: T\nkind: incoming\nstory: caf\xe9\n")
    assert problems == [(3, 11, "not UTF-8 text (byte 0xe9); save the file as UTF-8")]


def test_all_problems_of_a_file_are_collected():
    text = "title: No\nkind: incoming\nstory: S\nfacts:\n  photo: 'yes'\n  nope: 1\nextra: 1\n"
    _, problems = problems_of(text)
    assert [p[0] for p in problems] == [1, 5, 6, 7]


def test_tags_never_construct_objects(tmp_path):
    marker = tmp_path / "ran"
    text = f"title: !!python/object/apply:os.system ['touch {marker}']\nkind: incoming\nstory: S\n"
    problems_of(text)
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    tracemalloc.start()
    _, problems = problems_of("\n".join(lines) + "\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20_000_000
    assert any("aliases" in p[2] for p in problems)


def test_deep_nesting_does_not_recurse_forever():
    start = time.perf_counter()
    _, problems = problems_of("x: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert time.perf_counter() - start < 5
    assert any("nested deeper" in p[2] for p in problems)


def test_oversized_file_is_refused_before_parsing(tmp_path):
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"title: T\nkind: incoming\nstory: |\n" + b"  x\n" * 5_000_000)
    start = time.perf_counter()
    tracemalloc.start()
    _, problems = load_cards([huge])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert time.perf_counter() - start < 1
    assert peak < 4 * MAX_BYTES
    assert problems[0].line == 1
    assert "over 256 KiB" in problems[0].message


def test_expect_mismatch_shows_the_reasons(tmp_path):
    card = tmp_path / "wrong.yaml"
    card.write_text(PLAIN.replace("pitch: none", "pitch: unneeded") + "expect: accept\n")
    _, problems = load_cards([card])
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.line, problem.column) == (5, 1)
    assert "best answer is 'decline'" in problem.message
    assert "unneeded_pitch (biehn)" in (
        problem.message)


def test_expect_per_policy(tmp_path):
    card = tmp_path / "p.yaml"
    card.write_text(PLAIN + "expect:\n  balanced: decline\n  selective: accept\n")
    _, problems = load_cards([card])
    assert ["under the selective policy" in p.message for p in problems] == [True]


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text("id: same\n" + GOOD)
    (tmp_path / "b.yaml").write_text("id: same\n" + GOOD)
    cards, problems = load_cards([tmp_path])
    assert [s.path for s in cards] == [str(tmp_path / "a.yaml")]
    assert len(problems) == 1
    assert problems[0].path.endswith("b.yaml")
    assert problems[0].line == 1
    assert "duplicate id 'same'" in problems[0].message


def test_choices_relabel_and_subset():
    card, problems = problems_of(
        GOOD + "choices:\n  - {decision: ask_first, label: \"Reply: what for?\"}\n  - decline\n")
    assert problems == []
    assert [(c.decision, c.label) for c in card.shown_choices()] == [
        ("ask_first", "Reply: what for?"), ("decline", "Decline")]


def test_all_shipped_cards_load():
    cards, problems = load_cards([Path(__file__).parent.parent / "scenarios"])
    assert problems == []
    assert len(cards) >= 23


def test_choices_that_leave_out_a_best_answer_are_an_error():
    """Else a learner could score at most a quarter and be told the best answer is
    one never shown (issue 14, item 4)."""
    text = PLAIN + "choices: [decline, ask_first]\n"
    card, problems = check_card(text.encode(), "card.yaml")
    best = {p: evaluate(card, p).best for p in ("balanced", "selective", "open")}
    missing = [p for p, b in best.items() if not {"decline", "ask_first"} & set(b)]
    assert missing
    assert [str(p) for p in problems] == [
        f"card.yaml:5:1: choices leave out the best answer under the {policy} policy "
        f"({' or '.join(repr(d) for d in best[policy])}); add it to choices, or leave "
        "choices out to show every decision" for policy in missing]


# -- a card in several languages (issue 27) ----------------------------------------

BILINGUAL = """\
title:
  en: The coffee queue
  fr: La file du café
kind: incoming
story:
  en: You chatted while waiting for coffee.
  fr: Vous avez bavardé en attendant un café.
facts:
  met_in_person: true
debrief:
  en: A short meeting is a meeting.
  fr: Une rencontre brève reste une rencontre.
"""


def test_a_card_may_give_its_texts_per_language_and_shares_its_facts():
    card, problems = problems_of(BILINGUAL)
    assert problems == []
    assert (card.title, card.story) == ("The coffee queue", "You chatted while waiting for coffee.")
    french = card.in_language("fr-CA", {"accept": "Accepter"})
    assert french.title == "La file du café"
    assert french.debrief == "Une rencontre brève reste une rencontre."
    assert french.label("accept") == "Accepter"  # the site's words for the vocabulary
    assert french.facts is card.facts  # one card: its answers are the same in each
    german = card.in_language("de", {})
    assert german.title == "The coffee queue"  # no German: its English
    assert [version.title for version in card.versions()] == ["The coffee queue",
                                                              "La file du café"]


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    # A text given in one language only, beside others given in two.
    (BILINGUAL.replace("  fr: Une rencontre brève reste une rencontre.\n", ""), 10, 1,
     "debrief has no text in fr, which the card's other texts are written in"),
    (BILINGUAL.replace("debrief:\n  en: A short meeting is a meeting.\n  fr: Une rencontre "
                       "brève reste une rencontre.\n", "debrief: One text.\n"), 10, 10,
     "debrief is one text, but title is given per language (en, fr): give debrief in each"),
    (BILINGUAL.replace("  fr: La file", "  français: La file"), 3, 3,
     "'français' is not a language code"),
    (BILINGUAL.replace("  fr: La file du café", "  fr: |\n    Two\n    lines"), 3, 7,
     "title (fr) must be one line"),
    (BILINGUAL.replace("  fr: Vous avez", "  fr: <script>x</script> Vous avez"), 0, 0, ""),
    ("title: {}\nkind: incoming\nstory: S\n", 1, 8, "title gives no language"),
])
def test_a_card_in_several_languages_is_checked_in_each(text, line, column, message):
    _, problems = problems_of(text)
    if not message:  # markup is the sanitiser's: told, at the French line, by validate
        from connect_or_not.sanitise import markup_problems  # noqa: PLC0415
        card, _ = parse_card(text.encode(), "card.yaml")
        told = [(p.line, p.column, p.message) for p in markup_problems(card)]
        assert told, told
        assert told[0][:2] == (7, 7), told
        return
    assert any((at, col) == (line, column) and message in said
               for at, col, said in problems), problems


# -- the sanitiser's report without nh3 (the card studio's Python, issue 28) -----------

MARKUP = [
    "<script>alert(1)</script> text",
    '<img src="x.png" onerror="alert(1)"> an image',
    "[a link](javascript:alert(1)) and [another](https://example.org/)",
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<a href="https://example.org/" onclick="x()" style="color:red">styled</a>',
    "<iframe src=\"https://example.org/\"></iframe><style>p{}</style>",
    "<form><input name=x><button>go</button></form>",
    "<details><summary>more</summary>hidden</details> <u>under</u>",
    '<abbr title="Open networker" class="x">LION</abbr> <p id="x">para</p>',
    "**bold**, *em*, `code`, > a quote\n\n- a list\n\n### a heading",
]


@pytest.mark.parametrize("text", MARKUP)
def test_without_nh3_the_allowlist_reports_what_nh3_takes_out(text, monkeypatch):
    """In the browser's Python the build's cleaner (nh3, compiled Rust) is missing;
    the report comes from the same allowlist, and says the same."""
    from connect_or_not import sanitise  # noqa: PLC0415

    with_nh3 = sanitise.removed(text), sanitise.plain_text(text).split()
    sanitise._render.cache_clear()
    monkeypatch.setitem(sys.modules, "nh3", None)  # import nh3 fails
    try:
        assert sanitise._render(text)[1] is None  # really without nh3
        assert (sanitise.removed(text), sanitise.plain_text(text).split()) == with_nh3
    finally:
        sanitise._render.cache_clear()
