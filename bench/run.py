#!/usr/bin/env python3
"""Connect or Not benchmarks: what learners and trainers wait for.

Builds the site, serves it on loopback, drives Debian's Chromium with Playwright
and compares every figure with a baseline measured in the same run (these
machines are noisy: read medians and ratios, not absolute numbers).

    make bench            # or: .venv/bin/python bench/run.py [--runs 5] [--quick]

Prints a table and writes bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from tests.support.project import copy_project, runtime_folder  # noqa: E402
from tests.support.web import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PlainHandler,
    TextGzipHandler,
    serve,
    throttled_page,
)

from connect_or_not.loader import load_cards  # noqa: E402

CARD = "claire-pitch"
ANSWER = "accept_and_message"
ENV = dict(os.environ)

# Runs before any page script: note when a card is first graded by Python (an
# answer given before the grader is ready is graded from the key at once, then
# again by Python when it arrives).
OBSERVER = """
new MutationObserver(() => {
  const card = document.querySelector('.con-card[data-graded-by=pyodide]');
  if (card && !window.__graded) {
    window.__graded = {at: performance.now(), by: card.dataset.gradedBy};
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-graded-by']});
"""

BASELINE = """<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module">
import { loadPyodide } from "../bench-runtime/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("../bench-runtime/", location).href });
pyodide.runPython("1+1");
window.__done = performance.now();
</script>"""

ROUND_TRIP = """<!doctype html><meta charset="utf-8"><title>grading round trip</title>
<script type="module">
const card = CARD_JSON;
const worker = new Worker(new URL("../assets/connect-or-not/worker.js", location),
  { type: "module" });
let next = 1;
const waiting = new Map();
worker.onmessage = (e) => { waiting.get(e.data.id)(e.data); };
const send = (op, payload) => new Promise((resolve) => {
  const id = next++; waiting.set(id, resolve); worker.postMessage({ id, op, ...payload });
});
const runtime = RUNTIME_INFO;
const started = await send("start", { runtime: { ...runtime, prefer: "fast",
  url: new URL("../assets/connect-or-not/RUNTIME/", location).href } });
window.__start = started.result;
const times = [];
for (let i = 0; i < 200; i++) {
  const t = performance.now();
  const answer = await send("grade", { card, choice: "accept", policy: "balanced" });
  if (!answer.ok) throw new Error(answer.error);
  times.push(performance.now() - t);
}
window.__times = times;
</script>"""


# Classroom links, emulated by Chromium (CDP): download and upload in Mbit/s, latency
# in ms. Loopback measures CPU; these measure what twenty learners on one access
# point or a phone on a weak signal wait for.
PROFILES = {"class Wi-Fi": (10, 5, 40), "shared": (2, 1, 80)}
HOSTS = {"no compression": PlainHandler, "gzip text": TextGzipHandler}

# Notes when the grader is ready, and when a card is first graded, and by Python.
NET_OBSERVER = """
new MutationObserver(() => {
  const card = document.querySelector('.con-card');
  if (!card) return;
  const now = performance.now();
  if (card.dataset.engine === 'ready' && !window.__ready) window.__ready = now;
  if (card.dataset.gradedBy && !window.__first) window.__first = now;
  if (card.dataset.gradedBy === 'pyodide' && !window.__python) window.__python = now;
}).observe(document, {subtree: true, attributes: true,
  attributeFilter: ['data-engine', 'data-graded-by']});
"""


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def build_site(project: Path, out: Path, *, strict: bool = True) -> float:
    """Build a site; the generated card sets leave guide links dangling, so their
    builds are not strict (a dangling link costs the same either way)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)]
    start = time.perf_counter()
    done = subprocess.run(command + (["--strict"] if strict else []), cwd=project,
                          env=ENV, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"building {project} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def runtime_info(site: Path) -> dict:
    """The RuntimeInfo a card page of ``site`` gives its grader."""
    page = (site / "quiz" / CARD / "index.html").read_text(encoding="utf-8")
    config = re.search(r'class="con-config">(.*?)</script>', page).group(1)
    return json.loads(config)["runtime"]


def add_bench_pages(site: Path) -> None:
    runtime = runtime_folder(site).name
    # The baseline loads Pyodide exactly as the npm package ships it.
    shutil.copytree(ROOT / "node_modules" / "pyodide", site / "bench-runtime")
    card = next(s for s in load_cards([ROOT / "scenarios"])[0] if s.id == CARD)
    for name, html in (("bench-baseline", BASELINE), ("bench-roundtrip", ROUND_TRIP)):
        page = site / name / "index.html"
        page.parent.mkdir(exist_ok=True)
        page.write_text(html.replace("RUNTIME_INFO", json.dumps(runtime_info(site)))
                        .replace("RUNTIME", runtime)
                        .replace("CARD_JSON", json.dumps(card.to_dict())))


def new_context(browser):
    context = browser.new_context()
    context.add_init_script(OBSERVER)
    return context


# The same course built with `snapshot: false`, served from a folder of the site,
# so the snapshot's effect is measured in the same run as everything else.
NO_SNAPSHOT = "bench-no-snapshot/"


# Every page's CPU slowed this many times (--cpu 4: DevTools' "mid-range mobile"). The
# pages' workers are not slowed by it (Chromium throttles a page's own thread).
CPU = {"rate": 1.0}


def slowed(context, page):
    if CPU["rate"] > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate",
                                           {"rate": CPU["rate"]})
    return page


def new_page(context):
    return slowed(context, context.new_page())


def first_grade(context, url: str) -> tuple[float, str]:
    """Navigate to a card, answer at once, return (ms to feedback, graded by)."""
    page = new_page(context)
    page.goto(f"{url}quiz/{CARD}/", wait_until="commit")
    page.locator(f"input[value={ANSWER}]").check()
    page.get_by_role("button", name="Check my answer").click()
    page.wait_for_function("() => window.__graded", timeout=120_000)
    graded = page.evaluate("window.__graded")
    page.close()
    return graded["at"], graded["by"]


def bare_start(context, url: str) -> float:
    page = new_page(context)
    page.goto(f"{url}bench-baseline/", wait_until="commit")
    page.wait_for_function("() => window.__done", timeout=120_000)
    done = page.evaluate("window.__done")
    page.close()
    return done


def measure_browser(browser, url: str, runs: int) -> dict:
    out: dict = {}
    # Cold: a fresh context (empty cache) per run, alternating ours, ours without
    # the snapshot and the baseline, so that machine noise hits them alike.
    cold, cold_by, no_snapshot_cold, bare_cold = [], [], [], []
    for _ in range(runs):
        context = new_context(browser)
        at, by = first_grade(context, url)
        cold.append(at)
        cold_by.append(by)
        context.close()
        context = new_context(browser)
        at, by = first_grade(context, url + NO_SNAPSHOT)
        no_snapshot_cold.append(at)
        cold_by.append(by)
        context.close()
        context = new_context(browser)
        bare_cold.append(bare_start(context, url))
        context.close()
    # Warm: one context whose cache the first visit fills.
    context = new_context(browser)
    first_grade(context, url)
    bare_start(context, url)
    warm, warm_by, bare_warm = [], [], []
    for _ in range(runs):
        at, by = first_grade(context, url)
        warm.append(at)
        warm_by.append(by)
        bare_warm.append(bare_start(context, url))
    context.close()
    out["first_grade_cold_ms"] = median(cold)
    out["first_grade_warm_ms"] = median(warm)
    out["no_snapshot_cold_ms"] = median(no_snapshot_cold)
    out["bare_pyodide_cold_ms"] = median(bare_cold)
    out["bare_pyodide_warm_ms"] = median(bare_warm)
    out["cold_ratio"] = out["first_grade_cold_ms"] / out["bare_pyodide_cold_ms"]
    out["no_snapshot_cold_ratio"] = out["no_snapshot_cold_ms"] / out["bare_pyodide_cold_ms"]
    out["warm_ratio"] = out["first_grade_warm_ms"] / out["bare_pyodide_warm_ms"]
    out["graded_by"] = {"cold": sorted(set(cold_by)), "warm": sorted(set(warm_by))}
    out["samples"] = {"cold": cold, "no_snapshot_cold": no_snapshot_cold, "warm": warm,
                      "bare_cold": bare_cold, "bare_warm": bare_warm}
    out.update(measure_round_trip(browser, url))
    out["bytes"] = measure_bytes(browser, url)
    return out


def throttled(browser, profile: tuple[int, int, int]):
    """A fresh context (empty cache, no service worker) on an emulated link; each
    page gets the link before it loads. Returns (context, new_page, byte log)."""
    context = browser.new_context(service_workers="block")
    context.add_init_script(NET_OBSERVER)
    log: list = []
    context.on("requestfinished", lambda r: log.append(r))  # noqa: PLW0108 (a builtin cannot be a handler)
    return context, lambda: slowed(context, throttled_page(context, profile)), log


def wire_bytes(log: list) -> int:
    return sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in log)


