"""Hardening, in real Chromium: the Content-Security-Policy, hostile card text,
misconfigured hosts and file://, and progress that survives storage trouble."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from typing import ClassVar

import pytest

from .conftest import ROOT, Handler, build_site, serve
from .support.project import copy_project, runtime_folder
from .support.web import missing_file_host
from .test_browser_quiz import ENGINE_TIMEOUT, answer, open_card, prefer_way

VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""
STORE = "connect-or-not:/"


def violations(page):
    return page.evaluate("window.__violations")


def test_csp_meta_is_strict_and_nothing_violates_it(context, site_url):
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.goto(f"{site_url}receiving/")
    policy = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert "default-src 'self'" in policy
    assert "'wasm-unsafe-eval'" in policy
    assert "'unsafe-eval'" not in policy.replace("'wasm-unsafe-eval'", "")
    assert "'unsafe-inline'" not in policy
    for directive in ("object-src 'none'", "base-uri 'self'", "worker-src 'self'"):
        assert directive in policy
    assert violations(page) == []
    page.goto(f"{site_url}quiz/kohei-serendipity/")
    page.wait_for_selector(".con-card[data-engine=ready]", timeout=ENGINE_TIMEOUT)
    answer(page, "Accept and start a conversation")
    assert page.locator(".con-card").get_attribute("data-graded-by") == "pyodide"
    assert violations(page) == []
    page.goto(f"{site_url}quiz/sets/first-steps/")
    page.wait_for_load_state("networkidle")
    assert violations(page) == []


def _header_policy(site):
    text = (site / "_headers").read_text()
    return re.search(r"Content-Security-Policy: (.+)", text).group(1)


def test_csp_as_a_header_still_grades_with_pyodide(context, built_site):
    policy = _header_policy(built_site)

    class WithHeader(Handler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", policy)
            super().end_headers()

    context.add_init_script(VIOLATIONS)
    with serve(built_site, WithHeader) as url:
        page = open_card(context, url, "claire-pitch")
        answer(page, "Accept and start a conversation")
        assert page.locator(".con-card").get_attribute("data-graded-by") == "pyodide"
        assert violations(page) == []


HOSTILE = """\
id: hostile
title: "</script><script>window.__pwned = 'title'</script>"
kind: incoming
story: |
  <script>window.__pwned = 'story'</script>
  <img src=x onerror="window.__pwned = 'img'">
  <svg onload="window.__pwned = 'svg'"></svg>
  <iframe src="javascript:parent.__pwned = 'iframe'"></iframe>
  <p style="background:url(javascript:alert(1))" onclick="window.__pwned='click'">Click</p>
  [a link](javascript:window.__pwned='link') and <a href="data:text/html,hi">data</a>
debrief: |
  </script><script>window.__pwned = 'debrief'</script>
  <b onmouseover="window.__pwned = 'hover'">Hover me</b>
facts:
  note: generic
