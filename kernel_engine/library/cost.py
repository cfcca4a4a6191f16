"""The cost model: how many simulated ticks a library call takes.

A tick does a fixed budget of work, ``WORK_PER_TICK`` operations, where an
operation is one multiply-add for arithmetic and one character (or one
symbol) for text.  Every function counts its work with one of the formulas
below, and a call costs ``ticks(work)``: the work divided by the budget,
rounded up, and never less than one tick (starting a call takes the CPU
for at least a tick).  So a 2x2 by 2x2 matrix product, 8 multiply-adds,
costs 1 tick, and a 100x100 by 100x100 product, 1,000,000, costs 1,000.

The formulas charge the textbook algorithm's work even where the code is
faster (byte-pair encoding rescans the corpus once per merge in the
textbook; ours does not), so that the cost a student reads in the docs is
the cost the simulation charges.
"""
from __future__ import annotations

#: Operations one tick performs.
WORK_PER_TICK = 1_000

#: Operations a part-of-speech tagger spends on one token (a small neural
#: network scores every token: far more work than splitting text).
TAGGER_WORK_PER_TOKEN = 100


def ticks(work: int) -> int:
    """Ticks for ``work`` operations: ``max(1, ceil(work / WORK_PER_TICK))``."""
    return max(1, -(-int(work) // WORK_PER_TICK))


def matmul_work(n: int, m: int, k: int) -> int:
    """An (n x m) by (m x k) product: n*m*k multiply-adds (a vector counts as 1 x m or m x 1)."""
    return n * m * k


def elementwise_work(count: int) -> int:
    """Work that touches each of ``count`` numbers once (add, transpose, random)."""
    return count


def inverse_work(n: int) -> int:
    """Gauss-Jordan elimination of an n x n matrix: about n**3 multiply-adds."""
    return n**3


def tokenize_work(characters: int) -> int:
    """Splitting text into words reads each character once."""
    return characters


def pos_tag_work(characters: int, tokens: int) -> int:
    """Tokenizing, then tagging each token at ``TAGGER_WORK_PER_TOKEN``."""
    return characters + TAGGER_WORK_PER_TOKEN * tokens


def bpe_work(train_characters: int, text_characters: int, merges: int) -> int:
    """Textbook BPE: each of ``merges`` rounds rescans the training text, plus
    one pass to count the first pairs; encoding replays every merge over the
    text.  Together: (train + text characters) * (merges + 1)."""
    return (train_characters + text_characters) * (merges + 1)


def layer_products(sizes: list[int]) -> int:
    """Multiply-adds of one sample through a network with layer ``sizes``
    [inputs, hidden..., outputs]: the sum of in*out over the layers."""
    return sum(a * b for a, b in zip(sizes, sizes[1:]))


def forward_work(samples: int, sizes: list[int]) -> int:
    """A forward pass of ``samples`` rows: samples * sum(in*out)."""
    return samples * layer_products(sizes)


def backward_work(samples: int, sizes: list[int]) -> int:
    """Forward, then two products per layer back (the error through the
    weights and the weight gradient): 3 * samples * sum(in*out)."""
    return 3 * samples * layer_products(sizes)


def train_work(samples: int, sizes: list[int], epochs: int) -> int:
    """Full-batch gradient descent: one backward pass per epoch."""
    return epochs * backward_work(samples, sizes)
