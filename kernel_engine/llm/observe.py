"""A run's LLM facts without its steps: the preemption order and the pool per iteration.

Grading asks "which request is preempted first?" and "what share of the
pool holds token states during iteration 12?"; recording every step to
answer costs several times the run (docs/grading.md).  ``observe`` runs the
scenario without a trace and listens to the device's own events instead.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Observation:
    """What ``observe`` saw: the result, and the LLM device's decisions in order."""

    result: dict[str, Any] = field(default_factory=dict)
    #: request ids, in the order they were preempted
    preempted: list[str] = field(default_factory=list)
    #: bytes of the pool holding token states during iteration n, at index n - 1
    used: list[int] = field(default_factory=list)
    #: the pool's bytes (0 without an LLM device)
    pool: int = 0


def observe(scenario: Any, on_iteration: Callable[[int], None] | None = None) -> Observation:
    """Run ``scenario`` (summary result, no trace) and observe its LLM device.

    ``on_iteration(n)`` is called as iteration n starts (a caller's budget
    check may raise from it and so stop the run).  Raises ScenarioError when
    the scenario is invalid.
    """
    from .. import validate
    from ..kernel import Kernel
    from ..scenario import gc_paused

    seen = Observation()
    normalized = validate(scenario)
    with gc_paused():
        kernel = Kernel(normalized, summary=True)
        if kernel.llm is not None:
            device = kernel.llm.device
            seen.pool = device.kv.pool
            forward = device.emit

            def emit(kind: str, **fields: Any) -> None:
                # The device refreshes its pool split before it announces an
                # iteration: kv_now is the pool during that iteration.
                if kind == "llm_iteration":
                    seen.used.append(device.kv_now["used"])
                    if on_iteration is not None:
                        on_iteration(fields["n"])
                elif kind == "llm_preempt":
                    seen.preempted.append(fields["who"])
                forward(kind, **fields)

            device.emit = emit
        for _ in kernel.steps():
            pass
    assert kernel.result is not None  # set once the loop ends
    seen.result = kernel.result
    return seen
