"""How wide the model's verdicts are on plain stories: every card of one stated fact
(each fact at each of its values, alone) and the shipped cards, under each policy.

Prints, per policy, the mean size of the best set and how many verdicts make every
decision of the kind best. Run it against another checkout to compare:

    .venv/bin/python bench/plain_stories.py [SRC_DIR [SCENARIOS_DIR]]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "src"
scenarios = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "scenarios"
sys.path.insert(0, str(src))

from connect_or_not import evaluate  # noqa: E402
from connect_or_not.loader import load_cards  # noqa: E402
from connect_or_not.vocabulary import KINDS, POLICY_IDS, decisions_for, facts_for  # noqa: E402


def one_fact_stories() -> list[dict[str, object]]:
    stories = []
    for kind in KINDS:
        for fact in facts_for(kind):
            values = {"bool": [True, False], "int": [0, 3, 8]}.get(fact.type, fact.values)
            stories += [{"kind": kind, "facts": {fact.name: v}} for v in values]
    return stories


def row(name: str, cards: list, policy: str) -> str:
    sizes, every = [], 0
    for card in cards:
        verdict = evaluate(card, policy)
        kind = verdict.kind
        sizes.append(len(verdict.best))
        every += len(verdict.best) == len(decisions_for(kind))
    return (f"| {name} | {policy} | {len(cards)} | {sum(sizes) / len(sizes):.2f} | "
            f"{every} |")


def main() -> None:
    shipped, problems = load_cards([scenarios], expect=False)
    assert not problems, problems
    print(f"model: {src}")
    print("| stories | policy | count | mean best | every decision best |")
    print("|---|---|---|---|---|")
    for policy in POLICY_IDS:
        print(row("one stated fact", one_fact_stories(), policy))
    for policy in POLICY_IDS:
        print(row("shipped cards", list(shipped), policy))


if __name__ == "__main__":
    main()
