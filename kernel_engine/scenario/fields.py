"""Typed field readers for scenario validation, and the engine's limits.

A :class:`Checker` reads one field at a time out of a raw JSON object: it
returns the field's normalized value (or its default) and, when the value is
wrong, records a :class:`~kernel_engine.errors.Problem` naming the field's
JSON path with one sentence a student can read.  Readers never raise on bad
input; a reader that finds a problem returns ``None`` so that later checks
that depend on the value can be skipped instead of piling up echoes of the
same mistake.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Iterable

from ..errors import Problem
from ..i18n import define, gettext_noop
from ..units import format_size, parse_size

# The engine's limits.  They keep one run small enough for a web worker and
# are documented in docs/scenario-format.md.
MAX_PROCESSES = 100_000
MAX_OPS = 1_000_000
MAX_TICKS = 10_000_000
MAX_MEMORY = 1 << 40
MAX_IO_REQUESTS = 100_000
MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 64  # levels of arrays and objects in a body or call args
MAX_TITLE = 200
MAX_DESCRIPTION = 5_000
MAX_SPAWN_DEPTH = 8
MAX_NAME = 64
MAX_CORES = 64
MAX_LEVELS = 16
MAX_CYLINDERS = 1_000_000
MAX_SEMAPHORES = 10_000
MAX_COUNT = 1_000_000_000  # priorities, tickets, semaphore values, capacities
MAX_SEED = (1 << 64) - 1

# The problems every reader shares, as data (kernel_engine.i18n); ``{value}``
# is the value as the student typed it, numbers are written as shown.
NOT_OBJECT = define("problem.object", gettext_noop("must be an object, got {value}"))
DID_YOU_MEAN = define("problem.unknown.did_you_mean", gettext_noop("unknown field; did you mean '{name}'?"))
REQUIRED_FIELD = define("problem.required", gettext_noop("missing; this field is required"))
INT_KINDS = {
    "a positive integer": define("problem.int.positive", gettext_noop("must be a positive integer, got {value}")),
    "a non-negative integer": define("problem.int.non_negative",
                                     gettext_noop("must be a non-negative integer, got {value}")),
    "an integer": define("problem.int", gettext_noop("must be an integer, got {value}")),
}
AT_LEAST = define("problem.int.at_least", gettext_noop("must be an integer of at least {n}, got {value}"))
AT_MOST = {
    "": define("problem.int.at_most", gettext_noop("must be at most {n}, got {value}")),
    " (the engine's limit on ticks)": define("problem.int.at_most_ticks", gettext_noop(
        "must be at most {n} (the engine's limit on ticks), got {value}")),
    " (the engine's limit)": define("problem.int.at_most_limit",
                                    gettext_noop("must be at most {n} (the engine's limit), got {value}")),
}
NOT_BOOLEAN = define("problem.boolean", gettext_noop("must be true or false, got {value}"))
NOT_EITHER = define("problem.choice.two", gettext_noop('must be "{a}" or "{b}", got {value}'))
NOT_ONE_OF = define("problem.choice", gettext_noop("must be one of {options}, got {value}"))
POLICY_NOT_STRING = define("problem.policy.string", gettext_noop("must be a policy name (a string), got {value}"))
UNKNOWN_POLICY = define("problem.policy.unknown", gettext_noop("unknown policy '{name}'; choose one of {options}"))
NOT_STRING = define("problem.string", gettext_noop("must be a string, got {value}"))
TOO_LONG = define("problem.string.too_long", gettext_noop("must be at most {n} characters, got {m}"))
NOT_SIZE = define("problem.size", gettext_noop('must be a size in bytes or a string like "8MB", got {value}'))
NOT_POSITIVE_SIZE = define("problem.size.positive", gettext_noop("must be a positive size, got {value}"))
SIZE_AT_LEAST = define("problem.size.at_least", gettext_noop("must be at least {n} bytes, got {value}"))
SIZE_AT_MOST = define("problem.size.at_most", gettext_noop("must be at most {amount} ({n} bytes), got {value}"))
SIZE_MISSING = define("problem.size.missing", gettext_noop('missing; give a size in bytes or a string like "8MB"'))
NAME_MISSING = define("problem.name.missing", gettext_noop("missing; give {what}"))
NOT_NAME = define("problem.name", gettext_noop("must be {what} (a non-empty string), got {value}"))
NAME_CONTROL = define("problem.name.control", gettext_noop(
    "must not contain line breaks or other control characters, got {value}"))
JSON_TOO_DEEP = define("problem.json.deep", gettext_noop("nests too deeply to be a message or an argument"))
NOT_PLAIN_JSON = define("problem.json.plain", gettext_noop(
    "must be plain JSON (strings, numbers, true/false, null, arrays and objects; no NaN or Infinity)"))
JSON_TOO_BIG = define("problem.json.bytes", gettext_noop("is {n} bytes as JSON; at most {m} are allowed"))

#: What a name field holds (``{what}`` of the name problems), by its English phrase.
NAME_WHAT = {phrase: define(f"problem.what.{key}", phrase) for key, phrase in (
    ("name", gettext_noop("a name")),
    ("process", gettext_noop("a process name")),
    ("value", gettext_noop("a value name")),
    ("block", gettext_noop('the name an alloc bound with "as"')),
    ("topic", gettext_noop("a topic name")),
    ("mutex", gettext_noop("a mutex name")),
    ("semaphore", gettext_noop("a semaphore name")),
    ("thread", gettext_noop("a thread name")),
    ("function", gettext_noop('a library function name such as "math.matmul"')),
    ("prefix_of", gettext_noop("a prefix name of llm.prefixes")),
    ("request", gettext_noop("a request name")),
    ("prefix", gettext_noop("a prefix name")),
)}

#: ``unknown field; ... takes: {fields}`` by what the object is ("" for any object).
UNKNOWN_IN = {
    "": define("problem.unknown.object", gettext_noop("unknown field; this object takes: {fields}")),
    "a scenario": define("problem.unknown.scenario", gettext_noop("unknown field; a scenario takes: {fields}")),
    "a process": define("problem.unknown.process", gettext_noop("unknown field; a process takes: {fields}")),
    "a disk request": define("problem.unknown.disk_request",
                             gettext_noop("unknown field; a disk request takes: {fields}")),
    "a checkpoint": define("problem.unknown.checkpoint", gettext_noop("unknown field; a checkpoint takes: {fields}")),
    "an LLM request": define("problem.unknown.llm_request",
                             gettext_noop("unknown field; an LLM request takes: {fields}")),
}
UNKNOWN_IN_OP = define("problem.unknown.op", gettext_noop("unknown field; a {op} op takes: {fields}"))

#: The problems of an array (``Checker.array``) by the noun of its items: not an array, too long.
ARRAY_OF = {
    "processes": (define("problem.processes.array", gettext_noop("must be an array of processes, got {value}")),
                  define("problem.processes.too_many",
                         gettext_noop("at most {n} processes are allowed, got {m}"))),
    "disk requests": (define("problem.disk_requests.array",
                             gettext_noop("must be an array of disk requests, got {value}")),
                      define("problem.disk_requests.too_many",
                             gettext_noop("at most {n} disk requests are allowed, got {m}"))),
    "checkpoints": (define("problem.checkpoints.array", gettext_noop("must be an array of checkpoints, got {value}")),
                    define("problem.checkpoints.too_many",
                           gettext_noop("at most {n} checkpoints are allowed, got {m}"))),
    "LLM requests": (define("problem.llm_requests.array",
                            gettext_noop("must be an array of LLM requests, got {value}")),
                     define("problem.llm_requests.too_many",
                            gettext_noop("at most {n} LLM requests are allowed, got {m}"))),
}

#: Sentinel default for a field that must be present.
REQUIRED: Any = object()


def join(path: str, key: str) -> str:
    """The JSON path of ``key`` inside the object at ``path``."""
    return f"{path}.{key}" if path else key


def index(path: str, i: int) -> str:
    """The JSON path of item ``i`` of the array at ``path``."""
    return f"{path}[{i}]"


def show(value: object) -> str:
    """``value`` as a student typed it: JSON, cut short when long."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        try:
            text = repr(value)
        except (ValueError, RecursionError):  # e.g. an int of more than 4,300 digits
            return ("a number too large to show" if isinstance(value, int) else
                    "a value nested too deeply to show")
    return text if len(text) <= 60 else text[:57] + "..."


