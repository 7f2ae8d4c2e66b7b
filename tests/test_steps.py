"""The build's three steps without MkDocs (issue 31): the Python-Markdown extension,
the pages step and the finishing step, as functions and as commands."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys

import markdown
import pytest

from connect_or_not import cli
from connect_or_not.steps.errors import BuildError
from connect_or_not.steps.finish import Hosting, finish
from connect_or_not.steps.links import Links, output_path, page_url, relative_url, resolve
from connect_or_not.steps.options import Options, read_site
from connect_or_not.steps.pages import RECORD

from .conftest import CARDS_DIR, ROOT
from .support.project import copy_project, course_config


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder (its mkdocs.yml, cards and docs), the current folder."""
    (tmp_path / "mkdocs.yml").write_text(course_config("balanced"), encoding="utf-8")
    shutil.copytree(CARDS_DIR, tmp_path / "scenarios")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- the Markdown extension --------------------------------------------------------


def test_markdown_renders_a_card_from_its_marker(course, caplog):
    """The whole of what a Python-Markdown generator does; without the pages step's
    record, the card is graded by its answer key (and the build says so)."""
    text = "# Practice\n\n<!-- con:card id=claire-pitch -->\n\nAfter the card.\n"
    with caplog.at_level(logging.WARNING):
        html = markdown.markdown(text, extensions=["connect_or_not.markdown"])
    assert "<h1>Practice</h1>" in html
    assert 'class="con-card' in html
    assert 'id="con-title-claire-pitch"' in html
    for value in ("accept", "accept_and_message", "ask_first", "decline"):
        assert f'value="{value}"' in html
    config = json.loads(html.split('class="con-config">', 1)[1].split("</script>", 1)[0])
    assert config["policy"] == "balanced"
    assert "runtime" not in config  # no pages step: graded by the key alone
    assert "<p>After the card.</p>" in html
    assert "no record of the pages step" in caplog.text


def test_the_extension_is_registered_for_markdown():
    from importlib.metadata import entry_points  # noqa: PLC0415

    found = {ep.name: ep.value for ep in entry_points(group="markdown.extensions")}
    assert found["connect_or_not.markdown"] == "connect_or_not.markdown:ConnectOrNotExtension"


def test_a_marker_in_a_code_block_stays_an_example(course):
    html = markdown.markdown("```\n<!-- con:card id=claire-pitch -->\n```\n",
                             extensions=["fenced_code", "connect_or_not.markdown"])
    assert "con-card" not in html
    assert "&lt;!-- con:card id=claire-pitch --&gt;" in html


@pytest.mark.parametrize(("marker", "error"), [
    ("<!-- con:card id=lat-cfo -->", "no card with id 'lat-cfo'; did you mean 'late-cfo'?"),
    ("<!-- con:card -->", "id= is missing"),
    ("<!-- con:quiz-set id=drill shuffle=yes -->", "shuffle must be true or false, not 'yes'"),
    ("<!-- con:card id=late-cfo level=7 -->", "level=7: Expected one of: 1, 2, 3, 4"),
    ("<!-- con:card id = late-cfo -->", "write key=value with no spaces around '='"),
])
def test_an_error_names_the_page_and_line_as_the_plugin_does(course, marker, error):
    """Without being told the page (Zensical does not tell), the error still names it:
    the extension finds the docs file the text comes from, front matter and all."""
    page = course / "docs" / "after.md"
    page.write_text("---\ntitle: After\n---\n" + page.read_text(encoding="utf-8")
                    + f"\n{marker}\n", encoding="utf-8")
    line = len(page.read_text(encoding="utf-8").splitlines())
    body = page.read_text(encoding="utf-8").split("---\n", 2)[2]  # as a generator gives it
    with pytest.raises(BuildError) as raised:
        markdown.markdown(body, extensions=["connect_or_not.markdown"])
    assert f"after.md:{line}: marker " in str(raised.value)
    assert error in str(raised.value)