def throttled_card(browser, url: str, profile) -> dict:
    """A learner opens a card and answers as soon as the page has loaded."""
    context, new_page, log = throttled(browser, profile)
    page = new_page()
    page.goto(f"{url}quiz/{CARD}/", wait_until="load", timeout=600_000)
    page.locator(f"input[value={ANSWER}]").check()
    clicked = page.evaluate("performance.now()")
    page.get_by_role("button", name="Check my answer").click()
    page.wait_for_function("() => window.__first", timeout=600_000)
    first = page.evaluate("window.__first") - clicked
    page.wait_for_function("() => window.__ready", timeout=600_000)
    try:  # the engine upgrades an early key grade by itself once Python is ready...
        page.wait_for_function("() => window.__python", timeout=5_000)
    except PlaywrightTimeout:  # ...or the learner presses Check again
        page.get_by_role("button", name="Check my answer").click()
        page.wait_for_function("() => window.__python", timeout=600_000)
    out = {"ready_ms": page.evaluate("window.__ready"),
           "python_ms": page.evaluate("window.__python"),
           "check_to_feedback_ms": first, "bytes": wire_bytes(log)}
    context.close()
    return out


def throttled_stock(browser, url: str, profile) -> dict:
    context, new_page, log = throttled(browser, profile)
    page = new_page()
    page.goto(f"{url}bench-baseline/", wait_until="commit", timeout=600_000)
    page.wait_for_function("() => window.__done", timeout=600_000)
    done = page.evaluate("window.__done")
    out = {"ready_ms": done, "python_ms": done, "bytes": wire_bytes(log)}
    context.close()
    return out


