"""Checking a disk's settings (the scenario's ``io`` object) and its requests.

Both checks return every problem found, each naming its JSON path
(``io.head: must be a cylinder from 0 to 199, got 250``), so a student sees
all mistakes at once; the callers raise them together as a ScenarioError.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeGuard

from ..errors import Problem
from ..registry import names

#: The ``io`` defaults of a scenario (docs/internals.md, "The normalized scenario").
DEFAULTS: dict[str, Any] = {"policy": "fcfs", "cylinders": 200, "head": 0,
                            "direction": "up", "seek_time": 1}
DIRECTIONS = ("up", "down")
REQUEST_FIELDS = ("cylinder", "arrival")


def shown(value: object) -> str:
    """``value`` as it looked in the JSON the student wrote."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def is_int(value: object) -> TypeGuard[int]:
    """True for integers; JSON's true/false are not numbers here."""
    return isinstance(value, int) and not isinstance(value, bool)


def unknown_fields(given: Mapping[Any, Any], allowed: tuple[str, ...] | list[str],
                   path: str) -> list[Problem]:
    """One problem per key of ``given`` that is not in ``allowed`` (typos fail loudly)."""
    expected = ", ".join(allowed)
    return [Problem(f"{path}.{key}", f"unknown field; expected one of {expected}")
            for key in given if key not in allowed]


def check_config(config: object, path: str = "io") -> list[Problem]:
    """Problems with a disk's settings; an empty list when they are usable.

    Missing fields are fine (they take :data:`DEFAULTS`); present ones must be
    valid: a registered policy, ``cylinders`` >= 1, ``head`` a cylinder of
    this disk, ``direction`` "up" or "down", ``seek_time`` >= 0 (ticks per
    cylinder of head movement; 0 makes every seek instantaneous).
    """
    if not isinstance(config, Mapping):
        return [Problem(path, f"must be an object with policy, cylinders, head, direction "
                              f"and seek_time, got {shown(config)}")]
    problems = unknown_fields(config, list(DEFAULTS), path)
    merged = {**DEFAULTS, **config}
    policies = names("io")
    if merged["policy"] not in policies:
        problems.append(Problem(f"{path}.policy", f"must be one of {', '.join(policies)}, "
                                                  f"got {shown(merged['policy'])}"))
    cylinders = merged["cylinders"]
    if not is_int(cylinders) or cylinders < 1:
        problems.append(Problem(f"{path}.cylinders",
                                f"must be a positive integer, got {shown(cylinders)}"))
    else:
        problems += check_cylinder(merged["head"], cylinders, f"{path}.head")
    if merged["direction"] not in DIRECTIONS:
        problems.append(Problem(f"{path}.direction",
                                f"must be \"up\" or \"down\", got {shown(merged['direction'])}"))
    seek_time = merged["seek_time"]
    if not is_int(seek_time) or seek_time < 0:
        problems.append(Problem(f"{path}.seek_time", f"must be a non-negative integer (ticks "
                                                     f"per cylinder), got {shown(seek_time)}"))
    return problems


def check_cylinder(value: object, cylinders: int, path: str) -> list[Problem]:
    """A problem unless ``value`` is a cylinder of a disk with ``cylinders`` cylinders."""
    if is_int(value) and 0 <= value < cylinders:
        return []
    return [Problem(path, f"must be a cylinder from 0 to {cylinders - 1}, got {shown(value)}")]


def check_requests(requests: object, cylinders: int,
                   path: str = "io_requests") -> list[Problem]:
    """Problems with a list of ``{"cylinder", "arrival"}`` disk requests.

    ``cylinder`` is required and must be on the disk; ``arrival`` (a tick,
    default 0) must be a non-negative integer.
    """
    if not isinstance(requests, list):
        return [Problem(path, f"must be a list of {{\"cylinder\", \"arrival\"}} objects, "
                              f"got {shown(requests)}")]
    problems: list[Problem] = []
    for i, request in enumerate(requests):
        where = f"{path}[{i}]"
        if not isinstance(request, Mapping):
            problems.append(Problem(where, f"must be an object like {{\"cylinder\": 98, "
                                           f"\"arrival\": 0}}, got {shown(request)}"))
            continue
        problems += unknown_fields(request, REQUEST_FIELDS, where)
        if "cylinder" not in request:
            problems.append(Problem(f"{where}.cylinder", "is required"))
        else:
            problems += check_cylinder(request["cylinder"], cylinders, f"{where}.cylinder")
        arrival = request.get("arrival", 0)
        if not is_int(arrival) or arrival < 0:
            problems.append(Problem(f"{where}.arrival", f"must be a non-negative integer "
                                                        f"(a tick), got {shown(arrival)}"))
    return problems
