"""The memory manager: frames, page tables, the TLB and the replacement policies.

``VirtualMemory.access(who, op, t)`` does one access: it splits the address
(page number and offset; outer and inner index for a two-level table),
looks in the TLB, then in the page table; on a fault it takes a free frame
of the process's pool or asks the pool's policy for a victim (writing it
back when dirty), and records the access as the ``record`` setting says.
It knows nothing of threads or time slices: ``kernel_side.py`` calls it
and turns a fault into a blocked thread.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import registry
from ..i18n import Reason, define, fields, gettext_noop
from .base import Replacement, Resident
from .future import NEVER, next_uses, reference_string
from .tlb import Tlb

if TYPE_CHECKING:  # pragma: no cover  (numpy is imported at the first random draw)
    import numpy

READS = define("vm.mode.read", gettext_noop("reads"))
WRITES = define("vm.mode.write", gettext_noop("writes"))
TLB_HIT = define("vm.tlb.hit", gettext_noop("TLB hit"))
TLB_MISS = define("vm.tlb.miss", gettext_noop("TLB miss"))
TLB_MISS_FLUSHED = define("vm.tlb.miss_flushed", gettext_noop("TLB miss (flushed at the switch to {who})"))
NO_TLB = define("vm.tlb.none", gettext_noop("no TLB"))
LINEAR = define("vm.split.linear", gettext_noop("page {page}, offset {offset}"))
TWO_LEVEL = define("vm.split.two_level", gettext_noop(
    "page {page} = outer index {outer}, inner index {inner}; offset {offset}"))
HIT = define("vm.hit", gettext_noop(
    "{who} {mode} address {addr} ({split}): {tlb}; page {page} is in frame {frame}, "
    "physical address {paddr}"))
FAULT_FREE = define("vm.fault.free", gettext_noop(
    "{who} {mode} address {addr} ({split}): {tlb}; page fault: page {page} goes into free "
    "frame {frame}, physical address {paddr}"))
FAULT_EVICT = define("vm.fault.evict", gettext_noop(
    "{who} {mode} address {addr} ({split}): {tlb}; page fault: {victim}; page {page} replaces it "
    "in frame {frame}, physical address {paddr}"))
FAULT_EVICT_DIRTY = define("vm.fault.evict_dirty", gettext_noop(
    "{who} {mode} address {addr} ({split}): {tlb}; page fault: {victim}; it was modified, so it "
    "is written back; page {page} replaces it in frame {frame}, physical address {paddr}"))
SEGFAULT = define("vm.segfault", gettext_noop(
    "{who} accesses address {addr}, outside its {bits}-bit address space (0 to {last}): "
    "segmentation fault, {who} is killed"))


@dataclass
class Outcome:
    """What one access did, for the kernel: ``fault`` (a page must be read
    in), ``write_back`` (a dirty victim must be written first), ``page``,
    ``segfault``, and the step's ``reason`` and ``event`` fields."""

    fault: bool
    write_back: bool
    page: int | None
    segfault: bool
    reason: Reason
    event: dict[str, Any]


class Pool:
    """The frames one replacement choice is made among."""

    def __init__(self, frames: list[int], policy: Replacement) -> None:
        self.free = deque(frames)  # lowest frame first
        self.policy = policy


