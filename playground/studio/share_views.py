"""A saved scenario beyond its page: link previews, the embed, the worksheet.

- ``og_meta``: the Open Graph / Twitter card tags of ``/s/<slug>/``
  (``views.shared`` puts them in the context as ``og``);
- ``GET /s/<slug>/preview.png``: the preview image (``preview.py``);
- ``GET /s/<slug>/embed``: the scenario for a course page's iframe, with
  ``hide`` and ``lock`` options (``embed.py``); the only framable page;
- ``POST /s/<slug>/embed/runs/``: a run from an embed, with the reader's
  changes to the parts the embed left editable;
- ``GET /s/<slug>/worksheet/``: the printable worksheet and its answer key
  (``worksheet.py``); ``?key=0`` leaves the key out.

The preview and the worksheet never run the engine here: the first request
for a slug queues a render on a worker (``artifacts.request_render``) and
gets a placeholder (an image, or a page that reloads itself) with status 202
until it is ready; the render is stored per slug and engine version, "too
large" included, and each render queued counts against the client's run
budget.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_GET

from kernel_engine import ScenarioError, validate
from playground.studio import artifacts, ratelimit
from playground.studio.api import api_view, ws_path
from playground.studio.artifacts import RenderedArtifact
from playground.studio.embed import (
    EmbedOptionError, apply_changes, embed_fields, make_token, parse_options, read_token,
    visible_scenario,
)
from playground.studio.models import Scenario
from playground.studio.payloads import ApiError, only_fields, rate_limit, read_json_object
from playground.studio.preview import render_placeholder
from playground.studio.services import start_run
from playground.studio.worksheet import worksheet as worksheet_data

# Bump when the drawing changes: part of the image's ETag (with the engine
# version), so that browsers do not keep an old copy.
SHARE_VERSION = 2
PREVIEW_MAX_AGE = 7 * 24 * 3600
OG_DESCRIPTION_CHARS = 200
# How soon a page or a crawler waiting for a render should ask again.
PENDING_RETRY_SECONDS = 2


class Throttled(Exception):
    """Too many renders queued by one client; retry after ``seconds``."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


def _normalized(raw: dict[str, Any]) -> dict[str, Any] | None:
    """The saved scenario normalized; None if the engine no longer accepts it."""
    try:
        return validate(raw)
    except ScenarioError:
        return None


def _invalid_message(raw: dict[str, Any]) -> str:
    """Why the engine no longer accepts a saved scenario, as a sentence."""
    try:
        validate(raw)
    except ScenarioError as exc:
        return _("The engine does not accept this scenario any more: %(details)s.") % {
            "details": "; ".join(f"{p['path']}: {p['message']}" for p in exc.as_list())}
    return ""


def shared_render(request: HttpRequest, scenario: Scenario) -> RenderedArtifact:
    """The worker's render of ``scenario``, queued if there is none yet (``Throttled`` when
    this client has queued too many); it may still be pending."""
    artifact = artifacts.find(scenario)
    if artifact is not None and not artifact.needs_queue():
        return artifact
    retry = ratelimit.spend("share-render", ratelimit.client_address(request),
                            settings.PLAYGROUND_RUNS_PER_MINUTE)
    if retry is not None:
        raise Throttled(retry)
    artifact, _queued = artifacts.request_render(scenario)
    return artifact


