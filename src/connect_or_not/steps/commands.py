"""``connect-or-not pages DOCS_DIR`` and ``connect-or-not finish SITE_DIR``."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TextIO

from .course import Course
from .errors import BuildError
from .finish import Hosting, finish
from .options import read_site
from .pages import read_record, write_pages


class _Said(logging.Handler):
    """The steps' notes and warnings, as lines on standard error."""

    def __init__(self, err: TextIO) -> None:
        super().__init__(logging.INFO)
        self.err = err
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.warnings += record.levelno >= logging.WARNING
        level = "" if record.levelno < logging.WARNING else f"{record.levelname.lower()}: "
        print(f"{level}{record.getMessage()}", file=self.err)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    said = _Said(err)
    logger = logging.getLogger("mkdocs.plugins.connect_or_not")
    level, propagate = logger.level, logger.propagate
    logger.addHandler(said)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        config_file = Path(args.config)
        if not config_file.is_file():
            raise BuildError(f"{config_file}: no such file: name the course's settings with "
                             "--config")
        options, site = read_site(config_file)
        if not options.enabled:
            raise BuildError(f"{config_file}: the connect-or-not plugin is not enabled there")
        if args.command == "pages":
            docs = Path(args.docs_dir)
            done = write_pages(docs, Course(options, site))
            print(f"connect-or-not pages: {done.written} files written, {done.kept} already "
                  f"as they were, {done.removed} removed, in {docs}", file=out)
            return 0
        docs = Path(args.docs) if args.docs else site.root / site.docs_dir
        record = read_record(docs)
        if record is None:
            raise BuildError(f"connect-or-not: {docs} has no record of the pages step; run "
                             f"`connect-or-not pages {docs}` before the generator's build")
        warnings = finish(Path(args.site_dir), record, Hosting(
            sw_template=site.root / options.engine_dir / "build" / "sw.js",
            languages=site.search_languages or (site.lang,), offline=options.offline,
            offline_limit=options.offline_limit, csp=options.csp,
            directory_urls=site.use_directory_urls))
        for warning in warnings:
            print(f"warning: {warning}", file=err)
        print(f"connect-or-not finish: {args.site_dir} is ready to host", file=out)
        return 0
    except BuildError as error:
        print(error, file=err)
        return 1
    finally:
        logger.removeHandler(said)
        logger.setLevel(level)
        logger.propagate = propagate
