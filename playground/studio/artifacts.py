"""What a worker rendered for a shared scenario: its preview image and its answer key.

``GET /s/<slug>/preview.png`` and ``GET /s/<slug>/worksheet/`` never run the
engine in the web process.  The first request for a slug creates a
``RenderedArtifact`` (``pending``) and queues ``render_tasks.render_shared``;
until a worker has finished it, the views answer with a placeholder.  The
worker runs the scenario under the runs' budgets and stores, in the same row,
the PNG and the part of the result the worksheet prints (``key_json``), or the
reason there is none (``outcome``: too large, over the time budget...).

A row is keyed by slug *and* engine version: a slug never changes what it
shows, but an engine fix may change the answers, so a new engine renders
again instead of serving what the old one computed.
"""
from __future__ import annotations

import functools
import hashlib
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import kernel_engine
from playground.studio.models import Scenario

#: Seconds of engine time one render may take (as a run's soft time limit).
RENDER_SECONDS = 30
#: A render still pending this long was lost (its worker died): queue it again.
STALE_SECONDS = 5 * 60
#: Attempts in all for one render; after them the outcome is ``engine_error``.
MAX_ATTEMPTS = 2
#: Bytes of the worksheet's answer-key data; beyond it the key is left out.
MAX_KEY_BYTES = 512 * 1024


class Outcome(models.TextChoices):
    """Why a finished render has no chart ("" when it has one)."""

    RENDERED = "", "rendered"
    TOO_LARGE = "too_large", "over the playground's limits"
    OVER_BUDGET = "over_budget", "over the time budget"
    INVALID = "invalid", "not accepted by the engine"
    ENGINE_ERROR = "engine_error", "the engine failed"


@functools.cache
def engine_version() -> str:
    """The version of the engine that computes answers: part of every render's key.

    The playground's one source of it, ``playground.engine_version`` (which
    runs and grades record too), when that module is there; until then
    ``kernel_engine.__version__`` if the engine declares one, else a digest
    of the engine's source, so that a changed engine renders anew rather
    than serving answers an older engine computed.
    """
    try:
        from playground.engine_version import engine_version as recorded  # type: ignore[import-not-found]
    except ImportError:
        pass
    else:
        return str(recorded())[:48]
    declared = getattr(kernel_engine, "__version__", None)
    if isinstance(declared, str) and declared:
        return declared[:48]
    root = Path(kernel_engine.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return "src-" + digest.hexdigest()[:12]


class RenderedArtifact(models.Model):
    """The preview and answer-key data of one slug, rendered by one engine version."""

    class Status(models.TextChoices):
        PENDING = "pending"
        READY = "ready"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="renders")
    engine_version = models.CharField(max_length=48)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    #: Limit messages (too large), engine problems (invalid) or the budget (over budget).
    details_json = models.TextField(blank=True, default="[]")
    preview_png = models.BinaryField(null=True, blank=True)
    #: The part of the result the worksheet prints; "" when there is no result
    #: or it is over ``MAX_KEY_BYTES`` (then ``key_omitted``).
    key_json = models.TextField(blank=True)
    key_omitted = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=1)
    queued = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "studio"
        constraints = [
            models.UniqueConstraint(fields=["scenario", "engine_version"],
                                    name="rendered_artifact_one_per_engine"),
        ]

    def __str__(self) -> str:
        return f"render of {self.scenario_id} by engine {self.engine_version} ({self.status})"

    @property
    def ready(self) -> bool:
        return self.status == self.Status.READY

    def needs_queue(self) -> bool:
        """Pending for so long that its worker must have died: ``request_render`` queues it again."""
        return not self.ready and timezone.now() - self.queued >= timedelta(seconds=STALE_SECONDS)

    def details(self) -> list[str]:
        return list(json.loads(self.details_json or "[]"))

    def key_result(self) -> dict[str, Any] | None:
        """The answer-key data (a trimmed engine result), or None."""
        return json.loads(self.key_json) if self.key_json else None

    def message(self) -> str:
        """Why there is no chart or key, as a sentence for the reader ("" when there is one)."""
        details = "; ".join(self.details())
        if self.outcome == Outcome.TOO_LARGE:
            return _("This scenario is larger than the playground runs here: %(details)s.") % {
                "details": details}
        if self.outcome == Outcome.OVER_BUDGET:
            return _("This scenario takes longer to simulate than the playground allows for a "
                     "picture or a worksheet (%(seconds)s seconds), so it has no answer key.") % {
                "seconds": RENDER_SECONDS}
        if self.outcome == Outcome.INVALID:
            return _("The engine does not accept this scenario any more: %(details)s.") % {
                "details": details}
        if self.outcome == Outcome.ENGINE_ERROR:
            return _("The engine could not run this scenario (an internal error, logged).")
        if self.key_omitted:
            return _("The answer key of this scenario is too large to print (over %(kb)s KB of "
                     "answers); run it in the playground to see them.") % {
                "kb": MAX_KEY_BYTES // 1024}
        return ""

    def note(self) -> str:
        """Why there is no chart, for the language-neutral image ("" when there is one)."""
        return "; ".join(self.details()) or str(self.get_outcome_display())


def find(scenario: Scenario) -> RenderedArtifact | None:
    """The current engine's render of ``scenario``, whatever its status."""
    return RenderedArtifact.objects.filter(scenario=scenario, engine_version=engine_version()).first()


def request_render(scenario: Scenario) -> tuple[RenderedArtifact, bool]:
    """The render of ``scenario``; queue it if there is none (or it was lost): ``(row, queued)``.

    A pending render older than ``STALE_SECONDS`` is queued again, up to
    ``MAX_ATTEMPTS`` in all; then it is finished as an engine error, so a
    page never waits forever for a worker that died on it.
    """
    artifact = find(scenario)
    if artifact is None:
        try:
            with transaction.atomic():
                artifact = RenderedArtifact.objects.create(scenario=scenario,
                                                           engine_version=engine_version())
        except IntegrityError:  # another request created it first
            return find(scenario), False  # type: ignore[return-value]
        _queue(artifact.pk)
        return artifact, True
    if not artifact.needs_queue():
        return artifact, False
    if artifact.attempts >= MAX_ATTEMPTS:
        from playground.studio.preview import render_preview  # Pillow: only for this rare case

        png = render_preview(scenario.title or scenario.slug, "", None, Outcome.ENGINE_ERROR.label)
        RenderedArtifact.objects.filter(pk=artifact.pk, status=RenderedArtifact.Status.PENDING).update(
            status=RenderedArtifact.Status.READY, outcome=Outcome.ENGINE_ERROR, preview_png=png,
            finished=timezone.now())
        artifact.refresh_from_db()
        return artifact, False
    taken = RenderedArtifact.objects.filter(pk=artifact.pk, attempts=artifact.attempts).update(
        attempts=artifact.attempts + 1, queued=timezone.now())
    if taken:  # only one of several concurrent requests queues it again
        _queue(artifact.pk)
    artifact.refresh_from_db()
    return artifact, bool(taken)


def _queue(artifact_id: int) -> None:
    # Imported here: the task module imports the engine and Pillow's drawing.
    from playground.studio.render_tasks import render_shared

    transaction.on_commit(lambda: render_shared.delay(artifact_id))
