"""The run websocket, ``/ws/runs/<id>/?from=N``.

A client gets every step from N on, once, in order (the contract); the
first one, step N, is sent as a keyframe (its whole state, rebuilt from the
stored keyframe at or before N and the changes up to N), so that the
client can rebuild the state from what it gets; then ``run.finished``
(or ``run.failed``), and the server closes the socket (code 1000).  Close
codes: 4400 for a bad ``from``, 4404 for an unknown run.  No frame is over
``PLAYGROUND_MAX_FRAME_BYTES``: the worker stores steps in chunks that fit
one frame, and a large result goes out as a summary and a URL.  Frames go
out no faster than the client reads them (``flow.py``), so a connection
holds about one frame in Daphne's memory.

After the final frame the server waits for the client to close (browsers
do, on the final frame) before it closes itself, for as long as a slow
client may need to read what this socket sent (``close_grace``): Daphne
drops a connection one second after sending its close, and would cut a
long replay the client had not read yet.

How it never loses or repeats a step: the consumer joins the run's group
*before* reading the database, so no live batch can slip by unseen; it then
replays stored chunks and tracks ``next_index``, the first step the client
has not had.  A live batch that ends at or before it is dropped; one that
starts after it first fills the gap from the database (the worker stores a
chunk before announcing it).  Handlers run one at a time, so live batches
wait while the replay runs.

Live events can be lost: a Redis restart drops the run's group and any
event sent while it was down.  So a socket that has heard nothing live for
``IDLE_CHECK_SECONDS`` reads the run's stored state itself: it sends the
steps stored since, and the final frame once the run is final.  The check
and the handlers share one lock, so they never interleave.  The group is
the fast path, not the source of truth: a finished run is replayed without
joining it, and a socket whose join fails or hangs (Redis down, restarting
or frozen) goes on reading the database every ``IDLE_CHECK_SECONDS``.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from redis.exceptions import RedisError

from kernel_engine.kernel.trace import keyframe_at_or_before
from playground import frames
from playground.studio.runsteps import keyframe_at
from playground.studio import replay, store
from playground.studio.flow import SendWindow
from playground.studio.events import group_name

CLOSE_BAD_REQUEST = 4400
CLOSE_NOT_FOUND = 4404
_INDEX = re.compile(r"[0-9]{1,9}")
# A client is assumed to read at least this fast; the close waits at most
# CLOSE_GRACE_MAX_SECONDS for it.
SLOW_CLIENT_BYTES_PER_SECOND = 250_000
CLOSE_GRACE_MAX_SECONDS = 30.0
# How long a socket waits on live events before it reads the database itself.
IDLE_CHECK_SECONDS = 5.0
# How long joining or leaving the run's group may take before the socket
# goes on without it.
CHANNEL_LAYER_SECONDS = 3.0

log = logging.getLogger(__name__)


def close_grace(bytes_sent: int) -> float:
    """Seconds to wait for the client's close after ``bytes_sent`` bytes on one socket."""
    return min(CLOSE_GRACE_MAX_SECONDS, bytes_sent / SLOW_CLIENT_BYTES_PER_SECOND)


def parse_from(query_string: bytes) -> int | None:
    """The ``from`` query value (0 when absent), or None when it is not a non-negative int."""
    values = parse_qs(query_string.decode("latin-1"), keep_blank_values=True).get("from")
    if values is None:
        return 0
    if len(values) != 1 or not _INDEX.fullmatch(values[0]):
        return None
    return int(values[0])


