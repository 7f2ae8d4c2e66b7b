"""The ``connect-or-not`` command: validate, explain, grade, new, quiz and messages
for trainers; pages and finish, the build's steps around any site generator.

Errors go to standard error as ``file:line:col: message`` with exit status 1;
usage mistakes exit 2 (argparse's convention). No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from .card import Card, select_cards
from .catalog import (
    BROWSER_PREFIXES,
    CLASS_PREFIXES,
    SHIPPED,
    VOCABULARY_PREFIXES,
    Catalog,
    english,
    plural_forms,
)
from .catalog import ENGLISH as MESSAGES
from .checks import check_file_name, check_story_length
from .course import set_problems
from .loader import (
    MAX_ID_LENGTH,
    SLUG,
    CourseSettings,
    Problem,
    check_card,
    check_class_policy,
    check_expect,
    check_unknowns,
    load_cards,
    read_course_settings,
)
from .model import Grade, ModelError, Verdict, evaluate, grade
from .rules import RULE_BY_ID, all_rules
from .sanitise import markup_problems, plain_text
from .schema import LANGUAGE
from .settings import SetSpec
from .vocabulary import (
    DECISION_BY_ID,
    DECISIONS,
    DEFAULT_POLICY,
    KINDS,
    POLICY_IDS,
    decisions_for,
    facts_for,
)

EPILOG = "Exit status: 0 when all is well, 1 when a card has problems, 2 for usage errors."


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="connect-or-not",
        description="Check and explain Connect or Not scenario cards (YAML files).",
        epilog=EPILOG,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def policy_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--policy", choices=POLICY_IDS,
                       help="which policy answers (default: the class policy in ./mkdocs.yml, "
                       f"else {DEFAULT_POLICY})")

    def lang_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", default="en", metavar="LANG",
                       help="the language of the feedback and of cards written in several "
                       f"(default: en; the course ships {', '.join(SHIPPED)} too)")

    p = sub.add_parser("validate", help="check cards for errors",
                       description="Check card files or folders of cards. Prints every "
                       "problem as file:line:col: message.", epilog=EPILOG)
    p.add_argument("paths", nargs="+", metavar="PATH", help="a card file or a folder of cards")
    p.add_argument("--coverage", action="store_true",
                   help="also list rules and decisions that no card exercises")
    policy_option(p)

    p = sub.add_parser("explain", help="show the model's verdict on cards",
                       description="Show the best answer, the credit for each answer, the "
                       "reasons with their sources and the one-fact changes that flip it.",
                       epilog=EPILOG)
    p.add_argument("paths", nargs="+", metavar="PATH", help="a card file or a folder of cards")
    policy_option(p)
    p.add_argument("--json", action="store_true", help="print a JSON array, one verdict a card")

    p = sub.add_parser("grade", help="grade one answer to a card",
                       description="Grade a decision on one card, as the quiz does.",
                       epilog=EPILOG)
    p.add_argument("path", metavar="PATH", help="a card file")
    p.add_argument("--choice", required=True, metavar="DECISION",
                   help="the decision: its id (accept_and_message) or its label (\"Accept "
                   "and start a conversation\"), in any case")
    policy_option(p)
    p.add_argument("--json", action="store_true", help="print the grade as JSON")
    lang_option(p)

    p = sub.add_parser("new", help="write a commented card template",
                       description="Write scenarios/ID.yaml (or --dir/ID.yaml): a commented "
                       "template that validates as it is.", epilog=EPILOG)
    p.add_argument("id", metavar="ID", help="the card's id, a lowercase slug")
    p.add_argument("--kind", choices=tuple(KINDS), required=True)
    p.add_argument("--dir", default="scenarios", help="where to write (default: scenarios)")

    p = sub.add_parser("quiz", help="take the cards in the terminal",
                       description="Answer each card by number and see the feedback.",
                       epilog=EPILOG)
    p.add_argument("paths", nargs="*", default=["scenarios"], metavar="PATH",
                   help="card files or folders (default: scenarios)")
    p.add_argument("--kind", choices=tuple(KINDS), action="append", default=[],
                   help="only cards of this kind (repeat for more)")
    p.add_argument("--tag", action="append", default=[],
                   help="only cards with this tag (repeat for any of several)")
    p.add_argument("--set", metavar="ID", help="the cards of a quiz set in ./mkdocs.yml")
    policy_option(p)
    lang_option(p)

    p = sub.add_parser("messages", help="write a file of the course's words to translate",
                       description="Write messages-LANG.json (or --output): every message "
                       "id with its English words, the learners' first, then the trainer's "
                       "pages', then the build's and this command's. Translate the words, "
                       "keep the ids and the {placeholders}, and name the file under "
                       "messages: in mkdocs.yml.", epilog=EPILOG)
    p.add_argument("--template", required=True, metavar="LANG",
                   help="the language it is for, as theme.language names it (fr, de, es...)")
    p.add_argument("--output", metavar="FILE", help="where to write (default: "
                   "messages-LANG.json)")

    config_help = "the course's settings (default: mkdocs.yml)"
    p = sub.add_parser("pages", help="write the course's pages for a site generator",
                       description="Write the course's generated pages (cards, sets, "
                       "presenter, printed deck, key, tally, ask, studio, the practice index) "
                       "as Markdown, and the quiz engine's assets, into DOCS_DIR, the folder "
                       "a site generator reads. Only what changed is written; what an earlier "
                       "run wrote and the course no longer has is removed; nothing else is "
                       "touched. Then build with the generator, using the Markdown extension "
                       "connect_or_not.markdown, and run finish.", epilog=EPILOG)
    p.add_argument("docs_dir", metavar="DOCS_DIR", help="the folder the generator reads")
    p.add_argument("--config", default="mkdocs.yml", metavar="FILE", help=config_help)

    p = sub.add_parser("finish", help="make a generator's built site ready to host",
                       description="After the generator's build: resolve the course's links, "
                       "add the Content-Security-Policy to every page and write _headers, "
                       "write the service worker (sw.js), and check that every page and asset "
                       "the pages step wrote is in SITE_DIR.", epilog=EPILOG)
    p.add_argument("site_dir", metavar="SITE_DIR", help="the folder the generator built")
    p.add_argument("--docs", metavar="DOCS_DIR", help="the folder the pages step wrote "
                   "(default: docs_dir in the settings)")
    p.add_argument("--config", default="mkdocs.yml", metavar="FILE", help=config_help)
    return parser


def _report(problems: Sequence[Problem], err: TextIO) -> int:
    for problem in problems:
        print(problem, file=err)
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} found.", file=err)
    return 1


def _load(paths: Sequence[str], err: TextIO, *, expect: bool = True) -> list[Card] | None:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        _report([Problem(p, 1, 1, "no such file or folder") for p in missing], err)
        return None
    cards, problems = load_cards(paths, expect=expect)
    if problems:
        _report(problems, err)
        return None
    if not cards:
        print(f"no cards (*.yaml) found in {', '.join(paths)}", file=err)
        return None
    return cards


def coverage_gaps(cards: Sequence[Card]) -> tuple[list[str], list[str]]:
    """Rules never cited, and decisions some rule can make best that no card does,
    over every card and policy. (No post ever advises the stock invitation, so no
    rule makes it best.)"""
    cited: set[str] = set()
    best: set[str] = set()
    for card in cards:
        for policy in POLICY_IDS:
            verdict = evaluate(card, policy)
            cited.update(r.rule for r in verdict.reasons)
            best.update(verdict.best)
    rules = [r.id for r in all_rules() if r.id not in cited]
    possible = {d for rule in all_rules() for d in rule.decides}
    decisions = [d for kind in KINDS for d in decisions_for(kind)
                 if d in possible and d not in best]
    return rules, decisions


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    cards = _load(args.paths, err)
    if cards is None:
        return 1
    # What the build would refuse besides: what the sanitiser takes out of a story, and
    # the quiz sets of ./mkdocs.yml against these cards.
    settings = _settings()
    problems = [p for card in cards for p in markup_problems(card)]
    course = Path(settings.path).parent / settings.scenarios_dir if settings else None
    if settings and course and course.is_dir():
        # The sets name the course's cards: all of them, as these files now are.
        every = {card.id: card for card in load_cards([course], expect=False)[0]}
        every.update({card.id: card for card in cards})
        problems += set_problems(settings, {i: c for i, c in every.items() if not c.draft},
                                 {i for i, c in every.items() if c.draft})
    if problems:
        return _report(problems, err)
    policy = class_policy(args)
    for card in cards:
        for warning in [*check_file_name(card), *check_story_length(card),
                        *check_class_policy(card, policy)]:
            print(warning, file=err)
    noun = "card" if len(cards) == 1 else "cards"
    drafts = sum(card.draft for card in cards)
    print(f"{len(cards)} {noun} OK" + (f" ({drafts} draft, kept off the site)."
                                       if drafts else "."), file=out)
    if not args.coverage:
        return 0
    for card in cards:
        for warning in check_unknowns(card):
            print(warning, file=err)
    rules, decisions = coverage_gaps(cards)
    if rules:
        print(f"{len(rules)} rules that no card exercises (a card whose facts lead to the "
              "rule would):", file=out)
    for rule in rules:
        print(f"  {rule}: {RULE_BY_ID[rule].says} ({_cite(MESSAGES, rule)})",
              file=out)
    for decision in decisions:
        print(f"decision never best: {decision} ({DECISION_BY_ID[decision].label})", file=out)
    if not rules and not decisions:
        print("Coverage: every rule is exercised, and every decision a rule can make is best "
              "at least once.",
              file=out)
    return 0


def _cite(t: Catalog, rule_id: str) -> str:
    """A rule's post as a reason cites it (a reader's comment, or a reply, says so)."""
    rule = RULE_BY_ID[rule_id]
    return t.cite(rule.source, rule.voice)


def format_verdict(card: Card, verdict: Verdict) -> str:
    """A human-readable verdict, as `explain` prints it."""
    lines = [f"{card.id} ({verdict.kind}, {verdict.policy} policy): {card.title}"]
    if card.sources:
        lines.append("  draws on: " + "; ".join(MESSAGES.cite(s) for s in card.sources))
    lines.append("  best: " + ", ".join(verdict.best))
    lines.append("  credit: " + ", ".join(f"{d} {c:g}" for d, c in verdict.credit.items()))
    if verdict.split:
        lines.append(f"  split: the policy's own posts disagree ({', '.join(verdict.split)}); "
                     "each side's answer is best")
    if verdict.unknown:
        lines.append(f"  turns on (left unknown): {', '.join(verdict.unknown)}")
    sides = {r.supports for r in verdict.reasons}
    lines.append("  because:")
    for r in verdict.reasons:
        side = f"for {', '.join(r.supports)}: " if len(sides) > 1 else ""
        unsaid = ""
        if r.unknown:
            unsaid = (" [held until the card says " if r.held else " [turns on ") + \
                ", ".join(r.unknown) + "]"
        lines.append(f"    - [{r.rule}] {side}{r.says} ({_cite(MESSAGES, r.rule)}){unsaid}")
    if verdict.flips:
        lines.append("  what if:")
        for flip in verdict.flips:
            was = "unknown or not asked" if flip.was is None else json.dumps(flip.was)
            lines.append(f"    - {flip.fact} {was} -> {json.dumps(flip.to)}: "
                         f"best becomes {', '.join(flip.best)}")
    return "\n".join(lines)


def _explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # A wrong `expect` is what explain helps to fix: said, not refused.
    cards = _load(args.paths, err, expect=False)
    if cards is None:
        return 1
    for card in cards:
        for problem in check_expect(card):
            print(f"{problem} (explained anyway; validate fails until they agree)", file=err)
    policy = class_policy(args)
    verdicts = [(s, evaluate(s, policy)) for s in cards]
    if args.json:
        json.dump([v.to_dict() for _, v in verdicts], out, indent=2, ensure_ascii=False)
        print(file=out)
    else:
        print("\n\n".join(format_verdict(s, v) for s, v in verdicts), file=out)
    return 0


def _grade(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    cards = _load([args.path], err)
    if cards is None:
        return 1
    if len(cards) != 1:
        print(f"grade takes one card; {args.path} holds {len(cards)}", file=err)
        return 2
    choice = _decision(cards[0], args.choice)
    try:
        result = grade(cards[0], choice, class_policy(args))
    except ModelError as error:
        print(f"{args.path}: {error}", file=err)
        return 2
    if args.json:
        json.dump(result.to_dict(), out, indent=2, ensure_ascii=False)
        print(file=out)
    else:
        t = _catalog(args)
        print(feedback_text(result, in_language(cards[0], t), t), file=out)
    return 0


def _decision(card: Card, typed: str) -> str:
    """A decision as a trainer types it: the id or the label, in any case."""
    wanted = " ".join(typed.replace("_", " ").split()).casefold()
    for choice in card.shown_choices():
        if wanted in (choice.decision.replace("_", " "), choice.label.casefold(),
                      DECISION_BY_ID[choice.decision].label.casefold()):
            return choice.decision
    return typed


def _step(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``pages`` or ``finish``: the build's steps (connect_or_not.steps), whose
    packages come with ``pip install connect-or-not[steps]``."""
    try:
        from .steps import commands  # noqa: PLC0415 - the build's packages, only here
    except ImportError as error:
        print(f"connect-or-not {args.command}: {error.name or error} is not installed; "
              "install the build's packages: pip install 'connect-or-not[steps]'", file=err)
        return 1
    return commands.run(args, out, err)


