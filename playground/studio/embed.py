"""What an embedded scenario (``/s/<slug>/embed``) shows and lets its reader change.

A course page frames the embed with query options:

- ``hide=part,part``: leave these parts out of the page;
- ``lock=part,part``: show these parts, but read-only.

Parts: ``scenario`` (settings and process table), ``description``,
``policy`` (the policy choices: CPU policy and quantum, and the memory and
disk policies when the scenario uses them), ``builder`` (each process's
arrival, burst and priority) and ``answers`` (the metrics once the run has
finished).  Only ``policy`` and ``builder`` hold controls, so only they can
be locked.

A part is *editable* when it is shown and not locked.  The page carries a
signed token naming its slug and editable parts; a run request from the
page (``embed_run``) applies a change only when its field belongs to an
editable part named in the token, and ignores the others.  So a reader who
re-enables a locked control in the browser's devtools still runs the saved
value: the server never takes the reader's word for what is locked.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.http import QueryDict

from kernel_engine import registry
from playground.studio.payloads import ApiError
from playground.studio.preview import uses_disk, uses_memory
from playground.studio.worksheet import work_text

PARTS = ("scenario", "description", "policy", "builder", "answers")
LOCKABLE = ("policy", "builder")
TOKEN_SALT = "playground.studio.embed.v1"

POLICY_PATHS = {"cpu.policy": ("cpu", "policy"), "cpu.quantum": ("cpu", "quantum"),
                "memory.policy": ("memory", "policy"), "io.policy": ("io", "policy")}
PROCESS_PATH = re.compile(r"^processes\[(\d{1,6})\]\.(arrival|burst|priority)$")


class EmbedOptionError(ValueError):
    """The embed's query options are wrong; ``problems`` are sentences for the page."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class EmbedOptions:
    """The parts an embed hides and locks."""

    hide: frozenset[str] = frozenset()
    lock: frozenset[str] = frozenset()

    def shows(self, part: str) -> bool:
        return part not in self.hide

    def locked(self, part: str) -> bool:
        return part in self.lock

    def editable(self) -> list[str]:
        """Parts whose controls the reader may change, in ``PARTS`` order."""
        return [p for p in LOCKABLE if p not in self.hide and p not in self.lock]


def _names(query: QueryDict, key: str) -> list[str]:
    """``?key=a,b&key=c`` -> ["a", "b", "c"] (blank items dropped, lower-cased)."""
    return [item.strip().lower() for value in query.getlist(key)
            for item in value.split(",") if item.strip()]


def parse_options(query: QueryDict) -> EmbedOptions:
    """The ``hide`` and ``lock`` options; ``EmbedOptionError`` names every bad one.

    Other query parameters are left alone: course platforms add their own.
    """
    problems = []
    hide, lock = _names(query, "hide"), _names(query, "lock")
    expected = ", ".join(PARTS)
    for name in hide:
        if name not in PARTS:
            problems.append(f"hide: there is no part named {name!r}; the parts are {expected}")
    for name in lock:
        if name not in PARTS:
            problems.append(f"lock: there is no part named {name!r}; the parts are {expected}")
        elif name not in LOCKABLE:
            problems.append(f"lock: the {name!r} part has no controls to lock; "
                            f"only {', '.join(LOCKABLE)} can be locked (use hide= to leave it out)")
    if problems:
        raise EmbedOptionError(problems)
    return EmbedOptions(hide=frozenset(hide), lock=frozenset(lock))


def make_token(slug: str, options: EmbedOptions) -> str:
    """The signed token an embed page sends back with its run requests."""
    return signing.dumps({"slug": slug, "editable": options.editable()}, salt=TOKEN_SALT)


def editable_parts(token: Any, slug: str) -> set[str]:
    """The editable parts a token grants for ``slug``; ``ApiError`` 400 for a bad token."""
    if not isinstance(token, str) or not token:
        raise ApiError.one(400, "token", "required: the token of the embedded page")
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        raise ApiError.one(400, "token", "this token was not issued by this server; "
                                         "reload the embedded page") from None
    if not isinstance(data, dict) or data.get("slug") != slug:
        raise ApiError.one(400, "token", "this token belongs to another scenario; "
                                         "reload the embedded page")
    return {p for p in data.get("editable", []) if p in LOCKABLE}