"""


def test_hostile_card_runs_nothing(browser, tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "scenarios" / "hostile.yaml").write_text(HOSTILE)
    # Not strict: the build warns of everything it leaves out (tests/test_site.py).
    site = build_site(tmp_path / "site", project / "mkdocs.yml", strict=False)
    context = browser.new_context()
    dialogs = []
    context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with serve(site) as url:
            page = context.new_page()
            page.goto(f"{url}quiz/hostile/")
            page.wait_for_load_state("networkidle")
            assert page.locator("h1").inner_text().startswith("</script>")  # shown as text
            page.get_by_text("Click").click()
            assert page.locator(".con-story a").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))") in ([], [None], [None, None])
            answer(page, "Decline")
            page.locator(".con-feedback").get_by_text("Hover me").hover()
            assert page.evaluate("window.__pwned") is None
            assert dialogs == []
    finally:
        context.close()


# -- misconfigured hosts ------------------------------------------------------------


class _WrongScriptType(Handler):
    """A host that sends .mjs as plain text, which browsers refuse to run."""

    extensions_map: ClassVar[dict[str, str]] = {**Handler.extensions_map,
                                                 ".mjs": "text/plain"}

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()


class _GzipLabelled(Handler):
    """A host that labels .gz files Content-Encoding: gzip, so browsers decode them."""

    def end_headers(self):
        if self.path.endswith(".gz"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


@pytest.mark.parametrize(("handler", "says", "fix"), [
    (_WrongScriptType, "wrong type", "serve .mjs files as text/javascript"),
    (missing_file_host("python_stdlib.zip.gz"), "could not be loaded", "Upload the whole"),
    (missing_file_host("grader.snapshot"), "could not be loaded", "Upload the whole"),
])
def test_misconfigured_host_explains_and_falls_back(context, built_site, handler, says, fix):
    # The missing files are the fast way's: this browser takes it, whatever the link's
    # timing on a busy machine (which may choose the lean way, which needs neither).
    prefer_way(context, built_site, "fast")
    with serve(built_site, handler) as url:
        page = context.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(f"{url}quiz/kohei-serendipity/")
        page.wait_for_selector(".con-card[data-engine=failed]")
        status = page.locator(".con-engine").inner_text()
        assert says in status  # learner words on the card...
        assert "For the trainer" not in status
        assert [m for m in console if "For the trainer" in m and fix in m]  # ...the fix here
        answer(page, "Accept and start a conversation")
        assert page.locator(".con-card").get_attribute("data-graded-by") == "key"
        assert page.locator(".con-feedback").get_attribute("data-result") == "best"


def test_a_host_that_decodes_the_gz_files_itself_still_grades_with_pyodide(context, built_site):
    """Some hosts label .gz files Content-Encoding: gzip; the browser then decodes them
    before the worker sees them, and the worker must not decode them again."""
    with serve(built_site, _GzipLabelled) as url:
        page = open_card(context, url, "claire-pitch")
        answer(page, "Accept and start a conversation")
        assert page.locator(".con-card").get_attribute("data-graded-by") == "pyodide"


def test_file_url_explains_and_falls_back(context, built_site):
    page = context.new_page()
    page.goto((built_site / "quiz" / "late-cfo" / "index.html").as_uri())
    page.wait_for_selector(".con-card[data-engine=failed]")
    assert "opened from a file" in page.locator(".con-engine").inner_text()
    answer(page, "Send with a personal note")
    assert page.locator(".con-card").get_attribute("data-graded-by") == "key"
    assert page.locator(".con-feedback").get_attribute("data-result") == "best"


# -- progress durability ------------------------------------------------------------


def _seed(context, value: str):
    """Put ``value`` in the store before any page script runs (first load only)."""
    context.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1');"
        f" localStorage.setItem({json.dumps(STORE)}, {json.dumps(value)}); }}")


def _stored(page):
    return page.evaluate(f"localStorage.getItem({json.dumps(STORE)})")


def test_corrupted_progress_is_set_aside_and_the_learner_told(context, site_url):
    _seed(context, "{not json")
    page = open_card(context, site_url, "claire-pitch", wait_for_engine=False)
    assert "could not be read" in page.locator(".con-notice").inner_text()
    aside = page.evaluate("Object.keys(localStorage).filter(k => k.includes(':unreadable:'))")
    assert len(aside) == 1
    assert page.evaluate(f"localStorage.getItem({json.dumps(aside[0])})") == "{not json"
    answer(page, "Accept")
    assert json.loads(_stored(page))["answers"]["claire-pitch"]["choice"] == "accept"


def test_a_newer_format_is_refused_and_left_untouched(context, site_url):
    newer = json.dumps({"version": 99, "answers": {}, "future": True})
    _seed(context, newer)
    page = open_card(context, site_url, "claire-pitch", wait_for_engine=False)
    assert "newer version" in page.locator(".con-notice").inner_text()
    answer(page, "Accept")
    assert _stored(page) == newer


def test_an_older_format_is_migrated(context, site_url):
    older = {"answers": {"late-cfo": {"choice": "warm_up_first", "credit": 0.5,
                                      "result": "partial", "at": 1}}}
    _seed(context, json.dumps(older))
    page = open_card(context, site_url, "late-cfo", wait_for_engine=False)
    assert page.get_by_label("Warm up first", exact=True).is_checked()
    answer(page, "Send with a personal note")
    stored = json.loads(_stored(page))
    assert stored["version"] == 1
    assert stored["answers"]["late-cfo"]["choice"] == "send_personal"


def test_full_storage_warns_instead_of_failing_silently(context, site_url):
    context.add_init_script("""
        Storage.prototype.setItem = function () {
          throw new DOMException("full", "QuotaExceededError");
        };""")
    page = open_card(context, site_url, "claire-pitch", wait_for_engine=False)
    answer(page, "Accept")
    assert "could not be saved" in page.locator(".con-notice").inner_text()
    assert page.locator(".con-feedback").get_attribute("data-result") == "partial"


def test_a_private_window_without_storage_warns(context, site_url):
    context.add_init_script("""
        Object.defineProperty(window, "localStorage", {
          get() { throw new DOMException("denied", "SecurityError"); },
        });""")
    page = open_card(context, site_url, "claire-pitch", wait_for_engine=False)
    assert "does not allow this site to store progress" in (
        page.locator(".con-notice").inner_text())
    answer(page, "Decline")
    assert page.locator(".con-feedback").get_attribute("data-result") == "wrong"


def test_two_tabs_answering_different_cards_lose_nothing(context, site_url):
    first = open_card(context, site_url, "claire-pitch", wait_for_engine=False)
    second = open_card(context, site_url, "late-cfo", wait_for_engine=False)
    answer(first, "Accept")
    answer(second, "Warm up first")
    first.get_by_label("Decline", exact=True).check()
    first.get_by_role("button", name=re.compile("^Check")).click()
    first.wait_for_function(
        "() => JSON.parse(localStorage.getItem('connect-or-not:/')).answers['claire-pitch']"
        ".choice === 'decline'")
    answers = json.loads(_stored(second))["answers"]
    assert answers["claire-pitch"]["choice"] == "decline"
    assert answers["late-cfo"]["choice"] == "warm_up_first"



# -- offline after the first visit --------------------------------------------------


def test_offline_after_the_first_visit(context, site_url):
    page = open_card(context, site_url, "kohei-serendipity")
    page.wait_for_selector("html[data-offline-ready]", timeout=60_000)
    # Only the files of the way this browser started (on loopback, the fast one, unless
    # a busy machine skews the link's timing).
    cached = page.evaluate("""async () => {
        const names = [];
        for (const key of await caches.keys()) {
            if (!key.startsWith("connect-or-not ") || !key.includes(" runtime ")) continue;
            const cache = await caches.open(key);
            for (const request of await cache.keys()) names.push(request.url.split("/").pop());
        }
        return names.sort();
    }""")
    way = page.evaluate("""Object.entries(localStorage)
        .find(([key]) => key.startsWith("connect-or-not:way:"))[1]""")
    files = {"fast": {"grader.snapshot", "python_stdlib.zip.gz"},
             "lean": {"python_stdlib-lean.zip.gz"}}
    assert files[way] | {"pyodide.asm.wasm.gz"} <= set(cached)
    assert not files["lean" if way == "fast" else "fast"] & set(cached)
    context.set_offline(True)
    try:
        page.reload()
        page.wait_for_selector(".con-card[data-engine=ready]", timeout=ENGINE_TIMEOUT)
        answer(page, "Accept and start a conversation")
        assert page.locator(".con-card").get_attribute("data-graded-by") == "pyodide"
        page.goto(f"{site_url}quiz/fresh-connection/")  # never visited before
        assert page.get_by_text("You have just accepted an invitation").is_visible()
        answer(page, "Keep the conversation going")
        assert page.locator(".con-feedback").get_attribute("data-result") == "best"
        page.goto(f"{site_url}receiving/")
        assert page.get_by_role("heading", name="Red flags").is_visible()
    finally:
        context.set_offline(False)


def test_service_worker_caches_by_version(built_site):
    script = (built_site / "sw.js").read_text()
    site_files = [path for path, _ in json.loads(re.search(r"const SITE_FILES = (\[.*?\]);",
                                                           script).group(1))]
    runtime_files = json.loads(re.search(r"const RUNTIME_FILES = (\[.*?\]);", script).group(1))
    versions = json.loads(re.search(r"const VERSIONS = (\{.*?\});", script).group(1))
    assert "quiz/kohei-serendipity/" in site_files
    assert "./" in site_files
    assert not [f for f in site_files if "/pyodide-" in f]
    # An English site's offline cache fetches none of the search's other languages.
    assert not [f for f in site_files if "/lunr/" in f]
    assert (built_site / "assets" / "javascripts" / "lunr" / "min" / "lunr.de.min.js").exists()
    assert {f.rsplit("/", 1)[1] for f in runtime_files} >= {"pyodide.asm.wasm.gz",
                                                            "python_stdlib.zip.gz"}
    assert set(versions) == {"site", "runtime", "engine", "limit"}
    # The engine's assets are listed as the pages ask for them: by version.
    assert f"assets/connect-or-not/quiz.js?v={versions['engine']}" in site_files
    # The runtime's cache follows the digest its folder is named by.
    assert runtime_folder(built_site).name.endswith(f"-{versions['runtime']}")


def test_a_guide_visit_never_downloads_the_runtime(context, site_url):
    page = context.new_page()
    page.goto(f"{site_url}receiving/")
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active))")
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("/sw.js") for u in context.requests)
    assert not [u for u in context.requests if "/pyodide-" in u]


def test_offline_survives_a_rebuild_a_broken_deploy_and_a_neighbour(browser, tmp_path):
    """Issue 15, D3: a rebuild (one guide page changed) deployed without its runtime
    folder, then offline: pages visited before still open and a card still grades;
    a second course on the same origin keeps its own offline copy."""
    project = copy_project(tmp_path / "project")
    www = tmp_path / "www"
    build_site(www / "a", project / "mkdocs.yml")
    build_site(www / "b", project / "mkdocs.yml")
    context = browser.new_context()
    try:
        with serve(www) as url:
            page = context.new_page()
            for course in ("a", "b"):
                page.goto(f"{url}{course}/quiz/late-cfo/")
                page.wait_for_selector("html[data-offline-ready]", timeout=120_000)
            # Each course remembers the way its grader started (and keeps its files
            # offline): on a busy machine one took the fast way and the other the lean.
            ways = page.evaluate("""Object.keys(localStorage)
                .filter((key) => key.startsWith("connect-or-not:way:"))""")
            folders = [runtime_folder(www / course).relative_to(www) for course in ("a", "b")]
            assert sorted(ways) == [f"connect-or-not:way:/{folder.as_posix()}/"
                                    for folder in folders]
            page.goto(f"{url}a/receiving/")
            # The rebuild: one guide page changed, and the runtime folder not uploaded.
            with (project / "docs" / "sources.md").open("a") as changed:
                changed.write("\nA sentence added after the first visit.\n")
            build_site(www / "a", project / "mkdocs.yml")
            shutil.rmtree(runtime_folder(www / "a"))
            script = (www / "a" / "sw.js").read_text()
            site_version = json.loads(re.search(r"const VERSIONS = (\{.*?\});",
                                                script).group(1))["site"]
            page.goto(f"{url}a/")  # the browser finds the new worker and activates it
            page.wait_for_function("""async (version) => {
                const page = await fetch("sources/");  // goes through the new worker
                return (await caches.keys()).some((name) => name.endsWith(version));
            }""", arg=site_version, timeout=30_000)
            context.set_offline(True)
            page.goto(f"{url}a/receiving/")
            assert page.get_by_role("heading", name="Red flags").is_visible()
            page.goto(f"{url}a/quiz/late-cfo/")
            page.wait_for_selector(".con-card[data-engine=ready]", timeout=ENGINE_TIMEOUT)
            answer(page, "Warm up first")
            assert page.locator(".con-card").get_attribute("data-graded-by") == "pyodide"
            page.goto(f"{url}b/quiz/late-cfo/")
            page.wait_for_selector(".con-card[data-engine=ready]", timeout=ENGINE_TIMEOUT)
            answer(page, "Warm up first")
            assert page.locator(".con-card").get_attribute("data-graded-by") == "pyodide"
    finally:
        CountingHost.reset()
        context.set_offline(False)
        context.close()


def test_a_grader_that_stops_answering_falls_back_to_the_key(context, site_url):
    """Issue 15, D11: a ready worker that never answers a grade leaves no learner at
    "Checking…": after a few seconds the answer key grades it."""
    context.add_init_script("""
        const post = Worker.prototype.postMessage;
        Worker.prototype.postMessage = function (message, ...rest) {
            if (window.__hang && message && message.op === "grade") return;  // swallowed
            return post.call(this, message, ...rest);
        };
    """)
    page = open_card(context, site_url, "late-cfo")
    page.evaluate("window.__hang = true")
    answer(page, "Warm up first")  # the engine gives up on the worker and asks the key
    assert page.locator(".con-card").get_attribute("data-graded-by") == "key"
    assert page.locator(".con-feedback").get_attribute("data-result") in ("best", "partial",
                                                                          "wrong")
    assert page.get_by_role("button", name="Check my answer").is_enabled()


def test_hostile_titles_run_nothing_and_search_still_works(browser, tmp_path):
    """Issue 15, D1, with the CSP off: links, handlers and ids from titles stay text;
    Material's scripts (search) still run; no request leaves the site."""
    project = copy_project(tmp_path / "project", csp=False)
    titles = ['Click](javascript:window.__pwned=1) [x', 'Hover){: onmouseover="window.__pwned=2"'
              ' } (x', "Mine {: #__config }", "![p](http://example.com/p.png)"]
    for number, title in enumerate(titles):
        (project / "scenarios" / f"hostile-{number}.yaml").write_text(
            f"title: {json.dumps(title)}\nkind: incoming\ntags: [pitch]\nstory: S\n"
            "facts:\n  pitch: unneeded\n", encoding="utf-8")
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    context = browser.new_context()
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        with serve(site) as url:
            page = context.new_page()
            page.goto(f"{url}quiz/")
            for link in page.locator(".md-content a", has_text="x").all():
                link.hover()
            page.locator(".md-content a", has_text="Click](").first.click()
            page.wait_for_load_state()
            assert page.evaluate("window.__pwned") is None
            page.goto(f"{url}quiz/")
            page.locator("input.md-search__input").click()
            page.keyboard.type("coffee")
            page.wait_for_selector(".md-search-result__item", timeout=15_000)
            assert page.locator(".md-search-result__item").count() > 0
            # (blob: addresses of the site: a card page's grader, decompressed)
            assert not [u for u in requests if not u.removeprefix("blob:").startswith(url)]
    finally:
        context.close()


