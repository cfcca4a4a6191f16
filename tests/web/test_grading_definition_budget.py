"""The definition check simulates sample variants in the web request: under one small budget."""
from __future__ import annotations

from typing import Any

import pytest

from playground.grading import definition
from playground.grading.definition import CHECK_SECONDS, SAMPLE_VARIANTS, definition_problems
from playground.grading.demo import DEMO_QUESTIONS, DEMO_TEMPLATE, DEMO_VARIATIONS

TOO_BIG = (f"too big to check here: answering the questions on the template and {SAMPLE_VARIANTS} "
           f"sample variants (under every policy they name) takes more than {CHECK_SECONDS:g} s of "
           "simulation; make the template smaller, narrow the variations or ask about fewer policies")


def question(qid: str, kind: str, **params: Any) -> dict[str, Any]:
    return {"id": qid, "kind": kind, "params": params, "points": 1}


def many_processes(count: int = 500, burst: int = 100) -> dict[str, Any]:
    """Within the playground's run limits, but thousands of steps per run."""
    return {"version": 1, "title": "Many", "cpu": {"policy": "rr", "quantum": 1},
            "processes": [{"name": f"P{k}", "burst": burst} for k in range(count)]}


def test_the_demo_definition_fits_the_budget_with_room_to_spare() -> None:
    assert definition_problems(DEMO_TEMPLATE, DEMO_VARIATIONS, DEMO_QUESTIONS) == []


def test_a_definition_over_the_budget_is_refused_at_the_template(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(definition, "CHECK_SECONDS", 0.0)
    monkeypatch.setattr(definition, "CLOCK_EVERY", 1)
    problems = definition_problems(DEMO_TEMPLATE, DEMO_VARIATIONS, DEMO_QUESTIONS)
    assert [p["path"] for p in problems] == ["template"]
    assert problems[0]["message"].startswith("too big to check here: ")


def test_a_heavy_template_asked_under_several_policies_stops_at_the_budget() -> None:
    policies = ["fcfs", "sjf", "rr", "srt", "priority"]
    questions = [question(f"w{k}", "average_waiting", policy=p) for k, p in enumerate(policies)]
    variations = [{"path": "processes[0].burst", "min": 90, "max": 110}]
    assert definition_problems(many_processes(), variations, questions) == [
        {"path": "template", "message": TOO_BIG}]
