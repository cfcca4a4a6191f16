"""Checks for the nn.* arguments: models, inputs and targets.

A model is what nn.train returns under "model"::

    {"layers": [{"w": [[...]], "b": [...]}, ...], "activation": "tanh", "loss": "mse"}

Layer l's ``w`` has one row per input and one column per output, and ``b``
one number per output; each layer's inputs are the previous layer's
outputs.  The whole result of nn.train (``{"loss": [...], "model": {...}}``)
is accepted as a model too, so that ``{"$ref": "trained"}`` works whether
the program bound the result or its model.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy

from .checks import Checker, array, choice, describe, index, key, plural
from .limits import MAX_HIDDEN_LAYERS
from .mlp import ACTIVATIONS, DEFAULT_ACTIVATION, DEFAULT_LOSS, LOSSES

_MODEL_KEYS = ("layers", "activation", "loss")
_LAYER_KEYS = ("w", "b")
_MODEL_HELP = ('a model {"layers": [{"w": [[...]], "b": [...]}, ...], "activation": "tanh", '
               '"loss": "mse"} as nn.train returns it')
#: How far a row of probabilities may sum away from 1 (rounding in JSON).
_SUM_TOLERANCE = 1e-6
#: Bad rows or labels reported before the rest are left unsaid.
_REPORTED = 5


@dataclass(frozen=True)
class ModelShape:
    """What the checks learned of a model: its layer sizes [inputs, ...,
    outputs] and its loss, each None when a reference hides it."""

    sizes: list[int] | None
    loss: str | None


def unwrap(model: Any) -> Any:
    """The model inside a whole nn.train result; any other value as it is."""
    if isinstance(model, dict) and "model" in model and "layers" not in model:
        return model["model"]
    return model


def check_model(ck: Checker, model: Any, path: str) -> ModelShape:
    """Check a model (or a whole nn.train result) and learn its shape."""
    if isinstance(model, dict) and "model" in model and "layers" not in model:
        for name in model:
            if name not in ("model", "loss"):
                ck.add(key(path, name),
                       'is not part of an nn.train result (it has "loss" and "model")')
        return _check_bare_model(ck, model["model"], key(path, "model"))
    return _check_bare_model(ck, model, path)


def _check_bare_model(ck: Checker, model: Any, path: str) -> ModelShape:
    if ck.unknown(model):
        return ModelShape(None, None)
    if not isinstance(model, dict):
        ck.add(path, f"must be {_MODEL_HELP}, got {describe(model)}")
        return ModelShape(None, None)
    for name in model:
        if name not in _MODEL_KEYS:
            ck.add(key(path, name),
                   f"is not part of a model; a model has {', '.join(_MODEL_KEYS)}")
    activation = model.get("activation", DEFAULT_ACTIVATION)
    choice(ck, activation, key(path, "activation"), ACTIVATIONS)
    loss = choice(ck, model.get("loss", DEFAULT_LOSS), key(path, "loss"), LOSSES)
    if "layers" not in model:
        ck.add(key(path, "layers"),
               'is missing: a model needs its layers, [{"w": [[...]], "b": [...]}, ...]')
        return ModelShape(None, loss)
    return ModelShape(_check_layers(ck, model["layers"], key(path, "layers")), loss)


def _check_layers(ck: Checker, layers: Any, path: str) -> list[int] | None:
    """The sizes [inputs, ..., outputs] of a list of layers, or None."""
    if ck.unknown(layers):
        return None
    if not isinstance(layers, list) or not layers:
        ck.add(path, f'must be a non-empty list of layers {{"w": [[...]], "b": [...]}}, '
                     f"got {describe(layers)}")
        return None
    if len(layers) > MAX_HIDDEN_LAYERS + 1:
        ck.add(path, f"has {len(layers)} layers; a model may have at most {MAX_HIDDEN_LAYERS + 1} "
                     f"({MAX_HIDDEN_LAYERS} hidden and the output layer)")
        return None
    before = len(ck.problems)
    sizes: list[int] = []
    known = True
    for i, layer in enumerate(layers):
        at = index(path, i)
        shape = _check_layer(ck, layer, at)
        if shape is None:
            known = False
            continue
        rows, cols = shape
        if known and sizes and rows != sizes[-1]:
            ck.add(key(at, "w"), f"has {rows} rows but layer {i - 1} has {sizes[-1]} outputs (the "
                                 f"columns of its w); w needs one row per input of the layer")
        sizes = sizes or [rows]
        sizes.append(cols)
    return sizes if known and len(ck.problems) == before else None


def _check_layer(ck: Checker, layer: Any, path: str) -> tuple[int, int] | None:
    """(inputs, outputs) of one layer, or None."""
    if ck.unknown(layer):
        return None
    if not isinstance(layer, dict):
        ck.add(path, f'must be a layer {{"w": [[...]], "b": [...]}}, got {describe(layer)}')
        return None
    for name in layer:
        if name not in _LAYER_KEYS:
            ck.add(key(path, name), 'is not part of a layer; a layer has "w" and "b"')
    for name in _LAYER_KEYS:
        if name not in layer:
            ck.add(key(path, name), f"is missing: every layer needs {name}")
    if not all(name in layer for name in _LAYER_KEYS):
        return None
    w = array(ck, layer["w"], key(path, "w"), ndim=2)
    b = array(ck, layer["b"], key(path, "b"), ndim=1)
    if w is not None and b is not None and b[0] != w[1]:
        ck.add(key(path, "b"), f"has {plural(b[0], 'number')} but w has "
                               f"{plural(w[1], 'column')}; a layer needs one bias per output")
        return None
    return w if w is not None and b is not None else None


def check_inputs(ck: Checker, x: Any, path: str, inputs: int | None) -> int | None:
    """Check x (one row per sample) against the network's inputs; the number
    of samples, or None."""
    shape = array(ck, x, path, ndim=2)
    if shape is None:
        return None
    if inputs is not None and shape[1] != inputs:
        ck.add(path, f"has {shape[1]} columns but the network takes {inputs} inputs; x needs one "
                     f"column per input")
    return shape[0]


def check_targets(ck: Checker, y: Any, path: str, loss: str | None,
                  samples: int | None, outputs: int | None) -> int | None:
    """Check the targets y for ``loss`` and return how many outputs they imply.

    mse: a matrix, one row of numbers per sample (a vector when there is one
    output).  cross_entropy: a vector of class labels 0, 1, ... (the outputs
    are max label + 1, at least 2) or a matrix whose rows are probabilities.
    """
    if loss is None:
        array(ck, y, path)
        return None
    labels = (loss == "cross_entropy" and isinstance(y, list)
              and not any(isinstance(item, list) for item in y if not ck.unknown(item)))
    if labels:
        shape = array(ck, y, path, ndim=1, integer=True)
        implied = _check_labels(ck, y, path, outputs) if shape is not None else None
    else:
        shape = array(ck, y, path)
        if shape is None:
            return None
        implied = shape[1] if len(shape) == 2 else 1
        if loss == "cross_entropy":
            _check_probabilities(ck, y, path)
    if shape is None:
        return None
    if samples is not None and shape[0] != samples:
        ck.add(path, f"has {plural(shape[0], 'label' if labels else 'row')} but x has "
                     f"{plural(samples, 'row')}; y needs one per sample")
    if not labels and outputs is not None and implied != outputs:
        ck.add(path, f"gives {plural(implied, 'target')} per sample but the network "
                     f"has {plural(outputs, 'output')}")
    return implied


def _check_labels(ck: Checker, y: list, path: str, outputs: int | None) -> int | None:
    literal = [v for v in y if not ck.unknown(v)]
    reported = 0
    for i, v in enumerate(y):
        if ck.unknown(v):
            continue
        too_big = outputs is not None and v >= outputs
        if (v < 0 or too_big) and reported < _REPORTED:
            reported += 1
            top = f"0 to {outputs - 1}" if outputs is not None else "0, 1, 2, ..."
            ck.add(index(path, i), f"is not a class label: labels run from {top}, got {v}")
    if reported or len(literal) < len(y):
        return None
    return max(2, max(literal) + 1)


def _check_probabilities(ck: Checker, y: list, path: str) -> None:
    reported = 0
    for r, row in enumerate(y):
        if reported >= _REPORTED:
            return
        if ck.unknown(row) or any(ck.unknown(v) for v in row):
            continue
        values = numpy.asarray(row, dtype=numpy.float64)
        if (values < 0).any() or abs(values.sum() - 1.0) > _SUM_TOLERANCE:
            reported += 1
            ck.add(index(path, r), "must be probabilities for cross_entropy: numbers >= 0 that "
                                   "add up to 1 (a one-hot row like [0, 1, 0] names a class)")
