"""The ``threads`` and ``semaphores`` sections of a scenario: their one reader."""
from __future__ import annotations

from typing import Any

from ..scenario.fields import MAX_COUNT, MAX_NAME, MAX_SEMAPHORES, Checker, join, show

FIELDS = ("model", "quantum", "deadlock")
MAX_RESOURCE_TYPES = 64


def read_section(check: Checker, raw: dict) -> dict[str, Any]:
    """The normalized ``threads`` section: the thread model and the library's quantum."""
    threads = check.section(raw, "threads", "", FIELDS)
    return {"model": check.choice(threads, "model", "threads", "kernel", ["kernel", "user"]),
            "quantum": check.ticks(threads, "quantum", "threads", 1),
            "deadlock": check.choice(threads, "deadlock", "threads", "detect", ["detect", "avoid"])}


def read_resources(check: Checker, raw: dict) -> list[int] | None:
    """Top-level ``resources``: the total units of each type (None when absent)."""
    value = raw.get("resources")
    if value is None:
        return None
    if (not isinstance(value, list) or not value or len(value) > MAX_RESOURCE_TYPES
            or not all(type(x) is int and 0 <= x <= MAX_COUNT for x in value)):
        check.add("resources", f"must be a list of total units per resource type, e.g. "
                               f"[10, 5, 7], got {show(value)}")
        return None
    return value


def check_resources(check: Checker, out: dict[str, Any], vectors: list[tuple[str, int]]) -> None:
    """``max`` of each process and every acquire/release vector against ``resources``."""
    totals = out.get("resources")
    types = len(totals) if totals else None
    if totals is None and vectors:
        check.add(vectors[0][0], 'acquire and release need top-level "resources" '
                                 '(total units of each type, e.g. [10, 5, 7])')
        return
    for path, length in vectors:
        if types is not None and length != types:
            check.add(path, f"has {length} numbers but resources has {types} types")
    for i, proc in enumerate(out.get("processes", [])):
        if "max" not in proc:
            continue
        where = f"processes[{i}].max"
        claim = proc["max"]
        if totals is None:
            check.add(where, 'is only read with top-level "resources"')
        elif (not isinstance(claim, list) or len(claim) != types
              or not all(type(x) is int and 0 <= x for x in claim)):
            check.add(where, f"must be a list of {types} units (one per resource type), "
                             f"got {show(claim)}")
        elif any(c > t for c, t in zip(claim, totals)):
            check.add(where, f"claims {show(claim)}, more than the resources {show(totals)}")
    if totals is not None and out.get("threads", {}).get("deadlock") == "avoid":
        for i, proc in enumerate(out.get("processes", [])):
            if "max" not in proc and proc.get("name") is not None:
                check.add(f"processes[{i}]", 'needs "max" (its maximum claim) with '
                                             '"threads": {"deadlock": "avoid"}')


def read_semaphores(check: Checker, raw: dict) -> dict[str, int]:
    """``semaphores``: each semaphore's name and initial value."""
    value = raw.get("semaphores", {})
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.add("semaphores", f"must be an object of name: initial value, e.g. "
                                f"{{\"empty\": 3}}, got {show(value)}")
        return {}
    if len(value) > MAX_SEMAPHORES:
        check.add("semaphores", f"at most {MAX_SEMAPHORES:,} semaphores are allowed, "
                                f"got {len(value):,}")
        return {}
    out: dict[str, int] = {}
    for name, initial in value.items():
        where = join("semaphores", str(name))
        if not str(name).strip() or len(str(name)) > MAX_NAME:
            check.add(where, f"a semaphore name must be 1 to {MAX_NAME} characters")
            continue
        n = check.int_value(initial, where, 0, MAX_COUNT)
        if n is not None:
            out[str(name)] = n
    return out
