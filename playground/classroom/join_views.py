"""Joining a session (``/join/`` and ``/join/<code>/``) and self-paced practice.

A logged-in visitor joins under their account's name; an anonymous one,
only in an open session, under a display name, remembered in the browser's
Django session.  Joining twice keeps the same seat.
"""
from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_http_methods

from playground.accounts.roles import forbidden, unauthorized
from playground.classroom import access
from playground.classroom.forms import JoinCodeForm, JoinForm
from playground.classroom.models import LiveSession, Participant
from playground.classroom.views import find_session
from playground.studio import ratelimit
from playground.studio.models import Scenario


@require_GET
def join_code(request: HttpRequest) -> HttpResponse:
    """Type the code from the projector; goes on to that session's join page."""
    form = JoinCodeForm(request.GET) if "code" in request.GET else JoinCodeForm()
    if form.is_bound and form.is_valid():
        return redirect("classroom:join", code=form.cleaned_data["code"])
    return render(request, "classroom/join_code.html", {"form": form})


def _unique_name(session: LiveSession, name: str) -> str:
    """``name``, or "name (2)", "name (3)"... so the instructor can tell people apart."""
    taken = set(Participant.objects.filter(session=session, display_name__startswith=name)
                .values_list("display_name", flat=True))
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})"[:40] in taken:
        n += 1
    return f"{name[:40 - len(f' ({n})')]} ({n})"


def _seat(request: HttpRequest, session: LiveSession, name: str | None) -> Participant:
    """The participant for this visitor, created if new."""
    user = request.user
    if user.is_authenticated:
        try:
            with transaction.atomic():
                participant, _created = Participant.objects.get_or_create(
                    session=session, user=user,
                    defaults={"display_name": _unique_name(session, access.display_name_of(user))})
        except IntegrityError:  # the same user joining from two tabs at once
            participant = Participant.objects.get(session=session, user=user)
        return participant
    assert name is not None
    participant = Participant.objects.create(session=session, display_name=_unique_name(session, name))
    access.remember_participant(request.session, session.code, participant.pk)
    return participant


@require_http_methods(["GET", "POST"])
@ensure_csrf_cookie
def join(request: HttpRequest, code: str) -> HttpResponse:
    """The join page of one session: a name (anonymous, open sessions) and a button."""
    session = find_session(request, code)
    if isinstance(session, HttpResponse):
        return session
    if not session.is_live:
        return render(request, "classroom/ended.html", {"session": session, "lead": False,
                                                        "questions": []}, status=410)
    if access.can_lead(request.user, session) or access.participant_for(
            session, request.user, request.session) is not None:
        return redirect("classroom:session", code=session.code)
    if not access.may_join(request.user, session):
        if not request.user.is_authenticated:
            return unauthorized(request)
        return forbidden(request, _("This session is for the members of %(course)s.")
                         % {"course": session.course or _("its course")})
    needs_name = not request.user.is_authenticated
    if request.method == "POST":
        retry = ratelimit.spend("session-joins", ratelimit.client_address(request),
                                settings.CLASSROOM_JOINS_PER_MINUTE)
        if retry is not None:
            response = render(request, "classroom/join.html", {
                "session": session, "form": JoinForm(needs_name=needs_name),
                "error": _("Too many people joined from your address just now; "
                           "try again in %(s)s seconds.") % {"s": retry}}, status=429)
            response["Retry-After"] = str(retry)
            return response
        form = JoinForm(request.POST, needs_name=needs_name)
        if form.is_valid():
            _seat(request, session, form.cleaned_data.get("display_name"))
            return redirect("classroom:session", code=session.code)
    else:
        form = JoinForm(needs_name=needs_name)
    return render(request, "classroom/join.html", {"session": session, "form": form})


@require_GET
@ensure_csrf_cookie
def practice(request: HttpRequest, slug: str) -> HttpResponse:
    """A saved scenario played at one's own pace, pausing at its checkpoints."""
    scenario = get_object_or_404(Scenario, slug=slug)
    return render(request, "classroom/practice.html", {
        "slug": scenario.slug, "title": scenario.title or _("Untitled scenario"),
        "scenario": scenario.as_dict()})
