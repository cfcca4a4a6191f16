"""The parts of a scenario the compare page can compare, and where each keeps its policy.

A subsystem names the object that holds its policy (``path``: ``("cpu",)``,
``("vm",)``, ``("llm", "kv")``) and the field inside it (``policy``,
``replacement``, ``mode``).  Its policies come from the engine: the
registry (``registry.describe``) for every registered kind, and the LLM
device's own lists for batching modes and scheduling policies (those are
not registered: they are rules inside the device, not plug-ins).  Settings
listed in ``common`` apply to every policy of the subsystem (the frames of
virtual memory).

    SUBSYSTEMS["vm"].section_in(scenario)  -> the scenario's vm section (or None)
    SUBSYSTEMS["vm"].describe()            -> [{name, title, help, label, settings}]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from kernel_engine import registry
from kernel_engine.llm.config import BATCH_MODES, SCHEDULING
from playground.studio import policy_names

# The LLM device's batching modes and scheduling policies, in the page's
# language (the names themselves come from kernel_engine.llm.config).
LLM_RULES: dict[str, dict[str, tuple[Any, Any, Any, tuple[str, ...]]]] = {
    "llm_batching": {
        "request_level": (gettext_lazy("Request-level batching"), gettext_lazy("request-level"),
                          gettext_lazy("A batch runs until its longest request ends, shorter ones padded."), ()),
        "iteration_level": (gettext_lazy("Iteration-level (continuous) batching"), gettext_lazy("continuous"),
                            gettext_lazy("Requests join and leave the batch at every iteration."), ()),
    },
    "llm_scheduling": {
        "fcfs": (gettext_lazy("First come, first served"), gettext_lazy("FCFS"),
                 gettext_lazy("Requests run in arrival order."), ()),
        "shortest_remaining_tokens": (gettext_lazy("Shortest remaining tokens (an oracle)"),
                                      gettext_lazy("shortest remaining"),
                                      gettext_lazy("The request with the fewest tokens left to generate goes first."), ()),
        "rr": (gettext_lazy("Round robin over a token quantum"), gettext_lazy("RR"),
               gettext_lazy("A request that produced its quantum of tokens yields to a waiting one."),
               ("quantum_tokens",)),
    },
}
LLM_NAMES = {"llm_batching": BATCH_MODES, "llm_scheduling": SCHEDULING}


@dataclass(frozen=True)
class Subsystem:
    """A part of the scenario whose policy compare replaces."""

    key: str                  # in the address: ?subsystem=cpu|memory|io|vm|llm_kv|...
    path: tuple[str, ...]     # the objects leading to the one that holds the policy
    field: str                # the policy's field in it
    kind: str                 # registry kind, or a key of LLM_RULES
    heading: Any              # the page's h1
    noun: Any                 # "CPU policy" in "There is no CPU policy named ..."
    common: tuple[str, ...] = ()   # compared settings every policy has
    #: the same workload's policies ticked before the reader chooses, preferred first
    contrasts: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        """The top-level section the scenario needs for this comparison."""
        return self.path[0]

    def section_in(self, scenario: dict[str, Any]) -> dict[str, Any] | None:
        """The object holding the policy (``{}`` when only its parent exists), or None
        when the scenario lacks the top-level section (the CPU's may be absent)."""
        node: Any = scenario.get(self.path[0])
        if not isinstance(node, dict):
            return {} if self.key == "cpu" else None
        for name in self.path[1:]:
            inner = node.get(name)
            node = inner if isinstance(inner, dict) else {}
        return node

    def with_policy(self, scenario: dict[str, Any], policy: str, settings: dict[str, Any]) -> dict[str, Any]:
        """A shallow-copied path down to the policy's object, with policy and settings set
        (``scenario`` must be a copy the caller may change above the path)."""
        node = scenario
        for name in self.path:
            inner = node.get(name)
            inner = dict(inner) if isinstance(inner, dict) else {}
            node[name] = inner
            node = inner
        node[self.field] = policy
        node.update(settings)
        return scenario

    def names(self) -> list[str]:
        if self.kind in LLM_RULES:
            return list(LLM_NAMES[self.kind])
        return registry.names(self.kind)

    def describe(self) -> list[dict[str, Any]]:
        """The policies as ``registry.describe`` gives them, in the page's language."""
        if self.kind not in LLM_RULES:
            return policy_names.described(self.kind)
        rules = LLM_RULES[self.kind]
        out = []
        for name in LLM_NAMES[self.kind]:
            title, label, help_text, settings = rules.get(name, (name, name, "", ()))
            out.append({"name": name, "title": str(title), "label": str(label), "help": str(help_text),
                        "settings": list(settings), "preemptive": False})
        return out


SUBSYSTEMS = {
    "cpu": Subsystem("cpu", ("cpu",), "policy", "cpu", gettext_lazy("Compare CPU policies"),
                     gettext_lazy("CPU policy"), contrasts=("fcfs", "rr")),
    "memory": Subsystem("memory", ("memory",), "policy", "memory", gettext_lazy("Compare memory allocators"),
                        gettext_lazy("memory allocator"), contrasts=("best_fit", "first_fit")),
    "io": Subsystem("io", ("io",), "policy", "io", gettext_lazy("Compare disk schedulers"),
                    gettext_lazy("disk scheduler"), contrasts=("fcfs", "sstf")),
    "vm": Subsystem("vm", ("vm",), "replacement", "vm", gettext_lazy("Compare page replacement policies"),
                    gettext_lazy("page replacement policy"), common=("frames",),
                    contrasts=("fifo", "opt", "lru")),
    "llm_kv": Subsystem("llm_kv", ("llm", "kv"), "policy", "llm_kv", gettext_lazy("Compare KV cache policies"),
                        gettext_lazy("KV cache policy"), contrasts=("contiguous_max", "paged")),
    "llm_batching": Subsystem("llm_batching", ("llm", "batching"), "mode", "llm_batching",
                              gettext_lazy("Compare LLM batching"), gettext_lazy("batching mode"),
                              contrasts=("request_level", "iteration_level")),
    "llm_scheduling": Subsystem("llm_scheduling", ("llm", "scheduling"), "policy", "llm_scheduling",
                                gettext_lazy("Compare LLM request scheduling"),
                                gettext_lazy("LLM scheduling policy"),
                                contrasts=("fcfs", "shortest_remaining_tokens", "rr")),
}


def subsystem_keys_text() -> str:
    """"cpu, memory, io, vm, ..." for a sentence."""
    return ", ".join(SUBSYSTEMS)
