"""Docs tables generated from the registry, so no page lists policies by hand.

A page marks a table with ``<!-- registry:KIND -->`` and ``<!-- /registry:KIND -->``
(KIND is ``cpu``, ``memory``, ``io`` or ``library``); :func:`refresh` fills
every marked block from ``registry.describe`` (``library.functions`` for
library functions)::

    python -m kernel_engine.docs docs/scenario-format.md docs/library.md

rewrites the files in place; ``--check`` only reports the files that are out
of date (exit code 1), as tests/engine/test_docs_tables.py does.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Sequence

from . import registry

_BLOCK = re.compile(r"(<!-- registry:(?P<kind>[a-z]+) -->\n)(?P<body>.*?)(<!-- /registry:(?P=kind) -->)",
                    re.DOTALL)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(kind: str) -> str:
    """The markdown table of every registered ``kind``, in the registry's order."""
    if kind == "library":
        from . import library

        rows = ["| function | what it does |", "|---|---|"]
        rows += [f"| `{f['name']}` | {_cell(f['summary'])} |" for f in library.functions()]
        return "\n".join(rows) + "\n"
    rows = ["| policy | name | reads | preemptive |", "|---|---|---|---|"]
    for p in registry.describe(kind):
        reads = ", ".join(f"`{s}`" for s in p["settings"]) or "—"
        rows.append(f"| `{p['name']}` | {_cell(p['title'])} | {reads} | "
                    f"{'yes' if p['preemptive'] else 'no'} |")
    return "\n".join(rows) + "\n"


def refresh(text: str) -> str:
    """``text`` with every marked block filled from the registry."""
    return _BLOCK.sub(lambda m: m.group(1) + table(m.group("kind")) + m.group(4), text)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    stale = []
    for name in (a for a in args if a != "--check"):
        path = Path(name)
        old = path.read_text("utf-8")
        new = refresh(old)
        if new != old:
            stale.append(name)
            if not check:
                path.write_text(new, "utf-8")
    for name in stale:
        print(f"{name}: {'out of date' if check else 'updated'}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
