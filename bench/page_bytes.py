"""What each page of two built sites weighs, as a browser downloads it: its HTML and
the engine's scripts, uncompressed and gzip-compressed (level 9, as a host would).

    .venv/bin/python bench/page_bytes.py BEFORE_SITE AFTER_SITE

Prints the engine's scripts, a few pages a learner meets first, and every page that
got heavier (``?v=`` digests change a byte or two of a page's gzip size either way).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ASSETS = Path("assets") / "connect-or-not"
SCRIPTS = ("quiz.js", "quiz-class.js", "quiz-lms.js", "quiz.css", "worker.js")
PAGES = ("quiz/late-cfo/index.html", "quiz/sets/first-steps/index.html",
         "quiz/sets/first-steps/present/index.html", "quiz/index.html", "receiving/index.html")


def weight(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9, mtime=0))


def row(name: str, before: Path, after: Path) -> str:
    (raw_b, gz_b), (raw_a, gz_a) = weight(before), weight(after)
    return (f"| {name} | {raw_b:,} | {raw_a:,} ({raw_a - raw_b:+,}) | {gz_b:,} | "
            f"{gz_a:,} ({gz_a - gz_b:+,}) |")


def main(before: Path, after: Path) -> None:
    print("| file | before | after | before, gzip | after, gzip |\n|---|---|---|---|---|")
    for name in SCRIPTS:
        print(row(name, before / ASSETS / name, after / ASSETS / name))
    for name in PAGES:
        print(row(name, before / name, after / name))
    heavier = [page.relative_to(after) for page in sorted(after.rglob("*.html"))
               if (before / page.relative_to(after)).is_file()
               and page.stat().st_size > (before / page.relative_to(after)).stat().st_size]
    print("\nheavier pages (uncompressed):", ", ".join(map(str, heavier)) or "none")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
