"""Faults on the live stack, caused for real: a whole worker SIGKILLed, an idle
socket, slow clients of long replays (issue 15 section 3).

These use their own stack (Redis, Daphne, Celery beat sweeping every 2 s,
workers started and killed by the tests), so killing parts of it disturbs
no other test.
"""
from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.stack import Stack, live_stack
from tests.web.budgets import crowded_round_robin
from tests.web.follower import Followed, follow
from tests.web.helpers import http_json, post_run, round_robin, run_state, wait_for
from tests.web.wsclient import WebSocket

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fault_stack() -> Iterator[Stack]:
    with live_stack({"PLAYGROUND_SWEEP_SECONDS": "2", "PLAYGROUND_RUNS_PER_MINUTE": "0"}) as stack:
        stack.start_beat()
        yield stack


@pytest.fixture
def one_worker(fault_stack: Stack) -> Iterator[Stack]:
    """The fault stack with exactly one worker, "worker", running; the same after the test."""
    for name in [n for n in fault_stack.processes if n.startswith("worker")]:
        fault_stack.stop_worker(name)
    fault_stack.start_worker()
    yield fault_stack
    for name in [n for n in fault_stack.processes if n.startswith("worker")]:
        fault_stack.stop_worker(name)
    fault_stack.start_worker()



def in_background(target: Any, *args: Any, **kwargs: Any) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(target(*args, **kwargs)), daemon=True)
    thread.start()
    return thread, out


def test_a_run_whose_whole_worker_is_killed_completes_on_another_within_60_s(
        one_worker: Stack) -> None:
    stack = one_worker
    scenario = crowded_round_robin(40, 2, 400)  # 8,001 steps: a few seconds of work
    run = post_run(stack, scenario)
    watcher, seen = in_background(follow, stack.ws_url, run["ws"], deadline_s=120)
    wait_for(lambda: run_state(stack, run["id"])["step_count"] > 0, 30, "the first stored steps")
    stack.kill("worker")  # the whole worker: its message stays unacknowledged in Redis
    killed = time.monotonic()
    assert run_state(stack, run["id"])["status"] == "running"
    stack.start_worker("worker-b")
    watcher.join(120)
    [followed] = seen
    assert followed.final is not None and followed.final["type"] == "run.finished"
    assert followed.final_at - killed < 60
    assert followed.exactly_once(8001)
    assert followed.repeated == 0 and followed.unkeyed_starts == 0
    state = run_state(stack, run["id"])
    assert state["status"] == "completed" and state["step_count"] == 8001


def test_a_socket_idle_for_60_s_stays_open_and_then_streams(one_worker: Stack) -> None:
    stack = one_worker
    stack.stop_worker("worker")  # nobody computes: the socket hears nothing
    run = post_run(stack, round_robin(20))
    with WebSocket(f"{stack.ws_url}{run['ws']}", timeout=90) as socket:
        reader, frames = in_background(socket.recv_json)
        reader.join(60)
        assert reader.is_alive(), f"the idle socket ended: {frames}, code {socket.close_code}"
        # Started from this thread: a worker dies with the thread that started it.
        stack.start_worker()
        reader.join(30)
        assert frames and frames[0] is not None, f"closed with {socket.close_code}"
        assert frames[0]["type"] == "run.steps" and frames[0]["from"] == 0


def test_slow_clients_of_a_long_replay_all_get_the_final_frame(fault_stack: Stack) -> None:
    stack = fault_stack
    run = post_run(stack, round_robin(7500))  # 15,001 steps
    wait_for(lambda: run_state(stack, run["id"])["status"] == "completed", 60, "the run")
    # Nine clients connect at once and read only after 1.5 s: the whole
    # replay is queued in Daphne by then, and the close must not cut it.
    results: list[Followed] = []
    threads = [threading.Thread(target=lambda: results.append(
        follow(stack.ws_url, run["ws"], deadline_s=60, read_delay_s=1.5)))
        for _ in range(9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert len(results) == 9
    for followed in results:
        assert followed.early_closes == []  # not one socket was cut
        assert followed.exactly_once(15_001)
        assert followed.final is not None and followed.final["type"] == "run.finished"


# --- Redis goes away (issue 15 section 2) --------------------------------------

def count_runs(stack: Stack) -> int:
    """Rows in the stack's run table, read straight from its database (SQLite or PostgreSQL)."""
    url = stack.env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20)) as db:
            return int(db.execute("SELECT COUNT(*) FROM studio_run").fetchone()[0])
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=20) as db:
        return int(db.execute("SELECT COUNT(*) FROM studio_run").fetchone()[0])


