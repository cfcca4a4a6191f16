"""Turn a finished kernel into the result JSON of the contract."""
from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..i18n import fields

if TYPE_CHECKING:  # pragma: no cover
    from .loop import Kernel
    from .process import Thread


def _thread_metrics(th: "Thread") -> dict[str, Any]:
    done = th.finish is not None
    turnaround = th.finish - th.arrival if done else None
    return {
        "process": th.process.name,
        "arrival": th.arrival,
        "burst": th.cpu_used,
        "start": th.first_dispatch,
        "finish": th.finish,
        "turnaround": turnaround,
        # ready but not running: what is left of its lifetime after running and waiting on others
        "waiting": turnaround - th.cpu_used - th.blocked_total if done else None,
        "blocked": th.blocked_total,
        "response": th.first_dispatch - th.arrival if th.first_dispatch is not None else None,
    }


def _average(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def build_result(k: "Kernel") -> dict[str, Any]:
    ticks = k.now
    threads = {name: _thread_metrics(th) for name, th in k.threads.items()}
    processes: dict[str, dict] = {}
    for proc in k.processes:
        mine = [threads[th.name] for th in proc.threads]
        done = proc.finish is not None
        if len(mine) == 1:
            only = mine[0]
            start, burst, waiting = only["start"], only["burst"], only["waiting"]
        else:
            # Several threads: thread-ticks spent ready add up (see docs).
            starts = [m["start"] for m in mine if m["start"] is not None]
            start = min(starts) if starts else None
            burst = sum(m["burst"] for m in mine)
            waiting = sum(m["waiting"] for m in mine) if done else None
        entry = {
            "arrival": proc.arrival,
            "burst": burst,
            "start": start,
            "finish": proc.finish,
            "turnaround": proc.finish - proc.arrival if done else None,
            "waiting": waiting if done else None,
            "response": start - proc.arrival if start is not None else None,
        }
        if proc.blocked_by:
            entry["blocked"] = dict(sorted(proc.blocked_by.items()))
        processes[proc.name] = entry
    finished = [p for p in processes.values() if p["finish"] is not None]
    busy = sum(core.busy_ticks for core in k.cores)
    cores = len(k.cores)
    gantt = sorted(k.bars.bars, key=itemgetter("start", "core"))
    result: dict[str, Any] = {
        "status": k.status,
        "ticks": ticks,
        "processes": processes,
        "averages": {
            "turnaround": _average([p["turnaround"] for p in finished]),
            "waiting": _average([p["waiting"] for p in finished]),
            "response": _average([p["response"] for p in processes.values()]),
        },
        "cpu": {
            "policy": k.scenario["cpu"]["policy"],
            "utilization": busy / (ticks * cores) if ticks else 0.0,
            "throughput": len(finished) / ticks if ticks else 0.0,
            "context_switches": k.context_switches,
            "switch_ticks": k.switch_ticks,
            "gantt": gantt,
        },
        "memory": {
            "policy": k.scenario["memory"]["policy"],
            "ops": k.record.mem_ops,
            "fragmentation": k.allocator.fragmentation(),
            "failed": k.record.failed_allocs,
            "peak": k.allocator.peak,
            "used": k.allocator.used,
            "free_list": k.allocator.free_list(),
        },
        "io": {
            "policy": k.scenario["io"]["policy"],
            "order": list(k.disk_order),
            "total_movement": k.disk.total_movement,
            "return_movement": k.disk.return_movement,
            "requests": k.disk_requests,
        },
        "ipc": {
            "messages": k.ipc.records if k.ipc is not None else [],
        },
        "threads": threads,
        "calls": k.record.calls,
        "errors": k.record.errors,
        "deadlock": k.deadlock,
    }
    if k.vm is not None:
        result["vm"] = k.vm.result()
    if k.resources is not None:
        result["resources"] = k.resources.result()
    if k.llm is not None:
        from ..llm.result import build as llm_result
        result["llm"] = llm_result(k.llm.device)
    if k.deadlock is not None:
        result["deadlock"] = {"cycle": k.deadlock["cycle"], "waits": k.deadlock["waits"],
                              **fields(k.deadlock["reason"])}
    return result
