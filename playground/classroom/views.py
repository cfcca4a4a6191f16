"""Pages of live sessions: start one, list them, lead one, project it, end it.

Data for the page scripts goes through ``json_script``:

- ``classroom/session.html``: ``session-info`` ``{code, title, role, ws,
  run: {id, ws} (the instructor's only), you}`` and ``scenario`` (the
  scenario as saved);
- ``classroom/projector.html``: ``session-info``.

The socket enforces the same roles again: these pages only choose what to
draw.
"""
from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kernel_engine import presets
from playground.accounts.roles import (
    courses_taught, forbidden, login_required_json, not_found, unauthorized)
from playground.classroom import access, live, practice
from playground.classroom.forms import NewSessionForm
from playground.classroom.models import LiveSession, normalize_session_code
from playground.classroom.qr import qr_svg
from playground.studio.models import Scenario
from playground.studio.payloads import ApiError, query_whole
from playground.studio.services import save_scenario, start_run


def find_session(request: HttpRequest, code: str) -> LiveSession | HttpResponse:
    """The session with ``code`` (any case), or the 404 page."""
    session = LiveSession.objects.select_related("run", "course", "instructor").filter(
        code=normalize_session_code(code)).first()
    if session is None:
        return not_found(request, _("There is no session with the code %(code)s.")
                         % {"code": code.upper()})
    return session


def join_url(request: HttpRequest, session: LiveSession) -> str:
    return request.build_absolute_uri(reverse("classroom:join", args=[session.code]))


@require_GET
@login_required_json
def session_list(request: HttpRequest) -> HttpResponse:
    """The sessions this instructor leads (their own and their courses')."""
    if not access.can_start_sessions(request.user):
        return forbidden(request, _("Only instructors start live sessions."))
    taught = courses_taught(request.user)
    sessions = (LiveSession.objects.filter(instructor=request.user)
                | LiveSession.objects.filter(course__in=taught)).select_related("course")
    return render(request, "classroom/list.html", {"sessions": sessions.distinct()[:100]})


def _scenario_from(form: NewSessionForm) -> tuple[Scenario, dict[str, Any]]:
    """The saved scenario the form names (a preset is saved first, like any link)."""
    slug = form.cleaned_data.get("slug")
    if slug:
        saved = Scenario.objects.filter(slug=slug).first()
        if saved is None:
            raise ApiError.one(404, "slug", _("No saved scenario has the link code %(slug)s.")
                               % {"slug": slug})
        return saved, saved.as_dict()
    # The menu listed the presets in the page's language: the session's title and prompts follow it.
    raw = presets.translated(form.cleaned_data["preset"], presets.language_of(get_language()))
    return save_scenario(raw), raw


@require_http_methods(["GET", "POST"])
@ensure_csrf_cookie
@login_required_json
def session_new(request: HttpRequest) -> HttpResponse:
    """Start a session: pick the scenario, the course, open or not; it starts a run."""
    if not access.can_start_sessions(request.user):
        return forbidden(request, _("Only instructors start live sessions."))
    courses = courses_taught(request.user)
    if request.method == "POST":
        form = NewSessionForm(request.POST, courses=courses)
        if form.is_valid():
            try:
                scenario, raw = _scenario_from(form)
                with transaction.atomic():
                    run = start_run(raw, scenario=scenario)
                    session = LiveSession.objects.create(
                        title=form.cleaned_data["title"] or scenario.title or _("Live session"),
                        scenario=scenario, run=run, instructor=request.user,
                        course=form.cleaned_data["course"], open=form.cleaned_data["open"])
            except ApiError as exc:
                for error in exc.errors:
                    form.add_error(None, f"{error['path']}: {error['message']}"
                                   if error["path"] else error["message"])
            else:
                return redirect("classroom:session", code=session.code)
    else:
        initial = {k: request.GET[k] for k in ("slug", "preset") if request.GET.get(k)}
        course_id = query_whole(request.GET.get("course"))
        if course_id is not None:
            initial["course"] = courses.filter(pk=course_id).first()
        form = NewSessionForm(initial=initial, courses=courses)
    return render(request, "classroom/new.html", {"form": form})


def _page_info(session: LiveSession, role: str, you: dict[str, Any] | None) -> dict[str, Any]:
    """The page's data; a student's has no run (its steps come over the session socket)."""
    info: dict[str, Any] = {"code": session.code, "title": session.title, "role": role,
                            "ws": f"/ws/sessions/{session.code}/", "you": you}
    if role == live.LEAD:
        info["run"] = {"id": session.run_id, "ws": f"/ws/runs/{session.run_id}/"}
    return info


@require_GET
@ensure_csrf_cookie
def session_page(request: HttpRequest, code: str) -> HttpResponse:
    """The instructor's console, or a participant's view; others are sent to join."""
    session = find_session(request, code)
    if isinstance(session, HttpResponse):
        return session
    lead = access.can_lead(request.user, session)
    if not session.is_live:
        return render(request, "classroom/ended.html", {
            "session": session, "lead": lead,
            "questions": _results(session) if lead else []})
    if lead:
        role, you = live.LEAD, None
    else:
        participant = access.participant_for(session, request.user, request.session)
        if participant is None:
            return redirect("classroom:join", code=session.code)
        role, you = live.STUDENT, {"id": participant.pk, "name": participant.display_name}
    context = {"session": session, "info": _page_info(session, role, you),
               "scenario": session.scenario.as_dict(), "lead": lead,
               "join_url": join_url(request, session)}
    return render(request, "classroom/session.html", context)


def _results(session: LiveSession) -> list[dict[str, Any]]:
    """Each question of an ended session with its answer and counts (for instructors)."""
    results = []
    for question in session.questions.all():
        counts, answered = live.histogram(question)
        results.append({"question": question, "counts": counts, "answered": answered})
    return results


@require_GET
def projector(request: HttpRequest, code: str) -> HttpResponse:
    """Big join code, QR code, who is present and the open poll: for the room's screen."""
    session = find_session(request, code)
    if isinstance(session, HttpResponse):
        return session
    if not request.user.is_authenticated:
        return unauthorized(request)
    if not access.can_lead(request.user, session):
        return forbidden(request, _("Only the session's instructor can open its projector view."))
    url = join_url(request, session)
    context = {"session": session, "join_url": url,
               "qr": qr_svg(url, _("QR code for %(url)s") % {"url": url}),
               "info": _page_info(session, live.LEAD, None)}
    return render(request, "classroom/projector.html", context)


@require_POST
@login_required_json
def session_end(request: HttpRequest, code: str) -> HttpResponse:
    """End the session for everyone: sockets get ``session.ended`` and close."""
    session = find_session(request, code)
    if isinstance(session, HttpResponse):
        return session
    if not access.can_lead(request.user, session):
        return forbidden(request, _("Only the session's instructor can end it."))
    if live.end_session(session):
        group = live.group_name(session.code)
        transaction.on_commit(lambda: async_to_sync(get_channel_layer(live.layer_alias()).group_send)(
            group, {"type": "session.ended"}))
    return redirect("classroom:session", code=session.code)


@require_GET
def run_window(request: HttpRequest, run_id: str) -> JsonResponse:
    """A run's steps for a page that holds only what it shows: ``?from=`` and
    ``before_step`` or ``before_tick`` (none: to the end, with the result).

    See ``practice.window``; errors are JSON ``{"errors": [...]}``.
    """
    try:
        start, before_step, before_tick = practice.read_bounds(request.GET)
        return JsonResponse(practice.window(run_id, start, before_step, before_tick))
    except ApiError as exc:
        return exc.response()
