"""Classroom benchmark: how fast the instructor's step reaches a full lecture hall.

    python bench/classroom.py                       # 200 students, 40 steps
    python bench/classroom.py --students 200 --rounds 60 --check

Starts the live stack of tests/stack.py (Redis, one Celery worker, Daphne,
SQLite in a temp dir), creates an instructor, a session on a 201-step run
and ``--students`` anonymous participants (each with its own browser
session cookie), and opens one websocket per student and one for the
instructor, as browsers would (Origin header and session cookie).  Then,
``--rounds`` times, the instructor sends ``seek`` and every student's
socket waits for the matching ``session.state`` frame.

Reported (milliseconds, from the instructor's send to a student's receipt):
p50 and p95 over every delivery, and p95 of the slowest student per step.
Goal: fan-out <= 100 ms p95.  ``--check`` exits 1 when it is missed.  All
clients run in this one Python process, so their own decoding is counted
too: the numbers are an upper bound on what a browser sees.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import statistics
import struct
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.stack import Stack, live_stack  # noqa: E402
from tests.web.helpers import http_json, open_live_session  # noqa: E402

FANOUT_GOAL_MS = 100.0


class Socket:
    """A minimal asyncio websocket client: text frames, pings, our own headers."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, url: str, headers: dict[str, str]) -> Socket:
        parts = urlsplit(url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {parts.path} HTTP/1.1", f"Host: {parts.hostname}:{parts.port}",
                 "Upgrade: websocket", "Connection: Upgrade", f"Sec-WebSocket-Key: {key}",
                 "Sec-WebSocket-Version: 13", *(f"{k}: {v}" for k, v in headers.items())]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"handshake refused: {head[:80]!r}")
        return cls(reader, writer)

    async def send(self, message: dict[str, Any]) -> None:
        payload = json.dumps(message).encode()
        mask = os.urandom(4)
        header = bytes([0x81]) + (bytes([0x80 | len(payload)]) if len(payload) < 126
                                  else bytes([0x80 | 126]) + struct.pack("!H", len(payload)))
        self.writer.write(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        await self.writer.drain()

    async def recv(self) -> dict[str, Any] | None:
        """The next JSON frame; None once the server closes."""
        while True:
            b1, b2 = await self.reader.readexactly(2)
            length = b2 & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", await self.reader.readexactly(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
            payload = await self.reader.readexactly(length)
            opcode = b1 & 0x0F
            if opcode == 0x8:
                return None
            if opcode == 0x9:  # ping: answer with a masked pong
                self.writer.write(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
                continue
            if opcode == 0x1:
                return json.loads(payload)

    def close(self) -> None:
        self.writer.close()


def setup_session(stack: Stack, students: int) -> dict[str, Any]:
    """An open session on a 201-step run with ``students`` participants' cookies."""
    try:
        return open_live_session(stack, students, burst=100, label="bench")
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None


def wait_for_run(stack: Stack, run_id: str) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _, run, _ = http_json("GET", f"{stack.base_url}/api/runs/{run_id}/")
        except OSError:  # a busy machine may drop one request: ask again
            run = {"status": "unknown"}
        if run["status"] == "completed":
            return int(run["step_count"])
        time.sleep(0.2)
    raise SystemExit(f"run {run_id} did not complete within 60 s")


async def measure(stack: Stack, info: dict[str, Any], steps: int, rounds: int) -> list[list[float]]:
    """Per round, every student's latency in ms from the seek to its state frame."""
    url = f"{stack.ws_url}/ws/sessions/{info['code']}/"
    origin = stack.base_url

    async def join(cookie: str) -> Socket:
        socket = await Socket.open(url, {"Origin": origin, "Cookie": f"sessionid={cookie}"})
        welcome = await socket.recv()
        assert welcome and welcome["type"] == "session.welcome", welcome
        return socket

    students = []
    for start in range(0, len(info["students"]), 50):  # connect in waves, as a class arrives
        students += await asyncio.gather(*(join(c) for c in info["students"][start:start + 50]))
    lead = await join(info["lead"])
    drain = asyncio.create_task(_drain(lead))  # presence frames for the instructor

    async def receipt(socket: Socket, step: int) -> float:
        while True:
            frame = await socket.recv()
            if frame and frame["type"] == "session.state" and frame["step"] == step:
                return time.perf_counter()

    results: list[list[float]] = []
    for n in range(rounds):
        step = 1 + n % (steps - 1)
        waiting = [asyncio.create_task(receipt(s, step)) for s in students]
        await asyncio.sleep(0.05)  # every reader is waiting before the send
        sent = time.perf_counter()
        await lead.send({"type": "seek", "step": step})
        received = await asyncio.wait_for(asyncio.gather(*waiting), timeout=10)
        results.append([(t - sent) * 1000 for t in received])
    drain.cancel()
    for socket in (*students, lead):
        socket.close()
    return results


async def _drain(socket: Socket) -> None:
    while await socket.recv() is not None:
        pass


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--check", action="store_true", help="exit 1 if p95 > 100 ms")
    args = parser.parse_args()
    if not 1 <= args.students <= 1000 or not 1 <= args.rounds <= 1000:
        parser.error("--students and --rounds must be between 1 and 1000")
    with live_stack() as stack:
        info = setup_session(stack, args.students)
        steps = wait_for_run(stack, info["run"])
        results = asyncio.run(measure(stack, info, steps, args.rounds))
    every = [ms for round_ in results for ms in round_]
    slowest = [max(round_) for round_ in results]
    p95 = percentile(every, 95)
    print(f"\nFan-out of the instructor's step to {args.students} student sockets "
          f"({args.rounds} steps, {len(every)} deliveries)\n")
    print(f"{'measure':<34}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    print(f"{'every delivery':<34}{statistics.median(every):>9.1f}{p95:>9.1f}{max(every):>9.1f}")
    print(f"{'slowest student of each step':<34}{statistics.median(slowest):>9.1f}"
          f"{percentile(slowest, 95):>9.1f}{max(slowest):>9.1f}")
    ok = p95 <= FANOUT_GOAL_MS
    print(f"\ngoal: fan-out <= {FANOUT_GOAL_MS:.0f} ms p95: {'met' if ok else 'MISSED'}")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
