"""What each op does when a thread reaches it.

Ops with a CPU cost (``cpu``, ``alloc``, ``free``, ``call``) take effect when
they start (``start_cost_op``) and then hold the core for their ticks.  Every
other op runs in an instant through its handler (``handlers.py``); this
module registers the handlers of ``io``, ``spawn`` and ``join``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import Reason, define, fields, gettext_noop
from . import waits
from .handlers import handles, resolve

if TYPE_CHECKING:  # pragma: no cover
    from .loop import Kernel
    from .process import Process, Thread
CALL_RETURNED = define("kernel.call.returned", gettext_noop("{who}: {fn} returned after {n} ticks"))
CALL_FAILED = define("kernel.call.failed", gettext_noop("{who}: {fn} failed: {error}"))
FREE_UNKNOWN = define("memory.free.unknown", gettext_noop(
    "{who} cannot free {ref}: {ref} is not allocated now (it was freed already, or its allocation failed)"))
NOT_ALLOCATED = define("memory.free.not_allocated", gettext_noop(
    "{ref} is not allocated now (it was freed already, or its allocation failed)"))
UNREACHABLE = define("memory.alloc.unreachable",
                     gettext_noop("{ref} was still allocated at {addr}; that block is now unreachable"))
FREED_AT_EXIT = define("memory.free.at_exit", gettext_noop("{who} ended: its block {ref} is freed. {reason}"))
WAITS_DISK = define("io.wait.disk", gettext_noop("{who} waits for the disk: request {i}, cylinder {cylinder}"))
WAITS_DEVICE = define("io.wait.device", gettext_noop("{who} waits {n} ticks for a device"))
SPAWNS = define("threads.spawn", gettext_noop("{who} spawns thread {thread}"))
JOIN_UNSTARTED = define("threads.join.unstarted", gettext_noop("{who} waits for {thread}, not started yet"))
JOIN_WAITS = define("threads.join.wait", gettext_noop("{who} waits for {thread} to finish"))


# -- ops with a cost ----------------------------------------------------------

def start_cost_op(kernel: "Kernel", th: "Thread", t: int) -> None:
    op = th.program[th.pc]
    kind = op["op"]
    if kind == "cpu":
        th.op_cost = th.op_left = op["ticks"]
        return
    th.op_cost = 1  # static_cost: every other op with a cost counts one tick
    if kind == "alloc":
        _alloc(kernel, th, op, t)
        th.op_left = 1
    elif kind == "free":
        _free(kernel, th, op, t)
        th.op_left = 1
    elif kind == "call":
        # Imported here: the library brings numpy, which a run without calls never needs.
        from ..library import call as library_call
        args = resolve(op.get("args", {}), th.process.values)
        res = library_call(op["fn"], args, kernel.rng.generator())
        th.pending_value = (t, res)
        th.op_left = max(1, res.ticks)
    elif kind == "access":  # a virtual-memory access: one tick (vm/kernel_side.py)
        kernel.vm_start_access(kernel, th, op, t)
        th.op_left = 1
    else:  # pragma: no cover - COST_OPS and this function list the same kinds
        raise AssertionError(f"{kind} is not an op with a cost")


def finish_cost_op(kernel: "Kernel", th: "Thread") -> None:
    op = th.program[th.pc]
    if op["op"] == "call":
        started, res = th.pending_value
        th.pending_value = None
        record: dict[str, Any] = {"who": th.name, "fn": op["fn"], "t": started,
                                  "ticks": max(1, res.ticks), "value": res.value}
        if op.get("as"):
            record["as"] = op["as"]
        if res.error:
            record["error"] = res.error
        elif op.get("as"):
            th.process.values[op["as"]] = res.value
        kernel.record.calls.append(record)
        if res.error:
            kernel.record.error(kernel.now, th.name, "call", res.error)
        kernel.emit("call", who=th.name, fn=op["fn"], value=res.value, error=res.error,
                    reason=(CALL_FAILED.say(who=th.name, fn=op["fn"], error=res.error) if res.error else
                            CALL_RETURNED.say(who=th.name, fn=op["fn"], n=max(1, res.ticks))))
    th.pc += 1
    th.op_left = None


def _memory_record(kernel: "Kernel", record: dict, reason: str) -> None:
    # The reason's fields go last, as ``fields`` would add them.
    if type(reason) is Reason:
        record["reason"] = str(reason)
        record["reason_key"] = reason.key
        record["reason_args"] = reason.args
    else:
        record.update(fields(reason))
    _keep(kernel, record)


def _keep(kernel: "Kernel", record: dict) -> None:
    """Record a memory op whose reason fields are in ``record`` already."""
    if not kernel.record.summary:
        record["free_list"] = kernel.allocator.free_list()
    kernel.record.mem_ops.append(record)
    if kernel.tracer is not None:
        kernel.tracer.memory_changed = True
        kernel.emit(record["op"], **{k: v for k, v in record.items() if k not in ("t", "free_list")})


# ``_alloc`` and ``_free`` build each record in one literal, the reason's
# fields last (as ``_memory_record`` adds them): one record per op, and this
# is the allocator benchmark's hot path.

def _alloc(kernel: "Kernel", th: "Thread", op: dict, t: int) -> None:
    size = op["size"]
    out = kernel.allocator.alloc(size)
    ref = op["as"]
    addr = out.addr
    refs = th.process.refs
    if addr is None:
        kernel.record.failed_allocs += 1
        refs.pop(ref, None)
    else:
        old = refs.get(ref)
        if old is not None:
            # Rebinding a live ref would leak its block silently: say so.
            kernel.record.error(t, th.name, "alloc",
                                UNREACHABLE.say(ref=ref, addr=old))
        refs[ref] = addr
        kernel.block_owner[addr] = (th.process.name, ref)
    reason = out.reason
    if type(reason) is Reason:
        _keep(kernel, {"t": t, "who": th.name, "op": "alloc", "ref": ref, "size": size,
                       "block": out.block, "addr": addr, "searched": out.searched,
                       "reason": str(reason), "reason_key": reason.key, "reason_args": reason.args})
    else:
        _memory_record(kernel, {"t": t, "who": th.name, "op": "alloc", "ref": ref, "size": size,
                                "block": out.block, "addr": addr, "searched": out.searched}, reason)


def _free(kernel: "Kernel", th: "Thread", op: dict, t: int) -> None:
    ref = op["ref"]
    addr = th.process.refs.pop(ref, None)
    if addr is None:
        message = NOT_ALLOCATED.say(ref=ref)
        record = {"t": t, "who": th.name, "op": "free", "ref": ref, "addr": None,
                  "error": message}
        kernel.record.error(t, th.name, "free", message)
        _memory_record(kernel, record, FREE_UNKNOWN.say(who=th.name, ref=ref))
        return
    out = kernel.allocator.free(addr)
    kernel.block_owner.pop(addr, None)
    reason = out.reason
    if type(reason) is Reason:
        _keep(kernel, {"t": t, "who": th.name, "op": "free", "ref": ref, "addr": addr,
                       "block": out.block, "reason": str(reason), "reason_key": reason.key,
                       "reason_args": reason.args})
    else:
        _memory_record(kernel, {"t": t, "who": th.name, "op": "free", "ref": ref, "addr": addr,
                                "block": out.block}, reason)


def _free_block(kernel: "Kernel", who: str, ref: str, addr: int, t: int) -> None:
    """Free a block its process still held when it ended (recorded with ``implicit``)."""
    out = kernel.allocator.free(addr)
    kernel.block_owner.pop(addr, None)
    record = {"t": t, "who": who, "op": "free", "ref": ref, "addr": addr, "block": out.block}
    # Key order as before: the allocator's reason, then ``implicit``, then
    # the reason that wraps it (which replaces the first one's values).
    record.update(fields(out.reason))
    record["implicit"] = True
    _memory_record(kernel, record, FREED_AT_EXIT.say(who=who, ref=ref, reason=out.reason))


def free_process_memory(kernel: "Kernel", proc: "Process") -> None:
    """A process ended: free its live blocks (recorded with ``implicit``)."""
    for ref, addr in list(proc.refs.items()):
        _free_block(kernel, proc.name, ref, addr, kernel.now)
    proc.refs.clear()


# -- instant ops: devices and threads ---------------------------------------------

@handles("io")
def _io(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    if op.get("cylinder") is not None:
        index = kernel.submit_disk_request(th, op["cylinder"])
        kernel.block(th, waits.disk(index), WAITS_DISK.say(who=th.name, i=index, cylinder=op["cylinder"]))
    else:
        kernel.block(th, waits.device(op["ticks"]), WAITS_DEVICE.say(who=th.name, n=op["ticks"]))
        kernel.schedule_wake(th, kernel.now + op["ticks"])
    return False


@handles("spawn")
def _spawn(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    proc = th.process
    child = kernel.new_thread(op["thread"], proc, op["program"], kernel.now)
    proc.live_threads += 1
    kernel.emit("spawn", who=th.name, thread=child.name, reason=SPAWNS.say(who=th.name, thread=child.name))
    kernel.make_ready_now(child)
    return True


@handles("join")
def _join(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    target = kernel.threads.get(op["thread"])
    if target is None:
        # Spawned later (or never): wait for it by name.
        kernel.pending_joins.setdefault(op["thread"], []).append(th)
        kernel.block(th, waits.Wait("join", op["thread"]), JOIN_UNSTARTED.say(who=th.name, thread=op["thread"]))
        return False
    if target.done:
        return True
    target.joiners.append(th)
    kernel.block(th, waits.Wait("join", target.name), JOIN_WAITS.say(who=th.name, thread=target.name))
    return False

