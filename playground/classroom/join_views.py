"""Joining a session (``/join/`` and ``/join/<code>/``), locking it, and self-paced practice.

A logged-in visitor joins under their account's name; an anonymous one,
only in an open session, under a display name, remembered in the browser's
Django session.  Joining twice keeps the same seat.

Against guessing codes: a visitor without a seat sees one and the same
"no open session" page for an unknown code, an ended session and a locked
one, and each such miss is counted per address
(``CLASSROOM_JOIN_MISSES_PER_MINUTE``); over the budget every lookup from
that address waits.  A session holds at most ``CLASSROOM_MAX_SEATS`` seats.
"""
from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kernel_engine import presets
from playground.accounts.roles import forbidden, not_found, unauthorized
from playground.classroom import access
from playground.classroom.forms import JoinCodeForm, JoinForm
from playground.classroom.models import LiveSession, Participant, normalize_session_code
from playground.classroom.views import find_session
from playground.studio import ratelimit
from playground.studio.models import Scenario
from playground.studio.services import save_scenario


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


def _too_many_misses(request: HttpRequest) -> HttpResponse | None:
    """429 when this address has looked up too many codes that led nowhere this minute."""
    spent = ratelimit.peek("join-misses", ratelimit.client_address(request))
    if spent < settings.CLASSROOM_JOIN_MISSES_PER_MINUTE:
        return None
    response = render(request, "classroom/join_code.html", {
        "form": JoinCodeForm(), "error": _("Too many wrong session codes from your address; "
                                           "wait a minute and try again.")}, status=429)
    response["Retry-After"] = "60"
    return response


def _no_open_session(request: HttpRequest, code: str) -> HttpResponse:
    """The same answer for an unknown, ended or locked code, counted as a miss."""
    ratelimit.spend("join-misses", ratelimit.client_address(request),
                    settings.CLASSROOM_JOIN_MISSES_PER_MINUTE)
    return not_found(request, _("No open session has the code %(code)s. Check the code "
                                "on the projector.") % {"code": normalize_session_code(code)})


@require_http_methods(["GET", "POST"])
@ensure_csrf_cookie
def join(request: HttpRequest, code: str) -> HttpResponse:
    """The join page of one session: a name (anonymous, open sessions) and a button."""
    throttled = _too_many_misses(request)
    if throttled is not None:
        return throttled
    session = (LiveSession.objects.select_related("run", "course", "instructor")
               .filter(code=normalize_session_code(code)).first())
    if session is not None and (access.can_lead(request.user, session) or access.participant_for(
            session, request.user, request.session) is not None):
        # Already in: the session page (which also says when it has ended).
        return redirect("classroom:session", code=session.code)
    if session is None or not session.is_live or session.locked:
        return _no_open_session(request, code)
    if not access.may_join(request.user, session):
        if not request.user.is_authenticated:
            return unauthorized(request)
        return forbidden(request, _("This session is for the members of %(course)s.")
                         % {"course": session.course or _("its course")})
    needs_name = not request.user.is_authenticated
    if request.method == "POST":
        error, status, retry = _join_refused(request, session)
        if error:
            response = render(request, "classroom/join.html", {
                "session": session, "form": JoinForm(needs_name=needs_name), "error": error},
                status=status)
            if retry:
                response["Retry-After"] = str(retry)
            return response
        form = JoinForm(request.POST, needs_name=needs_name)
        if form.is_valid():
            _seat(request, session, form.cleaned_data.get("display_name"))
            return redirect("classroom:session", code=session.code)
    else:
        form = JoinForm(needs_name=needs_name)
    return render(request, "classroom/join.html", {"session": session, "form": form})


def _join_refused(request: HttpRequest, session: LiveSession) -> tuple[str, int, int | None]:
    """Why a new seat cannot be given now ("" when it can), the status, and Retry-After."""
    if Participant.objects.filter(session=session).count() >= settings.CLASSROOM_MAX_SEATS:
        return (_("This session is full (%(n)d seats).") % {"n": settings.CLASSROOM_MAX_SEATS},
                409, None)
    # Per address but generous (CLASSROOM_JOINS_PER_MINUTE, 600): a whole
    # class may share the school's address.  The cap is checked before the
    # seat is made, so two joins at the same instant may pass it by one.
    retry = ratelimit.spend("session-joins", ratelimit.client_address(request),
                            settings.CLASSROOM_JOINS_PER_MINUTE)
    if retry is not None:
        return (_("Too many people joined from your address just now; "
                  "try again in %(s)s seconds.") % {"s": retry}, 429, retry)
    return "", 200, None


@require_POST
def lock(request: HttpRequest, code: str) -> HttpResponse:
    """The instructor locks the session to newcomers (``locked=1``) or opens it again (else)."""
    session = find_session(request, code)
    if isinstance(session, HttpResponse):
        return session
    if not access.can_lead(request.user, session):
        return forbidden(request, _("Only the session's instructor can lock it."))
    LiveSession.objects.filter(pk=session.pk).update(locked=request.POST.get("locked") == "1")
    return redirect("classroom:session", code=session.code)


@require_GET
def practice_preset(request: HttpRequest, name: str) -> HttpResponse:
    """A built-in scenario's practice page: its saved copy's ``/practice/<slug>/``.

    Saving is idempotent (the same scenario always has the same slug), so
    following this link twice stores one row; a preset without checkpoints
    has no practice page (404).  In Chinese the saved copy carries the
    preset's translated title and prompts (kernel_engine/presets/i18n).
    """
    if name not in presets.names():
        raise Http404(_("There is no built-in scenario named “%(name)s”.") % {"name": name})
    scenario = presets.translated(name, presets.language_of(get_language()))
    if not scenario.get("checkpoints"):
        raise Http404(_("This built-in scenario has no checkpoints to practise with."))
    return redirect("classroom:practice", slug=save_scenario(scenario).slug)


@require_GET
@ensure_csrf_cookie
def practice(request: HttpRequest, slug: str) -> HttpResponse:
    """A saved scenario played at one's own pace, pausing at its checkpoints."""
    scenario = get_object_or_404(Scenario, slug=slug)
    return render(request, "classroom/practice.html", {
        "slug": scenario.slug, "title": scenario.title or _("Untitled scenario"),
        "scenario": scenario.as_dict()})
