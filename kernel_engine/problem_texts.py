"""Templates of the engine's validation problems and library errors.

The sentences still matched by their text (see kernel_engine/reasons.py
for the rules).  A problem's ``message`` is matched without its path: the
path (``processes[1].burst``) is shown as it is.
"""
from __future__ import annotations

from .i18n import gettext_noop

# scenario/fields.py: the typed field readers.
FIELDS = (
    gettext_noop("must be an object, got {value}"),
    gettext_noop("unknown field; did you mean '{name}'?"),
    gettext_noop("unknown field; a scenario takes: {fields}"),
    gettext_noop("unknown field; a process takes: {fields}"),
    gettext_noop("unknown field; a disk request takes: {fields}"),
    gettext_noop("unknown field; a checkpoint takes: {fields}"),
    gettext_noop("unknown field; a {op} op takes: {fields}"),
    gettext_noop("unknown field; this object takes: {fields}"),
    gettext_noop("unknown field; expected {fields}"),
    gettext_noop("missing; this field is required"),
    gettext_noop("must be a positive integer, got {value}"),
    gettext_noop("must be a non-negative integer, got {value}"),
    gettext_noop("must be an integer, got {value}"),
    gettext_noop("must be an integer of at least {n}, got {value}"),
    gettext_noop("must be at most {n}, got {value}"),
    gettext_noop("must be at most {n} (the engine's limit on ticks), got {value}"),
    gettext_noop("must be at most {n} (the engine's limit), got {value}"),
    gettext_noop("must be true or false, got {value}"),
    gettext_noop('must be "{a}" or "{b}", got {value}'),
    gettext_noop("must be one of {options}, got {value}"),
    gettext_noop("must be a policy name (a string), got {value}"),
    gettext_noop("unknown policy '{name}'; choose one of {options}"),
    gettext_noop("must be a string, got {value}"),
    gettext_noop("must be at most {n} characters, got {m}"),
    gettext_noop("missing; give {what}"),
    gettext_noop("must be {what} (a non-empty string), got {value}"),
    gettext_noop("must not contain line breaks or other control characters, got {value}"),
    gettext_noop("a name"),
    gettext_noop("a process name"),
    gettext_noop("a value name"),
    gettext_noop('the name an alloc bound with "as"'),
    gettext_noop("a topic name"),
    gettext_noop("a mutex name"),
    gettext_noop("a semaphore name"),
    gettext_noop("a thread name"),
    gettext_noop('a library function name such as "math.matmul"'),
    gettext_noop('missing; give a size in bytes or a string like "8MB"'),
    gettext_noop('must be a size in bytes or a string like "8MB", got {value}'),
    gettext_noop("must be a positive size, got {value}"),
    gettext_noop("must be at least {n} bytes, got {value}"),
    gettext_noop("must be at most {amount} ({n} bytes), got {value}"),
    gettext_noop("nests too deeply to be a message or an argument"),
    gettext_noop("must be plain JSON (strings, numbers, true/false, null, arrays and objects; "
                 "no NaN or Infinity)"),
    gettext_noop("is {n} bytes as JSON; at most {m} are allowed"),
)

