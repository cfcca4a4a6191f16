"""``manage.py expire_runs``: delete runs older than the retention, and their steps.

Celery beat runs the same deletion hourly (``tasks.expire_runs``); the
command is for a deployment without beat, or to clean up at once.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from playground.studio.sweeper import expire_runs


class Command(BaseCommand):
    help = ("Delete runs older than PLAYGROUND_RUN_RETENTION_DAYS and their steps "
            "(runs used by a live session are kept).")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = expire_runs()
        self.stdout.write(f"{deleted} runs older than {settings.PLAYGROUND_RUN_RETENTION_DAYS} "
                          "days deleted")
