"""The toolchain a new user meets first: the lock file from Pyodide's own tooling,
`make serve` with only what serving needs, a busy port, no 404 noise under serve."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from connect_or_not.export import WHEEL_NAME, pyodide_lock, wheel_bytes

from .support.project import ROOT

LOCK_PYTHON = os.environ.get("CONNECT_OR_NOT_LOCK_PYTHON", "")
needs_lock_tool = pytest.mark.skipif(
    not LOCK_PYTHON, reason="no Python 3.12+ with pyodide-lock (make sets one when it finds it)")
RUNTIME = ROOT / "node_modules" / "pyodide"


def runtime_lock_dir(built_site):
    return next(built_site.glob("assets/connect-or-not/pyodide-*"))


@needs_lock_tool
def test_pyodide_lock_writes_the_same_lock_as_the_package(tmp_path):
    """quiz/build/lockfile.py (pyodide-lock's add_wheels) and export.pyodide_lock agree,
    so a machine without Python 3.12 ships the same file."""
    wheel = tmp_path / "input.bin"  # the build hands the wheel over under another name
    wheel.write_bytes(wheel_bytes())
    out = tmp_path / "lock.json"
    subprocess.run([LOCK_PYTHON, str(ROOT / "quiz" / "build" / "lockfile.py"), str(RUNTIME),
                    str(wheel), str(wheel), str(out)], check=True, timeout=60)
    info = json.loads((RUNTIME / "pyodide-lock.json").read_text())["info"]
    assert json.loads(out.read_text()) == pyodide_lock(wheel.read_bytes(), info)


@needs_lock_tool
def test_the_compiled_runtime_is_the_same_with_or_without_the_lock_tool(monkeypatch):
    """The wheel that ships is compiled to bytecode: its lock, so the runtime folder's
    digest, is the same on a machine with pyodide-lock and on one without (issue 24,
    R11: a compiled wheel used to lose its "imports" under pyodide-lock)."""
    from connect_or_not.steps.runtime import Runtime  # noqa: PLC0415

    def runtime(lock_python: str) -> Runtime:
        return Runtime(RUNTIME, ROOT / "quiz" / "build", precompile=True, snapshot=False,
                       lock_python=lock_python, preview=True,
                       cache=Path(os.environ.get("CONNECT_OR_NOT_CACHE",
                                                 ROOT / "build" / "cache")))

    with_tool = runtime(LOCK_PYTHON)
    monkeypatch.delenv("CONNECT_OR_NOT_LOCK_PYTHON", raising=False)
    without = runtime("")
    assert with_tool.wheel == without.wheel
    assert with_tool.wheel != wheel_bytes()
    assert with_tool.lock == without.lock
    assert with_tool.lock["packages"]["connect-or-not"]["imports"] == ["connect_or_not"]
    assert with_tool.digest == without.digest


@needs_lock_tool
def test_the_shipped_lock_satisfies_pyodide_locks_model(built_site):
    """The site's lock parses as pyodide-lock's PyodideLockSpec, names only our wheel,
    matches the runtime's ABI, and its sha256 is the shipped wheel's."""
    folder = runtime_lock_dir(built_site)
    check = (
        "import sys; from pathlib import Path; from pyodide_lock import PyodideLockSpec\n"
        "spec = PyodideLockSpec.from_json(Path(sys.argv[1]))\n"
        "spec.check_wheel_filenames()\n"
        "runtime = PyodideLockSpec.from_json(Path(sys.argv[2]))\n"
        "assert spec.info == runtime.info, (spec.info, runtime.info)\n"
        "print(*[f'{p.file_name} {p.sha256}' for p in spec.packages.values()], sep='\\n')\n"
    )
    proc = subprocess.run([LOCK_PYTHON, "-c", check, str(folder / "pyodide-lock.json"),
                           str(RUNTIME / "pyodide-lock.json")],
                          capture_output=True, text=True, timeout=60, check=True)
    shipped = hashlib.sha256((folder / WHEEL_NAME).read_bytes()).hexdigest()
    assert proc.stdout.split() == [WHEEL_NAME, shipped]


def test_make_serve_installs_only_what_serving_needs():
    """`make serve` on a fresh machine: the site extra, npm ci, the lock tool; never the
    test extra or Chromium."""
    plan = subprocess.run(["make", "-n", "-B", "serve"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=True).stdout
    assert "--require-hashes -r requirements/site.txt" in plan
    assert "requirements/dev.txt" not in plan
    assert "chromium" not in plan
    pyproject = (ROOT / "pyproject.toml").read_text()
    site_extra = pyproject.split("site = [", 1)[1].split("]", 1)[0]
    for test_only in ("pytest", "playwright", "ruff", "hypothesis"):
        assert test_only not in site_extra


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(host: str, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "connect_or_not.mkdocs_plugin.serve", host],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kwargs)


def test_a_busy_port_gets_one_plain_sentence():
    with closing(socket.socket()) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = serve(f"127.0.0.1:{port}")
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err.strip() == (f"Port {port} on 127.0.0.1 is already in use (another `make "
                           f"serve`?); pick another port with: make serve "
                           f"HOST=127.0.0.1:{port + 1}")
    assert "Traceback" not in out + err


def test_a_malformed_host_is_explained():
    proc = serve("localhost")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "HOST=localhost is not an address and a port" in err


def test_serve_asks_for_no_service_worker(context):
    """Under `mkdocs serve` there is no sw.js, so no page asks for one (no 404s); and
    Material's own notice of its end of life reaches the trainer (issue 25)."""
    port = free_port()
    # Material sets the variable in the environment of whatever imports it.
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    proc = serve(f"127.0.0.1:{port}", env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        page = context.new_page()
        page.goto(url + "quiz/kohei-serendipity/")
        page.wait_for_load_state("load")  # the registration would run on load, at once
        page.wait_for_selector(".con-card[data-enhanced]")
        assert page.locator('meta[name="connect-or-not-offline"]').count() == 1
        assert not [u for u in context.requests if u.endswith("/sw.js")]
        assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations())"
                             ".length") == 0
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "Material for MkDocs reaches end of life on May 5, 2027" in err


