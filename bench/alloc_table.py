"""The allocator benchmark of ``bench/engine.py --only alloc`` (issue 10).

Random alloc/free ops (sizes 1-100, half of them allocations, heap of 50
bytes per op, no coalescing, ``record_free_list: false``) run through the
whole CLI process (``python -m kernel_engine run``), for each fit policy and
list order, at 20k, 40k and 80k ops.  Beside it, the same ops on a
straightforward list-scan allocator (``ListScan``, the contract's rules on
one Python list) in this process, whose answers (address, ``searched``)
must be identical.  Goals: <= 2.3x per doubling, <= 1.5 s at 80k, >= 10x
faster than the list scan.
"""
from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(__file__), "..")
sys.path.insert(0, ROOT)

from tests.engine.list_scan_allocator import ListScan  # noqa: E402

FITS = ["first_fit", "next_fit", "best_fit", "worst_fit"]
ORDERS = ["address", "size_asc", "size_desc", "insert_front", "insert_back"]
SIZES = [20_000, 40_000, 80_000]


def alloc_workload(policy: str, order: str, n: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    program, live, count = [], [], 0
    for _ in range(n):
        if live and rng.random() < 0.5:
            program.append({"op": "free", "ref": live.pop(rng.randrange(len(live)))})
        else:
            ref = f"b{count}"
            count += 1
            program.append({"op": "alloc", "size": rng.randint(1, 100), "as": ref})
            live.append(ref)
    return {"version": 1, "memory": {"size": 50 * n, "policy": policy, "order": order,
                                     "coalesce": False, "record_free_list": False},
            "processes": [{"name": "P", "program": program}]}


def list_scan(scenario: dict) -> tuple[float, list[tuple[int | None, int]]]:
    """Seconds for the list scan to answer the ops, and its (addr, searched) per alloc."""
    memory = scenario["memory"]
    start = time.process_time()
    allocator, blocks, answers = ListScan(memory), {}, []
    for op in scenario["processes"][0]["program"]:
        if op["op"] == "alloc":
            addr, searched = allocator.alloc(op["size"])
            answers.append((addr, searched))
            if addr is not None:
                blocks[op["as"]] = (addr, allocator.need(op["size"]))
        elif op["ref"] in blocks:
            allocator.free(*blocks.pop(op["ref"]))
    return time.process_time() - start, answers


def cli(scenario: dict) -> tuple[float, float, list[tuple[int | None, int]]]:
    """Wall and CPU seconds (user + system) of the whole ``python -m kernel_engine run``
    process, and its answers."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(scenario, f)
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "kernel_engine", "run", f.name], cwd=ROOT,
                             capture_output=True, check=True).stdout
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        os.unlink(f.name)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    ops = json.loads(out)["memory"]["ops"]
    return seconds, cpu, [(o["addr"], o["searched"]) for o in ops if o["op"] == "alloc"]


def main(sizes: list[int] = SIZES, pairs: list[tuple[str, str]] | None = None) -> None:
    """Print the table for ``pairs`` of (policy, order), every fit and order by default."""
    pairs = pairs or [(policy, order) for policy in FITS for order in ORDERS]
    print(f"load average {os.getloadavg()[0]:.1f}; CPU s is the process's user + system time, "
          f"the scan's is CPU time too (a shared machine's wall clock counts its waits)")
    print(f"{'policy':10} {'order':12} {'ops':>6} {'wall s':>7} {'CPU s':>7} {'x n/2':>6} "
          f"{'scan s':>8} {'x faster':>8} same")
    for policy, order in pairs:
        previous = None
        for n in sizes:
            scenario = alloc_workload(policy, order, n)
            seconds, cpu, answers = cli(scenario)
            growth = f"{cpu / previous:6.2f}" if previous else "     -"
            previous = cpu
            scan, expected = list_scan(scenario)
            same = "yes" if answers == expected else "NO"
            print(f"{policy:10} {order:12} {n:>6} {seconds:7.3f} {cpu:7.3f} {growth} {scan:8.2f} "
                  f"{scan / cpu:8.1f} {same}", flush=True)


if __name__ == "__main__":
    main()
