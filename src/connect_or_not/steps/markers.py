"""Markers: ``<!-- con:NAME key=value ... -->`` on a line of their own in a page,
replaced by HTML or Markdown rendered from the templates.

Each marker's arguments are checked against its options (``SCHEMAS``), so a wrong
or missing argument fails the build with the page and the marker named. The
first marker on a page that shows a card also adds the page's config block
(``contract.PageConfig``): the vocabulary and rule texts every card on the page
reads, written once.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol

import jinja2

from .. import contract
from ..card import select_cards
from ..catalog import Catalog
from ..loader import did_you_mean
from ..rules import IMPLIED, RULE_BY_ID, Rule, all_rules, steps_for
from ..sanitise import card_html as card_markdown
from ..studio import templates
from ..vocabulary import (
    DECISION_BY_ID,
    FACTS,
    KINDS,
    POLICIES,
    SOURCE_BY_ID,
    SOURCES,
    UNKNOWN,
    Fact,
    decisions_for,
    facts_for,
)
from .checks import (
    LOOSE_MARKER,
    check_set,
    inline_code_spans,
    marker_shape_problem,
)
from .classroom import Join, course_version, join, room_order, set_code, tally_set
from .errors import BuildError
from .links import Links, page_url
from .render import inline_json
from .runtime import ASSETS

if TYPE_CHECKING:
    from ..card import Card
    from ..settings import SetSpec

MARKER = re.compile(r"<!--\s*con:([a-z-]+)((?:\s+[a-z_]+=[A-Za-z0-9_.,-]+)*)\s*-->")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


class RuntimeFacts(Protocol):
    """What the markers need of the runtime: its folder, and how a page starts it
    (runtime.Runtime as built, or as the pages step recorded it)."""

    path: str

    def info(self, url: str, studio: bool = False) -> contract.RuntimeInfo: ...


# -- the markers' arguments ------------------------------------------------------

REQUIRED = object()  # an option's default when the marker must give it


@dataclass(frozen=True)
class Option:
    """One ``key=value`` of a marker: a ``str``, ``int``, ``bool`` or ``list`` (of
    words split at commas), or one of ``choices`` (for a list: each of its items)."""

    type: type
    default: Any = REQUIRED
    choices: tuple[Any, ...] = ()


SET_OPTIONS = {
    "id": Option(str, None), "title": Option(str, ""), "set": Option(str, None),
    "kinds": Option(list, (), tuple(KINDS)), "tags": Option(list, ()),
    "cards": Option(list, ()), "shuffle": Option(bool, False), "seed": Option(int, 1)}
SCHEMAS: dict[str, dict[str, Option]] = {
    # <!-- con:card id=late-cfo -->; level=3 makes its title an h3 (a card's page: h1)
    "card": {"id": Option(str), "level": Option(int, 2, (1, 2, 3, 4))},
    # <!-- con:cards rule=serendipity --> or <!-- con:cards tag=pitch -->
    "cards": {"rule": Option(str, None), "tag": Option(str, None)},
    # <!-- con:rules source=biehn -->
    "rules": {"source": Option(str, REQUIRED, tuple(SOURCE_BY_ID))},
    # <!-- con:quiz-set id=pitch-drill tags=pitch,selling shuffle=true seed=3 -->, or
    # <!-- con:quiz-set set=first-steps --> for a set of mkdocs.yml
    "quiz-set": SET_OPTIONS,
    # a set of mkdocs.yml for the projector, on paper, or its key on paper
    "present": {"set": Option(str)}, "print": {"set": Option(str)}, "key": {"set": Option(str)},
}


def arguments(schema: dict[str, Option], text: str) -> tuple[SimpleNamespace, list[str]]:
    """Marker text (``a=1 b=x,y``) as the values its options take, and what is wrong
    with it in plain words (a missing or unknown option, a value of the wrong kind)."""
    given = dict(pair.partition("=")[::2] for pair in text.split())
    values: dict[str, Any] = {}
    problems = []
    for key, raw in given.items():
        option = schema.get(key)
        if option is None:
            problems.append(f"unknown option {key!r}; known: "
                            f"{', '.join(schema) or 'none (this marker takes no options)'}")
            continue
        value: Any = raw
        if option.type is list:
            value = [item for item in raw.split(",") if item]
        elif option.type is bool:
            value = {"true": True, "false": False}.get(raw)
            if value is None:
                problems.append(f"{key} must be true or false, not {raw!r}")
        elif option.type is int:
            value = int(raw) if raw.isdigit() else None
            if value is None:
                problems.append(f"{key} must be a whole number, not {raw!r}")
        items = value if isinstance(value, list) else [] if value is None else [value]
        if option.choices and any(item not in option.choices for item in items):
            problems.append(f"{key}={raw}: Expected one of: "
                            f"{', '.join(map(str, option.choices))}")
        values[key] = value
    for key, option in schema.items():
        if key not in given:
            if option.default is REQUIRED:
                problems.append(f"{key}= is missing")
            default = option.default
            values[key] = list(default) if isinstance(default, tuple) else default
    return SimpleNamespace(**values), problems


# -- rendering -------------------------------------------------------------------

class Shown:
    """What a page's markers showed: its cards, and whether its scripts need the
    page's config block."""

    def __init__(self) -> None:
        self.cards: list[Card] = []
        self.config = False
        self.kinds: set[str] = set()  # beyond its cards', the kinds it asks about
        self.studio = False  # the card studio, whose own script starts its grader


