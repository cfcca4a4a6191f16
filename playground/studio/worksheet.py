"""A printable worksheet for a saved scenario (``/s/<slug>/worksheet/``).

``worksheet(raw, normalized, result)`` gathers what the template prints:
the problem (the settings that matter, the processes, the disk requests),
the exercises with empty cells to fill (a Gantt grid, the per-process and
per-thread times, the address of each allocation, the disk's service
order), and the answer key with the engine's own numbers.  Exercises appear
only when the scenario needs them.  Every label here goes through gettext:
the view runs in the reader's language.
"""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from playground.studio.preview import (
    MAX_LANES, gantt_chart, thread_ops, tick_step, uses_disk, uses_memory,
)

# A Gantt grid with more cells than this would be too small to write in.
GRID_MAX_TICKS = 60
GRID_MAX_LANES = 8
# Past this many bars the key's chart would be unreadable (and a heavy page): left out.
KEY_MAX_BARS = 2000
TIME_COLUMNS = ("start", "finish", "turnaround", "waiting", "response")
KB, MB = 1024, 1024 * 1024

# SVG user units of the answer key's Gantt chart and the empty grid.
CHART_WIDTH, LABEL_WIDTH, LANE_HEIGHT = 1000, 90, 36
PLOT_WIDTH = CHART_WIDTH - LABEL_WIDTH - 16  # room on the right for the last tick's label


def format_bytes(n: Any) -> str:
    """``2252800`` -> ``2200KB``: sizes as a textbook writes them, exact."""
    if not isinstance(n, int) or isinstance(n, bool) or n == 0:
        return str(n)
    if n and n % MB == 0:
        return f"{n // MB}MB"
    if n and n % KB == 0:
        return f"{n // KB}KB"
    return f"{n} B"