def _part_of(path: str) -> str | None:
    if path in POLICY_PATHS:
        return "policy"
    if PROCESS_PATH.match(path):
        return "builder"
    return None


def apply_changes(raw: dict[str, Any], changes: Any, editable: set[str]
                  ) -> tuple[dict[str, Any], list[str], list[str]]:
    """``(scenario, applied, ignored)``: ``raw`` with the changes of editable parts.

    ``changes`` maps field paths (``cpu.policy``, ``processes[1].burst``) to
    values.  A change to a field of a part that is not editable is ignored
    (listed in ``ignored``); an unknown path, or a burst change on a process
    that runs a program, is an ``ApiError`` 400.  Values are checked
    afterwards by the engine's validator, like any scenario.
    """
    if not isinstance(changes, dict):
        raise ApiError.one(400, "changes", "must be a JSON object of field paths and values")
    scenario = copy.deepcopy(raw)
    applied: list[str] = []
    ignored: list[str] = []
    problems: list[dict[str, str]] = []
    processes = scenario.get("processes") if isinstance(scenario.get("processes"), list) else []
    for path, value in changes.items():
        part = _part_of(path)
        if part is None:
            problems.append({"path": f"changes.{path}", "message": "this field cannot be changed "
                             "in an embedded scenario"})
            continue
        if part not in editable:
            ignored.append(path)
            continue
        if part == "policy":
            section, key = POLICY_PATHS[path]
            target = scenario.setdefault(section, {})
            if not isinstance(target, dict):
                target = scenario[section] = {}
            target[key] = value
        else:
            match = PROCESS_PATH.match(path)
            assert match is not None  # _part_of matched it
            index, key = int(match.group(1)), match.group(2)
            if index >= len(processes) or not isinstance(processes[index], dict):
                problems.append({"path": f"changes.{path}", "message": "the scenario has no such process"})
                continue
            if key == "burst" and "burst" not in processes[index]:
                problems.append({"path": f"changes.{path}", "message": "this process runs a "
                                 "program; only a process with a burst has one to change"})
                continue
            processes[index][key] = value
        applied.append(path)
    if problems:
        raise ApiError(400, problems)
    return scenario, applied, ignored


def embed_fields(raw: dict[str, Any], normalized: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The controls of the ``policy`` and ``builder`` parts, with the saved values.

    ``{"policy": [field], "builder": [{"name", "fields": [field], "work"}]}``
    (``work``: the process's burst or program as text); a field
    is ``{"path", "key", "value", "choices"?}`` where ``choices`` lists
    ``(name, title)`` pairs of a select; the template gives each its label.
    """
    def choices(kind: str) -> list[tuple[str, str]]:
        return [(d["name"], d["title"]) for d in registry.describe(kind)]

    policy: list[dict[str, Any]] = []
    processes = raw.get("processes") if isinstance(raw.get("processes"), list) else []
    if processes:
        policy.append({"path": "cpu.policy", "key": "cpu_policy",
                       "value": normalized["cpu"]["policy"], "choices": choices("cpu")})
        policy.append({"path": "cpu.quantum", "key": "cpu_quantum", "value": normalized["cpu"]["quantum"]})
    if uses_memory(raw):
        policy.append({"path": "memory.policy", "key": "memory_policy",
                       "value": normalized["memory"]["policy"], "choices": choices("memory")})
    if uses_disk(raw):
        policy.append({"path": "io.policy", "key": "io_policy",
                       "value": normalized["io"]["policy"], "choices": choices("io")})
    builder = []
    for k, (proc, norm) in enumerate(zip(processes, normalized["processes"])):
        fields = [{"path": f"processes[{k}].arrival", "key": "arrival", "value": norm["arrival"]}]
        if isinstance(proc, dict) and "burst" in proc:
            fields.append({"path": f"processes[{k}].burst", "key": "burst", "value": proc["burst"]})
        fields.append({"path": f"processes[{k}].priority", "key": "priority", "value": norm["priority"]})
        builder.append({"name": norm["name"], "fields": fields, "work": work_text(norm, proc)})
    return {"policy": policy, "builder": builder}
