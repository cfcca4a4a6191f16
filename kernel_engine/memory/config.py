"""The memory section of a scenario, checked and turned into a ``MemoryConfig``.

``scenario.normalize`` already fills in defaults and converts units, but the
allocators are also built directly (tests, benchmarks, the web app's
playground widgets), so they check their own input once more and refuse it
with the same kind of error a scenario gets: a ``ScenarioError`` whose
problems name the JSON path (``memory.holes[1]: ...``).

``check_memory(raw)`` returns the problems without raising, so that
``scenario.validate`` can report them together with everything else.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import registry
from ..errors import Problem, ScenarioError
from ..units import parse_size

# The free list's order (see docs/memory.md).  The buddy allocator always
# keeps its free blocks by address.
ORDERS = ("address", "size_asc", "size_desc", "insert_front", "insert_back")

DEFAULTS: dict[str, Any] = {
    "size": 1 << 20, "base": 0, "policy": "first_fit", "coalesce": True,
    "header": 0, "align": 1, "order": "address", "holes": None,
}


@dataclass(frozen=True)
class MemoryConfig:
    """A checked memory section: every size an int number of bytes.

    ``holes`` is ``None`` (the whole heap ``base .. base + size`` is one
    hole) or a tuple of ``(start, size)`` ranges, absolute addresses, as the
    user listed them: no two overlap and all lie inside the heap.
    """

    size: int
    base: int
    policy: str
    coalesce: bool
    header: int
    align: int
    order: str
    holes: tuple[tuple[int, int], ...] | None


def _bytes(value: Any, path: str, lowest: int, problems: list[Problem]) -> int | None:
    """``value`` as a number of bytes >= ``lowest``, or None after noting a problem."""
    try:
        n = parse_size(value)
    except ValueError as exc:
        problems.append(Problem(path, str(exc)))
        return None
    if n < lowest:
        what = "a positive number of bytes" if lowest == 1 else f"at least {lowest}"
        problems.append(Problem(path, f"must be {what}, got {n}"))
        return None
    return n


def _holes(raw: Any, path: str, base: int | None, end: int | None,
           problems: list[Problem]) -> tuple[tuple[int, int], ...] | None:
    """The ``holes`` list checked: pairs inside the heap that do not overlap."""
    if raw is None:
        return None
    if not isinstance(raw, (list, tuple)):
        problems.append(Problem(path, "must be a list of [start, size] pairs or null, "
                                      f"got {raw!r}"))
        return None
    ranges: list[tuple[int, int]] = []
    for i, pair in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            problems.append(Problem(where, f"must be a [start, size] pair, got {pair!r}"))
            continue
        start = _bytes(pair[0], f"{where}[0]", 0, problems)
        size = _bytes(pair[1], f"{where}[1]", 1, problems)
        if start is None or size is None:
            continue
        if base is not None and end is not None and (start < base or start + size > end):
            problems.append(Problem(where, f"the range {start}..{start + size} lies outside "
                                           f"the heap {base}..{end}"))
            continue
        ranges.append((start, size))
    # Overlaps are found on a copy sorted by start; the user's order is kept.
    by_start = sorted(range(len(ranges)), key=lambda k: ranges[k][0])
    for before, after in zip(by_start, by_start[1:]):
        (s1, n1), (s2, n2) = ranges[before], ranges[after]
        if s2 < s1 + n1:
            problems.append(Problem(path, f"the holes {s1}..{s1 + n1} and {s2}..{s2 + n2} overlap"))
    return tuple(ranges)


def check_memory(raw: Any, path: str = "memory") -> list[Problem]:
    """Every problem with a memory section (``[]`` when it is fine)."""
    return _read(raw, path)[1]


def read_config(raw: Any, path: str = "memory") -> MemoryConfig:
    """The memory section as a ``MemoryConfig``; ScenarioError listing every problem.

    Missing keys take the defaults of docs/internals.md; unknown keys are an
    error, so that a typo (``"polcy"``) fails loudly instead of being ignored.
    """
    config, problems = _read(raw, path)
    if problems or config is None:
        raise ScenarioError(problems)
    return config


def _read(raw: Any, path: str) -> tuple[MemoryConfig | None, list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(raw, Mapping):
        return None, [Problem(path, f"must be an object, got {raw!r}")]
    for key in raw:
        if key not in DEFAULTS:
            problems.append(Problem(f"{path}.{key}", "is not a memory setting (known: "
                                    + ", ".join(DEFAULTS) + ")"))
    value = {**DEFAULTS, **raw}
    size = _bytes(value["size"], f"{path}.size", 1, problems)
    base = _bytes(value["base"], f"{path}.base", 0, problems)
    header = _bytes(value["header"], f"{path}.header", 0, problems)
    align = _bytes(value["align"], f"{path}.align", 1, problems)
    policy, order, coalesce = value["policy"], value["order"], value["coalesce"]
    known = registry.names("memory")
    if policy not in known:
        problems.append(Problem(f"{path}.policy", f"unknown allocator {policy!r} "
                                f"(choose from {', '.join(known)})"))
    if order not in ORDERS:
        problems.append(Problem(f"{path}.order", f"unknown free-list order {order!r} "
                                f"(choose from {', '.join(ORDERS)})"))
    elif policy == "buddy" and order != "address":
        problems.append(Problem(f"{path}.order", "the buddy allocator keeps its free "
                                f"blocks by address, so order must be \"address\", got {order!r}"))
    if not isinstance(coalesce, bool):
        problems.append(Problem(f"{path}.coalesce", f"must be true or false, got {coalesce!r}"))
    end = base + size if base is not None and size is not None else None
    holes = _holes(value["holes"], f"{path}.holes", base, end, problems)
    if problems:
        return None, problems
    assert size is not None and base is not None and header is not None and align is not None
    return MemoryConfig(size=size, base=base, policy=policy, coalesce=coalesce,
                        header=header, align=align, order=order, holes=holes), []