def test_told_the_page_links_are_exact(course):
    html = markdown.markdown(
        "<!-- con:card id=claire-pitch -->\n", extensions=["connect_or_not.markdown"],
        extension_configs={"connect_or_not.markdown": {"page": "practice/mine.md"}})
    assert 'href="../../receiving/#' in html
    assert "con-site:" not in html


# -- links -------------------------------------------------------------------------


def test_links_as_mkdocs_writes_them():
    assert page_url("quiz/late-cfo.md") == "quiz/late-cfo/"
    assert page_url("quiz/late-cfo.md", directory_urls=False) == "quiz/late-cfo.html"
    assert page_url("quiz/index.md") == "quiz/"
    assert page_url("index.md") == ""
    assert relative_url("quiz/", "quiz/late-cfo/") == "../"
    assert relative_url("receiving/", "quiz/sets/first-steps/present/") == "../../../../receiving/"
    assert relative_url("assets/x.js", "index.html") == "assets/x.js"
    links = Links("quiz/late-cfo.md", page_url)
    assert links("receiving.md#pitches") == "../receiving.md#pitches"
    assert links.url("receiving.md#pitches") == "../../receiving/#pitches"
    with pytest.raises(BuildError, match=r"no page nowhere\.md to link to"):
        Links("a.md", lambda path: None if path == "nowhere.md" else page_url(path)).url(
            "nowhere.md")


def test_placeholders_resolve_in_attributes_markdown_and_json():
    html = ('<a href="con-site:receiving.md#pitches">x</a>'
            '<script type="application/json">{"url":"con-site:assets/a/b/","g":'
            '"con-site:quiz/index.md"}</script><img src="con-site:assets/i.png?v=1">')
    done = resolve(html, "quiz/late-cfo/", page_url)
    assert 'href="../../receiving/#pitches"' in done
    assert '"url":"../../assets/a/b/"' in done
    assert '"g":"../"' in done
    assert 'src="../../assets/i.png?v=1"' in done


# -- the pages step ----------------------------------------------------------------


def test_pages_writes_only_what_changed_and_removes_only_its_own(tmp_path):
    project = copy_project(tmp_path / "project")
    docs = project / "docs"
    run = [sys.executable, "-m", "connect_or_not.cli", "pages", "docs"]
    first = subprocess.run(run, cwd=project, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    record = json.loads((docs / RECORD).read_text(encoding="utf-8"))
    assert "quiz/claire-pitch.md" in record["written"]
    assert (docs / "quiz/claire-pitch.md").read_text(encoding="utf-8").rstrip().endswith(
        "<!-- con:card id=claire-pitch level=1 -->")
    assert (docs / record["runtime"]["path"] / "pyodide.asm.wasm.gz").is_file()
    assert (docs / "assets/connect-or-not/quiz.js").is_file()
    mine = docs / "receiving.md"
    before = mine.read_bytes()
    again = subprocess.run(run, cwd=project, capture_output=True, text=True, check=False)
    assert again.returncode == 0
    assert " 0 files written," in again.stdout
    # A card retired: its page goes; the trainer's pages and files stay.
    (project / "scenarios" / "claire-pitch.yaml").unlink()
    (project / "mkdocs.yml").write_text(
        course_config("balanced").replace("cards: [claire-pitch, ", "cards: ["), encoding="utf-8")
    (docs / "notes.txt").write_text("mine", encoding="utf-8")
    third = subprocess.run(run, cwd=project, capture_output=True, text=True, check=False)
    assert third.returncode == 0, third.stderr
    assert not (docs / "quiz/claire-pitch.md").exists()
    assert (docs / "quiz/late-cfo.md").is_file()
    assert " 1 removed" in third.stdout
    assert mine.read_bytes() == before
    assert (docs / "notes.txt").read_text(encoding="utf-8") == "mine"
    # MkDocs, on the folder the step wrote, would have every page twice: it says so.
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                            str(tmp_path / "site")], cwd=project, capture_output=True,
                           text=True, timeout=300, check=False)
    assert built.returncode == 1
    assert "docs holds the pages that `connect-or-not pages` wrote" in built.stderr
    assert "Traceback" not in built.stderr


