"""Step state that costs what it changes: bounded views, patches, and their reader.

Pure functions over JSON values (docs/internals.md, "Steps"), generic over
state keys so that a new subsystem's collections get the same treatment:

- ``bounded(value)``: a list longer than ``LIMIT`` keeps its first ``LIMIT``
  entries and ends with ``{"more": N}``; a dict keeps its first ``LIMIT``
  keys and gets ``"more": N`` (an int, where other values are collections).
  Applied at every depth.  Steps carry only bounded views, and patches are
  computed between bounded views, so a reader's rebuilt state is exactly
  the view the engine would send in a keyframe.
- ``diff(old, new)``: a patch that turns ``old`` into ``new``, or None when
  sending ``new`` whole is as cheap.  A list patch holds ``edit`` (in-place
  patches of entries: ``[[index, patch], ...]``), ``splice`` (``[at,
  remove, [items]]``), ``drop`` (entries removed from the front) and
  ``append`` (entries added at the end), applied in that order: a round
  robin rotation is ``{"drop": 1, "append": ["P1"]}``.  A dict patch holds
  ``set`` (keys given whole), ``del`` (keys removed) and ``edit`` (keys
  patched in place).
- ``apply_patch(old, patch)`` and ``apply_step(state, step)``: the reader's
  side; they never mutate their inputs (players share values between steps).
"""
from __future__ import annotations

import json
from typing import Any

#: Entries of a collection shown in a step; the rest are counted in ``more``.
LIMIT = 200
#: Up to this weight a patch is weighed against the whole value in JSON bytes
#: (a patch's own keys are not worth it for a short list).
SMALL = 64


#: Types of values that are never collections (the fast path of ``bounded``).
SCALARS = frozenset((int, float, str, bool, type(None)))


def bounded(value: Any) -> Any:
    """``value`` with every list and dict longer than ``LIMIT`` cut to its first ``LIMIT`` entries."""
    if isinstance(value, list):
        # A short list of plain scalars (a block table, a queue) is its own view: checked in C.
        if len(value) <= LIMIT and (SCALARS.issuperset(map(type, value))
                                    or not any(isinstance(x, (list, dict)) for x in value)):
            return value
        out = [bounded(x) for x in value[:LIMIT]]
        if len(value) > LIMIT:
            out.append({"more": len(value) - LIMIT})
        return out
    if isinstance(value, dict):
        if len(value) <= LIMIT and not any(isinstance(x, (list, dict)) for x in value.values()):
            return value
        out_dict: dict[str, Any] = {}
        for key, item in value.items():
            if len(out_dict) == LIMIT:
                out_dict["more"] = len(value) - LIMIT
                break
            out_dict[key] = bounded(item)
        return out_dict
    return value


def weight(value: Any) -> int:
    """What sending ``value`` whole costs, in entries at every depth (not bytes).

    Deep, so that a patch (whose cost counts the entries it carries at every
    depth) is weighed against the same measure: a dict of block tables is
    worth its tables' entries, not its number of keys.
    """
    if isinstance(value, list):
        if SCALARS.issuperset(map(type, value)):
            return 1 + len(value)
        return 1 + sum(map(weight, value))
    if isinstance(value, dict):
        values = value.values()
        if SCALARS.issuperset(map(type, values)):
            return 1 + len(value)
        return 1 + sum(map(weight, values))
    return 1


def diff(old: Any, new: Any) -> dict | None:
    """A patch from ``old`` to ``new`` (which differ), or None to send ``new`` whole."""
    if isinstance(old, list) and isinstance(new, list):
        found = _diff_list(old, new)
    elif isinstance(old, dict) and isinstance(new, dict):
        found = _diff_dict(old, new)
    else:
        return None
    if found is None:
        return None
    if weight(new) <= SMALL and len(json.dumps(found[0])) >= len(json.dumps(new)):
        return None
    return found[0]


def _whole(items: list) -> int:
    return sum(weight(x) for x in items)


def _diff(old: Any, new: Any) -> tuple[dict, int] | None:
    if isinstance(old, list) and isinstance(new, list):
        return _diff_list(old, new)
    if isinstance(old, dict) and isinstance(new, dict):
        return _diff_dict(old, new)
    return None


