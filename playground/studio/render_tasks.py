"""The worker's side of shared scenarios: render a preview and an answer key.

``render_shared(artifact_id)`` runs the saved scenario of a pending
``RenderedArtifact`` under the same budgets as a run (the playground's
limits, ``PLAYGROUND_MAX_STEPS`` steps, and ``artifacts.RENDER_SECONDS`` of
engine time), then stores the PNG and the answer-key data, or why there are
none.  It is idempotent: a render that is no longer pending is left alone.

It is not acknowledged late: a render that kills its worker is not handed
to the next one; the view queues it again once it is stale, up to
``artifacts.MAX_ATTEMPTS`` times in all.
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from kernel_engine import Run as EngineRun
from kernel_engine import ScenarioError, validate
from playground.studio.artifacts import MAX_KEY_BYTES, RENDER_SECONDS, Outcome, RenderedArtifact
from playground.studio.limits import engine_scenario, limit_problems
from playground.studio.preview import gantt_chart, policy_line, render_preview, uses_disk, uses_memory
from playground.studio.worksheet import key_data

log = logging.getLogger(__name__)

# The deadline is checked every this many steps (a clock read per step costs more).
CLOCK_EVERY = 32


@dataclass(frozen=True)
class BudgetedRun:
    """A scenario's result within the budgets, or the outcome that explains its absence."""

    result: dict[str, Any] | None
    outcome: str = Outcome.RENDERED
    details: tuple[str, ...] = ()


def budgeted_run(raw: dict[str, Any], seconds: float | None = None,
                 max_steps: int | None = None) -> BudgetedRun:
    """Run ``raw`` as a run would be run: limits first, then at most ``max_steps`` steps
    (``PLAYGROUND_MAX_STEPS`` by default) and ``seconds`` of engine time
    (``RENDER_SECONDS`` by default)."""
    max_steps = settings.PLAYGROUND_MAX_STEPS if max_steps is None else max_steps
    seconds = RENDER_SECONDS if seconds is None else seconds
    try:
        normalized = validate(raw)
    except ScenarioError as exc:
        return BudgetedRun(None, Outcome.INVALID, tuple(f"{p['path']}: {p['message']}" for p in exc.as_list()))
    problems = limit_problems(raw, normalized)
    if problems:
        return BudgetedRun(None, Outcome.TOO_LARGE, tuple(p["message"] for p in problems))
    deadline = time.monotonic() + seconds
    engine_run = EngineRun(engine_scenario(raw), summary=True)
    steps = 0
    for _step in engine_run:
        steps += 1
        if steps > max_steps:
            return BudgetedRun(None, Outcome.TOO_LARGE, (
                f"the run makes more than {max_steps} steps, the playground's limit for one run",))
        if steps % CLOCK_EVERY == 0 and time.monotonic() > deadline:
            return BudgetedRun(None, Outcome.OVER_BUDGET, (f"more than {seconds:g} s of simulation",))
    return BudgetedRun(engine_run.result)


def draw_preview(title: str, raw: dict[str, Any], run: BudgetedRun, note: str) -> bytes:
    """The 1200 x 630 PNG: the Gantt chart, or ``note`` when there is no result."""
    if run.result is None:
        return render_preview(title, "", None, note)
    parts = [p for p, used in (("cpu", bool(raw.get("processes"))), ("memory", uses_memory(raw)),
                               ("io", uses_disk(raw))) if used]
    subtitle = policy_line(validate(raw), parts)
    lanes = len({s.get("who") for s in run.result["cpu"]["gantt"]})
    chart = gantt_chart(raw, run.result, by="thread" if lanes <= 10 else "core")
    return render_preview(title, subtitle, chart)


def render_fields(title: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The ``RenderedArtifact`` fields of a finished render of ``raw``."""
    run = budgeted_run(raw)
    fields: dict[str, Any] = {"outcome": run.outcome, "details_json": json.dumps(list(run.details))}
    if run.result is not None:
        key_json = json.dumps(key_data(raw, run.result), separators=(",", ":"))
        if len(key_json.encode()) <= MAX_KEY_BYTES:
            fields["key_json"] = key_json
        else:
            fields["key_omitted"] = True
    # The image is language-neutral: it names the problem with the engine's own words.
    note = "; ".join(run.details) or Outcome(run.outcome).label
    fields["preview_png"] = draw_preview(title, raw, run, note)
    return fields


@shared_task(ignore_result=True, acks_late=False,
             soft_time_limit=RENDER_SECONDS + 15, time_limit=RENDER_SECONDS + 45)
def render_shared(artifact_id: int) -> None:
    """Render the pending ``RenderedArtifact`` ``artifact_id``; idempotent."""
    render_artifact(artifact_id)


def render_artifact(artifact_id: int) -> None:
    """The body of ``render_shared`` (tests call it to play the worker in-process)."""
    artifact = (RenderedArtifact.objects.select_related("scenario")
                .filter(pk=artifact_id, status=RenderedArtifact.Status.PENDING).first())
    if artifact is None:
        log.info("render %s: nothing to do (unknown or already rendered)", artifact_id)
        return
    scenario = artifact.scenario
    started = time.monotonic()
    try:
        fields = render_fields(scenario.title or scenario.slug, scenario.as_dict())
    except SoftTimeLimitExceeded:  # Celery's backstop on a prefork worker (the deadline above missed)
        fields = {"outcome": Outcome.OVER_BUDGET,
                  "details_json": json.dumps([f"more than {RENDER_SECONDS} s of simulation"])}
    except Exception:  # an engine or drawing bug must not leave the page waiting
        log.exception("render %s of %s: failed", artifact_id, scenario.slug)
        fields = {"outcome": Outcome.ENGINE_ERROR}
    if "preview_png" not in fields:
        fields["preview_png"] = render_preview(scenario.title or scenario.slug, "", None,
                                               Outcome(fields["outcome"]).label)
    RenderedArtifact.objects.filter(pk=artifact_id, status=RenderedArtifact.Status.PENDING).update(
        status=RenderedArtifact.Status.READY, finished=timezone.now(), **fields)
    # What older engines rendered for this slug is never served again.
    RenderedArtifact.objects.filter(scenario=scenario).exclude(
        engine_version=artifact.engine_version).delete()
    log.info("render %s of %s: %s in %.2f s", artifact_id, scenario.slug,
             fields["outcome"] or "rendered", time.monotonic() - started)
