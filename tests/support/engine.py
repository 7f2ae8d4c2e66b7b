"""Calling one of the engine's ES modules (quiz/src) from a test, in Node: what a
browser test needs from the engine's own code (a learner's result code, a set packed
for an LMS) without the page exposing it."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from .project import ROOT

_CALL = ("const [module, name, args] = JSON.parse(process.argv[1]);"
         "const found = await import(new URL(`./quiz/src/${module}`, `file://${process.cwd()}/`));"
         "console.log(JSON.stringify(found[name](...args)));")


def call(module: str, name: str, *args: Any) -> Any:
    """``name(*args)`` of ``quiz/src/<module>``, with JSON in and out."""
    proc = subprocess.run(["node", "--input-type=module", "-e", _CALL,
                           json.dumps([module, name, args])], cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=60)
    return json.loads(proc.stdout)