def test_names_from_the_object_prototype_are_nobodys(browser, tmp_path):
    """Issue 15, D14: a card whose id is `constructor` has no earlier answer for a
    new learner, and the worker answers no operation it does not define."""
    project = copy_project(tmp_path / "project")
    (project / "scenarios" / "constructor.yaml").write_text(
        "title: A builder\nkind: incoming\nstory: S\nfacts:\n  note: personal\n",
        encoding="utf-8")
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    context = browser.new_context()
    try:
        with serve(site) as url:
            page = context.new_page()
            page.goto(f"{url}quiz/constructor/")
            assert page.locator(".con-restored").count() == 0
            assert page.locator(".con-card input:checked").count() == 0
            replies = page.evaluate("""async () => {
                const script = [...document.scripts].find((s) => s.src.includes("quiz.js"));
                const worker = new Worker(new URL(`worker.js${new URL(script.src).search}`,
                                                  script.src));
                const ask = (id, op) => new Promise((resolve) => {
                    worker.addEventListener("message", function reply(event) {
                        if (event.data.id !== id) return;
                        worker.removeEventListener("message", reply);
                        resolve(event.data.ok);
                    });
                    worker.postMessage({ id, op });
                });
                const answers = [await ask(1, "constructor"), await ask(2, "toString"),
                                 await ask(3, "__proto__")];
                worker.terminate();
                return answers;
            }""")
            assert replies == [False, False, False]
    finally:
        context.close()


