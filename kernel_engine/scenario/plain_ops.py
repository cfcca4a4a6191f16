"""The fast path of program reading: common ops that are well formed.

A program of 80,000 allocs and frees is read op by op; the general reader
(``ProgramReader.op``) looks every field up in a table of readers and builds
each op's JSON path in case a problem must name it.  Most ops are plain
(``{"op": "cpu", "ticks": 3}``, an alloc of an int size, a free of a name),
so each kind here has one function that checks the whole op at once and
returns it normalized, with what it declares recorded in the scope, exactly
as the general reader would.  It returns None, having recorded nothing,
for anything it does not accept as it is (a missing or unusual field, a
size written "8KB" that does not parse, any mistake): the general reader
then reads that op and words every problem, so messages do not depend on
this path.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .fields import MAX_MEMORY, MAX_NAME, MAX_TICKS, _parse_size_text

if TYPE_CHECKING:  # pragma: no cover
    from .processes import Scope
    from .programs import ProgramReader

_CPU = frozenset(("op", "ticks"))
_ALLOC = frozenset(("op", "size", "as"))
_FREE = frozenset(("op", "ref"))
_IO = frozenset(("op", "cylinder", "ticks"))
_LOCK = frozenset(("op", "mutex"))
_SEM = frozenset(("op", "sem"))


def _name(value: Any) -> bool:
    """The general reader's test of a well-formed name (``Checker.name``; written out
    in the hottest readers)."""
    return (type(value) is str and 0 < len(value) <= MAX_NAME and value.isprintable()
            and not value.isspace())


def _cpu(reader: ProgramReader, raw: dict, scope: Scope, where: str, i: int) -> dict | None:
    ticks = raw.get("ticks")
    if type(ticks) is int and 1 <= ticks <= MAX_TICKS and raw.keys() <= _CPU:
        return {"op": "cpu", "ticks": ticks}
    return None


def _alloc(reader: ProgramReader, raw: dict, scope: Scope, where: str, i: int) -> dict | None:
    size = raw.get("size")
    if type(size) is str:
        try:
            size = _parse_size_text(size)
        except ValueError:
            return None
    elif type(size) is not int:
        return None
    name = raw.get("as")
    if not (1 <= size <= MAX_MEMORY and raw.keys() <= _ALLOC):
        return None
    if name is not None and not (type(name) is str and 0 < len(name) <= MAX_NAME
                                 and name.isprintable() and not name.isspace()):
        return None
    if name is not None:
        scope.allocs[name] = None
    return {"op": "alloc", "size": size, "as": name}


def _free(reader: ProgramReader, raw: dict, scope: Scope, where: str, i: int) -> dict | None:
    ref = raw.get("ref")
    if not (type(ref) is str and 0 < len(ref) <= MAX_NAME and ref.isprintable()
            and not ref.isspace() and raw.keys() <= _FREE):
        return None
    # The op's path, as (program path, index): made only if the ref is never allocated.
    scope.frees.append(((where, i), ref))
    return {"op": "free", "ref": ref}


def _io(reader: ProgramReader, raw: dict, scope: Scope, where: str, i: int) -> dict | None:
    if not raw.keys() <= _IO:
        return None
    if "cylinder" in raw:
        cylinder, cylinders = raw["cylinder"], reader.env.cylinders
        if ("ticks" not in raw and cylinders is not None and type(cylinder) is int
                and 0 <= cylinder < cylinders):
            return {"op": "io", "cylinder": cylinder, "ticks": None}
        return None
    ticks = raw.get("ticks")
    if type(ticks) is int and 1 <= ticks <= MAX_TICKS:
        return {"op": "io", "cylinder": None, "ticks": ticks}
    return None


def _lock(reader: ProgramReader, raw: dict, scope: Scope, where: str, i: int) -> dict | None:
    mutex = raw.get("mutex")
    if _name(mutex) and raw.keys() <= _LOCK:
        return {"op": raw["op"], "mutex": mutex}
    return None


def _sem(reader: ProgramReader, raw: dict, scope: Scope, where: str, i: int) -> dict | None:
    sem = raw.get("sem")
    if _name(sem) and sem in reader.env.semaphores and raw.keys() <= _SEM:
        return {"op": raw["op"], "sem": sem}
    return None


#: op kind -> its fast reader ``(reader, raw, scope, program path, index) -> op or None``.
PLAIN_OPS: dict[str, Callable[..., dict | None]] = {
    "cpu": _cpu, "alloc": _alloc, "free": _free, "io": _io, "lock": _lock, "unlock": _lock,
    "sem_wait": _sem, "sem_signal": _sem,
}
