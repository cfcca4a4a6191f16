"""Admin pages for looking at saved scenarios and runs."""
from __future__ import annotations

from django.contrib import admin

from playground.studio.models import Run, Scenario


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    """Saved scenarios: read-only, since a slug must always show the same text."""

    list_display = ("slug", "title", "created")
    search_fields = ("slug", "title")
    readonly_fields = ("slug", "canonical_json", "title", "created")


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    """Runs, with their status and error; steps are not shown (they can be huge)."""

    list_display = ("id", "status", "step_count", "created", "finished")
    list_filter = ("status",)
    search_fields = ("id",)
    readonly_fields = ("id", "scenario", "scenario_json", "status", "error",
                       "step_count", "created", "started", "finished")
    exclude = ("result_json",)
