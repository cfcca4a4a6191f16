"""Policies and library functions, registered by name.

Every pluggable piece of the engine (a CPU policy, a memory allocator, a disk
scheduler, a library function) registers itself under a kind and a name::

    @register("cpu", "rr")
    class RoundRobin(CpuPolicy): ...

The kernel asks for ``get("cpu", scenario["cpu"]["policy"])`` and never knows
which policy it runs.  Everything that lists policies (the builder's menus
and the fields it shows, compare, previews, docs tables, benchmarks,
property tests) asks ``names(kind)`` or ``describe(kind)``: a policy's
traits live on its class, so adding a policy is adding one module.
"""
from __future__ import annotations

from importlib import import_module
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


def import_package(name: str, path: list[str]) -> None:
    """Import every module of the plugin package ``name`` (so each registers itself).

    A package imports its own modules first, in the order its menus list
    them; this picks up any other module after them, so that adding a
    policy is adding a module, with no list to edit.
    """
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(path):
        importlib.import_module(f"{name}.{info.name}")


def present_in_order(kind: str, order: list[str]) -> None:
    """List ``kind``'s names in ``order`` (names not in it keep their place after)."""
    table = _REGISTRY.get(kind, {})
    ranked = {name: table[name] for name in order if name in table}
    ranked.update((name, obj) for name, obj in table.items() if name not in ranked)
    _REGISTRY[kind] = ranked


#: The package that registers each kind; other kinds load every package.
_PACKAGES = {"cpu": "cpu", "memory": "memory", "io": "disk", "library": "library"}


def _load_all(kind: str | None = None) -> None:
    # Importing the packages runs their @register decorators.  Imported here,
    # lazily, so that registry.py itself has no dependencies; one kind loads
    # only its package, so that a CPU-only run never imports the library
    # (and numpy with it).
    if kind in _PACKAGES:
        import_module(f"{__package__}.{_PACKAGES[kind]}")
        return
    from . import cpu, disk, library, memory, vm  # noqa: F401


def load_all() -> None:
    """Import every package that registers something (for catalogs of every key)."""
    _load_all()


def kinds() -> list[str]:
    """Every kind something is registered under (every package loaded)."""
    _load_all()
    return list(_REGISTRY)


def get(kind: str, name: str) -> Any:
    """The object registered as ``kind``/``name``; KeyError if there is none."""
    _load_all(kind)
    return _REGISTRY[kind][name]


def names(kind: str) -> list[str]:
    """Registered names of one kind, in registration order."""
    _load_all(kind)
    return list(_REGISTRY.get(kind, {}))


#: The kinds of policy a scenario chooses, with the scenario section that names them.
POLICY_KINDS = ("cpu", "memory", "io")


def describe(kind: str) -> list[dict[str, Any]]:
    """One entry per registered name, in order, with the traits its class declares.

    ``{"name", "title", "help", "label", "settings", "preemptive"}``: ``title``
    is the menu's text and ``help`` the docstring's first line; ``label`` the
    short name in sentences ("SRT"; the title when there is none);
    ``settings`` the scenario settings the policy reads besides ``policy``
    (the builder shows only those, e.g. ``quantum`` for rr and lottery);
    ``preemptive`` whether a newly ready thread can take a core (CPU
    policies).  Memory policies add ``orders`` (the free-list orders they
    support, None for all).
    """
    _load_all()
    out = []
    for name, obj in _REGISTRY.get(kind, {}).items():
        doc = (getattr(obj, "__doc__", None) or "").strip()
        first = doc.partition("\n")[0]
        title = getattr(obj, "title", "") or first or name
        entry: dict[str, Any] = {
            "name": name, "title": title, "help": first,
            "label": getattr(obj, "label", "") or title,
            "settings": list(getattr(obj, "settings", ())),
            "preemptive": bool(getattr(obj, "preemptive", False)),
        }
        if hasattr(obj, "orders"):
            orders = getattr(obj, "orders")
            entry["orders"] = list(orders) if orders is not None else None
        out.append(entry)
    return out


def export() -> dict[str, list[dict[str, Any]]]:
    """Every policy kind's ``describe``: what the builder and compare pages embed."""
    return {kind: describe(kind) for kind in POLICY_KINDS}
