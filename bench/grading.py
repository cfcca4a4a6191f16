"""Grading benchmark: 1,000 submissions graded by 1 and by 2 Celery workers.

    python bench/grading.py                    # 1,000 submissions, 1 then 2 workers
    python bench/grading.py --students 200 --workers 1,2,3

It starts the live stack of the tests (tests/stack.py: Redis, one Celery
worker, Daphne, a fresh SQLite database), seeds a demo course with
``seed_demo_course --students N`` (each submission is a different variant:
every grade re-runs the engine twice, SRT and FCFS), then for each worker
count grades the whole assignment with ``grade_assignment --wait``, adding
workers as needed.  Each round is a full re-grade (idempotent: same grades,
no new rows).  The time is the batch's own, from its creation (before the
tasks are queued) to its last grade, read from the database.

Goal (issue 6): 1,000 submissions in at most 30 s with 2 workers.
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from tests.stack import PYTHON, REPO, Stack, live_stack, stop  # noqa: E402

GOAL_SECONDS = 30.0
READY_SECONDS = 60.0


def manage(stack: Stack, *args: str) -> str:
    """Run ``manage.py`` in the stack's environment; its stdout and stderr, or exit on failure."""
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def start_extra_worker(stack: Stack, name: str) -> subprocess.Popen[bytes]:
    """One more solo-pool worker on the stack's broker, started as the stack starts its
    own (INFO log level: Celery announces "ready." at INFO); returns once it is ready."""
    log_path = stack.tmp / f"{name}.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "playground", "worker", "--pool=solo",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"bench-{secrets.token_hex(3)}@%h"],
            cwd=REPO, env=stack.env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + READY_SECONDS
    while b"ready." not in log_path.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"worker {name} did not start:\n{log_path.read_text(errors='replace')[-2000:]}")
        time.sleep(0.1)
    return process


def batch_seconds(stack: Stack, assignment: int) -> tuple[float, int, int]:
    """(seconds from creation to finish, graded, failed) of the assignment's latest batch."""
    script = ("import django; django.setup()\n"
              "from playground.grading.models import GradingBatch\n"
              "from playground.grading.batches import batch_progress\n"
              f"b = GradingBatch.objects.filter(assignment_id={assignment}).first()\n"
              "p = batch_progress(b)\n"
              "print((b.finished - b.created).total_seconds(), p['done'], p['failed'])")
    done = subprocess.run([PYTHON, "-c", script], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        sys.exit(done.stderr)
    seconds, graded, failed = done.stdout.split()
    return float(seconds), int(graded), int(failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--workers", default="1,2", help="worker counts to measure, e.g. 1,2")
    args = parser.parse_args()
    counts = sorted({int(n) for n in args.workers.split(",")})
    if not counts or counts[0] < 1:
        sys.exit("--workers takes counts of at least 1, e.g. 1,2")

    rows: list[tuple[int, int, float, int]] = []
    extra: list[subprocess.Popen[bytes]] = []
    with live_stack() as stack:
        try:
            began = time.monotonic()
            out = manage(stack, "seed_demo_course", "--students", str(args.students))
            assignment = int(re.search(r"^assignment (\d+)$", out, re.M).group(1))  # type: ignore[union-attr]
            print(f"seeded {args.students} students and submissions in "
                  f"{time.monotonic() - began:.1f} s (assignment {assignment})", flush=True)
            for workers in counts:
                while 1 + len(extra) < workers:
                    extra.append(start_extra_worker(stack, f"worker{len(extra) + 2}"))
                manage(stack, "grade_assignment", str(assignment), "--wait", "--timeout", "900")
                seconds, graded, failed = batch_seconds(stack, assignment)
                if graded != args.students or failed:
                    sys.exit(f"{workers} workers: graded {graded}, failed {failed}")
                rows.append((workers, graded, seconds, failed))
                print(f"  {workers} worker(s): {graded} graded in {seconds:.2f} s", flush=True)
        finally:
            for process in extra:
                stop(process)

    print()
    print(f"{'workers':>7}  {'submissions':>11}  {'seconds':>8}  {'subs/s':>8}  {'speed-up':>8}")
    base = rows[0][2]
    for workers, graded, seconds, _failed in rows:
        print(f"{workers:>7}  {graded:>11}  {seconds:>8.2f}  {graded / seconds:>8.1f}  "
              f"{base / seconds:>7.2f}x")
    two = [r for r in rows if r[0] == 2]
    if two:
        scaled = two[0][2] * 1000 / two[0][1]
        verdict = "met" if scaled <= GOAL_SECONDS else "NOT met"
        print(f"\ngoal: 1,000 submissions in <= {GOAL_SECONDS:.0f} s with 2 workers: {verdict} "
              f"({scaled:.1f} s per 1,000)")


if __name__ == "__main__":
    main()
