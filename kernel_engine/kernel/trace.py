"""Steps: what happened at one instant, and enough state to show it.

A step is ``{"i", "t", "events", "state", "keyframe"}`` (and ``patch``,
``gone`` when needed).  On keyframes (step 0 and every ``KEYFRAME_EVERY``
steps) ``state`` holds every key; otherwise only what changed since the
previous step: keys given whole in ``state``, collections changed in place
as patches in ``patch`` (``delta.py``).  Every collection is a bounded view
(its first ``delta.LIMIT`` entries).  A player shows step i from the last
keyframe at or before i plus the changes of the steps after it
(``delta.apply_step``): seeking never replays from zero, and a step costs
what it changes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import Reason
from . import delta

if TYPE_CHECKING:  # pragma: no cover
    from .loop import Kernel

KEYFRAME_EVERY = 32


def keyframe_at_or_before(index: int) -> int:
    """The index of the keyframe a reader starting at step ``index`` must begin with."""
    return index - index % KEYFRAME_EVERY


class Tracer:
    def __init__(self, kernel: "Kernel") -> None:
        self.kernel = kernel
        self.events: list[dict] = []
        self.index = 0
        self.previous: dict[str, Any] = {}
        #: the bounded views of ``previous``, what the last step showed
        self.shown: dict[str, Any] = {}
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
        # A value the kernel did not rebuild (the memory map) keeps its view.
        shown = {k: self.shown[k] if self.previous.get(k) is v and k in self.shown else delta.bounded(v)
                 for k, v in state.items()}
        change = delta.encode(self.shown, shown)
        if not self.events and not (change["state"] or len(change) > 1):
            return None
        keyframe = self.index % KEYFRAME_EVERY == 0
        step = {"i": self.index, "t": t, "events": self.events,
                "state": shown if keyframe else change["state"], "keyframe": keyframe}
        if not keyframe:
            step.update((k, v) for k, v in change.items() if k != "state")
        if final:
            step["final"] = True
        self.previous = state
        self.shown = shown
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
        if k.llm is not None:
            state["llm"] = k.llm.device.snapshot()
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