def test_posting_a_run_with_redis_down_answers_503_and_leaves_no_row(
        fault_stack: Stack) -> None:
    stack = fault_stack
    before = count_runs(stack)
    stack.stop_redis()
    try:
        status, body, headers = http_json("POST", f"{stack.base_url}/api/runs/",
                                          {"scenario": round_robin(5)})
    finally:
        stack.start_redis()
    assert status == 503
    assert body["errors"][0]["message"].startswith("the playground cannot start runs right now")
    assert int(headers["Retry-After"]) > 0
    assert count_runs(stack) == before


def test_a_run_in_flight_survives_a_15_s_redis_restart(one_worker: Stack) -> None:
    stack = one_worker
    run = post_run(stack, crowded_round_robin(40, 2, 400))  # 8,001 steps
    watcher, seen = in_background(follow, stack.ws_url, run["ws"], deadline_s=150, pause_s=0.5)
    wait_for(lambda: run_state(stack, run["id"])["step_count"] > 0, 30, "the first stored steps")
    stack.restart_redis(down_seconds=15)
    back = time.monotonic()
    watcher.join(150)
    [followed] = seen
    assert followed.final is not None and followed.final["type"] == "run.finished", \
        followed.early_closes
    assert followed.exactly_once(8001)
    assert followed.repeated == 0 and followed.unkeyed_starts == 0
    assert run_state(stack, run["id"])["status"] == "completed"
    # The first sockets after Redis came back work (no stale pooled connection).
    for _ in range(5):
        again = follow(stack.ws_url, run["ws"], start=8001, deadline_s=10)
        assert again.early_closes == [] and again.final is not None
    assert time.monotonic() - back < 90


def test_a_queued_run_lost_with_redis_is_sent_again(one_worker: Stack) -> None:
    stack = one_worker
    stack.stop_worker("worker")
    run = post_run(stack, round_robin(20))
    stack.restart_redis(down_seconds=1)  # no persistence: the queued task is gone
    stack.start_worker()
    wait_for(lambda: run_state(stack, run["id"])["status"] == "completed", 60,
             "the lost run completing")


@contextlib.contextmanager
def redis_frozen(stack: Stack) -> Iterator[None]:
    """Redis stopped with SIGSTOP: connections open, nothing answered (a hung server)."""
    redis = stack.processes["redis"]
    redis.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        redis.send_signal(signal.SIGCONT)


def test_a_finished_run_is_replayed_whole_while_redis_is_frozen(one_worker: Stack) -> None:
    stack = one_worker
    run = post_run(stack, round_robin(300))  # 601 steps
    wait_for(lambda: run_state(stack, run["id"])["status"] == "completed", 60, "the run")
    with redis_frozen(stack):
        followed = follow(stack.ws_url, run["ws"], deadline_s=30)
    assert followed.final is not None and followed.final["type"] == "run.finished", \
        followed.early_closes
    assert followed.exactly_once(601) and followed.early_closes == []


def test_a_socket_whose_group_join_hangs_streams_from_the_database(one_worker: Stack) -> None:
    """Joining the run's group hangs on a frozen Redis: the socket gives up on
    live batches after a few seconds and sends the stored steps itself."""
    stack = one_worker
    run = post_run(stack, crowded_round_robin(40, 2, 400))  # 8,001 steps
    wait_for(lambda: run_state(stack, run["id"])["step_count"] > 0, 30, "the first stored steps")
    with redis_frozen(stack):
        with WebSocket(f"{stack.ws_url}{run['ws']}?from=0", timeout=15) as socket:
            first = json.loads(socket.recv())
    assert first["type"] == "run.steps" and first["from"] == 0
    assert first["steps"][0]["keyframe"] is True
    followed = follow(stack.ws_url, run["ws"], deadline_s=120, pause_s=0.5)
    assert followed.final is not None and followed.final["type"] == "run.finished", \
        followed.early_closes
    assert followed.exactly_once(8001)
