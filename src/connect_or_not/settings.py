"""The course's settings: the ``connect-or-not`` plugin's options in ``mkdocs.yml``
(the class policy and the quiz sets), read safely, without MkDocs, and with where each
one is written, so that a mistake is told as ``mkdocs.yml:line:col`` in the words a
card's mistakes get. The command line and the build read them through this module.

MkDocs' own tags (``!ENV``, ``!!python/name:``) are harmless here: the file is only
composed into nodes, and nothing in it is ever constructed or run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .records import LRS_OPTIONS, endpoint_problem, iri_problem, registration_problem
from .vocabulary import DEFAULT_POLICY, KINDS, POLICY_IDS
from .yamlread import (
    MAX_BYTES,
    Problem,
    Reader,
    decode,
    did_you_mean,
    empty,
    line_problem,
    yaml_message,
)

PLUGIN = "connect-or-not"
# The plugin's options (mkdocs_plugin/config.py; a test keeps the two the same). An
# unknown one is an error here, not MkDocs' warning, which `make serve` would let by
# with the default in its place.
OPTIONS = ("enabled", "scenarios_dir", "engine_dir", "runtime_dir", "precompile", "snapshot",
           "minify", "cache_dir", "lock_python", "csp", "offline", "offline_limit",
           "messages", "policy", "sets", "scorm", "lrs")
SCORM_OPTIONS = ("sets", "mastery_score")
# A quiz set's options, in the order the trainer's guide lists them.
SET_KEYS = ("id", "title", "kinds", "tags", "cards", "shuffle", "seed")


@dataclass(frozen=True)
class SetSpec:
    """A quiz set as ``mkdocs.yml`` writes it: ``{id: week-1, title: ..., tags: [pitch]}``."""

    id: str
    title: str
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()
    shuffle: bool = False
    seed: int = 1
    # Where each option is written, and "" where the set starts: (line, column).
    where: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class CourseSettings:
    """What a course's mkdocs.yml says to the plugin, and what it got wrong."""

    path: str
    policy: str = DEFAULT_POLICY
    sets: tuple[SetSpec, ...] = ()
    scenarios_dir: str = "scenarios"  # beside mkdocs.yml
    where: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False)
    problems: tuple[Problem, ...] = ()


