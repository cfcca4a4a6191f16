"""Web benchmark: how fast runs reach a browser, against the real stack.

    python bench/web.py               # every preset x 5 runs, 10,000 steps, 50 clients
    python bench/web.py --repeats 20 --clients 50 --check
    python bench/web.py --only-bytes  # just the bytes per step, no stack

Starts the live stack of tests/stack.py (Redis, one Celery worker, Daphne,
SQLite in a temp dir) and measures, over HTTP and websockets as a browser
would use them:

- per preset: time from POST /api/runs/ to the first frame and to
  run.finished (p50 / p95 over ``--repeats`` runs);
- a 10,000-step run: time to deliver every step, frames/s, steps lost;
- ``--clients`` websockets on one 10,000-step run: slowest client, steps lost;
- bytes per step of every preset, of the runs of tests/web/budgets.py and
  of the heavy scenario of issue 14 (its first 200 steps: it is refused
  before it could run), computed with the engine in this process, as the
  worker stores them; beside them what the same steps cost when each
  changed state key is sent whole and unbounded (the encoding before steps
  carried patches);
- ``--watchers`` (50) clients replaying one finished run of about 10 MB of
  steps at once: aggregate MB/s of frames, reconnects, steps lost, largest
  frame, and how much Daphne's memory grew (peak RSS minus RSS before).
  The clients parse and check every frame, which costs them several times
  the CPU Daphne spends sending it, so they run in one process per core
  (``--client-processes``), and the CPU seconds of both sides are printed:
  on a loaded machine the MB/s measures the share of CPU the bench got,
  and Daphne's MB per CPU second is what the server itself costs.
- the first run after the stack started, beside the next runs of the same
  preset: Daphne and the worker warm up at start (playground/asgi.py,
  playground/celery.py), so the first should cost what the next ones do.

Goals: first frame <= 150 ms p95, 10,000 steps delivered <= 1 s, nothing
lost; 50 watchers of a 10 MB run at >= 50 MB/s in all, no reconnect,
Daphne growing by < 200 MB, no frame over 512 KiB.  ``--check`` exits 1 when a goal is missed.  The machine is shared:
compare runs made one after the other, not with another day's numbers.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kernel_engine import presets  # noqa: E402
from kernel_engine.kernel import delta  # noqa: E402
from tests.stack import Stack, live_stack  # noqa: E402
from kernel_engine import Run as EngineRun  # noqa: E402
from playground.frames import dumps  # noqa: E402
from tests.web.budgets import (  # noqa: E402
    EDGE_OF_BUDGET, OVER_BUDGET, crowded_round_robin, heavy_scenario)
from tests.web.follower import Followed, follow  # noqa: E402
from tests.web.helpers import http_json, round_robin  # noqa: E402
from tests.web.wsclient import WebSocket  # noqa: E402

FIRST_FRAME_GOAL_MS = 150.0
TEN_THOUSAND_GOAL_S = 1.0
WATCHERS_MB_S_GOAL = 50.0
DAPHNE_GROWTH_GOAL_MB = 200.0
FRAME_LIMIT = 512 * 1024
# 40 jobs x 320 ticks on 2 cores under RR q=1: about 10 MB of steps.
TEN_MB_RUN = crowded_round_robin(40, 2, 320)


class Watch:
    """One client's view of a run: when frames came and which steps."""

    def __init__(self) -> None:
        self.first_frame: float | None = None
        self.finished: float | None = None
        self.frames = 0
        self.indices: list[int] = []
        self.final: str | None = None

    def lost(self, expected: int) -> int:
        """Steps missing, repeated or out of order."""
        if self.indices == list(range(expected)):
            return 0
        return max(1, expected - len(set(self.indices)) + (len(self.indices) - len(set(self.indices))))


def watch(stack: Stack, ws_path: str, out: Watch) -> None:
    """Read one run's socket to the end into ``out``."""
    with WebSocket(f"{stack.ws_url}{ws_path}", timeout=60) as socket:
        while True:
            frame = socket.recv_json()
            now = time.perf_counter()
            if frame is None:
                return
            out.frames += 1
            if out.first_frame is None:
                out.first_frame = now
            if frame["type"] == "run.steps":
                out.indices.extend(step["i"] for step in frame["steps"])
            else:
                out.finished, out.final = now, frame["type"]
                return  # as the browser does: the client closes on the final frame


