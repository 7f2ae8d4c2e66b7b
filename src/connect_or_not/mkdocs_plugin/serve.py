"""``make serve``: ``mkdocs serve`` on HOST, with one plain sentence for a busy port,
and a page naming the problem whenever ``mkdocs.yml`` cannot be read.

    python -m connect_or_not.mkdocs_plugin.serve 127.0.0.1:8000

MkDocs stops at a ``mkdocs.yml`` it cannot read (at start: a traceback; on a rebuild:
"the server will appear stuck"). Here the preview answers every page with the problem,
at its line and in the words a card's mistakes get, and comes back once it is fixed:
MkDocs' ``serve`` is given a stand-in for the configuration (``Unreadable``) that its
build turns into that page.
"""

from __future__ import annotations

import errno
import logging
import socket
import sys
from pathlib import Path
from typing import Any


def port_is_busy(address: str, port: int) -> bool:
    """Whether binding ``address:port`` fails because something already listens there.

    The probe sets SO_REUSEADDR as MkDocs' server does, so a port left in TIME_WAIT by
    an earlier run counts as free, as it would for the server itself.
    """
    try:
        family = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        return False  # MkDocs reports a host it cannot resolve in its own words
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False


class _Errors(logging.Handler):
    """The errors MkDocs logs while it reads its configuration."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _NoPlugins:
    """The plugin events MkDocs' serve calls, for a configuration that has none yet."""

    def on_startup(self, **kwargs: Any) -> None:
        return None

    def on_serve(self, server: Any, **kwargs: Any) -> Any:
        return server

    def on_shutdown(self) -> None:
        return None


class Unreadable:
    """Stands in for the configuration while ``mkdocs.yml`` cannot be read: what MkDocs'
    serve asks of one, and the problems to show."""

    def __init__(self, config_file: str, site_dir: str, dev_addr: str,
                 problems: list[str]) -> None:
        self.config_file_path = str(Path(config_file).resolve())
        self.site_dir = site_dir
        self.problems = problems
        host, _, port = dev_addr.rpartition(":")
        self.dev_addr = (host.strip("[]"), int(port))
        self.site_url: str | None = None
        root = Path(self.config_file_path).parent
        self.docs_dir = str(root / "docs" if (root / "docs").is_dir() else root)
        # The card and engine folders too, as the plugin would watch them.
        self.watch = [str(root / name) for name in ("scenarios", "quiz") if (root / name).is_dir()]
        self.plugins = _NoPlugins()

    def show_problems(self) -> None:
        """Every page of the preview (and any missing one) becomes the problems page."""
        import jinja2  # noqa: PLC0415

        from ..catalog import Catalog  # noqa: PLC0415
        from ..steps.course import TEMPLATES  # noqa: PLC0415

        env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
        page = env.get_template("connect-or-not/problems.html").render(
            t=Catalog(), problems=self.problems)
        site = Path(self.site_dir)
        site.mkdir(parents=True, exist_ok=True)
        for path in [*site.rglob("*.html"), site / "index.html", site / "404.html"]:
            path.write_text(page, encoding="utf-8")


def _problems(config_file: str, error: Exception, logged: list[str]) -> list[str]:
    """What is wrong with ``config_file``, in the words a card's mistakes get where the
    package can tell (YAML slips, the plugin's options), else in MkDocs' own."""
    from ..settings import read_course_settings  # noqa: PLC0415

    settings = read_course_settings(Path(config_file))
    if settings and settings.problems:
        return [str(problem) for problem in settings.problems]
    said = [m for m in logged if not m.startswith("Aborted")] or [str(error)]
    return [f"{config_file}: {message}" for message in said]


def allow_unreadable_config() -> None:
    """MkDocs' serve, given an ``Unreadable`` where ``mkdocs.yml`` fails, and a build that
    shows it."""
    from mkdocs.commands import serve as mkdocs_serve  # noqa: PLC0415

    serve: Any = mkdocs_serve  # its load_config and build are imports of its own
    load, build = serve.load_config, serve.build

    def load_config(config_file: str | None = None, **kwargs: Any) -> Any:
        errors = _Errors()
        logging.getLogger("mkdocs").addHandler(errors)
        try:
            return load(config_file=config_file, **kwargs)
        except Exception as error:  # whatever stops MkDocs is shown, not raised
            name = config_file or "mkdocs.yml"
            problems = _problems(name, error, errors.messages)
            for problem in problems:
                logging.getLogger("mkdocs").error(problem)
            return Unreadable(name, kwargs["site_dir"], str(kwargs.get("dev_addr") or
                              "127.0.0.1:8000"), problems)
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)

    def build_or_show(config: Any, **kwargs: Any) -> None:
        if isinstance(config, Unreadable):
            config.show_problems()
        else:
            build(config, **kwargs)

    serve.load_config = load_config
    serve.build = build_or_show


def main(host: str) -> int:
    address, _, port = host.rpartition(":")
    address = address.strip("[]")
    if not address or not port.isdigit():
        print(f"HOST={host} is not an address and a port; try HOST=127.0.0.1:8000",
              file=sys.stderr)
        return 1
    if port_is_busy(address, int(port)):
        print(f"Port {port} on {address} is already in use (another `make serve`?); pick "
              f"another port with: make serve HOST={address}:{int(port) + 1}", file=sys.stderr)
        return 1
    from mkdocs.__main__ import cli  # noqa: PLC0415 - only once the port is known free

    allow_unreadable_config()
    sys.argv = ["mkdocs", "serve", "--dev-addr", host]
    cli()  # runs until stopped, then exits
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"))
