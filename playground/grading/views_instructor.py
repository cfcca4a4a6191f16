"""Instructor pages: create and edit assignments, grade, release, export.

Every view here is for instructors of the assignment's course and staff
(``assignment_view(INSTRUCTOR)`` / ``require_role(INSTRUCTOR)``); students
and outsiders get 403.  State changes are POST forms with CSRF tokens.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from playground.accounts import roles
from playground.accounts.models import Course
from playground.grading import batches, exports, services
from playground.grading.access import assignment_view, submission_of
from playground.grading.forms import AssignmentForm
from playground.grading.labels import describe
from playground.grading.models import Assignment, Grade, GradingBatch


@require_http_methods(["GET", "POST"])
@roles.require_role(roles.INSTRUCTOR)
def assignment_new(request: HttpRequest, course: Course) -> HttpResponse:
    """A new assignment of ``course`` from a template, variations and questions."""
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.course = course
        form.instance.created_by = request.user
        assignment = form.save()
        messages.success(request, _("Assignment “%(t)s” created.") % {"t": assignment.title})
        return redirect("grading:manage", assignment_id=assignment.pk)
    return render(request, "grading/edit.html", {"form": form, "course": course,
                                                 "assignment": None},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@assignment_view(roles.INSTRUCTOR)
def assignment_edit(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """Change an assignment.  Submissions keep the variant they answered."""
    form = AssignmentForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Assignment saved."))
        return redirect("grading:manage", assignment_id=assignment.pk)
    return render(request, "grading/edit.html", {"form": form, "course": assignment.course,
                                                 "assignment": assignment},
                  status=400 if form.errors else 200)


def manage_context(assignment: Assignment) -> dict[str, Any]:
    """The manage page: each student's latest submission and grade, the latest batch."""
    latest = {s.student_id: s for s in services.latest_submissions(assignment)}
    grades = {g.submission_id: g for g in Grade.objects.filter(
        submission_id__in=[s.pk for s in latest.values()])}
    students = (assignment.course.memberships.filter(role=roles.STUDENT)
                .select_related("user").order_by("user__username"))
    rows = []
    for membership in students:
        submission = latest.get(membership.user_id)
        rows.append({"student": membership.user, "submission": submission,
                     "grade": grades.get(submission.pk) if submission else None})
    batch = assignment.batches.first()
    return {
        "assignment": assignment, "course": assignment.course, "rows": rows,
        "submitted": len(latest), "batch": batch,
        "progress": batches.batch_progress(batch) if batch else None,
        "questions": [{"id": q["id"], "text": describe(q), "points": q["points"]}
                      for q in assignment.questions],
        "template": assignment.template(),
    }


@require_GET
@assignment_view(roles.INSTRUCTOR)
def manage(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """Submissions, grading progress, release and export for one assignment."""
    return render(request, "grading/manage.html", manage_context(assignment))


@require_POST
@assignment_view(roles.INSTRUCTOR)
def grade(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """Queue a grading batch over every student's latest submission."""
    batch = batches.start_batch(assignment, request.user)
    if batch.status == "queue_failed":
        messages.error(request, batch.error)
    else:
        messages.success(request, _("Grading %(n)d submissions.") % {"n": batch.total})
    return redirect("grading:manage", assignment_id=assignment.pk)


@require_POST
@assignment_view(roles.INSTRUCTOR)
def resume(request: HttpRequest, assignment: Assignment, role: str, batch_id: int) -> HttpResponse:
    """Queue again what a batch has not graded yet (after a worker was lost)."""
    batch = GradingBatch.objects.filter(pk=batch_id, assignment=assignment).first()
    if batch is None:
        return roles.not_found(request, _("There is no such grading batch."))
    count = batches.resume_batch(batch)
    messages.success(request, _("Queued %(n)d ungraded submissions again.") % {"n": count})
    return redirect("grading:manage", assignment_id=assignment.pk)


@require_POST
@assignment_view(roles.INSTRUCTOR)
def release(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """``released=1`` shows grades, feedback and solutions to students; ``0`` hides them."""
    show = request.POST.get("released") == "1"
    services.release_grades(assignment, show)
    messages.success(request, _("Grades released to students.") if show
                     else _("Grades hidden from students."))
    return redirect("grading:manage", assignment_id=assignment.pk)


@require_GET
@assignment_view(roles.INSTRUCTOR)
def export_csv(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """The gradebook CSV as a download."""
    response = HttpResponse(exports.grades_csv(assignment), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="assignment-{assignment.pk}-grades.csv"'
    return response


@require_GET
@assignment_view(roles.INSTRUCTOR)
def export_results_zip(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """Every latest submission's results.json, zipped."""
    response = HttpResponse(exports.results_zip(assignment), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="assignment-{assignment.pk}-results.zip"'
    return response


@require_GET
@assignment_view(roles.INSTRUCTOR)
def submission_results(request: HttpRequest, assignment: Assignment, role: str,
                       submission_id: int) -> HttpResponse:
    """One submission's Gradescope-style results.json, as a download."""
    found = submission_of(request, assignment, role, submission_id)
    if isinstance(found, HttpResponse):
        return found
    grade_row = Grade.objects.filter(submission=found).first()
    response = JsonResponse(exports.results_json(found, grade_row), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="results.json"'
    return response


def course_panel(request: HttpRequest, course: Course, role: str) -> dict[str, Any] | None:
    """The course page's "Assignments" section (registered in ``apps.py``)."""
    assignments = list(course.assignments.all())
    if role != roles.STUDENT:
        return {"items": [{"assignment": a, "grade": None} for a in assignments]}
    items = []
    for assignment in assignments:
        latest = services.latest_of(assignment, request.user)
        grade_row = None
        if assignment.grades_released and latest is not None:
            grade_row = Grade.objects.filter(submission=latest).first()
        items.append({"assignment": assignment, "grade": grade_row, "submitted": latest})
    return {"items": items}