def measure_network(browser, site: Path, runs: int, profiles: list[str]) -> dict:
    """Per link and host: bytes before the first Python-graded answer, time to the
    grader ready and to that answer, against stock Pyodide in the same run."""
    out: dict = {}
    for host, handler in HOSTS.items():
        with serve(site, handler) as url:
            for name in profiles:
                profile = PROFILES[name]
                ours, stock = [], []
                for _ in range(runs):  # alternating, so noise hits both alike
                    ours.append(throttled_card(browser, url, profile))
                    stock.append(throttled_stock(browser, url, profile))
                cell = {}
                for key in ("ready_ms", "python_ms", "bytes"):
                    cell[key] = median([r[key] for r in ours])
                    cell[f"stock_{key}"] = median([r[key] for r in stock])
                cell["check_to_feedback_ms"] = median([r["check_to_feedback_ms"] for r in ours])
                cell["ready_ratio"] = cell["ready_ms"] / cell["stock_ready_ms"]
                cell["samples"] = {"ours": ours, "stock": stock}
                out[f"{name}, {host}"] = cell
    return out


def measure_round_trip(browser, url: str) -> dict:
    """200 gradings through the worker, one after another."""
    out: dict = {}
    context = browser.new_context()
    page = new_page(context)
    page.goto(f"{url}bench-roundtrip/")
    page.wait_for_function("() => window.__times", timeout=120_000)
    times = page.evaluate("window.__times")
    start = page.evaluate("window.__start")
    context.close()
    out["worker_load_ms"] = start["loadMs"]
    out["worker_import_ms"] = start["importMs"]
    out["round_trip_p50_ms"] = percentile(times, 50)
    out["round_trip_p95_ms"] = percentile(times, 95)
    return out


