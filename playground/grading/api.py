"""The grading JSON API.  Errors are ``{"errors": [{"path", "message"}]}`` as in the studio.

    GET  /api/assignments/<id>/variant/[?student=<user id>]
         -> {"assignment", "mode", "counter", "scenario"}
         a student gets their own variant; ``student=`` is for instructors.
    POST /api/assignments/<id>/submissions/   {"answers": {question id: answer}}
         -> 201 {"id", "number", "late", "submitted"}; 400 with a path per
         unreadable answer ("answers.<id>"); 409 when closed; 429 when too fast.
    GET  /api/assignments/<id>/grade/
         -> {"released": false} until release, then {"released": true,
         "submission", "score", "max_score", "feedback"} (own grade only).
    GET  /api/grading/batches/<id>/
         -> {"id", "assignment", "status", "total", "done", "failed", "finished", "error"}
         (instructors of the course and staff).

With a logged-in session, POSTs need the ``X-CSRFToken`` header (docs/web.md).
"""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from playground.accounts import roles
from playground.accounts.models import Membership
from playground.grading import batches, services
from playground.grading.access import assignment_view
from playground.grading.models import Assignment, Grade, GradingBatch
from playground.grading.views_student import SUBMISSIONS_PER_MINUTE
from playground.studio import ratelimit
from playground.studio.api import api_view
from playground.studio.payloads import ApiError, only_fields, query_whole, read_json_object


def _error(status: int, path: str, message: str) -> JsonResponse:
    return ApiError.one(status, path, message).response()


@api_view("GET")
@assignment_view(roles.STUDENT, roles.INSTRUCTOR)
def variant(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """The variant a student works on (theirs, or, for instructors, any student's)."""
    student = request.user
    asked = request.GET.get("student")
    if asked is not None:
        if role != roles.INSTRUCTOR:
            return _error(403, "student", _("Only instructors can look at another student's variant."))
        membership = (Membership.objects.select_related("user")
                      .filter(course_id=assignment.course_id, role=roles.STUDENT,
                              user_id=query_whole(asked)).first())
        if membership is None:
            return _error(404, "student", _("No student of this course has this id."))
        student = membership.user
    elif role == roles.INSTRUCTOR:
        return _error(400, "student", _("Say whose variant: ?student=<user id>."))
    return JsonResponse({"assignment": assignment.pk, "mode": assignment.mode,
                         "counter": services.current_counter(assignment, student),
                         "scenario": services.variant_for(assignment, student)})


@api_view("POST")
@assignment_view(roles.STUDENT)
def submissions_create(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """Save a submission; the answers are graded later, in a batch.

    Nothing that needs Redis comes before the database write: the rate
    limit lets the answers through when its store is down.
    """
    body = read_json_object(request)
    only_fields(body, ("answers",))
    given = body.get("answers")
    if not isinstance(given, dict):
        return _error(400, "answers", _("must be an object: question id -> answer"))
    wait = ratelimit.spend("submit", f"user:{request.user.pk}", SUBMISSIONS_PER_MINUTE)
    if wait is not None:
        return ApiError.one(429, "", _("too many submissions; wait %(s)d seconds") % {"s": wait},
                            **{"Retry-After": str(wait)}).response()
    try:
        submission = services.submit(assignment, request.user, given)
    except services.GradingError as exc:
        errors = [{"path": f"answers.{qid}" if qid else "answers", "message": message}
                  for qid, message in exc.errors.items()] or [{"path": "", "message": exc.message}]
        return ApiError(exc.status, errors).response()
    return JsonResponse({"id": submission.pk, "number": submission.number,
                         "late": submission.late,
                         "submitted": submission.submitted.isoformat()}, status=201)


@api_view("GET")
@assignment_view(roles.STUDENT)
def my_grade(request: HttpRequest, assignment: Assignment, role: str) -> HttpResponse:
    """The student's own grade, only once released."""
    if not assignment.grades_released:
        return JsonResponse({"released": False})
    latest = services.latest_of(assignment, request.user)
    grade = Grade.objects.filter(submission=latest).first() if latest else None
    if grade is not None:
        services.mark_feedback_shown(assignment, request.user)
    if grade is None:
        return JsonResponse({"released": True, "submission": latest.number if latest else None,
                             "score": None, "max_score": assignment.total_points, "feedback": []})
    return JsonResponse({"released": True, "submission": latest.number, "score": grade.score_points,
                         "max_score": grade.max_points, "feedback": grade.feedback,
                         "error": grade.error})


@api_view("GET")
@roles.login_required_json
def batch_progress(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Live progress of a grading batch, for the admin's and the manage page's poller."""
    batch = GradingBatch.objects.select_related("assignment").filter(pk=batch_id).first()
    if batch is None:
        return _error(404, "", _("There is no such grading batch."))
    if not roles.is_instructor(request.user, batch.assignment.course_id):
        return roles.forbidden(request)
    return JsonResponse(batches.batch_progress(batch))