def post_run(stack: Stack, scenario: dict[str, Any]) -> dict[str, Any]:
    status, body, _ = http_json("POST", f"{stack.base_url}/api/runs/", {"scenario": scenario})
    if status != 202:
        raise SystemExit(f"POST /api/runs/ answered {status}: {body}")
    return body


def timed_run(stack: Stack, scenario: dict[str, Any]) -> tuple[float, float, Watch]:
    """(ms to first frame, ms to run.finished, the watch) for one run."""
    began = time.perf_counter()
    run = post_run(stack, scenario)
    seen = Watch()
    watch(stack, run["ws"], seen)
    assert seen.first_frame is not None and seen.finished is not None, "no frames"
    return (seen.first_frame - began) * 1000, (seen.finished - began) * 1000, seen


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench_presets(stack: Stack, names: list[str], repeats: int) -> list[float]:
    """Print one row per preset; return every first-frame time."""
    print(f"{'preset':28} {'steps':>6} {'first p50':>10} {'first p95':>10} "
          f"{'done p50':>9} {'done p95':>9}  (ms, {repeats} runs each)")
    every_first: list[float] = []
    for name in names:
        firsts, dones, steps = [], [], 0
        for _ in range(repeats):
            first, done, seen = timed_run(stack, presets.load(name))
            firsts.append(first)
            dones.append(done)
            steps = len(seen.indices)
        every_first.extend(firsts)
        print(f"{name:28} {steps:6d} {percentile(firsts, 50):10.1f} {percentile(firsts, 95):10.1f} "
              f"{percentile(dones, 50):9.1f} {percentile(dones, 95):9.1f}")
    return every_first


def bench_ten_thousand(stack: Stack) -> tuple[float, int]:
    """Deliver a 10,001-step run to one client: (seconds, steps lost)."""
    _, done_ms, seen = timed_run(stack, round_robin(5000))
    seconds = done_ms / 1000
    lost = seen.lost(10_001)
    print(f"\n10,001-step run: delivered in {seconds:.3f} s, {seen.frames} frames "
          f"({seen.frames / seconds:.0f} frames/s, {len(seen.indices) / seconds:.0f} steps/s), "
          f"lost {lost}")
    return seconds, lost


