"""The LLM-OS kernel engine: a deterministic discrete-event simulator.

    from kernel_engine import simulate, iter_steps, validate, ScenarioError
    result = simulate(scenario)              # the result dict of the contract
    for step in iter_steps(scenario): ...    # steps as they are computed

The engine is pure Python + numpy and knows nothing of the web app.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Problem, ScenarioError

if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Iterator

__version__ = "1.0.0"  # bump when a change alters any step or result

__all__ = ["simulate", "iter_steps", "validate", "ScenarioError", "Problem", "Run"]


def validate(scenario: Any) -> dict:
    """The normalized scenario (every default filled in, sizes in bytes).

    Raises ScenarioError listing every problem when the scenario is invalid.
    """
    from .scenario import validate as validate_scenario

    return validate_scenario(scenario)


class Run:
    """One run of a scenario, step by step.

    Iterate it for the steps as they are computed; afterwards ``result``
    holds the same result ``simulate`` returns.  Raises ScenarioError at
    construction when the scenario is invalid.
    """

    def __init__(self, scenario: Any, *, summary: bool = False) -> None:
        from .kernel import Kernel

        self.scenario = validate(scenario)
        self._kernel = Kernel(self.scenario, trace=True, summary=summary)

    def __iter__(self) -> Iterator[dict]:
        return self._kernel.steps()

    @property
    def result(self) -> dict | None:
        return self._kernel.result


def iter_steps(scenario: Any, *, summary: bool = False) -> Iterator[dict]:
    """Steps of ``scenario`` as they are computed (see docs/internals.md)."""
    return iter(Run(scenario, summary=summary))


def simulate(scenario: Any, *, summary: bool = False, trace: bool = False) -> dict:
    """Run ``scenario`` to the end and return its result.

    ``summary`` leaves out the per-op free-list snapshots; ``trace`` adds the
    list of steps as ``result["steps"]``.  Raises ScenarioError when the
    scenario is invalid.
    """
    from .kernel import Kernel
    from .scenario import gc_paused

    normalized = validate(scenario)
    # The run builds many long-lived objects and frees almost nothing until
    # it ends; the cyclic collector's passes over them cost more than half
    # the time of a large run, and find nothing.
    with gc_paused():
        kernel = Kernel(normalized, trace=trace, summary=summary)
        steps = list(kernel.steps())
    result = kernel.result
    if trace:
        result["steps"] = steps
    return result
