"""What the API does, apart from HTTP: validate, save scenarios, start runs.

Functions here take plain dicts that ``payloads.py`` has already shape-
checked, and raise ``ApiError`` for anything the client must fix.
"""
from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kernel_engine import ScenarioError, validate
from kernel_engine.i18n import define, gettext_noop
from playground.studio.canonical import canonical_json, slug_candidates
from playground.studio.limits import limit_problems
from playground.studio.models import Run, Scenario
from playground.studio.payloads import ApiError
from playground.studio.store import fail_run
from playground.studio.tasks import run_scenario

log = logging.getLogger(__name__)

ENGINE_CRASHED = define("web.engine.crashed", gettext_noop(
    "the engine could not check this scenario (an internal error, logged)"))
# A run whose task could not be queued once its transaction committed (the run's error).
QUEUE_LOST = define("web.run.queue_lost", gettext_noop(
    "the run could not be queued (the task queue was unreachable); start it again"))


def check_scenario(raw: dict[str, Any], *, for_run: bool) -> dict[str, Any]:
    """The normalized scenario, or ``ApiError`` 400 listing every problem.

    ``for_run`` also applies the playground's limits (``limits.py``): a
    scenario too big to run may still be saved and shared.
    """
    try:
        normalized = validate(raw)
    except ScenarioError as exc:
        raise ApiError(400, exc.as_list()) from None
    except Exception:  # an engine bug must not look like the student's fault
        log.exception("kernel_engine.validate crashed")
        raise ApiError.one(500, "", ENGINE_CRASHED.say()) from None
    if for_run:
        problems = limit_problems(raw, normalized)
        if problems:
            raise ApiError(400, problems)
    return normalized


def _title_of(raw: dict[str, Any]) -> str:
    title = raw.get("title")
    return title[:200] if isinstance(title, str) else ""


def save_scenario(raw: dict[str, Any]) -> Scenario:
    """Save a valid scenario under its slug; saving it again returns the same row."""
    check_scenario(raw, for_run=False)
    canonical = canonical_json(raw)
    for slug in slug_candidates(canonical):
        existing = Scenario.objects.filter(slug=slug).first()
        if existing is not None:
            if existing.canonical_json == canonical:
                return existing
            continue  # a different scenario has this prefix: take a longer slug
        try:
            with transaction.atomic():
                return Scenario.objects.create(
                    slug=slug, canonical_json=canonical, title=_title_of(raw)
                )
        except IntegrityError:
            # Saved by a concurrent request between our read and write.
            existing = Scenario.objects.get(slug=slug)
            if existing.canonical_json == canonical:
                return existing
    raise ApiError.one(500, "", "could not find a free link for this scenario")


QUEUE_DOWN_RETRY_SECONDS = 10


def start_run(raw: dict[str, Any], scenario: Scenario | None = None) -> Run:
    """Create a queued run of ``raw`` and queue its task once the row is committed.

    ``scenario`` is the saved scenario it came from, if any.  Raises
    ``ApiError`` 400 for an invalid scenario or one over the limits, and
    503 (with ``Retry-After``, no row left behind) when the task queue
    cannot be reached.  Inside a caller's transaction the task is queued on
    commit, and a queue that is down then fails the run with a message.
    """
    check_scenario(raw, for_run=True)
    run = Run.objects.create(scenario=scenario, scenario_json=canonical_json(raw),
                             heartbeat=timezone.now())
    if transaction.get_connection().in_atomic_block:
        # The worker re-fetches the run by id: it must see the committed row.
        transaction.on_commit(lambda: _queue_or_fail(run.id))
        return run
    try:
        run_scenario.delay(run.id)
    except Exception as exc:  # kombu raises several types for "cannot reach the broker"
        log.warning("run %s: could not be queued (%s: %s)", run.id, type(exc).__name__, exc)
        Run.objects.filter(id=run.id).delete()
        raise ApiError.one(
            503, "", "the playground cannot start runs right now (its task queue is "
                     f"unreachable); try again in {QUEUE_DOWN_RETRY_SECONDS} s",
            **{"Retry-After": str(QUEUE_DOWN_RETRY_SECONDS)}) from None
    return run


def _queue_or_fail(run_id: str) -> None:
    try:
        run_scenario.delay(run_id)
    except Exception as exc:
        log.warning("run %s: could not be queued (%s: %s)", run_id, type(exc).__name__, exc)
        fail_run(run_id, 0, QUEUE_LOST.say())