def test_engine_assets_carry_their_version(tmp_path, built_site):
    """Issue 15, D12: quiz.js, quiz.css and the worker are asked for with a version
    that changes with their content, so a cached page never runs a stale engine."""
    html = (built_site / "quiz" / "late-cfo" / "index.html").read_text(encoding="utf-8")
    version = re.search(r"quiz\.js\?v=(\w+)", html).group(1)
    assert f"quiz.css?v={version}" in html
    main = (ROOT / "quiz" / "src" / "main.js").read_text(encoding="utf-8")
    assert "worker.js${new URL(SCRIPT).search}" in main
    project = copy_project(tmp_path / "project")
    with (project / "quiz" / "quiz.css").open("a") as css:
        css.write("\n/* changed */\n")
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    changed = (site / "quiz" / "late-cfo" / "index.html").read_text(encoding="utf-8")
    assert f"quiz.js?v={version}" not in changed
    assert re.search(r"quiz\.js\?v=\w+", changed)


def test_an_import_far_too_big_is_refused_in_words(context, site_url, tmp_path):
    """Issue 15, D6: a 46 MB "export" used to be counted as imported and kept
    nowhere; a file that big is refused before it is read."""
    big = tmp_path / "huge.json"
    big.write_text('{"format": "connect-or-not-progress", "answers": {' + " " * 2_000_000
                   + "}}", encoding="utf-8")
    page = context.new_page()
    page.goto(f"{site_url}quiz/")
    page.locator("input.con-import").set_input_files(str(big))
    status = page.locator(".con-progress-status")
    page.wait_for_function("s => s.textContent", arg=status.element_handle())
    assert status.inner_text() == "That file is far too big to be a progress export; " \
        "nothing changed."