class SettingsError(Exception):
    """The course's mkdocs.yml cannot give the class policy or a set."""


def class_policy(args: argparse.Namespace) -> str:
    """--policy, else the class policy of the course in this folder, else the default."""
    if args.policy:
        return str(args.policy)
    settings = _settings()
    return settings.policy if settings else DEFAULT_POLICY


def _settings() -> CourseSettings | None:
    settings = read_course_settings(Path("mkdocs.yml"))
    if settings and settings.problems:
        raise SettingsError("\n".join(map(str, settings.problems)))
    return settings


def feedback_text(result: Grade, card: Card | None = None, t: Catalog = MESSAGES) -> str:
    """Plain-text feedback in ``t``'s words: the result, the best answer and the
    reasons, cited; the decisions in ``card``'s own words where it has them."""
    verdict = result.verdict
    label = card.label if card else t.decision

    def labels(decisions: Sequence[str]) -> str:
        return t.either(label(d) for d in decisions)

    def facts(names: Sequence[str]) -> str:
        return t.every(t.fact(name) for name in names)

    points = t("score.points", result.credit, points=t.number(result.credit))
    first = t("result.heading", result=t(f"result.{result.result}"), points=points)
    best = t("cli.bestHere", policy=t.policy(verdict.policy), labels=labels(verdict.best))
    lines = [f"{first}.", best]
    if verdict.split:
        lines.append(t.split(verdict.split))
    if verdict.unknown:
        lines.append(t("card.open", facts=facts(verdict.unknown)))
    sides = {r.supports for r in verdict.reasons}
    for reason in verdict.reasons:
        side = t("card.reasonFor", labels=labels(reason.supports))
        maybe = (t("card.reasonUnknown", facts=facts(reason.unknown)) + " "
                 if reason.unknown and not reason.held else "")
        line = (f"- {side + ' ' if len(sides) > 1 else ''}{maybe}{t.says(reason.rule)} "
                f"({_cite(t, reason.rule)})")
        if reason.held:
            line += " " + t("card.reasonHeld", facts=facts(reason.unknown))
        lines.append(line)
    return "\n".join(lines)


