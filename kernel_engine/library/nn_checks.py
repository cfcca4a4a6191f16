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

from ..i18n import define, gettext_noop
from .checks import Checker, array, choice, describe, index, key, plural
from .limits import MAX_HIDDEN_LAYERS
from .mlp import ACTIVATIONS, DEFAULT_ACTIVATION, DEFAULT_LOSS, LOSSES

_MODEL_KEYS = ("layers", "activation", "loss")
_LAYER_KEYS = ("w", "b")

NOT_OF_RESULT = define("library.nn.result_field", gettext_noop(
    'is not part of an nn.train result (it has "loss" and "model")'))
NOT_A_MODEL = define("library.nn.model", gettext_noop(
    'must be a model {"layers": [{"w": [[...]], "b": [...]}, ...], "activation": "tanh", "loss": '
    '"mse"} as nn.train returns it, got {described}'))
NOT_OF_MODEL = define("library.nn.model_field", gettext_noop(
    "is not part of a model; a model has layers, activation, loss"))
NO_LAYERS = define("library.nn.layers_missing", gettext_noop(
    'is missing: a model needs its layers, [{"w": [[...]], "b": [...]}, ...]'))
NOT_LAYERS = define("library.nn.layers", gettext_noop(
    'must be a non-empty list of layers {"w": [[...]], "b": [...]}, got {described}'))
TOO_MANY_LAYERS = define("library.nn.layers_too_many", gettext_noop(
    "has {n} layers; a model may have at most {m} ({k} hidden and the output layer)"))
LAYERS_MISMATCH = define("library.nn.layer_rows", gettext_noop(
    "has {n} rows but layer {i} has {m} outputs (the columns of its w); w needs one row per input "
    "of the layer"))
NOT_A_LAYER = define("library.nn.layer", gettext_noop('must be a layer {"w": [[...]], "b": [...]}, got {described}'))
NOT_OF_LAYER = define("library.nn.layer_field", gettext_noop('is not part of a layer; a layer has "w" and "b"'))
LAYER_MISSING = define("library.nn.layer_missing", gettext_noop("is missing: every layer needs {name}"))
BIASES = define("library.nn.biases", gettext_noop(
    "has {count} but w has {count2}; a layer needs one bias per output"))
INPUTS = define("library.nn.inputs", gettext_noop(
    "has {n} columns but the network takes {m} inputs; x needs one column per input"))
SAMPLES = define("library.nn.samples", gettext_noop("has {count} but x has {count2}; y needs one per sample"))
TARGETS = define("library.nn.targets", gettext_noop("gives {count} per sample but the network has {count2}"))
NOT_A_LABEL = define("library.nn.label", gettext_noop(
    "is not a class label: labels run from 0 to {n}, got {m}"))
NOT_A_LABEL_ANY = define("library.nn.label_any", gettext_noop(
    "is not a class label: labels run from 0, 1, 2, ..., got {m}"))
NOT_PROBABILITIES = define("library.nn.probabilities", gettext_noop(
    "must be probabilities for cross_entropy: numbers >= 0 that add up to 1 (a one-hot row like "
    "[0, 1, 0] names a class)"))
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
                ck.add(key(path, name), NOT_OF_RESULT.say())
        return _check_bare_model(ck, model["model"], key(path, "model"))
    return _check_bare_model(ck, model, path)


def _check_bare_model(ck: Checker, model: Any, path: str) -> ModelShape:
    if ck.unknown(model):
        return ModelShape(None, None)
    if not isinstance(model, dict):
        ck.add(path, NOT_A_MODEL.say(described=describe(model)))
        return ModelShape(None, None)
    for name in model:
        if name not in _MODEL_KEYS:
            ck.add(key(path, name), NOT_OF_MODEL.say())  # names _MODEL_KEYS
    activation = model.get("activation", DEFAULT_ACTIVATION)
    choice(ck, activation, key(path, "activation"), ACTIVATIONS)
    loss = choice(ck, model.get("loss", DEFAULT_LOSS), key(path, "loss"), LOSSES)
    if "layers" not in model:
        ck.add(key(path, "layers"), NO_LAYERS.say())
        return ModelShape(None, loss)
    return ModelShape(_check_layers(ck, model["layers"], key(path, "layers")), loss)


def _check_layers(ck: Checker, layers: Any, path: str) -> list[int] | None:
    """The sizes [inputs, ..., outputs] of a list of layers, or None."""
    if ck.unknown(layers):
        return None
    if not isinstance(layers, list) or not layers:
        ck.add(path, NOT_LAYERS.say(described=describe(layers)))
        return None
    if len(layers) > MAX_HIDDEN_LAYERS + 1:
        ck.add(path, TOO_MANY_LAYERS.say(n=len(layers), m=MAX_HIDDEN_LAYERS + 1, k=MAX_HIDDEN_LAYERS))
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
            ck.add(key(at, "w"), LAYERS_MISMATCH.say(n=rows, i=i - 1, m=sizes[-1]))
        sizes = sizes or [rows]
        sizes.append(cols)
    return sizes if known and len(ck.problems) == before else None


def _check_layer(ck: Checker, layer: Any, path: str) -> tuple[int, int] | None:
    """(inputs, outputs) of one layer, or None."""
    if ck.unknown(layer):
        return None
    if not isinstance(layer, dict):
        ck.add(path, NOT_A_LAYER.say(described=describe(layer)))
        return None
    for name in layer:
        if name not in _LAYER_KEYS:
            ck.add(key(path, name), NOT_OF_LAYER.say())
    for name in _LAYER_KEYS:
        if name not in layer:
            ck.add(key(path, name), LAYER_MISSING.say(name=name))
    if not all(name in layer for name in _LAYER_KEYS):
        return None
    w = array(ck, layer["w"], key(path, "w"), ndim=2)
    b = array(ck, layer["b"], key(path, "b"), ndim=1)
    if w is not None and b is not None and b[0] != w[1]:
        ck.add(key(path, "b"), BIASES.say(count=plural(b[0], "number"), count2=plural(w[1], "column")))
        return None
    return w if w is not None and b is not None else None


def check_inputs(ck: Checker, x: Any, path: str, inputs: int | None) -> int | None:
    """Check x (one row per sample) against the network's inputs; the number
    of samples, or None."""
    shape = array(ck, x, path, ndim=2)
    if shape is None:
        return None
    if inputs is not None and shape[1] != inputs:
        ck.add(path, INPUTS.say(n=shape[1], m=inputs))
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
        ck.add(path, SAMPLES.say(count=plural(shape[0], "label" if labels else "row"),
                                 count2=plural(samples, "row")))
    if not labels and outputs is not None and implied != outputs:
        ck.add(path, TARGETS.say(count=plural(implied, "target"), count2=plural(outputs, "output")))
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
            ck.add(index(path, i), NOT_A_LABEL.say(n=outputs - 1, m=v) if outputs is not None
                   else NOT_A_LABEL_ANY.say(m=v))
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
            ck.add(index(path, r), NOT_PROBABILITIES.say())