# -- issue 24, R8 to R10: a bounded offline copy, by version, and a host in trouble --

SITE_CACHE_FILES = """async () => {
    const files = {};
    for (const key of await caches.keys()) {
        if (!key.startsWith("connect-or-not ") || !key.includes(" site ")) continue;
        const cache = await caches.open(key);
        for (const request of await cache.keys()) {
            const body = await (await cache.match(request)).arrayBuffer();
            files[request.url] = body.byteLength;
        }
    }
    return files;
}"""


def test_the_offline_copy_keeps_to_the_trainers_limit(browser, tmp_path):
    """With `offline_limit: 1.6` (MB) a learner's browser keeps at most that much of the
    site: the assets, the card's page and the pages it links to first (R8). (The limit
    is the assets and the card's neighbours with a little room: 1.5 MB until the
    course's 42 cards made the set of all cards 300 KB.)"""
    project = copy_project(tmp_path / "project", offline_limit=1.6)
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    context = browser.new_context()
    try:
        with serve(site) as url:
            page = open_card(context, url, "late-cfo")
            page.wait_for_selector("html[data-offline-ready]", timeout=120_000)
            files = page.evaluate(SITE_CACHE_FILES)
            linked = page.evaluate("""() => [...document.querySelectorAll(".md-content a[href]")]
                .map((a) => a.href.split("#")[0]).filter((h) => h.startsWith(location.origin))""")
        assert sum(files.values()) <= 1_600_000, sum(files.values())
        assert f"{url}quiz/late-cfo/" in files
        assert {h for h in linked if not h.endswith((".jpg", ".png"))} <= set(files), \
            set(linked) - set(files)
        every_page = set(site.rglob("index.html"))
        assert len([u for u in files if u.endswith("/")]) < len(every_page)
    finally:
        context.close()


