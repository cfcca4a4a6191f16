"""nn.*: forward, backward and training of a small multilayer perceptron.

The numpy lives in mlp.py (the network, backpropagation, the initial weights
and the training loop); the checks in nn_checks.py.  This file is the
library's face: arguments, defaults, costs and error sentences.
"""
from __future__ import annotations

from typing import Any

import numpy

from ..i18n import define, gettext_noop
from ..registry import register
from . import cost, mlp
from .base import CallFailure, LibraryFunction, Outcome, Param
from .checks import Checker, choice, describe, index, integer_in, key, number
from .limits import MAX_DIM, MAX_EPOCHS, MAX_HIDDEN_LAYERS, MAX_NN_WORK
from .nn_checks import check_inputs, check_model, check_targets, unwrap
from .values import to_json

NOT_POSITIVE = define("library.nn.train.lr", gettext_noop("must be a positive number, got {n}"))
DIVERGED = define("library.nn.train.diverged", gettext_noop(
    "training diverged at epoch {epoch}: the loss or the weights grew beyond what a float can "
    "hold; try a smaller lr (it is {n}) or smaller inputs"))
TOO_BIG = define("library.nn.too_big", gettext_noop(
    "this is too big: {formula} is {n} multiply-adds, and at most {m} are allowed; use fewer "
    "epochs, fewer samples or smaller layers"))
NOT_HIDDEN = define("library.nn.train.hidden", gettext_noop(
    "must be a list of layer sizes like [8, 8] ([] for none), got {described}"))
TOO_MANY_HIDDEN = define("library.nn.train.hidden_too_many", gettext_noop(
    "has {n} layers; at most {m} hidden layers are allowed"))
#: The work of a call spelled out, inside TOO_BIG.
FORWARD_WORK = define("library.nn.forward.work", gettext_noop("{samples} samples x {weights} weights"))
BACKWARD_WORK = define("library.nn.backward.work", gettext_noop("3 x {samples} samples x {weights} weights"))
TRAIN_WORK = define("library.nn.train.work", gettext_noop(
    "{epochs} epochs x 3 x {samples} samples x {weights} weights"))
LOSS_OVERFLOW = define("library.nn.loss_overflow", gettext_noop(
    "the loss overflowed: the weights or inputs are too large"))

_MODEL = Param("a model, as nn.train returns it under \"model\" (or nn.train's whole result)")
_X = Param(f"inputs: a matrix with one row per sample and one column per input "
           f"(at most {MAX_DIM} of each)")
_Y = Param("targets, one per sample: for mse a matrix of numbers (a vector if there is one "
           "output); for cross_entropy a vector of class labels 0, 1, ... or a matrix of "
           "probability rows")

#: A tiny model for the examples: 2 inputs, 1 output.
_EXAMPLE_MODEL = {"layers": [{"w": [[0.5], [-0.25]], "b": [0.1]}],
                  "activation": "tanh", "loss": "mse"}


def _targets(y: Any, net: mlp.Network) -> numpy.ndarray:
    """Checked targets as an (n, outputs) float matrix: a vector of mse
    targets becomes a column, class labels become one-hot rows."""
    arr = numpy.asarray(y)
    if arr.ndim == 2:
        return arr.astype(numpy.float64)
    if net.loss == "mse":
        return arr.astype(numpy.float64).reshape(-1, 1)
    return numpy.eye(net.sizes[-1])[arr]


def _grads_json(grads: list[tuple[numpy.ndarray, numpy.ndarray]],
                work: int) -> list[dict[str, Any]]:
    return [{"w": to_json(dw, work), "b": to_json(db, work)} for dw, db in grads]


@register("library", "nn.forward")
class Forward(LibraryFunction):
    """Outputs of a network for inputs x, one row per sample (probabilities for cross_entropy)."""

    params = {"model": _MODEL, "x": _X}
    example = {"model": _EXAMPLE_MODEL, "x": [[1, 2], [3, 4]]}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        shape = check_model(ck, args["model"], key(path, "model"))
        sizes = shape.sizes
        samples = check_inputs(ck, args["x"], key(path, "x"), sizes[0] if sizes else None)
        if ck.ok and sizes and samples:
            _check_budget(ck, cost.forward_work(samples, sizes), key(path, "x"),
                          FORWARD_WORK.say(samples=samples, weights=f"{cost.layer_products(sizes):,}"))

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        net = mlp.Network.from_json(unwrap(args["model"]))
        x = numpy.asarray(args["x"], dtype=numpy.float64)
        work = cost.forward_work(x.shape[0], net.sizes)
        with numpy.errstate(all="ignore"):  # overflow is reported by to_json
            outputs = mlp.predict(net, x)
        return Outcome(to_json(outputs, work), work)


