"""The ``threads`` and ``semaphores`` sections of a scenario: their one reader."""
from __future__ import annotations

from typing import Any

from ..i18n import define, gettext_noop
from ..scenario.fields import MAX_COUNT, MAX_NAME, MAX_SEMAPHORES, Checker, join, show

FIELDS = ("model", "quantum", "deadlock")
MAX_RESOURCE_TYPES = 64

NOT_RESOURCES = define("problem.resources.list", gettext_noop(
    "must be a list of total units per resource type, e.g. [10, 5, 7], got {value}"))
NO_RESOURCES = define("problem.resources.missing", gettext_noop(
    'acquire and release need top-level "resources" (total units of each type, e.g. [10, 5, 7])'))
VECTOR_LENGTH = define("problem.resources.vector_length", gettext_noop(
    "has {n} numbers but resources has {m} types"))
MAX_WITHOUT_RESOURCES = define("problem.max.without_resources",
                               gettext_noop('is only read with top-level "resources"'))
NOT_A_CLAIM = define("problem.max.list", gettext_noop(
    "must be a list of {n} units (one per resource type), got {value}"))
CLAIM_TOO_BIG = define("problem.max.too_big", gettext_noop("claims {claim}, more than the resources {totals}"))
NEEDS_MAX = define("problem.max.missing", gettext_noop(
    'needs "max" (its maximum claim) with "threads": {"deadlock": "avoid"}'))
NOT_SEMAPHORES = define("problem.semaphores.object", gettext_noop(
    'must be an object of name: initial value, e.g. {"empty": 3}, got {value}'))
TOO_MANY_SEMAPHORES = define("problem.semaphores.too_many", gettext_noop(
    "at most {n} semaphores are allowed, got {m}"))
SEMAPHORE_NAME = define("problem.semaphores.name", gettext_noop("a semaphore name must be 1 to {n} characters"))


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
        check.add("resources", NOT_RESOURCES.say(value=show(value)))
        return None
    return value


def check_resources(check: Checker, out: dict[str, Any], vectors: list[tuple[str, int]]) -> None:
    """``max`` of each process and every acquire/release vector against ``resources``."""
    totals = out.get("resources")
    types = len(totals) if totals else None
    if totals is None and vectors:
        check.add(vectors[0][0], NO_RESOURCES.say())
        return
    for path, length in vectors:
        if types is not None and length != types:
            check.add(path, VECTOR_LENGTH.say(n=length, m=types))
    for i, proc in enumerate(out.get("processes", [])):
        if "max" not in proc:
            continue
        where = f"processes[{i}].max"
        claim = proc["max"]
        if totals is None:
            check.add(where, MAX_WITHOUT_RESOURCES.say())
        elif (not isinstance(claim, list) or len(claim) != types
              or not all(type(x) is int and 0 <= x for x in claim)):
            check.add(where, NOT_A_CLAIM.say(n=types, value=show(claim)))
        elif any(c > t for c, t in zip(claim, totals)):
            check.add(where, CLAIM_TOO_BIG.say(claim=show(claim), totals=show(totals)))
    if totals is not None and out.get("threads", {}).get("deadlock") == "avoid":
        for i, proc in enumerate(out.get("processes", [])):
            if "max" not in proc and proc.get("name") is not None:
                check.add(f"processes[{i}]", NEEDS_MAX.say())


def read_semaphores(check: Checker, raw: dict) -> dict[str, int]:
    """``semaphores``: each semaphore's name and initial value."""
    value = raw.get("semaphores", {})
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.add("semaphores", NOT_SEMAPHORES.say(value=show(value)))
        return {}
    if len(value) > MAX_SEMAPHORES:
        check.add("semaphores", TOO_MANY_SEMAPHORES.say(n=f"{MAX_SEMAPHORES:,}", m=f"{len(value):,}"))
        return {}
    out: dict[str, int] = {}
    for name, initial in value.items():
        where = join("semaphores", str(name))
        if not str(name).strip() or len(str(name)) > MAX_NAME:
            check.add(where, SEMAPHORE_NAME.say(n=MAX_NAME))
            continue
        n = check.int_value(initial, where, 0, MAX_COUNT)
        if n is not None:
            out[str(name)] = n
    return out
