"""Account and course pages: sign up, log in/out, my courses, join, the course page.

Templates: ``registration/login.html``, ``accounts/signup.html``,
``accounts/courses.html``, ``accounts/join.html``, ``accounts/course.html``,
``accounts/forbidden.html``.  Every form carries Django's CSRF token.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from playground.accounts import roles
from playground.accounts.forms import CourseForm, JoinForm, SignupForm
from playground.accounts.models import Course, Membership, Role
from playground.accounts.panels import render_course_panels
from playground.studio import ratelimit

# Per client address per minute.  Logins count only failed attempts, so a
# class of 200 behind one school address signs in at once; 60 wrong
# passwords a minute make guessing slow.  /admin/login/ spends the same budget.
LOGIN_FAILURES_PER_MINUTE = 60
SIGNUPS_PER_MINUTE = 30
JOINS_PER_MINUTE = 20


def _too_many(request: HttpRequest, bucket: str, limit: int) -> bool:
    """Spend one request from ``bucket``; True when over the limit (with a message)."""
    wait = ratelimit.spend(bucket, ratelimit.client_address(request), limit)
    if wait is None:
        return False
    messages.error(request, _("Too many attempts. Try again in %(s)d seconds.") % {"s": wait})
    return True


def _too_many_signups_this_hour(request: HttpRequest) -> bool:
    """Sign-ups per address per hour (``PLAYGROUND_SIGNUPS_PER_HOUR``), against account farms."""
    wait = ratelimit.spend("signup-hour", ratelimit.client_address(request),
                           settings.PLAYGROUND_SIGNUPS_PER_HOUR, window=3600)
    if wait is None:
        return False
    messages.error(request, _("Too many attempts. Try again in %(s)d seconds.") % {"s": wait})
    return True


def _safe_next(request: HttpRequest, fallback: str) -> str:
    """``?next=`` if it points back into this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def _logins_refused(request: HttpRequest) -> bool:
    """True (with a message) when this address has failed to log in too often this minute."""
    if ratelimit.peek("login-failures", ratelimit.client_address(request)) < LOGIN_FAILURES_PER_MINUTE:
        return False
    messages.error(request, _("Too many attempts. Try again in %(s)d seconds.") % {"s": 60})
    return True


def _count_failure(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Count a login POST that did not log anyone in (the form came back)."""
    if response.status_code == 200:
        ratelimit.spend("login-failures", ratelimit.client_address(request),
                        LOGIN_FAILURES_PER_MINUTE)
    return response


class RateLimitedLoginView(LoginView):
    """Django's login page, with a per-address limit on failed attempts."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _logins_refused(request):
            response = self.render_to_response(self.get_context_data(form=self.get_form()),
                                               status=429)
            response["Retry-After"] = "60"
            return response
        return _count_failure(request, super().post(request, *args, **kwargs))


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin's login page under the same failed-attempt budget as ``/accounts/login/``."""
    from django.contrib import admin
    from django.contrib.admin.forms import AdminAuthenticationForm

    if request.method != "POST":
        return admin.site.login(request, extra_context)
    if not _logins_refused(request):
        return _count_failure(request, admin.site.login(request, extra_context))
    # Refused before the password is even checked: the empty form again.
    response = render(request, "admin/login.html", {
        **admin.site.each_context(request), "title": _("Log in"),
        "app_path": request.get_full_path(), "form": AdminAuthenticationForm(request),
        "username": "", "next": request.GET.get("next", "")}, status=429)
    response["Retry-After"] = "60"
    return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """A student makes their own account, is logged in, and goes on to join a course."""
    if request.user.is_authenticated:
        return redirect("accounts:courses")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if _too_many(request, "signup", SIGNUPS_PER_MINUTE) or _too_many_signups_this_hour(request):
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome, %(name)s. Enter your course's enrollment code.")
                             % {"name": user.get_username()})
            return redirect(_safe_next(request, "/courses/join/"))
    return render(request, "accounts/signup.html", {"form": form,
                                                    "next": request.GET.get("next", "")})


