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

from .. import registry
from ..errors import Problem, ScenarioError
from .fields import (MAX_COUNT, MAX_CORES, MAX_CYLINDERS, MAX_DESCRIPTION,
                    MAX_IO_REQUESTS, MAX_LEVELS, MAX_MEMORY, MAX_NAME, MAX_SEED,
                    MAX_SEMAPHORES, MAX_TICKS, MAX_TITLE, REQUIRED, Checker, index,
                    join, show)
from .programs import Env, read_processes

__all__ = ["problems", "validate", "normalize", "ScenarioError", "Problem"]

TOP_FIELDS = ("version", "title", "description", "seed", "cpu", "memory", "io", "ipc",
              "threads", "semaphores", "limits", "processes", "io_requests", "checkpoints")
CPU_FIELDS = ("policy", "quantum", "cores", "context_switch", "tie_break", "requeue", "mlfq")
MLFQ_FIELDS = ("quanta", "allotments", "boost", "io_stay", "io_bump")
MEMORY_FIELDS = ("size", "base", "policy", "coalesce", "header", "align", "order", "holes")
MEMORY_ORDERS = ["address", "size_asc", "size_desc", "insert_front", "insert_back"]
IO_FIELDS = ("policy", "cylinders", "head", "direction", "seek_time")
IPC_FIELDS = ("send", "capacity")
THREADS_FIELDS = ("model", "quantum")
LIMITS_FIELDS = ("max_ticks",)
IO_REQUEST_FIELDS = ("cylinder", "arrival")
CHECKPOINT_FIELDS = ("t", "kind", "prompt", "params")
CHECKPOINT_KINDS = ["next_process", "queue", "metric", "address", "disk_next"]
MAX_CHECKPOINTS = 50

DEFAULT_MEMORY_SIZE = 1 << 20
DEFAULT_QUANTA = [2, 4, 8]
DEFAULT_ALLOTMENTS = [1, 1, 1]
_TICK_LIMIT = " (the engine's limit on ticks)"


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
        check.add("", f"a scenario must be a JSON object, got {show(raw)}")
        return {}
    check.unknown(raw, TOP_FIELDS, "", what="a scenario")
    version = raw.get("version", 1)
    if not (type(version) is int and version == 1):
        check.add("version", f"must be 1 (the only version of the format), got {show(version)}")
    # Sections are read in the order a scenario usually lists them, so that
    # problems come out in reading order.
    out: dict[str, Any] = {
        "version": 1,
        "title": check.text(raw, "title", "", MAX_TITLE),
        "description": check.text(raw, "description", "", MAX_DESCRIPTION),
        "seed": check.integer(raw, "seed", "", 0, 0, MAX_SEED),
        "cpu": _cpu(check, raw),
        "memory": _memory(check, raw),
        "io": _io(check, raw),
        "ipc": _ipc(check, raw),
        "threads": _threads(check, raw),
        "semaphores": _semaphores(check, raw),
        "limits": _limits(check, raw),
    }
    env = Env(memory_size=out["memory"]["size"], cylinders=out["io"]["cylinders"],
              semaphores=out["semaphores"])
    out["processes"] = read_processes(check, raw.get("processes"), env)
    out["io_requests"] = _io_requests(check, raw.get("io_requests"), out["io"]["cylinders"])
    out["checkpoints"] = _checkpoints(check, raw.get("checkpoints"))
    if _lacks_workload(raw):
        check.add("processes", "a scenario needs at least one process (\"processes\") or one "
                               "disk request (\"io_requests\")")
    return out


def _lacks_workload(raw: dict) -> bool:
    """Neither ``processes`` nor ``io_requests`` holds anything to simulate.

    A value of the wrong type is reported on its own; this only speaks up
    when both are absent, null or empty.
    """
    return all(raw.get(k) is None or raw.get(k) == [] for k in ("processes", "io_requests"))


def _cpu(check: Checker, raw: dict) -> dict[str, Any]:
    cpu = check.section(raw, "cpu", "", CPU_FIELDS)
    return {
        "policy": check.policy(cpu, "policy", "cpu", "fcfs", registry.names("cpu")),
        "quantum": check.ticks(cpu, "quantum", "cpu", 2),
        "cores": check.integer(cpu, "cores", "cpu", 1, 1, MAX_CORES, " (the engine's limit)"),
        "context_switch": check.ticks(cpu, "context_switch", "cpu", 0, lo=0),
        "tie_break": check.choice(cpu, "tie_break", "cpu", "arrival", ["arrival", "index"]),
        "requeue": check.choice(cpu, "requeue", "cpu", "after_arrivals",
                                ["after_arrivals", "before_arrivals"]),
        "mlfq": _mlfq(check, cpu),
    }


