"""Faults measured (issue 15 §6): the real stack, its parts killed, a table.

    python bench/faults.py            # every row at full size (about 5 minutes)
    python bench/faults.py --quick    # the same rows, smaller (about 2 minutes)

Starts the live stack of tests/stack.py (Redis, Daphne, one Celery worker,
Celery beat sweeping every 2 s, SQLite in a temporary folder) and causes,
one after the other:

- worker child SIGKILL: every pool process of a prefork worker (the busy one among them) dies mid-run;
- whole worker SIGKILL: the worker and its children die mid-run, another starts;
- Redis restart (3 s and 15 s down) mid-stream;
- N clients posting a run and streaming it at once (100; quick 20);
- W watchers of one run (50; quick 10);
- 50 answers submitted with Redis down (10 students x 5; quick 5 x 2).

For each row: runs completed, steps lost and duplicated over every watcher
(goal 0 and 0), final frames delivered, watchers left hanging on a silent
socket (goal 0), time to recover (from the fault to
the last final frame; for a crowd, from the first post to the last final
frame), runs left stuck (not completed nor failed at the end; goal 0),
submissions lost (goal 0), and the peak resident memory of Daphne and of
the workers (each process with its children) while the row ran.  Runs are
``round_robin`` scenarios with small steps, well under the 20 MB per-run
budget.  Exits 1 when a goal is missed.
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.stack import Stack, live_stack, stop  # noqa: E402
from tests.web.follower import Followed, follow  # noqa: E402
from tests.web.helpers import post_run, round_robin, run_state, wait_for  # noqa: E402
from tests.web.test_live_fault_table import (children_of, kill_pool_processes,  # noqa: E402
                                             start_prefork_worker)
from tests.web.test_redis_down import Browser, demo_course_answers, in_stack  # noqa: E402

FINISHED = ("completed", "failed")


@dataclass
class Row:
    """One line of the table."""

    fault: str
    runs: int = 0
    completed: int = 0
    lost: int = 0
    duplicated: int = 0
    finals: int = 0
    watchers: int = 0
    recover_s: float | None = None
    stuck: int = 0
    hung: int = 0  # watchers still waiting, silent, when the row's time ran out
    submissions_lost: int | None = None
    web_mb: float = 0.0
    worker_mb: float = 0.0

    def tally(self, followed: Followed, steps: int) -> None:
        """Add what one watcher saw of a run of ``steps`` steps."""
        self.watchers += 1
        distinct = set(followed.indices)
        self.lost += len(set(range(steps)) - distinct)
        self.duplicated += len(followed.indices) - len(distinct) + followed.repeated
        self.finals += followed.final is not None and followed.final["type"] == "run.finished"

    def met(self) -> bool:
        return (self.lost == 0 and self.duplicated == 0 and self.stuck == 0
                and self.finals == self.watchers and self.hung == 0
                and not self.submissions_lost)


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants, in MB (0 when gone)."""
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total = int(line.split()[1]) / 1024
    except OSError:
        return 0.0
    return total + sum(rss_mb(child) for child in children_of(pid))


class PeakMemory:
    """Samples Daphne's and the workers' RSS every 0.2 s; keeps the peaks."""

    def __init__(self, stack: Stack):
        self.stack, self.web, self.worker = stack, 0.0, 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self.done.is_set():
            processes = dict(self.stack.processes)
            self.web = max(self.web, sum(rss_mb(p.pid) for n, p in processes.items()
                                         if n.startswith("web")))
            self.worker = max(self.worker, sum(rss_mb(p.pid) for n, p in processes.items()
                                               if n.startswith(("worker", "prefork"))))
            self.done.wait(0.2)

    def __enter__(self) -> PeakMemory:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join(5)


def background(target: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(target()), daemon=True)
    thread.start()
    return thread, out


def settle(stack: Stack, row: Row, run_ids: list[str], seconds: float = 60) -> None:
    """Count completed runs and, after waiting up to ``seconds``, the stuck ones."""
    deadline = time.monotonic() + seconds
    states = [run_state(stack, rid)["status"] for rid in run_ids]
    while any(s not in FINISHED for s in states) and time.monotonic() < deadline:
        time.sleep(0.5)
        states = [run_state(stack, rid)["status"] for rid in run_ids]
    row.runs, row.completed = len(run_ids), states.count("completed")
    row.stuck = sum(s not in FINISHED for s in states)


