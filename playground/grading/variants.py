"""Per-student variants of a scenario template (OSTEP's ``-s SEED``, for a class).

A variation is ``{"path", "min", "max", "step"}``: every place the path
matches gets its own value drawn uniformly from ``min, min+step, ... <= max``.
Values are whole numbers; a size field may give ``min``/``max`` with a unit
("64KB") and then receives bytes.

``draw_variant(template, variations, seed_parts)`` is a pure function: the
same template, variations and ``seed_parts`` give the same variant on every
machine (numpy's ``Generator`` seeded with a ``SeedSequence`` of the parts).
The web app passes ``(assignment id, student id, variant counter)``.

A draw can, rarely, make an invalid scenario (say, a cylinder past the
disk's end because the template's disk is small).  The draw is then
repeated with one more seed part (the attempt number), at most
``MAX_ATTEMPTS`` times, so the result stays deterministic and always valid.
"""
from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import numpy as np

from kernel_engine import ScenarioError, validate
from kernel_engine.units import parse_size
from playground.grading.paths import resolve, set_at

MAX_ATTEMPTS = 20


class VariantError(ValueError):
    """No valid variant could be drawn; the message names the engine's complaint."""


def bound(value: Any) -> int:
    """A variation bound as a whole number (sizes with units in bytes); ValueError if not."""
    if isinstance(value, bool):
        raise ValueError("must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return parse_size(value)
    raise ValueError("must be a whole number (or a size such as \"64KB\")")


def choices_of(variation: dict[str, Any]) -> range:
    """The values a variation draws from: ``range(min, max + 1, step)``."""
    low, high = bound(variation["min"]), bound(variation["max"])
    return range(low, high + 1, int(variation.get("step") or 1))


def _draw_once(template: dict[str, Any], variations: Sequence[dict[str, Any]],
               rng: np.random.Generator) -> dict[str, Any]:
    variant = copy.deepcopy(template)
    for variation in variations:
        values = choices_of(variation)
        for location in resolve(template, variation["path"]):
            # One draw per matched place, in document order: adding a
            # variation at the end never changes the earlier ones' values.
            set_at(variant, location, values[int(rng.integers(0, len(values)))])
    return variant


def draw_variant(template: dict[str, Any], variations: Sequence[dict[str, Any]],
                 seed_parts: Sequence[int]) -> dict[str, Any]:
    """A valid variant of ``template``, determined by ``seed_parts`` (non-negative ints).

    With no variations the variant is the template itself (a copy).  Raises
    VariantError if ``MAX_ATTEMPTS`` draws all fail the engine's validation.
    """
    if not variations:
        return copy.deepcopy(template)
    last_error: ScenarioError | None = None
    for attempt in range(MAX_ATTEMPTS):
        rng = np.random.default_rng([*map(int, seed_parts), attempt])
        variant = _draw_once(template, variations, rng)
        try:
            validate(variant)
        except ScenarioError as exc:
            last_error = exc
            continue
        return variant
    assert last_error is not None
    raise VariantError(f"no valid variant in {MAX_ATTEMPTS} draws; the engine says: "
                       f"{last_error.problems[0]} — narrow the variation ranges")