@register("library", "nn.backward")
class Backward(LibraryFunction):
    """Backpropagation: the loss of a network on (x, y) and its gradient for every layer."""

    params = {"model": _MODEL, "x": _X, "y": _Y}
    example = {"model": _EXAMPLE_MODEL, "x": [[1, 2], [3, 4]], "y": [1, 0]}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        shape = check_model(ck, args["model"], key(path, "model"))
        sizes = shape.sizes
        samples = check_inputs(ck, args["x"], key(path, "x"), sizes[0] if sizes else None)
        check_targets(ck, args["y"], key(path, "y"), shape.loss, samples,
                      sizes[-1] if sizes else None)
        if ck.ok and sizes and samples:
            _check_budget(ck, cost.backward_work(samples, sizes), key(path, "x"),
                          BACKWARD_WORK.say(samples=samples, weights=f"{cost.layer_products(sizes):,}"))

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        net = mlp.Network.from_json(unwrap(args["model"]))
        x = numpy.asarray(args["x"], dtype=numpy.float64)
        work = cost.backward_work(x.shape[0], net.sizes)
        with numpy.errstate(all="ignore"):
            loss, grads = mlp.loss_and_grads(net, x, _targets(args["y"], net))
        if not numpy.isfinite(loss):
            raise CallFailure(LOSS_OVERFLOW.say(), work)
        return Outcome({"loss": loss, "grads": _grads_json(grads, work)}, work)


@register("library", "nn.train")
class Train(LibraryFunction):
    """Train a multilayer perceptron on (x, y) by full-batch gradient descent."""

    params = {
        "x": _X,
        "y": _Y,
        "hidden": Param(f"sizes of the hidden layers, e.g. [8, 8] (at most {MAX_HIDDEN_LAYERS} "
                        f"layers of at most {MAX_DIM}); [] is a linear model", []),
        "activation": Param('activation of the hidden layers: "tanh", "relu" or "sigmoid"',
                            mlp.DEFAULT_ACTIVATION),
        "loss": Param('"mse" (linear outputs) or "cross_entropy" (softmax outputs)',
                      mlp.DEFAULT_LOSS),
        "lr": Param("learning rate: each epoch moves the weights by -lr x gradient", 0.1),
        "epochs": Param(f"gradient steps to take, 1 to {MAX_EPOCHS:,}", 100),
    }
    example = {"x": [[1, 2], [3, 4]], "y": [[11, 12], [13, 14]], "hidden": [],
               "epochs": 100, "lr": 0.01}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        samples = check_inputs(ck, args["x"], key(path, "x"), None)
        hidden = _check_hidden(ck, args["hidden"], key(path, "hidden"))
        choice(ck, args["activation"], key(path, "activation"), mlp.ACTIVATIONS)
        loss = choice(ck, args["loss"], key(path, "loss"), mlp.LOSSES)
        outputs = check_targets(ck, args["y"], key(path, "y"), loss, samples, None)
        lr = number(ck, args["lr"], key(path, "lr"))
        if lr is not None and lr <= 0:
            ck.add(key(path, "lr"), NOT_POSITIVE.say(n=str(lr)))
        epochs = integer_in(ck, args["epochs"], key(path, "epochs"), 1, MAX_EPOCHS)
        if ck.ok and None not in (samples, hidden, outputs, epochs):
            features = len(args["x"][0])  # x's shape is known: its rows are literal
            sizes = [features, *hidden, outputs]  # type: ignore[misc]
            _check_budget(ck, cost.train_work(samples, sizes, epochs),  # type: ignore[arg-type]
                          key(path, "epochs"), TRAIN_WORK.say(epochs=f"{epochs:,}", samples=samples,
                                                              weights=f"{cost.layer_products(sizes):,}"))

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        x = numpy.asarray(args["x"], dtype=numpy.float64)
        y = args["y"]
        loss = args["loss"]
        if loss == "cross_entropy" and numpy.ndim(y) == 1:
            outputs = max(2, max(y) + 1)  # class labels 0 .. max
        else:
            outputs = 1 if numpy.ndim(y) == 1 else len(y[0])
        sizes = [x.shape[1], *args["hidden"], outputs]
        net = mlp.init_network(sizes, args["activation"], loss, rng)
        work = cost.train_work(x.shape[0], sizes, args["epochs"])
        per_epoch = cost.backward_work(x.shape[0], sizes)
        try:
            with numpy.errstate(all="ignore"):  # divergence is reported below
                losses = mlp.train(net, x, _targets(y, net), args["lr"], args["epochs"])
        except mlp.Diverged as diverged:
            raise CallFailure(DIVERGED.say(epoch=diverged.epoch, n=str(args["lr"])),
                              per_epoch * (diverged.epoch + 1)) from None
        return Outcome({"loss": losses, "model": net.to_json()}, work)


def _check_budget(ck: Checker, work: int, path: str, formula: str) -> None:
    """Refuse an nn call whose work (``formula``, spelled out) is over the bound."""
    if work > MAX_NN_WORK:
        ck.add(path, TOO_BIG.say(formula=formula, n=f"{work:,}", m=f"{MAX_NN_WORK:,}"))


def _check_hidden(ck: Checker, hidden: Any, path: str) -> list[int] | None:
    """Hidden layer sizes, or None."""
    if ck.unknown(hidden):
        return None
    if not isinstance(hidden, list):
        ck.add(path, NOT_HIDDEN.say(described=describe(hidden)))
        return None
    if len(hidden) > MAX_HIDDEN_LAYERS:
        ck.add(path, TOO_MANY_HIDDEN.say(n=len(hidden), m=MAX_HIDDEN_LAYERS))
        return None
    sizes = [integer_in(ck, h, index(path, i), 1, MAX_DIM, "units in the layer")
             for i, h in enumerate(hidden)]
    return None if None in sizes else sizes  # type: ignore[return-value]
