"""Disk (I/O) scheduling: the disk device and its schedulers.

Importing this package registers the policies ``fcfs``, ``sstf``, ``scan``,
``cscan``, ``look`` and ``clook`` under the registry kind ``"io"``.
"""
from __future__ import annotations

from ..registry import import_package
from . import simple, sweeps  # noqa: F401  (registers the policies)
from .config import check_config, check_requests
from .device import Disk, DiskError, Service, make_disk
from .policy import Choice, DiskPolicy
from .workload import run_requests, serve

# A new module in this package registers itself: no list to edit.
import_package(__name__, __path__)

__all__ = ["Choice", "Disk", "DiskError", "DiskPolicy", "Service", "check_config",
           "check_requests", "make_disk", "run_requests", "serve"]
