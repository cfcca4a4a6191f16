"""Every run within a budget: refused up front when it would cost too much,
stopped with a clear failure when it passes a budget anyway, and streamed in
frames that fit (issue 14 section 1)."""
from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from playground import frames
from playground.celery import app
from playground.studio import tasks
from playground.studio.models import Run, RunStatus, StepChunk
from tests.web.budgets import crowded_round_robin, heavy_scenario
from tests.web.helpers import post_json, round_robin
from tests.web.test_run_task import make_run, stream_and_listen

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_heavy_scenario_is_refused_before_it_is_queued(client: Client) -> None:
    response = post_json(client, "/api/runs/", {"scenario": heavy_scenario()})
    assert response.status_code == 400
    errors = response.json()["errors"]
    by_path = {error["path"]: error["message"] for error in errors}
    assert by_path["cpu.cores"] == "the playground runs at most 16 cores, got 64"
    assert by_path["processes[0].name"] == ("the playground takes names of at most 32 "
                                            "characters, this one has 64")
    assert {"path": "processes", "message": "and 495 more names longer than 32 characters",
            "message_key": "web.limit.more_long_names", "message_args": {"k": 495, "n": 32}} \
        in errors
    keys = {error["path"]: error.get("message_key") for error in errors}
    assert keys["cpu.cores"] == "web.limit.cores"
    assert keys["processes[0].name"] == "web.limit.name_length"
    [work_error] = [e for e in errors if "process-ticks" in e["message"]]
    assert work_error["message_key"] == "web.limit.work"
    work = work_error["message"]
    assert work.startswith("this run would cost about 3,200,000,000 process-ticks x cores "
                           "(500 processes x 100,000 ticks x 64 cores), over the playground's "
                           "limit of 50,000,000")
    assert not Run.objects.exists()


def test_the_cost_estimate_alone_refuses_a_heavy_run_within_the_other_caps(
        client: Client) -> None:
    scenario = crowded_round_robin(500, 16, 12_800, name_length=8)
    response = post_json(client, "/api/validate/", {"scenario": scenario})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["path"] == "processes"
    assert "(500 processes x 100,000 ticks x 16 cores)" in error["message"]


def test_thread_and_lock_names_are_capped_too(client: Client, settings: Any) -> None:
    settings.PLAYGROUND_MAX_NAME_LENGTH = 4
    scenario = {"version": 1, "processes": [{"name": "main", "arrival": 0, "program": [
        {"op": "spawn", "thread": "worker", "program": [{"op": "cpu", "ticks": 1}]},
        {"op": "lock", "mutex": "gradients"}, {"op": "unlock", "mutex": "gradients"},
        {"op": "join", "thread": "worker"},
    ]}]}
    response = post_json(client, "/api/runs/", {"scenario": scenario})
    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == [
        "processes[0].program[0].thread", "processes[0].program[1].mutex",
        "processes[0].program[2].mutex", "processes[0].program[3].thread"]


def test_every_stored_chunk_and_every_event_fits_one_frame(settings: Any) -> None:
    settings.PLAYGROUND_MAX_FRAME_BYTES = 16 * 1024
    run = make_run(crowded_round_robin(40, 2, 20))  # steps of 2-3 KB
    events = stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETED
    chunks = list(StepChunk.objects.filter(run=run).order_by("start"))
    assert len(chunks) > 10
    for chunk in chunks:
        assert len(frames.encode_steps(chunk.start, chunk.steps_json).encode()) <= 16 * 1024
    for event in events[:-1]:
        assert len(frames.encode_steps(event["start"], event["steps_json"]).encode()) <= 16 * 1024
    assert sum(e["count"] for e in events[:-1]) == run.step_count


def test_a_large_result_is_sent_as_a_summary_and_a_url(client: Client, settings: Any) -> None:
    settings.PLAYGROUND_MAX_FRAME_BYTES = 16 * 1024
    run = make_run(crowded_round_robin(40, 2, 20))
    final = stream_and_listen(run.id)[-1]
    run.refresh_from_db()
    assert len(run.result_json) > 16 * 1024
    frame = json.loads(final["frame"])
    assert len(final["frame"].encode()) <= 16 * 1024
    assert frame["result_url"] == f"/api/runs/{run.id}/result"
    assert frame["summary"]["status"] == "completed"
    assert frame["summary"]["ticks"] == run.result()["ticks"]
    assert "averages" in frame["summary"]
    response = client.get(frame["result_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == run.result()


def test_the_result_url_of_a_run_without_a_result_is_a_json_409(client: Client) -> None:
    run = make_run(round_robin(5))
    response = client.get(f"/api/runs/{run.id}/result")
    assert response.status_code == 409
    assert response.json()["errors"][0]["message"] == (
        "the run is queued: only a completed run has a result")
    assert client.get("/api/runs/nosuchrun/result").status_code == 404


def test_a_run_over_the_byte_budget_stops_with_a_clear_failure(settings: Any) -> None:
    settings.PLAYGROUND_MAX_RUN_BYTES = 200_000
    run = make_run(crowded_round_robin(40, 2, 20))
    events = stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == ("the run's steps passed 200 KB, the playground's limit for one run; "
                         "make the workload smaller")
    stored = sum(len(c.steps_json.encode()) for c in StepChunk.objects.filter(run=run))
    assert 150_000 < stored <= 200_000
    assert (run.error_key, run.error_args) == ("web.run.bytes", {"n": "200 KB"})
    assert events[-1] == {"type": "run.failed", "step_count": run.step_count, "error": run.error,
                          "error_key": "web.run.bytes", "error_args": {"n": "200 KB"}}


def test_a_result_over_its_bound_fails_the_run(settings: Any) -> None:
    settings.PLAYGROUND_MAX_RESULT_BYTES = 1000
    run = make_run(round_robin(50))
    stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error.startswith("the run's result is ")
    assert run.error.endswith(", over the playground's limit of 1 KB for one result; "
                              "make the workload smaller")
    assert run.result_json == ""


def test_a_step_too_large_for_one_frame_fails_the_run(settings: Any) -> None:
    settings.PLAYGROUND_MAX_FRAME_BYTES = 16 * 1024
    run = make_run(crowded_round_robin(300, 1, 1))  # step 0: 300 arrivals, 200 queued names
    stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error.startswith("step 0 is ")
    assert run.error.endswith("KiB, over the playground's limit of 15 KiB for one step; "
                              "use fewer processes or shorter names")


def test_a_run_over_its_time_budget_fails(settings: Any) -> None:
    settings.PLAYGROUND_RUN_SECONDS = 0
    run = make_run(round_robin(50))
    stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == ("the run computed for more than 0 s, the playground's limit for one "
                         "run; make the workload smaller")


def test_every_playground_task_has_soft_and_hard_time_limits() -> None:
    app.autodiscover_tasks(force=True)  # what a worker imports when it starts
    ours = {name: task for name, task in app.tasks.items() if name.startswith("playground.")}
    assert "playground.studio.tasks.run_scenario" in ours
    assert "playground.grading.tasks.grade_submission" in ours
    for name, task in ours.items():
        assert task.soft_time_limit, f"{name} has no soft_time_limit"
        assert task.time_limit and task.time_limit > task.soft_time_limit, name


def test_the_run_tasks_limits_sit_above_the_runs_own_budget() -> None:
    assert tasks.run_scenario.soft_time_limit > tasks.settings.PLAYGROUND_RUN_SECONDS
