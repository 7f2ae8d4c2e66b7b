"""The course site: a full strict build, generated pages and tables, links, no
outside resources, sources named, and the plugin's options and errors."""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import io
import json
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser

import pytest
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from connect_or_not import contract, evaluate
from connect_or_not.catalog import english
from connect_or_not.cli import main as cli_main
from connect_or_not.mkdocs_plugin import ConnectOrNotPlugin
from connect_or_not.rules import IMPLIED, all_rules, steps_for
from connect_or_not.vocabulary import DECISIONS, FACTS, KINDS, POLICIES, SOURCES

from .conftest import ROOT, build_site
from .support.project import copy_project, runtime_folder, shipped_cards

CARDS = shipped_cards()


class _Collect(HTMLParser):
    """Collects tags with their attributes, and the ids on the page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"])


def parse(path):
    collector = _Collect()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_a_page_per_card(built_site):
    for card in CARDS:
        page = built_site / "quiz" / card.id / "index.html"
        html = page.read_text(encoding="utf-8")
        assert f'data-card="{card.id}"' in html
        assert f"<title>{card.title}" in html.replace("&#39;", "'")


def test_card_page_is_a_native_form(built_site):
    card = next(c for c in CARDS if c.id == "claire-pitch")
    page = parse(built_site / "quiz" / card.id / "index.html")
    radios = [a for t, a in page.tags if t == "input" and a.get("name") == "decision"]
    assert [r["value"] for r in radios] == [c.decision for c in card.shown_choices()]
    labels = [a["for"] for t, a in page.tags if t == "label"]
    assert all(r["id"] in labels for r in radios)
    assert any(t == "fieldset" for t, _ in page.tags)
    assert any(t == "legend" for t, _ in page.tags)
    assert "Check my answer" in (built_site / "quiz" / card.id / "index.html").read_text()


def test_index_groups_by_kind_and_tag(built_site):
    html = (built_site / "quiz" / "index.html").read_text(encoding="utf-8")
    for heading in ("Invitations you receive", "Invitations you send", "After you connect",
                    "By topic"):
        assert heading in html
    for card in CARDS:
        assert f'href="../quiz/{card.id}/"' in html or f'href="{card.id}/"' in html


def test_facts_table_comes_from_the_vocabulary(built_site):
    html = (built_site / "trainers" / "index.html").read_text(encoding="utf-8")
    for fact in FACTS:
        assert f"<code>{fact.name}</code>" in html
        assert fact.meaning.split("(")[0].strip()[:30].replace("'", "&#39;") in html


def test_every_rule_links_its_guide_section_and_cards(built_site):
    html = (built_site / "sources" / "index.html").read_text(encoding="utf-8")
    for rule in all_rules():
        row = re.search(rf"<code>{rule.id}</code>.*?</tr>", html, re.S)
        assert row, rule.id
        page, _, anchor = rule.guide.partition("#")
        assert f'href="../{page.removesuffix(".md")}/#{anchor}"' in row.group(0)
        assert 'href="../quiz/' in row.group(0), f"{rule.id} links no card"


def test_audit_page_lists_every_step_of_every_policy(built_site):
    """How each policy decides: per policy and kind, the rules in procedure order,
    each with its post, and borrowed steps marked with the gap they fill."""
    html = (built_site / "how-policies-decide" / "index.html").read_text(encoding="utf-8")
    html = html.replace("&#39;", "'")
    for policy in POLICIES:
        for kind in KINDS:
            start = html.index(f'id="{policy.id}-{kind}"')
            table = html[start:html.index("</table>", start)]
            rows = table.split("<tr>")[2:]
            steps = steps_for(kind, policy.id)
            assert len(rows) == len(steps), (policy.id, kind)
            for row, step in zip(rows, steps, strict=True):
                rule = step.rule
                assert f"<code>{rule.id}</code>" in row
                assert ("Borrowed:" in row) == step.borrowed
                if step.borrowed:
                    assert step.gap in row
                # The page states how the step combines, as the model applies it.
                assert ("Sets aside" in row) == bool(rule.over), rule.id
                for other in rule.over:
                    assert f"<code>{other}</code>" in row
                if rule.over:
                    assert rule.why in row
                held = bool(rule.presumes) and not step.borrowed
                assert ("A precondition" in row) == held, (policy.id, rule.id)
                for fact, value in rule.presumes if held else ():
                    shown = str(value).lower() if isinstance(value, bool) else value
                    assert f"<code>{fact}: {shown}</code>" in row
                assert ("Default" in row) == rule.last_word, rule.id
    every = {s.rule.id for p in POLICIES for k in KINDS for s in steps_for(k, p.id)}
    for implication in IMPLIED:
        assert implication.why in html
        assert f"<code>{implication.fact}</code>" in html
    text = " ".join(html.split())
    assert "A story's silence is the ordinary case." in text
    assert "The policy's own steps that hold have their say." in text
    assert "Only unknown leaves a fact open." in text
    # The borrowing rule as the model applies it, and a reader's comment said as such.
    assert "never makes a split" in text
    assert "a reader's comment on Cathy" in text
    assert every <= {r.id for r in all_rules()}
    assert "&amp;gt;" not in html


def test_guide_anchors_exist(built_site):
    for rule in all_rules():
        page, _, anchor = rule.guide.partition("#")
        assert anchor in parse(built_site / page.removesuffix(".md") / "index.html").ids


def test_guide_sections_link_to_cards(built_site):
    html = (built_site / "receiving" / "index.html").read_text(encoding="utf-8")
    assert 'href="../quiz/kohei-serendipity/"' in html
    assert 'href="../quiz/claire-pitch/"' in html


def test_card_feedback_links_reach_guide_sections(built_site):
    page = built_site / "quiz" / "kohei-serendipity" / "index.html"
    assert 'href="../../receiving/#serendipity"' in page.read_text(encoding="utf-8")


RESOURCE_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src",
                  "audio": "src", "video": "src", "embed": "src", "object": "data"}


def test_no_outside_resources(built_site):
    for page in built_site.rglob("*.html"):
        for tag, attrs in parse(page).tags:
            url = attrs.get(RESOURCE_ATTRS.get(tag, "")) or ""
            if tag == "link" and attrs.get("rel") not in ("canonical", "alternate"):
                url = attrs.get("href") or ""
            assert not re.match(r"^(https?:)?//", url), f"{page}: {tag} loads {url}"
    for sheet in built_site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), sheet
        assert "@import" not in text, sheet


def test_every_post_is_named_with_author_and_title(built_site):
    html = (built_site / "sources" / "index.html").read_text(encoding="utf-8")
    html = html.replace("&#39;", "'").replace("&quot;", '"')
    for source in SOURCES:
        assert source.author in html
        title = source.title.strip("()").removeprefix("untitled: ")
        assert title.split("…")[0] in html


def test_a_card_carries_its_own_data_and_the_page_the_vocabulary_once(built_site):
    """Per card: facts, answer key and debrief (contract.CardPayload); the labels,
    rule texts and messages come once per page (contract.PageConfig)."""
    html = (built_site / "quiz" / "sets" / "all" / "index.html").read_text(encoding="utf-8")
    payloads = re.findall(r'class="con-data">(.*?)</script>', html)
    assert len(payloads) == len(CARDS)
    for text in payloads:
        payload = json.loads(text)
        assert set(payload) == set(contract.CardPayload.__annotations__)
        assert set(payload["card"]) == {"id", "kind", "facts"}
    configs = re.findall(r'class="con-config">(.*?)</script>', html)
    assert len(configs) == 1
    assert set(json.loads(configs[0])) == set(contract.PageConfig.__annotations__)


def test_a_site_changes_the_words_with_a_messages_file(tmp_path):
    """messages: names a JSON file of message ids; templates and the engine use it."""
    project = copy_project(tmp_path / "project", messages="words.json")
    (project / "words.json").write_text(json.dumps(
        {"card.check": "Vérifier", "progress.imported": {"one": "{count} réponse importée",
                                                         "other": "{count} réponses importées"}}))
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    page = (site / "quiz" / "claire-pitch" / "index.html").read_text(encoding="utf-8")
    assert ">Vérifier</button>" in page
    engine = (site / "assets" / "connect-or-not" / "quiz.js").read_text(encoding="utf-8")
    assert '"{count} réponses importées"' in engine
    assert "Check my answer" not in engine


def test_an_unknown_message_id_fails_the_build(tmp_path, caplog):
    project = copy_project(tmp_path / "project", messages="words.json")
    (project / "words.json").write_text('{"card.chek": "x"}')
    with pytest.raises(Exception, match="BuildError"):
        build_site(tmp_path / "site", project / "mkdocs.yml")
    assert ("words.json:1:2: unknown message ids: card.chek (did you mean 'card.check'?)"
            in caplog.text)


def test_an_unknown_message_id_is_told_at_its_own_line(tmp_path, caplog):
    project = copy_project(tmp_path / "project", messages="words.json")
    (project / "words.json").write_text('{\n  "card.check": "Vérifier",\n  "card.chek": "x"\n}')
    with pytest.raises(Exception, match="BuildError"):
        build_site(tmp_path / "site", project / "mkdocs.yml")
    assert "words.json:3:3: unknown message ids: card.chek (did you mean 'card.check'?)" \
        in caplog.text


def test_a_language_without_its_words_is_a_warning_naming_them(tmp_path, caplog):
    """An Italian site (the course ships no Italian) whose messages are not all
    Italian says so: a screen reader would read English with an Italian voice. French
    ships whole: no messages file needed, not a word."""
    project = copy_project(tmp_path / "project", messages="it.json")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  language: en\n", "  language: it\n"), encoding="utf-8")
    (project / "it.json").write_text('{"card.check": "Verifica", "number.decimal": ","}',
                                     encoding="utf-8")
    with pytest.raises(Exception, match="in strict mode"):
        build_site(tmp_path / "strict", project / "mkdocs.yml")
    assert ("the messages file's number.decimal is no longer used: numbers are written as "
            "the site's language writes them (theme.language); delete it") in caplog.text
    missing = len(english()) - 1
    assert (f"theme.language is 'it', but {missing} messages have no words in it and show "
            "in English (") in caplog.text
    assert "connect-or-not messages --template it" in caplog.text
    # Every id given: not a word.
    caplog.clear()
    (project / "it.json").unlink()
    assert cli_main(["messages", "--template", "it", "--output", str(project / "it.json")]) == 0
    build_site(tmp_path / "site", project / "mkdocs.yml")
    assert "theme.language" not in caplog.text
    # French, with no messages file at all: the course's own French.
    caplog.clear()
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  language: it\n", "  language: fr\n").replace('messages: "it.json"', ""),
        encoding="utf-8")
    build_site(tmp_path / "fr", project / "mkdocs.yml")
    assert "theme.language" not in caplog.text
    page = (tmp_path / "fr" / "quiz" / "index.html").read_text(encoding="utf-8")
    assert "Cartes d'entraînement" in page


def test_card_text_is_sanitised_and_the_trainer_told(tmp_path, caplog):
    project = copy_project(tmp_path / "project")
    (project / "scenarios" / "evil.yaml").write_text(
        "title: <img src=x onerror=alert(1)>\nkind: incoming\nstory: |\n"
        "  <script>alert(1)</script> [link](javascript:alert(1))\n"
        "  <svg onload=alert(1)></svg> </script><script>alert(2)</script>\n")
    # A warning at the line that holds it, in plain words; under --strict, an error.
    with pytest.raises(Exception, match="Aborted with 4 warnings in strict mode"):
        build_site(tmp_path / "strict", project / "mkdocs.yml")
    for told in ("evil.yaml:4:3: story: scripts and styles never reach a card: delete this "
                 "line", "evil.yaml:4:3: story: a link to a javascript: address is taken out",
                 "evil.yaml:5:3: story: drawings (SVG, MathML, canvas) are not shown on cards"):
        assert told in caplog.text
    site = build_site(tmp_path / "site", project / "mkdocs.yml", strict=False)
    html = (site / "quiz" / "evil" / "index.html").read_text(encoding="utf-8")
    assert 'tabindex="-1">&lt;img src=x onerror=alert(1)&gt;</h1>' in html
    article = _Collect()
    article.feed(html[html.index('<article class="con-card"'):html.index("</article>")])
    for tag, attrs in article.tags:
        assert tag not in ("svg", "img", "iframe"), tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not (attrs.get("href") or "").startswith("javascript:"), attrs
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    data = html.split('class="con-data">')[1].split("</script>")[0]
    assert "<" not in data  # the JSON block cannot be closed from inside


def test_a_bad_card_fails_the_build_with_its_location(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "scenarios" / "broken.yaml").write_text(
        "title: T\nkind: incoming\nstory: S\nfacts:\n  photo: 'yes'\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=project, capture_output=True, text=True, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 1
    assert "scenarios/broken.yaml:5:10: fact 'photo' must be true or false" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_broken_guide_link_fails_strict(tmp_path):
    project = copy_project(tmp_path / "project")
    with (project / "docs" / "after.md").open("a") as page:
        page.write("\nSee [nowhere](receiving.md#no-such-section).\n")
    with pytest.raises(Exception, match="warnings"):
        build_site(tmp_path / "site", project / "mkdocs.yml")


def test_custom_dir_overrides_a_template(tmp_path):
    project = copy_project(tmp_path / "project")
    override = project / "overrides" / "connect-or-not"
    override.mkdir(parents=True)
    (override / "index.md").write_text("Our own index of {{ by_kind | length }} kinds.\n")
    config = (project / "mkdocs.yml").read_text().replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (project / "mkdocs.yml").write_text(config)
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    assert "Our own index of 3 kinds." in (site / "quiz" / "index.html").read_text()


def test_plugin_options():
    plugin = ConnectOrNotPlugin()
    errors, _ = plugin.load_config({"policy": "selective", "scenarios_dir": "cards"})
    assert errors == []
    assert plugin.config.policy == "selective"
    assert plugin.config.enabled is True
    # The policy and the sets are the package's to check, at their line of mkdocs.yml
    # (test_a_policy_mistake_fails_the_build_at_its_line): MkDocs takes any text.
    errors, _ = plugin.load_config({"policy": "lenient"})
    assert errors == []


def test_a_policy_mistake_fails_the_build_at_its_line(tmp_path, caplog):
    project = copy_project(tmp_path / "project", policy="Selective")
    with pytest.raises(Exception, match="BuildError"):
        build_site(tmp_path / "site", project / "mkdocs.yml")
    line = next(n for n, text in enumerate(
        (project / "mkdocs.yml").read_text().splitlines(), 1) if re.match(r"\s+policy:", text))
    assert (f"mkdocs.yml:{line}:15: unknown policy 'Selective'; expected one of balanced, "
            "selective, open; did you mean 'selective'?") in caplog.text


def test_an_unknown_plugin_option_fails_even_a_served_build_at_its_line(tmp_path, caplog):
    """MkDocs only warns of an unknown option (and `make serve` goes on with the
    default policy); the course refuses it where the trainer wrote it (issue 25)."""
    project = copy_project(tmp_path / "project", polcy="selective")
    with pytest.raises(Exception, match="BuildError"):
        build_site(tmp_path / "site", project / "mkdocs.yml", strict=False)
    line = next(n for n, text in enumerate(
        (project / "mkdocs.yml").read_text().splitlines(), 1) if re.match(r"\s+polcy:", text))
    assert f"mkdocs.yml:{line}:7: unknown option 'polcy' for connect-or-not; did you mean " \
        "'policy'?" in caplog.text


def test_the_domain_knows_every_option_the_plugin_takes():
    from connect_or_not.mkdocs_plugin.config import (  # noqa: PLC0415
        ConnectOrNotConfig,
        LrsConfig,
        ScormConfig,
    )
    from connect_or_not.records import LRS_OPTIONS  # noqa: PLC0415
    from connect_or_not.settings import OPTIONS, SCORM_OPTIONS  # noqa: PLC0415

    assert set(OPTIONS) == {name for name, _ in ConnectOrNotConfig._schema}
    assert set(SCORM_OPTIONS) == {name for name, _ in ScormConfig._schema}
    assert set(LRS_OPTIONS) == {name for name, _ in LrsConfig._schema}


@pytest.mark.parametrize(("marker", "error"), [
    ("<!-- con:sparkle -->", "unknown marker 'sparkle'; known: ask, card, cards"),
    ("<!-- con:quiz-set id=drill shuffle=yes -->", "shuffle must be true or false, not 'yes'"),
    ("<!-- con:card -->", "id= is missing"),
    ("<!-- con:card id=lat-cfo -->", "no card with id 'lat-cfo'; did you mean 'late-cfo'?"),
    ("<!-- con:rules source=nobody -->", "source=nobody: Expected one of"),
    ("<!-- con:cards colour=red -->", "unknown option 'colour'; known: rule, tag"),
    ("<!-- con:index colour=red -->",
     "unknown option 'colour'; known: none (this marker takes no options)"),
    ("<!-- con:card id=late-cfo level=7 -->", "level=7: Expected one of: 1, 2, 3, 4"),
    ("<!-- con:quiz-set id=drill kinds=incoming,outbound -->",
     "kinds=incoming,outbound: Expected one of: incoming, outgoing, connected"),
    ("<!-- con:quiz-set id=drill cards=late-cfo,late-cfo -->",
     "card 'late-cfo' is listed 2 times in cards"),
    ("<!-- con:quiz-set id=drill -->", "picks no cards: give it cards:, kinds: or tags:"),
    ("<!-- con:quiz-set set=fisrt-steps -->",
     "no quiz set 'fisrt-steps' in mkdocs.yml; did you mean 'first-steps'?"),
])
def test_a_bad_marker_fails_the_build_naming_page_and_marker(course_plugin, marker, error):
    """Marker arguments are checked against their options; errors name the page and
    line, and say what is wrong in the trainer's words."""
    line, problem = _page_fails(course_plugin, marker)
    assert f"after.md:{line}: marker {marker}: {error}" in problem