def only_worker(stack: Stack, name: str = "worker") -> None:
    """Leave exactly one solo worker, ``name``, running."""
    for other in [n for n in stack.processes if n.startswith(("worker", "prefork"))]:
        stack.stop_worker(other)
    stack.start_worker(name)


def one_run_through(stack: Stack, row: Row, burst: int,
                    fault: Callable[[], None]) -> None:
    """Post a run, watch it, cause ``fault`` once steps are stored, measure."""
    steps = 2 * burst + 1
    run = post_run(stack, round_robin(burst))
    watcher, seen = background(lambda: follow(stack.ws_url, run["ws"], deadline_s=150,
                                              pause_s=0.5))
    wait_for(lambda: run_state(stack, run["id"])["step_count"] > 0, 30, "the first stored steps")
    fault()
    faulted = time.monotonic()
    watcher.join(160)
    if not seen:  # its socket is open and silent: Daphne's pings keep it from timing out
        row.watchers, row.hung = row.watchers + 1, row.hung + 1
    else:
        followed: Followed = seen[0]
        row.tally(followed, steps)
        if followed.final_at is not None:
            row.recover_s = followed.final_at - faulted
    settle(stack, row, [run["id"]])


def worker_child(stack: Stack, row: Row, burst: int) -> None:
    for other in [n for n in stack.processes if n.startswith("worker")]:
        stack.stop_worker(other)
    start_prefork_worker(stack)
    with PeakMemory(stack) as peak:
        one_run_through(stack, row, burst, lambda: kill_pool_processes(stack))
    row.web_mb, row.worker_mb = peak.web, peak.worker
    only_worker(stack)


def whole_worker(stack: Stack, row: Row, burst: int) -> None:
    only_worker(stack)

    def crash() -> None:
        stack.kill("worker")  # its message stays unacknowledged; the sweeper re-queues it
        stack.start_worker("worker-b")

    with PeakMemory(stack) as peak:
        one_run_through(stack, row, burst, crash)
    row.web_mb, row.worker_mb = peak.web, peak.worker
    only_worker(stack)


def redis_restart(down_s: float) -> Callable[[Stack, Row, int], None]:
    def scenario(stack: Stack, row: Row, burst: int) -> None:
        with PeakMemory(stack) as peak:
            one_run_through(stack, row, burst, lambda: stack.restart_redis(down_s))
        # recover_s counts from Redis back up: restart_redis returns then.
        row.web_mb, row.worker_mb = peak.web, peak.worker
    return scenario


def crowd(clients: int) -> Callable[[Stack, Row, int], None]:
    def scenario(stack: Stack, row: Row, burst: int) -> None:
        outcomes: list[tuple[str, Followed]] = []

        def client() -> None:
            run = post_run(stack, round_robin(burst))
            outcomes.append((run["id"], follow(stack.ws_url, run["ws"], deadline_s=240)))

        started = time.monotonic()
        with PeakMemory(stack) as peak:
            threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(260)
        row.web_mb, row.worker_mb = peak.web, peak.worker
        row.watchers = row.hung = clients - len(outcomes)  # clients still waiting
        for _, followed in outcomes:
            row.tally(followed, 2 * burst + 1)
        ends = [f.final_at for _, f in outcomes if f.final_at is not None]
        row.recover_s = max(ends) - started if ends else None
        settle(stack, row, [rid for rid, _ in outcomes])
        row.runs = clients
    return scenario


def watchers(count: int) -> Callable[[Stack, Row, int], None]:
    def scenario(stack: Stack, row: Row, burst: int) -> None:
        run = post_run(stack, round_robin(burst))
        started = time.monotonic()
        with PeakMemory(stack) as peak:
            threads = [background(lambda: follow(stack.ws_url, run["ws"], deadline_s=240))
                       for _ in range(count)]
            for thread, _ in threads:
                thread.join(260)
        row.web_mb, row.worker_mb = peak.web, peak.worker
        seen = [out[0] for _, out in threads if out]
        row.watchers = row.hung = count - len(seen)
        for followed in seen:
            row.tally(followed, 2 * burst + 1)
        ends = [f.final_at for f in seen if f.final_at is not None]
        row.recover_s = max(ends) - started if ends else None
        settle(stack, row, [run["id"]])
    return scenario


