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

The reader controls the query string, so plain ``hide=``/``lock=`` can
only take away: the author's options come signed, as ``opts=<token>``
(``sign_options``: made by the share page's embed code, or by an
instructor through ``POST /api/embeds/``), with an expiry.  Without valid
``opts=`` nothing is editable (everything is locked); ``hide=``/``lock=``
in the query are added to the signed ones, never removed from them.

A part is *editable* when the signed options make it so and the query
hides or locks nothing of it.  The page carries a signed token naming its
slug, editable parts and hidden parts; a run request from the page
(``embed_run``) applies a change only when its field belongs to an
editable part named in the token, and ignores the others.  So a reader who
re-enables a locked control in the browser's devtools, or drops ``lock=``
from the address, still runs the saved value.  Hidden parts are left out
of the page's HTML and of the scenario the page and its run answer carry
(``visible_scenario``).
"""
from __future__ import annotations

import copy
import re
import time
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.http import QueryDict

from playground.studio import policy_names
from kernel_engine.i18n import define, gettext_noop
from playground.studio.payloads import ApiError
from playground.studio.preview import uses_disk, uses_memory
from playground.studio.worksheet import work_text

PARTS = ("scenario", "description", "policy", "builder", "answers")
LOCKABLE = ("policy", "builder")
TOKEN_SALT = "playground.studio.embed.v1"
OPTIONS_SALT = "playground.studio.embed-options.v1"
# A page's run token lasts a day (a reader reloads to get a new one); the
# author's signed options last what they asked for, a year at most.
TOKEN_MAX_AGE = 24 * 3600
MAX_OPTIONS_DAYS = 365

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
    # Parts the author's signed options let the reader change (none unsigned).
    allowed: frozenset[str] = frozenset()

    def shows(self, part: str) -> bool:
        return part not in self.hide

    def locked(self, part: str) -> bool:
        return part in self.lock or part not in self.allowed

    def editable(self) -> list[str]:
        """Parts whose controls the reader may change, in ``PARTS`` order."""
        return [p for p in LOCKABLE
                if p in self.allowed and p not in self.hide and p not in self.lock]


def _names(query: QueryDict, key: str) -> list[str]:
    """``?key=a,b&key=c`` -> ["a", "b", "c"] (blank items dropped, lower-cased)."""
    return [item.strip().lower() for value in query.getlist(key)
            for item in value.split(",") if item.strip()]


def parse_options(query: QueryDict, slug: str = "", now: float | None = None) -> EmbedOptions:
    """The author's signed ``opts`` plus the query's ``hide`` and ``lock``.

    ``EmbedOptionError`` names every bad option, an ``opts`` token not made
    by this server, made for another scenario, or expired.  Other query
    parameters are left alone: course platforms add their own.
    """
    problems: list[str] = []
    signed = EmbedOptions()
    if query.get("opts"):
        try:
            signed = read_signed_options(query["opts"], slug, now)
        except EmbedOptionError as exc:
            problems.extend(exc.problems)
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
    return EmbedOptions(hide=signed.hide | frozenset(hide), lock=signed.lock | frozenset(lock),
                        allowed=signed.allowed)


def sign_options(slug: str, hide: list[str], lock: list[str], days: int,
                 now: float | None = None) -> str:
    """The author's options for ``slug`` as an ``opts=`` token valid ``days`` days.

    Parts neither hidden nor locked are the ones a reader may change.
    """
    now = time.time() if now is None else now
    days = max(1, min(days, MAX_OPTIONS_DAYS))
    # Expiry on a day boundary and no timestamp: the same options signed on
    # the same day give the same token, so the share page stays cacheable.
    exp = (int(now) // 86400 + days) * 86400
    return signing.Signer(salt=OPTIONS_SALT).sign_object(
        {"slug": slug, "hide": sorted(set(hide)), "lock": sorted(set(lock)), "exp": exp},
        compress=True)


def read_signed_options(token: str, slug: str, now: float | None = None) -> EmbedOptions:
    """The options an ``opts=`` token carries; ``EmbedOptionError`` when it is not good."""
    try:
        data = signing.Signer(salt=OPTIONS_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        raise EmbedOptionError(["opts: these options were not signed by this server; "
                                "copy the embed code again from the scenario's page"]) from None
    if not isinstance(data, dict) or data.get("slug") != slug:
        raise EmbedOptionError(["opts: these options belong to another scenario"])
    exp = data.get("exp")
    if not isinstance(exp, int) or exp < (time.time() if now is None else now):
        raise EmbedOptionError(["opts: these options have expired; copy the embed code "
                                "again from the scenario's page"])
    hide = frozenset(p for p in data.get("hide", []) if p in PARTS)
    lock = frozenset(p for p in data.get("lock", []) if p in LOCKABLE)
    return EmbedOptions(hide=hide, lock=lock, allowed=frozenset(LOCKABLE) - hide - lock)


def make_token(slug: str, options: EmbedOptions) -> str:
    """The signed token an embed page sends back with its run requests."""
    return signing.dumps({"slug": slug, "editable": options.editable(),
                          "hide": sorted(options.hide)}, salt=TOKEN_SALT)


TOKEN_EXPIRED = define("web.embed.token_expired", gettext_noop("this token has expired; reload the embedded page"))
TOKEN_FOREIGN = define("web.embed.token_foreign", gettext_noop(
    "this token was not issued by this server; reload the embedded page"))
TOKEN_OTHER_SCENARIO = define("web.embed.token_other", gettext_noop(
    "this token belongs to another scenario; reload the embedded page"))


def read_token(token: Any, slug: str) -> tuple[set[str], set[str]]:
    """``(editable parts, hidden parts)`` a page's token grants for ``slug``; ``ApiError`` 400 if bad."""
    if not isinstance(token, str) or not token:
        raise ApiError.one(400, "token", "required: the token of the embedded page")
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise ApiError.one(400, "token", TOKEN_EXPIRED.say()) from None
    except signing.BadSignature:
        raise ApiError.one(400, "token", TOKEN_FOREIGN.say()) from None
    if not isinstance(data, dict) or data.get("slug") != slug:
        raise ApiError.one(400, "token", TOKEN_OTHER_SCENARIO.say())
    return ({p for p in data.get("editable", []) if p in LOCKABLE},
            {p for p in data.get("hide", []) if p in PARTS})


def visible_scenario(raw: dict[str, Any], hidden: set[str] | frozenset[str]) -> dict[str, Any]:
    """``raw`` without what the hidden parts would show: the page and its runs carry this.

    The description is the one part the run does not need (it often holds
    the answer); the process table and policies drive the player, so hiding
    ``scenario`` or ``builder`` leaves them out of the page's controls and
    summary, not out of the run the reader watches.
    """
    if "description" in hidden and "description" in raw:
        raw = {k: v for k, v in raw.items() if k != "description"}
    return raw


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
        return [(d["name"], d["title"]) for d in policy_names.described(kind)]

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
