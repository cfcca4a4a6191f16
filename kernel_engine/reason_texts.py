"""The engine's run-time sentences that have no key yet.

Every reason of a step event, a memory op or a deadlock is made as data
where it is written (``kernel_engine.i18n``: ``define(key, template)``
beside its writer) and needs no entry here.  What is left are the messages
of the result's ``errors`` records, which the browser still translates by
matching their English text (kernel_engine/reasons.py).
"""
from __future__ import annotations

from .i18n import gettext_noop

# kernel/ops.py: a free or an alloc the run survived.
RUNTIME_ERRORS = (
    gettext_noop("{ref} is not allocated now (it was freed already, or its allocation failed)"),
    gettext_noop("{ref} was still allocated at {addr}; that block is now unreachable"),
)

GROUPS = (RUNTIME_ERRORS,)
