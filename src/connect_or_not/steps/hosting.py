"""How the built site is hosted: its Content-Security-Policy (a ``<meta>`` per page
and a ``_headers`` file), and the service worker that keeps it usable offline."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
DATA_SCRIPT = re.compile(r"""type=["']?application/json""")
# The site's Content-Security-Policy; {scripts} are the hashes of inline scripts,
# {connect} the LRS the pages send learning records to, if any.
# - 'wasm-unsafe-eval' lets the grader compile Pyodide's WebAssembly (no 'unsafe-eval').
# - img-src allows data: because Material draws its icons as data: SVG in its CSS.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; "
       "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'{connect}; "
       "worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
# Tells quiz.js that this build has no service worker to register.
NO_SERVICE_WORKER = '<meta name="connect-or-not-offline" content="off">'


def inline_scripts(html_text: str) -> list[str]:
    """The code of a page's inline scripts (JSON data blocks never run)."""
    return [match.group(2) for match in INLINE_SCRIPT.finditer(html_text)
            if not DATA_SCRIPT.search(match.group(1))]


def script_hash(code: str) -> str:
    """The CSP hash of an inline script's code."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"


def script_hashes(html_text: str) -> list[str]:
    """The CSP hashes of a page's inline scripts."""
    return sorted({script_hash(code) for code in inline_scripts(html_text)})


# Where the theme keeps the templates of its inline scripts (Material's, or a site's
# own overrides of them in custom_dir). Nothing else may run inline.
THEME_SCRIPTS = "partials/javascripts/"


def theme_script_hashes(env: Any, context: dict[str, Any]) -> set[str]:
    """The hashes of the inline scripts the theme itself writes, from its own script
    templates rendered for a page (they differ by the page's ``base_url``)."""
    hashes: set[str] = set()
    for name in env.list_templates(filter_func=lambda n: n.startswith(THEME_SCRIPTS)):
        hashes.update(script_hashes(env.get_template(name).render(**context)))
    return hashes


def csp_meta(hashes: list[str], connect: str = "") -> str:
    policy = CSP.format(scripts=" ".join(hashes), connect=f" {connect}" if connect else "")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def add_to_head(output: str, meta: str) -> str:
    """``meta`` as the first thing in ``<head>``: a policy applies only to what follows."""
    return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + meta, output, count=1)


def write_file(path: Path, content: str | bytes | Path) -> None:
    """``content`` (text, bytes, or a file's) written whole or not at all: a killed
    build never leaves half a file."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        if isinstance(content, Path):
            shutil.copyfile(content, partial)
        else:
            partial.write_bytes(content.encode() if isinstance(content, str) else content)
        partial.replace(path)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def unused_search_language(rel: str, languages: list[str]) -> bool:
    """A file of Material's search for a language the site does not search in (an
    English site needs none of them: about 0.9 MB an offline cache need not fetch)."""
    if not rel.startswith("assets/javascripts/lunr/"):
        return False
    name = rel.rsplit("/", 1)[-1]
    if set(languages) <= {"en"}:
        return True
    language = re.fullmatch(r"lunr\.([a-z]{2})\.min\.js", name)
    if language:
        return language.group(1) not in languages
    return {"tinyseg.js": "ja", "wordcut.js": "th"}.get(name, languages[0]) not in languages


def write_service_worker(site: Path, template: Path, runtime_path: str, runtime_digest: str,
                         languages: list[str], *, versioned: dict[str, str],
                         engine_version: str, limit_bytes: int) -> None:
    """sw.js at the site's root, listing what it caches (with their sizes: it keeps
    at most ``limit_bytes`` of the site offline) and their versions. The files in
    ``versioned`` (path -> ``?v=`` query) are listed as the pages ask for them."""
    site_files: list[tuple[str, int]] = []
    runtime_files = []
    site_version = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        runtime = rel.startswith(runtime_path + "/")  # its .gz files are the runtime's own
        if rel in ("sw.js", "_headers") or rel.endswith(".map") or (
                rel.endswith(".gz") and not runtime) or unused_search_language(rel, languages):
            continue
        url = rel.removesuffix("index.html") or "./"
        if runtime:
            runtime_files.append(url)
        else:
            site_version.update(rel.encode() + path.read_bytes())
            site_files.append((url + versioned.get(rel, ""), path.stat().st_size))
    # The runtime's folder is named by a digest of its content already.
    versions = {"site": site_version.hexdigest()[:16], "runtime": runtime_digest,
                "engine": engine_version, "limit": limit_bytes}
    script = template.read_text(encoding="utf-8")
    for name, value in (("__SITE_FILES__", site_files), ("__RUNTIME_FILES__", runtime_files),
                        ("__VERSIONS__", versions)):
        script = script.replace(f'"{name}"', json.dumps(value))
    write_file(site / "sw.js", script)


def write_headers(site: Path, hashes: set[str], runtime_path: str, connect: str = "") -> None:
    """A ``_headers`` file: the CSP as a header (it then governs the worker too).

    The header adds ``blob:`` to script-src: the grader's worker imports Pyodide's
    JavaScript from memory, after decompressing it. Pages keep their stricter
    ``<meta>`` policy, and a page must satisfy both, so only the worker gains it."""
    policy = CSP.format(scripts=" ".join([*sorted(hashes), "blob:"]),
                        connect=f" {connect}" if connect else "")
    headers = (
        "# Response headers for hosts that read a _headers file (Netlify, Cloudflare\n"
        "# Pages); other hosts: see the trainer's guide, Security and hosting.\n"
        f"/*\n  Content-Security-Policy: {policy}; frame-ancestors 'self'\n"
        "  X-Content-Type-Options: nosniff\n  Referrer-Policy: same-origin\n"
        f"/{runtime_path}/*\n  Cache-Control: {IMMUTABLE}\n"
        # The service worker is asked for again each time, so that an update shows.
        "/sw.js\n  Cache-Control: no-cache\n"
        + "".join(f"/{rel}\n  Cache-Control: {IMMUTABLE}\n" for rel in hashed_theme_files(site)))
    write_file(site / "_headers", headers)


IMMUTABLE = "public, max-age=31536000, immutable"
# The theme's own files named by their content (main.57a0d79d.min.css): never changed.
HASHED = re.compile(
    r"assets/(stylesheets|javascripts)/(workers/)?[a-z]+\.[0-9a-f]{8}\.min\.(css|js)")


def hashed_theme_files(site: Path) -> list[str]:
    """The theme's files whose names carry a digest of their content: a browser may
    keep them for a year without asking the host again (a page names a new one when
    the theme changes)."""
    return sorted(rel for path in site.glob("assets/*/**/*.min.*")
                  if HASHED.fullmatch(rel := path.relative_to(site).as_posix()))
