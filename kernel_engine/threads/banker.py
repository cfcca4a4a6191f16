"""The banker's algorithm: is a state safe, and may a request be granted?

A state is ``available`` (free units per resource type), ``maximum`` (each
process's declared claim) and ``allocation`` (what each holds).  ``need`` is
maximum − allocation.  The safety check follows the contract's scan order:
processes are scanned in index order, and after each one that can finish
(its need fits in the work vector, which then gets its allocation back) the
scan restarts from the first.  So the sequence is the lowest-index
finishable process at every step, one answer a student can reproduce.

    >>> safety([3, 3, 2], [[7, 4, 3], [1, 2, 2]], [[0, 1, 0], [2, 0, 0]]).sequence
    [1]
"""
from __future__ import annotations

from dataclasses import dataclass

Vector = list[int]
Matrix = list[list[int]]


def need_of(maximum: Matrix, allocation: Matrix) -> Matrix:
    """Need = max − allocation, row by row."""
    return [[m - a for m, a in zip(mrow, arow)] for mrow, arow in zip(maximum, allocation)]


def fits(vector: Vector, bound: Vector) -> bool:
    """Every component of ``vector`` is at most the same one of ``bound``."""
    return all(v <= b for v, b in zip(vector, bound))


@dataclass(frozen=True)
class Safety:
    """What the safety check found: ``safe``, the ``sequence`` of processes
    it let finish (all of them when safe), and the ``work`` vector at the end
    (when unsafe, what was free once no other process could finish)."""

    safe: bool
    sequence: list[int]
    work: Vector

    def stuck(self, count: int) -> list[int]:
        """The processes that could not finish (in index order)."""
        done = set(self.sequence)
        return [i for i in range(count) if i not in done]


def safety(available: Vector, need: Matrix, allocation: Matrix) -> Safety:
    """The safety check, scanning in index order and restarting after each finish."""
    work = list(available)
    finished = [False] * len(need)
    sequence: list[int] = []
    progress = True
    while progress:
        progress = False
        for i, row in enumerate(need):
            if not finished[i] and fits(row, work):
                work = [w + a for w, a in zip(work, allocation[i])]
                finished[i] = True
                sequence.append(i)
                progress = True
                break  # restart from the first process
    return Safety(all(finished), sequence, work)


@dataclass(frozen=True)
class Decision:
    """The answer to a request: ``granted``, and ``why``: ``"granted"``,
    ``"above_need"``, ``"above_available"`` or ``"unsafe"``.  ``safety`` is
    the check of the state the decision rests on: the state after the
    request for ``granted`` and ``unsafe``, the current one otherwise."""

    granted: bool
    why: str
    safety: Safety


def decide(available: Vector, maximum: Matrix, allocation: Matrix,
           process: int, request: Vector) -> Decision:
    """The banker's answer to ``process`` asking for ``request`` more units."""
    need = need_of(maximum, allocation)
    if not fits(request, need[process]):
        return Decision(False, "above_need", safety(available, need, allocation))
    if not fits(request, available):
        return Decision(False, "above_available", safety(available, need, allocation))
    after_available = [a - r for a, r in zip(available, request)]
    after_allocation = [list(row) for row in allocation]
    after_allocation[process] = [a + r for a, r in zip(allocation[process], request)]
    after_need = need_of(maximum, after_allocation)
    checked = safety(after_available, after_need, after_allocation)
    return Decision(checked.safe, "granted" if checked.safe else "unsafe", checked)
