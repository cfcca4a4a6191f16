"""Student pages: the assignment with their variant, answering, new variants, solutions.

What a student sees before grades are released is the variant's scenario
(a summary and the JSON), never a run of it: a run's result is public at
``/api/runs/<id>/`` and holds every answer.  The animated solution (a run
of the variant in the player) appears after release; in practice mode
also on request once they have answered that variant, which closes the
variant to further answers (they take a new one).
"""
from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from playground.accounts import roles
from playground.grading import services
from playground.grading.access import assignment_view, submission_of
from playground.grading.forms import AnswersForm
from playground.grading.labels import describe
from playground.grading.models import Assignment, Grade, Mode, StudentVariant, Submission
from playground.studio import ratelimit
from playground.studio.api import ws_path

# Answers per student per minute: plenty for correcting a typo, too few to
# probe the grader by brute force (it is not even run on submission).
SUBMISSIONS_PER_MINUTE = 10


def run_info(run: Any) -> dict[str, Any]:
    """What the player's ``mountRun`` needs to stream a run."""
    return {"id": run.id, "status": run.status, "ws": ws_path(run.id)}


def _solution_scenario(assignment: Assignment, user: Any) -> dict[str, Any]:
    """After release the graded (latest) submission's variant; before, the current variant."""
    latest = services.latest_of(assignment, user)
    if assignment.grades_released and latest is not None:
        return latest.scenario()
    return services.variant_for(assignment, user)


def _revealed_now(assignment: Assignment, user: Any, counter: int) -> bool:
    return StudentVariant.objects.filter(assignment=assignment, student=user,
                                         revealed_counter=counter).exists()


def student_context(request: HttpRequest, assignment: Assignment,
                    form: AnswersForm | None = None) -> dict[str, Any]:
    """Everything the student page shows, for this student only."""
    user = request.user
    counter = services.current_counter(assignment, user)
    latest = services.latest_of(assignment, user)
    if form is None:
        # Pre-fill with the last answers, but only those given to this variant.
        previous = latest.answers if latest and latest.variant_counter == counter else {}
        form = AnswersForm(assignment.questions,
                           initial={f"q_{qid}": value for qid, value in previous.items()})
    grade = None
    if assignment.grades_released and latest is not None:
        grade = Grade.objects.filter(submission=latest).first()
        if grade is not None:
            services.mark_feedback_shown(assignment, user)
    revealed = _revealed_now(assignment, user, counter)
    solution = solution_error = None
    if assignment.grades_released or (assignment.mode == Mode.PRACTICE and revealed):
        try:
            solution = run_info(services.solution_run(_solution_scenario(assignment, user)))
        except services.GradingError as exc:
            solution_error = exc.message
    variant = services.variant_for(assignment, user)
    return {
        "assignment": assignment,
        "variant": variant,
        "variant_json": json.dumps(variant, indent=2, ensure_ascii=False),
        "counter": counter,
        "form": form,
        "questions": [{"id": q["id"], "text": describe(q), "points": q["points"]}
                      for q in assignment.questions],
        "history": Submission.objects.filter(assignment=assignment, student=user).order_by("-number"),
        "grade": grade,
        "solution": solution,
        "solution_error": solution_error,
        "may_reveal": (not revealed and not assignment.grades_released
                       and services.reveal_allowed(assignment, user)),
        "may_submit": not assignment.grades_released and not revealed,
        "is_late_now": assignment.is_late(),
    }


