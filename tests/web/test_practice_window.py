"""/practice/runs/<id>/steps/: a run's steps a window at a time, for pages
that hold only what they show (practice pages, embeds with answers hidden).

The run is the textbook SRT example (steps at t = 0, 1, 2, 3, 5, 10, 17, 26),
stored in chunks of three the way the worker stores it.
"""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kernel_engine.kernel.delta import apply_step
from tests.web.test_classroom_support import completed_run

pytestmark = pytest.mark.django_db


def window(run_id: str, **query: Any) -> tuple[int, dict[str, Any]]:
    response = Client().get(f"/practice/runs/{run_id}/steps/", query)
    return response.status_code, response.json()


def rebuilt(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The state after the last of ``steps``, read from them alone."""
    state: dict[str, Any] = {}
    for item in steps:
        state = apply_step(state, item)
    return state


def test_steps_stop_before_a_checkpoint_tick_and_the_result_waits_for_the_end() -> None:
    run = completed_run()
    status, body = window(run.pk, before_tick=5)
    assert status == 200
    assert [s["t"] for s in body["steps"]] == [0, 1, 2, 3]
    assert body["reached"] is True and "result" not in body
    status, body = window(run.pk, **{"from": 4, "before_step": 6})
    assert [s["i"] for s in body["steps"]] == [4, 5] and body["reached"] is True
    # Step 4 comes as a keyframe: the state a page reading from step 0 has at 4.
    _, whole = window(run.pk)
    assert body["from"] == 4 and body["steps"][0]["keyframe"] is True
    assert "patch" not in body["steps"][0] and "gone" not in body["steps"][0]
    assert body["steps"][0]["state"] == rebuilt(whole["steps"][:5])
    assert body["steps"][1] == whole["steps"][5]
    assert "result" not in body
    status, body = window(run.pk, **{"from": 6})
    assert [s["i"] for s in body["steps"]] == [6, 7]
    assert body["result"]["processes"]["P1"]["waiting"] == 9


def test_a_checkpoint_after_the_run_is_never_reached() -> None:
    run = completed_run()
    status, body = window(run.pk, before_tick=1000)
    assert len(body["steps"]) == 8 and body["reached"] is False and "result" not in body


@pytest.mark.parametrize("query, path", [
    ({"from": "-1"}, "from"),
    ({"before_step": "x"}, "before_step"),
    ({"before_tick": "1e9"}, "before_tick"),
    ({"before_step": "2", "before_tick": "2"}, ""),
])
def test_bad_bounds_are_refused_in_json(query: dict[str, str], path: str) -> None:
    run = completed_run()
    status, body = window(run.pk, **query)
    assert status == 400 and body["errors"][0]["path"] == path


def test_an_unknown_run_is_a_json_404() -> None:
    status, body = window("nosuchrun")
    assert status == 404 and "no run has the id" in body["errors"][0]["message"]
