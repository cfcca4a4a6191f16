"""The live stack end to end: HTTP in, websocket out, through Redis and Celery.

Every test here talks to real processes (tests/stack.py): Daphne, a Celery
worker, Redis, a SQLite file.  The engine's own ``simulate`` is the oracle.
"""
from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import pytest

from kernel_engine import simulate
from kernel_engine.kernel.delta import apply_step
from tests.stack import Stack
from tests.web.helpers import http_json, load_example, round_robin
from tests.web.wsclient import WebSocket

pytestmark = pytest.mark.slow


def start_run(stack: Stack, scenario: dict[str, Any]) -> dict[str, Any]:
    status, body, _ = http_json("POST", f"{stack.base_url}/api/runs/", {"scenario": scenario})
    assert status == 202, body
    return body


def listen(stack: Stack, ws_path: str, start: int | None = None,
           stop_after: int | None = None) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Steps received (in order) and the final frame (None if we left early).

    The stream begins at ``start`` with a keyframe; every frame's ``from``
    must equal the next expected index: a step repeated or skipped fails the
    test right there.  ``stop_after``: leave
    once that many steps have arrived.
    """
    query = "" if start is None else f"?from={start}"
    steps: list[dict[str, Any]] = []
    expected = start or 0
    with WebSocket(f"{stack.ws_url}{ws_path}{query}", timeout=60) as socket:
        while True:
            frame = socket.recv_json()
            assert frame is not None, f"socket closed ({socket.close_code}) before the end"
            if frame["type"] != "run.steps":
                assert socket.recv() is None and socket.close_code == 1000
                return steps, frame
            assert frame["from"] == expected, "a step was repeated or skipped"
            if not steps and frame["steps"]:
                assert frame["steps"][0]["keyframe"] is True, "the first step must be a keyframe"
            assert [s["i"] for s in frame["steps"]] == list(
                range(expected, expected + len(frame["steps"])))
            steps.extend(frame["steps"])
            expected += len(frame["steps"])
            if stop_after is not None and len(steps) >= stop_after:
                return steps, None


def rebuilt(steps: list[dict[str, Any]], position: int) -> dict[str, Any]:
    """The state after ``steps[position]``, read from ``steps`` alone."""
    state: dict[str, Any] = {}
    for item in steps[:position + 1]:
        state = apply_step(state, item)
    return state


def wait_until_final(stack: Stack, run_id: str, seconds: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body, _ = http_json("GET", f"{stack.base_url}/api/runs/{run_id}/")
        assert status == 200
        if body["status"] in ("completed", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not finish in {seconds} s")


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def test_a_run_streams_every_step_once_and_ends_with_the_simulate_result(stack: Stack) -> None:
    scenario = load_example("cpu-srt-four.json")
    run = start_run(stack, scenario)
    assert run["status"] == "queued"
    steps, final = listen(stack, run["ws"])
    assert final == {"type": "run.finished", "result": as_json(simulate(scenario))}
    assert [s["i"] for s in steps] == list(range(len(steps)))
    assert steps[0]["keyframe"] is True
    assert wait_until_final(stack, run["id"])["result"] == final["result"]


def test_no_frame_is_lost_in_a_run_of_ten_thousand_steps(stack: Stack) -> None:
    scenario = round_robin(5000)  # 10,001 steps
    run = start_run(stack, scenario)
    steps, final = listen(stack, run["ws"])
    assert len(steps) == 10_001
    assert final is not None and final["result"] == as_json(simulate(scenario))


def test_reconnecting_with_from_n_resumes_exactly_where_it_left(stack: Stack) -> None:
    scenario = round_robin(600)  # 1,201 steps
    run = start_run(stack, scenario)
    first, _ = listen(stack, run["ws"], stop_after=1)
    resumed, final = listen(stack, run["ws"], start=len(first))
    assert [s["i"] for s in first + resumed] == list(range(1201))
    assert final is not None and final["type"] == "run.finished"
    again, _ = listen(stack, run["ws"], start=1000)
    # Step 1000 comes as a keyframe: the state a client from 0 has rebuilt by then.
    whole = first + resumed
    assert again[0]["keyframe"] is True and again[0]["state"] == rebuilt(whole, 1000)
    assert again[1:] == whole[1001:]
    assert rebuilt(again, len(again) - 1) == rebuilt(whole, 1200)


def test_a_finished_run_replays_with_the_worker_stopped(stack: Stack) -> None:
    scenario = round_robin(200)
    run = start_run(stack, scenario)
    live, live_final = listen(stack, run["ws"])
    wait_until_final(stack, run["id"])
    stack.stop_worker()
    try:
        replayed, final = listen(stack, run["ws"])
        assert replayed == live
        assert final == live_final
        tail, _ = listen(stack, run["ws"], start=390)
        assert [s["i"] for s in tail] == list(range(390, 401))
        assert tail[0]["state"] == rebuilt(live, 390) and tail[1:] == live[391:]
    finally:
        stack.start_worker()


def test_a_run_the_engine_cannot_finish_fails_and_the_worker_serves_the_next(
        stack: Stack) -> None:
    run = start_run(stack, round_robin(15_000))  # 30,001 steps: over the stack's 20,000 cap
    steps, final = listen(stack, run["ws"])
    message = ("the run made more than 20000 steps, the playground's limit for one run; "
               "make the workload smaller")
    assert final == {"type": "run.failed", "error": message,
                     "error_key": "web.run.steps", "error_args": {"n": 20000}}
    assert len(steps) == 20_000
    body = wait_until_final(stack, run["id"])
    assert body["status"] == "failed" and body["error"] == message
    assert "result" not in body
    scenario = load_example("cpu-srt-four.json")
    _, next_final = listen(stack, start_run(stack, scenario)["ws"])
    assert next_final == {"type": "run.finished", "result": as_json(simulate(scenario))}


def test_a_saved_scenario_runs_by_slug(stack: Stack) -> None:
    scenario = load_example("disk-sstf.json")
    status, saved, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": scenario})
    assert status == 201
    status, run, _ = http_json("POST", f"{stack.base_url}/api/runs/", {"slug": saved["slug"]})
    assert status == 202
    _, final = listen(stack, run["ws"])
    assert final == {"type": "run.finished", "result": as_json(simulate(scenario))}


def test_an_unknown_run_socket_closes_with_4404(stack: Stack) -> None:
    with WebSocket(f"{stack.ws_url}/ws/runs/nosuchrun/") as socket:
        assert socket.recv() is None
        assert socket.close_code == 4404


def test_static_files_and_the_javascript_catalog_are_served(stack: Stack) -> None:
    for path in ("/static/playground/js/player.js", "/jsi18n/"):
        with urllib.request.urlopen(f"{stack.base_url}{path}", timeout=10) as response:
            assert response.status == 200
            assert "javascript" in response.headers["Content-Type"]
