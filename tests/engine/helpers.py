"""Small builders so engine tests read like the textbook."""
from __future__ import annotations

from typing import Any

from kernel_engine import simulate


def jobs(*bursts: int, arrivals: list[int] | None = None, priorities: list[int] | None = None,
         names: list[str] | None = None) -> list[dict]:
    """Processes P1..Pn with the given bursts (arrival 0 unless given)."""
    out = []
    for i, burst in enumerate(bursts):
        p: dict[str, Any] = {"name": names[i] if names else f"P{i + 1}", "burst": burst,
                             "arrival": arrivals[i] if arrivals else 0}
        if priorities:
            p["priority"] = priorities[i]
        out.append(p)
    return out


def run_cpu(policy: str, processes: list[dict], **cpu: Any) -> dict:
    return simulate({"version": 1, "cpu": {"policy": policy, **cpu}, "processes": processes})


def waits(result: dict) -> dict[str, int]:
    return {name: p["waiting"] for name, p in result["processes"].items()}


def bars(result: dict) -> list[tuple[str, int, int]]:
    return [(g["who"], g["start"], g["end"]) for g in result["cpu"]["gantt"]]