# scenario/__init__.py: sections and their cross-checks.
SCENARIO = (
    gettext_noop("a scenario must be a JSON object, got {value}"),
    gettext_noop("must be 1 (the only version of the format), got {value}"),
    gettext_noop('a scenario needs at least one process ("processes") or one disk request '
                 '("io_requests")'),
    gettext_noop("must have one entry per level, as many as quanta ({n}), got {m}"),
    gettext_noop("must be a list of 1 to {n} positive integers, one per level, got {value}"),
    gettext_noop('the buddy allocator keeps its free blocks by address, so order must be '
                 '"address", got {value}'),
    gettext_noop("must be null or a list of [start, size] pairs, got {value}"),
    gettext_noop("must be a [start, size] pair, got {value}"),
    gettext_noop("the hole {start}..{end} is outside memory ({base}..{last})"),
    gettext_noop("holes overlap: the hole at {start} ({n} bytes) runs into the hole at {end}"),
    gettext_noop("must be a cylinder from 0 to {n}, got {value}"),
    gettext_noop('must be an object of name: initial value, e.g. {"empty": 3}, got {value}'),
    gettext_noop("at most {n} semaphores are allowed, got {m}"),
    gettext_noop("a semaphore name must be 1 to {n} characters"),
    gettext_noop("must be an array of disk requests, got {value}"),
    gettext_noop("at most {n} disk requests are allowed, got {m}"),
    gettext_noop('must be a disk request like {"cylinder": 98, "arrival": 0}, got {value}'),
    gettext_noop("must be an array of checkpoints, got {value}"),
    gettext_noop("at most {n} checkpoints are allowed, got {m}"),
    gettext_noop("must be an object with t, kind and prompt, got {value}"),
    gettext_noop('must be an object of names and numbers, e.g. {"process": "P2"}, got {value}'),
)

# scenario/programs.py: processes, programs and ops.
OPS = (
    gettext_noop("must be a non-empty list of ops, got {value}"),
    gettext_noop("the scenario has more than {n} ops (counting thread programs); at most {n} "
                 "are allowed"),
    gettext_noop('must be an op (an object like {"op": "cpu", "ticks": 3}), got {value}'),
    gettext_noop('missing; every op names its kind, e.g. "op": "cpu"'),
    gettext_noop("unknown op {op}; did you mean '{name}'?"),
    gettext_noop("unknown op {op}; choose one of {options}"),
    gettext_noop('semaphore \'{sem}\' is not declared in "semaphores" (declared: {names})'),
    gettext_noop('semaphore \'{sem}\' is not declared in "semaphores" (none are declared; add '
                 '"semaphores": {"{sem}": 1})'),
    gettext_noop("duplicate thread name '{name}' (also {path})"),
    gettext_noop("must be an object of named arguments, got {value}"),
    gettext_noop("nests more than {n} levels deep"),
    gettext_noop('a reference must look like {"$ref": "name"}, got {value}'),
    gettext_noop("missing; a spawn op needs the thread's program (a list of ops)"),
    gettext_noop("spawn programs nest more than {n} deep; at most {n} levels are allowed"),
    gettext_noop('an io op needs exactly one of "cylinder" (a disk request) or "ticks" '
                 '(a fixed-latency device), not both'),
    gettext_noop('an io op needs exactly one of "cylinder" (a disk request) or "ticks" '
                 '(a fixed-latency device), got neither'),
    gettext_noop("must be an array of processes, got {value}"),
    gettext_noop("at most {n} processes are allowed, got {m}"),
    gettext_noop("must be a process (an object with a name), got {value}"),
    gettext_noop("duplicate process name '{name}' (also processes[{i}])"),
    gettext_noop('give either "burst" or "program", not both'),
    gettext_noop('needs a "burst" (CPU ticks) or a "program" (a list of ops)'),
    gettext_noop("'{name}' is already a process name; a thread needs a name of its own"),
    gettext_noop("no process is named '{name}' (processes: {names})"),
    gettext_noop("'{ref}' is never allocated in process {who} (allocations: {names})"),
    gettext_noop("'{ref}' is never allocated in process {who} (it allocates nothing with \"as\")"),
    gettext_noop("'{ref}' names a memory block (from alloc), not a value; only recv, request "
                 "and call bind values with \"as\""),
    gettext_noop("'{ref}' is never bound with \"as\" in process {who} (bound: {names})"),
    gettext_noop("'{ref}' is never bound with \"as\" in process {who} (it binds no value "
                 "with \"as\")"),
    gettext_noop("no thread '{thread}' is spawned in process {who} (threads: {names})"),
    gettext_noop("no thread '{thread}' is spawned in process {who} (it spawns none)"),
    # A problem quoted with its path (a failed run's one line, the command line).
    gettext_noop("{path}: {problem}"),
)

PROBLEM_GROUPS = (FIELDS, SCENARIO, OPS)
