"""The scenario's random numbers, drawn from one generator made on first use."""
from __future__ import annotations

from typing import Any


class LazyRng:
    """numpy's Generator for the scenario's seed, made on first use.

    Importing numpy costs about 100 ms, which a run that draws no random
    number (no lottery, no library call) never pays.  Attribute access
    reaches the Generator; ``generator()`` returns it (for code that needs
    the real object).  One Generator serves every user, so draws keep their
    order and runs stay byte for byte the same.
    """

    __slots__ = ("seed", "_generator")

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._generator = None

    def generator(self):
        if self._generator is None:
            import numpy as np
            self._generator = np.random.default_rng(self.seed)
        return self._generator

    def __getattr__(self, name: str) -> Any:
        return getattr(self.generator(), name)
