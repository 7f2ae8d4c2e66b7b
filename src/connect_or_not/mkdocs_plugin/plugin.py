"""The ``connect-or-not`` MkDocs plugin.

Glue only: it loads the cards with the package's loader (any problem fails the
build with the loader's ``file:line:col`` message), adds one generated page per
card and an index, and expands ``<!-- con:NAME key=value -->`` markers in pages
with HTML rendered from Jinja templates that a site can override in ``custom_dir``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import os
import posixpath
import re
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from ..export import WHEEL_NAME, answer_key, pyodide_lock, wheel_bytes
from ..loader import load_cards
from ..model import cite
from ..rules import all_rules, steps_for
from ..vocabulary import (
    DECISION_BY_ID,
    FACTS,
    KINDS,
    POLICIES,
    SOURCE_BY_ID,
    SOURCES,
)
from .config import ConnectOrNotConfig
from .render import card_markdown, inline_json

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

    from ..scenario import Scenario

log = logging.getLogger("mkdocs.plugins.connect_or_not")

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = "assets/connect-or-not"
# The runtime files the worker loads from the vendored `pyodide` npm package. Its
# own lock file is replaced by ours, which lists only our wheel.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Pyodide's memory once the grader has started (gzip): see quiz/build/snapshot.mjs.
SNAPSHOT = "grader.snapshot"
MARKER = re.compile(r"<!--\s*con:([a-z-]+)((?:\s+[a-z_]+=[A-Za-z0-9_.,-]+)*)\s*-->")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
DATA_SCRIPT = re.compile(r"""type=["']?application/json""")
# The site's Content-Security-Policy; {scripts} are the hashes of inline scripts.
# - 'wasm-unsafe-eval' lets the grader compile Pyodide's WebAssembly (no 'unsafe-eval').
# - img-src allows data: because Material draws its icons as data: SVG in its CSS.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; "
       "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
       "worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
# Tells quiz.js that this build has no service worker to register.
NO_SERVICE_WORKER = '<meta name="connect-or-not-offline" content="off">'
KIND_TITLES = {
    "incoming": "Invitations you receive",
    "outgoing": "Invitations you send",
    "connected": "After you connect",
}


