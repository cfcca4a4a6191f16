"""Turn a finished kernel into the result JSON of the contract."""
from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..i18n import fields

if TYPE_CHECKING:  # pragma: no cover
    from .loop import Kernel
    from .process import Thread


def _thread_metrics(threads: dict[str, "Thread"]) -> dict[str, dict[str, Any]]:
    """Each thread's times, by name.  One dict per thread, written out in one
    loop: for a large workload this and the per-process loop are most of
    the cost of the result."""
    metrics = {}
    for name, th in threads.items():
        arrival, finish, used, start = th.arrival, th.finish, th.cpu_used, th.first_dispatch
        if finish is not None:
            turnaround = finish - arrival
            # ready but not running: what is left of its lifetime after running and waiting on others
            waiting = turnaround - used - th.blocked_total
        else:
            turnaround = waiting = None
        metrics[name] = {
            "process": th.process.name,
            "arrival": arrival,
            "burst": used,
            "start": start,
            "finish": finish,
            "turnaround": turnaround,
            "waiting": waiting,
            "blocked": th.blocked_total,
            "response": start - arrival if start is not None else None,
        }
    return metrics


def build_result(k: "Kernel") -> dict[str, Any]:
    ticks = k.now
    threads = _thread_metrics(k.threads)
    processes: dict[str, dict] = {}
    # The averages are summed as the processes go by (in their order, as a
    # sum over the list would): the times are integers, so the means come
    # out the same to the last bit.
    turnaround_sum = waiting_sum = response_sum = 0
    finished = waited = responded = 0
    for proc in k.processes:
        ths = proc.threads
        done = proc.finish is not None
        if len(ths) == 1:
            only = threads[ths[0].name]
            start, burst, waiting = only["start"], only["burst"], only["waiting"]
        else:
            # Several threads: thread-ticks spent ready add up (see docs).
            mine = [threads[th.name] for th in ths]
            starts = [m["start"] for m in mine if m["start"] is not None]
            start = min(starts) if starts else None
            burst = sum(m["burst"] for m in mine)
            waiting = sum(m["waiting"] for m in mine) if done else None
        arrival = proc.arrival
        response = start - arrival if start is not None else None
        if done:
            turnaround = proc.finish - arrival
            finished += 1
            turnaround_sum += turnaround
            if waiting is not None:
                waiting_sum += waiting
                waited += 1
        else:
            turnaround = waiting = None
        if response is not None:
            response_sum += response
            responded += 1
        entry = {
            "arrival": arrival,
            "burst": burst,
            "start": start,
            "finish": proc.finish,
            "turnaround": turnaround,
            "waiting": waiting,
            "response": response,
        }
        if proc.blocked_by:
            entry["blocked"] = dict(sorted(proc.blocked_by.items()))
        processes[proc.name] = entry
    busy = sum(core.busy_ticks for core in k.cores)
    cores = len(k.cores)
    gantt = sorted(k.bars.bars, key=itemgetter("start", "core"))
    result: dict[str, Any] = {
        "status": k.status,
        "ticks": ticks,
        "processes": processes,
        "averages": {
            "turnaround": turnaround_sum / finished if finished else None,
            "waiting": waiting_sum / waited if waited else None,
            "response": response_sum / responded if responded else None,
        },
        "cpu": {
            "policy": k.scenario["cpu"]["policy"],
            "utilization": busy / (ticks * cores) if ticks else 0.0,
            "throughput": finished / ticks if ticks else 0.0,
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
