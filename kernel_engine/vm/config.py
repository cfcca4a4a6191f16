"""The ``vm`` section of a scenario: its one reader, and the checks that need the processes.

``read_section`` returns None when the scenario has no ``vm`` section (no
virtual memory) and otherwise the section with every default filled in
(CONTRACT.md, "Extensions for virtual memory").  ``check_use`` runs once
the processes are read: ``touch``/``access`` need a ``vm`` section, a local
split names every process, ``opt`` needs one process or a local split.
"""
from __future__ import annotations

from typing import Any

from ..i18n import define, gettext_noop
from ..scenario.fields import Checker, join, listing, show
from .tlb import TLB_REPLACEMENTS

FIELDS = ("page_size", "address_bits", "frames", "replacement", "frames_split",
          "frames_per_process", "table", "split", "tlb", "tlb_replacement",
          "tlb_flush_on_switch", "clock_bits", "fault_ticks", "fault_device", "record")
#: Frames of physical memory and TLB entries (a million frames is 4 GB of 4 KB pages).
MAX_FRAMES = 1_000_000
MAX_TLB = 4096
MAX_ADDRESS_BITS = 48
MAX_CLOCK_BITS = 8
RECORDS = ["table", "accesses", "none"]

NOT_POWER_OF_TWO = define("problem.vm.page_size", gettext_noop(
    "must be a power of two (the offset is the low bits of an address), got {value}"))
PAGE_TOO_BIG = define("problem.vm.page_bits", gettext_noop(
    "a page of {size} bytes needs {n} offset bits, more than address_bits ({m})"))
NOT_SHARES = define("problem.vm.shares", gettext_noop(
    'must be an object of process name: frames, e.g. {"P1": 3, "P2": 2}, got {value}'))
SPLIT_UNUSED = define("problem.vm.split_unused", gettext_noop('is only read with "table": "two_level"'))
TOO_FEW_BITS = define("problem.vm.two_level_bits", gettext_noop(
    "a two-level table needs at least 2 bits of page number, the addresses have {n}"))
NOT_A_SPLIT = define("problem.vm.split", gettext_noop(
    "must be two positive bit counts [outer, inner], got {value}"))
SPLIT_SUM = define("problem.vm.split_sum", gettext_noop(
    "the levels must add up to the page number's {n} bits (address_bits minus the offset bits), got {m}"))
NEEDS_VM = define("problem.vm.missing", gettext_noop(
    'touch and access ops need a "vm" section (e.g. "vm": {"frames": 3, "replacement": "lru"})'))
NEEDS_SHARES = define("problem.vm.shares_missing", gettext_noop(
    'is needed with "frames_split": "local": the frames of each process'))
NO_SUCH_PROCESS = define("problem.process.unknown", gettext_noop(
    "no process is named '{name}' (processes: {names})"))
SHARELESS = define("problem.vm.shareless", gettext_noop(
    "gives no frames to {names}; every process needs its share"))
SHARES_TOO_MANY = define("problem.vm.shares_total", gettext_noop(
    "the shares add up to {n} frames, more than vm.frames ({m})"))
SHARES_UNUSED = define("problem.vm.shares_unused", gettext_noop('is only read with "frames_split": "local"'))
OPT_GLOBAL = define("problem.vm.opt_global", gettext_noop(
    'opt needs one process or "frames_split": "local": it looks into each process\'s own future, and '
    "with several processes sharing frames that future depends on the scheduler"))


