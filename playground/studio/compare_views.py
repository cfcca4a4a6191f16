"""The compare page: one workload under two to four CPU policies.

``GET /compare/?slug=SLUG`` (a saved scenario) or ``?preset=NAME`` (a
built-in one) shows the policy picker; adding ``&policy=srt&policy=fcfs``
(what the picker's form sends) runs the comparison in the browser, which
starts one run per policy through the runs API.  The server only checks
the choice, so a hand-edited address gets a sentence saying what is wrong
(status 400) instead of a broken page.

Data for ``studio/compare.html`` (json_script ids in brackets): ``scenario``
("scenario"), ``chosen`` ("chosen-policies": the policies to run, in
display order, empty while there is nothing valid to run), ``titles``
("policy-titles": name -> title).
"""
from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from kernel_engine import presets, registry
from playground.studio.models import Scenario

MIN_POLICIES = 2
MAX_POLICIES = 4


def _source(request: HttpRequest) -> tuple[dict[str, Any] | None, dict[str, str], list[str]]:
    """The scenario named by ``slug`` or ``preset``: (scenario, source info, errors).

    An unknown slug or preset is a 404; neither, or both, is an error to show.
    """
    slug = request.GET.get("slug", "").strip()
    preset = request.GET.get("preset", "").strip()
    if slug and preset:
        return None, {}, [_("Give either a saved scenario (slug) or a built-in one (preset), not both.")]
    if slug:
        saved = get_object_or_404(Scenario, slug=slug)
        return saved.as_dict(), {
            "slug": saved.slug,
            "back_url": reverse("studio:shared", args=[saved.slug]),
            "back_label": _("Back to the scenario"),
        }, []
    if preset:
        if preset not in presets.names():
            raise Http404(_("There is no built-in scenario named “%(name)s”.") % {"name": preset})
        return presets.load(preset), {
            "preset": preset,
            "back_url": f"{reverse('studio:build')}?preset={preset}",
            "back_label": _("Open in the builder"),
        }, []
    return None, {}, []


def _order(names: list[str], first: str | None) -> list[str]:
    """The scenario's own policy first, then the others in the registry's order."""
    known = registry.names("cpu")
    return sorted(names, key=lambda n: (n != first, known.index(n) if n in known else len(known)))


def _defaults(own: str | None) -> list[str]:
    """What the picker ticks before the reader chooses: the scenario's policy and one contrast."""
    contrast = "fcfs" if own != "fcfs" else "rr"
    return [name for name in (own, contrast) if name]


def check_policies(asked: list[str]) -> tuple[list[str], list[str]]:
    """(distinct policies, errors) for the ``policy`` values of a request."""
    known = registry.names("cpu")
    errors: list[str] = []
    distinct: list[str] = []
    for name in asked:
        if name not in known:
            errors.append(_("There is no CPU policy named “%(name)s”; the policies are %(names)s.")
                          % {"name": name, "names": ", ".join(known)})
        elif name not in distinct:
            distinct.append(name)
    if not errors and not MIN_POLICIES <= len(distinct) <= MAX_POLICIES:
        errors.append(_("Pick two to four policies to compare; you picked %(n)s.") % {"n": len(distinct)})
    return distinct, errors


@require_GET
@ensure_csrf_cookie
def compare(request: HttpRequest) -> HttpResponse:
    """The picker, and the comparison once two to four valid policies are chosen."""
    scenario, source, errors = _source(request)
    described = registry.describe("cpu")
    titles = {p["name"]: p["title"] for p in described}
    # Short names for sentences ("SRT preempts P1"); a label in words is translated.
    labels = {p["name"]: _(p["label"]) for p in described}
    asked = request.GET.getlist("policy")
    chosen: list[str] = []
    own = None
    if scenario is not None:
        cpu = scenario.get("cpu")
        own = cpu.get("policy") if isinstance(cpu, dict) else None
        own = own if own in titles else "fcfs"
        if asked:
            distinct, problems = check_policies(asked)
            errors.extend(problems)
            if not problems:
                chosen = _order(distinct, own)
    elif not errors:
        errors.append(_("This page compares policies on one scenario: open it from the builder "
                        "or from a shared scenario with “Compare policies”."))
    ticked = set(asked) if asked else set(_defaults(own))
    context = {
        "scenario": scenario,
        "title": (scenario or {}).get("title") or _("Untitled scenario"),
        "chosen": chosen,
        "titles": titles,
        "labels": labels,
        "choices": [{"name": p["name"], "title": p["title"], "help": p["help"],
                     "checked": p["name"] in ticked} for p in described],
        "errors": errors,
        **source,
    }
    return render(request, "studio/compare.html", context, status=400 if errors else 200)