def _mlfq(check: Checker, cpu: dict) -> dict[str, Any]:
    mlfq = check.section(cpu, "mlfq", "cpu", MLFQ_FIELDS)
    quanta = _levels(check, mlfq, "quanta", DEFAULT_QUANTA)
    allotments = _levels(check, mlfq, "allotments", DEFAULT_ALLOTMENTS)
    if quanta is not None and allotments is not None and len(quanta) != len(allotments):
        check.add("cpu.mlfq.allotments", f"must have one entry per level, as many as quanta "
                                         f"({len(quanta)}), got {len(allotments)}")
    return {
        "quanta": quanta,
        "allotments": allotments,
        "boost": check.ticks(mlfq, "boost", "cpu.mlfq", 0, lo=0),
        "io_stay": check.boolean(mlfq, "io_stay", "cpu.mlfq", False),
        "io_bump": check.boolean(mlfq, "io_bump", "cpu.mlfq", False),
    }


def _levels(check: Checker, mlfq: dict, key: str, default: list[int]) -> list[int] | None:
    """One positive integer per MLFQ level (level 0 is the highest)."""
    where = join("cpu.mlfq", key)
    value = mlfq.get(key, default)
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_LEVELS:
        check.add(where, f"must be a list of 1 to {MAX_LEVELS} positive integers, one per "
                         f"level, got {show(value)}")
        return None
    out = [check.int_value(v, index(where, i), 1, MAX_TICKS, _TICK_LIMIT)
           for i, v in enumerate(value)]
    return None if None in out else list(out)  # type: ignore[arg-type]


def _memory(check: Checker, raw: dict) -> dict[str, Any]:
    mem = check.section(raw, "memory", "", MEMORY_FIELDS)
    size = check.size(mem, "size", "memory", DEFAULT_MEMORY_SIZE, 1, MAX_MEMORY)
    base = check.size(mem, "base", "memory", 0, 0, MAX_MEMORY)
    limit = size if size is not None else MAX_MEMORY
    policy = check.policy(mem, "policy", "memory", "first_fit", registry.names("memory"))
    order = check.choice(mem, "order", "memory", "address", MEMORY_ORDERS)
    if policy == "buddy" and order not in ("address", None):
        check.add("memory.order", "the buddy allocator keeps its free blocks by address, so "
                                  f"order must be \"address\", got {show(order)}")
    return {
        "size": size,
        "base": base,
        "policy": policy,
        "coalesce": check.boolean(mem, "coalesce", "memory", True),
        "header": check.size(mem, "header", "memory", 0, 0, limit),
        "align": check.size(mem, "align", "memory", 1, 1, limit),
        "order": order,
        "holes": _holes(check, mem.get("holes"), base, size),
    }


def _holes(check: Checker, value: object, base: int | None,
           size: int | None) -> list[list[int]] | None:
    """``[[start, size], ...]``: disjoint ranges inside ``base .. base + size``."""
    if value is None:
        return None
    if not isinstance(value, list):
        check.add("memory.holes", f"must be null or a list of [start, size] pairs, "
                                  f"got {show(value)}")
        return None
    out: list[list[int]] = []
    for i, hole in enumerate(value):
        where = index("memory.holes", i)
        if not (isinstance(hole, list) and len(hole) == 2):
            check.add(where, f"must be a [start, size] pair, got {show(hole)}")
            continue
        start = check.size_value(hole[0], index(where, 0), 0)
        length = check.size_value(hole[1], index(where, 1), 1)
        if start is None or length is None:
            continue
        if base is not None and size is not None and not (
                base <= start and start + length <= base + size):
            check.add(where, f"the hole {start:,}..{start + length:,} is outside memory "
                             f"({base:,}..{base + size:,})")
            continue
        out.append([start, length])
    for (a, la), (b, lb) in zip(sorted(out), sorted(out)[1:]):
        if b < a + la:
            check.add("memory.holes", f"holes overlap: the hole at {a:,} ({la:,} bytes) runs "
                                      f"into the hole at {b:,}")
            break
    return out