class Renderer:
    """Expands the markers of one page at a time."""

    def __init__(self, *, cards: dict[str, Card], drafts: set[str],
                 key: dict[str, dict[str, contract.KeyVerdict]], exercised: dict[str, list[str]],
                 policy: str, sets: Sequence[SetSpec], mastery: int, runtime: RuntimeFacts | None,
                 env: jinja2.Environment, messages: Catalog, engine_version: str = "",
                 for_lms: bool = False, records: contract.RecordsConfig | None = None,
                 site_url: str = "", directory_urls: bool = True) -> None:
        self.cards = cards
        self.drafts = drafts
        self.engine_version = engine_version
        self.for_lms = for_lms  # an LMS package: no card studio in it
        self.records = records  # where learning records go, if anywhere
        self.site_url = "" if for_lms else site_url  # a package's pages have no address
        self.directory_urls = directory_urls
        self.key = key
        self.exercised = exercised
        self.policy = policy  # the class's, which grades the cards
        self.config_sets = list(sets)  # the quiz sets of mkdocs.yml
        self.mastery = mastery  # the percentage of a set's points that passes it
        self.runtime = runtime
        self.env = env
        self.t = messages
        self.sets = {s.id: s for s in self.config_sets}
        # The cards of each set of mkdocs.yml, chosen once for every page that shows them.
        self.set_cards = {s.id: self._chosen(s) for s in self.config_sets}
        # The practice index's order, which "Next card" follows.
        self.order = [card for kind in KINDS for card in cards.values() if card.kind == kind]
        self.kind_titles = {kind: messages(f"kind.{kind}") for kind in KINDS}
        self.renderers: dict[str, Callable[..., str]] = {
            "card": self._card,
            "index": self._index,
            "cards": self._card_links,
            "facts": self._table("facts.md"),
            "decisions": self._table("decisions.md"),
            "policies": self._table("policies.md"),
            "rules": self._rules,
            "procedures": self._procedures,
            "quiz-set": self._set,
            "progress": self._progress,
            "present": self._present,
            "print": self._print,
            "key": self._answer_key,
            "tally": self._tally,
            "ask": self._ask,
            "studio": self._studio,
        }
        self.version = course_version(cards.values(), key, policy)

    def page(self, markdown: str, link: Links) -> str:
        """The Markdown of the page ``link`` is from, with its markers expanded, and its
        config block added when it shows a card."""
        shown = Shown()

        def expand(match: re.Match[str], line: int) -> str:
            where = f"{link.page}:{line}: marker {match.group(0)}"
            name = match.group(1)
            if name not in self.renderers:
                raise BuildError(f"{where}: unknown marker {name!r}"
                                 f"{did_you_mean(name, self.renderers)}; known: "
                                 f"{', '.join(sorted(self.renderers))}")
            args, problems = arguments(SCHEMAS.get(name, {}), match.group(2))
            if problems:
                raise BuildError(f"{where}: {'; '.join(problems)}")
            return str(self.renderers[name](args, link, shown, where))

        def malformed(line: int, text: str, reason: str) -> None:
            raise BuildError(f"{link.page}:{line}: marker {text.strip()} is not read: {reason}")

        expanded = expand_markers(markdown, expand, malformed)
        if shown.config:
            expanded += self._page_config(shown, link)
        return expanded

    def template(self, name: str, **context: Any) -> str:
        """A template of connect-or-not/ (a site may override it in custom_dir)."""
        return self.env.get_template(f"connect-or-not/{name}").render(t=self.t, **context)

    def _page_config(self, shown: Shown, link: Links) -> str:
        # Every rule of the kinds shown: a what-if the build could not foresee may
        # cite one that no answer of the key does, and the page words it all the same.
        kinds = {card.kind for card in shown.cards} | shown.kinds
        rules = [rule.id for rule in all_rules() if rule.kind in kinds]
        t = self.t
        config: contract.PageConfig = {
            "policy": self.policy,
            "lang": t.lang,
            "labels": {d.id: t.decision(d.id) for d in DECISION_BY_ID.values()
                       if d.kind in kinds},
            "policies": {p.id: t.policy(p.id) for p in POLICIES},
            "sources": {s.id: t.cite(s.id) for s in SOURCES},
            "authors": {s.id: t(f"source.{s.id}") for s in SOURCES},
            "facts": {f.name: fact_text(f, t) for f in FACTS if kinds & set(f.kinds)},
            "rules": {r: {"source": RULE_BY_ID[r].source, "says": t.says(r),
                          "cite": t.cite(RULE_BY_ID[r].source, RULE_BY_ID[r].voice),
                          "guide": link.url(RULE_BY_ID[r].guide)} for r in rules},
        }
        if (shown.cards or shown.kinds) and not shown.studio and self.runtime is not None:
            config["runtime"] = self.runtime.info(self._runtime_folder(link))
        return ('\n\n<script type="application/json" class="con-config">'
                f"{inline_json(config)}</script>\n")

    def _runtime_folder(self, link: Links) -> str:
        """The runtime folder, relative to the page."""
        assert self.runtime is not None
        return link.url(f"{self.runtime.path}/pyodide.mjs").removesuffix("pyodide.mjs")

    def _card(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        card = self.cards.get(args.id)
        if card is None:
            if args.id in self.drafts:
                raise BuildError(f"{where}: card {args.id!r} is a draft (draft: true), kept "
                                 "off the site until it is published")
            raise BuildError(f"{where}: no card with id {args.id!r}"
                             f"{did_you_mean(args.id, self.cards)}")
        return self._card_html(card, link, shown, args.level)

    def _card_html(self, card: Card, link: Links, shown: Shown, level: int = 2) -> str:
        shown.cards.append(card)
        shown.config = True
        payload: contract.CardPayload = {
            "card": {"id": card.id, "kind": card.kind, "facts": dict(card.facts)},
            "labels": {d: card.label(d) for d in decisions_for(card.kind)},
            "key": self.key[card.id],
            "debrief": card_markdown(card.debrief) if card.debrief else "",
        }
        return self.template(
            "card.html", card=card, policy=self.t.policy(self.policy),
            verdict=self.key[card.id][self.policy], rules=RULE_BY_ID, says=self.t.says,
            fact_list=self._fact_list, either=lambda ds: self._either(ds, card),
            story=card_markdown(card.story), debrief=payload["debrief"],
            labels=payload["labels"], cite=self.t.cite, link=link,
            kind_title=self.kind_titles[card.kind], data=inline_json(payload),
            index=link.url("quiz/index.md"), url=link.url(f"quiz/{card.id}.md"), level=level,
            points=self.t.number,
            **(self._next_steps(card, link) if level == 1 else {}))

    def _either(self, decisions: list[str], card: Card) -> str:
        """Decisions as ``card`` words them, in the learner's words: “A” or “B”."""
        return self.t.either(card.label(d) for d in decisions)

    def _fact_list(self, names: list[str]) -> str:
        """Facts in the learner's words: “A”, “B” and “C”."""
        return self.t.every(self.t.fact(name) for name in names)

    def _next_steps(self, card: Card, link: Links) -> dict[str, Any]:
        """Where a card's own page leads: the next card in the index's order, and
        the sets from mkdocs.yml that hold it (the smallest first, two at most)."""
        following = self.order[self.order.index(card) + 1:]
        next_card = ({"url": link.url(f"quiz/{following[0].id}.md"), "title": following[0].title}
                     if following else None)
        holding = sorted((s for s in self.config_sets
                          if card.id in {c.id for c in self.set_cards[s.id]}),
                         key=lambda s: len(self.set_cards[s.id]))
        in_sets = [{"url": link.url(f"quiz/sets/{s.id}.md"), "title": s.title}
                   for s in holding[:2]]
        return {"next_card": next_card, "in_sets": in_sets}

    def _chosen(self, spec: Any) -> list[Card]:
        """The cards of a quiz set, in the trainer's order (an explicit list keeps it)."""
        return select_cards(self.cards.values(), ids=spec.cards, kinds=spec.kinds,
                            tags=spec.tags)

    def _set(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        spec = args
        if args.set is not None:
            spec = self._config_set(args, where)  # checked with mkdocs.yml
            chosen = self.set_cards[spec.id]
        elif args.id is None:
            raise BuildError(f"{where}: a quiz set needs id= (or set= for one in mkdocs.yml)")
        else:
            problems = check_set(spec, self.cards, self.drafts)
            if problems:
                raise BuildError(f"{where}: {'; '.join(problems)}")
            chosen = self._chosen(spec)
        cards = [self._card_html(card, link, shown) for card in chosen]
        # A set of mkdocs.yml has a presenter view and a printed deck too. The answer
        # key is linked from the trainer's pages (the presenter) and the guide, never
        # from a page the learners use.
        tools = [] if args.set is None else [
            (link.url(f"quiz/sets/{spec.id}/present.md"), self.t("present.link")),
            (link.url(f"quiz/sets/{spec.id}/print.md"), self.t("print.link"))]
        return self.template("quiz-set.html", cards=cards, count=len(chosen), tools=tools,
                              data=inline_json(self._set_config(spec, chosen)),
                              progress=self.template("progress.html"))

    def _set_config(self, spec: Any, chosen: list[Card]) -> contract.SetConfig:
        return {"id": spec.id, "cards": [card.id for card in chosen], "shuffle": spec.shuffle,
                "seed": spec.seed, "mastery": self.mastery / 100,
                "code": set_code(spec.id, self.version)}

    def _config_set(self, args: Any, where: str) -> Any:
        if args.set not in self.sets:
            raise BuildError(f"{where}: no quiz set {args.set!r} in mkdocs.yml"
                             f"{did_you_mean(args.set, self.sets)}")
        return self.sets[args.set]

    def _present(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        spec = self._config_set(args, where)
        chosen = self.set_cards[spec.id]
        cards = [self._card_html(card, link, shown) for card in chosen]
        tools = [(link.url(f"quiz/sets/{spec.id}/print.md"), self.t("print.link")),
                 (link.url(f"quiz/sets/{spec.id}/key.md"), self.t("key.link")),
                 (link.url("quiz/tally.md"), self.t("tally.title"))]
        live = self._live()
        present_live: contract.PresentLiveConfig | None = None
        if live:
            present_live = {"live": live, "set": tally_set(
                spec, set_code(spec.id, self.version), chosen, self.key, self.policy)}
        return self.template("present.html", cards=cards, data=inline_json(
            self._set_config(spec, chosen)), back=link.url(f"quiz/sets/{spec.id}.md"),
            tools=tools, join=self._join(spec.id), live=live,
            live_data=inline_json(present_live) if present_live else "",
            **self._class_assets(link))

    def _live(self) -> contract.LiveTally | None:
        """The LRS the trainer's pages may read the room's answers from (a site's LRS;
        a cmi5 package's records belong to its LMS)."""
        if not self.records or self.records["cmi5"]:
            return None
        return {"endpoint": self.records["endpoint"], "course": self.records["course"],
                "registration": self.records["registration"]}

    def _join(self, set_id: str) -> Join | None:
        """The QR code and short address a room joins the set by (with a site_url)."""
        return join(self.site_url, page_url(f"quiz/sets/{set_id}.md", self.directory_urls))

    def _class_assets(self, link: Links) -> dict[str, str]:
        """The trainer's pages' own script and styles (presenter, tally, printed
        deck), versioned like quiz.js."""
        return {"script": link.url(f"{ASSETS}/quiz-class.js") + self.engine_version,
                "style": link.url(f"{ASSETS}/quiz-class.css") + self.engine_version}

    def _print(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        """The learners' deck: the cards, and no answers."""
        spec = self._config_set(args, where)
        items = [{"card": card, "story": card_markdown(card.story),
                  "kind": self.kind_titles[card.kind]} for card in self._room(spec)]
        return self.template("print.html", items=items, shuffled=spec.shuffle,
                             **self._class_assets(link))

    def _room(self, spec: Any) -> list[Card]:
        """A set's cards in the order the room sees them (a shuffled set's seeded
        order, as the set page, the presenter and the tally number them)."""
        by_id = {card.id: card for card in self.set_cards[spec.id]}
        return [by_id[i] for i in room_order(list(by_id), spec.shuffle, spec.seed)]

    def _answer_key(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        """The trainer's answer key, printed apart from the deck."""
        spec = self._config_set(args, where)
        items = []
        for card in self._room(spec):
            verdict = self.key[card.id][self.policy]
            items.append({"card": card, "verdict": verdict, "reasons": _one_per_side(verdict)})
        return self.template("key.html", items=items, shuffled=spec.shuffle,
                              points=self.t.number, cite=self.t.cite,
                              says=self.t.says, policy=self.t.policy(self.policy),
                              either=self._either,
                              **self._class_assets(link))

    def _tally(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        sets = [tally_set(s, set_code(s.id, self.version), self.set_cards[s.id], self.key,
                          self.policy) for s in self.config_sets]
        data: contract.TallyConfig = {"sets": sets}
        live = self._live()
        if live:
            data["live"] = live
        joins = {s["id"]: self._join(s["id"]) for s in sets}
        return self.template("tally.html", data=inline_json(data), live=live, sets=sets,
                              joins=joins, **self._class_assets(link))

    def _ask(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        """"Ask about your invitation": every kind's facts, each optional, in the
        learner's words; quiz-ask.js asks the grader for each policy's advice."""
        shown.config = True
        shown.kinds |= set(KINDS)
        facts = {kind: [_fact_control(fact, self.t) for fact in facts_for(kind)]
                 for kind in KINDS}
        script = link.url(f"{ASSETS}/quiz-ask.js") + self.engine_version
        # The course's policy first, then the others in the vocabulary's order.
        policies = sorted((p.id for p in POLICIES), key=lambda p: p != self.policy)
        return self.template("ask.html", kinds=KINDS, kind_titles=self.kind_titles,
                             facts=facts, policies=policies, script=script)

    def _studio(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        """The card studio: the CLI's template for each kind, and the class policy,
        for quiz-studio.js, which checks what the trainer writes in the browser."""
        if self.for_lms:
            return self.template("studio.html", lms=True)
        if self.runtime is None:
            raise BuildError(f"{where}: the card studio checks cards with Python, and this "
                             "build has no runtime: run `connect-or-not pages` first")
        shown.config = shown.studio = True
        shown.kinds |= set(KINDS)
        data: contract.StudioConfig = {
            "templates": templates(), "policy": self.policy,
            "sanitiser": contract.SANITISER,
            "runtime": self.runtime.info(self._runtime_folder(link), studio=True)}
        assets = self._class_assets(link)
        return self.template("studio.html", lms=False, kinds=KINDS, kind_titles=self.kind_titles,
                             data=inline_json(data), style=assets["style"],
                             script=link.url(f"{ASSETS}/quiz-studio.js") + self.engine_version)

    def _progress(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        shown.config = True
        return self.template("progress.html")

    def _index(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        shown.config = True  # its progress panel
        by_kind = {kind: [c for c in self.cards.values() if c.kind == kind] for kind in KINDS}
        by_tag: dict[str, list[Card]] = defaultdict(list)
        for card in self.cards.values():
            for tag in card.tags:
                by_tag[tag].append(card)
        return self.template(
            "index.md", by_kind=by_kind, by_tag=dict(sorted(by_tag.items())),
            set_sizes={set_id: len(cards) for set_id, cards in self.set_cards.items()},
            kind_titles=self.kind_titles, link=link, policy=self.t.policy(self.policy),
            sets=self.config_sets, progress=self.template("progress.html"))

    def _card_links(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        if args.rule is not None:
            if args.rule not in RULE_BY_ID:
                raise BuildError(f"{where}: no rule {args.rule!r}")
            ids = self.exercised.get(args.rule, [])
        elif args.tag is not None:
            ids = sorted(c.id for c in self.cards.values() if args.tag in c.tags)
        else:
            raise BuildError(f"{where}: name a rule= or a tag=")
        return self.template("card-links.md", cards=[self.cards[i] for i in ids], link=link)

    def _table(self, template: str) -> Callable[..., str]:
        def render(args: Any, link: Links, shown: Shown, where: str) -> str:
            return self.template(template, facts=FACTS, decisions=DECISION_BY_ID.values(),
                                  policies=POLICIES, sources=SOURCE_BY_ID, kinds=KINDS)
        return render

    def _rules(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        rules = [r for r in all_rules() if r.source == args.source]
        return self.template("rules.md", rules=rules, exercised=self.exercised,
                              cards=self.cards, link=link, says=self.t.says, cite=self.t.cite)

    def _procedures(self, args: Any, link: Links, shown: Shown, where: str) -> str:
        labels = {d.id: self.t.decision(d.id) for d in DECISION_BY_ID.values()}
        return self.template("procedures.md", policies=POLICIES, kind_titles=self.kind_titles,
                              steps=steps_for, labels=labels, cite=self.t.cite,
                              says=self.t.says, link=link,
                              implied=IMPLIED, show=_show_value, presumed=_presumed,
                              codes=_codes)


def expand_markers(markdown: str, expand: Callable[[re.Match[str], int], str],
                   malformed: Callable[[int, str, str], None]) -> str:
    """Replace markers that stand alone on a line, outside fenced code blocks; call
    ``malformed`` (with the line number) for anything else that looks like one.

    A marker quoted in a code block or inline code is an example, not a marker.
    """
    lines = markdown.splitlines(keepends=True)
    fence = None
    for i, line in enumerate(lines):
        opening = FENCE.match(line)
        if opening and (fence is None or opening.group(1).startswith(fence)):
            fence = None if fence else opening.group(1)
            continue
        if fence is not None:
            continue
        match = MARKER.fullmatch(line.strip())
        if match:
            lines[i] = expand(match, i + 1) + "\n"
            continue
        code = inline_code_spans(line)
        for loose in LOOSE_MARKER.finditer(line):
            if not any(start <= loose.start() < end for start, end in code):
                text = loose.group(0)
                malformed(i + 1, text, "a marker must stand alone on its line"
                          if MARKER.fullmatch(text) else marker_shape_problem(text))
    return "".join(lines)


def fact_text(fact: Fact, t: Catalog) -> contract.FactText:
    """A fact in the learner's words, with each value it can take (as JSON)."""
    values: list[Any] = [None]
    if fact.type == "bool":
        values += [True, False]
    elif fact.type == "enum":
        values += list(fact.values)
    return {"label": t.fact(fact.name),
            "values": {json.dumps(v): t.value(fact.name, v) for v in values}}


def _fact_control(fact: Fact, t: Catalog) -> dict[str, Any]:
    """A fact as the ask page's form offers it: a count's box, or a choice of its
    values. Left as it is ("" in the form), a fact reads as the card's silence does:
    the usual case, or left aside where only the reader can answer it; "I don't
    know" ("unknown") leaves it open. A fact whose own values include not knowing
    (Stenberg's camp) offers that value first instead."""
    silence = fact.silence
    usual = (t("ask.usual", value=t.value(fact.name, silence.value))
             if silence.reading == "ordinary" else t("ask.leaveAside"))
    options: list[tuple[str, str]] = []
    if fact.type == "bool":
        options += [("true", t("value.yes")), ("false", t("value.no"))]
    elif fact.type == "enum":
        options += [(value, t.value(fact.name, value)) for value in fact.values]
    if fact.own_unknown:
        options.sort(key=lambda option: option[0] != UNKNOWN)
    else:
        options = [("", usual), *options, (UNKNOWN, t("ask.dontKnow"))]
    return {"name": fact.name, "type": fact.type, "label": t.fact(fact.name),
            "options": options, "usual": usual}


def _one_per_side(verdict: contract.KeyVerdict) -> list[Rule]:
    """The first reason for each answer a verdict's reasons argue for: one where the
    posts agree, one a side where they split (for the printed key)."""
    sides: dict[tuple[str, ...], Rule] = {}
    for ref in verdict["reasons"]:
        sides.setdefault(tuple(ref["supports"]), RULE_BY_ID[ref["rule"]])
    return list(sides.values())


def _show_value(value: object) -> str:
    """A fact's value as a card writes it in YAML."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _presumed(rule: Rule) -> str:
    return _codes(f"{fact}: {_show_value(value)}" for fact, value in rule.presumes)


def _codes(items: Iterable[str]) -> str:
    return ", ".join(f"`{item}`" for item in items)

