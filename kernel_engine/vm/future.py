"""Each process's reference string, read from its program before the run (for OPT).

Only ``access`` ops count, in program order (a spawned thread's program
where it is spawned); ``next_uses`` gives, for each position, the position
of the next access to the same page.
"""
from __future__ import annotations

#: The next use of a page that is never used again.
NEVER = 1 << 62


def reference_string(program: list[dict], page_of) -> list[int]:
    """The pages ``program`` accesses, in order (``page_of(op)`` -> page or None)."""
    out: list[int] = []
    for op in program:
        kind = op["op"]
        if kind == "access":
            page = page_of(op)
            if page is not None:
                out.append(page)
        elif kind == "spawn":
            out.extend(reference_string(op["program"], page_of))
    return out


def next_uses(pages: list[int]) -> list[int]:
    """For each position i, the next position j > i with the same page, else NEVER."""
    out = [NEVER] * len(pages)
    seen: dict[int, int] = {}
    for i in range(len(pages) - 1, -1, -1):
        out[i] = seen.get(pages[i], NEVER)
        seen[pages[i]] = i
    return out
