"""A run imports only what its scenario uses (issue 10, start-up).

The command line's start-up is mostly importing and compiling modules, so
the promise is checked as what a fresh interpreter has imported after
``main(["run", ...])``, not as a time: a one-process CPU scenario loads no
virtual memory, no LLM device, no function library (nor numpy or spaCy),
no policy it does not run, and no op reader for a burst-only workload.
The registry still lists every policy, in menu order, whatever was
looked up first.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Runs the command line in-process (``python -m`` leaves with os._exit,
#: before anything could look), then prints the modules it imported.
PROBE = """
import contextlib, io, json, sys
from kernel_engine.cli import main
out = io.TextIOWrapper(io.BytesIO())
with contextlib.redirect_stdout(out):
    code = main(["run", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

ONE_PROCESS = {"version": 1, "processes": [{"name": "P1", "burst": 5}]}

#: What a one-process CPU run never needs.
NOT_FOR_A_CPU_RUN = [
    "numpy", "spacy", "argparse", "difflib", "pkgutil",
    "kernel_engine.vm", "kernel_engine.llm", "kernel_engine.library",
    "kernel_engine.cpu.keyed", "kernel_engine.cpu.lottery", "kernel_engine.cpu.mlfq",
    "kernel_engine.cpu.priority_rr", "kernel_engine.memory.buddy", "kernel_engine.disk.sweeps",
    "kernel_engine.disk.workload", "kernel_engine.scenario.programs", "kernel_engine.kernel.trace",
    "kernel_engine.ipc.mailbox", "kernel_engine.threads.sync", "kernel_engine.threads.avoid",
    "kernel_engine.presets",
    # The dataclasses module and the inspect it imports cost several ms: the
    # start-up path's value classes are NamedTuples and __slots__ classes.
    "dataclasses", "inspect",
]


def imported_by_run(tmp_path: Path, scenario: dict) -> set[str]:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario))
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["code"] == 0
    return set(report["modules"])


def loaded(modules: set[str], name: str) -> bool:
    """Is ``name`` (or any module inside it) imported?"""
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_a_one_process_cpu_run_imports_nothing_it_does_not_use(tmp_path) -> None:
    modules = imported_by_run(tmp_path, ONE_PROCESS)
    assert [name for name in NOT_FOR_A_CPU_RUN if loaded(modules, name)] == []
    # What it does use: the policy, the allocator and the disk it runs with.
    assert {"kernel_engine.cpu.fifo", "kernel_engine.memory.fits",
            "kernel_engine.disk.simple"} <= modules


def test_a_run_loads_the_policies_and_sections_it_names(tmp_path) -> None:
    modules = imported_by_run(tmp_path, {
        "version": 1, "cpu": {"policy": "mlfq"}, "memory": {"policy": "buddy"},
        "io": {"policy": "cscan"}, "vm": {"frames": 3},
        "processes": [{"name": "P1", "program": [{"op": "touch", "pages": [1, 2, 1]}]}]})
    for name in ("kernel_engine.cpu.mlfq", "kernel_engine.memory.buddy",
                 "kernel_engine.disk.sweeps", "kernel_engine.vm.config",
                 "kernel_engine.scenario.programs"):
        assert name in modules
    for name in ("kernel_engine.cpu.lottery", "kernel_engine.llm", "numpy"):
        assert not loaded(modules, name)


MENU_ORDER = """
import json
from kernel_engine import registry
registry.get("memory", "buddy")          # looked up before the fits
registry.get("cpu", "lottery")
registry.get("io", "clook")
print(json.dumps({kind: registry.names(kind) for kind in ("cpu", "memory", "io", "vm")}))
"""


def test_names_keep_the_menu_order_whatever_was_looked_up_first() -> None:
    done = subprocess.run([sys.executable, "-c", MENU_ORDER], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "cpu": ["fcfs", "sjf", "srt", "rr", "priority", "priority_preemptive", "priority_rr",
                "mlfq", "lottery"],
        "memory": ["first_fit", "next_fit", "best_fit", "worst_fit", "buddy"],
        "io": ["fcfs", "sstf", "scan", "cscan", "look", "clook"],
        "vm": ["fifo", "lru", "opt", "clock", "second_chance", "random"],
    }


def test_the_packages_still_export_their_names() -> None:
    from kernel_engine.disk import Disk, DiskError, make_disk, run_requests, serve
    from kernel_engine.memory import (AllocOutcome, Buddy, FirstFit, FreeListAllocator, FreeOutcome,
                                      MemoryConfig, make_allocator)
    from kernel_engine.memory import hole_seq  # a submodule, imported on demand

    assert make_allocator({"size": 64, "policy": "buddy"}).__class__ is Buddy
    assert issubclass(FirstFit, FreeListAllocator) and hole_seq.__name__.endswith("hole_seq")
    assert {AllocOutcome, FreeOutcome, MemoryConfig, Disk, DiskError, make_disk, run_requests, serve}


def test_an_unknown_policy_still_lists_every_choice() -> None:
    from kernel_engine import registry
    from kernel_engine.scenario import problems

    found = problems({"cpu": {"policy": "fifo"}, "processes": [{"name": "A", "burst": 1}]})
    assert [str(p) for p in found] == [
        "cpu.policy: unknown policy 'fifo'; choose one of fcfs, sjf, srt, rr, priority, "
        "priority_preemptive, priority_rr, mlfq, lottery"]
    assert registry.has("cpu", "rr") and not registry.has("cpu", "fifo")
