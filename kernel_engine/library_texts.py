"""Templates of the function library's checks, errors and descriptions.

The sentences still matched by their text (see kernel_engine/reasons.py
for the rules).  Besides the library's messages this lists what the web app
shows about each function (its summary and its arguments' descriptions), so
that a page listing the library can be shown in another language too.
"""
from __future__ import annotations

from .i18n import gettext_noop

# library/dispatch.py and library/base.py: names and arguments.
CALLS = (
    gettext_noop('must be a function name like "math.matmul", got {described}; valid functions '
                 'are: {names}'),
    gettext_noop("unknown function '{name}'; did you mean '{other}'? valid functions are: {names}"),
    gettext_noop("unknown function '{name}'; valid functions are: {names}"),
    gettext_noop("must be an object of named arguments like {example}, got {described}"),
    gettext_noop("is not an argument of {fn}; did you mean '{name}'? it takes {names}"),
    gettext_noop("is not an argument of {fn}; it takes {names}"),
    gettext_noop("is missing: {fn} needs {name}, {description}"),
    gettext_noop("{fn}: {path}: {problem}"),
    gettext_noop("{fn}: {path}: {problem} (and 1 more problem)"),
    gettext_noop("{fn}: {path}: {problem} (and {n} more problems)"),
    gettext_noop("{description} (default {value})"),
)

# library/checks.py: numbers, strings, vectors and matrices.
VALUES = (
    gettext_noop("must be a number, got {described}"),
    gettext_noop("must be an integer, got {described}"),
    gettext_noop("must be a finite number, got {value}"),
    gettext_noop("must be an integer, got {value}; write it without a decimal point"),
    gettext_noop("integer {n} is too large: integers must be between -2**53 and 2**53 ({m}); "
                 "write larger numbers as floats like 1e20"),
    gettext_noop("must be a positive integer, got {n}"),
    gettext_noop("must be a positive integer ({what}), got {n}"),
    gettext_noop("must be an integer from {lo} to {hi}, got {n}"),
    gettext_noop("must be an integer from {lo} to {hi} ({what}), got {n}"),
    gettext_noop("rows"),
    gettext_noop("columns"),
    gettext_noop("numbers in the vector"),
    gettext_noop("units in the layer"),
    gettext_noop("is {n} characters long; at most {m} are allowed"),
    gettext_noop("must be one of {options}, got {described}"),
    gettext_noop("must be a number, got a list (a matrix has two levels of brackets, no more)"),
    gettext_noop("and 1 more value that is not a number"),
    gettext_noop("and {n} more values that are not a number"),
    gettext_noop("and 1 more value that is not an integer"),
    gettext_noop("and {n} more values that are not an integer"),
    gettext_noop("must be a vector (a list of numbers, e.g. [1, 2, 3]), got {described}"),
    gettext_noop("must be a matrix (a list of rows, e.g. [[1, 2], [3, 4]]), got {described}"),
    gettext_noop("must be a matrix (a list of rows, e.g. [[1, 2], [3, 4]]) or a vector (a list "
                 "of numbers), got {described}"),
    gettext_noop("must not be empty: write a vector (a list of numbers, e.g. [1, 2, 3])"),
    gettext_noop("must not be empty: write a matrix (a list of rows, e.g. [[1, 2], [3, 4]])"),
    gettext_noop("must not be empty: write a matrix (a list of rows, e.g. [[1, 2], [3, 4]]) or a "
                 "vector (a list of numbers)"),
    gettext_noop("must be a vector (a list of numbers, e.g. [1, 2, 3]), got a list of rows"),
    gettext_noop("must be a matrix (a list of rows, e.g. [[1, 2], [3, 4]]), got a list of "
                 "numbers; write a single row as [[1, 2, 3]]"),
    gettext_noop("has {n} numbers; a vector may hold at most {m}"),
    gettext_noop("has {n} rows; a matrix may have at most {m}"),
    gettext_noop("must be a row (a list of numbers), got {described}; every item of a matrix "
                 "is a row"),
    gettext_noop("is an empty row; every row needs at least one number"),
    gettext_noop("has {n} numbers; a matrix may have at most {m} columns"),
    gettext_noop("has {count} but row {r} has {n}; all rows of a matrix must have the same length"),
    # describe() and describe_shape(): what a value is.
    gettext_noop("a string {value}"),
    gettext_noop("a list of {n}"),
    gettext_noop("an empty list"),
    gettext_noop("an object"),
    gettext_noop("a number"),
    gettext_noop("a vector of {count}"),
    gettext_noop("a {rows}x{cols} matrix"),
    # plural(): counted nouns
    gettext_noop("1 number"), gettext_noop("{n} numbers"),
    gettext_noop("1 row"), gettext_noop("{n} rows"),
    gettext_noop("1 column"), gettext_noop("{n} columns"),
    gettext_noop("1 label"), gettext_noop("{n} labels"),
    gettext_noop("1 target"), gettext_noop("{n} targets"),
    gettext_noop("1 output"), gettext_noop("{n} outputs"),
)