def answers_with_redis_down(students: int, each: int) -> Callable[[Stack, Row, int], None]:
    """Students post ``each`` answers (JSON API) while Redis is stopped; count the saved."""
    def scenario(stack: Stack, row: Row, burst: int) -> None:
        assignment, answers = demo_course_answers(stack, students)
        browsers = {name: Browser(stack.base_url) for name in answers}
        for name, browser in browsers.items():
            browser.log_in(name)
        with PeakMemory(stack) as peak:
            stop(stack.processes.pop("redis"))
            try:
                for name, browser in browsers.items():
                    for _ in range(each):
                        browser.post_json(f"/api/assignments/{assignment}/submissions/",
                                          {"answers": answers[name]})
            finally:
                stack.start_redis()
        row.web_mb, row.worker_mb = peak.web, peak.worker
        saved = int(in_stack(stack, "from playground.grading.models import Submission\n"
                                    f"print(Submission.objects.filter(assignment_id={assignment})"
                                    ".count())"))
        row.submissions_lost = len(answers) * each - saved
    return scenario


def print_table(rows: list[Row]) -> None:
    head = (f"{'fault':34} {'runs done':>9} {'lost':>5} {'dup':>4} {'finals':>9} "
            f"{'recover s':>9} {'hung':>4} {'stuck':>5} {'subs lost':>9} "
            f"{'Daphne MB':>9} {'workers MB':>10}")
    print("\n" + head + "\n" + "-" * len(head))
    for r in rows:
        recover = "-" if r.recover_s is None else f"{r.recover_s:.1f}"
        finals = f"{r.finals}/{r.watchers}" if r.watchers else "-"
        runs = f"{r.completed}/{r.runs}" if r.runs else "-"
        subs = "-" if r.submissions_lost is None else str(r.submissions_lost)
        print(f"{r.fault:34} {runs:>9} {r.lost:>5} {r.duplicated:>4} {finals:>9} "
              f"{recover:>9} {r.hung:>4} {r.stuck:>5} {subs:>9} "
              f"{r.web_mb:>9.0f} {r.worker_mb:>10.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller rows, about 2 minutes")
    quick = parser.parse_args().quick
    clients, watching, students, each = (20, 10, 5, 2) if quick else (100, 50, 10, 5)
    mid_run = 3000 if quick else 6000  # bursts: 6,001 or 12,001 small steps
    plan: list[tuple[str, Callable[[Stack, Row, int], None], int]] = [
        ("worker child SIGKILL", worker_child, mid_run),
        ("whole worker SIGKILL", whole_worker, mid_run),
        ("Redis restart, 3 s down", redis_restart(3), mid_run),
        ("Redis restart, 15 s down", redis_restart(15), mid_run),
        (f"{clients} clients post + stream at once", crowd(clients), 100),
        (f"{watching} watchers of one run", watchers(watching), mid_run),
        (f"{students * each} answers with Redis down", answers_with_redis_down(students, each), 0),
    ]
    rows: list[Row] = []
    began = time.monotonic()
    with live_stack({"PLAYGROUND_SWEEP_SECONDS": "2", "PLAYGROUND_RUNS_PER_MINUTE": "0"}) as stack:
        stack.start_beat()
        for name, scenario, burst in plan:
            row = Row(name)
            t0 = time.monotonic()
            try:
                scenario(stack, row, burst)
            except Exception as exc:  # a row that breaks is reported, the rest still run
                print(f"{name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                row.stuck = max(row.stuck, 1)
            print(f"{name}: {time.monotonic() - t0:.0f} s", file=sys.stderr)
            rows.append(row)
    print_table(rows)
    print(f"\nwhole bench {time.monotonic() - began:.0f} s; goals: 0 lost, 0 duplicated, "
          "every final frame, 0 hung, 0 stuck, 0 submissions lost")
    return 0 if all(r.met() for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
