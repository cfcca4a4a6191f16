"""HTML pages.  Each view gathers a context and renders one template.

Data meant for JavaScript is handed to the template in the context and
written out with ``json_script`` under the ids agreed with the front end:

- ``studio/home.html``: ``catalog``;
- ``studio/builder.html``: ``policies``, ``library_functions``,
  ``initial_scenario``, ``autorun`` (ids "policies", "library-functions",
  "initial-scenario", "autorun");
- ``studio/shared.html``: ``slug``, ``title``, ``share_url``, ``json_url``,
  ``scenario`` (id "scenario"), and the links ``live_session_url`` and
  ``practice_url`` (None when they do not apply);
- ``studio/run.html``: ``run_info`` (id "run-info"), ``scenario``.

Every page sets the ``csrftoken`` cookie, which the page's scripts send back
as ``X-CSRFToken``.
"""
from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import csrf, defaults
from django.views.decorators.csrf import ensure_csrf_cookie
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from kernel_engine import library, presets
from playground.accounts.roles import is_instructor
from playground.studio import policy_names
from playground.studio.api import api_not_found, ws_path
from playground.studio.csrf import API_PREFIX
from playground.studio.embed import sign_options
from playground.studio.models import Run, Scenario
from playground.studio.payloads import ApiError
from playground.studio.share_views import og_meta

POLICY_KINDS = ("cpu", "memory", "io")


@require_GET
@ensure_csrf_cookie
def home(request: HttpRequest) -> HttpResponse:
    """The gallery of built-in scenarios, titles and summaries in the page's language."""
    language = presets.language_of(get_language())
    return render(request, "studio/home.html", {"catalog": presets.catalog(language)})


def _initial_scenario(request: HttpRequest) -> dict[str, Any] | None:
    """The scenario named by ``?fork=SLUG`` or ``?preset=NAME``, if any (404 if unknown)."""
    fork = request.GET.get("fork")
    if fork:
        return get_object_or_404(Scenario, slug=fork).as_dict()
    preset = request.GET.get("preset")
    if preset:
        if preset not in presets.names():
            raise Http404(_("There is no built-in scenario named “%(name)s”.") % {"name": preset})
        # The gallery card was in the page's language: so are the title and description it opens.
        return presets.translated(preset, presets.language_of(get_language()))
    return None


@require_GET
@ensure_csrf_cookie
def build(request: HttpRequest) -> HttpResponse:
    """The scenario builder, empty, from a preset or forked from a saved link."""
    initial = _initial_scenario(request)
    context = {
        "policies": {kind: policy_names.described(kind) for kind in POLICY_KINDS},
        "library_functions": library.functions(),
        "initial_scenario": initial,
        # Only a scenario given in the URL can be run right away.
        "autorun": initial is not None and request.GET.get("run") == "1",
    }
    return render(request, "studio/builder.html", context)


@require_GET
@ensure_csrf_cookie
def shared(request: HttpRequest, slug: str) -> HttpResponse:
    """A saved scenario, read-only, with Run, Fork and copy-link.

    Two more links when they apply: "Start a live session" from this
    scenario for an instructor (of any course, or staff: who may start one),
    and "Practice with checkpoints" for everyone when the scenario has
    checkpoints (the practice page stops at them; without any it would be
    the plain player).
    """
    scenario = get_object_or_404(Scenario, slug=slug)
    raw = scenario.as_dict()
    context = {
        "slug": scenario.slug,
        "title": scenario.title or _("Untitled scenario"),
        "share_url": request.build_absolute_uri(reverse("studio:shared", args=[slug])),
        "json_url": reverse("studio:shared-json", args=[slug]),
        "scenario": raw,
        "live_session_url": (f"{reverse('classroom:new')}?{urlencode({'slug': scenario.slug})}"
                             if is_instructor(request.user) else None),
        "practice_url": reverse("classroom:practice", args=[scenario.slug]) if raw.get("checkpoints") else None,
        # Link previews, the embed and the worksheet: share_views.py.
        "og": og_meta(request, scenario),
        "embed_url": request.build_absolute_uri(reverse("studio:embed", args=[slug])),
        # The embed code's options, signed: answers hidden, policies locked.
        "embed_opts": sign_options(slug, hide=["answers"], lock=["policy"], days=365),
        "worksheet_url": reverse("studio:worksheet", args=[slug]),
    }
    return render(request, "studio/shared.html", context)


@require_GET
def shared_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The saved scenario's canonical JSON, byte for byte."""
    scenario = get_object_or_404(Scenario, slug=slug)
    return HttpResponse(
        scenario.canonical_json.encode("utf-8"), content_type="application/json; charset=utf-8"
    )


@require_GET
@ensure_csrf_cookie
def run_page(request: HttpRequest, run_id: str) -> HttpResponse:
    """The player for one run, live or replayed from the database."""
    run = get_object_or_404(Run, id=run_id)
    context = {
        "run_info": {"id": run.id, "status": run.status, "ws": ws_path(run.id)},
        "scenario": run.scenario_dict(),
        "engine_version": run.engine_version,
    }
    return render(request, "studio/run.html", context)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: JSON under /api/, the 404 page (``404.html``) elsewhere."""
    if request.path.startswith(API_PREFIX):
        return api_not_found(request)
    return defaults.page_not_found(request, exception or Http404())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: JSON under /api/, Django's 403 page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return ApiError.one(
            403, "", f"CSRF check failed ({reason}); send the X-CSRFToken header "
                     "with the value of the csrftoken cookie",
        ).response()
    return csrf.csrf_failure(request, reason)