def _page_fails(course_plugin, text):
    """The plugin's error for after.md with ``text`` as a new last line: that line's
    number and the message (the page as the build hands it over, without a build; as
    under `mkdocs serve`, the problem is kept for the browser rather than raised)."""
    config, plugin = course_plugin
    markdown = (ROOT / "docs" / "after.md").read_text(encoding="utf-8") + f"\n{text}\n"
    file = File("after.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    plugin.problems.clear()
    plugin.on_page_markdown(markdown, page=Page(None, file, config), config=config,
                            files=Files([file]))
    assert len(plugin.problems) == 1, plugin.problems
    return len(markdown.splitlines()), plugin.problems[0]


@pytest.mark.parametrize(("written", "error"), [
    ("<!-- con:card id = late-cfo -->", "write key=value with no spaces around '='"),
    ('<!-- con:card id="late-cfo" -->', "write the values without quotes"),
    ("<!-- con:quiz-set id=drill tags=pitch, selling -->",
     "separate list items with commas and no spaces"),
    ("Try it: <!-- con:card id=late-cfo --> now.", "a marker must stand alone on its line"),
    ("<!-- con:card id=late-cfo", "it does not end with --> on the same line"),
])
def test_a_malformed_marker_is_an_error_not_a_comment(course_plugin, written, error):
    line, problem = _page_fails(course_plugin, written)
    assert f"after.md:{line}: marker " in problem
    assert error in problem


def test_disabled_plugin_builds_the_guide_without_cards(tmp_path):
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text().replace(
        "      scenarios_dir: scenarios\n",
        "      enabled: false\n      scenarios_dir: scenarios\n")
    (project / "mkdocs.yml").write_text(config.replace("  - Practice cards: quiz/index.md\n", ""))
    for page in (project / "docs").glob("*.md"):
        page.write_text(re.sub(r"\]\((\.\./)?quiz/[^)]*\)", "](index.md)", page.read_text()))
    site = build_site(tmp_path / "site", project / "mkdocs.yml", strict=False)
    assert not (site / "quiz").exists()


def test_a_missing_runtime_fails_the_build_clearly(tmp_path, caplog):
    project = copy_project(tmp_path / "project")
    (project / "node_modules").unlink()
    with pytest.raises(Exception, match=r"BuildError|PluginError"):
        build_site(tmp_path / "site", project / "mkdocs.yml")
    assert "the Pyodide runtime is missing" in caplog.text
    assert "run `npm ci`" in caplog.text


def test_the_runtime_is_vendored_with_our_lock(built_site):
    runtime = runtime_folder(built_site)
    # Named by the Pyodide version and a digest of the folder's content.
    assert re.fullmatch(r"pyodide-314\.0\.7-[0-9a-f]{12}", runtime.name)
    names = {p.name for p in runtime.iterdir()}
    studio = {"python_stdlib-full.zip", "studio-lock.json",
              "connect_or_not_studio-0.1.0-py3-none-any.whl"}
    assert names - studio - {n for n in names if n.startswith(("PyYAML-", "Markdown-"))} == {
        "pyodide.mjs", "pyodide.asm.mjs.gz", "pyodide.asm.wasm.gz", "python_stdlib-lean.zip.gz",
        "python_stdlib.zip.gz", "pyodide-lock.json", "connect_or_not-0.1.0-py3-none-any.whl",
        "grader.snapshot"}
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    assert list(lock["packages"]) == ["connect-or-not"]
    wheel = (runtime / "connect_or_not-0.1.0-py3-none-any.whl").read_bytes()
    assert lock["packages"]["connect-or-not"]["sha256"] == hashlib.sha256(wheel).hexdigest()
    # The card studio's own lock: its three wheels, each with its version and sha256,
    # PyYAML and Markdown as the build's environment has them installed.
    studio_lock = json.loads((runtime / "studio-lock.json").read_text())
    packages = studio_lock["packages"]
    assert set(packages) == {"connect-or-not-studio", "pyyaml", "markdown"}
    assert packages["pyyaml"]["version"] == importlib.metadata.version("PyYAML")
    assert packages["markdown"]["version"] == importlib.metadata.version("Markdown")
    for package in packages.values():
        data = (runtime / package["file_name"]).read_bytes()
        assert package["sha256"] == hashlib.sha256(data).hexdigest(), package["name"]
    assert studio_lock["info"] == lock["info"]
    # Compressed by the build: hosts rarely compress binary files themselves.
    pyodide = ROOT / "node_modules" / "pyodide"
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs"):
        shipped = gzip.decompress((runtime / f"{name}.gz").read_bytes())
        assert hashlib.sha256(shipped).digest() == hashlib.sha256(
            (pyodide / name).read_bytes()).digest(), name
    snapshot = (runtime / "grader.snapshot").read_bytes()
    assert snapshot[:2] == b"\x1f\x8b"
    assert len(snapshot) < len(gzip.decompress(snapshot)) / 4
    # The cut standard library keeps what the grader uses, a fraction of the whole.
    lean = zipfile.ZipFile(io.BytesIO(gzip.decompress(
        (runtime / "python_stdlib-lean.zip.gz").read_bytes()))).namelist()
    assert "json/__init__.py" in lean
    assert "connect_or_not/browser.py" in lean  # the grader comes with the library
    assert "tarfile.py" not in lean  # no package to install, no installer
    assert len(lean) < len(zipfile.ZipFile(pyodide / "python_stdlib.zip").namelist()) / 3
    html = (built_site / "quiz" / "claire-pitch" / "index.html").read_text()
    config = json.loads(re.search(r'class="con-config">(.*?)</script>', html).group(1))
    info = config["runtime"]
    assert info["url"] == f"../../assets/connect-or-not/{runtime.name}/"
    assert info["fast"] == {"stdlib": "python_stdlib.zip", "snapshot": "grader.snapshot",
                            "bytes": info["fast"]["bytes"]}
    lean_files = ("pyodide.asm.wasm.gz", "pyodide.asm.mjs.gz",
                  "python_stdlib-lean.zip.gz", "pyodide-lock.json")
    assert info["lean"]["bytes"] == sum((runtime / n).stat().st_size for n in lean_files)
    assert info["fastFrom"] > 0


def test_without_a_snapshot_the_runtime_folder_is_named_anew(built_site, site_without_snapshot):
    site = site_without_snapshot
    runtime = runtime_folder(site)
    assert not (runtime / "grader.snapshot").exists()
    assert runtime.name != runtime_folder(built_site).name
    assert not (runtime / "python_stdlib.zip.gz").exists()  # the fast way's, not built
    html = (site / "quiz" / "claire-pitch" / "index.html").read_text()
    config = json.loads(re.search(r'class="con-config">(.*?)</script>', html).group(1))
    assert config["runtime"]["fast"] is None
    assert f"/{runtime.name}/*\n  Cache-Control: public, max-age=31536000, immutable" in (
        (site / "_headers").read_text())


def test_a_failing_build_step_names_the_option_that_avoids_it(tmp_path, caplog):
    project = copy_project(tmp_path / "project")
    (project / "quiz" / "build" / "snapshot.mjs").write_text(
        'process.stderr.write("no memory left"); process.exit(3);\n')
    with pytest.raises(Exception, match=r"BuildError|PluginError"):
        build_site(tmp_path / "site", project / "mkdocs.yml")
    assert "snapshotting the started grader failed (no memory left)" in caplog.text
    assert "set `snapshot: false` to do without" in caplog.text


def test_quiz_set_pages_from_the_config(built_site):
    html = (built_site / "quiz" / "sets" / "first-steps" / "index.html").read_text()
    order = re.findall(r'<article class="con-card" id="con-card-([a-z-]+)"', html)
    assert order == ["claire-pitch", "late-cfo", "kohei-serendipity"]
    assert 'class="con-set-data"' in html
    assert 'class="con-progress"' in html


def test_a_quiz_set_marker_in_a_page(tmp_path):
    project = copy_project(tmp_path / "project")
    with (project / "docs" / "after.md").open("a") as page:
        page.write("\n<!-- con:quiz-set id=after-drill kinds=connected shuffle=true seed=3 -->\n")
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    html = (site / "after" / "index.html").read_text()
    ids = re.findall(r'<article class="con-card" id="con-card-([a-z-]+)"', html)
    connected = sorted(c.id for c in CARDS if c.kind == "connected")
    assert sorted(ids) == connected
    data = json.loads(html.split('class="con-set-data">')[1].split("</script>")[0])
    code = data.pop("code")  # the set's and the course version's (tests/test_classroom.py)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{8}", code)
    assert data == {"id": "after-drill", "cards": connected, "shuffle": True, "seed": 3,
                    "mastery": 0.8}  # the default mastery score, 80%


def test_markers_in_code_are_left_alone(built_site):
    html = (built_site / "trainers" / "index.html").read_text(encoding="utf-8")
    assert "&lt;!-- con:quiz-set id=pitch-drill tags=pitch,selling shuffle=true seed=3 --&gt;" in (
        html)
    assert "&lt;!-- con:cards rule=serendipity --&gt;" in html
    assert 'class="con-card"' not in html


def test_the_404_page_has_the_pages_policy_and_its_theme_scripts_may_run(built_site):
    """Issue 42, C1: a host answers a missing address with 404.html: it carries the
    policy in a meta, and its inline (theme) scripts are allowed by it and by _headers."""
    html = (built_site / "404.html").read_text(encoding="utf-8")
    match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert match
    from connect_or_not.steps.hosting import script_hashes  # noqa: PLC0415

    scripts = script_hashes(html)
    assert scripts  # Material's palette and its config: the test means something
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    policy = re.search(r"Content-Security-Policy: (.+)", headers).group(1)
    for script in scripts:
        assert script in match.group(1)
        assert script in policy


def test_trainers_guide_covers_security_and_hosting(built_site):
    page = parse(built_site / "trainers" / "index.html")
    for anchor in ("security-and-hosting", "what-is-sanitised", "the-content-security-policy",
                   "offline", "hosting-checklist", "known-limits", "quiz-sets-for-a-class"):
        assert anchor in page.ids, anchor
    headers = (built_site / "_headers").read_text()
    assert "Content-Security-Policy: default-src 'self'" in headers
    assert "frame-ancestors 'self'" in headers


def test_headers_let_browsers_keep_the_files_named_by_their_content(built_site):
    """A file whose name changes with its content is kept a year without asking the
    host again; a file whose name stays (quiz.js, a page, sw.js) is never so kept."""
    rules = dict(re.findall(r"^(/\S*)\n((?:  .*\n)+)", (built_site / "_headers").read_text(),
                            re.M))
    immutable = {path for path, lines in rules.items() if "immutable" in lines}
    page = (built_site / "quiz" / "sets" / "first-steps" / "index.html").read_text()
    theme = set(re.findall(r'(?:src|href)="\.\./\.\./\.\./(assets/(?:javascripts|stylesheets)/'
                           r'[^"]+\.min\.(?:js|css))"', page))
    assert len(theme) >= 3, theme  # the bundle, the main and palette stylesheets
    assert {f"/{rel}" for rel in theme} <= immutable
    search = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert f"/{search.relative_to(built_site).as_posix()}" in immutable
    runtime = f"/{runtime_folder(built_site).relative_to(built_site).as_posix()}/*"
    assert runtime in immutable
    for path in immutable - {runtime}:
        assert re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", path), path
        assert (built_site / path.lstrip("/")).is_file(), path
    assert "no-cache" in rules["/sw.js"]
    assert not any("connect-or-not/quiz" in path for path in immutable)


def test_the_offline_cache_skips_search_languages_the_site_does_not_use():
    from connect_or_not.steps.hosting import unused_search_language  # noqa: PLC0415

    lunr = "assets/javascripts/lunr/"
    assert unused_search_language(f"{lunr}min/lunr.de.min.js", ["en"])
    assert unused_search_language(f"{lunr}wordcut.js", ["en"])
    assert not unused_search_language(f"{lunr}min/lunr.de.min.js", ["en", "de"])
    assert unused_search_language(f"{lunr}min/lunr.fr.min.js", ["en", "de"])
    assert not unused_search_language(f"{lunr}min/lunr.stemmer.support.min.js", ["de"])
    assert unused_search_language(f"{lunr}tinyseg.js", ["de"])
    assert not unused_search_language("assets/javascripts/bundle.js", ["en"])


def test_the_search_index_gives_no_answer_away_and_skips_duplicates(built_site):
    """Every page's first visit downloads the index: it holds no card's answer, no set
    page (its cards have pages of their own) and no generated procedure table."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text())["docs"]
    text = " ".join(d["location"] + " " + d["text"] for d in docs)
    assert "quiz/claire-pitch/" in text
    assert not [d for d in docs if d["location"].startswith("quiz/sets/")]
    assert "Felicia read your profile" not in text  # Claire's debrief
    assert "Show the answer" not in text
    assert "any of: met_in_person is true" not in text


def test_card_and_set_pages_have_a_skip_link_to_their_title(built_site):
    for path, anchor in [("quiz/claire-pitch", "con-title-claire-pitch"),
                         ("quiz/sets/first-steps", "con-set-title-first-steps")]:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert f'<a href="#{anchor}" class="md-skip">' in html
        assert html.count("<h1") == 1
        assert f'<h1 id="{anchor}"' in html or f'id="{anchor}" tabindex="-1">' in html


def test_a_card_page_leads_to_the_next_card_and_its_sets(built_site):
    order = [c for kind in ("incoming", "outgoing", "connected") for c in CARDS
             if c.kind == kind]
    for here, following in zip(order, [*order[1:], None], strict=True):
        html = (built_site / "quiz" / here.id / "index.html").read_text(encoding="utf-8")
        nav = html[html.index('<nav class="con-next"'):html.index("</nav>", html.index(
            '<nav class="con-next"'))]
        if following is None:
            assert "Next card" not in nav
        else:
            assert f'href="../{following.id}/"' in nav
    html = (built_site / "quiz" / "claire-pitch" / "index.html").read_text(encoding="utf-8")
    assert 'href="../sets/first-steps/">Practise it in a set: First steps' in html


def test_the_static_answer_gives_every_choices_points(built_site):
    card = next(c for c in CARDS if c.id == "late-cfo")
    verdict = evaluate(card)
    html = (built_site / "quiz" / card.id / "index.html").read_text(encoding="utf-8")
    points = html[html.index('class="con-answer-points"'):]
    for choice in card.shown_choices():
        credit = verdict.credit[choice.decision]
        assert f"<li>{choice.label}: {credit:g} point" in points.replace("&#39;", "'")
    assert 'action="#con-answer-late-cfo"' in html
    assert 'id="con-answer-late-cfo"' in html


def test_the_index_opens_with_the_sets_and_explains_scoring(built_site):
    html = (built_site / "quiz" / "index.html").read_text(encoding="utf-8")
    assert html.index('id="quiz-sets"') < html.index('id="scoring"') < html.index(
        'id="invitations-you-receive"')
    assert 'data-con-cards="3" href="sets/first-steps/"' in html


def test_home_sends_five_minute_readers_to_the_first_steps_set(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="quiz/sets/first-steps/">first steps</a>' in html


HOSTILE_TITLES = [
    "Click](javascript:alert(1)) [x",
    'Hover){: onmouseover="alert(1)" } (x',
    "Mine {: #__config }",
    "![pixel](http://example.com/pixel.png)",
    "A <b>bold</b> | pipe & \"quotes\"",
]


@pytest.mark.parametrize("csp", [True, False])
def test_hostile_card_titles_stay_text_on_every_page(tmp_path, csp):
    """Titles reach Markdown (the index, the sources page, guide pages listing cards)
    escaped: no link, no attribute, no image, no id (issue 15, D1)."""
    project = copy_project(tmp_path / "project", csp=csp)
    for number, title in enumerate(HOSTILE_TITLES):
        (project / "scenarios" / f"hostile-{number}.yaml").write_text(
            f"title: {json.dumps(title)}\nkind: incoming\ntags: [pitch]\nstory: S\n"
            "facts:\n  pitch: unneeded\n", encoding="utf-8")
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
             for p in site.rglob("*.html")}
    listed = [name for name, html in pages.items() if "hostile-0/" in html]
    assert {"quiz/index.html", "sources/index.html"} <= set(listed), listed
    for name, html in pages.items():
        parsed = _Collect()
        parsed.feed(html)
        assert sum(1 for _, a in parsed.tags if a.get("id") == "__config") <= 1, name
        for tag, attrs in parsed.tags:
            assert not (attrs.get("href") or "").startswith("javascript:"), (name, attrs)
            assert not [a for a in attrs if a.startswith("on")], (name, tag, attrs)
            assert not (tag == "img" and "example.com" in (attrs.get("src") or "")), name
    index = pages["quiz/index.html"]
    assert ">Click](javascript:alert(1)) [x</a>" in index
    assert ">Mine {: #__config }</a>" in index
    assert "&lt;b&gt;bold&lt;/b&gt; | pipe &amp; &quot;quotes&quot;</a>" in index


def test_the_engine_version_follows_what_the_engine_is_built_from(tmp_path):
    """``?v=`` is a digest of the engine as built (bundles with their messages and
    options, worker, styles): the same sources built with ``minify: false`` serve
    other bytes, so under another version; a rebuild of the same keeps it."""
    from mkdocs.config import load_config  # noqa: PLC0415

    def version(name: str, **options: object) -> str:
        project = copy_project(tmp_path / name, **options)
        config = load_config(str(project / "mkdocs.yml"))
        plugin = config.plugins["connect-or-not"]
        plugin.on_startup(command="build", dirty=False)
        plugin.on_config(config)
        return str(plugin.course.engine_version)

    first = version("a")
    assert version("b") == first
    assert version("c", minify=False) != first


def test_each_script_carries_the_messages_its_code_names_and_no_others(course_plugin):
    """quiz.js brings every message the learner's engine names (and the failures' words
    it builds from parts); quiz-class.js the trainer's pages' own; the words only the
    build's templates use travel in neither."""
    from connect_or_not.steps.course import MESSAGE_ID  # noqa: PLC0415

    _, plugin = course_plugin
    carried: dict[str, set[str]] = {}
    for name, shape in (("quiz.js", r"catalog: (\{.*\}) \};"),
                        ("quiz-class.js", r"catalog, (\{.*\})\);")):
        banner, code = plugin.course.scripts[name].decode().split("\n", 1)
        carried[name] = set(json.loads(re.search(shape, banner).group(1)))
        named = set(MESSAGE_ID.findall(code)) & set(english())
        assert named <= carried[name] | carried.get("quiz.js", set()), name
    assert {"error.stall.problem", "error.stall.fix", "card.best"} <= carried["quiz.js"]
    assert "present.reveal" in carried["quiz-class.js"]
    assert "present.reveal" not in carried["quiz.js"]
    # Ids with digits too (issue 26: a second round).
    assert {"set.round2", "set.codeRound2", "set.positionRound2"} <= carried["quiz.js"]
    assert {"present.hands2", "present.round2Head"} <= carried["quiz-class.js"]
    for template_only in ("card.legend", "card.check", "set.next", "present.previous"):
        assert template_only not in carried["quiz.js"] | carried["quiz-class.js"]


