"""The registry of instant ops: which function runs each zero-cost op kind.

A leaf module (it imports nothing of the engine), so the packages that add
ops (``kernel/ops.py`` for io, spawn and join; ``ipc/mailbox.py``;
``threads/sync.py``) register here without importing each other.

A handler takes ``(kernel, thread, op)`` and returns True when the op is
done, or blocks the thread and returns False; whoever unblocks the thread
later finishes the op with ``kernel.complete_blocked``.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    from .loop import Kernel
    from .process import Thread

Handler = Callable[["Kernel", "Thread", dict], bool]

#: The module that registers each op kind outside the kernel, imported the
#: first time a thread reaches such an op: a CPU-only run never loads the
#: IPC, synchronization, virtual-memory or LLM code.
OP_MODULES = {
    "send": "ipc.mailbox", "request": "ipc.mailbox", "recv": "ipc.mailbox",
    "reply": "ipc.mailbox", "subscribe": "ipc.mailbox", "publish": "ipc.mailbox",
    "lock": "threads.sync", "unlock": "threads.sync",
    "sem_wait": "threads.sync", "sem_signal": "threads.sync",
    "acquire": "threads.avoid", "release": "threads.avoid",
    "page_wait": "vm.kernel_side", "generate": "llm.driver",
}


class _Handlers(dict):
    """op kind -> handler; a kind not registered yet loads its module (``OP_MODULES``)."""

    def __missing__(self, kind: str) -> Handler:
        module = OP_MODULES.get(kind)
        if module is None:
            raise KeyError(kind)
        import_module(f"{__package__.rpartition('.')[0]}.{module}")
        return dict.__getitem__(self, kind)


#: op kind -> its handler, filled by the ``@handles`` decorators.
HANDLERS: dict[str, Handler] = _Handlers()


def load_all() -> None:
    """Import every module that registers an op, and every policy.

    For catalogs of every reason key, and for a worker's warm-up: a run
    imports the policies it uses on first use (``registry``), so after this
    no first run in a class pays for an import.
    """
    for module in dict.fromkeys(OP_MODULES.values()):
        import_module(f"{__package__.rpartition('.')[0]}.{module}")
    from .. import registry
    registry.load_all()


def handles(kind: str) -> Callable[[Handler], Handler]:
    """Register the handler of one zero-cost op kind."""

    def decorate(fn: Handler) -> Handler:
        if kind in HANDLERS and HANDLERS[kind] is not fn:
            raise ValueError(f"op {kind!r} has two handlers")
        HANDLERS[kind] = fn
        return fn

    return decorate


def resolve(value: Any, values: dict[str, Any]) -> Any:
    """Replace every ``{"$ref": name}`` in ``value`` by the value bound to name."""
    if isinstance(value, dict):
        if len(value) == 1 and "$ref" in value:
            return values.get(value["$ref"])
        return {k: resolve(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, values) for v in value]
    return value
