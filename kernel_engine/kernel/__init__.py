"""The kernel: the event loop and what it drives.

``loop.py`` is the loop (``Kernel``), ``dispatch.py`` its cores' side;
``process.py`` the processes and threads it schedules; ``cores.py`` the cores and their Gantt bars; ``ops.py``
and ``handlers.py`` what each op does; ``disk_driver.py`` the kernel's side of
the disk; ``waits.py`` what a blocked thread waits for; ``rng.py`` the
scenario's random numbers; ``trace.py`` the
steps; ``recorder.py`` and ``result.py`` the result.  The policies it runs
live in the plugin packages (``cpu/``, ``memory/``, ``disk/``, ``ipc/``,
``threads/``, ``library/``).
"""
from __future__ import annotations

from .loop import Kernel

__all__ = ["Kernel"]