class FlakyHost(Handler):
    """A host that answers 500 for the paths in ``broken``, or 404 after a deploy lost
    them, as the test says."""

    broken: ClassVar[dict[str, int]] = {}

    def send_head(self):
        status = self.broken.get(self.path.split("?")[0])
        if status:
            self.send_error(status)
            return None
        return super().send_head()


def test_offline_answers_by_version_and_a_host_error_gets_the_cached_copy(browser, built_site):
    """An asset of another engine version is never served or kept by this worker (R9);
    a 5xx, or a 404 for a file of this version, gets the cached copy (R10)."""
    context = browser.new_context()
    FlakyHost.broken = {}
    try:
        with serve(built_site, FlakyHost) as url:
            page = open_card(context, url, "late-cfo")
            page.wait_for_selector("html[data-offline-ready]", timeout=120_000)
            script = page.evaluate("""() => [...document.scripts]
                .map((s) => s.src).find((s) => s.includes("/quiz.js?v="))""")
            other = script.split("?v=")[0] + "?v=000000000000"
            # Online: the host ignores the query, but this worker keeps nothing of it.
            assert page.evaluate("(u) => fetch(u).then((r) => r.status)", other) == 200
            assert other not in page.evaluate(SITE_CACHE_FILES)
            # The host breaks: the pages visited still open, from the cache.
            page.goto(f"{url}receiving/")
            FlakyHost.broken = {"/receiving/": 500, "/sending/": 404}
            page.goto(f"{url}receiving/")
            assert page.get_by_role("heading", name="Red flags").is_visible()
            context.set_offline(True)
            page.goto(f"{url}quiz/late-cfo/")
            assert page.evaluate("(u) => fetch(u).then((r) => r.ok, () => false)", other) is False
            assert page.evaluate("(u) => fetch(u).then((r) => r.ok, () => false)", script)
    finally:
        FlakyHost.broken = {}
        context.set_offline(False)
        context.close()


