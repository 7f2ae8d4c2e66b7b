"""The course built without MkDocs: plain Python-Markdown and a Jinja page shell,
between the course's two steps. The whole of what another generator has to do.

    python examples/plain-markdown/build.py [mkdocs.yml] [build/plain]

writes the pages into build/plain/docs (the course's docs, and the pages step's), and
the site into build/plain/site.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import markdown
import yaml

from connect_or_not.steps.links import output_path, page_url, relative_url
from connect_or_not.steps.options import read_settings
from connect_or_not.steps.pages import RECORD, read_record

HERE = Path(__file__).parent


def step(*args: str) -> None:
    """``connect-or-not ARGS``, as a trainer types it; its error ends the build."""
    done = subprocess.run([sys.executable, "-m", "connect_or_not.cli", *args], check=False)
    if done.returncode:
        sys.exit(done.returncode)


def front_matter(text: str) -> tuple[dict[str, object], str]:
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        return yaml.safe_load(head) or {}, body
    return {}, text


def extensions(settings: dict[str, object]) -> tuple[list[str], dict[str, dict[str, object]]]:
    """The site's Markdown extensions as mkdocs.yml lists them."""
    names, configs = [], {}
    for item in settings.get("markdown_extensions") or []:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = config or {}
    return names, configs


def build(config_file: Path, out: Path) -> None:
    settings = read_settings(config_file)
    docs, site = out / "docs", out / "site"
    # The trainer's pages, then the course's: the pages step writes beside them.
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(config_file.parent / str(settings.get("docs_dir") or "docs"), docs)
    step("pages", str(docs), "--config", str(config_file))
    record = read_record(docs) or {}
    names, configs = extensions(settings)
    configs["connect_or_not.markdown"] = {"config_file": str(config_file),
                                          "docs_dir": str(docs.resolve())}
    nav = [{"title": title, "url": page_url(path)} for entry in settings.get("nav") or []
           for title, path in entry.items()]
    shell = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True).get_template("page.html")
    for source in sorted(docs.rglob("*")):
        rel = source.relative_to(docs).as_posix()
        if source.is_dir() or rel.startswith(".") or rel == RECORD:
            continue
        url = page_url(rel)
        target = site / output_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not rel.endswith(".md"):
            shutil.copyfile(source, target)
            continue
        meta, text = front_matter(source.read_text(encoding="utf-8"))
        md = markdown.Markdown(extensions=[*names, "connect_or_not.markdown"],
                               extension_configs=configs)
        content = md.convert(text)
        tokens = getattr(md, "toc_tokens", [])
        title = meta.get("title") or (tokens[0]["name"] if tokens else settings["site_name"])
        root = relative_url("", url)
        target.write_text(shell.render(
            lang=(settings.get("theme") or {}).get("language", "en"), title=title,
            site_name=settings["site_name"], root="" if root == "." else f"{root}/",
            stylesheets=record.get("stylesheets", []), scripts=record.get("scripts", []),
            nav=nav, content=content), encoding="utf-8")
    shutil.copyfile(HERE / "plain.css", site / "plain.css")
    step("finish", str(site), "--docs", str(docs), "--config", str(config_file))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    build(Path(arguments[0] if arguments else "mkdocs.yml"),
          Path(arguments[1] if len(arguments) > 1 else "build/plain"))
