"""The kernel's side of virtual memory: an access takes a tick, a fault blocks.

A ``touch`` or ``access`` op is normalized into pairs of ops (``expand``):
``{"op": "access", ...}``, which costs one CPU tick and does the access
when it starts (as every op with a cost takes effect when it starts), then
``{"op": "page_wait"}``, an instant op that blocks the thread when the
access faulted: ``fault_ticks`` ticks (twice that when a dirty victim must
be written back first), or a disk request for the page (cylinder = page
mod cylinders) through the ``io`` scheduler with ``fault_device: "disk"``,
where a write-back is a request of its own that nobody waits for.  Other
threads run meanwhile, and the Gantt chart shows the gap.  An address
outside the address space ends the thread (its process, when it has one
thread) with a segmentation fault recorded in ``errors``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import registry
from ..i18n import define, gettext_noop
from ..kernel import waits
from ..kernel.handlers import handles
from . import rehearsal
from .memory import Outcome, VirtualMemory

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.loop import Kernel
    from ..kernel.process import Thread

WAITS_PAGE = define("vm.wait.page", gettext_noop("{who} waits {n} ticks while page {page} is read in"))
WAITS_PAGE_DIRTY = define("vm.wait.page_dirty", gettext_noop(
    "{who} waits {n} ticks while the victim is written back and page {page} is read in"))
WAITS_PAGE_DISK = define("vm.wait.disk", gettext_noop(
    "{who} waits for the disk to read page {page}: request {i}, cylinder {cylinder}"))

KILLED = define("vm.segfault.killed", gettext_noop(
    "{thread} accesses address {addr}, outside {process}'s {bits}-bit address space (0 to {last}): "
    "segmentation fault; {process} is killed with all its threads ({threads}) and its frames "
    "are freed ({frames})"))
THREAD_KILLED = define("vm.segfault.thread", gettext_noop(
    "{who} is killed: {thread} of the same process caused a segmentation fault"))
NO_FRAMES = define("vm.segfault.no_frames", gettext_noop("none held"))

#: The normalized op that follows every access.
PAGE_WAIT = {"op": "page_wait"}


def expand(op: dict) -> list[dict]:
    """A ``touch`` or ``access`` op as the ops the kernel runs (see the module docstring)."""
    if op["op"] == "touch":
        out: list[dict] = []
        write = op.get("write", False)
        for page in op["pages"]:
            out.append({"op": "access", "page": page, "addr": None, "write": write})
            out.append(PAGE_WAIT)
        return out
    return [{"op": "access", "page": None, "addr": op["addr"], "write": op["write"]}, PAGE_WAIT]


def make_vm(kernel: "Kernel") -> VirtualMemory | None:
    """The run's memory manager; OPT with threads first rehearses its future (rehearsal.py)."""
    scenario = kernel.scenario
    config = scenario.get("vm")
    if config is None:
        return None
    future, observe = rehearsal.assumed()
    needs_future = registry.get("vm", config["replacement"]).needs_future
    rehearsed = None
    if rehearsal.needs_rehearsal(scenario, needs_future):
        future, rehearsed = rehearsal.rehearse(scenario)
    vm = VirtualMemory(config, scenario["processes"], kernel.rng, future=future, observe=observe)
    vm.opt_future = rehearsed
    return vm


def start_access(kernel: "Kernel", th: "Thread", op: dict, t: int) -> None:
    """The access op starts at ``t``: translate now; ``page_wait`` blocks if it faulted."""
    vm = kernel.vm
    outcome = vm.access(th.process.name, op, t, explain=kernel.tracer is not None)
    kernel.vm_pending[th.name] = outcome
    if kernel.tracer is not None:
        kernel.tracer.vm_changed = True
        kernel.emit("access", **outcome.event, reason=outcome.reason)


@handles("page_wait")
def _page_wait(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    outcome: Outcome | None = kernel.vm_pending.pop(th.name, None)
    if outcome is None:
        return True
    if outcome.segfault:
        kill_process(kernel, th, outcome.event["addr"])
        th.pc = len(th.program) - 1  # the op after this one is the end: the thread ends
        return True
    if not outcome.fault:
        return True
    config = kernel.vm.config
    page = outcome.page
    if config["fault_device"] == "disk":
        cylinders = kernel.scenario["io"]["cylinders"]
        cylinder = page % cylinders
        if outcome.write_back:
            disks = kernel.disks
            index = disks.add_scheduled(cylinder, kernel.now)
            disks.arrive(index, kernel.now)
        index = kernel.submit_disk_request(th, cylinder)
        kernel.block(th, waits.Wait("page", page, f"page:{page}"),
                     WAITS_PAGE_DISK.say(who=th.name, page=page, i=index, cylinder=cylinder))
        return False
    ticks = config["fault_ticks"] * (2 if outcome.write_back else 1)
    if ticks == 0:
        return True
    said = WAITS_PAGE_DIRTY if outcome.write_back else WAITS_PAGE
    kernel.block(th, waits.Wait("page", page, f"page:{page}"), said.say(who=th.name, n=ticks, page=page))
    kernel.schedule_wake(th, kernel.now + ticks)
    return False


def kill_process(kernel: "Kernel", th: "Thread", addr: int) -> None:
    """``th`` made a segmentation fault at ``addr``: its process dies (see the module docstring).

    ``th`` itself ends when its ``page_wait`` returns (the caller moves its
    program counter to the end); every other live thread of the process ends
    now; the process's frames are freed.
    """
    proc = th.process
    others = [o for o in proc.threads if o is not th and not o.done]
    freed = kernel.vm.free_process(proc.name)
    vm = kernel.vm
    reason = KILLED.say(thread=th.name, addr=addr, process=proc.name, bits=vm.address_bits,
                        last=vm.limit - 1, threads=", ".join([th.name] + [o.name for o in others]),
                        frames=", ".join(map(str, freed)) if freed else NO_FRAMES.say())
    kernel.record.error(kernel.now, th.name, "access", reason, addr=addr, process=proc.name,
                        frames_freed=freed)
    if kernel.tracer is not None:
        kernel.tracer.vm_changed = True
        kernel.emit("error", who=th.name, reason=reason)
    kernel.threads_lib.forget(proc.name)
    for other in others:
        kernel.vm_pending.pop(other.name, None)
        kernel.kill_thread(other, THREAD_KILLED.say(who=other.name, thread=th.name))


def result_of(kernel: "Kernel") -> dict[str, Any] | None:
    return kernel.vm.result() if kernel.vm is not None else None