class ConnectOrNotPlugin(BasePlugin[ConnectOrNotConfig]):
    """Cards, card pages and generated tables for a Connect or Not course site."""

    serving = False  # set by on_startup under `mkdocs serve`

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.all_hashes: set[str] = set()
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").parent
        self.scenarios_dir = root / self.config.scenarios_dir
        self.engine_dir = root / self.config.engine_dir
        self._load_cards()
        self._find_runtime(root / self.config.runtime_dir)
        config.extra_css.append(f"{ASSETS}/quiz.css")
        # On every page, but small: it starts the grader only where a card is shown.
        config.extra_javascript.append(ExtraScriptValue(f"{ASSETS}/quiz.js"))
        # Appended last, so a site's custom_dir (searched first) can override them.
        config.theme.dirs.append(str(TEMPLATES))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(config.theme.dirs), autoescape=True,
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        return config

    def _load_cards(self) -> None:
        if not self.scenarios_dir.is_dir():
            raise PluginError(f"connect-or-not: scenarios_dir {self.scenarios_dir} is not a "
                              "folder")
        scenarios, problems = load_cards([self.scenarios_dir])
        if problems:
            raise PluginError("connect-or-not: the scenario cards have problems:\n"
                              + "\n".join(map(str, problems)))
        self.cards: dict[str, Scenario] = {s.id: s for s in scenarios}
        self.key = answer_key(scenarios)
        exercised: dict[str, set[str]] = defaultdict(set)
        for card_id, verdicts in self.key.items():
            for verdict in verdicts.values():
                for reason in verdict["reasons"]:
                    exercised[reason["rule"]].add(card_id)
        self.exercised = {rule: sorted(ids) for rule, ids in exercised.items()}

    def _find_runtime(self, runtime_dir: Path) -> None:
        package = runtime_dir / "package.json"
        missing = [name for name in RUNTIME_FILES if not (runtime_dir / name).is_file()]
        if not package.is_file() or missing:
            raise PluginError(f"connect-or-not: the Pyodide runtime is missing from "
                              f"{runtime_dir} ({', '.join(missing) or 'package.json'}); "
                              "run `npm ci` (make does this for you)")
        version = json.loads(package.read_text(encoding="utf-8"))["version"]
        self.runtime_dir = runtime_dir
        self.runtime_version = f"pyodide-{version}"
        lock = json.loads((runtime_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
        self.wheel = wheel_bytes()
        self.runtime_sources = {name: runtime_dir / name for name in RUNTIME_FILES}
        if self.config.precompile:
            def compiled(archive: bytes) -> Path:
                return self._built("compile_zip.mjs", archive, option="precompile: false",
                                        what="compiling Python bytecode for the browser")
            stdlib = (runtime_dir / "python_stdlib.zip").read_bytes()
            self.runtime_sources["python_stdlib.zip"] = compiled(stdlib)
            self.wheel = compiled(self.wheel).read_bytes()
        self.lock = self._lock(lock["info"])
        if self.config.snapshot:
            stdlib = self.runtime_sources["python_stdlib.zip"].read_bytes()
            self.runtime_sources[SNAPSHOT] = self._built(
                "snapshot.mjs", stdlib, self.wheel, what="snapshotting the started grader",
                option="snapshot: false")
        # Named by its content, so hosts may cache it for good (see _write_headers)
        # and a course update that changes any of it is never served stale.
        digest = hashlib.sha256(self.wheel + json.dumps(self.lock).encode())
        for name, source in sorted(self.runtime_sources.items()):
            digest.update(name.encode() + hashlib.sha256(source.read_bytes()).digest())
        self.runtime_digest = digest.hexdigest()[:12]
        self.runtime_path = f"{ASSETS}/{self.runtime_version}-{self.runtime_digest}"

    def _lock(self, runtime_info: dict[str, Any]) -> dict[str, Any]:
        """Our lock file. Pyodide's own tool (pyodide-lock, on Python 3.12+) writes it
        when one is set, as make does; otherwise the package's writer, whose output the
        tests hold equal to the tool's."""
        tool = self.config.lock_python or os.environ.get("CONNECT_OR_NOT_LOCK_PYTHON", "")
        if not tool:
            return pyodide_lock(self.wheel, runtime_info)
        built = self._built("lockfile.py", self.wheel, interpreter=tool,
                            what="writing the lock file with pyodide-lock",
                            option='lock_python: ""')
        return json.loads(built.read_text(encoding="utf-8"))

    def _built(self, script_name: str, *inputs: bytes, what: str, option: str,
               interpreter: str = "node") -> Path:
        """The file ``<interpreter> quiz/build/<script_name> <runtime> <inputs...> <out>``
        writes, cached by inputs, script, interpreter and runtime, so a machine pays for
        it once. ``option`` is the setting that does without it."""
        script = self.engine_dir / "build" / script_name
        key = hashlib.sha256(script.read_bytes() + self.runtime_version.encode()
                             + interpreter.encode())
        for data in inputs:
            key.update(hashlib.sha256(data).digest())
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        built = cache / "connect-or-not" / f"{script.stem}-{key.hexdigest()[:24]}"
        if built.is_file():
            return built
        built.parent.mkdir(parents=True, exist_ok=True)
        sources = [built.with_suffix(f".{os.getpid()}.in{i}") for i in range(len(inputs))]
        partial = built.with_suffix(f".{os.getpid()}.part")
        for source, data in zip(sources, inputs, strict=True):
            source.write_bytes(data)
        log.info("connect-or-not: %s (once per change)", what)
        try:
            subprocess.run([interpreter, str(script), str(self.runtime_dir),
                            *map(str, sources), str(partial)], check=True,
                           capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as error:
            detail = getattr(error, "stderr", "") or error
            raise PluginError(f"connect-or-not: {what} failed ({detail}); set "
                              f"`{option}` to do without") from None
        finally:
            for source in sources:
                source.unlink(missing_ok=True)
        partial.replace(built)
        return built

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` injects an inline live-reload script the policy would block.
        self.serving = command == "serve"

    def _script_hashes(self, html_text: str) -> list[str]:
        hashes = []
        for match in INLINE_SCRIPT.finditer(html_text):
            if DATA_SCRIPT.search(match.group(1)):
                continue  # JSON data blocks are never executed
            digest = hashlib.sha256(match.group(2).encode()).digest()
            hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
        return sorted(set(hashes))

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        meta = ""
        if self.config.csp and not self.serving:
            hashes = self._script_hashes(output)
            self.all_hashes.update(hashes)
            policy = CSP.format(scripts=" ".join(hashes))
            meta += f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        if self.serving or not self.config.offline:
            meta += NO_SERVICE_WORKER  # no sw.js is written: don't ask the server for it
        if not meta:
            return None
        # First thing in <head>: a policy applies only to what follows it.
        return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + meta, output, count=1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.serving:
            return
        site = Path(config.site_dir)
        if self.config.offline:
            self._write_service_worker(site)
        if self.config.csp:
            self._write_headers(site)

    def _write_service_worker(self, site: Path) -> None:
        """sw.js at the site's root, listing what it caches and their versions."""
        site_files, runtime_files = [], []
        site_version = hashlib.sha256()
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            rel = path.relative_to(site).as_posix()
            if rel in ("sw.js", "_headers") or rel.endswith((".gz", ".map")):
                continue
            url = rel.removesuffix("index.html") or "./"
            if rel.startswith(self.runtime_path + "/"):
                runtime_files.append(url)
            else:
                site_version.update(rel.encode() + path.read_bytes())
                site_files.append(url)
        # The runtime's folder is named by a digest of its content already.
        versions = {"site": site_version.hexdigest()[:16], "runtime": self.runtime_digest}
        script = (self.engine_dir / "build" / "sw.js").read_text(encoding="utf-8")
        for name, value in (("__SITE_FILES__", site_files), ("__RUNTIME_FILES__", runtime_files),
                            ("__VERSIONS__", versions)):
            script = script.replace(f'"{name}"', json.dumps(value))
        (site / "sw.js").write_text(script, encoding="utf-8")

    def _write_headers(self, site: Path) -> None:
        policy = CSP.format(scripts=" ".join(sorted(self.all_hashes)))
        headers = (
            "# Response headers for hosts that read a _headers file (Netlify, Cloudflare\n"
            "# Pages); other hosts: see the trainer's guide, Security and hosting.\n"
            f"/*\n  Content-Security-Policy: {policy}; frame-ancestors 'self'\n"
            "  X-Content-Type-Options: nosniff\n  Referrer-Policy: same-origin\n"
            f"/{self.runtime_path}/*\n  Cache-Control: public, max-age=31536000, immutable\n")
        (site / "_headers").write_text(headers, encoding="utf-8")

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any):
        if self.config.enabled:
            server.watch(str(self.scenarios_dir))
            server.watch(str(self.engine_dir))
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        for card_id in self.cards:
            files.append(File.generated(config, f"quiz/{card_id}.md",
                                        content=f"<!-- con:card id={card_id} -->\n"))
        index = "---\ntitle: Practice cards\n---\n\n<!-- con:index -->\n"
        files.append(File.generated(config, "quiz/index.md", content=index))
        for quiz_set in self.config.sets:
            page = (f"---\ntitle: {json.dumps(quiz_set.title)}\n---\n\n"
                    f"<!-- con:quiz-set set={quiz_set.id} -->\n")
            files.append(File.generated(config, f"quiz/sets/{quiz_set.id}.md", content=page))
        for asset in sorted(self.engine_dir.glob("*.css")) + sorted(self.engine_dir.glob("*.js")):
            files.append(File.generated(config, f"{ASSETS}/{asset.name}",
                                        abs_src_path=str(asset)))
        for name, source in self.runtime_sources.items():
            files.append(File.generated(config, f"{self.runtime_path}/{name}",
                                        abs_src_path=str(source)))
        files.append(File.generated(config, f"{self.runtime_path}/{WHEEL_NAME}",
                                    content=self.wheel))
        files.append(File.generated(config, f"{self.runtime_path}/pyodide-lock.json",
                                    content=json.dumps(self.lock, indent=1)))
        return files

    # Markers are expanded before other plugins see the Markdown, so search and
    # link validation work on the generated content.
    @event_priority(50)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        if not self.config.enabled:
            return None
        card = self._card_of(markdown)
        if card is not None:
            # Themes print page titles as HTML, so a card's plain-text title is escaped.
            page.meta["title"] = html.escape(card.title, quote=False)

        def expand(match: re.Match[str]) -> str:
            name = match.group(1)
            args = dict(arg.split("=", 1) for arg in match.group(2).split())
            try:
                return self._render(name, args, page, files)
            except KeyError as err:
                raise PluginError(f"{page.file.src_uri}: marker {match.group(0)!r}: unknown "
                                  f"{err.args[0]!r}") from None

        return expand_markers(markdown, expand)

    def _card_of(self, markdown: str) -> Scenario | None:
        match = MARKER.fullmatch(markdown.strip())
        if match and match.group(1) == "card":
            return self.cards.get(match.group(2).split("=", 1)[1])
        return None

    # -- rendering -------------------------------------------------------------

    def _render(self, name: str, args: dict[str, str], page: Page, files: Files) -> str:
        renderers = {
            "card": self._render_card,
            "index": self._render_index,
            "cards": self._render_card_links,
            "facts": self._render_table,
            "decisions": self._render_table,
            "policies": self._render_table,
            "rules": self._render_rules,
            "procedures": self._render_procedures,
            "quiz-set": self._render_set,
            "progress": self._render_progress,
        }
        if name not in renderers:
            raise KeyError(name)
        return renderers[name](name=name, args=args, link=_Links(page, files))

    def _template(self, name: str, **context: Any) -> str:
        return self.env.get_template(f"connect-or-not/{name}").render(**context)

    def _render_card(self, *, name: str, args: dict[str, str], link) -> str:
        card = self.cards[args["id"]]
        policy = self.config.policy
        verdict = self.key[card.id][policy]
        data = {
            "card": card.to_dict(),
            "policy": policy,
            "key": self.key[card.id],
            "debrief": card_markdown(card.debrief) if card.debrief else "",
            "guide": {r["rule"]: link.url(r["guide"]) for v in self.key[card.id].values()
                      for r in v["reasons"]},
            "labels": {d.id: d.label for d in DECISION_BY_ID.values()},
            "sources": {s.id: cite(s.id) for s in SOURCES},
            "facts": {f.name: f.meaning for f in FACTS if card.kind in f.kinds},
            "policies": {p.id: p.name for p in POLICIES},
        }
        return self._template(
            "card.html", card=card, policy=policy, verdict=verdict,
            story=card_markdown(card.story), debrief=data["debrief"],
            labels=data["labels"], cite=cite, link=link, kind_title=KIND_TITLES[card.kind],
            data=inline_json(data), index=link.url("quiz/index.md"),
            runtime=self._runtime_url(link),
            snapshot=SNAPSHOT if self.config.snapshot else "")

    def _runtime_url(self, link: _Links) -> str:
        return link.url(f"{self.runtime_path}/pyodide.mjs").removesuffix("pyodide.mjs")

    def _render_set(self, *, name: str, args: dict[str, str], link) -> str:
        if "set" in args:
            found = {s.id: s for s in self.config.sets}
            spec = found[args["set"]]
            set_id, kinds, tags, ids = spec.id, spec.kinds, spec.tags, spec.cards
            shuffle, seed = spec.shuffle, spec.seed
        else:
            set_id = args["id"]
            kinds = [k for k in args.get("kinds", "").split(",") if k]
            tags = [t for t in args.get("tags", "").split(",") if t]
            ids = [i for i in args.get("cards", "").split(",") if i]
            shuffle, seed = args.get("shuffle") == "true", int(args.get("seed", "1"))
        # An explicit list keeps the trainer's order; a KeyError names an unknown card.
        pool = [self.cards[i] for i in ids] if ids else list(self.cards.values())
        chosen = [c for c in pool if (not kinds or c.kind in kinds)
                  and (not tags or set(tags) & set(c.tags))]
        if not chosen:
            raise KeyError(f"cards for set {set_id}")
        config = {"id": set_id, "cards": [c.id for c in chosen], "shuffle": shuffle,
                  "seed": seed}
        cards = [self._render_card(name="card", args={"id": c.id}, link=link) for c in chosen]
        return self._template("quiz-set.html", cards=cards, count=len(chosen),
                              data=inline_json(config), progress=self._progress_html())

    def _render_progress(self, *, name: str, args: dict[str, str], link) -> str:
        return self._progress_html()

    def _progress_html(self) -> str:
        return self._template("progress.html")

    def _render_index(self, *, name: str, args: dict[str, str], link) -> str:
        by_kind = {kind: [c for c in self.cards.values() if c.kind == kind] for kind in KINDS}
        by_tag: dict[str, list[Scenario]] = defaultdict(list)
        for card in self.cards.values():
            for tag in card.tags:
                by_tag[tag].append(card)
        return self._template(
            "index.md", by_kind=by_kind, by_tag=dict(sorted(by_tag.items())),
            kind_titles=KIND_TITLES, link=link, policy=self.config.policy,
            sets=self.config.sets, progress=self._progress_html())

    def _render_card_links(self, *, name: str, args: dict[str, str], link) -> str:
        if "rule" in args:
            ids = self.exercised.get(args["rule"], [])
        elif "tag" in args:
            ids = sorted(c.id for c in self.cards.values() if args["tag"] in c.tags)
        else:
            raise KeyError("rule or tag")
        cards = [self.cards[i] for i in ids]
        return self._template("card-links.md", cards=cards, link=link)

    def _render_table(self, *, name: str, args: dict[str, str], link) -> str:
        return self._template(f"{name}.md", facts=FACTS, decisions=DECISION_BY_ID.values(),
                              policies=POLICIES, sources=SOURCE_BY_ID, kinds=KINDS)

    def _render_rules(self, *, name: str, args: dict[str, str], link) -> str:
        source = args["source"]
        if source not in SOURCE_BY_ID:
            raise KeyError(source)
        rules = [r for r in all_rules() if r.source == source]
        return self._template("rules.md", rules=rules, exercised=self.exercised,
                              cards=self.cards, link=link)

    def _render_procedures(self, *, name: str, args: dict[str, str], link) -> str:
        labels = {d.id: d.label for d in DECISION_BY_ID.values()}
        return self._template("procedures.md", policies=POLICIES, kind_titles=KIND_TITLES,
                              steps=steps_for, labels=labels, cite=cite, link=link)


FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def expand_markers(markdown: str, expand) -> str:
    """Replace markers that stand alone on a line, outside fenced code blocks.

    A marker quoted in a code block or inline code is an example, not a marker.
    """
    lines = markdown.splitlines(keepends=True)
    fence = None
    for i, line in enumerate(lines):
        opening = FENCE.match(line)
        if opening and (fence is None or opening.group(1).startswith(fence)):
            fence = None if fence else opening.group(1)
            continue
        if fence is None:
            match = MARKER.fullmatch(line.strip())
            if match:
                lines[i] = expand(match) + "\n"
    return "".join(lines)


class _Links:
    """Links from the page being rendered to a docs-root path such as ``a.md#x``.

    Calling it gives a relative ``.md`` link, for Markdown that MkDocs then checks
    and rewrites; ``url`` gives the final relative URL, for raw HTML.
    """

    def __init__(self, page: Page, files: Files):
        self.page = page
        self.files = files

    def __call__(self, target: str) -> str:
        path, _, anchor = target.partition("#")
        here = posixpath.dirname(self.page.file.src_uri)
        rel = posixpath.relpath(path, here or ".")
        return f"{rel}#{anchor}" if anchor else rel

    def url(self, target: str) -> str:
        path, _, anchor = target.partition("#")
        file = self.files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"{self.page.file.src_uri}: no page {path} to link to")
        rel = get_relative_url(file.url, self.page.file.url)
        return f"{rel}#{anchor}" if anchor else rel
