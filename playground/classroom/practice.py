"""A run's steps a bounded window at a time (synchronous ORM code), for the
pages that hold only what they show: practice pages and embeds with their
answers hidden.

A practice page asks for the steps before its next unanswered checkpoint
(``before_tick`` or ``before_step``), and for the run's result only once it
asks with no bound, after the last checkpoint.  The public run API still
serves whole runs (shared links need them): this is not a secret, it is
what these pages themselves read, so that the answer is not in the page.
"""
from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from playground.studio.runsteps import keyframe_at
from playground.studio import store
from playground.studio.models import Run, RunStatus
from playground.studio.payloads import ApiError, query_whole

# A reply carries at most this many steps or characters of steps; the page
# asks again from where the reply stopped ("more": true).
MAX_STEPS = 2000
MAX_CHARS = 2_000_000


def _whole(request_value: str | None, name: str) -> int | None:
    if request_value is None:
        return None
    number = query_whole(request_value, max_digits=9)
    if number is None:
        raise ApiError.one(400, name, _("must be a whole number from 0"))
    return number


def read_bounds(query: Any) -> tuple[int, int | None, int | None]:
    """``(from, before_step, before_tick)`` from the query string, checked."""
    start = _whole(query.get("from", "0"), "from") or 0
    before_step = _whole(query.get("before_step"), "before_step")
    before_tick = _whole(query.get("before_tick"), "before_tick")
    if before_step is not None and before_tick is not None:
        raise ApiError.one(400, "", _("give before_step or before_tick, not both"))
    return start, before_step, before_tick


def window(run_id: str, start: int, before_step: int | None,
           before_tick: int | None) -> dict[str, Any]:
    """Steps from ``start`` that come before the bound, and where they stop.

    The steps begin at ``start`` (the reply's ``from``), sent as a keyframe
    (its whole state), so that a page can rebuild the state from them alone.
    ``reached`` is true when the step after the last one given is at or past
    the bound (the checkpoint's step exists); ``more`` when the reply was cut
    short by its size and the page should ask again (never before a step at
    or after ``start``: the page always moves on).  ``result`` is given
    only with no bound, once the run has completed and every step is given.
    """
    run = Run.objects.filter(pk=run_id).values_list(
        "status", "step_count", "result_json", "error", "error_key", "error_args").first()
    if run is None:
        raise ApiError.one(404, "", _("no run has the id %(id)s") % {"id": run_id})
    status, step_count, result_json, error, error_key, error_args = run
    steps: list[Any] = []
    chars = 0
    reached = False
    more = False
    wanted = index = start
    stop = before_step if before_step is not None else None
    first = keyframe_at(run_id, start) if stop is None or start < stop else None
    if first is not None:
        if before_tick is not None and first.get("t", 0) >= before_tick:
            reached = True
        else:
            steps.append(first)
            chars += len(json.dumps(first))
            index += 1
    while not reached and not more and (stop is None or index < stop):
        batches = store.stored_batches(run_id, index, stop)
        if not batches:
            break
        for first, count, text in batches:
            for item in json.loads(text):
                if before_tick is not None and item.get("t", 0) >= before_tick:
                    reached = True
                    break
                if index > wanted and (len(steps) >= MAX_STEPS
                                       or chars + len(text) // max(count, 1) > MAX_CHARS):
                    more = True
                    break
                steps.append(item)
                chars += len(text) // max(count, 1)
                index += 1
            if reached or more:
                break
        if stop is not None and index >= stop:
            break
    if before_step is not None and index >= before_step and index < step_count:
        reached = True
    reply: dict[str, Any] = {"from": start, "steps": steps, "status": status,
                             "reached": reached, "more": more}
    if status == RunStatus.FAILED:
        reply["error"] = error
        if error_key:  # the error as data: the page says it in its language
            reply["error_key"], reply["error_args"] = error_key, error_args
    if (before_step is None and before_tick is None and status == RunStatus.COMPLETED
            and not more and start + len(steps) >= step_count):
        reply["result"] = json.loads(result_json) if result_json else None
    return reply