def _catalog(args: argparse.Namespace) -> Catalog:
    """The words of --lang (English for any the course does not ship)."""
    if not LANGUAGE.match(args.lang):
        raise SettingsError(f"--lang {args.lang!r} is not a language code: write it as "
                            "theme.language does (en, fr, de, es, pt-BR)")
    return Catalog(args.lang)


def in_language(card: Card, t: Catalog) -> Card:
    """The card in ``t``'s language, as a site in that language shows it."""
    return card.in_language(t.lang, {d.id: t.decision(d.id) for d in DECISIONS})


def template(card_id: str, kind: str) -> str:
    """A commented card template that validates as it is, and stays off the site
    until the trainer deletes its ``draft: true`` line."""
    facts = "\n".join(
        f"  # {f.name}: {_example(f.type, f.values)}   # {f.meaning} ({f.allowed}) or "
        f"unknown; left out: {f.silence.words}"
        for f in facts_for(kind)
    )
    decisions = ", ".join(decisions_for(kind))
    return f"""\
# A Connect or Not scenario card. Check it with: connect-or-not validate <this file>
# A draft stays off the site: delete the next line when the card is ready.
draft: true
id: {card_id}
title: A short title for the card
kind: {kind}  # {KINDS[kind]}
tags: []
story: |
  Tell the situation in a few sentences of Markdown, in your own words.
# Facts the model decides from. A fact left out is the ordinary case a reader would
# assume ("left out:" after each), or not asked, so no rule that reads it speaks.
# Write unknown to leave a fact open on purpose: every answer it could lead to earns
# full credit. `validate --coverage` names the facts an answer rests on or turns on.
# Uncomment the facts that apply (delete the # and the space).
facts:
{facts}
# The answer you expect under each policy; validate and the build fail if the model
# disagrees. One of: {decisions}; or a list of them,
# such as [{decisions_for(kind)[0]}, {decisions_for(kind)[-1]}], where the case is open.
# Run `connect-or-not explain <this file>` to see the model's answers first.
# expect:
#   balanced: {decisions_for(kind)[0]}
#   selective: {decisions_for(kind)[0]}
#   open: {decisions_for(kind)[0]}
debrief: |
  The point you want learners to take away, shown after they answer.
"""


