"""Checking an assignment's definition at the edge, with errors an instructor can act on.

``definition_problems(template, variations, questions)`` returns every
problem as ``{"path", "message"}`` with paths such as
``template.processes[1].burst``, ``variations[0].max``,
``questions[2].params.process``.  It checks, in order:

1. the template is a valid scenario within the playground's run limits;
2. each variation's path exists in the template and points at whole
   numbers (or sizes), with ``min <= max`` and a positive ``step``;
3. each question has a unique id, a known kind, params of the right shape,
   positive points and a sensible tolerance;
4. each question can be answered on the template and on ``SAMPLE_VARIANTS``
   drawn variants (so a question about process "P9" or memory op 7 fails
   here, not while grading 300 students).

Step 4 simulates in the web request (an instructor waits for the form's
answer), so all its engine runs share one budget, ``CHECK_SECONDS``: a
definition that needs more is refused at ``template`` with a sentence
saying so, never left to hold the web process.
"""
from __future__ import annotations

import re
import time
from typing import Any

from kernel_engine import Run, ScenarioError, validate
from playground.grading.answers import NUMBER
from playground.grading.paths import PathError, get_at, resolve
from playground.grading.questions import KINDS, QuestionError, Solver, expected_answer, param_problems
from playground.grading.variants import VariantError, bound, draw_variant
from playground.studio.limits import engine_scenario, limit_problems

Problems = list[dict[str, str]]

MAX_VARIATIONS = 50
MAX_QUESTIONS = 100
MAX_POINTS = 1000
SAMPLE_VARIANTS = 8
#: Seconds of simulation the computability check may spend, all its runs together.
CHECK_SECONDS = 3.0
# The clock is read every this many engine steps.
CLOCK_EVERY = 16
QUESTION_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _problem(path: str, message: str) -> dict[str, str]:
    return {"path": path, "message": message}


def template_problems(template: Any) -> Problems:
    """The template must be a scenario the engine accepts and the playground may run."""
    if not isinstance(template, dict):
        return [_problem("template", "must be a scenario (a JSON object)")]
    try:
        normalized = validate(template)
    except ScenarioError as exc:
        return [_problem(f"template.{p.path}" if p.path else "template", p.message)
                for p in exc.problems]
    return [_problem(f"template.{p['path']}", p["message"])
            for p in limit_problems(template, normalized)]


def variation_problems(template: dict[str, Any], variations: Any) -> Problems:
    """Shape, path and range of each variation."""
    if not isinstance(variations, list):
        return [_problem("variations", "must be a list (it may be empty)")]
    if len(variations) > MAX_VARIATIONS:
        return [_problem("variations", f"at most {MAX_VARIATIONS} variations")]
    problems: Problems = []
    for i, variation in enumerate(variations):
        where = f"variations[{i}]"
        if not isinstance(variation, dict):
            problems.append(_problem(where, "must be an object {\"path\", \"min\", \"max\", \"step\"}"))
            continue
        unknown = set(variation) - {"path", "min", "max", "step"}
        for name in sorted(unknown):
            problems.append(_problem(f"{where}.{name}", "unknown field (fields: path, min, max, step)"))
        try:
            locations = resolve(template, variation.get("path"))
        except PathError as exc:
            problems.append(_problem(f"{where}.path", str(exc)))
            continue
        for location in locations:
            value = get_at(template, location)
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                problems.append(_problem(f"{where}.path", "must point at whole numbers or sizes, "
                                                          "not at an object, a list or true/false"))
                break
        problems.extend(_range_problems(where, variation))
    return problems


def _range_problems(where: str, variation: dict[str, Any]) -> Problems:
    problems: Problems = []
    low = high = None
    for name in ("min", "max"):
        if name not in variation:
            problems.append(_problem(f"{where}.{name}", "is required"))
            continue
        try:
            value = bound(variation[name])
        except ValueError as exc:
            problems.append(_problem(f"{where}.{name}", str(exc)))
            continue
        if name == "min":
            low = value
        else:
            high = value
    step = variation.get("step", 1)
    if isinstance(step, bool) or not isinstance(step, int) or step < 1:
        problems.append(_problem(f"{where}.step", "must be a whole number of at least 1"))
    if low is not None and high is not None and low > high:
        problems.append(_problem(f"{where}.max", f"must be at least min ({low}), got {high}"))
    return problems


