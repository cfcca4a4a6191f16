"""Grading one set of answers: re-run the engine on the variant, compare, explain.

``grade_answers(scenario, questions, answers)`` is the whole of grading; it
touches no database, so the Celery task, the tests and the benchmark call
the same function.  Each question yields one feedback record::

    {"id", "kind", "text", "points", "earned", "correct",
     "expected", "given", "expected_text", "given_text", "note"}

``expected``/``given`` are JSON values ("" for an unanswered question);
``*_text`` are how the feedback page shows them.  A question that cannot be
answered on this variant (the definition check makes that rare) is left
out of the score (0 of 0 points) with a ``note``: it is not the student's
fault.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.grading import answers
from playground.grading.questions import KINDS, QuestionError, Solver, expected_answer, tolerance_of
from playground.studio.limits import engine_scenario


@dataclass
class Outcome:
    """A graded submission: points earned, points possible, per-question feedback."""

    score: float
    max_score: float
    feedback: list[dict[str, Any]] = field(default_factory=list)
    engine_runs: int = 0


def _earned(points: float) -> float:
    # Whole points stay ints in JSON ("3", not "3.0") for the CSV and the page.
    return int(points) if float(points).is_integer() else float(points)


def grade_answers(scenario: dict[str, Any], questions: list[dict[str, Any]],
                  given: dict[str, Any]) -> Outcome:
    """Score ``given`` (question id -> raw answer) on ``scenario`` (the student's variant).

    Raises ScenarioError only if the variant itself no longer runs, which
    the variant's re-validation prevents.
    """
    solver = Solver(engine_scenario(scenario))
    outcome = Outcome(score=0, max_score=0)
    for question in questions:
        kind = KINDS[question["kind"]]
        points = _earned(question["points"])
        record: dict[str, Any] = {"id": question["id"], "kind": kind.name,
                                  "text": question.get("text", ""), "points": points,
                                  "earned": 0, "correct": False, "note": ""}
        raw = given.get(question["id"])
        try:
            value = answers.read(kind.answer_type, raw)
        except answers.AnswerError as exc:
            value = answers.BLANK
            record["note"] = str(exc)
        record["given"] = answers.to_json(value) if value is not answers.BLANK else (raw or "")
        record["given_text"] = answers.show(value, kind.answer_type) if not record["note"] else str(raw)
        try:
            expected = expected_answer(question, solver)
        except QuestionError as exc:
            record.update(points=0, expected="", expected_text="—",
                          note=f"not graded: this question cannot be answered on your variant ({exc})")
            outcome.feedback.append(record)
            continue
        record["expected"] = expected
        record["expected_text"] = answers.show(expected, kind.answer_type)
        outcome.max_score += points
        if kind.accepts is not None:
            # Several answers are right (a safe sequence): the kind decides.
            right = value is not answers.BLANK and kind.accepts(
                solver, question.get("params") or {}, value)
        else:
            right = answers.matches(kind.answer_type, expected, value, tolerance_of(question))
        if right:
            record.update(earned=points, correct=True)
            outcome.score += points
        outcome.feedback.append(record)
    outcome.score = _earned(outcome.score)
    outcome.max_score = _earned(outcome.max_score)
    outcome.engine_runs = solver.runs
    return outcome


def answer_problems(questions: list[dict[str, Any]], given: Any) -> dict[str, str]:
    """Answers that cannot be read, as question id -> message; {} when all can be.

    Unknown question ids are reported under their own id; blank answers are
    fine (a student may leave a question out).
    """
    if not isinstance(given, dict):
        return {"": "answers must be an object: question id -> answer"}
    known = {q["id"]: q for q in questions}
    problems: dict[str, str] = {}
    for qid, raw in given.items():
        question = known.get(qid)
        if question is None:
            problems[str(qid)[:40]] = "there is no question with this id"
            continue
        try:
            answers.read(KINDS[question["kind"]].answer_type, raw)
        except answers.AnswerError as exc:
            problems[qid] = str(exc)
    return problems

