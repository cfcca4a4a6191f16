"""The function library that programs run with the ``call`` op.

    from kernel_engine.library import call, check_call, CallResult, functions
    res = call("math.matmul", {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}, rng)
    res.value == [[19, 22], [43, 50]]; res.ticks == 1; res.error is None

Functions are registered by name as ``("library", "math.matmul")``, one
small class each: ``math.py`` (matrices, random numbers), ``text.py``
(tokens and part-of-speech tags; ``bpe.py`` is byte-pair encoding) and
``nn.py`` (a small multilayer perceptron; ``mlp.py`` is its numpy).  What
each call costs in ticks is ``cost.py``; docs/library.md documents them all.
"""
from __future__ import annotations

from ..registry import import_package

# Importing the modules registers their functions, in this order (the listing's).
from . import math, text, nn  # noqa: F401, I001
from .base import CallResult
from .dispatch import call, check_call, functions

# A new module in this package registers itself: no list to edit.
import_package(__name__, __path__)

__all__ = ["call", "check_call", "CallResult", "functions"]
