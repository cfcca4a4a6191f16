"""Engine benchmark: how time grows with the workload, and cost per event.

    python bench/engine.py            # n = 1,000 ... 100,000 (a few minutes)
    python bench/engine.py --quick    # n = 1,000 ... 8,000
    python bench/engine.py --only alloc [--policies first_fit:address,...]
                                      # the free-list table of issue 10 (alloc_table.py)
    python bench/engine.py --only cli # start-up and 20k FCFS jobs, whole processes (cli_table.py)

For each CPU policy and each memory policy, and for mixed workloads, it
prints the wall time, events per second, the growth when n doubles (target:
at most ~2.2x, i.e. no O(n^2) scans) and the cost per event relative to a
bare ``heapq`` push/pop loop of the same number of events, measured in the
same run (target: at most 5x for fcfs/srt/rr; both the best of a few runs up
to n = 25,000).  Seconds are this process's CPU time.  Ratios, not absolute times,
are what to compare: these machines are shared and noisy.
"""
from __future__ import annotations

import argparse
import heapq
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from kernel_engine import registry  # noqa: E402
from kernel_engine.kernel import Kernel  # noqa: E402
from kernel_engine.scenario import gc_paused, normalize  # noqa: E402

#: CPU time of this process, not wall time: on a machine shared by a dozen
#: busy processes the wall clock mostly measures the waits for a core.
_clock = time.process_time

CPU_POLICIES = registry.names("cpu")
MEMORY_POLICIES = registry.names("memory")


