"""Steps: what happened at one instant, and enough state to show it.

A step is ``{"i", "t", "events", "state", "keyframe"}``.  ``state`` holds only
the top-level keys that changed since the previous step, except on keyframes
(step 0 and every ``KEYFRAME_EVERY`` steps) where it holds every key.  A player
shows step i from the last keyframe at or before i plus the changed keys of
the steps after it: seeking never replays from zero, and long runs do not
repeat unchanged state on every step.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import Reason

if TYPE_CHECKING:  # pragma: no cover
    from .loop import Kernel

KEYFRAME_EVERY = 32


class Tracer:
    def __init__(self, kernel: "Kernel") -> None:
        self.kernel = kernel
        self.events: list[dict] = []
        self.index = 0
        self.previous: dict[str, Any] = {}
        #: set by memory ops so the memory map is rebuilt only when it changes
        self.memory_changed = True
        #: set by accesses so the page frames are copied only when they change
        self.vm_changed = True

    def event(self, kind: str, fields: dict) -> None:
        record = {"kind": kind}
        record.update(fields)
        reason = fields.get("reason")
        if isinstance(reason, Reason):
            # The sentence as data beside its English text (docs/internals.md, "Steps").
            record["reason"] = str(reason)
            record["reason_key"] = reason.key
            record["reason_args"] = reason.args
        self.events.append(record)

    def flush(self, t: int, final: bool = False) -> dict | None:
        """The step for instant ``t``, or None when nothing happened."""
        state = self.state()
        changed = {k: v for k, v in state.items() if k not in self.previous or self.previous[k] != v}
        if not self.events and not changed:
            return None
        keyframe = self.index % KEYFRAME_EVERY == 0
        step = {"i": self.index, "t": t, "events": self.events,
                "state": state if keyframe else changed, "keyframe": keyframe}
        if final:
            step["final"] = True
        self.previous = state
        self.events = []
        self.index += 1
        return step

    def state(self) -> dict[str, Any]:
        k = self.kernel
        running = []
        for core in k.cores:
            th = core.thread
            if th is None:
                running.append(None)
            elif core.switching:
                running.append({"who": th.name, "since": core.slice_end, "switching": True})
            else:
                running.append({"who": th.name, "since": core.seg_start})
        state: dict[str, Any] = {
            "running": running,
            "ready": k.policy.snapshot(),
            "blocked": {name: th.waiting_on.as_dict() for name, th in sorted(k.blocked.items())},
        }
        if self.memory_changed or "memory" not in self.previous:
            state["memory"] = self.memory()
            self.memory_changed = False
        else:
            state["memory"] = self.previous["memory"]
        if k.disk_requests:
            disk = k.disk
            state["disk"] = {"head": disk.head, "direction": disk.direction,
                             "pending": list(disk.pending()), "serving": disk.serving}
        if k.ipc is not None:
            state["mailboxes"] = {name: [{"from": m.record["from"], "body": m.record["body"]} for m in box]
                                  for name, box in k.ipc.boxes.items() if box}
        if k.sync is not None:
            state["locks"] = k.sync.snapshot()
        if k.vm is not None:
            if self.vm_changed or "vm" not in self.previous:
                state["vm"] = k.vm.snapshot()
                self.vm_changed = False
            else:
                state["vm"] = self.previous["vm"]
        if k.resources is not None:
            state["resources"] = k.resources.snapshot()
        return state

    def memory(self) -> dict[str, Any]:
        k = self.kernel
        alloc = k.allocator
        blocks = []
        for start, size, addr in alloc.blocks():
            owner, ref = k.block_owner.get(addr, (None, None))
            blocks.append([start, size, owner, ref])
        return {"blocks": blocks, "free": alloc.free_list(),
                "fragmentation": alloc.fragmentation(), "used": alloc.used}