class RunConsumer(AsyncWebsocketConsumer):
    """Streams one run's steps to one client; see the module docstring."""

    async def connect(self) -> None:
        self.run_id: str = self.scope["url_route"]["kwargs"]["run_id"]
        self.group: str | None = None
        self.done = False
        self.bytes_sent = 0
        self.closer: asyncio.Task[None] | None = None
        self.watcher: asyncio.Task[None] | None = None
        self.sending = asyncio.Lock()
        self.last_live = time.monotonic()
        self.window = SendWindow(self.base_send)
        start = parse_from(self.scope.get("query_string", b""))
        # Close codes can only be sent on an accepted socket.
        await self.accept()
        if start is None:
            await self.close(code=CLOSE_BAD_REQUEST)
            return
        state = await database_sync_to_async(store.run_state)(self.run_id)
        if state is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.next_index = start
        # Step ``from`` goes out as a keyframe, built for this client alone, so
        # that it can rebuild the state (docs/internals.md, "Steps"); stored
        # keyframes and every later step come from the shared frames.
        self.resume_pending = keyframe_at_or_before(start) != start
        if not state.is_final:
            await self.join_group()
        async with self.sending:
            await self.send_stored()
            state = await database_sync_to_async(store.run_state)(self.run_id)
            if state is not None and state.is_final:
                await self.finish_stored(state)
        if not self.done:
            self.watcher = asyncio.ensure_future(self.watch_stored())

    async def join_group(self) -> None:
        """Join the run's group for live batches, or go on without it.

        A Redis that is down, restarting or frozen must not stall the socket:
        the database holds every step, and ``watch_stored`` reads it when
        nothing live comes.  (A join made while Redis restarted was seen to
        hang for minutes.)
        """
        group = group_name(self.run_id)
        try:
            await asyncio.wait_for(self.channel_layer.group_add(group, self.channel_name),
                                   CHANNEL_LAYER_SECONDS)
        except (asyncio.TimeoutError, RedisError, OSError) as exc:
            log.warning("run socket %s: no live batches (%s); reading the database",
                        self.run_id, type(exc).__name__)
            return
        self.group = group

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "window"):
            self.window.close()
        if self.closer is not None:
            self.closer.cancel()
        if getattr(self, "watcher", None) is not None:
            self.watcher.cancel()
        if self.group is not None:
            try:
                await asyncio.wait_for(self.channel_layer.group_discard(
                    self.group, self.channel_name), CHANNEL_LAYER_SECONDS)
            except (asyncio.TimeoutError, RedisError, OSError):
                pass  # the membership expires with the group (channels_redis ``expiry``)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.send(text_data=frames.encode(frames.error_frame(
            "this socket only streams a run; clients send nothing")))

    async def send_stored(self, stop: int | None = None) -> None:
        """Send stored steps from ``next_index`` (up to ``stop``), advancing it."""
        if self.resume_pending and (stop is None or self.next_index < stop):
            step = await database_sync_to_async(keyframe_at)(self.run_id, self.next_index)
            if step is None:
                return  # not stored yet: a live batch brings it
            await self.send_text(frames.encode(frames.steps_frame(self.next_index, [step])))
            self.next_index += 1
            self.resume_pending = False
        while stop is None or self.next_index < stop:
            batches = await database_sync_to_async(replay.stored_frames)(
                self.run_id, self.next_index, stop)
            if not batches:
                return
            for first, count, frame in batches:
                await self.send_text(frame)
                self.next_index = first + count

    async def send_text(self, text: str) -> None:
        """Send one frame once the client has read the last ones (``flow.py``),
        counting its bytes for ``close_grace``."""
        await self.window.wait()
        self.bytes_sent += len(text)
        await self.send(text_data=text)

    async def watch_stored(self) -> None:
        """While no live event comes, catch up from the database (see the module doc)."""
        while not self.done:
            await asyncio.sleep(IDLE_CHECK_SECONDS)
            if time.monotonic() - self.last_live < IDLE_CHECK_SECONDS:
                continue
            async with self.sending:
                if self.done:
                    return
                state = await database_sync_to_async(store.run_state)(self.run_id)
                if state is None:
                    return
                if state.is_final:
                    await self.finish_stored(state)
                elif state.step_count > self.next_index:
                    await self.send_stored(stop=state.step_count)

    async def run_steps(self, event: dict[str, Any]) -> None:
        """A live batch from the worker."""
        self.last_live = time.monotonic()
        async with self.sending:
            await self.live_steps(event)

    async def live_steps(self, event: dict[str, Any]) -> None:
        if self.done:
            return
        start: int = event["start"]
        count: int = event["count"]
        if self.resume_pending:
            # The worker stores a batch before announcing it: read it back, so
            # that the first step goes out as a keyframe.
            await self.send_stored(stop=start + count)
            return
        if start > self.next_index:
            await self.send_stored(stop=start)
            if start > self.next_index:
                return  # the gap is not stored (the run restarted): wait for it
        if start + count <= self.next_index:
            return  # already sent (from the database)
        steps_json: str = event["steps_json"]
        if start < self.next_index:
            steps = json.loads(steps_json)[self.next_index - start:]
            start, count, steps_json = self.next_index, len(steps), frames.dumps(steps)
        await self.send_text(frames.encode_steps(start, steps_json))
        self.next_index = start + count

    async def run_finished(self, event: dict[str, Any]) -> None:
        async with self.sending:
            await self.finish("completed", event["step_count"], event["frame"])

    async def run_failed(self, event: dict[str, Any]) -> None:
        async with self.sending:
            await self.finish("failed", event["step_count"], frames.encode(
                frames.failed_frame(event["error"], event.get("error_key"),
                                    event.get("error_args"))))

    async def finish_stored(self, state: store.RunState) -> None:
        """Finish from the database: the run was final when we looked."""
        if state.status == "completed":
            frame = frames.finished_text(self.run_id, state.result_json,
                                         settings.PLAYGROUND_MAX_FRAME_BYTES)
        else:
            frame = frames.encode(frames.failed_frame(state.error, state.error_key,
                                                      state.error_args))
        await self.finish(state.status, state.step_count, frame)

    async def finish(self, status: str, step_count: int, final_frame: str) -> None:
        """Send any steps still missing, then the final frame, then close (see module doc)."""
        if self.done:
            return
        self.done = True
        await self.send_stored(stop=step_count)
        await self.send_text(final_frame)
        # Flow control bounds what Daphne holds, not what the kernel's socket
        # buffers hold (megabytes on loopback): count everything sent.
        grace = close_grace(self.bytes_sent)
        if grace < 0.05:
            await self.close(code=1000)
        else:
            self.closer = asyncio.ensure_future(self.close_after(grace))

    async def close_after(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await self.close(code=1000)