def cpu_workload(policy: str, n: int, seed: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    bursts = rng.integers(1, 20, n)
    # Arrivals spread so the ready queue holds a few hundred jobs at a time.
    arrivals = np.sort(rng.integers(0, int(bursts.sum() * 0.98), n))
    priorities = rng.integers(0, 10, n)
    processes = [{"name": f"P{i}", "arrival": int(a), "burst": int(b), "priority": int(p)}
                 for i, (a, b, p) in enumerate(zip(arrivals, bursts, priorities))]
    return {"version": 1, "seed": seed, "cpu": {"policy": policy, "quantum": 4}, "processes": processes}


def memory_workload(policy: str, n: int, seed: int = 1) -> dict:
    """``n`` alloc/free ops over 8 processes; about half the blocks stay live a while."""
    rng = np.random.default_rng(seed)
    per = n // 8
    processes = []
    for p in range(8):
        program, live, count = [], [], 0
        while len(program) < per:
            if live and (rng.random() < 0.5 or len(live) > 64):
                ref = live.pop(int(rng.integers(len(live))))
                program.append({"op": "free", "ref": ref})
            else:
                ref = f"b{count}"
                count += 1
                program.append({"op": "alloc", "size": int(rng.integers(1, 4096)), "as": ref})
                live.append(ref)
        processes.append({"name": f"M{p}", "arrival": 0, "program": program})
    return {"version": 1, "cpu": {"policy": "rr", "quantum": 3},
            "memory": {"size": "1GB", "policy": policy}, "processes": processes}


def mixed_workload(n: int, seed: int = 1) -> dict:
    """Processes that compute, allocate, wait on the disk and pass messages."""
    rng = np.random.default_rng(seed)
    processes = []
    for i in range(n):
        program = [{"op": "alloc", "size": int(rng.integers(64, 4096)), "as": "buf"},
                   {"op": "cpu", "ticks": int(rng.integers(1, 6))},
                   {"op": "io", "cylinder": int(rng.integers(0, 200))},
                   {"op": "cpu", "ticks": int(rng.integers(1, 4))},
                   {"op": "lock", "mutex": f"m{i % 8}"},
                   {"op": "cpu", "ticks": 1},
                   {"op": "unlock", "mutex": f"m{i % 8}"},
                   {"op": "send", "to": f"P{(i + 1) % n}", "body": i},
                   {"op": "free", "ref": "buf"}]
        processes.append({"name": f"P{i}", "arrival": int(i * 3), "program": program})
    return {"version": 1, "cpu": {"policy": "rr", "quantum": 2},
            "memory": {"size": "1GB", "policy": "first_fit"}, "io": {"policy": "sstf"},
            "processes": processes}


def run_engine(scenario: dict, repeat: int = 1) -> tuple[float, int]:
    """Seconds to run a normalized scenario as ``simulate`` does (best of ``repeat``), and its events."""
    normalized = normalize(scenario)
    best = float("inf")
    for _ in range(repeat):
        start = _clock()
        with gc_paused():
            kernel = Kernel(normalized, summary=True)
            for _ in kernel.steps():
                pass
        best = min(best, _clock() - start)
    return best, kernel.event_count


def bare_heapq(events: int, repeat: int = 1) -> float:
    """The floor: push and pop ``events`` (time, prio, seq, payload) tuples (best of ``repeat``)."""
    return min(_heapq_loop(events) for _ in range(repeat))


def _heapq_loop(events: int) -> float:
    start = _clock()
    heap: list = []
    push, pop = heapq.heappush, heapq.heappop
    payload = ("arrive", None)
    for i in range(events):
        push(heap, (i * 7 % 1000, 0, i, payload))
        if len(heap) > 256:
            pop(heap)
    while heap:
        pop(heap)
    return _clock() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n up to 8,000 only")
    parser.add_argument("--only", help="comma-separated kinds: cpu,memory,mixed; or alloc, or cli")
    parser.add_argument("--policies", help="alloc only: policy:order pairs (default: all 20)")
    args = parser.parse_args(argv)
    if args.only == "cli":
        import cli_table
        cli_table.main()
        return 0
    if args.only == "alloc":
        import alloc_table
        pairs = [tuple(p.split(":")) for p in args.policies.split(",")] if args.policies else None
        alloc_table.main(pairs=pairs)
        return 0
    sizes = [1000, 2000, 4000, 8000] if args.quick else [1000, 2000, 4000, 8000, 12500, 25000, 50000, 100000]
    kinds = set((args.only or "cpu,memory,mixed").split(","))
    rows = []
    cases = []
    if "cpu" in kinds:
        cases += [("cpu", p, lambda n, p=p: cpu_workload(p, n)) for p in CPU_POLICIES]
    if "memory" in kinds:
        cases += [("memory", p, lambda n, p=p: memory_workload(p, n)) for p in MEMORY_POLICIES]
    if "mixed" in kinds:
        cases += [("mixed", "rr+sstf+first_fit", lambda n: mixed_workload(n // 4))]
    print(f"{'kind':7} {'policy':20} {'n':>7} {'events':>8} {'seconds':>8} {'events/s':>10} "
          f"{'x n/2':>6} {'x heapq':>8}")
    for kind, policy, make in cases:
        previous = None
        for n in sizes:
            # Best of a few runs below 25k: on a shared machine one run of a
            # few milliseconds says more about the neighbours than the engine.
            repeat = 3 if n <= 25000 else 1
            seconds, events = run_engine(make(n), repeat)
            floor = bare_heapq(events, repeat + 2)
            growth = f"{seconds / previous:6.2f}" if previous and n in (2000, 4000, 8000, 25000, 50000, 100000) else "     -"
            previous = seconds
            ratio = seconds / floor if floor else float("nan")
            rows.append((kind, policy, n, events, seconds, ratio))
            print(f"{kind:7} {policy:20} {n:>7} {events:>8} {seconds:8.3f} {events / seconds:10.0f} "
                  f"{growth} {ratio:8.1f}", flush=True)
    print_goals(rows)
    return 0


#: The per-event goal of issue 10 and the policies it names.
PER_EVENT_GOAL = 5.0
PER_EVENT_POLICIES = ("fcfs", "srt", "rr")
GROWTH_GOAL = 2.2

#: Why the per-event goal is missed, printed beside the miss (docs/internals.md, "Speed").
PER_EVENT_WHY = (
    "a job is still two instants of the loop (its arrival, read from a list, not the heap, and "
    "the end of its burst, which dispatches the next), one Process and one Thread object, a "
    "Gantt bar and its two result entries: about 950 bytecodes for FCFS and 1,850 for RR "
    "(with its quantum expiries), against about 60 for its two events in the heapq loop (plus "
    "two pushes and pops in C); SRT (about "
    "1,300) also asks the policy at each arrival whether to preempt (a peek, the running core "
    "accounted, two keys), and one arrival in four does: a release, a re-queue and a dispatch "
    "that the event count does not include. On a loaded machine a run of a few milliseconds "
    "varies by a third between runs: rerun before reading a miss of less than 1.3x")


def print_goals(rows: list[tuple]) -> None:
    """One line per goal: met, or by how much it is missed and why."""
    print()
    for policy in PER_EVENT_POLICIES:
        ratios = [ratio for kind, name, n, _, _, ratio in rows if kind == "cpu" and name == policy and n <= 25000]
        if not ratios:
            continue
        worst = max(ratios)
        verdict = "met" if worst <= PER_EVENT_GOAL else f"missed by {worst / PER_EVENT_GOAL:.2f}x"
        print(f"goal: {policy} per event <= {PER_EVENT_GOAL:g}x heapq (n <= 25,000): worst {worst:.1f}x, {verdict}")
    if any(kind == "cpu" and name in PER_EVENT_POLICIES and ratio > PER_EVENT_GOAL
           for kind, name, n, _, _, ratio in rows if n <= 25000):
        print(f"  why: {PER_EVENT_WHY}")
    growths = []
    for (kind, name, n, _, seconds, _), (kind2, name2, n2, _, seconds2, _) in zip(rows, rows[1:]):
        if (kind, name) == (kind2, name2) and n2 == 2 * n and n >= 1000:
            growths.append((seconds2 / seconds, kind, name, n2))
    if growths:
        worst, kind, name, n = max(growths)
        verdict = "met" if worst <= GROWTH_GOAL else f"missed ({kind} {name} at n = {n:,})"
        print(f"goal: growth per doubling <= {GROWTH_GOAL}x: worst {worst:.2f}x, {verdict} "
              f"(a single run's noise moves this by ~0.2; rerun a row that misses)")


if __name__ == "__main__":
    raise SystemExit(main())
