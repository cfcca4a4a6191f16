"""Sizes with units: "512KB", "8MB" (binary multiples: 1KB = 1024 bytes)."""
from __future__ import annotations

import re

_UNITS = {"": 1, "B": 1, "KB": 1 << 10, "KIB": 1 << 10, "K": 1 << 10,
          "MB": 1 << 20, "MIB": 1 << 20, "M": 1 << 20,
          "GB": 1 << 30, "GIB": 1 << 30, "G": 1 << 30,
          "TB": 1 << 40, "TIB": 1 << 40, "T": 1 << 40}
_SIZE = re.compile(r"^\s*(\d+)\s*([A-Za-z]*)\s*$")


def parse_size(value: object) -> int:
    """Bytes in ``value`` (an int, or a string like "8MB"); ValueError if not a size.

    Booleans are not sizes, and fractions ("1.5MB") are refused so that every
    size is an exact number of bytes.
    """
    if isinstance(value, bool):
        raise ValueError(f"must be a size in bytes or a string like \"8MB\", got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        m = _SIZE.match(value)
        if m and m.group(2).upper() in _UNITS:
            return int(m.group(1)) * _UNITS[m.group(2).upper()]
    raise ValueError(f"must be a size in bytes or a string like \"8MB\", got {value!r}")


def format_size(n: int) -> str:
    """The shortest exact unit form of ``n`` bytes: 8388608 -> "8MB"."""
    for unit in ("TB", "GB", "MB", "KB"):
        k = _UNITS[unit]
        if n >= k and n % k == 0:
            return f"{n // k}{unit}"
    return f"{n}B"
