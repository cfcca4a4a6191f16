"""The LLM device: a model-serving GPU as a kernel device (docs/llm.md).

- ``config``: the ``llm`` section's reader; ``kv`` and ``paged``: the KV
  policies, registered as ``("llm_kv", name)``; ``cost``: the iteration cost
  model; ``device``: batching, scheduling and preemption; ``driver``: the
  kernel's side and the ``generate`` op; ``result``: ``result.llm``.
"""
from __future__ import annotations

from . import kv, paged  # noqa: F401  (register the KV policies)
