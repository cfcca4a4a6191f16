"""The run websocket consumer, with channels' in-memory layer.

Chunks and events are written by hand here to put the consumer in the
races it must survive: a live batch it already replayed, a live batch
that arrives after a gap, a run that finishes while it replays.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from kernel_engine.kernel.delta import apply_step
from playground import frames
from playground.studio.events import failed_event, finished_event, group_name, steps_event
from playground.studio.models import Run, RunStatus, StepChunk
from playground.studio.routing import websocket_urlpatterns

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

application = URLRouter(websocket_urlpatterns)
RESULT = {"status": "completed", "ticks": 26}


def step(i: int) -> dict[str, Any]:
    """Step ``i`` as the worker stores it: a keyframe every 32nd step, patches between."""
    if i % 32 == 0:
        return {"i": i, "t": i, "events": [], "state": {"clock": i, "ready": []}, "keyframe": True}
    return {"i": i, "t": i, "events": [], "state": {"clock": i},
            "patch": {"ready": {"append": [i]}}, "keyframe": False}


def steps_json(start: int, end: int) -> str:
    return frames.dumps([step(i) for i in range(start, end)])


@database_sync_to_async
def make_run(status: str, chunks: list[tuple[int, int]], **fields: Any) -> Run:
    run = Run.objects.create(scenario_json="{}", status=status,
                             step_count=chunks[-1][1] if chunks else 0, **fields)
    for start, end in chunks:
        StepChunk.objects.create(run=run, start=start, end=end, steps_json=steps_json(start, end))
    return run


@database_sync_to_async
def store_chunk(run: Run, start: int, end: int) -> None:
    StepChunk.objects.create(run=run, start=start, end=end, steps_json=steps_json(start, end))


async def layer_send(run: Run, event: dict[str, Any]) -> None:
    """What the worker does after storing a chunk: tell the run's group.

    Waits (up to 3 s) for a socket to have joined the group: a socket is
    accepted before it joins, and an event sent in between is lost (the
    socket would catch up from the database only after IDLE_CHECK_SECONDS).
    """
    layer = get_channel_layer()
    for _ in range(300):
        if layer.groups.get(group_name(run.id)):
            break
        await asyncio.sleep(0.01)
    await layer.group_send(group_name(run.id), event)


async def connect(run_id: str, query: str = "") -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, f"/ws/runs/{run_id}/{query}")
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def frames_until_close(communicator: WebsocketCommunicator) -> tuple[list[dict[str, Any]], int]:
    """Every frame received until the server closes, and the close code."""
    received = []
    while True:
        message = await communicator.receive_output(timeout=3)
        if message["type"] == "websocket.close":
            return received, message.get("code", 1000)
        received.append(json.loads(message["text"]))


def step_indices(received: list[dict[str, Any]]) -> list[int]:
    """The index of every step received, checking each frame's ``from``."""
    indices = []
    for frame in received:
        if frame["type"] == "run.steps":
            assert [s["i"] for s in frame["steps"]][:1] == [frame["from"]]
            indices.extend(s["i"] for s in frame["steps"])
    return indices


async def test_a_finished_run_replays_from_n_then_finishes() -> None:
    run = await make_run(RunStatus.COMPLETED, [(0, 250), (250, 500), (500, 520)],
                         result_json=frames.dumps(RESULT))
    received, code = await frames_until_close(await connect(run.id, "?from=100"))
    assert step_indices(received) == list(range(100, 520))
    assert received[0]["from"] == 100
    assert received[-1] == {"type": "run.finished", "result": RESULT}
    assert code == 1000


async def test_from_n_begins_with_step_n_as_a_keyframe_that_rebuilds_the_state() -> None:
    run = await make_run(RunStatus.COMPLETED, [(0, 250), (250, 500), (500, 520)],
                         result_json=frames.dumps(RESULT))
    resumed, _ = await frames_until_close(await connect(run.id, "?from=100"))
    whole, _ = await frames_until_close(await connect(run.id))
    first = resumed[0]["steps"][0]
    assert first["i"] == 100 and first["keyframe"] is True
    assert "patch" not in first and "gone" not in first
    assert first["state"] == {"clock": 100, "ready": [97, 98, 99, 100]}
    # Every later step as stored: the client rebuilds what a client from 0 has.
    from_zero = [s for f in whole if f["type"] == "run.steps" for s in f["steps"]]
    from_n = [s for f in resumed if f["type"] == "run.steps" for s in f["steps"]]
    assert from_n[1:] == from_zero[101:]
    for index in (100, 101, 127, 128, 519):
        assert rebuilt(from_n, index - 100) == rebuilt(from_zero, index)


def rebuilt(steps: list[dict[str, Any]], position: int) -> dict[str, Any]:
    """The state after ``steps[position]``, read from ``steps`` alone."""
    state: dict[str, Any] = {}
    for item in steps[:position + 1]:
        state = apply_step(state, item)
    return state


async def test_from_beyond_the_last_step_gives_just_the_finish() -> None:
    run = await make_run(RunStatus.COMPLETED, [(0, 10)], result_json=frames.dumps(RESULT))
    received, _ = await frames_until_close(await connect(run.id, "?from=10"))
    assert received == [{"type": "run.finished", "result": RESULT}]


async def test_live_batches_already_replayed_are_dropped() -> None:
    run = await make_run(RunStatus.RUNNING, [(0, 10)])
    communicator = await connect(run.id)
    first = json.loads(await communicator.receive_from())
    assert first["from"] == 0 and len(first["steps"]) == 10
    await layer_send(run, steps_event(0, 10, steps_json(0, 10)))
    await store_chunk(run, 10, 20)
    await layer_send(run, steps_event(10, 10, steps_json(10, 20)))
    await layer_send(run, finished_event(20, frames.encode_finished(frames.dumps(RESULT))))
    received, code = await frames_until_close(communicator)
    assert step_indices([first, *received]) == list(range(20))
    assert received[-1]["type"] == "run.finished"
    assert code == 1000


