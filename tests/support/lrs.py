"""Ralph, a real LRS, on 127.0.0.1 for the learning-records tests: started from its
own environment (``make`` installs it in .venv-ralph from requirements/ralph.txt),
stopped and started again on the same port and data when a test needs it down."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from .project import ROOT

SERVER = Path(__file__).with_name("ralph_server.py")
# The accounts the tests use: the learners' pages may only write (the key the site
# carries); the trainer's key reads the class's statements (the live tally).
LEARNER = ("learner", "learner-secret")
TRAINER = ("trainer", "trainer-secret")
ACCOUNTS = [{"username": LEARNER[0], "password": LEARNER[1], "scopes": ["statements/write"]},
            {"username": TRAINER[0], "password": TRAINER[1], "scopes": ["all"]}]


def ralph_python() -> Path | None:
    given = os.environ.get("CONNECT_OR_NOT_RALPH") or str(ROOT / ".venv-ralph" / "bin" / "python")
    return Path(given) if Path(given).exists() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def basic(account: tuple[str, str]) -> str:
    return "Basic " + base64.b64encode(f"{account[0]}:{account[1]}".encode()).decode()


class Ralph:
    """One Ralph server: ``endpoint`` is its xAPI address."""

    def __init__(self, data: Path, origin: str, port: int | None = None):
        python = ralph_python()
        if python is None:
            raise RuntimeError("Ralph is not installed: make .venv-ralph/.installed")
        self.python = python
        self.data = data
        self.origin = origin
        self.port = port or free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI/"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data / "ralph.log"

    def start(self) -> Ralph:
        self.data.mkdir(parents=True, exist_ok=True)
        log = self.log.open("ab")
        self.process = subprocess.Popen(
            [str(self.python), str(SERVER), str(self.port), str(self.data), self.origin,
             json.dumps(ACCOUNTS)], stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "HOME": str(self.data)})
        log.close()
        # Ready when it answers; it imports FastAPI and pydantic first (seconds on a
        # busy machine), so this waits as long as it must, or until it has died.
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph stopped: {self.log.read_text(errors='replace')}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=5)
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def statements(self, **query: str) -> list[dict[str, Any]]:
        """Every statement matching ``query``, as the trainer's key reads them (in the
        order the LRS stored them), following its "more" links."""
        url = f"{self.endpoint}statements?{urllib.parse.urlencode({'limit': '100', **query})}"
        found: list[dict[str, Any]] = []
        while url:
            request = urllib.request.Request(url, headers={
                "Authorization": basic(TRAINER), "X-Experience-API-Version": "1.0.3"})
            with urllib.request.urlopen(request, timeout=30) as response:
                body = json.loads(response.read())
            found += body["statements"]
            more = body.get("more")
            url = urllib.parse.urljoin(self.endpoint, more) if more and body["statements"] else ""
        return sorted(found, key=lambda s: s["stored"])

    def post(self, statements: list[dict[str, Any]], account: tuple[str, str] = LEARNER) -> int:
        request = urllib.request.Request(
            f"{self.endpoint}statements", data=json.dumps(statements).encode(), method="POST",
            headers={"Authorization": basic(account), "Content-Type": "application/json",
                     "X-Experience-API-Version": "1.0.3"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status: int = response.status
                return status
        except urllib.error.HTTPError as error:
            return error.code


if __name__ == "__main__":  # a quick look by hand: python -m tests.support.lrs
    ralph = Ralph(Path(sys.argv[1]), "http://127.0.0.1:8000").start()
    print(ralph.endpoint)
    try:
        time.sleep(3600)
    finally:
        ralph.stop()
