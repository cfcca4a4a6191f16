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

The preview and the worksheet run the engine inside the web request, so
they are bounded like runs: the playground's limits apply (a scenario over
them gets a note instead of a chart), results are cached per slug (a slug
never changes what it shows, and the engine is deterministic), and each
cache miss is counted against the client's run budget.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_GET

from kernel_engine import ScenarioError, simulate, validate
from playground.engine_version import engine_version
from playground.studio import ratelimit
from playground.studio.api import api_view, ws_path
from playground.studio.embed import (
    EmbedOptionError, apply_changes, editable_parts, embed_fields, make_token, parse_options,
)
from playground.studio.limits import engine_scenario, limit_problems
from playground.studio.models import Scenario
from playground.studio.payloads import ApiError, only_fields, rate_limit, read_json_object
from playground.studio.preview import gantt_chart, policy_line, render_preview, uses_disk, uses_memory
from playground.studio.services import start_run
from playground.studio.worksheet import worksheet as worksheet_data

log = logging.getLogger(__name__)

# Bump when the drawing or the cached result's use changes: part of the
# cache keys and of the image's ETag, so that old copies are not served.
SHARE_VERSION = 1
CACHE_SECONDS = 30 * 24 * 3600
# Results larger than this are not cached (they are rare and cheap to redo
# within the tick limit); the PNG is always small.
MAX_CACHED_RESULT = 2 * 1024 * 1024
PREVIEW_MAX_AGE = 7 * 24 * 3600
OG_DESCRIPTION_CHARS = 200