def test_pages_never_writes_over_a_trainers_page(tmp_path, run_cli):
    project = copy_project(tmp_path / "project")
    own = project / "docs" / "quiz" / "index.md"
    own.parent.mkdir()
    own.write_text("# My own practice page\n", encoding="utf-8")
    code, _, err = run_cli("pages", "docs", cwd=project)
    assert code == 1
    assert "docs already has quiz/index.md, which the pages step did not write" in err
    assert own.read_text(encoding="utf-8") == "# My own practice page\n"
    assert not (project / "docs" / RECORD).exists()


def test_a_trainers_mistake_stops_the_pages_step_and_writes_nothing(course, run_cli):
    card = course / "scenarios" / "late-cfo.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("kind: outgoing", "kind: outgoin"),
                    encoding="utf-8")
    before = sorted(p.relative_to(course).as_posix() for p in (course / "docs").rglob("*"))
    code, _, err = run_cli("pages", "docs", cwd=course)
    assert code == 1
    assert "late-cfo.yaml:" in err
    assert "Traceback" not in err
    assert sorted(p.relative_to(course).as_posix() for p in (course / "docs").rglob("*")) \
        == before
    assert logging.getLogger("mkdocs.plugins.connect_or_not").propagate  # as it was


def test_a_settings_file_that_cannot_be_read_is_told_at_its_line(course, run_cli):
    (course / "mkdocs.yml").write_text("site_name: x\nnav: [a\n", encoding="utf-8")
    code, _, err = run_cli("pages", "docs", cwd=course)
    assert code == 1
    assert err.startswith("mkdocs.yml:")
    assert "Traceback" not in err
    code, _, err = run_cli("pages", "docs", "--config", "nowhere.yml", cwd=course)
    assert code == 1
    assert "nowhere.yml: no such file" in err


def test_the_options_and_their_defaults_match_the_plugins():
    from connect_or_not.mkdocs_plugin.config import ConnectOrNotConfig  # noqa: PLC0415

    config = ConnectOrNotConfig()
    config.load_dict({})
    config.validate()
    defaults = Options()
    for name in Options.__dataclass_fields__:
        if name in ("lrs", "scorm_sets", "mastery_score"):
            continue
        assert getattr(defaults, name) == config[name], name
    assert defaults.mastery_score == config["scorm"]["mastery_score"]
    options, site = read_site(ROOT / "mkdocs.yml")
    assert site.docs_dir == "docs"
    assert site.lang == "en"
    assert options.scenarios_dir == "scenarios"


# -- the finishing step ------------------------------------------------------------


SHELL = ('<!doctype html><html><head><title>t</title></head><body>{body}'
         '<script>__md_scope=new URL("{root}",location)</script>'
         '<script src="{root}/assets/connect-or-not/quiz.js"></script></body></html>')


def _site(tmp_path, record_pages, body_of=lambda rel: ""):
    """A site as a generator left it: each page in a shell whose one inline script
    names the site's root from the page, as Material's and Zensical's do."""
    site = tmp_path / "site"
    for rel in record_pages:
        target = site / output_path(page_url(rel))
        target.parent.mkdir(parents=True, exist_ok=True)
        depth = target.relative_to(site).as_posix().count("/")
        target.write_text(SHELL.format(body=body_of(rel), root="/".join([".."] * depth) or "."),
                          encoding="utf-8")
    (site / "assets/connect-or-not/rt").mkdir(parents=True)
    (site / "assets/connect-or-not/quiz.js").write_text("", encoding="utf-8")
    sw = tmp_path / "sw.js"
    sw.write_text('const a = "__SITE_FILES__", b = "__RUNTIME_FILES__", c = "__VERSIONS__";',
                  encoding="utf-8")
    record = {"pages": record_pages, "assets": ["assets/connect-or-not/quiz.js"],
              "engine": "?v=abc", "connect": "",
              "versioned": {"assets/connect-or-not/quiz.js": "?v=abc"},
              "runtime": {"path": "assets/connect-or-not/rt", "digest": "d"}}
    return site, record, Hosting(sw_template=sw, languages=("en",))