def _throttled_response(exc: Throttled) -> HttpResponse:
    response = HttpResponse(
        _("Too many pictures and worksheets from your address; try again in %(s)s seconds.")
        % {"s": exc.seconds}, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(exc.seconds)
    return response


def _pending(response: HttpResponse) -> HttpResponse:
    """Mark a "being prepared" answer: 202, ask again soon, never cache it."""
    response.status_code = 202
    response["Retry-After"] = str(PENDING_RETRY_SECONDS)
    add_never_cache_headers(response)
    return response


def og_meta(request: HttpRequest, scenario: Scenario) -> dict[str, Any]:
    """The Open Graph and Twitter card values for ``/s/<slug>/`` (escaped by the template).

    Also queues the preview's render if there is none: a link-preview
    crawler fetches the page, then the image, which is then often ready.
    (Not counted against the client: each slug renders once per engine.)
    """
    artifacts.request_render(scenario)
    raw = scenario.as_dict()
    title = scenario.title or _("Untitled scenario")
    description = raw.get("description") if isinstance(raw.get("description"), str) else ""
    if not description:
        count = len(raw.get("processes") or [])
        policy = (raw.get("cpu") or {}).get("policy", "fcfs")
        description = ngettext(
            "%(count)s process under the %(policy)s policy: run it step by step in the LLM-OS Playground.",
            "%(count)s processes under the %(policy)s policy: run them step by step in the LLM-OS Playground.",
            count) % {"count": count, "policy": policy}
    if len(description) > OG_DESCRIPTION_CHARS:
        description = description[:OG_DESCRIPTION_CHARS - 1].rstrip() + "…"
    share_url = request.build_absolute_uri(reverse("studio:shared", args=[scenario.slug]))
    return {
        "title": title,
        "description": description,
        "url": share_url,
        "image": request.build_absolute_uri(reverse("studio:shared-preview", args=[scenario.slug])),
        "image_alt": _("Gantt chart of “%(title)s”") % {"title": title},
        "image_width": 1200,
        "image_height": 630,
    }


def preview_etag(slug: str) -> str:
    """The ETag of a rendered preview: the slug, the drawing's and the engine's versions."""
    return f"{slug}-v{SHARE_VERSION}-{artifacts.engine_version()}"


def _preview_etag(request: HttpRequest, slug: str) -> str | None:
    # Only a rendered preview has one: an unknown slug is a 404, a placeholder is not kept.
    ready = RenderedArtifact.objects.filter(
        scenario_id=slug, engine_version=artifacts.engine_version(),
        status=RenderedArtifact.Status.READY).exists()
    return preview_etag(slug) if ready else None


@require_GET
@condition(etag_func=_preview_etag)
def preview_png(request: HttpRequest, slug: str) -> HttpResponse:
    """The 1200 x 630 preview image (rendered by a worker; a placeholder with 202 until then)."""
    scenario = get_object_or_404(Scenario, slug=slug)
    try:
        artifact = shared_render(request, scenario)
    except Throttled as exc:
        return _throttled_response(exc)
    if not artifact.ready or artifact.preview_png is None:
        return _pending(HttpResponse(render_placeholder(), content_type="image/png"))
    png = bytes(artifact.preview_png)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Length"] = str(len(png))
    patch_cache_control(response, public=True, max_age=PREVIEW_MAX_AGE)
    return response


def _frame_anywhere(response: HttpResponse) -> HttpResponse:
    """Let any site frame this response (the embed only; every other page keeps DENY)."""
    response["Content-Security-Policy"] = "frame-ancestors *"
    return response


@require_GET
@xframe_options_exempt
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The scenario for an iframe: minimal chrome, parts hidden or locked by the query."""
    scenario = get_object_or_404(Scenario, slug=slug)
    try:
        options = parse_options(request.GET, slug)
    except EmbedOptionError as exc:
        response = render(request, "studio/embed.html", {"problems": exc.problems}, status=400)
        return _frame_anywhere(response)
    raw = scenario.as_dict()
    normalized = _normalized(raw)
    if normalized is None:
        response = render(request, "studio/embed.html", {
            "problems": [_invalid_message(raw)]}, status=500)
        return _frame_anywhere(response)
    fields = embed_fields(raw, normalized)
    context = {
        "slug": slug,
        "title": scenario.title or _("Untitled scenario"),
        "description": raw.get("description") if isinstance(raw.get("description"), str) else "",
        "scenario": visible_scenario(raw, options.hide),
        "shows": {part: options.shows(part) for part in ("scenario", "description", "policy",
                                                          "builder", "answers")},
        "locked": {part: options.locked(part) for part in ("policy", "builder")},
        "policy_fields": fields["policy"],
        "builder_rows": fields["builder"],
        "embed_config": {
            "slug": slug,
            "token": make_token(slug, options),
            "runUrl": reverse("studio:embed-runs", args=[slug]),
            "hideAnswers": not options.shows("answers"),
        },
        "share_url": request.build_absolute_uri(reverse("studio:shared", args=[slug])),
    }
    return _frame_anywhere(render(request, "studio/embed.html", context))


@csrf_exempt  # framed on other sites (no first-party cookies); it uses no session either
@api_view("POST")
def embed_run(request: HttpRequest, slug: str) -> JsonResponse:
    """``{"token", "changes"}`` -> 202 ``{"id", "status", "ws", "scenario", "applied", "ignored"}``.

    Changes to fields of parts the token does not make editable are ignored
    and listed in ``ignored``; with nothing changed, the saved scenario runs
    as itself (the run is linked to the slug).
    """
    rate_limit(request, "runs", settings.PLAYGROUND_RUNS_PER_MINUTE, "runs")
    saved = Scenario.objects.filter(slug=slug).first()
    if saved is None:
        raise ApiError.one(404, "", f"no saved scenario has the slug {slug!r}")
    body = read_json_object(request)
    only_fields(body, ("token", "changes"))
    editable, hidden = read_token(body.get("token"), slug)
    raw = saved.as_dict()
    changed, applied, ignored = apply_changes(raw, body.get("changes", {}), editable)
    try:
        same = validate(changed) == validate(raw)
    except ScenarioError as exc:
        raise ApiError(400, exc.as_list()) from None
    run = start_run(raw, scenario=saved) if same else start_run(changed)
    return JsonResponse({
        "id": run.id, "status": run.status, "ws": ws_path(run.id),
        "scenario": visible_scenario(raw if same else changed, hidden),
        "applied": applied, "ignored": ignored,
    }, status=202)


@require_GET
def worksheet(request: HttpRequest, slug: str) -> HttpResponse:
    """The printable worksheet; the answer key (worker-computed) prints on its own page.

    Until the worker has run the scenario: a page saying the worksheet is
    being prepared, which reloads itself (status 202).
    """
    scenario = get_object_or_404(Scenario, slug=slug)
    key_param = request.GET.get("key", "1")
    if key_param not in ("0", "1"):
        return HttpResponse(_("key must be 0 (no answer key) or 1 (with the answer key), got “%(v)s”.")
                            % {"v": key_param}, status=400, content_type="text/plain; charset=utf-8")
    try:
        artifact = shared_render(request, scenario)
    except Throttled as exc:
        return _throttled_response(exc)
    context: dict[str, Any] = {
        "slug": slug,
        "title": scenario.title or _("Untitled scenario"),
        "with_key": key_param == "1",
        "share_url": reverse("studio:shared", args=[slug]),
    }
    if not artifact.ready:
        context["retry_seconds"] = PENDING_RETRY_SECONDS
        return _pending(render(request, "studio/worksheet_pending.html", context))
    raw = scenario.as_dict()
    normalized = _normalized(raw)
    result = artifact.key_result()
    context["sheet"] = worksheet_data(raw, normalized, result) if normalized is not None else None
    context["problem"] = artifact.message()
    return render(request, "studio/worksheet.html", context)
