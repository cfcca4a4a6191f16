"""Who may do what: role questions and the view decorators that enforce them.

Roles, per course:

- **admin**: ``user.is_staff``.  Staff act as instructors of every course.
- **instructor**: a ``Membership`` with role ``instructor`` (or staff).
- **student**: a ``Membership`` with role ``student``.

Answers to refused requests:

- not logged in: ``/api/...`` gets 401 ``{"errors": [{"path": "", "message"}]}``,
  a page redirects to ``settings.LOGIN_URL?next=<path>``;
- logged in, wrong role: 403, the same JSON shape for ``/api/``, else the
  page ``accounts/forbidden.html``.

The predicates take any user (``AnonymousUser`` included) and never raise.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from playground.accounts.models import Course, Membership, Role

AnyUser = AbstractBaseUser | AnonymousUser
View = Callable[..., HttpResponse]

ADMIN = "admin"
INSTRUCTOR = Role.INSTRUCTOR.value
STUDENT = Role.STUDENT.value
KNOWN_ROLES = (ADMIN, INSTRUCTOR, STUDENT)
API_PREFIX = "/api/"


# --- Questions --------------------------------------------------------------

def is_admin(user: AnyUser) -> bool:
    """Staff: may use the admin, grade, and act as instructor of every course."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def _has_membership(user: AnyUser, role: str, course: Course | int | None) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    memberships = Membership.objects.filter(user_id=user.pk, role=role)
    if course is not None:
        memberships = memberships.filter(course_id=getattr(course, "pk", course))
    return memberships.exists()


def is_instructor(user: AnyUser, course: Course | int | None = None) -> bool:
    """Whether ``user`` teaches ``course`` (a Course or its id); with None, any course.

    Staff count as instructors of every course.
    """
    return is_admin(user) or _has_membership(user, INSTRUCTOR, course)


def is_student(user: AnyUser, course: Course | int) -> bool:
    """Whether ``user`` is enrolled in ``course`` as a student (staff are not)."""
    return _has_membership(user, STUDENT, course)


def is_member(user: AnyUser, course: Course | int) -> bool:
    """Instructor (or staff) or student of ``course``."""
    return is_instructor(user, course) or is_student(user, course)


def can_create_course(user: AnyUser) -> bool:
    """Instructors of any course, staff, and users given ``accounts.add_course`` in the admin.

    The permission is how an admin makes a brand-new instructor, who has no
    course yet.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    return is_instructor(user) or user.has_perm("accounts.add_course")


def courses_taught(user: AnyUser) -> QuerySet[Course]:
    """The courses ``user`` may act as instructor of (every course for staff)."""
    if is_admin(user):
        return Course.objects.all()
    if not user.is_authenticated:
        return Course.objects.none()
    return Course.objects.filter(memberships__user_id=user.pk,
                                 memberships__role=INSTRUCTOR).distinct()


def courses_enrolled(user: AnyUser) -> QuerySet[Course]:
    """The courses ``user`` takes as a student."""
    if not (user.is_authenticated and user.is_active):
        return Course.objects.none()
    return Course.objects.filter(memberships__user_id=user.pk,
                                 memberships__role=STUDENT).distinct()


def has_role(user: AnyUser, roles: tuple[str, ...], course: Course | int | None) -> bool:
    """Whether ``user`` holds any of ``roles`` (``admin``/``instructor``/``student``).

    With ``course`` None, ``instructor`` means of any course and ``student``
    of any course.
    """
    for role in roles:
        if role == ADMIN and is_admin(user):
            return True
        if role == INSTRUCTOR and is_instructor(user, course):
            return True
        if role == STUDENT:
            if course is None and courses_enrolled(user).exists():
                return True
            if course is not None and is_student(user, course):
                return True
    return False


# --- Refusals ---------------------------------------------------------------

def wants_json(request: HttpRequest) -> bool:
    """API endpoints answer JSON; everything else answers pages."""
    return request.path.startswith(API_PREFIX)


def _json_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"errors": [{"path": "", "message": message}]}, status=status)


def unauthorized(request: HttpRequest) -> HttpResponse:
    """401 JSON for the API; a redirect to the login page (back here after) for pages."""
    if wants_json(request):
        return _json_error(401, _("Log in first: this needs an account."))
    return redirect_to_login(request.get_full_path())


def forbidden(request: HttpRequest, message: str | None = None) -> HttpResponse:
    """403: JSON for the API, the "not allowed" page otherwise."""
    message = message or _("Your account does not have access to this page.")
    if wants_json(request):
        return _json_error(403, message)
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


def not_found(request: HttpRequest, message: str) -> HttpResponse:
    """404 with a message: JSON for the API, the site's 404 page otherwise."""
    if wants_json(request):
        return _json_error(404, message)
    return render(request, "404.html", {"message": message}, status=404)


# --- Decorators -------------------------------------------------------------

def login_required_json(view: View) -> View:
    """Anonymous visitors get 401 JSON (``/api/``) or the login redirect (pages)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (request.user.is_authenticated and request.user.is_active):
            return unauthorized(request)
        return view(request, *args, **kwargs)

    return wrapper


def require_role(*roles: str, course_kwarg: str | None = "course_id") -> Callable[[View], View]:
    """Let a view through only for users holding one of ``roles``.

    ``roles`` are ``"admin"``, ``"instructor"`` and ``"student"``.  When
    ``course_kwarg`` names a URL keyword (default ``course_id``), the course
    is loaded (404 when there is none), the role is checked in that course,
    and the view is called with ``course=<Course>`` instead of the id.  With
    ``course_kwarg=None`` the role is checked across all courses (for
    instance ``require_role("instructor", course_kwarg=None)``: teaches
    something, or is staff).
    """
    unknown = [role for role in roles if role not in KNOWN_ROLES]
    if not roles or unknown:
        raise ValueError(f"require_role takes roles among {KNOWN_ROLES}, got {roles}")

    def decorate(view: View) -> View:
        @functools.wraps(view)
        @login_required_json
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            course: Course | None = None
            if course_kwarg is not None:
                course = Course.objects.filter(pk=kwargs.pop(course_kwarg)).first()
                if course is None:
                    return not_found(request, _("There is no such course."))
                kwargs["course"] = course
            if not has_role(request.user, roles, course):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
