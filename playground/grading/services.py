"""What grading does, apart from HTTP: variants, submissions, releases, solution runs.

Batches (queueing and grading one submission) are in ``batches.py``.
Functions raise ``GradingError`` with a sentence for the student or
instructor when an action is not possible now (grades already released, a
frozen exam variant, ...).
"""
from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from playground.engine_version import engine_version
from playground.grading.grader import answer_problems
from playground.grading.models import Assignment, Mode, StudentVariant, Submission
from playground.grading.variants import draw_variant
from playground.studio.models import Run, RunStatus
from playground.studio.services import save_scenario, start_run

log = logging.getLogger(__name__)


class GradingError(Exception):
    """An action refused for a reason the user can read; ``errors`` maps fields to messages."""

    def __init__(self, message: str, errors: dict[str, str] | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.status = status


# --- Variants ---------------------------------------------------------------

def current_counter(assignment: Assignment, student: Any) -> int:
    """The student's variant number: 0 in exam mode, their counter in practice mode."""
    if assignment.mode == Mode.EXAM:
        return 0
    row = StudentVariant.objects.filter(assignment=assignment, student=student).first()
    return row.counter if row else 0


def variant_of(assignment: Assignment, student_id: int, counter: int) -> dict[str, Any]:
    """Variant number ``counter`` of ``assignment`` for the student with id ``student_id``."""
    variant = draw_variant(assignment.template(), assignment.variations,
                           (assignment.pk, student_id, counter))
    base = variant.get("title") or assignment.title
    variant["title"] = f"{base} — " + _("variant %(n)d") % {"n": counter + 1}
    return variant


def variant_for(assignment: Assignment, student: Any) -> dict[str, Any]:
    """The scenario ``student`` works on now: deterministic, the same on every call.

    Exam mode: always variant 0, frozen.  Practice mode: the variant of the
    student's current counter (``new_variant`` moves it on).
    """
    return variant_of(assignment, student.pk, current_counter(assignment, student))


def new_variant(assignment: Assignment, student: Any) -> int:
    """Practice mode: give ``student`` the next variant; returns its counter."""
    if assignment.mode != Mode.PRACTICE:
        raise GradingError(_("This is an exam: your variant is fixed."), status=403)
    if assignment.grades_released:
        raise GradingError(_("Grades are out: this assignment is closed."), status=409)
    with transaction.atomic():
        row, _created = StudentVariant.objects.select_for_update().get_or_create(
            assignment=assignment, student=student)
        row.counter += 1
        row.save(update_fields=["counter", "updated"])
    return row.counter


def reveal_allowed(assignment: Assignment, student: Any) -> bool:
    """Whether the student may watch the solution run of their current variant.

    After release: always.  Practice mode: once they have submitted answers
    for this variant (OSTEP's ``-c``), after which that variant takes no more
    submissions.  Exam mode before release: never.
    """
    if assignment.grades_released:
        return True
    if assignment.mode != Mode.PRACTICE:
        return False
    counter = current_counter(assignment, student)
    return Submission.objects.filter(assignment=assignment, student=student,
                                     variant_counter=counter).exists()


def mark_revealed(assignment: Assignment, student: Any) -> None:
    """Practice mode: remember that the student saw the current variant's solution."""
    if assignment.grades_released or assignment.mode != Mode.PRACTICE:
        return
    counter = current_counter(assignment, student)
    StudentVariant.objects.update_or_create(assignment=assignment, student=student,
                                            defaults={"revealed_counter": counter,
                                                      "counter": counter})


def mark_feedback_shown(assignment: Assignment, student: Any) -> None:
    """Exam mode: remember that ``student`` has seen their graded feedback.

    From then on the exam takes no more answers from them, even if the
    instructor hides the grades again (``revealed_counter`` is the exam's one
    variant, 0).
    """
    if assignment.mode != Mode.EXAM:
        return
    StudentVariant.objects.update_or_create(assignment=assignment, student=student,
                                            defaults={"revealed_counter": 0, "counter": 0})


# --- Submissions ------------------------------------------------------------

def submit(assignment: Assignment, student: Any, given: Any) -> Submission:
    """Save a student's answers as a new submission; the database row is the first effect.

    Raises GradingError (with per-question messages) for unreadable answers,
    after grades are released, in practice mode on a variant whose solution
    the student has seen, and in exam mode once they have seen their
    feedback (even if the grades were hidden again since).  Nothing is queued: grading is a batch.
    """
    problems = answer_problems(assignment.questions, given)
    if problems:
        raise GradingError(_("Some answers cannot be read; nothing was saved."), problems)
    if assignment.grades_released:
        raise GradingError(_("Grades are out: this assignment takes no more answers."), status=409)
    counter = current_counter(assignment, student)
    row = StudentVariant.objects.filter(assignment=assignment, student=student).first()
    if row is not None and row.revealed_counter == counter:
        if assignment.mode == Mode.PRACTICE:
            raise GradingError(_("You have seen this variant's solution: take a new variant "
                                 "to answer again."), status=409)
        raise GradingError(_("You have seen your exam's feedback: it takes no more answers."),
                           status=409)
    scenario_json = json.dumps(variant_of(assignment, student.pk, counter), sort_keys=True)
    stored = {qid: raw for qid, raw in given.items()}
    now = timezone.now()
    # Two submissions at the same instant race for the same number; the
    # unique constraint makes one retry with the next.
    for _attempt in range(5):
        number = (Submission.objects.filter(assignment=assignment, student=student)
                  .aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                return Submission.objects.create(
                    assignment=assignment, student=student, number=number,
                    variant_counter=counter, scenario_json=scenario_json, answers=stored,
                    submitted=now, late=assignment.is_late(now))
        except IntegrityError:
            continue
    raise GradingError(_("Too many submissions at once; send again."), status=409)


def latest_submissions(assignment: Assignment) -> QuerySet[Submission]:
    """Each student's latest submission (the one that counts), by student name."""
    newest = (Submission.objects.filter(assignment=assignment, student=OuterRef("student"))
              .order_by("-number").values("pk")[:1])
    return (Submission.objects.filter(assignment=assignment, pk=Subquery(newest))
            .select_related("student").order_by("student__username"))


def latest_of(assignment: Assignment, student: Any) -> Submission | None:
    """The student's latest submission, if any."""
    return (Submission.objects.filter(assignment=assignment, student=student)
            .order_by("-number").first())


# --- Release and solutions --------------------------------------------------

def release_grades(assignment: Assignment, released: bool = True) -> None:
    """Show (or hide again) grades, feedback and solution runs to students."""
    Assignment.objects.filter(pk=assignment.pk).update(grades_released=released)
    assignment.grades_released = released


# A run still queued after this long was never picked up (say, the broker
# was down when it was made): start a fresh one rather than wait on it.
STALE_RUN = timedelta(minutes=2)


def solution_run(scenario: dict[str, Any]) -> Run:
    """A run of ``scenario`` for the player: reuses one already made, else starts one.

    The scenario is saved under its content slug, so every request for the
    same variant finds the same run (runs are deterministic): a run completed
    by the current engine version, or one started in the last ``STALE_RUN``.  Raises GradingError
    (status 503) when the run cannot be queued.
    """
    saved = save_scenario(scenario)
    runs = Run.objects.filter(scenario=saved).order_by("-created")
    # A run the engine of today computed: an older engine's steps may differ.
    existing = (runs.filter(status=RunStatus.COMPLETED, engine_version=engine_version()).first()
                or runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
                               created__gte=timezone.now() - STALE_RUN).first())
    if existing is not None:
        return existing
    try:
        return start_run(scenario, saved)
    except Exception as exc:  # the broker is down, or the run is over a limit
        log.warning("solution run of %s could not start: %s", saved.slug, exc)
        raise GradingError(_("The solution run cannot start right now; try again in a "
                             "minute."), status=503) from exc
