"""What the build's steps raise and log, without MkDocs."""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import Any


class BuildError(Exception):
    """A trainer's mistake, or a missing tool, that stops the build: the message is
    the whole of what the trainer reads (``file:line:col: ...`` where there is one).
    The MkDocs plugin raises it as MkDocs' own PluginError."""


class _Prefixed(logging.LoggerAdapter):  # type: ignore[type-arg]
    def process(self, msg: str, kwargs: MutableMapping[str, Any]) -> tuple[str, Any]:
        return f"connect_or_not: {msg}", kwargs


# Under the "mkdocs" logger's name, so that `mkdocs build --strict` counts its
# warnings; the command line prints the same records (cli.py).
log = _Prefixed(logging.getLogger("mkdocs.plugins.connect_or_not"), {})