class SlowHost(Handler):
    """A host (or a class's access point) that takes ``seconds`` to begin answering
    for the paths in ``slow``."""

    slow: ClassVar[set[str]] = set()
    seconds = 6.0

    def send_head(self):
        if self.path.split("?")[0] in self.slow:
            time.sleep(self.seconds)
        return super().send_head()


def test_a_request_slower_than_the_fallback_limit_still_arrives_when_nothing_is_cached(
        browser, built_site):
    """The service worker gives up on a slow host after a few seconds only when it
    has a copy to answer with; a file it has none of (a page not visited yet, the
    grader's runtime on a first visit) waits for the network, however slow: on a
    class's shared link, twenty learners' requests queue for longer than that."""
    context = browser.new_context()
    SlowHost.slow, SlowHost.seconds = {"/sources/"}, 6.0
    try:
        with serve(built_site, SlowHost) as url:
            page = open_card(context, url, "late-cfo")
            page.wait_for_function("() => navigator.serviceWorker.controller", timeout=30_000)
            fetched = page.evaluate("""(u) => fetch(u).then((r) => r.text())
                .then((text) => text.includes('<h1'), (error) => String(error))""",
                                    f"{url}sources/")
            assert fetched is True
            # With a copy at hand, the slow host is given up on and the copy answers.
            SlowHost.slow = set()
            page.goto(f"{url}receiving/")
            SlowHost.slow, SlowHost.seconds = {"/receiving/"}, 120.0  # longer than goto waits
            page.goto(f"{url}receiving/")
            assert page.get_by_role("heading", name="Red flags").is_visible()
    finally:
        SlowHost.slow, SlowHost.seconds = set(), 6.0
        context.close()


class CountingHost(Handler):
    """Once ``armed`` (the page loaded, its grader ready, the learner idle: whatever is
    asked for then is the offline copy), counts the requests, how many were in flight
    at once, and slows each a little so that overlaps show."""

    lock = threading.Lock()
    armed = False
    in_flight = 0
    most = 0
    seen = 0

    @classmethod
    def reset(cls) -> None:
        cls.armed, cls.in_flight, cls.most, cls.seen = False, 0, 0, 0

    def send_head(self):
        # The browser checks sw.js for an update now and then, by itself.
        if not self.armed or self.path == "/sw.js":
            return super().send_head()
        cls = type(self)
        with cls.lock:
            cls.in_flight += 1
            cls.seen += 1
            cls.most = max(cls.most, cls.in_flight)
        try:
            time.sleep(0.03)
            return super().send_head()
        finally:
            with cls.lock:
                cls.in_flight -= 1


