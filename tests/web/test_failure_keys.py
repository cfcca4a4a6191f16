"""A failed run says why as data: its English line, a key and the values (issue 9).

Every sentence that ends a run (a budget, the time limit, an invalid
scenario, an internal error, two lost attempts, a task that could not be
queued) is defined with a key beside the code that writes it.  The run
keeps the English text in ``error`` as before and its key and values in
``error_key``/``error_args``; the ``run.failed`` event and frame and the
run API carry them, and a Chinese page renders the key's template.
"""
from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.test import Client
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext

from kernel_engine import ScenarioError
from kernel_engine.errors import Problem
from kernel_engine.i18n import Reason, render
from playground import frames
from playground.studio import services, store, sweeper, tasks
from playground.studio.i18n_views import every_key
from playground.studio.models import Run, RunStatus
from tests.stack import Stack, live_stack
from tests.web.helpers import http_json, round_robin
from tests.web.test_run_task import make_run, stream_and_listen
from tests.web.wsclient import WebSocket

pytestmark = pytest.mark.django_db(transaction=True)

RUN_KEYS = {"web.run.time", "web.run.steps", "web.run.step_bytes", "web.run.bytes",
            "web.run.result_bytes", "web.run.invalid", "web.run.problem_at", "web.run.problems",
            "web.run.internal", "web.run.internal_bare", "web.run.attempts",
            "web.run.queue_lost"}


def over(budget: tasks._Budget, index: int, size: int) -> Reason:
    with pytest.raises(tasks.BudgetExceeded) as raised:
        budget.spend(index, size)
    return tasks.failure_message(raised.value)


def budget(**limits: int) -> tasks._Budget:
    spent = tasks._Budget()
    for name, value in limits.items():
        setattr(spent, name, value)
    return spent


def test_each_budget_says_the_same_english_as_before_with_its_key(settings: Any) -> None:
    settings.PLAYGROUND_RUN_SECONDS = 120
    steps = over(budget(max_steps=100), 100, 10)
    assert steps == ("the run made more than 100 steps, the playground's limit for one run; "
                     "make the workload smaller")
    assert (steps.key, steps.args) == ("web.run.steps", {"n": 100})
    step = over(budget(max_step_bytes=15 * 1024), 0, 20 * 1024)
    assert step == ("step 0 is 20 KiB, over the playground's limit of 15 KiB for one step; "
                    "use fewer processes or shorter names")
    assert (step.key, step.args) == ("web.run.step_bytes", {"index": 0, "size": "20", "n": 15})
    steps_bytes = over(budget(max_bytes=2_000_000, max_step_bytes=10**7), 0, 2_000_000)
    assert steps_bytes == ("the run's steps passed 2 MB, the playground's limit for one run; "
                           "make the workload smaller")
    assert (steps_bytes.key, steps_bytes.args) == ("web.run.bytes", {"n": "2 MB"})
    late = tasks.failure_message(SoftTimeLimitExceeded())
    assert late == ("the run computed for more than 120 s, the playground's limit for one run; "
                    "make the workload smaller")
    assert (late.key, late.args) == ("web.run.time", {"n": 120})


def test_an_internal_error_names_its_type_and_first_line() -> None:
    crash = tasks.failure_message(ZeroDivisionError("division by zero\nmore"))
    assert crash == "the simulation stopped with an internal error (ZeroDivisionError: division by zero)"
    assert (crash.key, crash.args) == ("web.run.internal",
                                       {"name": "ZeroDivisionError", "detail": "division by zero"})
    bare = tasks.failure_message(RuntimeError())
    assert bare == "the simulation stopped with an internal error (RuntimeError)"
    assert (bare.key, bare.args) == ("web.run.internal_bare", {"name": "RuntimeError"})


def test_an_invalid_scenario_keeps_each_problems_own_key() -> None:
    from kernel_engine import validate

    with pytest.raises(ScenarioError) as raised:
        validate({"version": 1, "processes": [{"name": "A", "arrival": -1, "burst": 0}]})
    error = ScenarioError(raised.value.problems + [Problem("", "x")])
    assert len(error.problems) == 3
    message = tasks.failure_message(error)
    assert message == "the scenario is invalid: " + "; ".join(str(p) for p in error.problems)
    assert message.key == "web.run.invalid"
    assert render(message.key, message.args) == message  # nested, each problem by its key
    first = message.args["problems"]["args"]["first"]
    assert first["key"] == "web.run.problem_at"
    assert first["args"]["path"] == "processes[0].arrival"
    assert first["args"]["message"]["key"] == error.problems[0].key


def test_a_run_over_its_result_budget_stores_and_sends_its_key(settings: Any) -> None:
    settings.PLAYGROUND_MAX_RESULT_BYTES = 1000
    run = make_run(round_robin(50))
    events = stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error_key == "web.run.result_bytes"
    assert run.error_args["n"] == "1 KB"
    assert run.error == render(run.error_key, run.error_args)
    assert events[-1] == {"type": "run.failed", "step_count": run.step_count, "error": run.error,
                          "error_key": run.error_key, "error_args": run.error_args}


