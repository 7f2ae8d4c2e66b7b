"""The build's options: the ``connect-or-not`` plugin's (as ``mkdocs.yml`` writes them
under ``plugins:``) and the few of the site's own that the course reads, as plain
values that need no MkDocs.

The MkDocs plugin fills them from its validated config; any other generator's
commands (``connect-or-not pages`` and ``finish``) and the Markdown extension read
them from ``mkdocs.yml`` with ``read_site`` (Zensical reads that file too). The
trainer's settings in it (policy, sets, the LRS) are checked at their lines by
``settings.py`` either way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..vocabulary import DEFAULT_POLICY
from .errors import BuildError


@dataclass(frozen=True)
class Lrs:
    endpoint: str = ""
    key: str = ""
    secret: str = ""
    registration: str = ""
    activity: str = ""


@dataclass(frozen=True)
class Options:
    """The plugin's options (mkdocs_plugin/config.py documents each; a test keeps
    the defaults the same)."""

    enabled: bool = True
    scenarios_dir: str = "scenarios"
    engine_dir: str = "quiz"
    runtime_dir: str = "node_modules/pyodide"
    precompile: bool = True
    snapshot: bool = True
    minify: bool = True
    cache_dir: str = ""
    lock_python: str = ""
    csp: bool = True
    offline: bool = True
    offline_limit: float = 10
    messages: str = ""
    policy: str = DEFAULT_POLICY
    lrs: Lrs = field(default_factory=Lrs)
    scorm_sets: tuple[str, ...] = ()
    mastery_score: int = 80


@dataclass(frozen=True)
class Site:
    """What the course reads of the site's own settings."""

    config_file: Path  # mkdocs.yml: the course's files are relative to its folder
    site_name: str = "Connect or Not"
    site_description: str = ""
    site_url: str = ""
    lang: str = "en"
    search_languages: tuple[str, ...] = ()  # the search plugin's lang:, if set
    docs_dir: str = "docs"
    site_dir: str = "site"
    use_directory_urls: bool = True
    template_dirs: tuple[Path, ...] = ()  # searched before the package's templates

    @property
    def root(self) -> Path:
        return self.config_file.parent


class _Reader(yaml.SafeLoader):
    """YAML without running anything: MkDocs' ``!ENV`` is read from the environment,
    and ``!!python/name:`` (a Markdown extension's function) is left as its name."""


def _env(loader: _Reader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = items[:-1], items[-1] if items else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
    return default


def _python(loader: _Reader, suffix: str, node: yaml.Node) -> str:
    return suffix


_Reader.add_constructor("!ENV", _env)
_Reader.add_multi_constructor("tag:yaml.org,2002:python/", _python)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def read_settings(config_file: Path) -> dict[str, Any]:
    """``config_file`` (a ``mkdocs.yml``) as plain values, read as MkDocs reads it
    (``!ENV``) and without running anything."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Reader)
    except OSError as error:
        raise BuildError(f"{config_file}:1:1: cannot read ({error.strerror or error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise BuildError(f"{config_file}:{where}: not readable YAML "
                         f"({getattr(error, 'problem', None) or error})") from None
    if not isinstance(data, dict):
        raise BuildError(f"{config_file}:1:1: a site's settings are a mapping (site_name: ...)")
    return data


def read_site(config_file: Path) -> tuple[Options, Site]:
    """The options and site settings ``config_file`` (a ``mkdocs.yml``) gives, with
    the defaults for what it leaves out. Its mistakes in the trainer's settings are
    told by ``settings.read_course_settings``; a file that is not even a mapping, here."""
    data = read_settings(config_file)
    plugins = data.get("plugins") or []
    found: dict[str, Any] = {}
    for entry in plugins if isinstance(plugins, list) else [plugins]:
        if isinstance(entry, dict):
            found.update({k: v or {} for k, v in entry.items()})
        elif isinstance(entry, str):
            found[entry] = {}
    mine = found.get("connect-or-not")
    if not isinstance(mine, dict):
        mine = {"enabled": False} if mine is None else {}
    theme = _mapping(data.get("theme"))
    lrs = _mapping(mine.get("lrs"))
    scorm = _mapping(mine.get("scorm"))
    plain = {name: mine[name] for name in Options.__dataclass_fields__
             if name in mine and name not in ("lrs",)}
    for name, value in plain.items():
        declared = Options.__dataclass_fields__[name].type  # "bool", "str" or "float"
        kinds, shown = {"bool": (bool, "true or false"), "str": (str, "a text")}.get(
            str(declared), ((int, float), "a number"))
        if not isinstance(value, kinds) or (isinstance(value, bool) and declared != "bool"):
            raise BuildError(f"{config_file}: connect-or-not's {name} must be {shown}, "
                             f"not {value!r}")
    options = Options(
        **plain, lrs=Lrs(**{k: str(v or "") for k, v in lrs.items()
                            if k in Lrs.__dataclass_fields__}),
        scorm_sets=tuple(scorm.get("sets") or ()), mastery_score=scorm.get("mastery_score", 80))
    search = _mapping(found.get("search"))
    languages = search.get("lang") or ()
    root = config_file.parent
    custom = theme.get("custom_dir")
    site = Site(
        config_file=config_file, site_name=str(data.get("site_name") or ""),
        site_description=str(data.get("site_description") or ""),
        site_url=str(data.get("site_url") or ""), lang=str(theme.get("language") or "en"),
        search_languages=tuple([languages] if isinstance(languages, str) else languages),
        docs_dir=str(data.get("docs_dir") or "docs"), site_dir=str(data.get("site_dir") or "site"),
        use_directory_urls=data.get("use_directory_urls", True) is not False,
        template_dirs=(root / custom,) if custom else ())
    return options, site
