"""Grading questions on page replacement and the banker (no database needed).

Expected values are the textbooks': the reference string 7, 0, 1, 2, ... with
3 frames faults 15 times under FIFO, 12 under LRU, 9 under OPT; the classic
banker state is safe, P1's (1, 0, 2) is granted, and any safe sequence
(1 3 0 2 4 as the engine finds it, 1 3 4 0 2 as the book prints it) earns
the points.
"""
from __future__ import annotations

from typing import Any

from playground.grading.definition import definition_problems
from playground.grading.grader import grade_answers
from playground.grading.questions import KINDS, param_problems

TEXTBOOK = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1]
PAGING: dict[str, Any] = {
    "version": 1, "vm": {"frames": 3, "replacement": "fifo", "page_size": 1, "fault_ticks": 0},
    "processes": [{"name": "P", "program": [{"op": "touch", "pages": TEXTBOOK}]}]}
STATE = {"available": [3, 3, 2], "max": [[7, 5, 3], [3, 2, 2], [9, 0, 2], [2, 2, 2], [4, 3, 3]],
         "allocation": [[0, 1, 0], [2, 0, 0], [3, 0, 2], [2, 1, 1], [0, 0, 2]]}
BANKER: dict[str, Any] = {
    "version": 1, "processes": [{"name": "S", "program": [
        {"op": "call", "fn": "os.bankers", "args": {**STATE, "request": {"process": 1, "vector": [1, 0, 2]}}},
        {"op": "call", "fn": "os.bankers", "args": {**STATE, "available": [0, 0, 0]}}]}]}


def q(qid: str, kind: str, **params: Any) -> dict[str, Any]:
    return {"id": qid, "kind": kind, "params": params, "points": 1}


def feedback(scenario: dict, questions: list[dict], given: dict) -> dict[str, dict]:
    return {r["id"]: r for r in grade_answers(scenario, questions, given).feedback}


def test_page_fault_counts_under_each_policy() -> None:
    questions = [q("fifo", "page_faults"), q("lru", "page_faults", policy="lru"),
                 q("opt", "page_faults", policy="opt")]
    out = feedback(PAGING, questions, {"fifo": "15", "lru": "12", "opt": "10"})
    assert [out[k]["expected"] for k in ("fifo", "lru", "opt")] == [15, 12, 9]
    assert out["fifo"]["correct"] and out["lru"]["correct"] and not out["opt"]["correct"]


def test_victim_and_frame_contents_at_an_access() -> None:
    questions = [q("v3", "victim_at", access=3), q("v4", "victim_at", access=4),
                 q("f5", "frames_after", access=5)]
    out = feedback(PAGING, questions, {"v3": "7", "v4": "none", "f5": "2, 3, 1"})
    assert out["v3"]["expected"] == 7 and out["v3"]["correct"]
    assert out["v4"]["expected"] is None and out["v4"]["correct"]  # access 4 (page 0) hits
    assert out["f5"]["expected"] == [2, 3, 1] and out["f5"]["correct"]


def test_any_safe_sequence_earns_the_points_and_an_unsafe_order_does_not() -> None:
    questions = [q("a", "bankers_sequence", call=0), q("b", "bankers_sequence", call=0),
                 q("c", "bankers_sequence", call=0), q("safe", "bankers_safe", call=0),
                 q("unsafe", "bankers_safe", call=1), q("grant", "bankers_granted", call=0)]
    out = feedback(BANKER, questions, {"a": "1 3 0 2 4", "b": "1 3 4 0 2", "c": "0 1 2 3 4",
                                       "safe": "yes", "unsafe": "no", "grant": "yes"})
    assert out["a"]["expected"] == [1, 3, 0, 2, 4]
    assert out["a"]["correct"] and out["b"]["correct"] and not out["c"]["correct"]
    assert out["safe"]["correct"] and out["unsafe"]["correct"] and out["grant"]["correct"]


def test_vm_policy_params_are_checked_against_the_registry() -> None:
    problems = param_problems(KINDS["page_faults"], {"policy": "belady"})
    assert problems and "unknown vm policy" in problems[0][1]


def test_a_definition_with_vm_questions_is_accepted() -> None:
    assert definition_problems(PAGING, [], [q("f", "page_faults", policy="lru"),
                                            q("v", "victim_at", access=3)]) == []