def test_the_run_api_returns_the_key_and_values_of_a_failed_run(
        client: Client, settings: Any) -> None:
    settings.PLAYGROUND_MAX_STEPS = 30
    run = make_run(round_robin(50))
    stream_and_listen(run.id)
    body = client.get(f"/api/runs/{run.id}/").json()
    assert body["status"] == "failed"
    assert body["error"] == ("the run made more than 30 steps, the playground's limit for one "
                             "run; make the workload smaller")
    assert (body["error_key"], body["error_args"]) == ("web.run.steps", {"n": 30})


def test_a_run_failed_before_keys_has_no_key_in_the_api_or_the_frame(client: Client) -> None:
    run = Run.objects.create(scenario_json="{}", status=RunStatus.FAILED, error="too many steps")
    body = client.get(f"/api/runs/{run.id}/").json()
    assert (body["error"], body["error_key"], body["error_args"]) == ("too many steps", None, None)
    state = store.run_state(run.id)
    assert frames.failed_frame(state.error, state.error_key, state.error_args) == {
        "type": "run.failed", "error": "too many steps"}


def test_the_sweeper_fails_a_lost_run_with_the_attempts_key() -> None:
    run = make_run(round_robin(5), status=RunStatus.RUNNING, attempts=2, step_count=4,
                   heartbeat=timezone.now() - datetime.timedelta(seconds=3600))
    assert sweeper.sweep_runs() == {"requeued": 0, "failed": 1}
    run.refresh_from_db()
    assert run.error == ("the run stopped twice before it finished (its worker was lost or ran "
                         "out of time); it may be too heavy for the playground: make the "
                         "workload smaller and run it again")
    assert (run.error_key, run.error_args) == ("web.run.attempts", {})


def test_a_run_that_cannot_be_queued_fails_with_the_queue_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broker_down(*args: Any) -> None:  # a lost broker on commit: a fault we cannot time
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(services.run_scenario, "delay", broker_down)
    run = make_run(round_robin(5))
    services._queue_or_fail(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == ("the run could not be queued (the task queue was unreachable); "
                         "start it again")
    assert (run.error_key, run.error_args) == ("web.run.queue_lost", {})


def test_every_failure_key_is_in_the_catalog_and_says_it_in_chinese(client: Client) -> None:
    keys = every_key()
    assert RUN_KEYS <= set(keys)
    catalog = client.get("/i18n/reasons/zh-hans.json").json()["keys"]
    for key in RUN_KEYS:
        english, chinese = catalog[key]
        assert english == keys[key].template
        assert chinese and chinese != english, key
    with translation.override("zh-hans"):
        said = render("web.run.steps", {"n": 30}, lookup={
            keys["web.run.steps"].template: gettext(keys["web.run.steps"].template)})
    assert said == "这次运行超过了 30 步，这是本平台单次运行的上限；请减小工作负载"


# -- the live stack: a step budget small enough to reach at once -------------------------

@pytest.fixture(scope="module")
def tight_stack() -> Iterator[Stack]:
    with live_stack({"PLAYGROUND_MAX_STEPS": "40"}) as running:
        yield running


def final_frame(stack: Stack, ws_path: str) -> dict[str, Any]:
    with WebSocket(f"{stack.ws_url}{ws_path}", timeout=60) as socket:
        while True:
            text = socket.recv()
            assert text is not None, f"closed ({socket.close_code}) before the final frame"
            frame = json.loads(text)
            if frame["type"] != "run.steps":
                return frame


@pytest.mark.slow
def test_a_live_run_over_its_step_budget_streams_and_replays_its_key(tight_stack: Stack) -> None:
    status, run, _ = http_json("POST", f"{tight_stack.base_url}/api/runs/",
                               {"scenario": round_robin(50)})
    assert status == 202, run
    expected = {"type": "run.failed",
                "error": "the run made more than 40 steps, the playground's limit for one run; "
                         "make the workload smaller",
                "error_key": "web.run.steps", "error_args": {"n": 40}}
    assert final_frame(tight_stack, run["ws"]) == expected
    # Once the run is over, a new socket replays it from the database: the same frame.
    assert final_frame(tight_stack, run["ws"]) == expected
    status, body, _ = http_json("GET", f"{tight_stack.base_url}/api/runs/{run['id']}/")
    assert (body["status"], body["error_key"], body["error_args"]) == (
        "failed", "web.run.steps", {"n": 40})


def test_the_practice_window_of_a_failed_run_gives_the_key_too(settings: Any) -> None:
    from playground.classroom.practice import window

    settings.PLAYGROUND_MAX_STEPS = 30
    run = make_run(round_robin(50))
    stream_and_listen(run.id)
    reply = window(run.id, 0, None, None)
    assert reply["status"] == "failed"
    assert (reply["error_key"], reply["error_args"]) == ("web.run.steps", {"n": 30})
    assert reply["error"] == render(reply["error_key"], reply["error_args"])
