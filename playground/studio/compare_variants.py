"""What the compare page compares: a subsystem's policies, each with its settings.

A *variant* is one policy of one subsystem (compare_subsystems.py) plus the
settings compare lets the reader change (``COMPARED_SETTINGS``): RR's
quantum, a list allocator's free-list order, a sweeping disk scheduler's
first direction, the frames of virtual memory, the LLM round robin's token
quantum.  In the address a variant is written ``name`` or
``name:setting=value`` (``rr:quantum=2``, ``first_fit:order=size_asc``,
``scan:direction=down``, ``lru:frames=4``);
the picker's form sends ``policy=rr`` with ``rr.quantum=2`` beside it, which
means the same.  Everything else keeps the scenario's value.

    subsystem_of("memory") -> Subsystem(key="memory", section="memory", ...)
    read_variants(subsystem, asked, form, scenario) -> (variants, errors)
    scenario_of(scenario, subsystem, variant) -> the scenario to run
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel_engine.llm.config import MAX_SEQ_LEN
from kernel_engine.memory import ORDERS
from kernel_engine.scenario import problems
from kernel_engine.vm.config import MAX_FRAMES
from playground.studio.compare_subsystems import SUBSYSTEMS, Subsystem

MIN_VARIANTS = 2
MAX_VARIANTS = 4
MAX_QUANTUM = 10_000_000
DIRECTIONS = ("up", "down")


def _whole(top: int) -> Callable[[str], int]:
    def read(text: str) -> int:
        value = int(text)
        if not 1 <= value <= top:
            raise ValueError
        return value
    return read


_quantum = _whole(MAX_QUANTUM)


def _one_of(options: tuple[str, ...]) -> Callable[[str], str]:
    def read(text: str) -> str:
        if text not in options:
            raise ValueError
        return text
    return read


# setting -> (reader of its text, default when the scenario has none, what it must be)
COMPARED_SETTINGS: dict[str, tuple[Callable[[str], Any], Any, Any]] = {
    "quantum": (_quantum, 2, gettext_lazy("a whole number of ticks from 1 to 10,000,000")),
    "order": (_one_of(ORDERS), "address", gettext_lazy("one of address, size_asc, size_desc, insert_front, insert_back")),
    "direction": (_one_of(DIRECTIONS), "up", gettext_lazy("up or down")),
    "frames": (_whole(MAX_FRAMES), 3, gettext_lazy("a whole number of frames from 1 to 1,000,000")),
    "quantum_tokens": (_whole(MAX_SEQ_LEN), 64, gettext_lazy("a whole number of tokens from 1 to 1,048,576")),
}


@dataclass
class Variant:
    """One policy with its compared settings (only those it reads)."""

    policy: str
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The variant as written in the address: ``rr:quantum=2``."""
        if not self.settings:
            return self.policy
        return self.policy + ":" + ",".join(f"{k}={v}" for k, v in sorted(self.settings.items()))


def subsystem_of(key: str | None) -> Subsystem | None:
    """The subsystem named ``key`` (CPU when not given), or None if there is no such one."""
    return SUBSYSTEMS.get(key or "cpu")


def compared_settings(subsystem: Subsystem) -> dict[str, list[str]]:
    """policy name -> the settings compare shows for it (those it reads that compare can
    change, then those every policy of the subsystem has)."""
    return {p["name"]: [s for s in p["settings"] if s in COMPARED_SETTINGS] + list(subsystem.common)
            for p in subsystem.describe()}


def own_settings(scenario: dict[str, Any], subsystem: Subsystem) -> dict[str, Any]:
    """The scenario's values of the compared settings, defaults filled in."""
    section = subsystem.section_in(scenario) or {}
    out = {}
    for name, (read, default, _what) in COMPARED_SETTINGS.items():
        value = section.get(name, default)
        try:
            out[name] = read(str(value))
        except (TypeError, ValueError):
            out[name] = default
    return out


def _parse(text: str, subsystem: Subsystem, form: Any, base: dict[str, Any],
           errors: list[str]) -> Variant | None:
    """One ``policy`` value of the request as a variant; None (and an error) if it is wrong."""
    name, _sep, rest = text.partition(":")
    settings_of = compared_settings(subsystem)
    if name not in settings_of:
        errors.append(_("There is no %(noun)s named “%(name)s”; the policies are %(names)s.")
                      % {"noun": subsystem.noun, "name": name[:40], "names": ", ".join(settings_of)})
        return None
    given: dict[str, str] = {}
    for setting in settings_of[name]:
        typed = form.get(f"{name}.{setting}", "").strip()
        if typed:
            given[setting] = typed
    for pair in filter(None, rest.split(",")):
        setting, _eq, value = pair.partition("=")
        given[setting.strip()] = value.strip()
    variant = Variant(name)
    for setting, typed in given.items():
        if setting not in settings_of[name]:
            errors.append(_("%(policy)s has no setting “%(setting)s” to compare.")
                          % {"policy": name, "setting": setting[:40]})
            return None
        read, _default, what = COMPARED_SETTINGS[setting]
        try:
            value = read(typed)
        except ValueError:
            errors.append(_("%(policy)s: %(setting)s must be %(what)s, not “%(value)s”.")
                          % {"policy": name, "setting": setting, "what": what, "value": typed[:40]})
            return None
        if value != base.get(setting):
            variant.settings[setting] = value
    return variant


def scenario_of(scenario: dict[str, Any], subsystem: Subsystem, variant: Variant) -> dict[str, Any]:
    """``scenario`` with the subsystem's policy and the variant's settings replaced."""
    settings = dict(variant.settings)
    if subsystem.key == "memory" and variant.policy == "buddy":
        settings["order"] = "address"  # the buddy system keeps its lists by address only
    return subsystem.with_policy(copy.deepcopy(scenario), variant.policy, settings)


def read_variants(subsystem: Subsystem, asked: list[str], form: Any,
                  scenario: dict[str, Any]) -> tuple[list[Variant], list[str]]:
    """(distinct variants, errors) for the ``policy`` values of a request."""
    errors: list[str] = []
    base = own_settings(scenario, subsystem)
    variants: list[Variant] = []
    for text in asked[: MAX_VARIANTS * 4]:
        variant = _parse(text, subsystem, form, base, errors)
        if variant is not None and variant.id not in {v.id for v in variants}:
            variants.append(variant)
    if not errors and not MIN_VARIANTS <= len(variants) <= MAX_VARIANTS:
        errors.append(_("Pick two to four policies to compare; you picked %(n)s.") % {"n": len(variants)})
    if not errors:
        for variant in variants:
            wrong = problems(scenario_of(scenario, subsystem, variant))
            if wrong:
                errors.append(_("%(policy)s cannot run this scenario: %(problem)s")
                              % {"policy": variant.id, "problem": str(wrong[0])})
    return variants, errors
