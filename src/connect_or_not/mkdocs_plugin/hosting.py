"""How the built site is hosted: its Content-Security-Policy (a ``<meta>`` per page
and a ``_headers`` file), and the service worker that keeps it usable offline."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

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


def script_hashes(html_text: str) -> list[str]:
    """The CSP hashes of a page's inline scripts (JSON data blocks never run)."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(html_text):
        if DATA_SCRIPT.search(match.group(1)):
            continue
        digest = hashlib.sha256(match.group(2).encode()).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def csp_meta(hashes: list[str]) -> str:
    policy = CSP.format(scripts=" ".join(hashes))
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def add_to_head(output: str, meta: str) -> str:
    """``meta`` as the first thing in ``<head>``: a policy applies only to what follows."""
    return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + meta, output, count=1)


def write_service_worker(site: Path, template: Path, runtime_path: str,
                         runtime_digest: str) -> None:
    """sw.js at the site's root, listing what it caches and their versions."""
    site_files, runtime_files = [], []
    site_version = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel in ("sw.js", "_headers") or rel.endswith((".gz", ".map")):
            continue
        url = rel.removesuffix("index.html") or "./"
        if rel.startswith(runtime_path + "/"):
            runtime_files.append(url)
        else:
            site_version.update(rel.encode() + path.read_bytes())
            site_files.append(url)
    # The runtime's folder is named by a digest of its content already.
    versions = {"site": site_version.hexdigest()[:16], "runtime": runtime_digest}
    script = template.read_text(encoding="utf-8")
    for name, value in (("__SITE_FILES__", site_files), ("__RUNTIME_FILES__", runtime_files),
                        ("__VERSIONS__", versions)):
        script = script.replace(f'"{name}"', json.dumps(value))
    (site / "sw.js").write_text(script, encoding="utf-8")


def write_headers(site: Path, hashes: set[str], runtime_path: str) -> None:
    """A ``_headers`` file: the CSP as a header (it then governs the worker too)."""
    policy = CSP.format(scripts=" ".join(sorted(hashes)))
    headers = (
        "# Response headers for hosts that read a _headers file (Netlify, Cloudflare\n"
        "# Pages); other hosts: see the trainer's guide, Security and hosting.\n"
        f"/*\n  Content-Security-Policy: {policy}; frame-ancestors 'self'\n"
        "  X-Content-Type-Options: nosniff\n  Referrer-Policy: same-origin\n"
        f"/{runtime_path}/*\n  Cache-Control: public, max-age=31536000, immutable\n")
    (site / "_headers").write_text(headers, encoding="utf-8")
