"""The banker inside the kernel: acquire is granted only when the state stays safe.

The classic state (available 3 3 2 once P0..P4 hold their allocations) is
built by each process acquiring its allocation at t=0; P1 then asks for
(1, 0, 2) at t=5 (granted: safe), P0 for (0, 2, 0) at t=6 (unsafe: it
waits) and gets it at t=8 when P1 releases everything.
"""
from __future__ import annotations

import pytest

from kernel_engine import ScenarioError, iter_steps, simulate, validate


def acquire(*v: int) -> dict:
    return {"op": "acquire", "vector": list(v)}


def release(*v: int) -> dict:
    return {"op": "release", "vector": list(v)}


def wait(ticks: int) -> dict:
    return {"op": "io", "ticks": ticks}


CLASSIC = {
    "version": 1, "resources": [10, 5, 7], "threads": {"deadlock": "avoid"},
    "processes": [
        {"name": "P0", "max": [7, 5, 3], "program": [acquire(0, 1, 0), wait(6), acquire(0, 2, 0),
                                                      {"op": "cpu", "ticks": 1}, release(0, 3, 0)]},
        {"name": "P1", "max": [3, 2, 2], "program": [acquire(2, 0, 0), wait(5), acquire(1, 0, 2),
                                                      wait(3), release(3, 0, 2)]},
        {"name": "P2", "max": [9, 0, 2], "program": [acquire(3, 0, 2), wait(20), release(3, 0, 2)]},
        {"name": "P3", "max": [2, 2, 2], "program": [acquire(2, 1, 1), wait(20), release(2, 1, 1)]},
        {"name": "P4", "max": [4, 3, 3], "program": [acquire(0, 0, 2), wait(20), release(0, 0, 2)]},
    ],
}


def test_the_classic_requests_granted_refused_then_granted() -> None:
    result = simulate(CLASSIC)
    assert result["status"] == "completed"
    checks = [(c["t"], c["who"], c["request"], c["granted"], c["safe"]) for c in result["resources"]["checks"]]
    assert checks[5:] == [(5, "P1", [1, 0, 2], True, True),
                          (6, "P0", [0, 2, 0], False, False),
                          (8, "P0", [0, 2, 0], True, True)]
    assert result["resources"]["checks"][5]["sequence"] == ["P1", "P3", "P0", "P2", "P4"]
    assert result["resources"]["available"] == [10, 5, 7]


def test_the_refused_request_says_the_state_would_be_unsafe_and_who_could_not_finish() -> None:
    blocks = [e for s in iter_steps(CLASSIC) for e in s["events"]
              if e["kind"] == "block" and e["who"] == "P0" and e["on"].startswith("resources")]
    [block] = blocks
    assert block["reason"] == ("P0 waits: granting (0, 2, 0) would leave an unsafe state (available "
                               "(2, 1, 0) after it); P0, P1, P2, P3, P4 could not finish")
    assert block["reason_key"] == "threads.acquire.unsafe"


def test_without_avoidance_the_same_requests_deadlock() -> None:
    hold_and_wait = {
        "version": 1, "resources": [1, 1],
        "processes": [{"name": "A", "program": [acquire(1, 0), wait(1), acquire(0, 1)]},
                      {"name": "B", "program": [acquire(0, 1), wait(1), acquire(1, 0)]}]}
    assert simulate(hold_and_wait)["status"] == "deadlock"
    avoided = {**hold_and_wait, "threads": {"deadlock": "avoid"},
               "processes": [{**p, "max": [1, 1], "program": p["program"] + [release(1, 1)]}
                             for p in hold_and_wait["processes"]]}
    result = simulate(avoided)
    assert result["status"] == "completed"
    refused = [c for c in result["resources"]["checks"] if not c["granted"]]
    assert refused and refused[0]["who"] == "B"


def test_asking_beyond_the_declared_max_is_an_error_and_the_program_goes_on() -> None:
    result = simulate({"version": 1, "resources": [3], "threads": {"deadlock": "avoid"},
                       "processes": [{"name": "A", "max": [1], "program": [acquire(2), {"op": "cpu", "ticks": 1}]}]})
    assert result["status"] == "completed"
    assert "more than its remaining claim (1)" in result["errors"][0]["message"]


@pytest.mark.parametrize("raw, path", [
    ({"version": 1, "processes": [{"name": "A", "program": [acquire(1)]}]}, "processes[0].program[0].vector"),
    ({"version": 1, "resources": [1, 1], "processes": [{"name": "A", "program": [acquire(1)]}]},
     "processes[0].program[0].vector"),
    ({"version": 1, "resources": [1], "threads": {"deadlock": "avoid"},
      "processes": [{"name": "A", "program": [acquire(1)]}]}, "processes[0]"),
    ({"version": 1, "resources": [1], "processes": [{"name": "A", "max": [2], "burst": 1}]},
     "processes[0].max"),
])
def test_bad_resource_declarations_are_refused(raw, path) -> None:
    with pytest.raises(ScenarioError) as caught:
        validate(raw)
    assert any(p.path == path for p in caught.value.problems), caught.value.problems


def test_a_process_that_ends_holding_units_gives_them_back() -> None:
    result = simulate({"version": 1, "resources": [2], "threads": {"deadlock": "avoid"},
                       "processes": [{"name": "A", "max": [2], "program": [acquire(2), {"op": "cpu", "ticks": 2}]},
                                     {"name": "B", "max": [2], "program": [acquire(1)]}]})
    # A ends at t=2 still holding both units; they return, so B (run next) gets one.
    assert result["status"] == "completed"
    assert [(c["t"], c["who"], c["granted"]) for c in result["resources"]["checks"]] == [
        (0, "A", True), (2, "B", True)]
    assert result["resources"]["available"] == [2]  # B ended holding its unit too
