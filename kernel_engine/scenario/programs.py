"""Validation and normalization of programs and their ops.

:class:`ProgramReader` reads each process's ``program`` for
:mod:`kernel_engine.scenario.processes`; what an op declares or refers to
is recorded in its process's scope and resolved once every process is read.
Common well-formed ops take the fast path of
:mod:`kernel_engine.scenario.plain_ops`; any other op, and any op with a
problem, is read here field by field.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import define, gettext_noop
from .fields import (MAX_COUNT, MAX_JSON_DEPTH, MAX_MEMORY, MAX_OPS, MAX_SPAWN_DEPTH,
                     MAX_TICKS, REQUIRED, Checker, index, join, listing, show)
from .plain_ops import PLAIN_OPS

if TYPE_CHECKING:  # pragma: no cover
    from .processes import Env, Scope

#: Each op kind's fields in normalized order, with their defaults.
OP_FIELDS: dict[str, dict[str, Any]] = {
    "cpu": {"ticks": REQUIRED},
    "alloc": {"size": REQUIRED, "as": None},
    "free": {"ref": REQUIRED},
    "io": {"cylinder": None, "ticks": None},
    "send": {"to": REQUIRED, "body": None},
    "recv": {"from": None, "as": None},
    "request": {"to": REQUIRED, "body": None, "as": None},
    "reply": {"to": None, "body": None},
    "publish": {"topic": REQUIRED, "body": None},
    "subscribe": {"topic": REQUIRED},
    "spawn": {"thread": REQUIRED, "program": REQUIRED},
    "join": {"thread": REQUIRED},
    "lock": {"mutex": REQUIRED},
    "unlock": {"mutex": REQUIRED},
    "sem_wait": {"sem": REQUIRED},
    "sem_signal": {"sem": REQUIRED},
    "call": {"fn": REQUIRED, "args": {}, "as": None},
    # virtual memory (kernel_engine/vm) and the banker (threads/avoid.py)
    "touch": {"pages": REQUIRED, "write": False},
    "access": {"addr": REQUIRED, "write": False},
    "acquire": {"vector": REQUIRED},
    "release": {"vector": REQUIRED},
    "generate": {"prompt": REQUIRED, "output": REQUIRED, "prefix": None, "n": 1, "as": None},
}
#: Ops the kernel runs as several (vm/kernel_side.py: an access, then its fault wait).
_EXPANDED = frozenset({"touch", "access"})
#: Pages one touch op may list, and units in a resource vector.
MAX_TOUCH = 100_000
MAX_RESOURCE_TYPES = 64
OP_KINDS = list(OP_FIELDS)
#: The keys an op of each kind may have, in order (for messages) and as a set.
OP_KEYS = {kind: ("op", *fields) for kind, fields in OP_FIELDS.items()}
_OP_KEYSETS = {kind: frozenset(keys) for kind, keys in OP_KEYS.items()}

# What each plain name field holds, for "missing; give ..." messages.
_NAME_WHAT = {"as": "a value name", "ref": "the name an alloc bound with \"as\"",
              "to": "a process name", "from": "a process name", "topic": "a topic name",
              "mutex": "a mutex name", "sem": "a semaphore name", "thread": "a thread name",
              "fn": "a library function name such as \"math.matmul\"",
              "prefix": "a prefix name of llm.prefixes"}

# The problems of processes, programs and ops, as data (kernel_engine.i18n).
NOT_A_PROGRAM = define("problem.program.list", gettext_noop("must be a non-empty list of ops, got {value}"))
TOO_MANY_OPS = define("problem.program.too_many_ops", gettext_noop(
    "the scenario has more than {n} ops (counting thread programs); at most {n} are allowed"))
NOT_AN_OP = define("problem.op.object", gettext_noop(
    'must be an op (an object like {"op": "cpu", "ticks": 3}), got {value}'))
OP_MISSING = define("problem.op.missing", gettext_noop('missing; every op names its kind, e.g. "op": "cpu"'))
OP_DID_YOU_MEAN = define("problem.op.did_you_mean", gettext_noop("unknown op {op}; did you mean '{name}'?"))
OP_UNKNOWN = define("problem.op.unknown", gettext_noop("unknown op {op}; choose one of {options}"))
NOT_PAGES = define("problem.touch.pages", gettext_noop(
    "must be a non-empty list of page numbers, e.g. [7, 0, 1], got {value}"))
TOO_MANY_PAGES = define("problem.touch.too_many", gettext_noop("at most {n} pages per touch op, got {m}"))
NOT_A_PAGE = define("problem.touch.page", gettext_noop(
    "must be a page number (an integer of at least 0), got {value}"))
NOT_A_VECTOR = define("problem.resources.vector", gettext_noop(
    "must be a list of units per resource type (integers of at least 0), e.g. [1, 0, 2], got {value}"))
SEM_UNDECLARED = define("problem.semaphore.undeclared", gettext_noop(
    "semaphore '{sem}' is not declared in \"semaphores\" (declared: {names})"))
SEM_NONE_DECLARED = define("problem.semaphore.none_declared", gettext_noop(
    'semaphore \'{sem}\' is not declared in "semaphores" (none are declared; add '
    '"semaphores": {"{sem}": 1})'))
THREAD_TWICE = define("problem.thread.duplicate", gettext_noop("duplicate thread name '{name}' (also {path})"))
NOT_A_CYLINDER = define("problem.cylinder", gettext_noop("must be a cylinder from 0 to {n}, got {value}"))
ARGS_NOT_OBJECT = define("problem.call.args", gettext_noop("must be an object of named arguments, got {value}"))
NESTS_DEEP = define("problem.json.nests", gettext_noop("nests more than {n} levels deep"))
BAD_REFERENCE = define("problem.ref.shape", gettext_noop('a reference must look like {"$ref": "name"}, got {value}'))
SPAWN_NO_PROGRAM = define("problem.spawn.program", gettext_noop(
    "missing; a spawn op needs the thread's program (a list of ops)"))
SPAWN_TOO_DEEP = define("problem.spawn.depth", gettext_noop(
    "spawn programs nest more than {n} deep; at most {n} levels are allowed"))
IO_BOTH = define("problem.io.both", gettext_noop(
    'an io op needs exactly one of "cylinder" (a disk request) or "ticks" (a fixed-latency device), not both'))
IO_NEITHER = define("problem.io.neither", gettext_noop(
    'an io op needs exactly one of "cylinder" (a disk request) or "ticks" (a fixed-latency device), '
    'got neither'))


class ProgramReader:
    """Reads programs op by op; one instance reads the whole ``processes`` array."""

    def __init__(self, check: Checker, env: Env) -> None:
        self.check = check
        self.env = env
        self.ops = 0
        self.over_limit = False
        self.thread_paths: dict[str, str] = {}
        self.targets: list[tuple[str, str]] = []   # (path, process name) from to/from
        self._readers = self._build_readers()

    # -- programs --------------------------------------------------------
    def program(self, value: object, where: str, scope: Scope, depth: int) -> list[dict] | None:
        """A non-empty list of ops, normalized; None if it has a problem."""
        if not isinstance(value, list) or not value:
            self.check.add(where, NOT_A_PROGRAM.say(value=show(value)))
            return None
        if self.over_limit:
            return None
        self.ops += len(value)
        if self.ops > MAX_OPS:
            # Counted before reading, so an oversized program costs nothing:
            # the limit is there to bound this very work.
            self.over_limit = True
            self.check.add("processes", TOO_MANY_OPS.say(n=f"{MAX_OPS:,}"))
            return None
        out: list[dict] = []
        ok = True
        plain = PLAIN_OPS
        for i, raw in enumerate(value):
            if type(raw) is dict:
                kind = raw.get("op")
                fast = plain.get(kind) if type(kind) is str else None
                if fast is not None:
                    op = fast(self, raw, scope, where, i)
                    if op is not None:
                        out.append(op)
                        continue
            op = self.op(raw, index(where, i), scope, depth)
            ok = ok and op is not None
            if op is not None:
                if op["op"] in _EXPANDED:
                    from ..vm.kernel_side import expand
                    out.extend(expand(op))
                else:
                    out.append(op)
        return out if ok else None

    def op(self, raw: object, where: str, scope: Scope, depth: int) -> dict | None:
        """One op, normalized to ``{"op": kind, <every field of that kind>}``."""
        check = self.check
        if type(raw) is not dict:
            check.add(where, NOT_AN_OP.say(value=show(raw)))
            return None
        kind = raw.get("op")
        fields = OP_FIELDS.get(kind) if type(kind) is str else None
        if fields is None:
            self.unknown_kind(kind, where)
            return None
        before = len(check.problems)
        if not raw.keys() <= _OP_KEYSETS[kind]:
            check.unknown(raw, OP_KEYS[kind], where, op=kind)
        out: dict[str, Any] = {"op": kind}
        readers = self._readers
        for key, default in fields.items():
            out[key] = readers[key](kind, key, default, raw, where, scope, depth)
        if kind == "io" or kind == "call" or kind == "generate":
            self.after(kind, raw, out, where)
        return out if len(check.problems) == before else None

    def unknown_kind(self, kind: object, where: str) -> None:
        if kind is None:
            self.check.add(join(where, "op"), OP_MISSING.say())
            return
        import difflib  # only for an unknown op: it costs ~20 ms to import
        close = difflib.get_close_matches(str(kind), OP_KINDS, n=1, cutoff=0.6)
        shown = f"'{kind}'" if isinstance(kind, str) else show(kind)
        self.check.add(join(where, "op"), OP_DID_YOU_MEAN.say(op=shown, name=close[0]) if close
                       else OP_UNKNOWN.say(op=shown, options=", ".join(OP_KINDS)))

    # -- fields ----------------------------------------------------------
    # Every reader has the same signature, (kind, key, default, raw, where,
    # scope, depth), so that ``op`` can call them from one table.

    def _build_readers(self) -> dict[str, Any]:
        names = dict.fromkeys(_NAME_WHAT, self.name_field)
        return {**names, "ticks": self.ticks_field, "cylinder": self.cylinder,
                "size": self.alloc_size, "body": self.payload, "args": self.payload,
                "program": self.spawn_program, "pages": self.pages_field,
                "addr": self.addr_field, "write": self.write_field, "vector": self.vector_field,
                "prompt": self.tokens, "output": self.tokens, "n": self.tokens}

    def tokens(self, kind: str, key: str, default: Any, raw: dict, where: str,
               scope: Scope, depth: int) -> int | None:
        """A token count of a generate op (``n``: parallel samples)."""
        return self.check.integer(raw, key, where, default, 1, 16 if key == "n" else 1 << 20)

    def ticks_field(self, kind: str, key: str, default: Any, raw: dict, where: str,
                    scope: Scope, depth: int) -> int | None:
        value = raw.get(key)
        if type(value) is int and 1 <= value <= MAX_TICKS:
            return value  # the common case, without the general reader's overhead
        return self.check.ticks(raw, key, where, default)

    def name_field(self, kind: str, key: str, default: Any, raw: dict, where: str,
                   scope: Scope, depth: int) -> str | None:
        """A name; records what it declares (as, spawn) or refers to (ref, to, join...)."""
        value = self.check.name(raw, key, where, default, _NAME_WHAT[key])
        if value is None:
            return None
        if key == "as":
            # An alloc's "as" names a block (for free); the others bind a
            # value that a later {"$ref": name} can use.
            if kind == "alloc":
                scope.allocs[value] = None
            else:
                scope.bound[value] = None
        elif key == "ref":
            scope.frees.append((where, value))
        elif key == "to" or key == "from":
            self.targets.append((join(where, key), value))
        elif key == "sem":
            self.check_semaphore(value, join(where, key))
        elif kind == "join":
            scope.joins.append((where, value))
        elif kind == "spawn":
            self.declare_thread(value, join(where, key), scope)
        return value

    def pages_field(self, kind: str, key: str, default: Any, raw: dict, where: str,
                    scope: Scope, depth: int) -> list[int] | None:
        """A touch's reference string: page numbers (each counts as an op)."""
        self.env.vm_ops.append(where)
        path = join(where, key)
        value = raw.get(key)
        if not isinstance(value, list) or not value:
            self.check.add(path, NOT_PAGES.say(value=show(value)))
            return None
        if len(value) > MAX_TOUCH:
            self.check.add(path, TOO_MANY_PAGES.say(n=f"{MAX_TOUCH:,}", m=f"{len(value):,}"))
            return None
        self.ops += len(value) - 1
        if all(type(p) is int and p >= 0 for p in value):
            return value
        for i, p in enumerate(value):
            if not (type(p) is int and p >= 0):
                self.check.add(index(path, i), NOT_A_PAGE.say(value=show(p)))
                return None
        return None  # pragma: no cover - the loop above found the bad page

    def addr_field(self, kind: str, key: str, default: Any, raw: dict, where: str,
                   scope: Scope, depth: int) -> int | None:
        self.env.vm_ops.append(where)
        return self.check.integer(raw, key, where, default, 0, MAX_MEMORY)

    def write_field(self, kind: str, key: str, default: Any, raw: dict, where: str,
                    scope: Scope, depth: int) -> bool | None:
        return self.check.boolean(raw, key, where, default)

    def vector_field(self, kind: str, key: str, default: Any, raw: dict, where: str,
                     scope: Scope, depth: int) -> list[int] | None:
        """Units of each resource type, e.g. [1, 0, 2] (checked against resources later)."""
        path = join(where, key)
        value = raw.get(key)
        if (not isinstance(value, list) or not value or len(value) > MAX_RESOURCE_TYPES
                or not all(type(x) is int and 0 <= x <= MAX_COUNT for x in value)):
            self.check.add(path, NOT_A_VECTOR.say(value=show(value)))
            return None
        self.env.resource_ops.append((path, len(value)))
        return value

    def check_semaphore(self, name: str, path: str) -> None:
        declared = self.env.semaphores
        if name in declared:
            return
        self.check.add(path, SEM_UNDECLARED.say(sem=name, names=listing(declared)) if declared
                       else SEM_NONE_DECLARED.say(sem=name))

    def declare_thread(self, name: str, path: str, scope: Scope) -> None:
        first = self.thread_paths.get(name)
        if first is not None:
            self.check.add(path, THREAD_TWICE.say(name=name, path=first))
        else:
            self.thread_paths[name] = path
            scope.threads[name] = None

    def cylinder(self, kind: str, key: str, default: Any, raw: dict, where: str,
                 scope: Scope, depth: int) -> int | None:
        if "cylinder" not in raw:
            return None
        cylinders = self.env.cylinders
        value = raw["cylinder"]
        if cylinders is not None and not (type(value) is int and 0 <= value < cylinders):
            self.check.add(join(where, "cylinder"), NOT_A_CYLINDER.say(n=cylinders - 1, value=show(value)))
            return None
        return self.check.int_value(value, join(where, "cylinder"), 0)

    def alloc_size(self, kind: str, key: str, default: Any, raw: dict, where: str,
                   scope: Scope, depth: int) -> int | None:
        # A request larger than the memory is valid: it fails at run time,
        # as malloc returns NULL (CONTRACT.md "Memory").
        return self.check.size(raw, "size", where, REQUIRED, 1, MAX_MEMORY)

    def payload(self, kind: str, key: str, default: Any, raw: dict, where: str,
                scope: Scope, depth: int) -> Any:
        """A message body or call args: plain, bounded JSON whose refs are collected."""
        if key not in raw:
            return {} if key == "args" else default
        value = raw[key]
        path = join(where, key)
        if key == "args" and not isinstance(value, dict):
            self.check.add(path, ARGS_NOT_OBJECT.say(value=show(value)))
            return None
        if not self.check.json_value(value, path):
            return None
        self.collect_refs(value, path, scope)
        return value

    def collect_refs(self, value: object, path: str, scope: Scope) -> None:
        """Record every ``{"$ref": name}`` inside ``value``; refuse deep nesting.

        Iterative, because a body may nest deeper than Python's recursion
        limit; the kernel substitutes references recursively, so nesting is
        capped at ``MAX_JSON_DEPTH``.  Paths are built for containers only,
        since only a container can be (or hold) a reference.
        """
        if type(value) is not dict and type(value) is not list:
            return
        stack: list[tuple[object, str, int]] = [(value, path, 1)]
        while stack:
            item, where, depth = stack.pop()
            if depth > MAX_JSON_DEPTH:
                self.check.add(path, NESTS_DEEP.say(n=MAX_JSON_DEPTH))
                return
            if type(item) is dict:
                if "$ref" in item:
                    name = item["$ref"]
                    if len(item) != 1 or not isinstance(name, str) or not name:
                        self.check.add(where, BAD_REFERENCE.say(value=show(item)))
                    else:
                        scope.refs.append((where, name))
                    continue
                children: Any = item.items()
            else:
                children = enumerate(item)  # type: ignore[arg-type]
            for k, v in children:
                if type(v) is dict or type(v) is list:
                    stack.append((v, join(where, k) if type(k) is str else index(where, k),
                                  depth + 1))

    def spawn_program(self, kind: str, key: str, default: Any, raw: dict, where: str,
                      scope: Scope, depth: int) -> list | None:
        path = join(where, "program")
        if "program" not in raw:
            self.check.add(path, SPAWN_NO_PROGRAM.say())
            return None
        if depth + 1 > MAX_SPAWN_DEPTH:
            self.check.add(path, SPAWN_TOO_DEEP.say(n=MAX_SPAWN_DEPTH))
            return None
        return self.program(raw["program"], path, scope, depth + 1)

    def after(self, kind: str, raw: dict, out: dict, where: str) -> None:
        """Checks that involve more than one field of an op."""
        if kind == "io" and ("cylinder" in raw) == ("ticks" in raw):
            self.check.add(where, IO_BOTH.say() if "cylinder" in raw else IO_NEITHER.say())
        elif kind == "generate":
            from ..llm.config import program_request_problem
            if None not in (out["prompt"], out["output"], out["n"]):
                problem = program_request_problem(out, self.env.llm)
                if problem:
                    self.check.add(where, problem)
        elif kind == "call" and out["fn"] is not None and out["args"] is not None:
            from ..library import check_call  # the library imports numpy; load it lazily
            self.check.problems.extend(check_call(out["fn"], out["args"], where))
