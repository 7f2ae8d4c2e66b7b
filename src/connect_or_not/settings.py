"""The course's settings as the command line reads them: the ``connect-or-not``
plugin's options in ``mkdocs.yml`` (the class policy and the quiz sets), read safely
and without MkDocs, which the command line does not need. The build reads the same
options through the plugin's ``Config`` (``mkdocs_plugin/config.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .vocabulary import DEFAULT_POLICY, POLICY_IDS
from .yamlread import MAX_BYTES


class _SettingsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the plugin's options only: MkDocs' own tags (``!ENV``,
    ``!!python/name:``) become empty values, never objects."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_SettingsLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                      lambda loader, suffix, node: None)


@dataclass(frozen=True)
class CourseSettings:
    """What the CLI takes from a course's mkdocs.yml: the class policy and its sets."""

    path: str
    policy: str
    sets: tuple[dict[str, Any], ...]


def read_course_settings(path: Path) -> CourseSettings | None:
    """The ``connect-or-not`` plugin's options in ``path`` (None without the file or
    the plugin). Raises ValueError, in plain words, when they cannot be used."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ValueError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise ValueError(f"{path}: over {MAX_BYTES // 1024} KiB; is it the course's mkdocs.yml?")
    try:
        config = yaml.load(data, Loader=_SettingsLoader)  # a safe loader: no objects
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ValueError(f"{where}: not readable YAML") from None
    plugins = config.get("plugins") if isinstance(config, dict) else None
    options: Any = None
    for entry in plugins if isinstance(plugins, list) else []:
        if entry == "connect-or-not":
            options = {}
        elif isinstance(entry, dict) and "connect-or-not" in entry:
            options = entry["connect-or-not"] or {}
    if options is None:
        return None
    if not isinstance(options, dict):
        raise ValueError(f"{path}: the connect-or-not options are not a mapping")
    policy = options.get("policy", DEFAULT_POLICY)
    if policy not in POLICY_IDS:
        raise ValueError(f"{path}: policy {policy!r} is not one of {', '.join(POLICY_IDS)}")
    sets = options.get("sets") or []
    if not isinstance(sets, list) or not all(isinstance(s, dict) for s in sets):
        raise ValueError(f"{path}: sets must be a list of sets (id:, title:, ...)")
    return CourseSettings(str(path), policy, tuple(sets))
