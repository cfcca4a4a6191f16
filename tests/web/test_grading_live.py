"""Batch grading on the live stack: a real Redis and a real Celery worker (tests/stack.py).

The course is made by ``seed_demo_course`` and graded by
``grade_assignment`` (both run as an operator would, in the stack's
environment).  Student n (from 1) answers every question right except: two
(4 points) when n is a multiple of 3, one more (2 points) when n is a
multiple of 5; the full score is 10.
"""
from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.stack import PYTHON, REPO, Stack

pytestmark = pytest.mark.slow


def manage(stack: Stack, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``manage.py args`` against the stack's database and broker; fails the test on error."""
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def seed(stack: Stack, students: int) -> int:
    out = manage(stack, "seed_demo_course", "--students", str(students)).stdout
    return int(re.search(r"^assignment (\d+)$", out, re.M).group(1))  # type: ignore[union-attr]


def expected_total(n: int) -> int:
    return 10 - (4 if n % 3 == 0 else 0) - (2 if n % 5 == 0 else 0)


def query(stack: Stack, code: str) -> str:
    """Run ORM code (with ``Grade``, ``GradingBatch`` imported) in the stack; its printed output."""
    script = ("import django; django.setup()\n"
              "from playground.grading.models import Grade, GradingBatch, Submission\n" + code)
    done = subprocess.run([PYTHON, "-c", script], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_real_worker_grades_a_batch_and_the_csv_is_right(stack: Stack, tmp_path: Path) -> None:
    assignment = seed(stack, 30)
    out = tmp_path / "grades.csv"
    done = manage(stack, "grade_assignment", str(assignment), "--wait", "--csv", str(out),
                  "--timeout", "120")
    assert "30/30 graded, 0 failed" in done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 30
    for row in rows:
        n = int(row["username"][-4:])
        assert int(row["total"]) == expected_total(n), row
        assert row["max"] == "10" and row["late"] == "no"


def test_grading_again_on_the_worker_changes_nothing(stack: Stack, tmp_path: Path) -> None:
    assignment = seed(stack, 12)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    manage(stack, "grade_assignment", str(assignment), "--wait", "--csv", str(first))
    manage(stack, "grade_assignment", str(assignment), "--wait", "--csv", str(second))
    assert first.read_text() == second.read_text()
    assert query(stack, f"print(Grade.objects.filter(assignment_id={assignment}).count())") == "12"


def _progress(stack: Stack, assignment: int) -> tuple[int, int]:
    text = query(stack, f"b = GradingBatch.objects.filter(assignment_id={assignment}).first()\n"
                        "print(Grade.objects.filter(batch=b).count(), b.total)")
    done, total = text.split()
    return int(done), int(total)


def test_a_worker_killed_mid_batch_leaves_the_rest_to_finish(stack: Stack) -> None:
    assignment = seed(stack, 300)
    queued = subprocess.run([PYTHON, "manage.py", "grade_assignment", str(assignment)],
                            cwd=REPO, env=stack.env, capture_output=True, text=True, timeout=120)
    assert queued.returncode == 0, queued.stderr
    worker = stack.processes["worker"]
    try:
        deadline = time.monotonic() + 60
        while _progress(stack, assignment)[0] < 20:
            assert time.monotonic() < deadline, "the worker graded nothing"
            time.sleep(0.05)
        os.killpg(worker.pid, signal.SIGKILL)  # no warm shutdown: killed mid-task
        worker.wait(10)
        stack.processes.pop("worker", None)
        killed_at, total = _progress(stack, assignment)
        assert killed_at < total, "the batch finished before the kill; seed more students"
    finally:
        if "worker" not in stack.processes:
            stack.start_worker()
    # The messages not yet delivered wait in Redis; the new worker takes them.
    deadline = time.monotonic() + 120
    while True:
        done, total = _progress(stack, assignment)
        if done >= total - 1:  # at most the one task in flight at the kill is missing
            break
        assert time.monotonic() < deadline, f"stuck at {done}/{total}"
        time.sleep(0.2)
    # The task in flight stays unacknowledged until Redis's visibility
    # timeout; the operator's resume queues it again now.
    manage(stack, "grade_assignment", str(assignment), "--resume", "--wait", "--timeout", "60")
    assert _progress(stack, assignment) == (300, 300)
    assert query(stack, f"print(Grade.objects.filter(assignment_id={assignment}).count())") == "300"
