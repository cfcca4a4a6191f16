"""The ``threads`` and ``semaphores`` sections of a scenario: their one reader."""
from __future__ import annotations

from typing import Any

from ..scenario.fields import MAX_COUNT, MAX_NAME, MAX_SEMAPHORES, Checker, join, show

FIELDS = ("model", "quantum")


def read_section(check: Checker, raw: dict) -> dict[str, Any]:
    """The normalized ``threads`` section: the thread model and the library's quantum."""
    threads = check.section(raw, "threads", "", FIELDS)
    return {"model": check.choice(threads, "model", "threads", "kernel", ["kernel", "user"]),
            "quantum": check.ticks(threads, "quantum", "threads", 1)}


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