def bench_many_clients(stack: Stack, clients: int) -> int:
    """``clients`` sockets on one 10,001-step run: steps lost in all."""
    run = post_run(stack, round_robin(5000))
    began = time.perf_counter()
    watches = [Watch() for _ in range(clients)]
    threads = [threading.Thread(target=watch, args=(stack, run["ws"], w)) for w in watches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    ended = [w.finished for w in watches if w.finished is not None]
    lost = sum(w.lost(10_001) for w in watches) + (clients - len(ended)) * 10_001
    slowest = (max(ended) - began) if ended else float("nan")
    print(f"{clients} clients on one 10,001-step run: slowest finished after {slowest:.3f} s, "
          f"{len(ended)}/{clients} got run.finished, lost {lost}")
    return lost


def step_bytes(scenario: dict[str, Any], max_steps: int | None = None) -> tuple[int, float, int]:
    """(steps, mean bytes per step, largest step) of a run, stored as the worker stores it."""
    sizes = []
    for step in EngineRun(scenario):
        sizes.append(len(dumps(step).encode("utf-8")))
        if max_steps is not None and len(sizes) >= max_steps:
            break
    return len(sizes), sum(sizes) / max(1, len(sizes)), max(sizes, default=0)


def whole_keys_step_bytes(scenario: dict[str, Any], max_steps: int | None) -> tuple[int, float, int]:
    """``step_bytes`` with every changed state key sent whole and unbounded (no patches)."""
    limit, diff = delta.LIMIT, delta.diff
    delta.LIMIT, delta.diff = 10 ** 12, lambda old, new: None
    try:
        return step_bytes(scenario, max_steps)
    finally:
        delta.LIMIT, delta.diff = limit, diff


def bench_step_bytes(names: list[str]) -> None:
    """Print bytes per step of every preset, the budget runs and the heavy scenario."""
    print(f"\n{'scenario':32} {'steps':>7} {'bytes/step':>11} {'largest':>9} {'MB':>7}"
          f" {'whole keys':>11} {'MB':>7}")
    rows = [(name, presets.load(name), None) for name in names]
    rows += [(f"crowded RR {args}", crowded_round_robin(*args), None)
             for args in [(40, 2, 400), EDGE_OF_BUDGET, OVER_BUDGET]]
    rows.append(("heavy (issue 14), 200 steps", heavy_scenario(), 200))
    for name, scenario, cap in rows:
        count, mean, largest = step_bytes(scenario, cap)
        _, before, _ = whole_keys_step_bytes(scenario, cap)
        print(f"{name:32} {count:7d} {mean:11.0f} {largest:9d} {count * mean / 1e6:7.2f}"
              f" {before:11.0f} {count * before / 1e6:7.2f}")


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process ``pid`` has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def follow_together(ws_url: str, ws_path: str, count: int) -> tuple[list[Followed], float]:
    """``count`` watchers of one run, a thread each, in this process: what each
    saw, and the CPU seconds this process spent on them."""
    began = time.process_time()
    results: list[Followed] = []
    threads = [threading.Thread(target=lambda: results.append(
        follow(ws_url, ws_path, deadline_s=300))) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(330)
    return results, time.process_time() - began


def bench_watchers(stack: Stack, watchers: int, client_processes: int) -> dict[str, float]:
    """``watchers`` clients replay one finished ~10 MB run at once.

    The clients read and check every frame (each step once, in order), which
    costs them more CPU than Daphne spends sending; in one Python process
    they would measure that process's GIL, so they are spread over
    ``client_processes`` processes (threads in each), started before the clock.
    """
    run = post_run(stack, TEN_MB_RUN)
    deadline = time.monotonic() + 120
    while http_json("GET", f"{stack.base_url}/api/runs/{run['id']}/")[1]["status"] != "completed":
        if time.monotonic() > deadline:
            raise SystemExit("the 10 MB run did not complete in 120 s")
        time.sleep(0.1)
    steps = http_json("GET", f"{stack.base_url}/api/runs/{run['id']}/")[1]["step_count"]
    daphne = stack.processes["web"].pid
    before = peak = rss_mb(daphne)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, rss_mb(daphne))

    processes = max(1, min(client_processes, watchers))
    shares = [watchers // processes + (n < watchers % processes) for n in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.map(time.sleep, [0.5] * processes)  # every process started and imported
        sampler = threading.Thread(target=sample)
        sampler.start()
        began = time.perf_counter()
        daphne_cpu = cpu_seconds(daphne)
        outcomes = pool.starmap(follow_together,
                                [(stack.ws_url, run["ws"], share) for share in shares])
        seconds = time.perf_counter() - began
        daphne_cpu = cpu_seconds(daphne) - daphne_cpu
    done.set()
    sampler.join()
    results = [followed for seen, _ in outcomes for followed in seen]
    clients_cpu = sum(cpu for _, cpu in outcomes)
    total_mb = sum(sum(f.frame_bytes) for f in results) / 1e6
    figures = {
        "run_mb": sum(results[0].frame_bytes) / 1e6 if results else 0.0,
        "seconds": seconds, "mb_s": total_mb / seconds,
        "reconnects": float(sum(len(f.early_closes) for f in results)),
        "lost": float(sum(0 if f.exactly_once(steps) and f.final else steps for f in results)
                      + (watchers - len(results)) * steps),
        "largest_frame_kib": max((max(f.frame_bytes) for f in results if f.frame_bytes),
                                 default=0) / 1024,
        "daphne_before_mb": before, "daphne_peak_mb": peak, "growth_mb": peak - before,
        "daphne_cpu_s": daphne_cpu, "clients_cpu_s": clients_cpu,
    }
    print(f"\n{watchers} watchers replaying one {figures['run_mb']:.1f} MB run ({steps} steps): "
          f"{total_mb:.0f} MB of frames in {seconds:.2f} s = {figures['mb_s']:.1f} MB/s; "
          f"reconnects {figures['reconnects']:.0f}, steps lost {figures['lost']:.0f}, "
          f"largest frame {figures['largest_frame_kib']:.0f} KiB; Daphne RSS "
          f"{before:.0f} -> peak {peak:.0f} MB (+{figures['growth_mb']:.0f} MB); CPU: Daphne "
          f"{daphne_cpu:.1f} s, the clients ({processes} processes) {clients_cpu:.1f} s; load average "
          f"{os.getloadavg()[0]:.1f}; Daphne sends {total_mb / max(daphne_cpu, 1e-9):.0f} MB "
          f"per CPU second")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per preset (default 5)")
    parser.add_argument("--clients", type=int, default=50, help="sockets on one run (default 50)")
    parser.add_argument("--watchers", type=int, default=50,
                        help="clients replaying one 10 MB run (default 50)")
    parser.add_argument("--client-processes", type=int, default=os.cpu_count() or 2,
                        help="processes the watchers are spread over (default: one per core)")
    parser.add_argument("--only-watchers", action="store_true",
                        help="measure only the watchers of a 10 MB run")
    parser.add_argument("--only-bytes", action="store_true",
                        help="print only the bytes per step (no stack)")
    parser.add_argument("--presets", default="", help="comma-separated names (default: all)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()
    names = [n for n in args.presets.split(",") if n] or presets.names()
    if not args.only_watchers:
        bench_step_bytes(names)
    if args.only_bytes:
        return 0

    with live_stack({"PLAYGROUND_RUNS_PER_MINUTE": "0"}) as stack:
        # The first click in a class: the first run after the worker started,
        # which the worker's warm-up (playground/celery.py) has paid for.
        after_start_ms, _, _ = timed_run(stack, presets.load(names[0]))
        # The same preset again: what the first one would cost with nothing
        # left to warm up (on a loaded machine both grow; compare the two).
        next_ms = statistics.median(timed_run(stack, presets.load(names[0]))[0] for _ in range(3))
        print(f"first run after start ({names[0]}): first frame in {after_start_ms:.1f} ms; "
              f"the next runs (median of 3): {next_ms:.1f} ms; load average {os.getloadavg()[0]:.1f}")
        if not args.only_watchers:
            firsts = bench_presets(stack, names, args.repeats)
            ten_seconds, ten_lost = bench_ten_thousand(stack)
            crowd_lost = bench_many_clients(stack, args.clients)
        watched = bench_watchers(stack, args.watchers, args.client_processes)

    goals = [
        (f"{args.watchers} watchers of a 10 MB run", f"{watched['mb_s']:.1f} MB/s",
         f">= {WATCHERS_MB_S_GOAL:.0f} MB/s", watched["mb_s"] >= WATCHERS_MB_S_GOAL),
        ("  reconnects", f"{watched['reconnects']:.0f}", "0", watched["reconnects"] == 0),
        ("  steps lost", f"{watched['lost']:.0f}", "0", watched["lost"] == 0),
        ("  Daphne memory growth", f"{watched['growth_mb']:.0f} MB",
         f"< {DAPHNE_GROWTH_GOAL_MB:.0f} MB", watched["growth_mb"] < DAPHNE_GROWTH_GOAL_MB),
        ("  largest frame", f"{watched['largest_frame_kib']:.0f} KiB", "<= 512 KiB",
         watched["largest_frame_kib"] * 1024 <= FRAME_LIMIT),
    ]
    goals.append(("first frame, first run after start", f"{after_start_ms:.1f} ms",
                  f"<= {FIRST_FRAME_GOAL_MS:.0f} ms", after_start_ms <= FIRST_FRAME_GOAL_MS))
    if args.only_watchers:
        return report(goals, args.check)
    first_p95 = percentile(firsts, 95)
    goals += [
        ("first frame p95 (all presets)", f"{first_p95:.1f} ms", f"<= {FIRST_FRAME_GOAL_MS:.0f} ms",
         first_p95 <= FIRST_FRAME_GOAL_MS),
        ("10,001 steps delivered", f"{ten_seconds:.3f} s", f"<= {TEN_THOUSAND_GOAL_S:.0f} s",
         ten_seconds <= TEN_THOUSAND_GOAL_S),
        ("steps lost (1 client)", str(ten_lost), "0", ten_lost == 0),
        (f"steps lost ({args.clients} clients)", str(crowd_lost), "0", crowd_lost == 0),
    ]
    print(f"(first frame median over all presets: {statistics.median(firsts):.1f} ms)")
    return report(goals, args.check)


def report(goals: list[tuple[str, str, str, bool]], check: bool) -> int:
    """Print the goals table; 1 when ``check`` and a goal is missed."""
    print(f"\n{'goal':32} {'measured':>12} {'target':>10}  ok")
    for name, measured, target, ok in goals:
        print(f"{name:32} {measured:>12} {target:>10}  {'yes' if ok else 'NO'}")
    return 1 if check and not all(ok for *_, ok in goals) else 0


if __name__ == "__main__":
    sys.exit(main())