# library/math.py, text.py, nn.py, nn_checks.py, values.py
FUNCTIONS = (
    gettext_noop("cannot multiply {shape} by {shape2}: a has {count} but b has {count2}; they "
                 "must be equal"),
    gettext_noop("cannot add {shape} and {shape2}: the shapes must be equal, or match from the "
                 "right with 1 where they differ (numpy broadcasting)"),
    gettext_noop("must be a square matrix to have an inverse, got {shape} ({rows} rows, "
                 "{cols} columns)"),
    gettext_noop("the integer product could overflow 64-bit integers; write one of the numbers "
                 "as a float (e.g. 2.0) to compute in floating point"),
    gettext_noop("matrix is singular: it has no inverse"),
    gettext_noop('does not apply to distribution "{name}" (it is used by {names})'),
    gettext_noop("must be at least 0, got {n}"),
    gettext_noop("high must be greater than low, got low {lo} and high {hi}"),
    gettext_noop("the range high - low is too wide for a float (beyond about 1.8e308)"),
    gettext_noop("must be [rows, cols] for a matrix or [n] for a vector, got {described}"),
    gettext_noop("the result overflowed: a value is too large for a floating-point number "
                 "(beyond about 1.8e308)"),
    gettext_noop('is only used with method "bpe"'),
    gettext_noop("the loss overflowed: the weights or inputs are too large"),
    gettext_noop("must be a positive number, got {n}"),
    gettext_noop("training diverged at epoch {epoch}: the loss or the weights grew beyond what "
                 "a float can hold; try a smaller lr (it is {n}) or smaller inputs"),
    gettext_noop("this is too big: {formula} is {n} multiply-adds, and at most {m} are allowed; "
                 "use fewer epochs, fewer samples or smaller layers"),
    gettext_noop("must be a list of layer sizes like [8, 8] ([] for none), got {described}"),
    gettext_noop("has {n} layers; at most {m} hidden layers are allowed"),
    gettext_noop('is not part of an nn.train result (it has "loss" and "model")'),
    gettext_noop('must be a model {"layers": [{"w": [[...]], "b": [...]}, ...], "activation": '
                 '"tanh", "loss": "mse"} as nn.train returns it, got {described}'),
    gettext_noop("is not part of a model; a model has layers, activation, loss"),
    gettext_noop('is missing: a model needs its layers, [{"w": [[...]], "b": [...]}, ...]'),
    gettext_noop('must be a non-empty list of layers {"w": [[...]], "b": [...]}, got {described}'),
    gettext_noop("has {n} layers; a model may have at most {m} ({k} hidden and the output layer)"),
    gettext_noop("has {n} rows but layer {i} has {m} outputs (the columns of its w); w needs one "
                 "row per input of the layer"),
    gettext_noop('must be a layer {"w": [[...]], "b": [...]}, got {described}'),
    gettext_noop('is not part of a layer; a layer has "w" and "b"'),
    gettext_noop("is missing: every layer needs {name}"),
    gettext_noop("has {count} but w has {count2}; a layer needs one bias per output"),
    gettext_noop("has {n} columns but the network takes {m} inputs; x needs one column per input"),
    gettext_noop("has {count} but x has {count2}; y needs one per sample"),
    gettext_noop("gives {count} per sample but the network has {count2}"),
    gettext_noop("is not a class label: labels run from 0 to {n}, got {m}"),
    gettext_noop("is not a class label: labels run from 0, 1, 2, ..., got {m}"),
    gettext_noop("must be probabilities for cross_entropy: numbers >= 0 that add up to 1 (a "
                 "one-hot row like [0, 1, 0] names a class)"),
)

