"""Policies and library functions, registered by name.

Every pluggable piece of the engine (a CPU policy, a memory allocator, a disk
scheduler, a library function) registers itself under a kind and a name::

    @register("cpu", "rr")
    class RoundRobin(CpuPolicy): ...

The kernel asks for ``get("cpu", scenario["cpu"]["policy"])`` and never knows
which policy it runs.  The web app's form choices come from ``names(kind)``.
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

T = TypeVar("T")

_REGISTRY: dict[str, dict[str, Any]] = {}


def register(kind: str, name: str) -> Callable[[T], T]:
    """Class or function decorator: file ``obj`` under ``kind``/``name``."""

    def decorate(obj: T) -> T:
        table = _REGISTRY.setdefault(kind, {})
        if name in table and table[name] is not obj:
            raise ValueError(f"{kind} {name!r} is registered twice")
        table[name] = obj
        return obj

    return decorate


def present_in_order(kind: str, order: list[str]) -> None:
    """List ``kind``'s names in ``order`` (names not in it keep their place after)."""
    table = _REGISTRY.get(kind, {})
    ranked = {name: table[name] for name in order if name in table}
    ranked.update((name, obj) for name, obj in table.items() if name not in ranked)
    _REGISTRY[kind] = ranked


def _load_all() -> None:
    # Importing the packages runs their @register decorators.  Imported here,
    # lazily, so that registry.py itself has no dependencies.
    from . import cpu, disk, library, memory  # noqa: F401


def get(kind: str, name: str) -> Any:
    """The object registered as ``kind``/``name``; KeyError if there is none."""
    _load_all()
    return _REGISTRY[kind][name]


def names(kind: str) -> list[str]:
    """Registered names of one kind, in registration order."""
    _load_all()
    return list(_REGISTRY.get(kind, {}))


def describe(kind: str) -> list[dict[str, str]]:
    """``[{"name", "title", "help"}]`` for each registered name (for UIs)."""
    _load_all()
    out = []
    for name, obj in _REGISTRY.get(kind, {}).items():
        doc = (getattr(obj, "__doc__", None) or "").strip()
        first, _, rest = doc.partition("\n")
        out.append({"name": name, "title": getattr(obj, "title", first) or name,
                    "help": first})
    return out
