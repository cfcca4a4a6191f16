"""Who may see what of an assignment; the decorator every grading view goes through.

``assignment_view(*roles)`` loads the assignment named by the URL's
``assignment_id`` (404 if none), checks the user's role in its course with
``playground.accounts.roles`` and calls the view with ``assignment=`` and
``role=`` ("instructor" — staff included — or "student").  Refusals answer
401/403/404 as JSON under ``/api/`` and as pages elsewhere.

Rules (the permission-matrix tests pin them):

- instructors of the course and staff see everything of it;
- a student sees their own variant, submissions and, once grades are
  released, their own grade, feedback and solution; never another
  student's;
- anyone else (another course's instructor, a student of another course)
  gets 403.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from playground.accounts import roles
from playground.grading.models import Assignment, Submission

View = Callable[..., HttpResponse]


def role_in_course(user: Any, assignment: Assignment) -> str | None:
    """"instructor", "student" or None: the user's role in the assignment's course."""
    if roles.is_instructor(user, assignment.course_id):
        return roles.INSTRUCTOR
    if roles.is_student(user, assignment.course_id):
        return roles.STUDENT
    return None


def assignment_view(*allowed: str) -> Callable[[View], View]:
    """Let through users whose role in the assignment's course is in ``allowed``."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        @roles.login_required_json
        def wrapper(request: HttpRequest, assignment_id: int, *args: Any,
                    **kwargs: Any) -> HttpResponse:
            assignment = (Assignment.objects.select_related("course")
                          .filter(pk=assignment_id).first())
            if assignment is None:
                return roles.not_found(request, _("There is no such assignment."))
            role = role_in_course(request.user, assignment)
            if role is None or role not in allowed:
                return roles.forbidden(request)
            return view(request, *args, assignment=assignment, role=role, **kwargs)

        return wrapper

    return decorate


def submission_of(request: HttpRequest, assignment: Assignment, role: str,
                  submission_id: int) -> Submission | HttpResponse:
    """The submission if this user may see it (theirs, or they teach the course), else a refusal."""
    submission = (Submission.objects.select_related("student")
                  .filter(pk=submission_id, assignment=assignment).first())
    if submission is None:
        return roles.not_found(request, _("There is no such submission."))
    if role != roles.INSTRUCTOR and submission.student_id != request.user.pk:
        return roles.forbidden(request, _("This is another student's submission."))
    return submission