# What library.functions() describes: each function's summary, each argument.
DESCRIPTIONS = (
    gettext_noop("Matrix product a x b (rows of a times columns of b)."),
    gettext_noop("Element-wise sum a + b (a number or a row vector stretches over a matrix, as "
                 "in numpy)."),
    gettext_noop("Transpose: row i of a becomes column i of the result."),
    gettext_noop("Inverse of a square matrix (a x inverse = identity); fails on a singular "
                 "matrix."),
    gettext_noop("Random numbers from the scenario's seeded generator (same seed, same numbers)."),
    gettext_noop("Split text into tokens: English words and punctuation, or byte-pair-encoded "
                 "subwords."),
    gettext_noop("Tag each word with its part of speech (Penn Treebank or Universal tags)."),
    gettext_noop("Outputs of a network for inputs x, one row per sample (probabilities for "
                 "cross_entropy)."),
    gettext_noop("Backpropagation: the loss of a network on (x, y) and its gradient for every "
                 "layer."),
    gettext_noop("Train a multilayer perceptron on (x, y) by full-batch gradient descent."),
    gettext_noop("the left matrix, n x m (or a vector of m numbers)"),
    gettext_noop("the right matrix, m x k (or a vector of m numbers)"),
    gettext_noop("a number, vector or matrix"),
    gettext_noop("a number, vector or matrix of the same shape as a, or one that broadcasts to it"),
    gettext_noop("a matrix (write a vector as a one-row matrix [[1, 2, 3]])"),
    gettext_noop("a square matrix, n x n"),
    gettext_noop("[rows, cols] for a matrix (each at most 256) or [n] for a vector (at most "
                 "65,536)"),
    gettext_noop('"uniform" (low <= x < high), "normal" (mean, std) or "integers" (whole '
                 'numbers, low <= x < high)'),
    gettext_noop("lower bound, included (uniform: default 0.0; integers: default 0)"),
    gettext_noop("upper bound, excluded (uniform: default 1.0; integers: default 10)"),
    gettext_noop("centre of the normal distribution (default 0.0)"),
    gettext_noop("standard deviation of the normal distribution, >= 0 (default 1.0)"),
    gettext_noop("the text to split (at most 20,000 characters)"),
    gettext_noop('"words" (spaCy\'s English tokenizer: words and punctuation) or "bpe" '
                 '(byte-pair encoding learned from train_text)'),
    gettext_noop("bpe only: the text to learn the merges from (default: text itself)"),
    gettext_noop("bpe only: vocabulary size to grow to, characters included (at most 5,000; "
                 "default 100)"),
    gettext_noop("the text to tag (at most 20,000 characters)"),
    gettext_noop('"penn" (Penn Treebank: NN, VBZ, DT...) or "universal" (Universal '
                 'Dependencies: NOUN, VERB, DET...)'),
    gettext_noop('a model, as nn.train returns it under "model" (or nn.train\'s whole result)'),
    gettext_noop("inputs: a matrix with one row per sample and one column per input (at most "
                 "256 of each)"),
    gettext_noop("targets, one per sample: for mse a matrix of numbers (a vector if there is "
                 "one output); for cross_entropy a vector of class labels 0, 1, ... or a matrix "
                 "of probability rows"),
    gettext_noop("sizes of the hidden layers, e.g. [8, 8] (at most 8 layers of at most 256); "
                 "[] is a linear model"),
    gettext_noop('activation of the hidden layers: "tanh", "relu" or "sigmoid"'),
    gettext_noop('"mse" (linear outputs) or "cross_entropy" (softmax outputs)'),
    gettext_noop("learning rate: each epoch moves the weights by -lr x gradient"),
    gettext_noop("gradient steps to take, 1 to 10,000"),
)

# library/bankers.py: os.bankers.
BANKERS = (
    gettext_noop("free units of each resource type, e.g. [3, 3, 2]"),
    gettext_noop("each process's maximum claim, one row per process"),
    gettext_noop("what each process holds now, one row per process"),
    gettext_noop('optional: {"process": i, "vector": [...]}, a request to decide'),
    gettext_noop("must be 0 or more (units of a resource), got {n}"),
    gettext_noop("has {n} resource types; at most {m} are allowed"),
    gettext_noop("has {n} processes; at most {m} are allowed"),
    gettext_noop("rows have {count} but available has {n}: one per resource type"),
    gettext_noop("has {count} but max has {n}: one per process"),
    gettext_noop("process {i} holds {n} units of type {t}, more than its max {m}"),
    gettext_noop('must be {"process": i, "vector": [...]}, got {described}'),
    gettext_noop("has {count} but available has {n}"),
    gettext_noop("process {i} requests {vector}, more than its need {need_row} (max − "
                 "allocation): a process may not ask beyond its declared maximum"),
)

LIBRARY_GROUPS = (CALLS, VALUES, FUNCTIONS, DESCRIPTIONS, BANKERS)