def measure_bytes(browser, url: str) -> dict:
    """Bytes a first visit transfers (gzip as hosts serve it), per kind of page."""
    out: dict = {}
    for name, path in (("start page", ""), ("guide page", "receiving/"),
                       ("card page", f"quiz/{CARD}/"),
                       ("card page, snapshot: false", f"{NO_SNAPSHOT}quiz/{CARD}/")):
        context = browser.new_context()
        responses = []
        context.on("requestfinished", lambda request, log=responses: log.append(request))
        page = new_page(context)
        page.goto(f"{url}{path}")
        if "quiz/" in path:
            page.wait_for_selector(".con-card[data-engine=ready]", timeout=120_000)
        page.wait_for_load_state("networkidle")
        total = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]
                    for r in responses)
        runtime = sum(1 for r in responses if "/pyodide-" in r.url)
        out[name] = {"bytes": total, "requests": len(responses), "runtime_requests": runtime}
        context.close()
    return out


def generate_cards(target: Path, count: int) -> None:
    """Copy the shipped cards under new ids until there are ``count`` of them."""
    target.mkdir(parents=True)
    sources = sorted((ROOT / "scenarios").glob("*.yaml"))
    for i in range(count):
        source = sources[i % len(sources)]
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["id"] = f"{source.stem}-{i}"
        (target / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, sort_keys=False),
                                                   encoding="utf-8")


def project_with(cards: int, work: Path) -> Path:
    project = copy_project(work / f"project-{cards}")
    shutil.rmtree(project / "scenarios")
    # The configured quiz sets name shipped cards the generated set may lack.
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"      sets:\n(?:        .*\n)+", "", config.read_text()))
    generate_cards(project / "scenarios", cards)
    return project


def measure_scaling(work: Path, counts: list[int], runs: int) -> dict:
    out: dict = {}
    for count in counts:
        project = project_with(count, work)
        files = sorted((project / "scenarios").glob("*.yaml"))
        builds = [build_site(project, work / f"site-{count}", strict=False)
                  for _ in range(runs)]
        ours, bare = [], []
        for _ in range(max(runs, 5)):
            start = time.perf_counter()
            _, problems = load_cards([project / "scenarios"])
            ours.append(time.perf_counter() - start)
            assert not problems, problems[:3]
            start = time.perf_counter()
            for path in files:
                yaml.safe_load(path.read_bytes())
            bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "connect_or_not.cli", "validate",
                        str(project / "scenarios")], check=True, capture_output=True)
        cli = time.perf_counter() - start
        out[str(count)] = {
            "build_s": median(builds), "validate_s": median(ours),
            "bare_safe_load_s": median(bare), "validate_ratio": median(ours) / median(bare),
            "cli_validate_s": cli,
        }
    counts_s = [str(c) for c in counts]
    if "100" in counts_s and "1000" in counts_s:
        out["build_1000_over_100"] = out["1000"]["build_s"] / out["100"]["build_s"]
    return out


