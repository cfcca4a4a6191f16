"""A demo assignment and scripted answers, for ``seed_demo_course``, tests and the benchmark.

The template is the textbook pair: four processes under SRT (Silberschatz:
arrivals 0-3, bursts 8, 4, 9, 5; average waiting 6.5) and eight disk
requests under SSTF with the head at 53 (total movement 236).  Bursts,
arrivals and cylinders vary per student.
"""
from __future__ import annotations

import copy
import json
from typing import Any

from playground.grading import answers
from playground.grading.questions import KINDS, QuestionError, Solver, expected_answer
from playground.studio.limits import engine_scenario

DEMO_TEMPLATE: dict[str, Any] = {
    "version": 1,
    "title": "SRT and SSTF, textbook numbers",
    "cpu": {"policy": "srt"},
    "io": {"policy": "sstf", "cylinders": 200, "head": 53},
    "processes": [
        {"name": "P1", "arrival": 0, "burst": 8},
        {"name": "P2", "arrival": 1, "burst": 4},
        {"name": "P3", "arrival": 2, "burst": 9},
        {"name": "P4", "arrival": 3, "burst": 5},
    ],
    "io_requests": [{"cylinder": c, "arrival": 0} for c in (98, 183, 37, 122, 14, 124, 65, 67)],
}

DEMO_VARIATIONS: list[dict[str, Any]] = [
    {"path": "processes[*].burst", "min": 2, "max": 10},
    {"path": "processes[*].arrival", "min": 0, "max": 6},
    {"path": "io_requests[*].cylinder", "min": 0, "max": 199},
]

DEMO_QUESTIONS: list[dict[str, Any]] = [
    {"id": "wait-srt", "kind": "average_waiting", "points": 2, "tolerance": 0.01},
    {"id": "wait-fcfs", "kind": "average_waiting", "params": {"policy": "fcfs"}, "points": 2,
     "tolerance": 0.01},
    {"id": "p2-finish", "kind": "finish_time", "params": {"process": "P2"}, "points": 1},
    {"id": "switches", "kind": "context_switches", "points": 1},
    {"id": "movement", "kind": "total_head_movement", "points": 2},
    {"id": "order", "kind": "service_order", "points": 2},
]


def demo_definition() -> dict[str, Any]:
    """Fresh copies of the template, variations and questions (callers may change them)."""
    return {"template_json": json.dumps(DEMO_TEMPLATE),
            "variations": copy.deepcopy(DEMO_VARIATIONS),
            "questions": copy.deepcopy(DEMO_QUESTIONS)}


def _as_typed(answer_type: str, value: Any) -> str:
    """An expected value written as a student would type it."""
    if answer_type == answers.YESNO:
        return "yes" if value else "no"
    if answer_type == answers.LIST:
        return ", ".join(str(v) for v in value)
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _wrong(answer_type: str, value: Any) -> str:
    """A plausible wrong answer: off by one, reversed, the other word."""
    if answer_type == answers.YESNO:
        return "no" if value else "yes"
    if answer_type == answers.NAME:
        return "none" if value is not None else "nobody"
    if answer_type == answers.LIST:
        wrong = list(reversed(value)) if len(value) > 1 and value != value[::-1] else [*value, 0]
        return ", ".join(str(v) for v in wrong)
    if value is None:
        return "0"
    return _as_typed(answer_type, value + 1)


def scripted_answers(scenario: dict[str, Any], questions: list[dict[str, Any]],
                     wrong_ids: frozenset[str] | set[str] = frozenset()) -> dict[str, str]:
    """Answers as typed text: right for every question except those in ``wrong_ids``."""
    solver = Solver(engine_scenario(scenario))
    given: dict[str, str] = {}
    for question in questions:
        answer_type = KINDS[question["kind"]].answer_type
        try:
            value = expected_answer(question, solver)
        except QuestionError:
            continue
        given[question["id"]] = (_wrong if question["id"] in wrong_ids else _as_typed)(answer_type, value)
    return given
