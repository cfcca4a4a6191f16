"""The registry of instant ops: which function runs each zero-cost op kind.

A leaf module (it imports nothing of the engine), so the packages that add
ops (``kernel/ops.py`` for io, spawn and join; ``ipc/mailbox.py``;
``threads/sync.py``) register here without importing each other.

A handler takes ``(kernel, thread, op)`` and returns True when the op is
done, or blocks the thread and returns False; whoever unblocks the thread
later finishes the op with ``kernel.complete_blocked``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    from .loop import Kernel
    from .process import Thread

Handler = Callable[["Kernel", "Thread", dict], bool]

#: op kind -> its handler, filled by the ``@handles`` decorators.
HANDLERS: dict[str, Handler] = {}


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
