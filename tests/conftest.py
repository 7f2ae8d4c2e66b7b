from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def run_cli():
    """Run the real CLI in a subprocess: (exit code, stdout, stderr)."""

    def run(*args: str, stdin: str = "", cwd: Path | None = None, timeout: float = 30):
        proc = subprocess.run(
            [sys.executable, "-m", "connect_or_not.cli", *args],
            input=stdin, capture_output=True, text=True, cwd=cwd or ROOT, timeout=timeout,
            check=False,
        )
        return proc.returncode, proc.stdout, proc.stderr

    return run