def ready_and_counted(context, url: str):
    """A card page on the page's own clock (stopped), its grader ready and its service
    worker in charge, the page's own requests done: from then on the host counts."""
    page = context.new_page()
    page.clock.install()
    page.goto(f"{url}quiz/late-cfo/")
    page.wait_for_selector(".con-card[data-engine=ready]", timeout=ENGINE_TIMEOUT)
    page.evaluate("() => navigator.serviceWorker.ready")
    page.wait_for_load_state("networkidle")
    CountingHost.armed = True
    return page


def test_the_offline_copy_waits_for_an_idle_learner_and_comes_one_file_at_a_time(
        browser, built_site):
    """On a class's one access point the copy must not compete with first cards: it
    starts once the learner has left the page alone for 10 s (on the page's clock), and
    the service worker fetches its files one after another, never several at once."""
    CountingHost.reset()
    context = browser.new_context()
    try:
        with serve(built_site, CountingHost) as url:
            page = ready_and_counted(context, url)
            page.clock.run_for(8_000)
            page.keyboard.press("Tab")  # the learner is busy: the 10 s start again
            page.clock.run_for(8_000)
            page.wait_for_timeout(1_000)
            assert CountingHost.seen == 0
            assert page.locator("html[data-offline-ready]").count() == 0
            page.clock.run_for(2_500)
            page.wait_for_selector("html[data-offline-ready]", timeout=120_000)
            assert CountingHost.seen > 10
            assert CountingHost.most == 1
    finally:
        CountingHost.reset()
        context.close()


def test_a_browser_saving_data_keeps_no_offline_copy_beyond_its_pages(browser, built_site):
    """A browser that asks sites to save data (Save-Data) gets no offline copy, however
    long the learner is idle; the pages it opens are still kept as they come."""
    context = browser.new_context()
    context.add_init_script("""Object.defineProperty(Navigator.prototype, 'connection',
        { get: () => ({ saveData: true, addEventListener() {} }) });""")
    CountingHost.reset()
    try:
        with serve(built_site, CountingHost) as url:
            page = ready_and_counted(context, url)
            page.clock.run_for(60_000)
            page.wait_for_timeout(2_000)
            assert CountingHost.seen == 0
            assert page.locator("html[data-offline-ready]").count() == 0
            assert f"{url}sources/" not in page.evaluate(SITE_CACHE_FILES)  # never opened
            CountingHost.armed = False
            # A page is kept as it is fetched (once the worker is in charge): it opens
            # offline.
            page.reload()
            context.set_offline(True)
            page.goto(f"{url}quiz/late-cfo/")
            assert page.locator(".con-card").count() == 1
    finally:
        CountingHost.reset()
        context.set_offline(False)
        context.close()



def test_with_the_storage_full_the_service_worker_still_serves_every_page(context, site_url):
    """Issue 42, W1: the origin's quota is full (forced with CDP), so the service
    worker cannot keep a copy; every page the host serves still reaches the learner."""
    page = context.new_page()
    page.goto(f"{site_url}")
    page.wait_for_function("() => navigator.serviceWorker.controller", timeout=30_000)
    page.evaluate("async () => { for (const k of await caches.keys()) await caches.delete(k); }")
    cdp = context.new_cdp_session(page)
    origin = site_url.rstrip("/")
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": 1})
    # A write the quota refuses: the condition the worker meets (the test means something).
    refused = page.evaluate("""() => caches.open('probe').then((c) => c.put('/probe',
        new Response('x'.repeat(100000)))).then(() => 'kept', (e) => e.name)""")
    assert refused == "QuotaExceededError"
    try:
        for path, heading in [("receiving/", "Red flags"), ("sending/", None), ("after/", None),
                              ("policies/", None), ("sources/", None)]:
            response = page.goto(f"{site_url}{path}")
            assert response is not None
            assert response.ok, path
            assert page.evaluate("() => Boolean(navigator.serviceWorker.controller)")
            assert page.locator("h1").first.is_visible(), path
            if heading:
                assert page.get_by_role("heading", name=heading).is_visible()
    finally:
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin})