def read_section(check: Checker, raw: dict) -> dict[str, Any] | None:
    """The normalized ``vm`` section, or None when there is none."""
    if raw.get("vm") is None:
        return None
    vm = check.section(raw, "vm", "", FIELDS)
    bits = check.integer(vm, "address_bits", "vm", 16, 1, MAX_ADDRESS_BITS)
    page_size = check.integer(vm, "page_size", "vm", 4096, 1, 1 << MAX_ADDRESS_BITS)
    offset_bits = None
    if page_size is not None:
        if page_size & (page_size - 1):
            check.add("vm.page_size", NOT_POWER_OF_TWO.say(value=show(page_size)))
        else:
            offset_bits = page_size.bit_length() - 1
            if bits is not None and offset_bits > bits:
                check.add("vm.page_size", PAGE_TOO_BIG.say(size=f"{page_size:,}", n=offset_bits, m=bits))
                offset_bits = None
    out = {
        "page_size": page_size,
        "address_bits": bits,
        "frames": check.integer(vm, "frames", "vm", 3, 1, MAX_FRAMES, " (the engine's limit)"),
        "replacement": check.policy(vm, "replacement", "vm", "lru", "vm"),
        "frames_split": check.choice(vm, "frames_split", "vm", "global", ["global", "local"]),
        "frames_per_process": _frames_per_process(check, vm.get("frames_per_process")),
        "table": check.choice(vm, "table", "vm", "linear", ["linear", "two_level"]),
        "split": None,
        "tlb": check.integer(vm, "tlb", "vm", 0, 0, MAX_TLB),
        "tlb_replacement": check.choice(vm, "tlb_replacement", "vm", "lru", list(TLB_REPLACEMENTS)),
        "tlb_flush_on_switch": check.boolean(vm, "tlb_flush_on_switch", "vm", True),
        "clock_bits": check.integer(vm, "clock_bits", "vm", 1, 1, MAX_CLOCK_BITS),
        "fault_ticks": check.ticks(vm, "fault_ticks", "vm", 1, lo=0),
        "fault_device": check.choice(vm, "fault_device", "vm", "none", ["none", "disk"]),
        "record": check.choice(vm, "record", "vm", "table", RECORDS),
    }
    page_bits = bits - offset_bits if bits is not None and offset_bits is not None else None
    out["split"] = _split(check, vm, out["table"], page_bits)
    return out


def _frames_per_process(check: Checker, value: object) -> dict[str, int] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not value:
        check.add("vm.frames_per_process", NOT_SHARES.say(value=show(value)))
        return None
    out = {}
    for name, n in value.items():
        frames = check.int_value(n, join("vm.frames_per_process", str(name)), 1, MAX_FRAMES)
        if frames is not None:
            out[str(name)] = frames
    return out


def _split(check: Checker, vm: dict, table: str | None, page_bits: int | None) -> list[int] | None:
    value = vm.get("split")
    if table != "two_level":
        if value is not None:
            check.add("vm.split", SPLIT_UNUSED.say())
        return None
    if value is None:
        if page_bits is None:
            return None
        if page_bits < 2:
            check.add("vm.table", TOO_FEW_BITS.say(n=page_bits))
            return None
        outer = page_bits // 2
        return [outer, page_bits - outer]  # the outer level gets the smaller half
    if (not isinstance(value, list) or len(value) != 2
            or not all(type(b) is int and b >= 1 for b in value)):
        check.add("vm.split", NOT_A_SPLIT.say(value=show(value)))
        return None
    if page_bits is not None and sum(value) != page_bits:
        check.add("vm.split", SPLIT_SUM.say(n=page_bits, m=sum(value)))
        return None
    return list(value)


def check_use(check: Checker, out: dict[str, Any], vm_op_paths: list[str]) -> None:
    """Checks of the ``vm`` section against the processes (see the module docstring)."""
    vm = out.get("vm")
    if vm is None:
        if vm_op_paths:
            check.add(vm_op_paths[0], NEEDS_VM.say())
        return
    processes = [p["name"] for p in out.get("processes", []) if p.get("name") is not None]
    split = vm["frames_split"]
    if split == "local":
        share = vm["frames_per_process"]
        if share is None:
            check.add("vm.frames_per_process", NEEDS_SHARES.say())
        else:
            for name in share:
                if name not in processes:
                    check.add(join("vm.frames_per_process", name),
                              NO_SUCH_PROCESS.say(name=name, names=listing(processes)))
            missing = [p for p in processes if p not in share]
            if missing:
                check.add("vm.frames_per_process", SHARELESS.say(names=listing(missing)))
            total = sum(share.values())
            if vm["frames"] is not None and total > vm["frames"]:
                check.add("vm.frames_per_process", SHARES_TOO_MANY.say(n=f"{total:,}", m=f"{vm['frames']:,}"))
    elif vm["frames_per_process"] is not None:
        check.add("vm.frames_per_process", SHARES_UNUSED.say())
    if vm["replacement"] == "opt" and split == "global" and len(processes) > 1:
        check.add("vm.replacement", OPT_GLOBAL.say())
