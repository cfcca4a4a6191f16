"""The stored renders of shared scenarios: keyed by engine version, queued again when lost."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from playground.studio import artifacts, render_tasks
from playground.studio.artifacts import MAX_ATTEMPTS, STALE_SECONDS, Outcome, RenderedArtifact
from playground.studio.services import save_scenario
from tests.web.renders import render_pending

pytestmark = pytest.mark.django_db


def age(artifact: RenderedArtifact, seconds: float) -> None:
    RenderedArtifact.objects.filter(pk=artifact.pk).update(
        queued=timezone.now() - timedelta(seconds=seconds))


def test_a_render_lost_with_its_worker_is_queued_again_then_given_up(
        client: Client, srt_four: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    slug = save_scenario(srt_four).slug
    with django_capture_on_commit_callbacks() as queued:
        assert client.get(f"/s/{slug}/preview.png").status_code == 202
    assert len(queued) == 1
    [artifact] = RenderedArtifact.objects.all()
    age(artifact, STALE_SECONDS - 5)
    with django_capture_on_commit_callbacks() as queued:
        assert client.get(f"/s/{slug}/preview.png").status_code == 202
    assert queued == []  # still within its time: no second task
    age(artifact, STALE_SECONDS + 1)
    with django_capture_on_commit_callbacks() as queued:
        assert client.get(f"/s/{slug}/preview.png").status_code == 202
    assert len(queued) == 1
    artifact.refresh_from_db()
    assert artifact.attempts == MAX_ATTEMPTS == 2
    age(artifact, STALE_SECONDS + 1)
    # Two attempts in all: the page stops waiting and says the engine failed.
    response = client.get(f"/s/{slug}/worksheet/")
    assert response.status_code == 200
    assert "The engine could not run this scenario (an internal error, logged)." in response.content.decode()
    image = client.get(f"/s/{slug}/preview.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")


def test_an_engine_crash_is_stored_as_an_engine_error_with_an_image(
        client: Client, srt_four: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(render_tasks, "EngineRun", crash)
    slug = save_scenario(srt_four).slug
    client.get(f"/s/{slug}/preview.png")
    render_pending()
    [artifact] = RenderedArtifact.objects.all()
    assert artifact.ready and artifact.outcome == Outcome.ENGINE_ERROR
    assert client.get(f"/s/{slug}/preview.png").status_code == 200


def test_a_new_engine_renders_again_and_the_old_render_is_dropped(
        client: Client, srt_four: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    slug = save_scenario(srt_four).slug
    client.get(f"/s/{slug}/preview.png")
    render_pending()
    old_etag = client.get(f"/s/{slug}/preview.png")["ETag"]
    monkeypatch.setattr(artifacts, "engine_version", lambda: "next-engine")
    assert client.get(f"/s/{slug}/preview.png").status_code == 202
    render_pending()
    fresh = client.get(f"/s/{slug}/preview.png")
    assert fresh.status_code == 200 and fresh["ETag"] != old_etag and "next-engine" in fresh["ETag"]
    assert list(RenderedArtifact.objects.values_list("engine_version", flat=True)) == ["next-engine"]


def test_the_engine_version_names_the_engine_that_computed_the_answers() -> None:
    version = artifacts.engine_version()
    assert version and len(version) <= 48
    assert version == artifacts.engine_version()  # computed once


def test_the_engine_version_is_the_one_runs_and_grades_record_when_there_is_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    recorded = types.ModuleType("playground.engine_version")
    recorded.engine_version = lambda: "1.0.0+3f2a9c0d51e7"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "playground.engine_version", recorded)
    artifacts.engine_version.cache_clear()
    try:
        assert artifacts.engine_version() == "1.0.0+3f2a9c0d51e7"
    finally:
        artifacts.engine_version.cache_clear()
