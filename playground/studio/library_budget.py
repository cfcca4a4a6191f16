"""What one ``POST /api/library/call/`` may cost, on top of the library's own bounds.

The call runs in the web process, not on a worker: it answers a student
who waits at the library page, and a worker queue shared with runs would
make that wait as long as the runs ahead of it.  That is safe only under a
work bound that holds for every function, so here is the argument:

- every input is bounded before any work starts: the body (256 KB), and the
  library's own limits (kernel_engine/library/limits.py: 256 x 256
  matrices, 20,000 characters of text, a vocabulary of 5,000, 10^8
  multiply-adds per ``nn.*`` call);
- so the work of each function is bounded by a constant, except for one
  term the library does not count: ``nn.train`` does a fixed amount of
  Python work per layer per epoch (about 17 microseconds here), whatever
  the layer's size, so 10,000 epochs of a network of 9 tiny layers ran
  1.5 s while counting almost no multiply-adds.  ``MAX_LAYER_EPOCHS``
  bounds that term.

With it the slowest call measured (``bench/library.py`` prints the table)
takes about a quarter of a second.  A scenario's ``call`` ops run on a
worker and keep the library's bounds only.
"""
from __future__ import annotations

from typing import Any

from kernel_engine.i18n import define, gettext_noop
from kernel_engine.library.dispatch import lookup
from playground.studio.payloads import problem

#: nn.train from the web: epochs x layers (the hidden layers and the output layer).
MAX_LAYER_EPOCHS = 10_000

TOO_MUCH_TRAINING = define("web.library.training", gettext_noop(
    "too much training for one call here: {n} epochs x {m} layers is {k} layer-epochs, and a call "
    "from the web may do at most {t}; use fewer epochs or layers, or train inside a scenario (runs "
    "go to a worker)"))


def call_problems(fn: str, args: dict[str, Any]) -> list[dict[str, str]]:
    """``[{"path", "message"}]`` for a call (already valid for the library) over the web's bounds."""
    function = lookup(fn)
    if fn != "nn.train" or function is None:
        return []
    full = function.with_defaults(args)
    epochs, layers = full["epochs"], len(full["hidden"]) + 1
    if epochs * layers <= MAX_LAYER_EPOCHS:
        return []
    return [problem("args.epochs", TOO_MUCH_TRAINING.say(
        n=f"{epochs:,}", m=layers, k=f"{epochs * layers:,}", t=f"{MAX_LAYER_EPOCHS:,}"))]
