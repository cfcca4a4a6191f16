"""Turn a finished kernel into the result JSON of the contract."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import fields

if TYPE_CHECKING:  # pragma: no cover
    from .loop import Kernel
    from .process import Process


class _Averages:
    """Sums and counts behind the result's ``averages`` (values that are None are left out)."""

    __slots__ = ("turnaround", "finished", "waiting", "waited", "response", "responded")

    def __init__(self) -> None:
        self.turnaround = self.finished = self.waiting = self.waited = 0
        self.response = self.responded = 0

    def add(self, entry: dict[str, Any]) -> None:
        """One process's entry of the result."""
        if entry["finish"] is not None:
            self.turnaround += entry["turnaround"]
            self.finished += 1
            if entry["waiting"] is not None:
                self.waiting += entry["waiting"]
                self.waited += 1
        if entry["response"] is not None:
            self.response += entry["response"]
            self.responded += 1

    def as_dict(self) -> dict[str, float | None]:
        # The times are integers, so the sums are exact in any order and
        # the means are the same to the last bit as a sum over a list.
        return {
            "turnaround": self.turnaround / self.finished if self.finished else None,
            "waiting": self.waiting / self.waited if self.waited else None,
            "response": self.response / self.responded if self.responded else None,
        }


def _times(k: "Kernel") -> tuple[dict, dict, _Averages]:
    """The result's ``threads`` and ``processes``, and the sums behind its averages.

    For a large workload these dicts are most of the cost of the result, so
    they are made in one pass over the threads, each object read once: the
    usual process has one thread, and its times are that thread's.  The
    processes with several threads (or none yet) are done after.
    """
    threads: dict[str, dict] = {}
    # Every process in its order (the values are set below).
    processes: dict[str, dict | None] = dict.fromkeys(k.process_by_name)
    # The sums of the one-thread processes, in locals (an attribute each is
    # a store per job); they go into ``sums`` after the loop.
    turnaround_sum = finished_count = waiting_sum = response_sum = responded = 0
    filled = 0
    for name, th in k.threads.items():
        proc = th.process
        arrival, finish, used, start = th.arrival, th.finish, th.cpu_used, th.first_dispatch
        if finish is not None:
            turnaround = finish - arrival
            # ready but not running: what is left of its lifetime after running and waiting on others
            waiting = turnaround - used - th.blocked_total
        else:
            turnaround = waiting = None
        response = start - arrival if start is not None else None
        threads[name] = {
            "process": proc.name,
            "arrival": arrival,
            "burst": used,
            "start": start,
            "finish": finish,
            "turnaround": turnaround,
            "waiting": waiting,
            "blocked": th.blocked_total,
            "response": response,
        }
        if len(proc.threads) == 1:
            # Its only thread arrived with it and ended with it.
            entry = processes[proc.name] = {
                "arrival": arrival, "burst": used, "start": start, "finish": finish,
                "turnaround": turnaround, "waiting": waiting, "response": response}
            if proc.blocked_by:
                entry["blocked"] = dict(sorted(proc.blocked_by.items()))
            filled += 1
            if finish is not None:  # what _Averages.add does, without a call
                turnaround_sum += turnaround
                finished_count += 1
                waiting_sum += waiting
            if response is not None:
                response_sum += response
                responded += 1
    sums = _Averages()
    sums.turnaround, sums.finished = turnaround_sum, finished_count
    sums.waiting, sums.waited = waiting_sum, finished_count  # a finished thread has a waiting time
    sums.response, sums.responded = response_sum, responded
    if filled < len(processes):
        for proc in k.processes:
            if processes[proc.name] is None:
                entry = _process_entry(proc, [threads[th.name] for th in proc.threads])
                processes[proc.name] = entry
                sums.add(entry)
    return threads, processes, sums


def _process_entry(proc: "Process", mine: list[dict]) -> dict[str, Any]:
    """The entry of a process of several threads (or none): thread-ticks spent ready add up (see docs)."""
    done = proc.finish is not None
    starts = [m["start"] for m in mine if m["start"] is not None]
    start = min(starts) if starts else None
    entry = {
        "arrival": proc.arrival,
        "burst": sum(m["burst"] for m in mine),
        "start": start,
        "finish": proc.finish,
        "turnaround": proc.finish - proc.arrival if done else None,
        "waiting": sum(m["waiting"] for m in mine) if done else None,
        "response": start - proc.arrival if start is not None else None,
    }
    if proc.blocked_by:
        entry["blocked"] = dict(sorted(proc.blocked_by.items()))
    return entry


def build_result(k: "Kernel") -> dict[str, Any]:
    ticks = k.now
    threads, processes, averages = _times(k)
    finished = averages.finished
    busy = sum(core.busy_ticks for core in k.cores)
    cores = len(k.cores)
    # By start, then core (a core's bars never start at the same tick).
    gantt = [{"core": core, "who": who, "start": start, "end": end}
             for start, core, who, end in sorted(k.bars.bars)]
    result: dict[str, Any] = {
        "status": k.status,
        "ticks": ticks,
        "processes": processes,
        "averages": averages.as_dict(),
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
