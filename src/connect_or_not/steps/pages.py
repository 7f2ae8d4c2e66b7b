"""The pages step: the course's generated pages, as Markdown with their markers, and
the engine's assets (runtime, scripts, styles), written into the folder a generator
reads (``connect-or-not pages DOCS_DIR``).

It is incremental: a file already as it should be is left alone, and what an earlier
run wrote and this one does not is removed. It never writes over, or removes, a file
it did not write (its record, ``.connect-or-not.json`` in that folder, lists them);
such a file is an error that names it. The record also tells the Markdown extension
and ``finish`` what was built.
"""

from __future__ import annotations

import filecmp
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .course import Course
from .errors import BuildError
from .hosting import write_file

RECORD = ".connect-or-not.json"


@dataclass(frozen=True)
class Written:
    written: int  # files new or changed
    kept: int  # files already as they should be
    removed: int  # files an earlier run wrote that the course no longer has


def read_record(docs_dir: Path) -> dict[str, Any] | None:
    """What the pages step last wrote into ``docs_dir`` (None: it has not run there)."""
    try:
        record = json.loads((docs_dir / RECORD).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise BuildError(f"{docs_dir / RECORD}:1:1: the pages step's record cannot be read "
                         f"({error}); delete it and run `connect-or-not pages "
                         f"{docs_dir}` again") from None
    if not isinstance(record, dict) or not isinstance(record.get("written"), list):
        raise BuildError(f"{docs_dir / RECORD}:1:1: not a record of the pages step; delete "
                         f"it and run `connect-or-not pages {docs_dir}` again")
    return record


def _same(target: Path, source: Path | bytes) -> bool:
    if not target.is_file():
        return False
    if isinstance(source, bytes):
        return target.stat().st_size == len(source) and target.read_bytes() == source
    return filecmp.cmp(target, source, shallow=False)


def write_pages(docs_dir: Path, course: Course) -> Written:
    """The course's pages and assets in ``docs_dir``, and the record of them."""
    previous = read_record(docs_dir) if docs_dir.is_dir() else None
    before = set(previous["written"]) if previous else set()
    files: dict[str, Path | bytes] = {page.path: page.markdown.encode()
                                      for page in course.pages()}
    files.update(course.assets())
    theirs = sorted(path for path in files
                    if path not in before and (docs_dir / path).exists())
    if theirs:
        shown = ", ".join(theirs[:5]) + (f" and {len(theirs) - 5} more" if len(theirs) > 5
                                         else "")
        raise BuildError(f"connect-or-not: {docs_dir} already has {shown}, which the pages "
                         "step did not write and will not replace: the course adds these "
                         "pages itself. Move them, or give the step a folder of its own")
    written = kept = 0
    try:
        docs_dir.mkdir(parents=True, exist_ok=True)
        for path, source in sorted(files.items()):
            target = docs_dir / path
            if _same(target, source):
                kept += 1
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_file(target, source)
                written += 1
        gone = sorted(before - set(files))
        for path in gone:
            target = docs_dir / path
            target.unlink(missing_ok=True)
            for folder in target.parents:  # the folders it leaves empty
                if folder == docs_dir or any(folder.iterdir()):
                    break
                folder.rmdir()
        record = {"written": sorted(files), **course.record()}
        write_file(docs_dir / RECORD, json.dumps(record, indent=1, sort_keys=True))
    except OSError as error:
        raise BuildError(f"connect-or-not: cannot write the pages in {docs_dir} "
                         f"({error.strerror or error})") from None
    return Written(written, kept, len(gone))