INJECTED = "</title></h1><script>window.pwned = 1</script>"


def test_trainer_strings_outside_the_cards_stay_text(tmp_path, caplog):
    """A set's title, the site's name and description and the pages' titles and the
    tally's words from a messages file reach every page as text: none writes an element,
    and the policy hashes only the theme's own scripts (issue 24, R1)."""
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace('title: "First steps: Claire, the late CFO and Kohei"',
                            f"title: {json.dumps('First' + INJECTED)}")
    config = config.replace("site_name: Connect or Not",
                            f"site_name: {json.dumps('C' + INJECTED)}")
    description = 'site_description: "\\"><script>x</script>"'
    config = re.sub(r"^site_description: .*$", lambda _: description, config, count=1,
                    flags=re.M)
    (project / "words.json").write_text(json.dumps({
        "tally.title": "Tally" + INJECTED, "present.title": "view" + INJECTED,
        "index.title": "Cards" + INJECTED, "tally.intro": "Paste <script>window.pwned=2</script>",
    }), encoding="utf-8")
    config = config.replace("      scenarios_dir: scenarios\n",
                            "      scenarios_dir: scenarios\n      messages: words.json\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
             for p in site.rglob("*.html")}
    for name, html in pages.items():
        assert "<script>window.pwned" not in html, name
        assert "<script>x</script>" not in html, name
        parsed = _Collect()
        parsed.feed(html)
        assert [t for t, _ in parsed.tags].count("title") <= 1, name
    set_page = pages["quiz/sets/first-steps/index.html"]
    assert "<title>First&lt;/title&gt;&lt;/h1&gt;&lt;script&gt;" in set_page
    assert "Paste &lt;script&gt;window.pwned=2&lt;/script&gt;" in pages["quiz/tally/index.html"]
    assert 'content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;' in pages["index.html"]
    # Issue 42, B1: the logo's tooltip (which Material escapes itself) reads the name
    # as written, not escaped twice.
    parsed = _Collect()
    parsed.feed(pages["index.html"])
    logos = [a for tag, a in parsed.tags if tag == "a" and "md-logo" in (a.get("class") or "")]
    assert logos
    assert {a.get("title") for a in logos} == {"C" + INJECTED}
    assert {a.get("aria-label") for a in logos} == {"C" + INJECTED}