class VirtualMemory:
    """Frames, page tables, TLB and counts of one run (see the module docstring)."""

    def __init__(self, config: dict[str, Any], processes: list[dict], rng: numpy.random.Generator,
                 future: dict[str, list[int]] | None = None, observe: bool = False) -> None:
        """``future``: each process's reference string as OPT should assume it
        (default: program order, see ``rehearsal.py``); ``observe`` records the
        order the run really accesses pages in (``observed``)."""
        self.config = config
        self.page_size = config["page_size"]
        self.offset_bits = self.page_size.bit_length() - 1
        self.address_bits = config["address_bits"]
        self.limit = 1 << self.address_bits
        self.split = config["split"]
        self.record_mode = config["record"]
        self.resident: list[Resident | None] = [None] * config["frames"]
        #: who -> page -> frame: the valid entries of each page table
        self.tables: dict[str, dict[int, int]] = {p["name"]: {} for p in processes}
        policy_class = registry.get("vm", config["replacement"])
        self.pools: dict[str, Pool] = {}
        if config["frames_split"] == "local":
            start = 0
            for p in processes:
                share = config["frames_per_process"][p["name"]]
                frames = list(range(start, start + share))
                start += share
                self.pools[p["name"]] = Pool(frames, policy_class(frames, self.resident, config, rng))
        else:
            frames = list(range(config["frames"]))
            shared = Pool(frames, policy_class(frames, self.resident, config, rng))
            self.pools = {p["name"]: shared for p in processes}
        self.needs_future = policy_class.needs_future
        self.next_use: dict[str, list[int]] = {}
        self.position: dict[str, int] = {p["name"]: 0 for p in processes}
        #: who -> the reference string OPT assumes (empty for other policies)
        self.assumed: dict[str, list[int]] = {}
        if self.needs_future:
            for p in processes:
                pages = (future[p["name"]] if future is not None
                         else reference_string(p["program"], self.page_of))
                self.assumed[p["name"]] = pages
                self.next_use[p["name"]] = next_uses(pages)
        #: who -> the pages it accessed, in the run's order (only when observing)
        self.observed: dict[str, list[int]] | None = (
            {p["name"]: [] for p in processes} if observe else None)
        self.tlb = Tlb(config["tlb"], config["tlb_replacement"], config["tlb_flush_on_switch"])
        zero = {"hits": 0, "faults": 0, "write_backs": 0, "tlb_hits": 0}
        self.totals = dict(zero)
        self.per_process = {p["name"]: dict(zero) for p in processes}
        self.accesses: list[dict] = []
        self.segfaults = 0
        #: OPT with threads: ``{"rehearsals", "exact"}`` (rehearsal.py), else None
        self.opt_future: dict[str, Any] | None = None

    # -- addresses -----------------------------------------------------------
    def address_of(self, op: dict) -> int:
        """The virtual address an access op reads or writes (a touched page's first byte)."""
        return op["addr"] if op["page"] is None else op["page"] * self.page_size

    def page_of(self, op: dict) -> int | None:
        addr = self.address_of(op)
        return addr >> self.offset_bits if addr < self.limit else None

    def _split_reason(self, page: int, offset: int) -> tuple[Reason, dict[str, int]]:
        if self.split is None:
            return LINEAR.say(page=page, offset=offset), {}
        inner_bits = self.split[1]
        outer, inner = page >> inner_bits, page & ((1 << inner_bits) - 1)
        return (TWO_LEVEL.say(page=page, outer=outer, inner=inner, offset=offset),
                {"outer": outer, "inner": inner})

    # -- one access ----------------------------------------------------------
    def access(self, who: str, op: dict, t: int, explain: bool = True) -> Outcome:
        """Do one access at ``t``.  ``explain`` builds the step's sentence (and
        ``record: "table"`` always does); without it the outcome's ``reason`` is
        None, so that counting a million accesses makes no sentences."""
        addr = op["addr"] if op["page"] is None else op["page"] * self.page_size
        write = op["write"]
        if addr >= self.limit:
            self.segfaults += 1
            reason = SEGFAULT.say(who=who, addr=addr, bits=self.address_bits, last=self.limit - 1)
            return Outcome(False, False, None, True, reason,
                           {"who": who, "addr": addr, "segfault": True})
        explain = explain or self.record_mode == "table"
        page, offset = addr >> self.offset_bits, addr & (self.page_size - 1)
        tlb = self.tlb
        flushed = tlb.switch_to(who) if tlb.size else False
        counts = self.per_process[who]
        totals = self.totals
        table = self.tables[who]
        frame = tlb.lookup(who, page) if tlb.size else None
        tlb_hit = frame is not None
        if frame is None:
            frame = table.get(page)
        if self.observed is not None:
            self.observed[who].append(page)
        next_use = NEVER
        if self.needs_future:
            position = self.position[who]
            uses = self.next_use[who]
            next_use = uses[position] if position < len(uses) else NEVER
            self.position[who] = position + 1
        evicted = None
        write_back = False
        victim_reason = None
        if frame is not None:  # hit
            resident = self.resident[frame]
            resident.last_used = t
            resident.next_use = next_use
            if write:
                resident.dirty = True
            self.pools[who].policy.used(frame, resident, t)
            hit = True
            counts["hits"] += 1
            totals["hits"] += 1
        else:
            hit = False
            counts["faults"] += 1
            totals["faults"] += 1
            pool = self.pools[who]
            if pool.free:
                frame = pool.free.popleft()
            else:
                frame = pool.policy.victim(t)
                old = self.resident[frame]
                if explain:
                    victim_reason = pool.policy.why(frame, old, t)
                evicted = {"who": old.who, "page": old.page}
                del self.tables[old.who][old.page]
                if tlb.size:
                    tlb.drop(old.who, old.page)
                if old.dirty:
                    write_back = True
                    self.per_process[old.who]["write_backs"] += 1
                    totals["write_backs"] += 1
            resident = Resident(who, page, loaded=t, last_used=t, dirty=write, next_use=next_use)
            self.resident[frame] = resident
            table[page] = frame
            pool.policy.loaded(frame, resident, t)
        if tlb_hit:
            counts["tlb_hits"] += 1
            totals["tlb_hits"] += 1
        elif tlb.size:
            tlb.insert(who, page, frame)
        paddr = frame * self.page_size + offset
        reason = None
        levels: dict[str, int] = {}
        if explain or self.split is not None and self.record_mode != "none":
            split, levels = self._split_reason(page, offset)
        if explain:
            reason = self._reason(who, write, addr, split, page, frame, paddr, hit, tlb_hit,
                                  flushed, victim_reason, write_back)
        event = {"who": who, "addr": addr, "page": page, "offset": offset, **levels,
                 "write": write, "frame": frame, "paddr": paddr, "tlb_hit": tlb_hit, "hit": hit,
                 "evicted": evicted, "write_back": write_back} if explain else {}
        if self.record_mode != "none":
            record = {"t": t, "who": who, "page": page, "offset": offset, "paddr": paddr,
                      "tlb_hit": tlb_hit, "hit": hit, "evicted": evicted, "addr": addr,
                      "write": write, "frame": frame, **levels}
            if write_back:
                record["write_back"] = True
            if self.record_mode == "table":
                record["frames"] = self.frames()
                record.update(fields(reason))
            self.accesses.append(record)
        return Outcome(not hit, write_back, page, False, reason, event)

    def _reason(self, who: str, write: bool, addr: int, split: Reason, page: int, frame: int,
                paddr: int, hit: bool, tlb_hit: bool, flushed: bool,
                victim: Reason | None, write_back: bool) -> Reason:
        """The step's sentence for one access."""
        mode = WRITES.say() if write else READS.say()
        if tlb_hit:
            tlb = TLB_HIT.say()
        elif not self.tlb.size:
            tlb = NO_TLB.say()
        else:
            tlb = TLB_MISS_FLUSHED.say(who=who) if flushed else TLB_MISS.say()
        said = dict(who=who, mode=mode, addr=addr, split=split, tlb=tlb, page=page,
                    frame=frame, paddr=paddr)
        if hit:
            return HIT.say(**said)
        if victim is None:
            return FAULT_FREE.say(**said)
        if write_back:
            return FAULT_EVICT_DIRTY.say(victim=victim, **said)
        return FAULT_EVICT.say(victim=victim, **said)

    def free_process(self, who: str) -> list[int]:
        """A killed process's frames become free (and its TLB entries go); the
        frames freed, lowest first."""
        table = self.tables[who]
        pool = self.pools[who]
        for page, frame in table.items():
            self.resident[frame] = None
            pool.policy.freed(frame)
            if self.tlb.size:
                self.tlb.drop(who, page)
        freed = sorted(table.values())
        table.clear()
        pool.free = deque(sorted([*pool.free, *freed]))
        return freed

    # -- views -----------------------------------------------------------------
    def frames(self) -> list[dict | None]:
        """What each frame holds: ``{"who", "page"}`` or None."""
        return [None if r is None else {"who": r.who, "page": r.page} for r in self.resident]

    def snapshot(self) -> dict[str, Any]:
        """The step state ``vm``: frames with their bits, the clock hands, the TLB."""
        frames = [None if r is None else {"who": r.who, "page": r.page, "use": r.use,
                                          "dirty": r.dirty, "loaded": r.loaded,
                                          "last_used": r.last_used}
                  for r in self.resident]
        hands = sorted({h for pool in self.pools.values()
                        if (h := pool.policy.hand()) is not None})
        return {"frames": frames, "hands": hands, "tlb": self.tlb.snapshot(),
                "tables": {who: dict(sorted(t.items())) for who, t in self.tables.items()}}

    def result(self) -> dict[str, Any]:
        """The result's ``vm`` section (CONTRACT.md)."""
        out: dict[str, Any] = {**self.totals, "per_process": self.per_process,
                               "accesses": self.accesses, "segfaults": self.segfaults,
                               "replacement": self.config["replacement"],
                               "frames": self.frames()}
        if self.tlb.size:
            out["tlb_flushes"] = self.tlb.flushes
        if self.opt_future is not None:
            out["opt_future"] = self.opt_future
        return out
