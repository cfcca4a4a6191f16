"""Bounds on every input of the library.

A library call runs inside a simulation worker that many students share, so
nothing a user types may make one call run for long.  Each bound below is
checked before any work starts, with a message that names the bound; the
numbers are documented in docs/library.md.
"""
from __future__ import annotations

#: Rows and columns of a matrix (a 256 x 256 product is ~17 million
#: multiply-adds: milliseconds for numpy).
MAX_DIM = 256

#: Length of a vector (as many numbers as the largest matrix holds).
MAX_VECTOR = MAX_DIM * MAX_DIM

#: Integers must be exact in a float and in a browser's JavaScript number,
#: both of which hold integers exactly up to 2**53.
MAX_INT = 2**53

#: Characters of `text` (and of `train_text`) for the text functions.
MAX_TEXT = 20_000

#: Largest vocabulary a byte-pair encoding may learn.
MAX_VOCAB = 5_000

#: Hidden layers of a network (the output layer comes on top).
MAX_HIDDEN_LAYERS = 8

#: Training epochs of nn.train.
MAX_EPOCHS = 10_000

#: Work of one nn.* call, in multiply-adds (see cost.py).  At about 1e9
#: multiply-adds a second this bounds a call to a fraction of a second.
MAX_NN_WORK = 100_000_000
