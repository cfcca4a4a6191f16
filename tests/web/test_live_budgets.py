"""Budgets on the live stack: the heavy scenario is refused up front, and a run
at the budget's edge completes with every frame within 512 KiB and its final
frame delivered (issue 14, "Done when")."""
from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.stack import Stack
from tests.web.budgets import EDGE_OF_BUDGET, OVER_BUDGET, crowded_round_robin, heavy_scenario, steps_of
from tests.web.helpers import http_json
from tests.web.wsclient import WebSocket

pytestmark = pytest.mark.slow

FRAME_LIMIT = 512 * 1024


def read_whole_run(stack: Stack, ws_path: str) -> tuple[int, list[int], dict[str, Any]]:
    """(steps received, size in bytes of every frame, the final frame)."""
    sizes: list[int] = []
    expected = 0
    with WebSocket(f"{stack.ws_url}{ws_path}", timeout=120) as socket:
        while True:
            text = socket.recv()
            assert text is not None, f"closed ({socket.close_code}) before the final frame"
            sizes.append(len(text.encode("utf-8")))
            frame = json.loads(text)
            if frame["type"] != "run.steps":
                return expected, sizes, frame
            assert frame["from"] == expected
            expected += len(frame["steps"])


def test_the_heavy_scenario_is_refused_at_post_naming_the_limits(stack: Stack) -> None:
    status, body, _ = http_json("POST", f"{stack.base_url}/api/runs/",
                                {"scenario": heavy_scenario()})
    assert status == 400
    paths = {error["path"] for error in body["errors"]}
    assert {"cpu.cores", "processes[0].name", "processes"} <= paths
    assert any("process-ticks x cores" in error["message"] for error in body["errors"])


def test_a_run_at_the_budgets_edge_completes_in_frames_that_fit(stack: Stack) -> None:
    status, run, _ = http_json("POST", f"{stack.base_url}/api/runs/",
                               {"scenario": crowded_round_robin(*EDGE_OF_BUDGET)})
    assert status == 202, run
    steps, sizes, final = read_whole_run(stack, run["ws"])
    assert steps == steps_of(*EDGE_OF_BUDGET)  # 4,801
    assert sum(sizes) > 17_000_000  # about 18 MB of steps: near the 20 MB budget
    assert max(sizes) <= FRAME_LIMIT
    assert final["type"] == "run.finished"
    # The result (about 1.9 MB) is fetched, not framed.
    assert final["result_url"] == f"/api/runs/{run['id']}/result"
    assert final["summary"]["status"] == "completed"
    with urllib.request.urlopen(f"{stack.base_url}{final['result_url']}", timeout=30) as answer:
        result = json.loads(answer.read())
    assert result["ticks"] == final["summary"]["ticks"]
    assert len(result["processes"]) == EDGE_OF_BUDGET[0]


def test_a_run_over_the_byte_budget_stops_with_a_clear_failure(stack: Stack) -> None:
    status, run, _ = http_json("POST", f"{stack.base_url}/api/runs/",
                               {"scenario": crowded_round_robin(*OVER_BUDGET)})
    assert status == 202, run
    steps, sizes, final = read_whole_run(stack, run["ws"])
    assert max(sizes) <= FRAME_LIMIT
    assert final == {"type": "run.failed",
                     "error": "the run's steps passed 20 MB, the playground's limit for one "
                              "run; make the workload smaller",
                     "error_key": "web.run.bytes", "error_args": {"n": "20 MB"}}
    assert 0 < steps < steps_of(*OVER_BUDGET)