def listing(names: Iterable[str], most: int = 10) -> str:
    """``a, b, c`` (the first ``most`` names, then "...")."""
    names = list(names)
    head = ", ".join(names[:most])
    return head + (", ..." if len(names) > most else "")


def is_int(value: object) -> bool:
    """A JSON integer: an int that is not a bool (``True`` is an int in Python)."""
    return type(value) is int


@lru_cache(maxsize=1024)
def _digits_above(value: object, hi: int) -> bool:
    """True for text of plain digits spelling a number above ``hi`` (compared
    by length first: ``int`` refuses texts of more than 4,300 digits)."""
    if not (isinstance(value, str) and value.isascii() and value.isdigit()):
        return False
    digits = value.lstrip("0")
    limit = str(hi)
    return len(digits) > len(limit) or (len(digits) == len(limit) and digits > limit)


def _parse_size_text(value: Any) -> int:
    # The same few strings ("1KB", "4MB") recur across thousands of ops.
    return parse_size(value)


@lru_cache(maxsize=None)
def _as_set(fields: tuple[str, ...]) -> frozenset[str]:
    # Field lists are a handful of module-level tuples; convert each once.
    return frozenset(fields)


class Checker:
    """Collects problems while reading fields; see the module docstring."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # -- containers ------------------------------------------------------
    def section(self, raw: dict, key: str, path: str, allowed: tuple[str, ...]) -> dict:
        """The object ``raw[key]`` (``{}`` when absent), with unknown fields reported.

        A value that is not an object is reported and read as ``{}`` so that
        every default still applies.
        """
        value = raw.get(key, {})
        where = join(path, key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(where, NOT_OBJECT.say(value=show(value)))
            return {}
        self.unknown(value, allowed, where)
        return value

    def array(self, value: object, path: str, noun: str, most: int) -> list | None:
        """``value`` as a JSON array of at most ``most`` items, or None (reported).

        A missing array (None) is an empty one.  An over-long array is refused
        before any item is read: reading them all is the work the limit prevents.
        """
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, ARRAY_OF[noun][0].say(value=show(value)))
            return None
        if len(value) > most:
            self.add(path, ARRAY_OF[noun][1].say(n=f"{most:,}", m=f"{len(value):,}"))
            return None
        return value

    def unknown(self, obj: dict, allowed: tuple[str, ...], path: str, what: str = "",
                op: str | None = None) -> None:
        """Report every key of ``obj`` that is not in ``allowed``, with a suggestion.

        ``what`` names the object (a key of ``UNKNOWN_IN``); ``op`` an op's kind instead.
        """
        if obj.keys() <= _as_set(allowed):
            return
        for key in [k for k in obj if k not in _as_set(allowed)]:
            name = str(key)
            import difflib  # only for a misspelt name: it costs ~20 ms to import
            close = difflib.get_close_matches(name, [str(a) for a in allowed], n=1, cutoff=0.6)
            if close:
                self.add(join(path, name), DID_YOU_MEAN.say(name=close[0]))
            else:
                fields = listing(allowed, most=20)
                self.add(join(path, name), UNKNOWN_IN_OP.say(op=op, fields=fields) if op is not None
                         else UNKNOWN_IN[what].say(fields=fields))

    # -- scalars ---------------------------------------------------------
    def integer(self, obj: dict, key: str, path: str, default: Any, lo: int | None = None,
                hi: int | None = None, why: str = "") -> int | None:
        """An integer field in ``lo..hi``.  ``why`` explains the upper bound."""
        if key not in obj:
            if default is REQUIRED:
                self.add(join(path, key), REQUIRED_FIELD.say())
                return None
            return default
        value = obj[key]
        # The common case first, without building the path: validating
        # 100,000 processes reads several hundred thousand fields.
        if type(value) is int and (lo is None or value >= lo) and (hi is None or value <= hi):
            return value
        return self.int_value(value, join(path, key), lo, hi, why)

    def int_value(self, value: object, where: str, lo: int | None = None,
                  hi: int | None = None, why: str = "") -> int | None:
        """Check one integer value; see :meth:`integer`."""
        kind = ("a positive integer" if lo == 1 else
                "a non-negative integer" if lo == 0 else "an integer")
        if not is_int(value):
            if hi is not None and _digits_above(value, hi):
                # The builder sends digits a browser cannot hold exactly as
                # text: what is wrong with them is their size, not their type.
                self.add(where, AT_MOST[why].say(n=f"{hi:,}", value=show(value)))
            else:
                self.add(where, INT_KINDS[kind].say(value=show(value)))
            return None
        if lo is not None and value < lo:
            self.add(where, AT_LEAST.say(n=f"{lo:,}", value=show(value)) if lo > 1
                     else INT_KINDS[kind].say(value=show(value)))
            return None
        if hi is not None and value > hi:
            # ``why`` is one of AT_MOST's explanations: each is a sentence of its own.
            self.add(where, AT_MOST[why].say(n=f"{hi:,}", value=show(value)))
            return None
        return value  # type: ignore[return-value]

    def ticks(self, obj: dict, key: str, path: str, default: Any, lo: int = 1) -> int | None:
        """A number of ticks (or a tick), at most the engine's tick limit."""
        return self.integer(obj, key, path, default, lo, MAX_TICKS,
                            " (the engine's limit on ticks)")

    def boolean(self, obj: dict, key: str, path: str, default: bool) -> bool | None:
        """A JSON ``true``/``false`` (not 0/1, not "true")."""
        if key not in obj:
            return default
        value = obj[key]
        if value is True or value is False:
            return value
        self.add(join(path, key), NOT_BOOLEAN.say(value=show(value)))
        return None

    def choice(self, obj: dict, key: str, path: str, default: str, options: list[str]) -> str | None:
        """One of a fixed list of strings."""
        if key not in obj:
            return default
        value = obj[key]
        if isinstance(value, str) and value in options:
            return value
        if len(options) == 2:
            message = NOT_EITHER.say(a=options[0], b=options[1], value=show(value))
        else:
            message = NOT_ONE_OF.say(options=", ".join(f'"{o}"' for o in options), value=show(value))
        self.add(join(path, key), message)
        return None

    def policy(self, obj: dict, key: str, path: str, default: str, kind: str) -> str | None:
        """A policy name registered under ``kind``.

        A known name imports only the module that registers it; the list of
        every name (which imports them all) is read only for the message.
        """
        if key not in obj:
            return default
        value = obj[key]
        where = join(path, key)
        if not isinstance(value, str):
            self.add(where, POLICY_NOT_STRING.say(value=show(value)))
            return None
        from .. import registry
        if not registry.has(kind, value):
            self.add(where, UNKNOWN_POLICY.say(name=value, options=", ".join(registry.names(kind))))
            return None
        return value

    def text(self, obj: dict, key: str, path: str, most: int) -> str | None:
        """Free text (a title, a description) of at most ``most`` characters."""
        value = obj.get(key, "")
        where = join(path, key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.add(where, NOT_STRING.say(value=show(value)))
            return None
        if len(value) > most:
            self.add(where, TOO_LONG.say(n=f"{most:,}", m=f"{len(value):,}"))
            return None
        return value

    def name(self, obj: dict, key: str, path: str, default: Any = REQUIRED,
             what: str = "a name") -> str | None:
        """A name (of a process, thread, mutex, topic, value...)."""
        value = obj.get(key)
        if value is None:
            if default is REQUIRED:
                self.add(join(path, key), NAME_MISSING.say(what=NAME_WHAT[what].say()))
                return None
            return default
        if type(value) is str and 0 < len(value) <= MAX_NAME and value.isprintable() \
                and not value.isspace():
            return value
        return self.name_value(value, join(path, key), what)

    def name_value(self, value: object, where: str, what: str = "a name") -> str | None:
        """Check one name: a non-empty, printable string of at most ``MAX_NAME`` characters.

        Names appear inside messages and step reasons, so line breaks and other
        control characters are refused.
        """
        if not isinstance(value, str) or not value.strip():
            self.add(where, NOT_NAME.say(what=NAME_WHAT[what].say(), value=show(value)))
            return None
        if len(value) > MAX_NAME:
            self.add(where, TOO_LONG.say(n=MAX_NAME, m=len(value)))
            return None
        if not value.isprintable():
            self.add(where, NAME_CONTROL.say(value=show(value)))
            return None
        return value

    def size(self, obj: dict, key: str, path: str, default: Any, lo: int = 1,
             hi: int = MAX_MEMORY) -> int | None:
        """A size in bytes: an int or a string with a unit ("8MB")."""
        where = join(path, key)
        if key not in obj:
            if default is REQUIRED:
                self.add(where, SIZE_MISSING.say())
                return None
            return default
        return self.size_value(obj[key], where, lo, hi)

    def size_value(self, value: object, where: str, lo: int = 1,
                   hi: int = MAX_MEMORY) -> int | None:
        """Check one size; see :meth:`size`."""
        try:
            n = (value if type(value) is int else
                 _parse_size_text(value) if type(value) is str else parse_size(value))
        except ValueError:
            self.add(where, NOT_SIZE.say(value=show(value)))
            return None
        if n < lo:
            self.add(where, NOT_POSITIVE_SIZE.say(value=show(value)) if lo == 1
                     else SIZE_AT_LEAST.say(n=f"{lo:,}", value=show(value)))
            return None
        if n > hi:
            self.add(where, SIZE_AT_MOST.say(amount=format_size(hi), n=f"{hi:,}", value=show(value)))
            return None
        return n

    def json_value(self, value: object, where: str) -> bool:
        """Is ``value`` plain JSON of at most ``MAX_JSON_BYTES`` bytes?  Reports if not."""
        if value is None or type(value) is bool or type(value) is int or (
                type(value) is str and len(value) < MAX_JSON_BYTES // 6 and value.isascii()):
            return True  # small for sure: an ASCII character is at most 6 bytes as JSON
        try:
            encoded = json.dumps(value, ensure_ascii=False, allow_nan=False,
                                 separators=(",", ":")).encode("utf-8")
        except RecursionError:
            self.add(where, JSON_TOO_DEEP.say())
            return False
        except (TypeError, ValueError):  # NaN, a set, a lone surrogate...
            self.add(where, NOT_PLAIN_JSON.say())
            return False
        if len(encoded) > MAX_JSON_BYTES:
            self.add(where, JSON_TOO_BIG.say(n=f"{len(encoded):,}", m=f"{MAX_JSON_BYTES:,}"))
            return False
        return True