class Throttled(Exception):
    """Too many uncached renders from one client; retry after ``seconds``."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


@dataclass(frozen=True)
class SharedRun:
    """The engine's result for a saved scenario, or why there is none.

    ``problem`` is ``""``, ``"too_large"`` (over the playground's limits),
    ``"invalid"`` (the engine no longer accepts it) or ``"engine_error"``;
    ``details`` are the limit messages for ``too_large``.
    """

    result: dict[str, Any] | None
    problem: str = ""
    details: tuple[str, ...] = ()

    def message(self) -> str:
        """The problem as a sentence for the reader ("" when there is a result)."""
        if self.problem == "too_large":
            return _("This scenario is larger than the playground runs here: %(details)s.") % {
                "details": "; ".join(self.details)}
        if self.problem == "invalid":
            return _("The engine does not accept this scenario any more: %(details)s.") % {
                "details": "; ".join(self.details)}
        if self.problem == "engine_error":
            return _("The engine could not run this scenario (an internal error, logged).")
        return ""


def _simulate(raw: dict[str, Any]) -> SharedRun:
    try:
        normalized = validate(raw)
    except ScenarioError as exc:
        return SharedRun(None, "invalid", tuple(f"{p['path']}: {p['message']}" for p in exc.as_list()))
    problems = limit_problems(raw, normalized)
    if problems:
        return SharedRun(None, "too_large", tuple(p["message"] for p in problems))
    try:
        return SharedRun(simulate(engine_scenario(raw), summary=True))
    except ScenarioError as exc:
        return SharedRun(None, "invalid", tuple(f"{p['path']}: {p['message']}" for p in exc.as_list()))
    except Exception:  # an engine bug must not take the page down
        log.exception("kernel_engine.simulate crashed on a shared scenario")
        return SharedRun(None, "engine_error")


def _normalized(raw: dict[str, Any]) -> dict[str, Any] | None:
    """The saved scenario normalized; None if the engine no longer accepts it."""
    try:
        return validate(raw)
    except ScenarioError:
        return None


def _spend_render(request: HttpRequest) -> None:
    """Count one uncached engine run against the client's budget, or raise ``Throttled``."""
    retry = ratelimit.spend("share-render", ratelimit.client_address(request),
                            settings.PLAYGROUND_RUNS_PER_MINUTE)
    if retry is not None:
        raise Throttled(retry)


def shared_result(request: HttpRequest, scenario: Scenario) -> SharedRun:
    """The saved scenario's result, from the cache or the engine (``Throttled`` when over budget)."""
    key = f"share:result:v{SHARE_VERSION}:{engine_version()}:{scenario.slug}"
    cached = cache.get(key)
    if cached is not None:
        data = json.loads(cached)
        return SharedRun(data["result"], data["problem"], tuple(data["details"]))
    _spend_render(request)
    outcome = _simulate(scenario.as_dict())
    text = json.dumps({"result": outcome.result, "problem": outcome.problem,
                       "details": list(outcome.details)}, separators=(",", ":"))
    if len(text) <= MAX_CACHED_RESULT and outcome.problem != "engine_error":
        cache.set(key, text, CACHE_SECONDS)
    return outcome


def _throttled_response(exc: Throttled) -> HttpResponse:
    response = HttpResponse(
        _("Too many pictures and worksheets from your address; try again in %(s)s seconds.")
        % {"s": exc.seconds}, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(exc.seconds)
    return response


def og_meta(request: HttpRequest, scenario: Scenario) -> dict[str, Any]:
    """The Open Graph and Twitter card values for ``/s/<slug>/`` (escaped by the template)."""
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


def _preview_etag(request: HttpRequest, slug: str) -> str | None:
    # No ETag for an unknown slug: the view answers 404.
    if not Scenario.objects.filter(slug=slug).exists():
        return None
    # A new engine may draw another picture: browsers must ask again.
    return f"{slug}-v{SHARE_VERSION}-{engine_version()}"


@require_GET
@condition(etag_func=_preview_etag)
def preview_png(request: HttpRequest, slug: str) -> HttpResponse:
    """The 1200 x 630 preview image; cached by slug, and by browsers for a week."""
    scenario = get_object_or_404(Scenario, slug=slug)
    key = f"share:preview:v{SHARE_VERSION}:{engine_version()}:{slug}"
    png = cache.get(key)
    if png is None:
        try:
            outcome = shared_result(request, scenario)
        except Throttled as exc:
            return _throttled_response(exc)
        raw = scenario.as_dict()
        title = scenario.title or slug
        chart, subtitle, note = None, "", ""
        if outcome.result is not None:
            parts = [p for p, used in (("cpu", bool(raw.get("processes"))), ("memory", uses_memory(raw)),
                                       ("io", uses_disk(raw))) if used]
            subtitle = policy_line(validate(raw), parts)
            lanes = len({s.get("who") for s in outcome.result["cpu"]["gantt"]})
            chart = gantt_chart(raw, outcome.result, by="thread" if lanes <= 10 else "core")
        else:
            # The image is language-neutral (cached once for every reader).
            note = "; ".join(outcome.details) or outcome.problem
        png = render_preview(title, subtitle, chart, note)
        cache.set(key, png, CACHE_SECONDS)
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
        options = parse_options(request.GET)
    except EmbedOptionError as exc:
        response = render(request, "studio/embed.html", {"problems": exc.problems}, status=400)
        return _frame_anywhere(response)
    raw = scenario.as_dict()
    normalized = _normalized(raw)
    if normalized is None:
        response = render(request, "studio/embed.html", {
            "problems": [_simulate(raw).message()]}, status=500)
        return _frame_anywhere(response)
    fields = embed_fields(raw, normalized)
    context = {
        "slug": slug,
        "title": scenario.title or _("Untitled scenario"),
        "description": raw.get("description") if isinstance(raw.get("description"), str) else "",
        "scenario": raw,
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
    editable = editable_parts(body.get("token"), slug)
    raw = saved.as_dict()
    changed, applied, ignored = apply_changes(raw, body.get("changes", {}), editable)
    try:
        same = validate(changed) == validate(raw)
    except ScenarioError as exc:
        raise ApiError(400, exc.as_list()) from None
    run = start_run(raw, scenario=saved) if same else start_run(changed)
    return JsonResponse({
        "id": run.id, "status": run.status, "ws": ws_path(run.id),
        "scenario": raw if same else changed, "applied": applied, "ignored": ignored,
    }, status=202)


@require_GET
def worksheet(request: HttpRequest, slug: str) -> HttpResponse:
    """The printable worksheet; the answer key (engine-computed) prints on its own page."""
    scenario = get_object_or_404(Scenario, slug=slug)
    key_param = request.GET.get("key", "1")
    if key_param not in ("0", "1"):
        return HttpResponse(_("key must be 0 (no answer key) or 1 (with the answer key), got “%(v)s”.")
                            % {"v": key_param}, status=400, content_type="text/plain; charset=utf-8")
    try:
        outcome = shared_result(request, scenario)
    except Throttled as exc:
        return _throttled_response(exc)
    raw = scenario.as_dict()
    normalized = _normalized(raw)
    sheet = worksheet_data(raw, normalized, outcome.result) if normalized is not None else None
    context = {
        "slug": slug,
        "title": scenario.title or _("Untitled scenario"),
        "sheet": sheet,
        "with_key": key_param == "1",
        "problem": outcome.message(),
        "share_url": reverse("studio:shared", args=[slug]),
    }
    return render(request, "studio/worksheet.html", context)
