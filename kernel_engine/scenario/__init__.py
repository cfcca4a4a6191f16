"""Scenario validation and normalization: the only door into the kernel.

``validate(raw)`` (the public ``kernel_engine.validate``) returns the
normalized scenario described in docs/internals.md (every default filled in,
sizes in bytes, ``burst`` expanded to a program) or raises
:class:`ScenarioError` with every problem.  ``problems(raw)`` lists
everything wrong with a raw scenario (parsed JSON) without raising, each
problem with its JSON path and one sentence a student can read.

Both read the scenario once, in time linear in its size; the limits in
:mod:`kernel_engine.scenario.fields` bound that size.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Any, Iterator

from ..errors import Problem, ScenarioError
from ..i18n import define, gettext_noop
from .fields import (MAX_DESCRIPTION, MAX_SEED, MAX_TICKS, MAX_TITLE, REQUIRED, Checker, index,
                     join, show)
from .processes import Env, read_processes

__all__ = ["problems", "validate", "normalize", "ScenarioError", "Problem"]

TOP_FIELDS = ("version", "title", "description", "seed", "cpu", "memory", "io", "ipc",
              "threads", "semaphores", "limits", "processes", "io_requests", "checkpoints",
              "vm", "resources", "llm")
LIMITS_FIELDS = ("max_ticks",)
CHECKPOINT_FIELDS = ("t", "kind", "prompt", "params")
CHECKPOINT_KINDS = ["next_process", "queue", "metric", "address", "disk_next"]
MAX_CHECKPOINTS = 50

NOT_A_SCENARIO = define("problem.scenario.object", gettext_noop("a scenario must be a JSON object, got {value}"))
BAD_VERSION = define("problem.scenario.version",
                     gettext_noop("must be 1 (the only version of the format), got {value}"))
NO_WORKLOAD = define("problem.scenario.workload", gettext_noop(
    'a scenario needs at least one process ("processes") or one disk request ("io_requests")'))
NOT_A_CHECKPOINT = define("problem.checkpoint.object",
                          gettext_noop("must be an object with t, kind and prompt, got {value}"))
BAD_PARAMS = define("problem.checkpoint.params", gettext_noop(
    'must be an object of names and numbers, e.g. {"process": "P2"}, got {value}'))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a scenario is read.

    Reading a large scenario allocates millions of small dicts and lists, and
    each allocation burst triggers collections that traverse the whole
    (growing) heap: more than half the time for 10^5 processes.  What is
    built here holds no reference cycles, so there is nothing for the
    collector to find; it is restored as it was afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def problems(raw: object) -> list[Problem]:
    """Every problem with ``raw``, in reading order; ``[]`` if it is a valid scenario."""
    check = Checker()
    with gc_paused():
        _read(check, raw)
    return check.problems


def validate(raw: object) -> dict[str, Any]:
    """The normalized scenario; raises ScenarioError listing every problem."""
    check = Checker()
    with gc_paused():
        out = _read(check, raw)
    if check.problems:
        raise ScenarioError(check.problems)
    return out


#: The older name of :func:`validate`.
normalize = validate


def _read(check: Checker, raw: object) -> dict[str, Any]:
    if not isinstance(raw, dict):
        check.add("", NOT_A_SCENARIO.say(value=show(raw)))
        return {}
    check.unknown(raw, TOP_FIELDS, "", what="a scenario")
    version = raw.get("version", 1)
    if not (type(version) is int and version == 1):
        check.add("version", BAD_VERSION.say(value=show(version)))
    # Each subsystem reads its own section (imported here: the plugin packages
    # import this package's field readers).  Sections are read in the order a
    # scenario usually lists them, so that problems come out in reading order.
    # The virtual memory and the LLM device are read only when their section
    # is there (absent, neither is read nor imported: start-up time).
    from ..cpu import config as cpu
    from ..disk import config as disk
    from ..ipc import config as ipc
    from ..memory import config as memory
    from ..threads import config as threads
    out: dict[str, Any] = {
        "version": 1,
        "title": check.text(raw, "title", "", MAX_TITLE),
        "description": check.text(raw, "description", "", MAX_DESCRIPTION),
        "seed": check.integer(raw, "seed", "", 0, 0, MAX_SEED),
        "cpu": cpu.read_section(check, raw),
        "memory": memory.read_section(check, raw),
        "io": disk.read_section(check, raw),
        "ipc": ipc.read_section(check, raw),
        "threads": threads.read_section(check, raw),
        "semaphores": threads.read_semaphores(check, raw),
        "limits": _limits(check, raw),
    }
    # Sections that exist only when given (absent = no virtual memory, no banker).
    vm_section = None
    if raw.get("vm") is not None:
        from ..vm import config as vm
        vm_section = vm.read_section(check, raw)
    for key, value in (("vm", vm_section), ("resources", threads.read_resources(check, raw))):
        if value is not None:
            out[key] = value
    device = None
    if raw.get("llm") is not None:
        from ..llm import config as llm
        device = llm.read_section(check, raw)
    if device is not None:  # absent: the key too, so that scenarios without it read as before
        out["llm"] = device
    env = Env(memory_size=out["memory"]["size"], cylinders=out["io"]["cylinders"],
              semaphores=out["semaphores"], llm=device)
    out["processes"] = read_processes(check, raw.get("processes"), env)
    out["io_requests"] = disk.read_requests(check, raw.get("io_requests"), out["io"]["cylinders"])
    out["checkpoints"] = _checkpoints(check, raw.get("checkpoints"))
    if vm_section is not None or env.vm_ops:
        from ..vm import config as vm
        vm.check_use(check, out, env.vm_ops)
    threads.check_resources(check, out, env.resource_ops)
    if _lacks_workload(raw):
        check.add("processes", NO_WORKLOAD.say())
    return out


def _lacks_workload(raw: dict) -> bool:
    """Neither ``processes`` nor ``io_requests`` holds anything to simulate.

    A value of the wrong type is reported on its own; this only speaks up
    when both are absent, null or empty.
    """
    llm = raw.get("llm")
    if isinstance(llm, dict) and (llm.get("requests") or llm.get("generate")):
        return False
    return all(raw.get(k) is None or raw.get(k) == [] for k in ("processes", "io_requests"))


def _limits(check: Checker, raw: dict) -> dict[str, Any]:
    limits = check.section(raw, "limits", "", LIMITS_FIELDS)
    return {"max_ticks": check.ticks(limits, "max_ticks", "limits", MAX_TICKS)}


def _checkpoints(check: Checker, raw: object) -> list[dict[str, Any]]:
    """Questions a teacher placed at chosen ticks; the simulation ignores them.

    They travel with the scenario (and its shared link) so that a player can
    pause there and ask for a prediction.
    """
    raw = check.array(raw, "checkpoints", "checkpoints", MAX_CHECKPOINTS)
    if not raw:
        return []
    out = []
    for i, item in enumerate(raw):
        where = index("checkpoints", i)
        if not isinstance(item, dict):
            check.add(where, NOT_A_CHECKPOINT.say(value=show(item)))
            continue
        check.unknown(item, CHECKPOINT_FIELDS, where, what="a checkpoint")
        t = check.integer(item, "t", where, REQUIRED, 0, MAX_TICKS)
        kind = check.choice(item, "kind", where, REQUIRED, CHECKPOINT_KINDS)
        prompt = check.text(item, "prompt", where, MAX_TITLE * 2)
        params = item.get("params", {})
        if not isinstance(params, dict) or any(
                not isinstance(v, (str, int)) or isinstance(v, bool) for v in params.values()):
            check.add(join(where, "params"), BAD_PARAMS.say(value=show(params)))
            params = {}
        out.append({"t": t, "kind": kind, "prompt": prompt or "", "params": dict(params)})
    return out