def test_finish_resolves_links_adds_the_policy_once_and_blocks_a_stray_script(tmp_path):
    pages = ["index.md", "receiving.md", "quiz/late-cfo.md", "quiz/claire-pitch.md"]

    def body(rel):
        text = '<a href="con-site:receiving.md#pitches">guide</a>'
        if rel == "quiz/late-cfo.md":  # a script that reached one page only
            text += "<script>alert(1)</script>"
        return text

    site, record, options = _site(tmp_path, pages, body)
    assert finish(site, record, options) == [
        "quiz/late-cfo/index.html: the page holds an inline script that the page shell did "
        "not write; the Content-Security-Policy blocks it"]
    card = (site / "quiz/late-cfo/index.html").read_text(encoding="utf-8")
    assert 'href="../../receiving/#pitches"' in card
    # The engine's script as the service worker lists it, with its version.
    assert 'src="../../assets/connect-or-not/quiz.js?v=abc"' in card
    policy = card.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"')[0]
    shell = "'sha256-"
    assert policy.count(shell) == 1  # the shell's script (its root path set aside), not alert
    assert card.index("Content-Security-Policy") < card.index("<title>")
    finish(site, record, options)  # a second run changes nothing
    assert (site / "quiz/late-cfo/index.html").read_text(encoding="utf-8") == card
    assert (site / "sw.js").is_file()
    assert "blob:" in (site / "_headers").read_text(encoding="utf-8")


def test_finish_names_what_the_generator_left_out(tmp_path, run_cli):
    site, record, options = _site(tmp_path, ["index.md", "quiz/late-cfo.md"])
    record["pages"].append("quiz/claire-pitch.md")
    with pytest.raises(BuildError) as raised:
        finish(site, record, options)
    assert "lacks 1 of the course's files: quiz/claire-pitch.md (no " \
        "quiz/claire-pitch/index.html)" in str(raised.value)
    assert not (site / "sw.js").exists()


def test_finish_without_the_pages_step_says_what_to_run(course, run_cli):
    (course / "site").mkdir()
    code, _, err = run_cli("finish", "site", cwd=course)
    assert code == 1
    assert "has no record of the pages step; run `connect-or-not pages docs`" in err


def test_the_steps_say_how_to_install_what_they_need(monkeypatch, capsys):
    import connect_or_not.steps  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "connect_or_not.steps.commands", None)
    monkeypatch.delattr(connect_or_not.steps, "commands", raising=False)
    assert cli.main(["pages", "docs"]) == 1
    assert "pip install 'connect-or-not[steps]'" in capsys.readouterr().err


def test_the_settings_file_is_read_as_the_trainer_wrote_it(course):
    config = course / "mkdocs.yml"
    config.write_text(course_config("selective", offline_limit=1.5), encoding="utf-8")
    options, _ = read_site(config)
    assert options.offline_limit == 1.5
    assert options.policy == "selective"
    config.write_text(course_config("balanced", precompile="yes please"), encoding="utf-8")
    with pytest.raises(BuildError, match="precompile must be true or false, not 'yes please'"):
        read_site(config)


def test_the_extension_reads_a_changed_card_again(course):
    render = lambda: markdown.markdown("<!-- con:card id=late-cfo -->\n",  # noqa: E731
                                       extensions=["connect_or_not.markdown"])
    assert "A fresh title for the CFO" not in render()
    card = course / "scenarios" / "late-cfo.yaml"
    text = card.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    card.write_text(text.replace(title, "title: A fresh title for the CFO"), encoding="utf-8")
    assert "A fresh title for the CFO" in render()
