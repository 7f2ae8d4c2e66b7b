"""The browser engine's view of ``contract.py``: its shapes as TypeScript types and its
constants as a JavaScript module, so the engine restates neither.

``python -m connect_or_not.jstypes [FOLDER]`` writes ``contract.d.ts`` and
``contract.js`` into FOLDER (default ``quiz/src``); the engine's modules import them
and ``make lint`` checks the engine against them with ``tsc``.
"""

from __future__ import annotations

import json
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal, NotRequired, Union, get_args, get_origin

from . import contract

HEADER = ("// Generated from src/connect_or_not/contract.py by `python -m connect_or_not.jstypes`:"
          "\n// do not edit (tests/test_contract.py fails when this file falls behind).\n")
ALIASES = {"Result": contract.Result}


def ts_type(annotation: Any, *, alias: bool = True) -> str:
    """A Python annotation of the contract as a TypeScript type (an alias by its name)."""
    for name, aliased in ALIASES.items():
        if alias and annotation == aliased:
            return name
    origin = get_origin(annotation)
    if annotation is str:
        return "string"
    if annotation in (int, float):
        return "number"
    if annotation is bool:
        return "boolean"
    if annotation is Any:
        return "unknown"
    if annotation is type(None):
        return "null"
    if isinstance(annotation, type) and typing.is_typeddict(annotation):
        return annotation.__name__
    if origin is Literal:
        return " | ".join(json.dumps(value) for value in get_args(annotation))
    if origin in (Union, types.UnionType):
        return " | ".join(ts_type(arg) for arg in get_args(annotation))
    if origin is list:
        (item,) = get_args(annotation)
        inner = ts_type(item)
        return f"({inner})[]" if "|" in inner else f"{inner}[]"
    if origin is dict:
        key, value = get_args(annotation)
        if key is not str:
            raise TypeError(f"only string keys cross to the browser, not {key}")
        return f"Record<string, {ts_type(value)}>"
    raise TypeError(f"no TypeScript type for {annotation!r}")


def fields(shape: type) -> list[tuple[str, bool, Any]]:
    """(name, required, annotation) of a TypedDict, in order, bases first."""
    found: dict[str, tuple[bool, Any]] = {}
    for klass in reversed(shape.__mro__):
        for name, annotation in vars(klass).get("__annotations__", {}).items():
            required = get_origin(annotation) is not NotRequired
            inner = get_args(annotation)[0] if not required else annotation
            found[name] = (required, inner)
    return [(name, required, annotation) for name, (required, annotation) in found.items()]


def declarations() -> str:
    """``contract.d.ts``: every shape, the aliases and the constants."""
    lines = [HEADER]
    for name, aliased in ALIASES.items():
        lines.append(f"export type {name} = {ts_type(aliased, alias=False)};\n")
    for shape in contract.SHAPES:
        doc = (shape.__doc__ or "").strip()
        if doc and not doc.startswith(f"{shape.__name__}("):
            lines.append("/** " + " ".join(doc.split()) + " */")
        lines.append(f"export interface {shape.__name__} {{")
        for name, required, annotation in fields(shape):
            key = name if name.isidentifier() else json.dumps(name)
            lines.append(f"  {key}{'' if required else '?'}: {ts_type(annotation)};")
        lines.append("}\n")
    for name, value in contract.BROWSER_CONSTANTS.items():
        lines.append(f"export declare const {name}: {json.dumps(value)};")
    return "\n".join(lines) + "\n"


def constants(values: dict[str, Any] | None = None) -> str:
    """``contract.js``: the constants, as the engine imports them."""
    lines = [HEADER]
    for name, value in (contract.BROWSER_CONSTANTS if values is None else values).items():
        lines.append(f"export const {name} = {json.dumps(value)};")
    return "\n".join(lines) + "\n"


def records_declarations() -> str:
    """``contract-records.d.ts``: the learning records' constants, in a module of their
    own so that only the bundles that send or read records carry them."""
    lines = [HEADER]
    for name, value in contract.RECORDS_CONSTANTS.items():
        lines.append(f"export declare const {name}: {json.dumps(value)};")
    return "\n".join(lines) + "\n"


def generated() -> dict[str, str]:
    return {"contract.d.ts": declarations(), "contract.js": constants(),
            "contract-records.d.ts": records_declarations(),
            "contract-records.js": constants(contract.RECORDS_CONSTANTS)}


def main(argv: list[str] | None = None) -> int:
    folder = Path((argv if argv is not None else sys.argv[1:] or ["quiz/src"])[0])
    for name, text in generated().items():
        (folder / name).write_text(text, encoding="utf-8")
        print(f"wrote {folder / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
