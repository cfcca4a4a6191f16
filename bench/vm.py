"""Virtual-memory benchmark: time per access as the number of accesses doubles.

    python bench/vm.py            # 62,500 ... 1,000,000 accesses, 1,000 frames
    python bench/vm.py --quick    # 15,625 ... 125,000

For each replacement policy it runs the memory manager
(``kernel_engine.vm.memory.VirtualMemory``, the code every access of a
simulation goes through) with ``record: "none"`` on a reference string with
locality (a working set of ~1,500 pages that drifts over 8,000 pages, so
the 1,000 frames are always full and faults keep coming) and prints the
microseconds per access at each size and the ratio to the previous size.
Goal: the per-access time stays flat (ratio ~1.0) for FIFO, LRU, clock,
second chance and random (O(1) per access) and grows at most
logarithmically for OPT (a heap).  A last table runs whole simulations
(``touch`` ops through the kernel) to show the kernel's cost per access.
Times are wall-clock on a shared machine: compare ratios, not absolutes.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from kernel_engine import registry, simulate  # noqa: E402
from kernel_engine.scenario import validate  # noqa: E402
from kernel_engine.vm.memory import VirtualMemory  # noqa: E402

FRAMES = 1_000


def reference_string(n: int, seed: int = 1) -> list[int]:
    """``n`` pages with locality: mostly near a centre that drifts."""
    rng = np.random.default_rng(seed)
    centre = np.cumsum(rng.integers(-3, 4, n)) % 8_000
    spread = rng.integers(-750, 750, n)
    return ((centre + spread) % 8_000).tolist()


def manager(policy: str, pages: list[int]) -> tuple[VirtualMemory, list[dict]]:
    scenario = validate({"version": 1, "vm": {"page_size": 1, "address_bits": 16,
                                              "frames": FRAMES, "replacement": policy,
                                              "record": "none"},
                         "processes": [{"name": "P", "program": [{"op": "touch", "pages": [0]}]}]})
    scenario["processes"][0]["program"] = [{"op": "access", "page": p, "addr": None, "write": False}
                                           for p in pages]
    vm = VirtualMemory(scenario["vm"], scenario["processes"], np.random.default_rng(0))
    return vm, scenario["processes"][0]["program"]


def time_manager(policy: str, n: int) -> tuple[float, int]:
    vm, ops = manager(policy, reference_string(n))
    access = vm.access
    start = time.perf_counter()
    for t, op in enumerate(ops):
        access("P", op, t, False)
    return time.perf_counter() - start, vm.totals["faults"]


def time_simulation(policy: str, n: int) -> float:
    pages = reference_string(n)
    chunks = [pages[i:i + 100_000] for i in range(0, n, 100_000)]
    scenario = {"version": 1, "vm": {"page_size": 1, "address_bits": 16, "frames": FRAMES,
                                     "replacement": policy, "record": "none", "fault_ticks": 0},
                "processes": [{"name": "P", "program": [{"op": "touch", "pages": c} for c in chunks]}]}
    start = time.perf_counter()
    simulate(scenario)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes up to 125,000")
    args = parser.parse_args()
    top = 125_000 if args.quick else 1_000_000
    sizes = [top >> k for k in range(4, -1, -1)]
    print(f"memory manager, {FRAMES:,} frames, record none: microseconds per access "
          f"(ratio to the previous size)")
    print(f"{'policy':<14}" + "".join(f"{n:>18,}" for n in sizes) + f"{'faults':>10}")
    for policy in registry.names("vm"):
        row, previous, faults = [], None, 0
        for n in sizes:
            seconds, faults = time_manager(policy, n)
            per = seconds / n * 1e6
            ratio = f"({per / previous:.2f}x)" if previous else ""
            row.append(f"{per:>10.2f} {ratio:>7}")
            previous = per
        print(f"{policy:<14}" + "".join(row) + f"{faults / sizes[-1]:>9.0%}")
    sim_sizes = sizes[:3]
    print(f"\nwhole simulations (touch ops through the kernel), microseconds per access")
    print(f"{'policy':<14}" + "".join(f"{n:>12,}" for n in sim_sizes))
    for policy in ("fifo", "lru", "clock", "opt"):
        print(f"{policy:<14}" + "".join(f"{time_simulation(policy, n) / n * 1e6:>12.2f}"
                                        for n in sim_sizes))


if __name__ == "__main__":
    main()
