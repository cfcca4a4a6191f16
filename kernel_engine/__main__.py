"""``python -m kernel_engine``: see :mod:`kernel_engine.cli`."""
from __future__ import annotations

import os
import sys

from .cli import main

if __name__ == "__main__":
    code = main()
    # A large run leaves millions of objects behind (its result among them):
    # freeing them one by one and the collection at interpreter exit take a
    # tenth of the whole process.  Everything is written; leave at once.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)