def _diff_list(old: list, new: list) -> tuple[dict, int] | None:
    best: tuple[dict, int] | None = None
    # Queues: drop k from the front, append the rest (FIFO, round robin).
    k = -1
    for _ in range(8 if new else 0):  # repeated entries (equal cylinders): a few candidates
        try:
            k = old.index(new[0], k + 1)
        except ValueError:
            break
        kept = len(old) - k
        if kept <= len(new) and old[k:] == new[:kept]:
            patch: dict[str, Any] = {}
            if k:
                patch["drop"] = k
            if kept < len(new):
                patch["append"] = new[kept:]
            best = (patch, 1 + _whole(new[kept:]))
            break
    if best is not None and best[1] <= 3:
        return _cheaper(best, new)  # nothing carries less than a short rotation
    # One contiguous change: the common prefix and suffix stay.
    shortest = min(len(old), len(new))
    prefix = 0
    while prefix < shortest and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < shortest - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    items = new[prefix:len(new) - suffix]
    cost = 3 + _whole(items)
    if best is None or cost < best[1]:
        best = ({"splice": [prefix, len(old) - prefix - suffix, items]}, cost)
    # Entries changed in place (MLFQ levels, per-core rows).
    if len(old) == len(new) and best[1] > 3:
        edits = []
        cost = 1
        for index in range(prefix, len(new) - suffix):
            if old[index] == new[index]:
                continue
            sub = _diff(old[index], new[index])
            if sub is None:
                break
            edits.append([index, sub[0]])
            cost += 1 + sub[1]
        else:
            if cost < best[1]:
                best = ({"edit": edits}, cost)
    return _cheaper(best, new)


def _cheaper(best: tuple[dict, int], new: list) -> tuple[dict, int] | None:
    """``best`` when it costs less than ``new`` whole (which costs at least its length)."""
    return best if best[1] <= len(new) or best[1] < _whole(new) else None


def _diff_dict(old: dict, new: dict) -> tuple[dict, int] | None:
    gone = [key for key in old if key not in new]
    added = [key for key in new if key not in old]
    # A reader adds new keys at the end: when that is not their place, send the dict whole.
    if [key for key in old if key in new] + added != list(new):
        return None
    put: dict[str, Any] = {key: new[key] for key in added}
    edits: dict[str, Any] = {}
    cost = 1 + len(gone)
    for key, value in new.items():
        if key in put:
            cost += 1 + weight(value)
            continue
        before = old[key]
        if before is value or before == value:
            continue
        sub = _diff(before, value)
        if sub is not None and sub[1] < weight(value):
            edits[key] = sub[0]
            cost += 1 + sub[1]
        else:
            put[key] = value
            cost += 1 + weight(value)
    if cost >= sum(1 + weight(v) for v in new.values()):
        return None
    patch: dict[str, Any] = {}
    if put:
        patch["set"] = put
    if gone:
        patch["del"] = gone
    if edits:
        patch["edit"] = edits
    return patch, cost


def apply_patch(old: Any, patch: dict) -> Any:
    """The value ``patch`` makes of ``old`` (a new value; ``old`` is left as it was)."""
    if isinstance(old, list):
        out = list(old)
        for index, sub in patch.get("edit", ()):
            out[index] = apply_patch(out[index], sub)
        if "splice" in patch:
            at, remove, items = patch["splice"]
            out[at:at + remove] = items
        out = out[patch.get("drop", 0):]
        out.extend(patch.get("append", ()))
        return out
    out_dict = dict(old)
    for key, sub in patch.get("edit", {}).items():
        out_dict[key] = apply_patch(out_dict[key], sub)
    for key in patch.get("del", ()):
        out_dict.pop(key, None)
    out_dict.update(patch.get("set", {}))
    return out_dict


def apply_step(state: dict[str, Any], step: dict[str, Any]) -> dict[str, Any]:
    """The state after ``step`` given the state before it (a new dict).

    A keyframe's ``state`` is the whole state; any other step's ``state``
    holds keys given whole, its ``patch`` keys changed in place and its
    ``gone`` keys that left the state.
    """
    if step.get("keyframe"):
        return dict(step.get("state") or {})
    out = dict(state)
    out.update(step.get("state") or {})
    for key, patch in (step.get("patch") or {}).items():
        out[key] = apply_patch(out[key], patch)
    for key in step.get("gone") or ():
        out.pop(key, None)
    return out


def encode(previous: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The ``state``, ``patch`` and ``gone`` of a step from ``previous`` to ``current``
    (both bounded views); only the non-empty ones."""
    whole: dict[str, Any] = {}
    patches: dict[str, Any] = {}
    for key, value in current.items():
        if key not in previous:
            whole[key] = value
            continue
        before = previous[key]
        if before is value or before == value:
            continue
        patch = diff(before, value)
        if patch is None:
            whole[key] = value
        else:
            patches[key] = patch
    out: dict[str, Any] = {"state": whole}
    if patches:
        out["patch"] = patches
    gone = [key for key in previous if key not in current]
    if gone:
        out["gone"] = gone
    return out
