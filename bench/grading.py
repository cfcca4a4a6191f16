"""Grading benchmark: 1,000 submissions graded by 1 and by 2 Celery workers.

    python bench/grading.py                    # 1,000 submissions, 1 then 2 workers, both databases
    python bench/grading.py --students 200 --workers 1,2,3 --databases postgres

For each database (SQLite, then PostgreSQL 15 started like the tests' one)
it starts the live stack of the tests (tests/stack.py: Redis, one Celery
worker, Daphne, a fresh database), seeds a demo course with
``seed_demo_course --students N`` (each submission is a different variant:
every grade re-runs the engine twice, SRT and FCFS), then for each worker
count grades the whole assignment with ``grade_assignment --wait``, adding
workers as needed.  Each round is a full re-grade (idempotent: same grades,
no new rows).  The time is the batch's own, from its creation (before the
tasks are queued) to its last grade, read from the database.

Goal (issue 6): 1,000 submissions in at most 30 s with 2 workers.  Issue 15:
two workers on PostgreSQL should scale past SQLite's single writer.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from tests.stack import PYTHON, REPO, Stack, live_stack  # noqa: E402

GOAL_SECONDS = 30.0


def manage(stack: Stack, *args: str) -> str:
    """Run ``manage.py`` in the stack's environment; its stdout and stderr, or exit on failure."""
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


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


def measure(database: str, students: int, counts: list[int],
            conn_max_age: int | None) -> list[tuple[str, int, int, float]]:
    """Seed ``students`` submissions on a fresh stack with ``database``; grade with each count."""
    rows: list[tuple[str, int, int, float]] = []
    env = {} if conn_max_age is None else {"DATABASE_CONN_MAX_AGE": str(conn_max_age)}
    with live_stack(env, database=database) as stack:
        began = time.monotonic()
        out = manage(stack, "seed_demo_course", "--students", str(students))
        assignment = int(re.search(r"^assignment (\d+)$", out, re.M).group(1))  # type: ignore[union-attr]
        print(f"{database}: seeded {students} students and submissions in "
              f"{time.monotonic() - began:.1f} s (assignment {assignment})", flush=True)
        running = 1
        for workers in counts:
            while running < workers:
                running += 1
                stack.start_worker(f"worker{running}")
            manage(stack, "grade_assignment", str(assignment), "--wait", "--timeout", "900")
            seconds, graded, failed = batch_seconds(stack, assignment)
            if graded != students or failed:
                sys.exit(f"{database}, {workers} workers: graded {graded}, failed {failed}")
            rows.append((database, workers, graded, seconds))
            print(f"  {database}, {workers} worker(s): {graded} graded in {seconds:.2f} s", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--workers", default="1,2", help="worker counts to measure, e.g. 1,2")
    parser.add_argument("--databases", default="sqlite,postgres",
                        help="databases to measure on: sqlite, postgres or both")
    parser.add_argument("--conn-max-age", type=int, default=None,
                        help="DATABASE_CONN_MAX_AGE of every process (default: the settings', "
                             "60 s on PostgreSQL, 0 on SQLite; 0 opens a connection per task)")
    args = parser.parse_args()
    counts = sorted({int(n) for n in args.workers.split(",")})
    if not counts or counts[0] < 1:
        sys.exit("--workers takes counts of at least 1, e.g. 1,2")
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    if not databases or any(d not in ("sqlite", "postgres") for d in databases):
        sys.exit("--databases takes sqlite, postgres or sqlite,postgres")

    rows = [row for database in databases for row in measure(database, args.students, counts,
                                                                  args.conn_max_age)]
    print()
    print(f"{'database':>8}  {'workers':>7}  {'submissions':>11}  {'seconds':>8}  {'subs/s':>8}  "
          f"{'speed-up':>8}")
    for database, workers, graded, seconds in rows:
        base = next(r[3] for r in rows if r[0] == database)
        print(f"{database:>8}  {workers:>7}  {graded:>11}  {seconds:>8.2f}  {graded / seconds:>8.1f}  "
              f"{base / seconds:>7.2f}x")
    for database, workers, graded, seconds in rows:
        if workers == 2:
            scaled = seconds * 1000 / graded
            verdict = "met" if scaled <= GOAL_SECONDS else "NOT met"
            print(f"goal on {database}: 1,000 submissions in <= {GOAL_SECONDS:.0f} s with 2 workers: "
                  f"{verdict} ({scaled:.1f} s per 1,000)")


if __name__ == "__main__":
    main()