def format_number(value: Any) -> str:
    """A result figure for print: whole numbers as they are, others to 2 decimals."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _figure(value: Any) -> dict[str, Any]:
    """A printed number with its full-precision value (``data-value`` in the page)."""
    return {"text": format_number(value), "value": "" if value is None else repr(value)}


def uses_cpu(normalized: dict[str, Any]) -> bool:
    """Does any program (spawned threads' included) do CPU work?  Else times are not asked."""
    def walk(program: list[dict[str, Any]]) -> bool:
        return any(op["op"] == "cpu" or (op["op"] == "spawn" and walk(op["program"]))
                   for op in program)
    return any(walk(p["program"]) for p in normalized["processes"])


def _settings(raw: dict[str, Any], normalized: dict[str, Any]) -> list[tuple[str, str]]:
    """``(section label, "key = value · ...")`` for each part of the kernel the scenario uses."""
    out: list[tuple[str, str]] = []
    cpu = dict(normalized["cpu"])
    if cpu["policy"] != "mlfq":
        cpu.pop("mlfq")
    if uses_cpu(normalized):
        out.append((_("CPU"), " · ".join(f"{k} = {v}" for k, v in cpu.items())))
    if uses_memory(raw):
        memory = dict(normalized["memory"])
        for key in ("size", "base", "header", "align"):
            memory[key] = format_bytes(memory[key])
        holes = memory.pop("holes")
        text = " · ".join(f"{k} = {v}" for k, v in memory.items())
        if holes:
            text += " · holes = " + ", ".join(
                f"[{format_bytes(start)}, {format_bytes(size)}]" for start, size in holes)
        out.append((_("Memory"), text))
    if uses_disk(raw):
        out.append((_("Disk"), " · ".join(f"{k} = {v}" for k, v in normalized["io"].items())))
    return out


def work_text(proc: dict[str, Any], raw_proc: Any) -> str:
    """``burst 8``, or the program as ``alloc 212KB as r212 · cpu 3 · ...``."""
    if isinstance(raw_proc, dict) and "burst" in raw_proc:
        return _("burst %(n)s") % {"n": raw_proc["burst"]}
    parts = []
    for op in proc["program"]:
        words = [op["op"]]
        for key in ("ticks", "size", "cylinder", "ref", "to", "from", "topic", "thread",
                    "mutex", "sem", "fn"):
            if op.get(key) is not None:
                words.append(format_bytes(op[key]) if key == "size" else str(op[key]))
        if op.get("as"):
            words += ["as", str(op["as"])]
        parts.append(" ".join(words))
    return " · ".join(parts)


def _grid(lanes: list[str], ticks: int) -> dict[str, Any] | None:
    """An empty Gantt grid: a column per tick, a row per lane (None when too big to print)."""
    if ticks > GRID_MAX_TICKS or not lanes or len(lanes) > GRID_MAX_LANES:
        return None
    cell = PLOT_WIDTH / ticks
    every = 1 if ticks <= 30 else 5
    return {
        "lanes": [{"label": name, "y": k * LANE_HEIGHT} for k, name in enumerate(lanes)],
        "columns": [{"x": LABEL_WIDTH + t * cell, "t": t, "labelled": t % every == 0}
                    for t in range(ticks + 1)],
        "cell": cell, "height": len(lanes) * LANE_HEIGHT, "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH, "lane_height": LANE_HEIGHT,
    }


def _lane_label(kind: tuple[str, Any], name: str) -> str:
    if kind[0] == "cpu":
        return _("CPU %(n)s") % {"n": kind[1]}
    if kind[0] == "disk":
        return _("Disk")
    return name


def _key_chart(raw: dict[str, Any], result: dict[str, Any]) -> dict[str, Any] | None:
    """The result's Gantt chart by core, in SVG user units, with a tick axis.

    None when there is nothing to draw or too much (``key_data`` marks a
    chart of more than ``KEY_MAX_BARS`` bars with ``"gantt": null``).
    """
    if (result.get("cpu") or {}).get("gantt", []) is None:
        return None
    chart = gantt_chart(raw, result, by="core")
    if not chart.bars or len(chart.bars) > KEY_MAX_BARS:
        return None
    scale = PLOT_WIDTH / chart.ticks
    step = tick_step(chart.ticks)
    return {
        "lanes": [{"label": _lane_label(kind, name), "y": k * LANE_HEIGHT}
                  for k, (kind, name) in enumerate(zip(chart.kinds, chart.lanes))],
        "bars": [{"x": LABEL_WIDTH + b.start * scale, "y": b.lane * LANE_HEIGHT + 4,
                  "width": max(0.5, (b.end - b.start) * scale), "height": LANE_HEIGHT - 8,
                  "cx": LABEL_WIDTH + (b.start + b.end) / 2 * scale, "cy": b.lane * LANE_HEIGHT + LANE_HEIGHT / 2,
                  "fill": b.fill, "text": b.text, "who": b.who, "label": b.label,
                  "start": b.start, "end": b.end,
                  "show_label": (b.end - b.start) * scale > 9 * max(1, len(b.label))}
                 for b in chart.bars],
        "ticks": [{"x": LABEL_WIDTH + t * scale, "t": t} for t in range(0, chart.ticks + 1, step)],
        "height": len(chart.lanes) * LANE_HEIGHT, "width": CHART_WIDTH, "label_width": LABEL_WIDTH,
        "plot_end": LABEL_WIDTH + PLOT_WIDTH, "hidden_lanes": chart.hidden_lanes,
    }


def _time_rows(names: list[str], table: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        figures = table.get(name) or {}
        rows.append({"name": name, "cells": [_figure(figures.get(c)) for c in TIME_COLUMNS]})
    return rows


def _allocations(raw: dict[str, Any], result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each ``alloc`` op in program order, with the engine's address when there is a result.

    The engine's records are matched by thread, reference and occurrence
    (the second ``alloc ... as buf`` of a thread is that thread's second
    record for ``buf``), so the table's order gives nothing away.
    """
    done: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for record in ((result or {}).get("memory") or {}).get("ops") or []:
        if record.get("op") == "alloc" and not record.get("implicit"):
            done.setdefault((record.get("who"), record.get("ref")), []).append(record)
    seen: dict[tuple[str, Any], int] = {}
    rows = []
    for who, op in thread_ops(raw):
        if op.get("op") != "alloc":
            continue
        key = (who, op.get("as"))
        n = seen.get(key, 0)
        seen[key] = n + 1
        records = done.get(key, [])
        record = records[n] if n < len(records) else None
        if record is None:
            answer, value = _("not reached"), ""
        elif record.get("addr") is None:
            answer, value = _("fails"), "null"
        else:
            # Textbooks count in KB: give both, the byte address first.
            addr = record["addr"]
            readable = format_bytes(addr)
            answer = str(addr) if readable == str(addr) or readable.endswith(" B") else f"{addr} ({readable})"
            value = str(addr)
        rows.append({"who": who, "ref": op.get("as") or "", "size": format_bytes(op.get("size")),
                     "answer": answer, "value": value})
    return rows


def worksheet(raw: dict[str, Any], normalized: dict[str, Any],
              result: dict[str, Any] | None) -> dict[str, Any]:
    """Everything the worksheet template prints; ``key`` is None without a result."""
    processes = normalized["processes"]
    raw_processes = raw.get("processes") or []
    policy = normalized["cpu"]["policy"]
    names = [p["name"] for p in processes]
    threads = [op.get("thread") for _who, op in thread_ops(raw)
               if op.get("op") == "spawn" and isinstance(op.get("thread"), str)]
    cores = normalized["cpu"]["cores"]
    cpu_work = uses_cpu(normalized)
    ticks = int((result or {}).get("ticks") or 0)
    disk_count = len(normalized["io_requests"]) + sum(
        1 for _who, op in thread_ops(raw) if op.get("op") == "io" and "cylinder" in op)
    sheet: dict[str, Any] = {
        "settings": _settings(raw, normalized),
        "show_priority": policy.startswith("priority"),
        "show_tickets": policy == "lottery",
        "processes": [{"name": p["name"], "arrival": p["arrival"], "priority": p["priority"],
                       "tickets": p["tickets"],
                       "work": work_text(p, raw_processes[k] if k < len(raw_processes) else None)}
                      for k, p in enumerate(processes)],
        "io_requests": normalized["io_requests"],
        "grid": _grid([_("CPU %(n)s") % {"n": c} for c in range(cores)], ticks)
        if cpu_work and ticks else None,
        "process_rows": _time_rows(names, {}) if cpu_work else [],
        "thread_rows": _time_rows(threads, {}) if cpu_work else [],
        "allocations": _allocations(raw, None) if uses_memory(raw) else [],
        "disk_slots": list(range(1, disk_count + 1)) if uses_disk(raw) else [],
        "key": None,
    }
    if result is None:
        return sheet
    io = result.get("io") or {}
    requests = io.get("requests") or []
    averages = result.get("averages") or {}
    sheet["key"] = {
        "status": result.get("status"),
        "ticks": result.get("ticks"),
        "chart": _key_chart(raw, result) if cpu_work or requests else None,
        "process_rows": _time_rows(names, result.get("processes") or {}) if cpu_work else [],
        # The result averages turnaround, waiting and response; start and finish stay blank.
        "averages": [_figure(averages[c]) if c in averages else {"text": "", "value": ""}
                     for c in TIME_COLUMNS],
        "thread_rows": _time_rows(threads, result.get("threads") or {}) if cpu_work else [],
        "allocations": _allocations(raw, result) if uses_memory(raw) else [],
        "disk_order": [requests[k]["cylinder"] for k in io.get("order") or [] if k < len(requests)],
        "total_movement": io.get("total_movement"),
        "return_movement": io.get("return_movement"),
        "context_switches": (result.get("cpu") or {}).get("context_switches"),
        "deadlock": result.get("deadlock"),
        "description": raw.get("description") if isinstance(raw.get("description"), str) else "",
    }
    return sheet


def key_data(raw: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """The part of an engine result that ``worksheet`` prints, in the result's own shape.

    A worker computes it once per slug (it holds no translated text); the
    web process then builds the page from it in the reader's language.  The
    Gantt chart is ``None`` when it has more bars than ``KEY_MAX_BARS`` (the
    key leaves it out), and memory records keep only what the allocation
    table reads, so the data stays a small fraction of a large result.
    """
    cpu = result.get("cpu") or {}
    io = result.get("io") or {}
    gantt = cpu.get("gantt") or []
    return {
        "status": result.get("status"),
        "ticks": result.get("ticks"),
        "processes": _times(result.get("processes")),
        "threads": _times(result.get("threads")),
        "averages": result.get("averages") or {},
        "deadlock": result.get("deadlock"),
        "cpu": {"gantt": gantt if _key_bars(result) <= KEY_MAX_BARS else None,
                "context_switches": cpu.get("context_switches")},
        "memory": {"ops": [{"op": "alloc", "who": r.get("who"), "ref": r.get("ref"), "addr": r.get("addr")}
                           for r in (result.get("memory") or {}).get("ops") or []
                           if r.get("op") == "alloc" and not r.get("implicit")]},
        "io": {"requests": [{k: r.get(k) for k in ("who", "cylinder", "start", "finish")}
                            for r in io.get("requests") or []],
               "order": io.get("order") or [],
               "total_movement": io.get("total_movement"),
               "return_movement": io.get("return_movement")},
    }


def _key_bars(result: dict[str, Any]) -> int:
    """How many bars ``gantt_chart(..., by="core")`` would draw, counted without drawing:
    the segments on the cores it shows (the first ``MAX_LANES``) and the timed disk requests."""
    segments = sum(1 for s in (result.get("cpu") or {}).get("gantt") or []
                   if isinstance(s, dict) and int(s.get("core", 0)) < MAX_LANES)
    requests = sum(1 for r in (result.get("io") or {}).get("requests") or []
                   if isinstance(r, dict) and isinstance(r.get("start"), int)
                   and isinstance(r.get("finish"), int))
    return segments + requests


def _times(table: Any) -> dict[str, dict[str, Any]]:
    """Per-name figures cut to the worksheet's columns."""
    return {name: {c: figures.get(c) for c in TIME_COLUMNS}
            for name, figures in (table or {}).items() if isinstance(figures, dict)}
