"""Saved scenarios, simulation runs and the steps each run produced.

JSON is stored as text (not ``JSONField``): the database never reorders a
scenario's keys, and stored steps and results go out on the websocket
without being decoded and encoded again.
"""
from __future__ import annotations

import json
import secrets
from typing import Any

from django.db import models


class Scenario(models.Model):
    """A scenario saved under a content-addressed slug (``/s/<slug>/``).

    ``canonical_json`` is the scenario exactly as its slug was computed from
    (see ``canonical.py``); it never changes once saved.
    """

    slug = models.CharField(primary_key=True, max_length=64)
    canonical_json = models.TextField()
    title = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.slug} {self.title}".strip()

    def as_dict(self) -> dict[str, Any]:
        """The saved scenario as a dict."""
        return json.loads(self.canonical_json)


class RunStatus(models.TextChoices):
    """Where a run is in its life; ``completed`` and ``failed`` are final."""

    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


FINAL_STATUSES = (RunStatus.COMPLETED, RunStatus.FAILED)
# A run's task gets two attempts in all (a retry after a lost worker or the
# sweeper), then the run fails with a message saying so.
MAX_ATTEMPTS = 2

# Lowercase letters and digits without look-alikes (0/o, 1/l): ids appear in
# URLs that people read aloud in class.
_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def new_run_id() -> str:
    """A fresh random 12-character run id (about 60 bits)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(12))


class Run(models.Model):
    """One simulation of a scenario, run by a Celery worker.

    ``scenario_json`` is the canonical JSON of what the user asked to run
    (also when it came from a saved ``scenario``); the worker applies the
    playground's limits to it (``limits.engine_scenario``).  ``result_json``
    is set when the run completes, ``error`` (and its ``error_key`` and
    ``error_args``) when it fails.

    ``attempts`` counts the workers that claimed the run (at most
    ``MAX_ATTEMPTS``; a worker whose attempt is no longer the latest stops
    writing).  ``heartbeat`` is the last sign of life: set when the run is
    queued or re-queued, claimed, and each time a chunk of steps is stored;
    the sweeper (``sweeper.py``) re-queues a run whose heartbeat is stale.
    """

    id = models.CharField(primary_key=True, max_length=32, default=new_run_id, editable=False)
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    scenario_json = models.TextField()
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    error = models.TextField(blank=True)
    # The error as data (kernel_engine.i18n): its key and values, so a page
    # says it in its own language; "" and {} on runs failed before keys.
    error_key = models.CharField(max_length=80, blank=True, default="")
    error_args = models.JSONField(blank=True, default=dict)
    result_json = models.TextField(blank=True)
    step_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat = models.DateTimeField(null=True, blank=True)
    # The engine that computed the steps (playground.engine_version), set
    # when a worker claims the run; empty while queued and on older runs.
    engine_version = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["-created"]
        indexes = [
            # The sweeper looks for unfinished runs; retention for old ones.
            models.Index(fields=["status", "heartbeat"], name="run_status_heartbeat"),
            models.Index(fields=["created"], name="run_created"),
        ]

    def __str__(self) -> str:
        return f"run {self.id} ({self.status})"

    @property
    def is_final(self) -> bool:
        """True once the run has completed or failed."""
        return self.status in FINAL_STATUSES

    def scenario_dict(self) -> dict[str, Any]:
        """The scenario as the user asked to run it."""
        return json.loads(self.scenario_json)

    def result(self) -> dict[str, Any] | None:
        """The engine's result once completed, else None."""
        return json.loads(self.result_json) if self.result_json else None


class StepChunk(models.Model):
    """Steps ``start`` .. ``end - 1`` of a run, as one JSON list.

    Chunks of one run are consecutive and do not overlap, so replaying from
    step N reads the few chunks with ``end > N`` in ``start`` order.
    """

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="chunks")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    steps_json = models.TextField()

    class Meta:
        ordering = ["run", "start"]
        constraints = [
            models.UniqueConstraint(fields=["run", "start"], name="stepchunk_unique_start"),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id} steps {self.start}..{self.end - 1}"


# The renders of shared scenarios live in their own module; imported here so
# that Django (and its migrations) know the model.
from playground.studio.artifacts import RenderedArtifact  # noqa: E402,F401
