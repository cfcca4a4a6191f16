"""The rows of bench/faults.py that no other test covers, smaller (issue 15 §6):
one child process of a prefork worker SIGKILLed mid-stream, many clients
posting runs and streaming them at once, many watchers of one run in progress.

The other rows have their tests already: a whole worker killed and Redis
restarted mid-stream, slow clients of one replay (test_live_faults.py),
answers submitted with Redis down (test_redis_down.py).
The helpers here (a prefork worker, killing its busy child) are the
benchmark's too.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.stack import PYTHON, Stack, _spawn, _wait
from tests.web.follower import Followed, follow
from tests.web.helpers import post_run, round_robin, run_state, wait_for

pytestmark = pytest.mark.slow


def start_prefork_worker(stack: Stack, name: str = "prefork", children: int = 2) -> None:
    """Start a Celery worker with ``children`` pool processes (the production
    layout) under ``name``, and wait until it takes tasks."""
    log_path = stack.tmp / f"{name}.log"
    seen = len(log_path.read_bytes()) if log_path.exists() else 0
    _spawn(stack, name, [PYTHON, "-m", "celery", "-A", "playground", "worker",
                         "--pool=prefork", f"--concurrency={children}", "--loglevel=INFO",
                         "--without-gossip", "--without-mingle", "--without-heartbeat",
                         "-n", f"{name}-{time.monotonic_ns()}@%h"])
    _wait(stack, name, lambda: b" ready." in log_path.read_bytes()[seen:], "ready")


def children_of(pid: int) -> list[int]:
    """The direct child processes of ``pid`` (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def kill_pool_processes(stack: Stack, name: str = "prefork") -> list[int]:
    """SIGKILL every pool process of worker ``name``, the one computing the
    run among them; the worker itself lives on and forks new ones.  Their pids.

    All of them, not a guess at the busy one: on a loaded machine two pool
    processes can show the same CPU time over a short look."""
    children = children_of(stack.processes[name].pid)
    assert children, f"worker {name} has no pool processes"
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    return children


def post_and_follow(stack: Stack, scenario: dict[str, Any],
                    deadline_s: float) -> tuple[str, Followed]:
    """One client: post a run, then watch it to its final frame."""
    run = post_run(stack, scenario)
    return run["id"], follow(stack.ws_url, run["ws"], deadline_s=deadline_s)


@pytest.fixture
def table_stack(fault_stack: Stack) -> Stack:
    """The fault tests' own stack (tests/web/conftest.py), shared with test_live_faults.py."""
    return fault_stack


def test_a_run_whose_pool_process_is_killed_mid_stream_is_delivered_exactly_once(
        table_stack: Stack) -> None:
    stack = table_stack
    stack.stop_worker("worker")  # only the prefork worker takes this run
    start_prefork_worker(stack)
    try:
        run = post_run(stack, round_robin(6000))  # 12,001 small steps
        result: list[Followed] = []
        watcher = threading.Thread(target=lambda: result.append(
            follow(stack.ws_url, run["ws"], deadline_s=120)), daemon=True)
        watcher.start()
        wait_for(lambda: run_state(stack, run["id"])["step_count"] > 0, 30,
                 "the first stored steps")
        assert run_state(stack, run["id"])["status"] == "running"
        kill_pool_processes(stack)
        assert stack.processes["prefork"].poll() is None  # the worker itself lives on
        watcher.join(120)
        [followed] = result
        assert followed.final is not None and followed.final["type"] == "run.finished"
        assert followed.exactly_once(12_001)
        assert followed.repeated == 0
        assert run_state(stack, run["id"])["status"] == "completed"
        # The pool process died computing this run (Celery logs its loss).
        assert "signal 9 (SIGKILL)" in stack.log("prefork")
    finally:
        stack.stop_worker("prefork")
        stack.start_worker()


def test_twenty_clients_posting_and_streaming_at_once_each_get_every_step_once(
        table_stack: Stack) -> None:
    stack = table_stack
    outcomes: list[tuple[str, Followed]] = []
    clients = [threading.Thread(target=lambda: outcomes.append(
        post_and_follow(stack, round_robin(100), deadline_s=120)), daemon=True)
        for _ in range(20)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(150)
    assert len(outcomes) == 20
    for run_id, followed in outcomes:
        assert followed.final is not None and followed.final["type"] == "run.finished"
        assert followed.exactly_once(201)
        assert followed.repeated == 0
        assert run_state(stack, run_id)["status"] == "completed"


def test_ten_watchers_of_one_run_in_progress_each_get_every_step_once(
        table_stack: Stack) -> None:
    stack = table_stack
    run = post_run(stack, round_robin(3000))  # 6,001 steps, watched while they are stored
    results: list[Followed] = []
    watchers = [threading.Thread(target=lambda: results.append(
        follow(stack.ws_url, run["ws"], deadline_s=120)), daemon=True) for _ in range(10)]
    for watcher in watchers:
        watcher.start()
    for watcher in watchers:
        watcher.join(150)
    assert len(results) == 10
    for followed in results:
        assert followed.final is not None and followed.final["type"] == "run.finished"
        assert followed.exactly_once(6001)
        assert followed.repeated == 0
