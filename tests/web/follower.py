"""A run watcher that reconnects like the browser's RunSocket (static/playground/js/socket.js).

It reads ``/ws/runs/<id>/?from=N`` to the final frame; when the socket
closes before that (or cannot connect), it connects again with
``?from=<next step>`` after a short pause, until ``deadline_s``.  It records
every step index it got (so tests see a step lost or repeated), the close
codes of the sockets that ended early, and the final frame.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from tests.web.wsclient import HandshakeError, WebSocket


@dataclass
class Followed:
    """What one watcher saw of a run."""

    indices: list[int] = field(default_factory=list)
    final: dict[str, Any] | None = None
    final_at: float | None = None  # time.monotonic() when the final frame came
    early_closes: list[int | str] = field(default_factory=list)
    frame_bytes: list[int] = field(default_factory=list)
    repeated: int = 0  # steps the server sent again on one socket (never expected)
    # Sockets whose first step was not a keyframe (never expected: a client
    # must be able to rebuild the state from what one socket sends).
    unkeyed_starts: int = 0

    def exactly_once(self, count: int) -> bool:
        """Steps 0 .. count - 1 each arrived once, in order."""
        return self.indices == list(range(count))


def follow(ws_url: str, ws_path: str, deadline_s: float = 90.0, pause_s: float = 0.25,
           start: int = 0, read_delay_s: float = 0.0) -> Followed:
    """Watch a run to its final frame, reconnecting as the browser does.

    ``read_delay_s``: wait this long after connecting before reading (a slow
    client whose socket buffers fill up).
    """
    seen = Followed()
    following = start
    deadline = time.monotonic() + deadline_s
    while seen.final is None and time.monotonic() < deadline:
        try:
            socket = WebSocket(f"{ws_url}{ws_path}?from={following}", timeout=70)
        except (OSError, HandshakeError) as exc:
            seen.early_closes.append(type(exc).__name__)
            time.sleep(pause_s)
            continue
        first_on_socket = True
        with socket:
            if read_delay_s:
                time.sleep(read_delay_s)
            while True:
                try:
                    text = socket.recv()
                except (OSError, ConnectionError) as exc:
                    seen.early_closes.append(type(exc).__name__)
                    break
                if text is None:
                    if seen.final is None:
                        seen.early_closes.append(socket.close_code or 1005)
                    break
                seen.frame_bytes.append(len(text.encode("utf-8")))
                frame = json.loads(text)
                if frame["type"] == "run.steps":
                    skip = max(0, following - frame["from"])
                    seen.repeated += min(skip, len(frame["steps"]))
                    steps = frame["steps"][skip:]
                    if first_on_socket and frame["steps"]:
                        seen.unkeyed_starts += frame["steps"][0].get("keyframe") is not True
                        first_on_socket = False
                    if frame["from"] > following:
                        seen.early_closes.append("gap")
                        break
                    seen.indices.extend(step["i"] for step in steps)
                    following += len(steps)
                else:
                    seen.final, seen.final_at = frame, time.monotonic()
                    break
        if seen.final is None:
            time.sleep(pause_s)
    return seen
