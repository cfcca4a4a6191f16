"""The JSON API (CONTRACT.md "Web API"): thin views over ``services.py``.

Each view parses and shape-checks its body (``payloads.py``), calls the
service layer, and answers JSON.  Errors, whatever their status, have the
shape ``{"errors": [{"path", "message"}]}``.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from playground.studio.models import Run, RunStatus, Scenario
from playground.studio.payloads import (ApiError, only_fields, rate_limit, read_json_object,
                                        scenario_field)
from playground.studio.services import check_scenario, save_scenario, start_run

View = Callable[..., HttpResponse]


def api_view(method: str) -> Callable[[View], View]:
    """Allow one HTTP method and turn ``ApiError`` into its JSON response."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != method:
                response = ApiError.one(
                    405, "", f"use {method} here, not {request.method}"
                ).response()
                response["Allow"] = method
                return response
            try:
                return view(request, *args, **kwargs)
            except ApiError as exc:
                return exc.response()

        return wrapper

    return decorate


def ws_path(run_id: str) -> str:
    """Where a client listens to a run: ``/ws/runs/<id>/``."""
    return f"/ws/runs/{run_id}/"


@api_view("POST")
def scenarios_create(request: HttpRequest) -> JsonResponse:
    """``{"scenario"}`` -> 201 ``{"slug", "url"}``; the same scenario, the same slug.

    Counted per client address like runs (apart from them): every new slug
    may cost a worker a preview render, so slugs are not free to mint.
    """
    rate_limit(request, "scenarios", settings.PLAYGROUND_RUNS_PER_MINUTE, "saved scenarios")
    body = read_json_object(request)
    only_fields(body, ("scenario",))
    scenario = save_scenario(scenario_field(body))
    url = request.build_absolute_uri(reverse("studio:shared", args=[scenario.slug]))
    return JsonResponse({"slug": scenario.slug, "url": url}, status=201)


@api_view("POST")
def validate_scenario(request: HttpRequest) -> JsonResponse:
    """``{"scenario"}`` -> 200 ``{"ok": true}``, or 400 with every problem.

    Checks the playground's run limits too, so the builder hears about them
    before pressing Run.
    """
    body = read_json_object(request)
    only_fields(body, ("scenario",))
    check_scenario(scenario_field(body), for_run=True)
    return JsonResponse({"ok": True})


@api_view("POST")
def runs_create(request: HttpRequest) -> JsonResponse:
    """``{"scenario"}`` or ``{"slug"}`` -> 202 ``{"id", "status", "ws"}``.

    Rate-limited per client address (``PLAYGROUND_RUNS_PER_MINUTE``): over
    the budget answers 429 with ``Retry-After``.
    """
    rate_limit(request, "runs", settings.PLAYGROUND_RUNS_PER_MINUTE, "runs")
    body = read_json_object(request)
    only_fields(body, ("scenario", "slug"))
    if ("scenario" in body) == ("slug" in body):
        raise ApiError.one(400, "", "send either 'scenario' (a scenario) or 'slug' "
                                    "(a saved scenario's link), not both or neither")
    saved: Scenario | None = None
    if "slug" in body:
        slug = body["slug"]
        if not isinstance(slug, str) or not slug:
            raise ApiError.one(400, "slug", "must be a non-empty string")
        saved = Scenario.objects.filter(slug=slug).first()
        if saved is None:
            raise ApiError.one(404, "slug", f"no saved scenario has the slug {slug!r}")
        raw = saved.as_dict()
    else:
        raw = scenario_field(body)
    run = start_run(raw, scenario=saved)
    return JsonResponse(
        {"id": run.id, "status": run.status, "ws": ws_path(run.id)}, status=202
    )


@api_view("GET")
def run_detail(request: HttpRequest, run_id: str) -> JsonResponse:
    """``{"id", "status", "error", "error_key", "error_args", "step_count", "ws",
    "engine_version"}`` plus ``result`` once completed; ``engine_version`` is None
    until a worker has claimed the run, ``error_key``/``error_args`` (the error as
    data, kernel_engine.i18n) None unless the run failed with a keyed error."""
    run = Run.objects.filter(id=run_id).first()
    if run is None:
        raise ApiError.one(404, "", f"no run has the id {run_id!r}")
    payload: dict[str, Any] = {
        "id": run.id,
        "status": run.status,
        "error": run.error or None,
        "error_key": run.error_key or None,
        "error_args": run.error_args if run.error_key else None,
        "step_count": run.step_count,
        "ws": ws_path(run.id),
        "engine_version": run.engine_version or None,
    }
    if run.status == RunStatus.COMPLETED:
        payload["result"] = run.result()
    return JsonResponse(payload)


@api_view("GET")
def run_result(request: HttpRequest, run_id: str) -> HttpResponse:
    """The whole result of a completed run, as stored (the ``result_url`` of a large
    ``run.finished`` frame); 404 for an unknown run, 409 while it has none."""
    row = Run.objects.filter(id=run_id).values_list("status", "result_json").first()
    if row is None:
        raise ApiError.one(404, "", f"no run has the id {run_id!r}")
    status, result_json = row
    if status != RunStatus.COMPLETED:
        raise ApiError.one(409, "", f"the run is {status}: only a completed run has a result")
    return HttpResponse(result_json, content_type="application/json")


def api_not_found(request: HttpRequest) -> JsonResponse:
    """404 for an /api/ URL that names no endpoint."""
    return ApiError.one(404, "", f"no API endpoint at {request.path}").response()