@roles.login_required_json
@require_http_methods(["GET", "POST"])
def courses(request: HttpRequest) -> HttpResponse:
    """My courses (taught and taken); POST creates a course (instructors only)."""
    may_create = roles.can_create_course(request.user)
    form = CourseForm(request.POST or None)
    if request.method == "POST":
        if not may_create:
            return roles.forbidden(request, _("Only instructors can create courses."))
        if form.is_valid():
            with transaction.atomic():
                course = form.save()
                Membership.objects.create(user=request.user, course=course, role=Role.INSTRUCTOR)
            messages.success(request, _("Course “%(title)s” created. Its enrollment code is "
                                        "%(code)s.") % {"title": course.title,
                                                        "code": course.enrollment_code})
            return redirect("accounts:course", course_id=course.pk)
    context = {
        "taught": roles.courses_taught(request.user),
        "enrolled": roles.courses_enrolled(request.user),
        "may_create": may_create,
        "form": form,
    }
    return render(request, "accounts/courses.html", context)


@roles.login_required_json
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Enter an enrollment code to become a student of that course."""
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        if _too_many(request, "join", JOINS_PER_MINUTE):
            return render(request, "accounts/join.html", {"form": form}, status=429)
        if form.is_valid():
            course: Course = form.cleaned_data["course"]
            if roles.is_member(request.user, course):
                messages.info(request, _("You are already in “%(title)s”.")
                              % {"title": course.title})
            else:
                try:
                    with transaction.atomic():
                        Membership.objects.create(user=request.user, course=course,
                                                  role=Role.STUDENT)
                except IntegrityError:
                    pass  # a double submit joined already; the result is the same
                messages.success(request, _("You joined “%(title)s”.") % {"title": course.title})
            return redirect("accounts:course", course_id=course.pk)
    return render(request, "accounts/join.html", {"form": form})


@require_GET
@roles.require_role(roles.INSTRUCTOR, roles.STUDENT)
def course_page(request: HttpRequest, course: Course) -> HttpResponse:
    """The course: code and roster for its instructors; the other apps' panels for all."""
    role = roles.INSTRUCTOR if roles.is_instructor(request.user, course) else roles.STUDENT
    context: dict[str, Any] = {"course": course, "role": role,
                               "panels": render_course_panels(request, course, role)}
    if role == roles.INSTRUCTOR:
        members = course.memberships.select_related("user").order_by("user__username")
        context["instructors"] = [m.user for m in members if m.role == Role.INSTRUCTOR]
        context["students"] = [m.user for m in members if m.role == Role.STUDENT]
    return render(request, "accounts/course.html", context)


@require_POST
@roles.require_role(roles.INSTRUCTOR)
def course_new_code(request: HttpRequest, course: Course) -> HttpResponse:
    """Replace a course's enrollment code (members stay; the old code stops working)."""
    code = course.regenerate_code()
    messages.success(request, _("The new enrollment code is %(code)s.") % {"code": code})
    return redirect("accounts:course", course_id=course.pk)


@require_GET
def me(request: HttpRequest) -> JsonResponse:
    """``GET /api/me/``: who is logged in and their courses, for the pages' scripts.

    Anonymous visitors get ``{"user": null, "courses": []}`` (200): the
    studio stays open to them.
    """
    user = request.user
    if not user.is_authenticated:
        return JsonResponse({"user": None, "courses": []})
    taught = [{"id": c.pk, "title": c.title, "role": roles.INSTRUCTOR}
              for c in roles.courses_taught(user)]
    taught_ids = {c["id"] for c in taught}
    enrolled = [{"id": c.pk, "title": c.title, "role": roles.STUDENT}
                for c in roles.courses_enrolled(user) if c.pk not in taught_ids]
    return JsonResponse({
        "user": {"username": user.get_username(), "is_staff": roles.is_admin(user),
                 "login_url": settings.LOGIN_URL},
        "courses": taught + enrolled,
    })