def print_table(results: dict) -> None:
    b = results.get("browser")
    rows = []
    for name, cell in results.get("network", {}).items():
        rows += [
            (f"{name}: bytes to first Python grade", f"{cell['bytes'] / 1e6:.2f} MB",
             f"stock {cell['stock_bytes'] / 1e6:.2f} MB",
             f"{cell['bytes'] / cell['stock_bytes']:.2f}x", "<= 4.5 MB"),
            (f"{name}: grader ready", f"{cell['ready_ms'] / 1000:.1f} s",
             f"stock {cell['stock_ready_ms'] / 1000:.1f} s", f"{cell['ready_ratio']:.2f}x",
             "<= 0.6x"),
            (f"{name}: Python-graded answer", f"{cell['python_ms'] / 1000:.1f} s", "", "", ""),
            (f"{name}: Check to feedback", f"{cell['check_to_feedback_ms']:.0f} ms", "", "",
             "<= 300 ms"),
        ]
    if b:
        rows += [
            ("first grade, cold (median)", f"{b['first_grade_cold_ms']:.0f} ms",
             f"bare Pyodide cold {b['bare_pyodide_cold_ms']:.0f} ms",
             f"{b['cold_ratio']:.2f}x", "<= 0.6x"),
            ("  same, built with snapshot: false", f"{b['no_snapshot_cold_ms']:.0f} ms", "",
             f"{b['no_snapshot_cold_ratio']:.2f}x", ""),
            ("first grade, warm (median)", f"{b['first_grade_warm_ms']:.0f} ms",
             f"bare Pyodide warm {b['bare_pyodide_warm_ms']:.0f} ms",
             f"{b['warm_ratio']:.2f}x", "<= 0.6x"),
            ("worker start: Pyodide load / our import", f"{b['worker_load_ms']:.0f} / "
             f"{b['worker_import_ms']:.0f} ms", "", "", ""),
            ("grading round trip p50 / p95", f"{b['round_trip_p50_ms']:.1f} / "
             f"{b['round_trip_p95_ms']:.1f} ms", "", "", "p95 <= 20 ms"),
        ]
        for name, figures in b["bytes"].items():
            rows.append((f"bytes: {name}", f"{figures['bytes'] / 1000:.0f} KB",
                         f"{figures['requests']} requests, {figures['runtime_requests']} "
                         "runtime", "", "" if "card" in name else "<= 400 KB, no runtime"))
    for count, s in results.get("scaling", {}).items():
        if not isinstance(s, dict):
            continue
        rows.append((f"{count} cards: build", f"{s['build_s']:.2f} s", "", "", ""))
        rows.append((f"{count} cards: validate", f"{s['validate_s'] * 1000:.0f} ms",
                     f"bare safe_load {s['bare_safe_load_s'] * 1000:.0f} ms",
                     f"{s['validate_ratio']:.2f}x", "<= 3x"))
    if "build_1000_over_100" in results.get("scaling", {}):
        rows.append(("build 1000 / build 100", "", "",
                     f"{results['scaling']['build_1000_over_100']:.1f}x", "<= 10x"))
    widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
    header = ("measure", "ours", "baseline", "ratio", "target")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    for row in (header, *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per browser figure (>= 5)")
    parser.add_argument("--build-runs", type=int, default=3, help="runs per build size")
    parser.add_argument("--quick", action="store_true", help="skip the 1000-card build")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser figures")
    parser.add_argument("--no-scaling", action="store_true", help="skip build and validate")
    parser.add_argument("--net-runs", type=int, default=3,
                        help="runs per throttled link and host (0: skip them)")
    parser.add_argument("--profiles", nargs="*", default=list(PROFILES), choices=list(PROFILES),
                        help="which throttled links to measure")
    parser.add_argument("--only-network", action="store_true",
                        help="measure only the throttled links")
    parser.add_argument("--cpu", type=float, default=1,
                        help="CPU slowdown of every page (4: a mid-range phone)")
    args = parser.parse_args()
    CPU["rate"] = args.cpu
    results: dict = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "runs": args.runs, "cpu": args.cpu,
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.no_browser:
            site = work / "site"
            build_site(ROOT, site)
            build_site(copy_project(work / "no-snapshot", snapshot=False), site / NO_SNAPSHOT)
            add_bench_pages(site)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                     args=CHROMIUM_ARGS)
                if args.net_runs:
                    results["network"] = measure_network(browser, site, args.net_runs,
                                                         args.profiles)
                if not args.only_network:
                    with serve(site) as url:
                        results["browser"] = measure_browser(browser, url, args.runs)
                browser.close()
        if not (args.no_scaling or args.only_network):
            counts = [10, 100] if args.quick else [10, 100, 1000]
            results["scaling"] = measure_scaling(work, counts, args.build_runs)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1))
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