def question_problems(questions: Any) -> Problems:
    """Ids, kinds, params, points and tolerance of each question."""
    if not isinstance(questions, list) or not questions:
        return [_problem("questions", "must be a non-empty list of questions")]
    if len(questions) > MAX_QUESTIONS:
        return [_problem("questions", f"at most {MAX_QUESTIONS} questions")]
    problems: Problems = []
    seen: set[str] = set()
    for i, question in enumerate(questions):
        where = f"questions[{i}]"
        if not isinstance(question, dict):
            problems.append(_problem(where, "must be an object {\"id\", \"kind\", \"params\", "
                                            "\"points\", \"tolerance\"}"))
            continue
        for name in sorted(set(question) - {"id", "kind", "params", "points", "tolerance", "text"}):
            problems.append(_problem(f"{where}.{name}", "unknown field (fields: id, kind, "
                                                       "params, points, tolerance, text)"))
        qid = question.get("id")
        if not isinstance(qid, str) or not QUESTION_ID.fullmatch(qid):
            problems.append(_problem(f"{where}.id", "must be 1-40 letters, digits, - or _"))
        elif qid in seen:
            problems.append(_problem(f"{where}.id", f"“{qid}” is used by an earlier question"))
        else:
            seen.add(qid)
        text = question.get("text", "")
        if not isinstance(text, str) or len(text) > 500:
            problems.append(_problem(f"{where}.text", "must be a sentence of at most 500 characters"))
        kind = KINDS.get(question.get("kind"))  # type: ignore[arg-type]
        if kind is None:
            problems.append(_problem(f"{where}.kind", "must be one of: " + ", ".join(KINDS)))
            continue
        for sub, message in param_problems(kind, question.get("params", {})):
            problems.append(_problem(f"{where}.{sub}", message))
        points = question.get("points")
        if isinstance(points, bool) or not isinstance(points, (int, float)) \
                or not 0 < points <= MAX_POINTS:
            problems.append(_problem(f"{where}.points", f"must be a number above 0, at most {MAX_POINTS}"))
        tolerance = question.get("tolerance")
        if tolerance is not None:
            if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
                problems.append(_problem(f"{where}.tolerance", "must be a number, 0 or more"))
            elif kind.answer_type != NUMBER and tolerance != 0:
                problems.append(_problem(f"{where}.tolerance", f"“{kind.name}” is compared exactly; "
                                                               "leave tolerance out"))
    return problems


class CheckTooBig(Exception):
    """The definition check ran out of its simulation budget."""


class BudgetedSolver(Solver):
    """A ``Solver`` whose engine runs stop when a shared deadline has passed."""

    def __init__(self, scenario: dict[str, Any], deadline: float):
        super().__init__(scenario)
        self.deadline = deadline

    def simulate(self, scenario: dict[str, Any]) -> dict[str, Any]:
        engine_run = Run(scenario)
        for steps, _step in enumerate(engine_run, 1):
            if steps % CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
                raise CheckTooBig()
        assert engine_run.result is not None  # set once the steps are exhausted
        return engine_run.result

    def on_llm_iteration(self, n: int) -> None:
        if n % CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
            raise CheckTooBig()


def _too_big() -> dict[str, str]:
    return _problem("template", (
        f"too big to check here: answering the questions on the template and "
        f"{SAMPLE_VARIANTS} sample variants (under every policy they name) takes more than "
        f"{CHECK_SECONDS:g} s of simulation; make the template smaller, narrow the variations "
        "or ask about fewer policies"))


def computability_problems(template: dict[str, Any], variations: list[dict[str, Any]],
                           questions: list[dict[str, Any]]) -> Problems:
    """Answer every question on the template and on sample variants; report the first failure each."""
    samples: list[tuple[str, dict[str, Any] | None]] = [("the template", template)]
    for n in range(SAMPLE_VARIANTS if variations else 0):
        try:
            # Seed parts unlike any real (assignment, student): a check, not a student.
            samples.append((f"sample variant {n + 1}", draw_variant(template, variations, (0, 0, n))))
        except VariantError as exc:
            return [_problem("variations", str(exc))]
    problems: Problems = []
    failed: set[int] = set()
    deadline = time.monotonic() + CHECK_SECONDS
    for label, scenario in samples:
        solver = BudgetedSolver(engine_scenario(scenario), deadline)
        for i, question in enumerate(questions):
            if i in failed:
                continue
            try:
                expected_answer(question, solver)
            except CheckTooBig:
                return [_too_big()]
            except (QuestionError, ScenarioError) as exc:
                failed.add(i)
                problems.append(_problem(f"questions[{i}]", f"cannot be answered on {label}: {exc}"))
    return problems


def definition_problems(template: Any, variations: Any, questions: Any) -> Problems:
    """Every problem with an assignment's definition; [] when it can be used."""
    problems = template_problems(template)
    if problems:
        return problems
    problems = variation_problems(template, variations) + question_problems(questions)
    if problems:
        return problems
    return computability_problems(template, variations, questions)
