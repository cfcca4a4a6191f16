"""Disk (I/O) scheduling: the disk device and its schedulers.

The policies ``fcfs``, ``sstf``, ``scan``, ``cscan``, ``look`` and
``clook`` are registered under the registry kind ``"io"``; looking one up
imports only its module (``POLICY_MODULES``), and the names below are
imported on first use, so importing this package costs nothing.
"""
from __future__ import annotations

from ..registry import lazy_exports

#: The module that registers each policy, in menu order.  A new module in
#: this package registers itself: no list to edit.
POLICY_MODULES = {"fcfs": "simple", "sstf": "simple", "scan": "sweeps", "cscan": "sweeps",
                  "look": "sweeps", "clook": "sweeps"}

__all__ = ["Choice", "Disk", "DiskError", "DiskPolicy", "Service", "check_config",
           "check_requests", "make_disk", "run_requests", "serve"]

__getattr__ = lazy_exports(__name__, {
    "check_config": "config", "check_requests": "config", "Disk": "device",
    "DiskError": "device", "Service": "device", "make_disk": "device", "Choice": "policy",
    "DiskPolicy": "policy", "run_requests": "workload", "serve": "workload",
})
