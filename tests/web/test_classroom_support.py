"""Helpers for the classroom tests: a session on a stored, completed run.

``completed_run(preset)`` stores a run the way the worker would (steps in
chunks, then the result) without Celery, so the view and consumer tests
need no broker.  The one test here checks that the stored run is what the
engine produced.
"""
from __future__ import annotations

from typing import Any

from kernel_engine import Run as EngineRun
from kernel_engine import presets
from playground.classroom.models import LiveSession
from playground.studio.runsteps import state_at, steps_from
from playground.frames import dumps
from playground.studio.canonical import canonical_json
from playground.studio.models import Run, RunStatus, StepChunk
from playground.studio.services import save_scenario

CHUNK = 3  # small chunks, so reads cross chunk boundaries


def completed_run(preset: str = "cpu-srt-four") -> Run:
    """A completed run of a built-in scenario, stored in chunks of ``CHUNK`` steps."""
    raw = presets.load(preset)
    scenario = save_scenario(raw)
    engine = EngineRun(raw)
    steps = list(engine)
    run = Run.objects.create(scenario=scenario, scenario_json=canonical_json(raw),
                             status=RunStatus.COMPLETED, step_count=len(steps),
                             result_json=dumps(engine.result))
    for start in range(0, len(steps), CHUNK):
        chunk = steps[start:start + CHUNK]
        StepChunk.objects.create(run=run, start=start, end=start + len(chunk),
                                 steps_json=dumps(chunk))
    return run


def live_session(instructor: Any, *, course: Any = None, open: bool = True,
                 preset: str = "cpu-srt-four", **fields: Any) -> LiveSession:
    """A live session on a completed run of ``preset``."""
    run = completed_run(preset)
    return LiveSession.objects.create(title=run.scenario.title, scenario=run.scenario, run=run,
                                      instructor=instructor, course=course, open=open, **fields)


def test_the_stored_run_reads_back_as_the_engine_made_it(db: None) -> None:
    run = completed_run("cpu-srt-four")
    steps = list(EngineRun(presets.load("cpu-srt-four")))
    assert list(steps_from(run.pk, 0)) == steps
    assert list(steps_from(run.pk, 5)) == steps[5:]
    # At step 3 (t=3) P2 runs and P4, P1, P3 wait, shortest first.
    assert state_at(run.pk, 3)["running"] == [{"who": "P2", "since": 1}]
    assert state_at(run.pk, 3)["ready"] == ["P4", "P1", "P3"]