# -- issue 24, R12: every Python dependency pinned with its hashes ---------------------

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ \\]+) \\\n"
                 r"((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)


def _pins(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    pins = {m.group(1).lower().replace("_", "-"): m.group(2) for m in PIN.finditer(text)}
    requirements = [line for line in text.splitlines() if line and line[0] not in " #-"]
    assert len(pins) == len(requirements), "a requirement without its hashes"
    return pins


def test_every_python_dependency_is_pinned_with_hashes_and_the_readme_names_them():
    """make installs from requirements/ with --require-hashes: each of pyproject's
    dependencies is there, pinned, with hashes, and the README names the versions the
    course is made of."""
    import tomllib  # noqa: PLC0415

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    site, dev, tool = _pins("site.txt"), _pins("dev.txt"), _pins("lock-tool.txt")
    extras = project["optional-dependencies"]
    named = [re.split(r"[<>=\[ ]", d)[0].lower() for d in
             [*project["dependencies"], *extras["steps"], *extras["site"]]]
    named = [name for name in named if name != "connect-or-not"]  # the site's extra: steps
    tests = [re.split(r"[<>=\[ ]", d)[0].lower() for d in project["optional-dependencies"]["dev"]]
    assert set(named) <= set(site), set(named) - set(site)
    assert set(site) <= set(dev)
    assert {t for t in tests if t != "connect-or-not"} <= set(dev)
    assert dev.items() >= site.items(), "the tests run on the site's very versions"
    assert "pyodide-lock" in tool
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for name in ("site", "dev", "lock-tool", "ralph"):
        assert f"--require-hashes -r requirements/{name}.txt" in makefile
    assert "ralph-malph" in _pins("ralph.txt")
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for package, shown in (("mkdocs", "MkDocs"), ("mkdocs-material", "Material for MkDocs"),
                           ("pyyaml", "PyYAML"), ("markdown", "Markdown"), ("nh3", "nh3"),
                           ("zopfli", "zopfli"), ("segno", "segno")):
        assert f"{shown} {site[package]}" in readme, package
    assert f"zxing-cpp {dev['zxing-cpp']}" in readme
    assert f"pyodide-lock {tool['pyodide-lock']}" in readme
    assert f"Ralph {_pins('ralph.txt')['ralph-malph']}" in readme
    npm = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for package, shown in (("pyodide", "Pyodide"), ("esbuild", "esbuild"),
                           ("terser", "terser"), ("dompurify", "DOMPurify"),
                           ("fake-indexeddb", "fake-indexeddb")):
        assert f"{shown} {npm[f'node_modules/{package}']['version']}" in readme, package


# -- issue 25: what a newcomer needs to know before the first command -----------------

def test_the_readme_tells_a_newcomer_what_the_machine_needs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^make (\w+)", readme.split("```")[1], re.M)
    assert commands == ["serve", "test"]  # the README opens with exactly these two
    install = next(line for line in readme.splitlines() if "apt-get install" in line)
    for package in ("python3-venv", "nodejs", "npm", "sudo", "make", "git"):
        assert package in install.split(), package
    words = " ".join(readme.split())
    for said in ("Ctrl+C", "`.venv/bin/connect-or-not`, exists once the first `make serve`",
                 "Trainers start with the guide", "bench/first_preview.sh"):
        assert said in words, said
    # The first preview's time is one figure, the same in the README and the guide.
    guide = " ".join((ROOT / "docs" / "trainers.md").read_text(encoding="utf-8").split())
    first = re.search(r"first `make serve` preview \| (\d+) s \(median", words)
    assert first
    assert f"({first.group(1)} s measured on a fresh copy of the course with an empty " \
        "home" in guide


def test_the_guide_states_the_toolchains_future_and_nothing_hides_materials_notice():
    """The dates, what keeps working, and the way to another generator (issue 31); and
    no build, serve, test or benchmark of ours silences Material's own notice."""
    text = (ROOT / "docs" / "trainers.md").read_text(encoding="utf-8")
    assert "### The toolchain's future\n" in text
    guide = " ".join(text.split())
    assert "ends its support on **5 May 2027**" in guide
    assert "MkDocs 2 has no plugins" in guide
    for step in ("connect-or-not pages build/zensical-docs", "connect_or_not.markdown",
                 "zensical build -f mkdocs.zensical.yml",
                 "connect-or-not finish build/zensical-site"):
        assert step in guide, step
    ours = [ROOT / "Makefile", ROOT / ".ci" / "run", *(ROOT / "src").rglob("*.py"),
            *(ROOT / "bench").glob("*.py"), *(ROOT / "tests").glob("*.py")]
    setting = re.compile(r"NO_MKDOCS_2_WARNING[\"']?\s*[:=]")
    assert [path.name for path in ours if setting.search(path.read_text(encoding="utf-8"))] \
        == [], "Material's notice stays in view"
