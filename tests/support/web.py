"""Serving a built site on loopback and launching Debian's Chromium: shared by the
browser tests and the benchmarks."""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


# What static hosts commonly compress; the big runtime zip is compressed already.
TEXT = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt")
COMPRESSIBLE = (*TEXT, ".wasm")


@functools.cache
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


class Handler(SimpleHTTPRequestHandler):
    """Static files as a typical host serves them: the types a real host must send
    (.wasm, .mjs), gzip for text and WebAssembly when asked for, quietly."""

    compressible: ClassVar[tuple[str, ...]] = COMPRESSIBLE
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript",
                      ".js": "text/javascript", ".json": "application/json"}

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.endswith(self.compressible) and os.path.isfile(path)):
            return super().send_head()
        data = _gzipped(path, os.path.getmtime(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)

    def end_headers(self):
        # The runtime lives under a versioned path, so it may be cached for good, as
        # the trainer's guide tells hosts to do.
        if "/pyodide-" in self.path:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        super().end_headers()

    def log_message(self, format, *args):
        pass

    def handle(self):
        # A browser that navigates away drops its connections; that is not an error.
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            super().handle()


@contextlib.contextmanager
def serve(directory: Path, handler: type[SimpleHTTPRequestHandler] = Handler, *,
          backlog: int | None = None) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yields the base URL. ``backlog``:
    connections waiting to be accepted (a whole class opens a hundred at once)."""
    server_class = ThreadingHTTPServer
    if backlog is not None:
        server_class = type("Server", (ThreadingHTTPServer,), {"request_queue_size": backlog})
    server = server_class(("127.0.0.1", 0), functools.partial(handler,
                                                               directory=str(directory)))
    server.daemon_threads = True  # a host that stalls on purpose never holds the test up
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class TextGzipHandler(Handler):
    """A host that gzips text but sends binary files (.wasm included) as they are."""

    compressible = TEXT


class PlainHandler(Handler):
    """A host that compresses nothing."""

    compressible = ()


def throttled_page(context, link: tuple[float, float, float]):
    """A new page of ``context`` on an emulated link, before it loads anything:
    ``link`` is (download Mbit/s, upload Mbit/s, latency ms), as Chromium's DevTools
    emulate it (the page's workers included)."""
    down, up, latency = link
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency,
        "downloadThroughput": down * 1e6 / 8, "uploadThroughput": up * 1e6 / 8})
    return page


def missing_file_host(suffix: str) -> type[Handler]:
    """A misconfigured host on which files ending in ``suffix`` were never uploaded."""

    class MissingFile(Handler):
        def send_head(self):
            if self.path.split("?")[0].endswith(suffix):
                self.send_error(404)
                return None
            return super().send_head()

    return MissingFile
