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

``get`` and ``has`` import as little as they can (the one module that
registers the name, when its package's ``POLICY_MODULES`` says which), so
a run loads only the policies it uses; ``names``, ``describe`` and
``load_all`` import every module of a kind and list it in menu order.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_REGISTRY: dict[str, dict[str, Any]] = {}
#: Everything ever registered, kind -> name -> object: a package's own
#: policies are found here again if a caller reset ``_REGISTRY`` after their
#: modules were imported (an import runs a module's decorators only once).
_EVER: dict[str, dict[str, Any]] = {}
#: kind -> the table that was last made complete (every module imported, in
#: menu order); a table replaced since then is completed again.
_COMPLETE: dict[str, dict[str, Any]] = {}


def register(kind: str, name: str) -> Callable[[T], T]:
    """Class or function decorator: file ``obj`` under ``kind``/``name``."""

    def decorate(obj: T) -> T:
        table = _REGISTRY.setdefault(kind, {})
        if name in table and table[name] is not obj:
            raise ValueError(f"{kind} {name!r} is registered twice")
        table[name] = obj
        _EVER.setdefault(kind, {})[name] = obj
        return obj

    return decorate


def import_package(name: str, path: list[str]) -> None:
    """Import every module of the plugin package ``name`` (so each registers itself).

    A package imports its own modules first, in the order its menus list
    them; this picks up any other module after them, so that adding a
    policy is adding a module, with no list to edit.
    """
    import pkgutil

    for info in pkgutil.iter_modules(path):
        import_module(f"{name}.{info.name}")


def present_in_order(kind: str, order: list[str]) -> None:
    """List ``kind``'s names in ``order`` (names not in it keep their place after)."""
    table = _REGISTRY.get(kind, {})
    ranked = {name: table[name] for name in order if name in table}
    ranked.update((name, obj) for name, obj in table.items() if name not in ranked)
    _REGISTRY[kind] = ranked


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A package's module ``__getattr__`` (PEP 562) that imports on first use.

    ``exports`` maps a public name to the submodule that defines it; any
    other name that is a submodule is imported (``package.fits``), so that
    importing the package itself costs nothing (start-up time).
    """
    namespace = import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is not None:
            value = getattr(import_module(f"{package}.{module}"), name)
            namespace[name] = value
            return value
        if not name.startswith("__"):
            try:
                return import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


#: The package that registers each kind; other kinds load every package.
#: A package may name the module that registers each of its names, in menu
#: order (``POLICY_MODULES``): looking one name up then imports that module
#: only, so a run loads just the policies it uses.  A name it does not list
#: (a new policy in a new module) is found by importing the whole package.
_PACKAGES = {"cpu": "cpu", "memory": "memory", "io": "disk", "library": "library", "vm": "vm",
             "llm_kv": "llm"}


def _package(kind: str) -> Any:
    return import_module(f"{__package__}.{_PACKAGES[kind]}")


def _complete(kind: str) -> None:
    """Import every module that registers ``kind`` and put its names in menu order."""
    if kind not in _PACKAGES:
        for other in _PACKAGES:
            _complete(other)
        return
    if kind in _REGISTRY and _COMPLETE.get(kind) is _REGISTRY[kind]:
        return
    package = _package(kind)
    homes = getattr(package, "POLICY_MODULES", None) or {}
    for module in dict.fromkeys(homes.values()):
        import_module(f"{package.__name__}.{module}")
    import_package(package.__name__, package.__path__)
    table = _REGISTRY.setdefault(kind, {})
    for name, obj in _EVER.get(kind, {}).items():
        if name not in table and getattr(obj, "__module__", "").startswith(package.__name__ + "."):
            table[name] = obj
    present_in_order(kind, list(homes))
    _COMPLETE[kind] = _REGISTRY[kind]


def _find(kind: str, name: str) -> Any:
    """``kind``/``name``, importing only the module that registers it when known."""
    table = _REGISTRY.get(kind)
    if table is not None and name in table:
        return table[name]
    if kind in _PACKAGES:
        package = _package(kind)  # a package may register its names itself
        home = (getattr(package, "POLICY_MODULES", None) or {}).get(name)
        if home is not None:
            module = f"{package.__name__}.{home}"
            import_module(module)
            table = _REGISTRY.setdefault(kind, {})
            if name not in table:
                known = _EVER.get(kind, {}).get(name)
                if getattr(known, "__module__", None) == module:
                    table[name] = known
        table = _REGISTRY.get(kind)
        if table is not None and name in table:
            return table[name]
    _complete(kind)
    return _REGISTRY[kind][name]


def load_all() -> None:
    """Import every package that registers something (for catalogs of every key)."""
    _complete("")


def kinds() -> list[str]:
    """Every kind something is registered under (every package loaded)."""
    _complete("")
    return list(_REGISTRY)


def get(kind: str, name: str) -> Any:
    """The object registered as ``kind``/``name``; KeyError if there is none."""
    return _find(kind, name)


def has(kind: str, name: str) -> bool:
    """Is ``name`` registered under ``kind``?  Loads as little as ``get``."""
    try:
        _find(kind, name)
    except KeyError:
        return False
    return True


def names(kind: str) -> list[str]:
    """Registered names of one kind, in menu order (every module of the kind loaded)."""
    _complete(kind)
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
    _complete(kind)
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