def read_course_settings(path: Path) -> CourseSettings | None:
    """The ``connect-or-not`` plugin's options in ``path`` (None without the file or
    without the plugin), with every mistake in them as a problem at its line."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        return CourseSettings(str(path), problems=(Problem(
            str(path), 1, 1, f"cannot read: {error.strerror or error}"),))
    text, problems = decode(data, str(path))
    if text is None:
        problems = [Problem(p.path, p.line, p.column, p.message.replace(
            "the most a card may be; split it or shorten the story",
            "far more than a course's mkdocs.yml")) for p in problems]
        return CourseSettings(str(path), problems=tuple(problems))
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: nothing is built
    except yaml.MarkedYAMLError as error:
        mark, message = yaml_message(error, text, neighbours="the settings around it")
        return CourseSettings(str(path), problems=(Problem(
            str(path), mark.line + 1, mark.column + 1, message),))
    except yaml.YAMLError as error:
        return CourseSettings(str(path), problems=(Problem(
            str(path), 1, 1, f"not readable YAML ({error})"),))
    options = _plugin_options(root)
    if options is None:
        return None
    reader = Reader(str(path), problems)
    _assets_elsewhere(reader, root)
    return _settings(reader, options, str(path), problems)


# The site's pages load styles and scripts from their own site only (hosting.py's
# Content-Security-Policy): a stylesheet or script on another site would be blocked
# in every learner's browser, with nothing said at build time.
_ASSET_LISTS = {"extra_css": "style sheet", "extra_javascript": "script"}


def _assets_elsewhere(reader: Reader, root: Node | None) -> None:
    """Each entry of extra_css and extra_javascript on another site, at its line."""
    if not isinstance(root, MappingNode):
        return
    for key, value in root.value:
        what = _ASSET_LISTS.get(getattr(key, "value", None) or "")
        if what is None or not isinstance(value, SequenceNode):
            continue
        for item in value.value:
            path = item.value if isinstance(item, ScalarNode) else next(
                (v.value for k, v in getattr(item, "value", [])
                 if getattr(k, "value", None) == "path" and isinstance(v, ScalarNode)), "")
            if isinstance(path, str) and re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", path, re.I):
                reader.error(item, f"{key.value}: {path} is on another site, and the pages' "
                             f"security policy loads a {what} only from this one, so every "
                             "browser would block it: put the file in the docs folder and "
                             "name it by its path there")


def _plugin_options(root: Node | None) -> Node | None:
    """The plugin's options node (an empty mapping for a bare ``- connect-or-not``),
    or None when the file does not use the plugin."""
    if not isinstance(root, MappingNode):
        return None
    plugins = next((value for key, value in root.value
                    if isinstance(key, ScalarNode) and key.value == "plugins"), None)
    for entry in getattr(plugins, "value", None) or []:
        if isinstance(entry, ScalarNode) and entry.value == PLUGIN:
            return MappingNode("tag:yaml.org,2002:map", [], entry.start_mark, entry.end_mark)
        if isinstance(entry, MappingNode):
            for key, value in entry.value:
                if isinstance(key, ScalarNode) and key.value == PLUGIN:
                    return value  # type: ignore[no-any-return]
    return None


def _settings(reader: Reader, options: Node, path: str,
              problems: list[Problem]) -> CourseSettings:
    policy, sets, scenarios = DEFAULT_POLICY, [], "scenarios"
    where: dict[str, tuple[int, int]] = {}
    if not empty(options):
        for key, key_node, value in reader.mapping(options, f"the {PLUGIN} options"):
            where[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key not in OPTIONS:
                reader.error(key_node, f"unknown option {key!r} for {PLUGIN}"
                             + (did_you_mean(key, OPTIONS)
                                or f" (its options: {', '.join(OPTIONS)})"))
            elif key == "policy":
                policy = reader.word(value, "policy", POLICY_IDS) or DEFAULT_POLICY
            elif key == "scenarios_dir":
                scenarios = reader.text(value, "scenarios_dir") or scenarios
            elif key == "scorm" and not empty(value):
                for option, option_node, _ in reader.mapping(value, "the scorm options"):
                    if option not in SCORM_OPTIONS:
                        reader.error(option_node, f"unknown option {option!r} under scorm "
                                     f"(its options: {', '.join(SCORM_OPTIONS)})"
                                     f"{did_you_mean(option, SCORM_OPTIONS)}")
            elif key == "lrs" and not empty(value):
                _lrs(reader, value)
            elif key == "sets" and not empty(value):
                sets = [spec for item in reader.sequence(value, "sets")
                        if (spec := _set(reader, item)) is not None]
    return CourseSettings(path, policy, tuple(sets), scenarios, where, tuple(sorted(problems)))


def _lrs(reader: Reader, node: Node) -> None:
    """``lrs:``: each option's shape and value (MkDocs reads them for the build; a
    value from ``!ENV`` is checked there, when it is known)."""
    given = {}
    for option, option_node, value in reader.mapping(node, "the lrs options"):
        given[option] = option_node
        if option not in LRS_OPTIONS:
            reader.error(option_node, f"unknown option {option!r} under lrs "
                         f"(its options: {', '.join(LRS_OPTIONS)})"
                         f"{did_you_mean(option, LRS_OPTIONS)}")
            continue
        if isinstance(value, ScalarNode) and value.tag.startswith("!"):
            continue  # !ENV NAME: known at build time
        text = reader.text(value, f"lrs {option}")
        problem = None
        if text and option == "endpoint":
            problem = endpoint_problem(text, "lrs endpoint")
        elif text and option == "registration":
            problem = registration_problem(text)
        elif text and option == "activity":
            problem = iri_problem(text, "activity")
        if problem:
            reader.error(value, problem)
    if given and "endpoint" not in given and set(given) <= set(LRS_OPTIONS):
        reader.error(node, "lrs needs endpoint: (the LRS's xAPI address)")
    for one, other in (("key", "secret"), ("secret", "key")):
        if one in given and other not in given:
            reader.error(given[one], f"lrs {one} needs {other}: too (the LRS's key and secret)")


def _set(reader: Reader, node: Node) -> SetSpec | None:
    pairs = reader.mapping(node, "a quiz set (id:, title:, then kinds:, tags: or cards:)")
    if not pairs and not isinstance(node, MappingNode):
        return None
    where = {"": (node.start_mark.line + 1, node.start_mark.column + 1)}
    values: dict[str, object] = {}
    for key, key_node, value in pairs:
        where[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key not in SET_KEYS:
            reader.error(key_node, f"unknown option {key!r} in a quiz set (its options: "
                         f"{', '.join(SET_KEYS)}){did_you_mean(key, SET_KEYS)}")
        elif key in ("id", "title"):
            text = reader.text(value, key)
            problem = line_problem(text, "title") if key == "title" and text else None
            if problem:
                reader.error(value, problem)
            values[key] = text
        elif key == "kinds":
            values[key] = tuple(w for item in reader.sequence(value, "kinds")
                                if (w := reader.word(item, "kind", KINDS)) is not None)
        elif key in ("tags", "cards"):
            values[key] = tuple(t for item in reader.sequence(value, key)
                                if (t := reader.text(item, key[:-1])) is not None)
        elif key == "shuffle":
            values[key] = reader.boolean(value, "shuffle")
        else:
            values[key] = reader.count(value, "seed")
    for key in ("id", "title"):
        if key not in values:
            reader.error(node, f"a quiz set needs {key}: (a set has id:, title:, then "
                         "kinds:, tags: or cards:)")
    if not isinstance(values.get("id"), str) or not isinstance(values.get("title"), str):
        return None
    return SetSpec(where=where, **{k: v for k, v in values.items() if v is not None})  # type: ignore[arg-type]
