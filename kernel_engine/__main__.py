"""``python -m kernel_engine``: see :mod:`kernel_engine.cli`."""
from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
