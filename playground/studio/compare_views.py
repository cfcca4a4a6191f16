"""The compare page: one workload under two to four policies of one subsystem.

``GET /compare/?slug=SLUG`` (a saved scenario) or ``?preset=NAME`` (a
built-in one) shows the picker for CPU policies; ``&subsystem=memory``,
``io``, ``vm``, ``llm_kv``, ``llm_batching`` or ``llm_scheduling`` compares
memory allocators, disk schedulers, page replacement policies, or the LLM
device's KV cache policies, batching modes or request scheduling instead
(compare_subsystems.py).
Adding ``&policy=srt&policy=fcfs`` (what the picker's form sends) runs the
comparison in the browser, which starts one run per variant through the
runs API.  A variant may carry settings (``policy=rr&rr.quantum=2``, or
``policy=first_fit:order=size_asc``: compare_variants.py).  The server only
checks the choice, so a hand-edited address gets a sentence saying what is
wrong (status 400) instead of a broken page.

Data for ``studio/compare.html`` (json_script ids in brackets): ``scenario``
("scenario"), ``subsystem.key`` ("compare-subsystem"), where the policy
lives ("compare-where": {path, field}), ``variants``
("compare-variants": [{id, policy, settings, shown, label, title}] in
display order, empty while there is nothing valid to run).
"""
from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from kernel_engine import ScenarioError, presets, validate
from playground.studio.compare_subsystems import SUBSYSTEMS, Subsystem, subsystem_keys_text
from kernel_engine.scenario import problems as scenario_problems
from playground.studio.compare_variants import (
    Variant, compared_settings, own_settings, read_variants, scenario_of, subsystem_of)
from playground.studio.models import Scenario


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
        return presets.translated(preset, presets.language_of(get_language())), {
            "preset": preset,
            "back_url": f"{reverse('studio:build')}?preset={preset}",
            "back_label": _("Open in the builder"),
        }, []
    return None, {}, []


def _order(variants: list[Variant], subsystem: Subsystem, first: str | None) -> list[Variant]:
    """The scenario's own policy first, then the others in the registry's order (stable)."""
    known = subsystem.names()
    return sorted(variants, key=lambda v: (v.policy != first,
                                           known.index(v.policy) if v.policy in known else len(known)))


def _defaults(own: str | None, subsystem: Subsystem, scenario: dict[str, Any] | None) -> list[str]:
    """What the picker ticks before the reader chooses: the scenario's policy and the
    textbook's contrasts (one for a pair, all of them for a trio such as FIFO, OPT, LRU),
    leaving out a contrast the engine would refuse here (OPT with processes sharing frames)."""
    picks = [own] if own else []
    wanted = max(2, len(subsystem.contrasts))
    for name in subsystem.contrasts:
        if len(picks) < wanted and name not in picks and (
                scenario is None or not scenario_problems(scenario_of(scenario, subsystem, Variant(name)))):
            picks.append(name)
    return picks


# The list orders a list allocator can be compared under (first fit by
# address against first fit by size, say); the picker offers them for first fit.
ORDER_CHOICES = ("size_asc", "size_desc", "insert_front", "insert_back")


def _choices(subsystem: Subsystem, described: list[dict[str, Any]], ticked: set[str],
             base: dict[str, Any], request: HttpRequest) -> list[dict[str, Any]]:
    """The picker's checkboxes: every policy with its compared settings, then list orders."""
    settings_of = compared_settings(subsystem)
    choices = []
    for p in described:
        fields = [{"name": f"{p['name']}.{s}", "setting": s,
                   "value": request.GET.get(f"{p['name']}.{s}", "") or base[s],
                   "options": COMPARED_OPTIONS.get(s)} for s in settings_of[p["name"]]]
        choices.append({"value": p["name"], "title": p["title"], "help": p["help"],
                        "checked": p["name"] in ticked, "fields": fields})
    if subsystem.key == "memory" and "first_fit" in settings_of:
        first_fit = next(p for p in described if p["name"] == "first_fit")
        for order in ORDER_CHOICES:
            if order != base["order"]:
                value = f"first_fit:order={order}"
                choices.append({"value": value, "checked": value in ticked, "fields": [],
                                "title": _("%(policy)s, free list in %(order)s order")
                                % {"policy": first_fit["title"], "order": order},
                                "help": first_fit["help"]})
    return choices


