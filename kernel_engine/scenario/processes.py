"""Validation and normalization of the ``processes`` array.

:func:`read_processes` reads the processes; a process's ``program`` is read
op by op by :mod:`kernel_engine.scenario.programs` (imported only when a
process has a program: a burst-only workload never loads it).  Checks that
need the whole scenario (does ``to`` name a process? is a freed ref ever
allocated? does ``join`` name a thread of the same process?) are recorded
while reading and resolved at the end, so the whole array is read once, in
linear time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import define, gettext_noop
from .fields import (MAX_COUNT, MAX_NAME, MAX_PROCESSES, MAX_TICKS, REQUIRED, Checker, index, join,
                     listing, show)

if TYPE_CHECKING:  # pragma: no cover
    from .programs import ProgramReader

PROCESS_FIELDS = ("name", "arrival", "burst", "program", "priority", "tickets", "max")

# The problems of processes and of what their programs refer to, as data
# (kernel_engine.i18n).
NOT_A_PROCESS = define("problem.process.object", gettext_noop(
    "must be a process (an object with a name), got {value}"))
PROCESS_TWICE = define("problem.process.duplicate", gettext_noop(
    "duplicate process name '{name}' (also processes[{i}])"))
BURST_AND_PROGRAM = define("problem.process.burst_and_program",
                           gettext_noop('give either "burst" or "program", not both'))
NO_WORK = define("problem.process.no_work",
                 gettext_noop('needs a "burst" (CPU ticks) or a "program" (a list of ops)'))
THREAD_IS_PROCESS = define("problem.thread.process_name", gettext_noop(
    "'{name}' is already a process name; a thread needs a name of its own"))
NO_SUCH_PROCESS = define("problem.process.unknown", gettext_noop(
    "no process is named '{name}' (processes: {names})"))
NEVER_ALLOCATED = define("problem.free.never_allocated", gettext_noop(
    "'{ref}' is never allocated in process {who} (allocations: {names})"))
ALLOCATES_NOTHING = define("problem.free.allocates_nothing", gettext_noop(
    "'{ref}' is never allocated in process {who} (it allocates nothing with \"as\")"))
REF_TO_BLOCK = define("problem.ref.block", gettext_noop(
    "'{ref}' names a memory block (from alloc), not a value; only recv, request and call bind "
    "values with \"as\""))
NEVER_BOUND = define("problem.ref.never_bound", gettext_noop(
    "'{ref}' is never bound with \"as\" in process {who} (bound: {names})"))
BINDS_NOTHING = define("problem.ref.binds_nothing", gettext_noop(
    "'{ref}' is never bound with \"as\" in process {who} (it binds no value with \"as\")"))
NO_SUCH_THREAD = define("problem.join.unknown", gettext_noop(
    "no thread '{thread}' is spawned in process {who} (threads: {names})"))
SPAWNS_NONE = define("problem.join.spawns_none", gettext_noop(
    "no thread '{thread}' is spawned in process {who} (it spawns none)"))


class Scope:
    """What one process (its main program and every thread it spawns) declares and uses."""

    __slots__ = ("name", "allocs", "bound", "threads", "frees", "refs", "joins")

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.allocs: dict[str, None] = {}   # ordered set
        self.bound: dict[str, None] = {}
        self.threads: dict[str, None] = {}
        self.frees: list[tuple[str, str]] = []
        self.refs: list[tuple[str, str]] = []
        self.joins: list[tuple[str, str]] = []


class Env:
    """The parts of the scenario that ops are checked against."""

    __slots__ = ("memory_size", "cylinders", "semaphores", "vm_ops", "resource_ops", "llm")

    def __init__(self, memory_size: int | None, cylinders: int | None,
                 semaphores: dict[str, int], llm: dict | None = None) -> None:
        self.memory_size = memory_size
        self.cylinders = cylinders
        self.semaphores = semaphores
        #: paths of the touch/access ops (they need a vm section)
        self.vm_ops: list[str] = []
        #: (path, length) of each acquire/release vector (checked against resources)
        self.resource_ops: list[tuple[str, int]] = []
        self.llm = llm


class _Reading:
    """The state of one ``processes`` array being read: the op count, the program reader."""

    __slots__ = ("check", "env", "ops", "reader")

    def __init__(self, check: Checker, env: Env) -> None:
        self.check = check
        self.env = env
        self.ops = 0   # burst ops counted before the first program
        self.reader: ProgramReader | None = None

    def program_reader(self) -> ProgramReader:
        if self.reader is None:
            from .programs import ProgramReader
            self.reader = ProgramReader(self.check, self.env)
            self.reader.ops = self.ops
        return self.reader

    def count_burst(self) -> None:
        if self.reader is None:
            self.ops += 1
        else:
            self.reader.ops += 1


def read_processes(check: Checker, raw: object, env: Env) -> list[dict]:
    """The normalized ``processes`` array (problems go to ``check``)."""
    reading = _Reading(check, env)
    raw = check.array(raw, "processes", "processes", MAX_PROCESSES)
    if not raw:
        return []
    first_index: dict[str, int] = {}
    scopes: list[Scope] = []
    out: list[dict] = []
    for i, proc in enumerate(raw):
        if type(proc) is dict and "program" not in proc:
            plain = _plain_process(proc)
            if plain is not None and plain["name"] not in first_index:
                first_index[plain["name"]] = i
                reading.count_burst()
                out.append(plain)
                continue
        where = index("processes", i)
        if not isinstance(proc, dict):
            check.add(where, NOT_A_PROCESS.say(value=show(proc)))
            continue
        check.unknown(proc, PROCESS_FIELDS, where, what="a process")
        name = check.name(proc, "name", where, REQUIRED, "a process name")
        if name is not None:
            if name in first_index:
                check.add(join(where, "name"), PROCESS_TWICE.say(name=name, i=first_index[name]))
            else:
                first_index[name] = i
        out.append({"name": name,
                    "arrival": check.ticks(proc, "arrival", where, 0, lo=0),
                    "priority": check.integer(proc, "priority", where, 0, -MAX_COUNT, MAX_COUNT),
                    "tickets": check.integer(proc, "tickets", where, 1, 1, MAX_COUNT),
                    "program": _process_program(check, reading, proc, where, name, scopes),
                    # the banker's declared claim, checked with resources (threads/config.py)
                    **({"max": proc["max"]} if "max" in proc else {})})
    _resolve(check, reading.reader, scopes, first_index)
    return out


_PROCESS_KEYS = frozenset(PROCESS_FIELDS)


def _plain_process(proc: dict) -> dict | None:
    """A well-formed burst process, normalized as ``read_processes`` would; else None.

    The fast path of a large workload (20,000 FCFS jobs): every field is
    checked at once and no path is built.  Anything unusual or wrong returns
    None, and the general reader reads the process and words every problem.
    """
    name, burst = proc.get("name"), proc.get("burst")
    arrival, priority, tickets = proc.get("arrival", 0), proc.get("priority", 0), proc.get("tickets", 1)
    if not (type(name) is str and 0 < len(name) <= MAX_NAME and name.isprintable()
            and not name.isspace()
            and type(burst) is int and 1 <= burst <= MAX_TICKS
            and type(arrival) is int and 0 <= arrival <= MAX_TICKS
            and type(priority) is int and -MAX_COUNT <= priority <= MAX_COUNT
            and type(tickets) is int and 1 <= tickets <= MAX_COUNT
            and proc.keys() <= _PROCESS_KEYS):
        return None
    out = {"name": name, "arrival": arrival, "priority": priority, "tickets": tickets,
           "program": [{"op": "cpu", "ticks": burst}]}
    if "max" in proc:
        out["max"] = proc["max"]
    return out


def _process_program(check: Checker, reading: _Reading, proc: dict, where: str,
                     name: str | None, scopes: list[Scope]) -> list | None:
    has_burst, has_program = "burst" in proc, "program" in proc
    if has_burst and has_program:
        check.add(where, BURST_AND_PROGRAM.say())
        return None
    if has_burst:
        burst = check.ticks(proc, "burst", where, REQUIRED)
        if burst is not None:
            reading.count_burst()
        return None if burst is None else [{"op": "cpu", "ticks": burst}]
    if has_program:
        # Only a program can declare or refer to anything, so only a program
        # gets a scope (a burst-only workload stays cheap to check).
        scope = Scope(name)
        scopes.append(scope)
        return reading.program_reader().program(proc["program"], join(where, "program"), scope, 0)
    check.add(where, NO_WORK.say())
    return None


def _resolve(check: Checker, reader: ProgramReader | None, scopes: list[Scope],
             processes: dict[str, int]) -> None:
    """Checks that needed every process read first."""
    if reader is None:
        return  # no program: nothing declared, nothing referred to
    for name, path in reader.thread_paths.items():
        if name in processes:
            check.add(path, THREAD_IS_PROCESS.say(name=name))
    for path, name in reader.targets:
        if name not in processes:
            check.add(path, NO_SUCH_PROCESS.say(name=name, names=listing(processes)))
    for scope in scopes:
        who = scope.name if scope.name is not None else "(unnamed)"
        for where, ref in scope.frees:
            if ref not in scope.allocs:
                if type(where) is tuple:  # (program path, op index): a path made only when needed
                    where = index(*where)
                check.add(join(where, "ref"),
                          NEVER_ALLOCATED.say(ref=ref, who=who, names=listing(scope.allocs))
                          if scope.allocs else ALLOCATES_NOTHING.say(ref=ref, who=who))
        for path, ref in scope.refs:
            if ref in scope.bound:
                continue
            if ref in scope.allocs:
                check.add(path, REF_TO_BLOCK.say(ref=ref))
            else:
                check.add(path, NEVER_BOUND.say(ref=ref, who=who, names=listing(scope.bound))
                          if scope.bound else BINDS_NOTHING.say(ref=ref, who=who))
        for where, thread in scope.joins:
            if thread not in scope.threads:
                check.add(join(where, "thread"),
                          NO_SUCH_THREAD.say(thread=thread, who=who, names=listing(scope.threads))
                          if scope.threads else SPAWNS_NONE.say(thread=thread, who=who))
