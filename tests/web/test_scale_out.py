"""More than one machine's layout: two Daphne processes (A and B) and two Celery workers
sharing one Redis and one PostgreSQL (docs/web.md, "Several web processes and workers").

Live sessions reach every web process through Redis pub/sub, run steps through
the channel layer's groups and the database; a client whose web process dies
reconnects to another with ``?from=N`` and loses nothing.  PostgreSQL is used
when it is installed (always under CI); otherwise the processes share a SQLite
file, which is the layout's embedded stand-in.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from kernel_engine import simulate
from tests.stack import POSTGRES_BIN, Stack, live_stack
from tests.web.helpers import http_json, open_live_session, round_robin
from tests.web.wsclient import WebSocket

pytestmark = pytest.mark.slow

A, B = "web", "web2"


@pytest.fixture(scope="module")
def farm() -> Iterator[Stack]:
    """Redis, two workers, Daphne A and Daphne B, one database."""
    database = "postgres" if (POSTGRES_BIN / "postgres").exists() or os.environ.get("CI") else "sqlite"
    with live_stack(webs=2, workers=2, database=database) as running:
        yield running


def start_run(farm: Stack, web: str, scenario: dict[str, Any]) -> dict[str, Any]:
    status, body, _ = http_json("POST", f"{farm.http(web)}/api/runs/", {"scenario": scenario})
    assert status == 202, body
    return body


def wait_until_final(farm: Stack, web: str, run_id: str, seconds: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body, _ = http_json("GET", f"{farm.http(web)}/api/runs/{run_id}/")
        assert status == 200
        if body["status"] in ("completed", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not finish in {seconds} s")


class Watcher:
    """A run socket on one web process; ``steps`` holds every step received, in order.

    ``read(resume=True)`` reconnects to the same web process with ``?from=N``
    when the connection is cut, as the browser's player does.
    """

    def __init__(self, farm: Stack, web: str, ws_path: str, start: int = 0):
        self.farm, self.web, self.ws_path = farm, web, ws_path
        self.start = start
        self.steps: list[dict[str, Any]] = []
        self.final: dict[str, Any] | None = None
        self.resumes = 0
        self.socket = self._connect()

    def _connect(self) -> WebSocket:
        at = self.start + len(self.steps)
        query = f"?from={at}" if at else ""
        return WebSocket(f"{self.farm.ws(self.web)}{self.ws_path}{query}", timeout=60)

    def read(self, until: int | None = None, resume: bool = False) -> None:
        """Read frames to the final one (or until ``until`` steps in all have arrived)."""
        while self.final is None and (until is None or self.start + len(self.steps) < until):
            try:
                frame = self.socket.recv_json()
            except (ConnectionError, OSError):
                if not resume or self.resumes >= 3:
                    raise
                self.resumes += 1
                self.socket.close()
                self.socket = self._connect()
                continue
            assert frame is not None, f"closed ({self.socket.close_code}) before the end"
            if frame["type"] != "run.steps":
                self.final = frame
                return
            assert frame["from"] == self.start + len(self.steps), "a step repeated or skipped"
            self.steps.extend(frame["steps"])


def read_together(*watchers: Watcher) -> None:
    """Read every watcher to its end at once, as separate browsers would."""
    with ThreadPoolExecutor(len(watchers)) as pool:
        for done in [pool.submit(w.read, resume=True) for w in watchers]:
            done.result()


def worker_runs(farm: Stack, worker: str) -> int:
    """How many run tasks worker ``worker`` has taken so far (its log says so)."""
    return farm.log(worker).count("playground.studio.tasks.run_scenario[") // 2  # received + done


def test_a_student_on_daphne_a_follows_the_instructor_on_daphne_b(farm: Stack) -> None:
    info = open_live_session(farm)  # one student, a 41-step run
    wait_until_final(farm, A, info["run"])
    path = f"/ws/sessions/{info['code']}/"
    student = WebSocket(f"{farm.ws(A)}{path}", timeout=30,
                        headers={"Origin": farm.http(A), "Cookie": f"sessionid={info['students'][0]}"})
    lead = WebSocket(f"{farm.ws(B)}{path}", timeout=30,
                     headers={"Origin": farm.http(B), "Cookie": f"sessionid={info['lead']}"})
    with student, lead:
        assert student.recv_json()["type"] == "session.welcome"
        assert lead.recv_json()["type"] == "session.welcome"
        for step in (5, 12, 3):
            lead.send_text(json.dumps({"type": "seek", "step": step}))
            while True:
                frame = student.recv_json()
                assert frame is not None, f"student socket closed ({student.close_code})"
                if frame["type"] == "session.state" and frame["step"] == step:
                    break


def test_runs_queued_through_a_are_computed_by_either_worker_and_streamed_on_both(
        farm: Stack) -> None:
    before = {w: worker_runs(farm, w) for w in ("worker", "worker2")}
    scenarios = [round_robin(2000 + n, title=f"job {n}") for n in range(4)]
    runs = [start_run(farm, A, s) for s in scenarios]
    watchers = [(Watcher(farm, A, run["ws"]), Watcher(farm, B, run["ws"])) for run in runs]
    read_together(*(w for pair in watchers for w in pair))
    for (on_a, on_b), scenario in zip(watchers, scenarios):
        on_a.socket.close()
        on_b.socket.close()
        assert [s["i"] for s in on_a.steps] == list(range(2 * scenario["processes"][0]["burst"] + 1))
        assert on_a.steps == on_b.steps
        expected = json.loads(json.dumps(simulate(scenario)))
        assert on_a.final == on_b.final == {"type": "run.finished", "result": expected}
    took = {w: worker_runs(farm, w) - before[w] for w in before}
    assert sum(took.values()) == len(runs), took  # each run computed once
    assert all(n >= 1 for n in took.values()), f"one worker took every run: {took}"


def test_killing_daphne_b_moves_its_clients_to_a_with_no_step_lost(farm: Stack) -> None:
    # Last in this module: Daphne B stays dead.
    scenario = round_robin(5000)  # 10,001 steps: still streaming when B dies
    run = start_run(farm, A, scenario)
    on_b = Watcher(farm, B, run["ws"])
    on_b.read(until=500)
    farm.kill(B)
    with pytest.raises((ConnectionError, OSError)):
        on_b.read()
    state = http_json("GET", f"{farm.http(A)}/api/runs/{run['id']}/")[1]
    resumed = Watcher(farm, A, run["ws"], start=len(on_b.steps))  # the client's ?from=N
    with resumed.socket:
        resumed.read()
    received = [s["i"] for s in on_b.steps + resumed.steps]
    assert received == list(range(10_001)), "a step was lost or repeated across the move"
    assert resumed.final is not None and resumed.final["type"] == "run.finished"
    assert state["status"] in ("running", "completed")