COMPARED_OPTIONS = {"order": ("address",) + ORDER_CHOICES, "direction": ("up", "down")}


def _variant_data(variant: Variant, described: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A variant as the page's JavaScript gets it: id, policy, settings, label, title."""
    policy = described[variant.policy]
    label = policy["label"]
    title = policy["title"]
    if variant.settings:
        shown = ", ".join(f"{k} {v}" for k, v in variant.settings.items())
        label = f"{label} ({shown})"
        title = f"{title} ({shown})"
    return {"id": variant.id, "policy": variant.policy, "settings": variant.settings,
            "label": label, "title": title}


def _shown_settings(scenario: dict[str, Any], subsystem: Subsystem, variant: Variant) -> dict[str, Any]:
    """The compared settings the variant's run uses (its own, else the scenario's), for its heading."""
    base = own_settings(scenario, subsystem)
    return {s: variant.settings.get(s, base[s]) for s in compared_settings(subsystem)[variant.policy]}


def _engine_default(scenario: dict[str, Any], subsystem: Subsystem, described: list[dict[str, Any]]) -> str:
    """The policy the engine runs when the scenario names none (the scenario as the
    engine reads it), or the first listed when the scenario is not valid."""
    try:
        section = subsystem.section_in(validate(scenario)) or {}
    except ScenarioError:
        section = {}
    own = section.get(subsystem.field)
    return own if any(p["name"] == own for p in described) else described[0]["name"]


@require_GET
@ensure_csrf_cookie
def compare(request: HttpRequest) -> HttpResponse:
    """The picker, and the comparison once two to four valid variants are chosen."""
    scenario, source, errors = _source(request)
    subsystem = subsystem_of(request.GET.get("subsystem"))
    if subsystem is None:
        errors.append(_("There is nothing called “%(name)s” to compare; compare %(names)s.")
                      % {"name": request.GET.get("subsystem", "")[:40], "names": subsystem_keys_text()})
        subsystem = SUBSYSTEMS["cpu"]
    described = subsystem.describe()
    by_name = {p["name"]: p for p in described}
    asked = request.GET.getlist("policy")
    chosen: list[dict[str, Any]] = []
    own = None
    base: dict[str, Any] = {}
    if scenario is not None:
        section = subsystem.section_in(scenario)
        if section is None:
            errors.append(_("This scenario has no “%(section)s” section, so there is no policy of it "
                            "to compare.") % {"section": subsystem.section})
        own = section.get(subsystem.field) if section is not None else None
        own = own if own in by_name else _engine_default(scenario, subsystem, described)
        base = own_settings(scenario, subsystem)
        if asked and not errors:
            variants, problems = read_variants(subsystem, asked, request.GET, scenario)
            errors.extend(problems)
            if not problems:
                chosen = []
                for variant in _order(variants, subsystem, own):
                    data = _variant_data(variant, by_name)
                    data["shown"] = _shown_settings(scenario, subsystem, variant)
                    chosen.append(data)
    elif not errors:
        errors.append(_("This page compares policies on one scenario: open it from the builder "
                        "or from a shared scenario with “Compare policies”."))
    ticked = set(asked) if asked else set(_defaults(own, subsystem, scenario))
    others = [{"key": key, "heading": other.heading} for key, other in SUBSYSTEMS.items()
              if scenario is not None and key != subsystem.key and other.section_in(scenario) is not None]
    context = {
        "scenario": scenario,
        "title": (scenario or {}).get("title") or _("Untitled scenario"),
        "subsystem": subsystem,
        "where": {"path": list(subsystem.path), "field": subsystem.field},
        "others": others,
        "variants": chosen,
        "choices": _choices(subsystem, described, ticked, base, request) if scenario is not None else [],
        "errors": errors,
        **source,
    }
    return render(request, "studio/compare.html", context, status=400 if errors else 200)