def _example(kind: str, values: Sequence[str]) -> str:
    if kind == "bool":
        return "true"
    if kind == "int":
        return "0"
    return values[0]




def _messages_template(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Every message id with its English words, grouped by who reads them, as a
    messages file that the build already accepts."""
    lang = args.template
    if not LANGUAGE.match(lang):
        print(f"{lang!r} is not a language code: write it as theme.language does (fr, de, "
              "es, pt-BR); nothing was written", file=err)
        return 1
    target = Path(args.output or f"messages-{lang}.json")
    # Plural messages get every form the language needs, each starting from the
    # English "other" (French and Spanish add "many", for a million and the like).
    words = {key: {form: message.get(form, message["other"]) for form in plural_forms(lang)}
             if isinstance(message, dict) else message for key, message in english().items()}
    learners = [k for k in words if k.startswith((*BROWSER_PREFIXES, *VOCABULARY_PREFIXES))
                and not k.startswith(CLASS_PREFIXES)]
    trainers = [k for k in words if k.startswith(CLASS_PREFIXES)]
    rest = [k for k in words if k not in learners and k not in trainers]
    text = json.dumps({k: words[k] for k in learners + trainers + rest}, ensure_ascii=False,
                      indent=2) + "\n"
    Catalog(lang, json.loads(text))  # the build's own check, before the disk is touched
    try:
        with target.open("x", encoding="utf-8") as file:  # never over a translation
            file.write(text)
    except FileExistsError:
        print(f"{target}: already exists; nothing was written (name another with --output)",
              file=err)
        return 1
    except OSError as error:
        return _cannot_write(target, error, err)
    print(f"wrote {target}: {len(learners)} messages learners read, {len(trainers)} on the "
          f"trainer's pages, {len(rest)} of the build and this command. Translate the words, "
          "keep the ids and the {placeholders}, then name the file under messages: in "
          "mkdocs.yml", file=out)
    return 0


def _new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    card_id = args.id
    if not SLUG.match(card_id) or len(card_id) > MAX_ID_LENGTH:
        print(f"{card_id!r} is not a card id: use lowercase letters, digits and dashes, at "
              f"most {MAX_ID_LENGTH} characters (for example my-card); nothing was written",
              file=err)
        return 1
    folder = Path(args.dir)
    target = folder / f"{card_id}.yaml"
    text = template(card_id, args.kind)
    # Check the template before anything touches the disk, so that it can never drift
    # from the vocabulary and nothing invalid is ever written.
    _, problems = check_card(text.encode(), str(target))
    if problems:
        return _report(problems, err)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _cannot_write(target, error, err)
    try:
        # "x" refuses any existing name, a dangling symbolic link included.
        with target.open("x", encoding="utf-8") as card:
            card.write(text)
    except FileExistsError:
        print(f"{target}: already exists; choose another id", file=err)
        return 1
    except OSError as error:
        return _cannot_write(target, error, err)
    print(f"wrote {target}; edit it, then run: connect-or-not validate {target}", file=out)
    return 0


def _cannot_write(target: Path, error: OSError, err: TextIO) -> int:
    print(f"{target}: cannot write the card here ({error.strerror or error}); choose "
          "another folder with --dir", file=err)
    return 1


def _quiz_cards(args: argparse.Namespace, err: TextIO) -> list[Card] | None:
    cards = _load(args.paths, err)
    if cards is None:
        return None
    spec = SetSpec("", "")
    if args.set:
        settings = _settings()
        sets = {s.id: s for s in settings.sets} if settings else {}
        if settings is None or args.set not in sets:
            print(f"no quiz set {args.set!r} in ./mkdocs.yml"
                  + (f"; its sets: {', '.join(map(str, sets))}" if sets else ""), file=err)
            return None
        spec = sets[args.set]
        # The set as the build makes it, or its mistakes: never the cards it happens to find.
        one = replace(settings, sets=(spec,))
        problems = set_problems(one, {c.id: c for c in cards if not c.draft},
                                {c.id for c in cards if c.draft})
        if problems:
            _report(problems, err)
            return None
    chosen = select_cards(cards, ids=spec.cards, kinds=[*args.kind, *spec.kinds],
                          tags=[*args.tag, *spec.tags])
    if not chosen:
        print("no card matches the kinds, tags or set given", file=err)
        return None
    return chosen


def _quiz(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    cards = _quiz_cards(args, err)
    if cards is None:
        return 1
    policy = class_policy(args)
    t = _catalog(args)
    total = 0.0
    answered = 0
    for number, card in enumerate((in_language(card, t) for card in cards), 1):
        print(f"\n[{number}/{len(cards)}] {card.title}\n\n{plain_text(card.story)}\n",
              file=out)
        choices = card.shown_choices()
        for i, choice in enumerate(choices, 1):
            print(f"  {i}. {choice.label}", file=out)
        picked = _ask(len(choices), out, stdin, t)
        if picked is None:
            print(f"\n{t('cli.stopped')}", file=out)
            break
        result = grade(card, choices[picked - 1].decision, policy)
        total += result.credit
        answered += 1
        print(f"\n{feedback_text(result, card, t)}", file=out)
        if card.debrief:
            print(f"\n{plain_text(card.debrief)}", file=out)
    score = t("set.score", total=t.number(total), count=t.number(answered))
    if answered < len(cards):
        score += " " + t("cli.answered", answered=t.number(answered),
                         count=t.number(len(cards)))
    print(f"\n{score}", file=out)
    return 0


def _ask(count: int, out: TextIO, stdin: TextIO, t: Catalog) -> int | None:
    while True:
        print(t("cli.prompt", count=count), end="", file=out, flush=True)
        line = stdin.readline()
        if not line or line.strip().lower() == "q":
            return None
        if line.strip().isascii() and line.strip().isdigit() and 1 <= int(line) <= count:
            return int(line)
        print(t("cli.pickNumber", count=count), file=out)


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    args = _parser().parse_args(argv)
    out, err = sys.stdout, sys.stderr
    try:
        if args.command == "validate":
            return _validate(args, out, err)
        if args.command == "explain":
            return _explain(args, out, err)
        if args.command == "grade":
            return _grade(args, out, err)
        if args.command == "new":
            return _new(args, out, err)
        if args.command == "messages":
            return _messages_template(args, out, err)
        if args.command in ("pages", "finish"):
            return _step(args, out, err)
        return _quiz(args, out, err, stdin or sys.stdin)
    except SettingsError as error:
        print(error, file=err)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