@require_GET
@assignment_view(roles.STUDENT, roles.INSTRUCTOR)
def assignment_page(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """A student's assignment page; instructors go to the manage page."""
    if role == roles.INSTRUCTOR:
        return redirect("grading:manage", assignment_id=assignment.pk)
    return render(request, "grading/assignment.html", student_context(request, assignment))


@require_POST
@assignment_view(roles.STUDENT)
def submit_answers(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """Save the answers form as a new submission (nothing else happens: no grading yet).

    The rate limit is the only check before the database write, and it lets
    the answers through when its store (Redis) is down: answers are never
    lost to an outage.
    """
    form = AnswersForm(assignment.questions, request.POST)
    wait = ratelimit.spend("submit", f"user:{request.user.pk}", SUBMISSIONS_PER_MINUTE)
    if wait is not None:
        form.is_valid()
        form.add_error(None, _("Too many submissions: wait %(s)d seconds.") % {"s": wait})
        return render(request, "grading/assignment.html",
                      student_context(request, assignment, form), status=429)
    if form.is_valid():
        try:
            submission = services.submit(assignment, request.user, form.answers())
        except services.GradingError as exc:
            form.add_answer_errors(exc.errors)
            form.add_error(None, exc.message)
            return render(request, "grading/assignment.html",
                          student_context(request, assignment, form), status=exc.status)
        text = _("Answers saved (submission %(n)d).") % {"n": submission.number}
        if submission.late:
            text += " " + _("It is after the deadline: this submission is marked late.")
        messages.success(request, text)
        return redirect("grading:assignment", assignment_id=assignment.pk)
    return render(request, "grading/assignment.html",
                  student_context(request, assignment, form), status=400)


@require_POST
@assignment_view(roles.STUDENT)
def take_new_variant(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """Practice mode: move on to a fresh variant."""
    try:
        counter = services.new_variant(assignment, request.user)
    except services.GradingError as exc:
        if exc.status == 403:
            return roles.forbidden(request, exc.message)
        return _back_with_error(request, assignment, exc.message)
    messages.success(request, _("Here is variant %(n)d.") % {"n": counter + 1})
    return redirect("grading:assignment", assignment_id=assignment.pk)


def _back_with_error(request: HttpRequest, assignment: Assignment, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("grading:assignment", assignment_id=assignment.pk)


@require_POST
@assignment_view(roles.STUDENT)
def reveal_solution(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """Practice mode: show the solution run of the current (answered) variant."""
    if not services.reveal_allowed(assignment, request.user):
        return roles.forbidden(request, _("The solution opens once you have answered this "
                                          "variant (practice) or grades are released."))
    services.mark_revealed(assignment, request.user)
    return redirect(reverse("grading:assignment", args=[assignment.pk]) + "#solution")


@require_GET
@assignment_view(roles.STUDENT, roles.INSTRUCTOR)
def submission_solution(request: HttpRequest, assignment: Assignment, role: str,
                        submission_id: int) -> HttpResponse:
    """The feedback's link to a submission's variant run: redirects to the run page.

    Instructors: any submission of their course.  Students: their own, once
    grades are released (or, in practice mode, once revealed).
    """
    found = submission_of(request, assignment, role, submission_id)
    if isinstance(found, HttpResponse):
        return found
    if role == roles.STUDENT and not assignment.grades_released and not _revealed_now(
            assignment, request.user, found.variant_counter):
        return roles.forbidden(request, _("Solutions open when grades are released."))
    try:
        run = services.solution_run(found.scenario())
    except services.GradingError as exc:
        return _back_with_error(request, assignment, exc.message)
    return redirect("studio:run", run_id=run.id)


@require_GET
@assignment_view(roles.STUDENT, roles.INSTRUCTOR)
def submission_detail(request: HttpRequest, assignment: Assignment, role: str,
                      submission_id: int) -> HttpResponse:
    """One submission: answers (and, for instructors or after release, the grade)."""
    found = submission_of(request, assignment, role, submission_id)
    if isinstance(found, HttpResponse):
        return found
    show_grade = role == roles.INSTRUCTOR or assignment.grades_released
    grade = Grade.objects.filter(submission=found).first() if show_grade else None
    questions = [{"id": q["id"], "text": describe(q), "answer": found.answers.get(q["id"], "")}
                 for q in assignment.questions]
    return render(request, "grading/submission.html", {
        "assignment": assignment, "submission": found, "grade": grade, "role": role,
        "questions": questions,
        "scenario_json": json.dumps(found.scenario(), indent=2, ensure_ascii=False)})
