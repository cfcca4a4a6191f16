"""The run task: store chunks, announce batches, idempotence, readable failures.

These run the real engine and the task's stream in one event loop with
channels' in-memory layer, listening on the run's group as a consumer would.
"""
from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from channels.layers import get_channel_layer

from kernel_engine import iter_steps, simulate
from playground.studio import tasks
from playground.studio.canonical import canonical_json
from playground.studio.events import group_name
from playground.studio.models import Run, RunStatus, StepChunk
from tests.web.helpers import round_robin

pytestmark = pytest.mark.django_db(transaction=True)

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def make_run(scenario: dict[str, Any], **fields: Any) -> Run:
    return Run.objects.create(scenario_json=canonical_json(scenario), **fields)


def stream_and_listen(run_id: str) -> list[dict[str, Any]]:
    """Run the task's stream; the events a member of the run's group received."""

    async def go() -> list[dict[str, Any]]:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(group_name(run_id), channel)
        await tasks.stream_run(run_id, layer)
        events = []
        while True:
            try:
                events.append(await asyncio.wait_for(layer.receive(channel), 0.05))
            except asyncio.TimeoutError:
                return events

    return asyncio.run(go())


def stored_steps(run: Run) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for chunk in StepChunk.objects.filter(run=run).order_by("start"):
        assert chunk.start == len(steps), "chunks must be consecutive"
        batch = json.loads(chunk.steps_json)
        assert chunk.end == chunk.start + len(batch)
        steps.extend(batch)
    return steps


def test_a_run_stores_every_step_and_its_result_equals_simulate() -> None:
    scenario = round_robin(300)  # 601 steps: more than two full batches
    run = make_run(scenario)
    events = stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETED
    assert run.step_count == 601
    assert stored_steps(run) == json.loads(json.dumps(list(iter_steps(scenario))))
    assert run.result() == json.loads(json.dumps(simulate(scenario)))
    assert run.started is not None and run.finished is not None


def test_each_batch_is_announced_once_in_order_then_the_finish() -> None:
    run = make_run(round_robin(300))
    events = stream_and_listen(run.id)
    *batches, last = events
    assert [e["type"] for e in batches] == ["run.steps"] * len(batches)
    assert len(batches) >= 3
    expected_start = 0
    for event in batches:
        assert event["start"] == expected_start
        assert event["count"] == len(json.loads(event["steps_json"])) <= tasks.BATCH_MAX_STEPS
        expected_start += event["count"]
    assert last["type"] == "run.finished"
    assert last["step_count"] == expected_start == 601
    assert json.loads(last["frame"])["result"]["status"] == "completed"


def test_a_completed_run_delivered_again_is_left_alone() -> None:
    run = make_run(round_robin(5))
    stream_and_listen(run.id)
    chunks_before = list(StepChunk.objects.filter(run=run).values_list("id", flat=True))
    assert stream_and_listen(run.id) == []
    assert list(StepChunk.objects.filter(run=run).values_list("id", flat=True)) == chunks_before


def test_a_run_left_running_by_a_dead_worker_restarts_cleanly() -> None:
    run = make_run(round_robin(5), status=RunStatus.RUNNING, step_count=3)
    StepChunk.objects.create(run=run, start=0, end=3, steps_json="[1,2,3]")
    stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETED
    assert stored_steps(run) == json.loads(json.dumps(list(iter_steps(round_robin(5)))))


def test_the_worker_caps_ticks_so_a_run_cannot_go_on_for_ever(settings: Any) -> None:
    settings.PLAYGROUND_MAX_TICKS = 50
    run = make_run({"version": 1, "processes": [{"name": "A", "arrival": 0, "burst": 80}]})
    stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETED
    assert run.result()["status"] == "limit"


def test_a_run_over_the_step_limit_fails_with_a_readable_message(settings: Any) -> None:
    settings.PLAYGROUND_MAX_STEPS = 100
    run = make_run(round_robin(100))  # 201 steps
    events = stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == ("the run made more than 100 steps, the playground's limit for one "
                         "run; make the workload smaller")
    assert run.step_count == 100 == len(stored_steps(run))
    assert (run.error_key, run.error_args) == ("web.run.steps", {"n": 100})
    assert events[-1] == {"type": "run.failed", "step_count": 100, "error": run.error,
                          "error_key": "web.run.steps", "error_args": {"n": 100}}


def test_the_step_limit_message_is_the_golden_failed_frame(settings: Any) -> None:
    golden = json.loads((GOLDEN / "frames_failed.json").read_text())
    settings.PLAYGROUND_MAX_STEPS = 50000
    with pytest.raises(tasks.BudgetExceeded) as over:
        tasks._Budget().spend(50000, 100)
    assert tasks.failure_message(over.value) == golden["error"]


class CrashingEngine:
    """An engine stand-in whose third step raises, as a bug in a policy would."""

    def __init__(self, scenario: dict[str, Any]):
        self.result = None

    def __iter__(self) -> Any:
        yield {"i": 0, "t": 0, "events": [], "state": {}, "keyframe": True}
        yield {"i": 1, "t": 1, "events": [], "state": {}, "keyframe": False}
        raise RuntimeError("boom\nwith a second line")


def test_an_engine_crash_fails_the_run_in_one_line_and_logs_the_traceback(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(tasks, "EngineRun", CrashingEngine)
    run = make_run(round_robin(5))
    with caplog.at_level(logging.ERROR, logger="playground.studio.tasks"):
        events = stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "the simulation stopped with an internal error (RuntimeError: boom)"
    assert run.step_count == 2
    assert events[-1]["type"] == "run.failed"
    assert any(record.exc_info for record in caplog.records)


def test_the_celery_task_runs_the_stream_for_an_id() -> None:
    run = make_run(round_robin(5))
    tasks.run_scenario(run.id)  # called in-process, as a worker would
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETED
    assert run.step_count == 11


def test_an_unknown_run_id_is_nothing_to_do() -> None:
    assert stream_and_listen("nosuchrun") == []
