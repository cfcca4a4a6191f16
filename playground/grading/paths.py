"""Paths into a scenario, as written in an assignment's variations.

A path names a place in the scenario's JSON, in the engine's own error
notation: keys joined by dots, list positions in brackets, ``[*]`` for every
element of a list::

    cpu.quantum
    processes[1].burst
    processes[*].arrival
    io_requests[*].cylinder
    processes[0].program[0].size
    memory.size

``resolve(scenario, path)`` lists the concrete locations a path matches
(each a tuple of keys and indices); ``set_at`` writes one.  Both only read
what the template really has: a path into a missing key is an error, not a
new key.
"""
from __future__ import annotations

import re
from typing import Any

Location = tuple[str | int, ...]

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[(?:\d+|\*)\])*)")
_INDEX = re.compile(r"\[(\d+|\*)\]")
WILDCARD = "*"


class PathError(ValueError):
    """The path is malformed or does not exist in the scenario; the message says which part."""


def parse(path: str) -> list[str | int]:
    """``"processes[*].arrival"`` -> ``["processes", "*", "arrival"]``; PathError if malformed."""
    if not isinstance(path, str) or not path.strip():
        raise PathError("a path must be a non-empty string such as \"processes[1].burst\"")
    parts: list[str | int] = []
    for chunk in path.strip().split("."):
        match = _PART.fullmatch(chunk)
        if match is None:
            raise PathError(f"cannot read “{chunk}” in the path “{path}”: write keys "
                            "joined by dots and positions in brackets, e.g. processes[1].burst")
        parts.append(match.group(1))
        for index in _INDEX.findall(match.group(2)):
            parts.append(WILDCARD if index == WILDCARD else int(index))
    return parts


def _show(location: Location) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def resolve(scenario: Any, path: str) -> list[Location]:
    """Every concrete location ``path`` matches in ``scenario``, in document order.

    Raises PathError naming the first part that is missing (a key absent, a
    position past the end, a ``[*]`` on an empty list or on something that is
    not a list).
    """
    locations: list[Location] = [()]
    for part in parse(path):
        grown: list[Location] = []
        for location in locations:
            node = get_at(scenario, location)
            where = _show(location) or "the scenario"
            if part == WILDCARD:
                if not isinstance(node, list) or not node:
                    raise PathError(f"{where} is not a non-empty list, so “[*]” matches nothing")
                grown.extend(location + (i,) for i in range(len(node)))
            elif isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    size = len(node) if isinstance(node, list) else 0
                    raise PathError(f"{where} has no element [{part}] (it has {size})")
                grown.append(location + (part,))
            else:
                if not isinstance(node, dict) or part not in node:
                    raise PathError(f"{where} has no field “{part}” in the template")
                grown.append(location + (part,))
        locations = grown
    return locations


def get_at(scenario: Any, location: Location) -> Any:
    """The value at a location returned by ``resolve``."""
    node = scenario
    for part in location:
        node = node[part]
    return node


def set_at(scenario: Any, location: Location, value: Any) -> None:
    """Write ``value`` at a location returned by ``resolve`` (in place)."""
    if not location:
        raise PathError("cannot replace the whole scenario")
    parent = get_at(scenario, location[:-1])
    parent[location[-1]] = value


def show(location: Location) -> str:
    """A location written back as a path: ``("processes", 1, "burst")`` -> ``processes[1].burst``."""
    return _show(location)
