"""Replaying stored steps: bounded reads, frames shared between a run's watchers.

A replay reads the chunk index first (ids and step ranges, no text), then
the text of a few chunks at a time (``READ_CHUNKS``, each at most one frame,
so a read holds a few MB whatever the run's size).  A whole chunk's frame
is encoded once per web process and kept in ``SharedFrames`` (bounded by
bytes, least recently used out), so fifty watchers of one run read and
encode each chunk once, not fifty times.  A chunk's id names immutable
text: a run that restarts deletes its chunks and stores new ones.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from playground import frames
from playground.studio import store

# Chunks read per database query during a replay.
READ_CHUNKS = 8
# Bytes of encoded frames kept per web process.
SHARED_FRAME_BYTES = 64 * 1024 * 1024


class SharedFrames:
    """Encoded ``run.steps`` frames by chunk id, least recently used out past ``max_bytes``."""

    def __init__(self, max_bytes: int = SHARED_FRAME_BYTES):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._frames: OrderedDict[int, str] = OrderedDict()
        # Replays run in database_sync_to_async threads.
        self._lock = threading.Lock()

    def get(self, chunk_id: int) -> str | None:
        with self._lock:
            frame = self._frames.get(chunk_id)
            if frame is not None:
                self._frames.move_to_end(chunk_id)
            return frame

    def put(self, chunk_id: int, frame: str) -> None:
        with self._lock:
            if chunk_id in self._frames or len(frame) > self.max_bytes:
                return
            self._frames[chunk_id] = frame
            self.bytes += len(frame)
            while self.bytes > self.max_bytes:
                _, dropped = self._frames.popitem(last=False)
                self.bytes -= len(dropped)


shared_frames = SharedFrames()


def stored_frames(run_id: str, start: int, stop: int | None = None,
                  max_chunks: int = READ_CHUNKS) -> list[tuple[int, int, str]]:
    """``(first step, count, frame)`` for stored steps from ``start`` (up to ``stop``).

    At most ``max_chunks`` chunks; call again from the end of the last one
    for more; [] when nothing is stored from ``start`` on.  Synchronous
    (database): call through ``database_sync_to_async``.
    """
    index = store.chunk_index(run_id, start, stop, max_chunks)
    whole = [chunk_id for chunk_id, first, end in index
             if first >= start and (stop is None or end <= stop)]
    missing = [chunk_id for chunk_id in whole if shared_frames.get(chunk_id) is None]
    texts = store.chunk_texts(missing) if missing else {}
    out: list[tuple[int, int, str]] = []
    expected = start
    for chunk_id, first, end in index:
        if first > expected:
            break  # never skip a step: stop at a hole (only while a run restarts)
        frame = shared_frames.get(chunk_id) if chunk_id in whole else None
        if frame is None and chunk_id in texts:
            frame = frames.encode_steps(first, texts[chunk_id])
            shared_frames.put(chunk_id, frame)
        if frame is not None:
            out.append((first, end - first, frame))
            expected = end
            continue
        # A chunk cut at ``start`` or ``stop`` (or gone meanwhile): read and re-encode that part.
        cut = store.stored_batches(run_id, expected, stop, max_chunks=1)
        if not cut or cut[0][0] != expected:
            break
        first_step, count, steps_json = cut[0]
        out.append((first_step, count, frames.encode_steps(first_step, steps_json)))
        expected = first_step + count
        if stop is not None and expected >= stop:
            break
    return out
