"""The memory section of a scenario: its one reader, and the ``MemoryConfig`` it yields.

``read_section(check, raw)`` reads ``raw["memory"]`` for ``scenario``, which
walks the whole document and reports every problem together.  Allocators are
also built directly (tests, benchmarks, the web app's widgets):
``read_config(section)`` runs the same reader alone and raises the same
problems, worded the same way, as a ``ScenarioError`` (``memory.holes[1]:
...``).  Constraints of one allocator live on its class (``Buddy.orders``).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import registry
from ..errors import Frozen, ScenarioError
from ..i18n import define, gettext_noop
from ..scenario.fields import MAX_MEMORY, Checker, index, show

#: The free list's order (see docs/memory.md).
ORDERS = ("address", "size_asc", "size_desc", "insert_front", "insert_back")
FIELDS = ("size", "base", "policy", "coalesce", "header", "align", "order", "holes",
          "record_free_list")
DEFAULT_SIZE = 1 << 20

ORDER_FIXED = define("problem.memory.order_fixed", gettext_noop(
    'the {policy} allocator keeps its free blocks by {by}, so order must be "{by}", got {value}'))
HOLES_NOT_LIST = define("problem.memory.holes", gettext_noop(
    "must be null or a list of [start, size] pairs, got {value}"))
NOT_A_HOLE = define("problem.memory.hole", gettext_noop("must be a [start, size] pair, got {value}"))
HOLE_OUTSIDE = define("problem.memory.hole_outside", gettext_noop(
    "the hole {start}..{end} is outside memory ({base}..{last})"))
HOLES_OVERLAP = define("problem.memory.holes_overlap", gettext_noop(
    "holes overlap: the hole at {start} ({n} bytes) runs into the hole at {end}"))


class MemoryConfig(Frozen):
    """A checked memory section: every size an int number of bytes.

    ``holes`` is ``None`` (the whole heap ``base .. base + size`` is one
    hole) or a tuple of ``(start, size)`` ranges, absolute addresses, as the
    user listed them: no two overlap and all lie inside the heap.  Immutable
    and compared by value (``errors.Frozen``).
    """

    __slots__ = ("size", "base", "policy", "coalesce", "header", "align", "order", "holes")
    size: int
    base: int
    policy: str
    coalesce: bool
    header: int
    align: int
    order: str
    holes: tuple[tuple[int, int], ...] | None

    def __init__(self, size: int, base: int, policy: str, coalesce: bool, header: int,
                 align: int, order: str, holes: tuple[tuple[int, int], ...] | None) -> None:
        self._set(size, base, policy, coalesce, header, align, order, holes)


def read_section(check: Checker, raw: dict) -> dict[str, Any]:
    """The normalized ``memory`` section of the scenario ``raw`` (problems go to ``check``)."""
    mem = check.section(raw, "memory", "", FIELDS)
    size = check.size(mem, "size", "memory", DEFAULT_SIZE, 1, MAX_MEMORY)
    base = check.size(mem, "base", "memory", 0, 0, MAX_MEMORY)
    limit = size if size is not None else MAX_MEMORY
    policy = check.policy(mem, "policy", "memory", "first_fit", "memory")
    order = check.choice(mem, "order", "memory", "address", list(ORDERS))
    allowed = registry.get("memory", policy).orders if policy is not None else None
    if allowed is not None and order is not None and order not in allowed:
        check.add("memory.order", ORDER_FIXED.say(policy=policy, by=allowed[0], value=show(order)))
    return {
        "size": size,
        "base": base,
        "policy": policy,
        "coalesce": check.boolean(mem, "coalesce", "memory", True),
        "header": check.size(mem, "header", "memory", 0, 0, limit),
        "align": check.size(mem, "align", "memory", 1, 1, limit),
        "order": order,
        "holes": _holes(check, mem.get("holes"), base, size),
        # Not the allocator's business: the kernel's recorder reads it
        # (false: memory.ops records omit free_list, the result stays linear).
        "record_free_list": check.boolean(mem, "record_free_list", "memory", True),
    }


def _holes(check: Checker, value: object, base: int | None,
           size: int | None) -> list[list[int]] | None:
    """``[[start, size], ...]``: disjoint ranges inside ``base .. base + size``."""
    if value is None:
        return None
    if not isinstance(value, list):
        check.add("memory.holes", HOLES_NOT_LIST.say(value=show(value)))
        return None
    out: list[list[int]] = []
    for i, hole in enumerate(value):
        where = index("memory.holes", i)
        if not (isinstance(hole, list) and len(hole) == 2):
            check.add(where, NOT_A_HOLE.say(value=show(hole)))
            continue
        start = check.size_value(hole[0], index(where, 0), 0)
        length = check.size_value(hole[1], index(where, 1), 1)
        if start is None or length is None:
            continue
        if base is not None and size is not None and not (
                base <= start and start + length <= base + size):
            check.add(where, HOLE_OUTSIDE.say(start=f"{start:,}", end=f"{start + length:,}",
                                              base=f"{base:,}", last=f"{base + size:,}"))
            continue
        out.append([start, length])
    for (a, la), (b, lb) in zip(sorted(out), sorted(out)[1:]):
        if b < a + la:
            check.add("memory.holes", HOLES_OVERLAP.say(start=f"{a:,}", n=f"{la:,}", end=f"{b:,}"))
            break
    return out


def read_config(raw: Any) -> MemoryConfig:
    """A memory section on its own as a ``MemoryConfig``; ScenarioError listing every problem.

    Missing keys take the defaults of docs/internals.md; unknown keys are an
    error, so that a typo (``"polcy"``) fails loudly instead of being ignored.
    """
    check = Checker()
    section = read_section(check, {"memory": dict(raw) if isinstance(raw, Mapping) else raw})
    if check.problems:
        raise ScenarioError(check.problems)
    holes = section["holes"]
    return MemoryConfig(size=section["size"], base=section["base"], policy=section["policy"],
                        coalesce=section["coalesce"], header=section["header"],
                        align=section["align"], order=section["order"],
                        holes=tuple((s, n) for s, n in holes) if holes is not None else None)
