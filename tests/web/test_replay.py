"""Replays read the database in bounded pieces and share encoded frames (issue 15 section 4)."""
from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from playground import frames
from playground.studio import replay
from playground.studio.models import Run, RunStatus, StepChunk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_frames(monkeypatch: pytest.MonkeyPatch) -> replay.SharedFrames:
    shared = replay.SharedFrames()
    monkeypatch.setattr(replay, "shared_frames", shared)
    return shared


def stored_run(chunks: int, per_chunk: int = 10) -> Run:
    run = Run.objects.create(scenario_json="{}", status=RunStatus.COMPLETED,
                             step_count=chunks * per_chunk)
    for k in range(chunks):
        start = k * per_chunk
        StepChunk.objects.create(run=run, start=start, end=start + per_chunk, steps_json=frames.dumps(
            [{"i": i} for i in range(start, start + per_chunk)]))
    return run


def replay_all(run: Run, start: int = 0) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    following = start
    while True:
        batch = replay.stored_frames(run.id, following)
        if not batch:
            return sent
        for first, count, frame in batch:
            sent.append(json.loads(frame))
            following = first + count


def test_a_replay_reads_a_bounded_number_of_chunks_per_query() -> None:
    run = stored_run(30)
    assert len(replay.stored_frames(run.id, 0)) == replay.READ_CHUNKS
    indices = [step["i"] for frame in replay_all(run) for step in frame["steps"]]
    assert indices == list(range(300))


def test_a_second_watcher_reads_no_step_text_from_the_database(
        fresh_frames: replay.SharedFrames) -> None:
    run = stored_run(5)
    first = replay_all(run)
    with CaptureQueriesContext(connection) as queries:
        second = replay_all(run)
    assert second == first
    assert not any("steps_json" in q["sql"] for q in queries.captured_queries)
    assert len(fresh_frames._frames) == 5


def test_a_replay_from_inside_a_shared_chunk_starts_at_the_step_asked(
        fresh_frames: replay.SharedFrames) -> None:
    run = stored_run(3)
    replay_all(run)  # every chunk's frame is shared now
    frames_sent = replay_all(run, start=14)
    assert frames_sent[0]["from"] == 14
    assert [s["i"] for f in frames_sent for s in f["steps"]] == list(range(14, 30))


def test_shared_frames_stay_within_their_byte_bound() -> None:
    shared = replay.SharedFrames(max_bytes=100)
    for chunk_id in range(10):
        shared.put(chunk_id, "x" * 30)
    assert shared.bytes <= 100
    assert shared.get(9) is not None and shared.get(0) is None