def _io(check: Checker, raw: dict) -> dict[str, Any]:
    io = check.section(raw, "io", "", IO_FIELDS)
    cylinders = check.integer(io, "cylinders", "io", 200, 1, MAX_CYLINDERS,
                              " (the engine's limit)")
    head = check.integer(io, "head", "io", 0, 0)
    if head is not None and cylinders is not None and head >= cylinders:
        check.add("io.head", f"must be a cylinder from 0 to {cylinders - 1}, got {show(head)}")
        head = None
    return {
        "policy": check.policy(io, "policy", "io", "fcfs", registry.names("io")),
        "cylinders": cylinders,
        "head": head,
        "direction": check.choice(io, "direction", "io", "up", ["up", "down"]),
        "seek_time": check.ticks(io, "seek_time", "io", 1, lo=0),
    }


def _ipc(check: Checker, raw: dict) -> dict[str, Any]:
    ipc = check.section(raw, "ipc", "", IPC_FIELDS)
    capacity = None
    if ipc.get("capacity") is not None:
        capacity = check.integer(ipc, "capacity", "ipc", None, 1, MAX_COUNT)
    return {"send": check.choice(ipc, "send", "ipc", "async", ["async", "sync"]),
            "capacity": capacity}


def _threads(check: Checker, raw: dict) -> dict[str, Any]:
    threads = check.section(raw, "threads", "", THREADS_FIELDS)
    return {"model": check.choice(threads, "model", "threads", "kernel", ["kernel", "user"]),
            "quantum": check.ticks(threads, "quantum", "threads", 1)}


def _semaphores(check: Checker, raw: dict) -> dict[str, int]:
    value = raw.get("semaphores", {})
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.add("semaphores", f"must be an object of name: initial value, e.g. "
                                f"{{\"empty\": 3}}, got {show(value)}")
        return {}
    if len(value) > MAX_SEMAPHORES:
        check.add("semaphores", f"at most {MAX_SEMAPHORES:,} semaphores are allowed, "
                                f"got {len(value):,}")
        return {}
    out: dict[str, int] = {}
    for name, initial in value.items():
        where = join("semaphores", str(name))
        if not str(name).strip() or len(str(name)) > MAX_NAME:
            check.add(where, f"a semaphore name must be 1 to {MAX_NAME} characters")
            continue
        n = check.int_value(initial, where, 0, MAX_COUNT)
        if n is not None:
            out[str(name)] = n
    return out


def _limits(check: Checker, raw: dict) -> dict[str, Any]:
    limits = check.section(raw, "limits", "", LIMITS_FIELDS)
    return {"max_ticks": check.ticks(limits, "max_ticks", "limits", MAX_TICKS)}


def _io_requests(check: Checker, raw: object, cylinders: int | None) -> list[dict[str, int]]:
    raw = check.array(raw, "io_requests", "disk requests", MAX_IO_REQUESTS)
    if not raw:
        return []
    out = []
    for i, req in enumerate(raw):
        where = index("io_requests", i)
        if not isinstance(req, dict):
            check.add(where, f"must be a disk request like {{\"cylinder\": 98, \"arrival\": 0}}, "
                             f"got {show(req)}")
            continue
        check.unknown(req, IO_REQUEST_FIELDS, where, what="a disk request")
        cylinder = check.integer(req, "cylinder", where, REQUIRED, 0)
        if cylinder is not None and cylinders is not None and cylinder >= cylinders:
            check.add(join(where, "cylinder"), f"must be a cylinder from 0 to {cylinders - 1}, "
                                               f"got {show(cylinder)}")
        out.append({"cylinder": cylinder, "arrival": check.ticks(req, "arrival", where, 0, lo=0)})
    return out


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
            check.add(where, f"must be an object with t, kind and prompt, got {show(item)}")
            continue
        check.unknown(item, CHECKPOINT_FIELDS, where, what="a checkpoint")
        t = check.integer(item, "t", where, REQUIRED, 0, MAX_TICKS)
        kind = check.choice(item, "kind", where, REQUIRED, CHECKPOINT_KINDS)
        prompt = check.text(item, "prompt", where, MAX_TITLE * 2)
        params = item.get("params", {})
        if not isinstance(params, dict) or any(
                not isinstance(v, (str, int)) or isinstance(v, bool) for v in params.values()):
            check.add(join(where, "params"), "must be an object of names and numbers, "
                                            f"e.g. {{\"process\": \"P2\"}}, got {show(params)}")
            params = {}
        out.append({"t": t, "kind": kind, "prompt": prompt or "", "params": dict(params)})
    return out
