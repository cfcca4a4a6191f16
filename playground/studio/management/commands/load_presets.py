"""``manage.py load_presets``: save every built-in scenario as a shared link.

Idempotent (a scenario's slug comes from its content), so it runs on every
start of ``bin/run-playground`` and after every deploy.
"""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kernel_engine import presets
from playground.studio.payloads import ApiError
from playground.studio.services import save_scenario


class Command(BaseCommand):
    help = "Save every built-in scenario (kernel_engine.presets) so /s/<slug>/ shows it."

    def handle(self, *args: Any, **options: Any) -> None:
        catalog = presets.catalog()
        for entry in catalog:
            try:
                scenario = save_scenario(presets.load(entry["name"]))
            except ApiError as exc:
                problems = "; ".join(f"{e['path']}: {e['message']}" for e in exc.errors)
                raise CommandError(f"preset {entry['name']!r} is invalid: {problems}") from None
            self.stdout.write(f"{entry['name']}: /s/{scenario.slug}/")
        self.stdout.write(self.style.SUCCESS(f"{len(catalog)} presets saved"))