def test_the_policy_allows_only_the_themes_own_inline_scripts(tmp_path, caplog):
    """A script that reaches a page outside its content (here through the copyright
    line, which Material prints as HTML) is not hashed into the policy, and the build
    names the page (issue 24, R1)."""
    from connect_or_not.steps.hosting import script_hashes  # noqa: PLC0415

    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    script = "window.pwned = 1"
    (project / "mkdocs.yml").write_text(config.replace(
        "copyright: Course", f"copyright: <script>{script}</script> Course"), encoding="utf-8")
    site = build_site(tmp_path / "site", project / "mkdocs.yml", strict=False)
    html = (site / "receiving" / "index.html").read_text(encoding="utf-8")
    assert f"<script>{script}</script>" in html
    injected = script_hashes(f"<script>{script}</script>")[0]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert injected not in policy
    assert re.findall(r"'sha256-[^']+'", policy), "the theme's own scripts are still allowed"
    assert injected not in (site / "_headers").read_text(encoding="utf-8")
    assert "receiving.md: the page holds an inline script that the theme did not write" \
        in caplog.text


def test_the_guides_writing_a_card_steps_render_as_five_steps(built_site):
    """The trainer's first steps are a list of five on the page, not one item with the
    others run into its paragraph (issue 25)."""
    html = (built_site / "trainers" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="writing-a-card"'):]
    steps = section[section.index("<ol>"):section.index("</ol>")]
    names = re.findall(r"<li>\s*<p><strong>(.+?)</strong>", steps)
    assert names == ["Start from the template", "Write the story, then the facts",
                     "Ask the model", "Write <code>expect</code>", "Preview"], names


OWN_LABELS = {"accept": "Yes please", "accept_and_message": "Yes, and write back",
              "ask_first": "Ask them why", "decline": "Leave it"}


def test_a_cards_own_labels_word_its_answer_on_every_page(tmp_path):
    """Issue 25: the card page, the presenter and the printed key (its own page since
    issue 26, under the "print" name here) name the decisions
    as the card's choices word them, never the vocabulary's labels."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "cards: [claire-pitch,", "cards: [relabelled, claire-pitch,"), encoding="utf-8")
    choices = "".join(f"  - decision: {d}\n    label: {label}\n"
                      for d, label in OWN_LABELS.items())
    (project / "scenarios" / "relabelled.yaml").write_text(
        "title: Relabelled\nkind: incoming\nstory: S\nfacts:\n  note: none\n  photo: false\n"
        f"choices:\n{choices}", encoding="utf-8")
    site = build_site(tmp_path / "site", project / "mkdocs.yml")
    standard = [d.label for d in DECISIONS if d.kind == "incoming"]
    pages = {"card": site / "quiz" / "relabelled" / "index.html",
             "presenter": site / "quiz" / "sets" / "first-steps" / "present" / "index.html",
             "print": site / "quiz" / "sets" / "first-steps" / "key" / "index.html"}
    for name, path in pages.items():
        html = path.read_text(encoding="utf-8")
        start = html.index('id="con-answer-relabelled"' if name != "print"
                           else 'class="con-print-key"')
        start = html.index("<strong>Best:</strong>", start)
        answer = html[start:html.index("</p>", start)]
        assert any(label in answer for label in OWN_LABELS.values()), (name, answer)
        assert not any(label in answer for label in standard), (name, answer)
        data = json.loads(html.split('class="con-data">')[1].split("</script>")[0]) \
            if name != "print" else None
        if data:
            assert data["labels"] == OWN_LABELS