async def test_a_live_batch_overlapping_what_was_sent_is_trimmed() -> None:
    run = await make_run(RunStatus.RUNNING, [(0, 10)])
    communicator = await connect(run.id)
    await communicator.receive_from()
    await layer_send(run, steps_event(5, 10, steps_json(5, 15)))
    frame = json.loads(await communicator.receive_from())
    assert frame["from"] == 10
    assert [s["i"] for s in frame["steps"]] == list(range(10, 15))
    await communicator.disconnect()


async def test_a_gap_before_a_live_batch_is_filled_from_the_database() -> None:
    run = await make_run(RunStatus.RUNNING, [(0, 10)])
    communicator = await connect(run.id)
    await communicator.receive_from()
    await store_chunk(run, 10, 20)  # stored, but its event never reached us
    await store_chunk(run, 20, 30)
    await layer_send(run, steps_event(20, 10, steps_json(20, 30)))
    await layer_send(run, failed_event(30, "the run made more than 30 steps"))
    received, _ = await frames_until_close(communicator)
    assert [f.get("from") for f in received] == [10, 20, None]
    assert step_indices(received) == list(range(10, 30))
    assert received[-1] == {"type": "run.failed", "error": "the run made more than 30 steps"}


async def test_the_finish_event_first_sends_steps_still_missing() -> None:
    run = await make_run(RunStatus.RUNNING, [(0, 10)])
    communicator = await connect(run.id, "?from=4")
    # Step 4 alone, as a keyframe, then the rest of what is stored.
    assert step_indices([json.loads(await communicator.receive_from())]) == [4]
    assert step_indices([json.loads(await communicator.receive_from())]) == list(range(5, 10))
    await store_chunk(run, 10, 12)
    await layer_send(run, finished_event(12, frames.encode_finished(frames.dumps(RESULT))))
    received, _ = await frames_until_close(communicator)
    assert step_indices(received) == [10, 11]
    assert received[-1]["type"] == "run.finished"


async def test_from_a_step_not_stored_yet_begins_with_it_as_a_keyframe_when_it_comes() -> None:
    run = await make_run(RunStatus.RUNNING, [(0, 10)])
    communicator = await connect(run.id, "?from=12")
    await store_chunk(run, 10, 20)
    await layer_send(run, steps_event(10, 10, steps_json(10, 20)))
    await layer_send(run, finished_event(20, frames.encode_finished(frames.dumps(RESULT))))
    received, _ = await frames_until_close(communicator)
    assert step_indices(received) == list(range(12, 20))
    assert received[0]["steps"] == [{"i": 12, "t": 12, "events": [], "keyframe": True,
                                     "state": {"clock": 12, "ready": list(range(1, 13))}}]


@database_sync_to_async
def complete_without_telling(run: Run, step_count: int) -> None:
    """The worker's last chunk and final state reach the database, but its
    events are lost (Redis was restarting)."""
    StepChunk.objects.create(run=run, start=10, end=step_count, steps_json=steps_json(10, step_count))
    Run.objects.filter(pk=run.pk).update(status=RunStatus.COMPLETED, step_count=step_count,
                                         result_json=frames.dumps(RESULT))


async def test_a_socket_that_hears_nothing_live_finishes_from_the_database(monkeypatch) -> None:
    from playground.studio import consumers
    monkeypatch.setattr(consumers, "IDLE_CHECK_SECONDS", 0.2)
    run = await make_run(RunStatus.RUNNING, [(0, 10)])
    communicator = await connect(run.id)
    assert step_indices([json.loads(await communicator.receive_from())]) == list(range(10))
    await asyncio.sleep(0.5)  # the socket has settled: it saw the run running
    await complete_without_telling(run, 14)  # no group event at all
    received, code = await frames_until_close(communicator)
    assert step_indices(received) == [10, 11, 12, 13]
    assert received[-1] == {"type": "run.finished", "result": RESULT}
    assert code == 1000


async def test_a_failed_run_replays_its_steps_then_the_error() -> None:
    run = await make_run(RunStatus.FAILED, [(0, 3)], error="the scenario is invalid: x")
    received, code = await frames_until_close(await connect(run.id))
    assert step_indices(received) == [0, 1, 2]
    assert received[-1] == {"type": "run.failed", "error": "the scenario is invalid: x"}
    assert code == 1000


async def test_an_unknown_run_closes_with_4404() -> None:
    received, code = await frames_until_close(await connect("nosuchrun"))
    assert received == []
    assert code == 4404


@pytest.mark.parametrize("query", ["?from=-1", "?from=abc", "?from=1.5", "?from=",
                                   "?from=1&from=2", "?from=99999999999"])
async def test_a_bad_from_closes_with_4400(query: str) -> None:
    run = await make_run(RunStatus.COMPLETED, [(0, 3)], result_json=frames.dumps(RESULT))
    received, code = await frames_until_close(await connect(run.id, query))
    assert received == []
    assert code == 4400


async def test_a_client_message_is_rejected_with_an_error_frame() -> None:
    run = await make_run(RunStatus.RUNNING, [])
    communicator = await connect(run.id)
    await communicator.send_to(text_data='{"type": "run.pause"}')
    frame = json.loads(await communicator.receive_from())
    assert frame == {"type": "error",
                     "error": "this socket only streams a run; clients send nothing"}
    await communicator.disconnect()
