"""A small multilayer perceptron in numpy, trained by full-batch gradient descent.

Layer l computes ``h[l+1] = f(h[l] @ W[l] + b[l])`` where ``W[l]`` is
(inputs x outputs), one row per sample in ``h``.  Hidden layers use the
network's activation f (tanh, relu or sigmoid).  The output layer depends on
the loss:

* ``mse``: linear output; loss = mean over every output of (out - y)**2,
  the mean squared error as numpy writes it, ``np.mean((out - y) ** 2)``;
* ``cross_entropy``: softmax output (rows are probabilities); loss =
  -(1/n) * sum of y * log(p), with one row of y per sample, summing to 1.

Backpropagation starts from dL/dz of the output layer, which is
2 (out - y) / (n * outputs) for mse and (p - y) / n for softmax with
cross-entropy, and carries it back through each layer: dW = h.T @ delta,
db = the column sums of delta, delta_before = (delta @ W.T) * f'(h).

Weights start random, from the scenario's generator: Glorot (Xavier)
uniform, U(-a, a) with a = sqrt(6 / (inputs + outputs)), for tanh, sigmoid
and the output layer; He normal, N(0, sqrt(2 / inputs)), for relu hidden
layers (they keep the signal's variance steady through the layers).
Biases start at 0.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy

ACTIVATIONS = ("tanh", "relu", "sigmoid")
LOSSES = ("mse", "cross_entropy")
DEFAULT_ACTIVATION, DEFAULT_LOSS = "tanh", "mse"


@dataclass
class Network:
    """Weights ``(inputs, outputs)`` and biases ``(outputs,)`` per layer."""

    weights: list[numpy.ndarray]
    biases: list[numpy.ndarray]
    activation: str
    loss: str

    @property
    def sizes(self) -> list[int]:
        """[inputs, hidden..., outputs]."""
        return [self.weights[0].shape[0]] + [w.shape[1] for w in self.weights]

    def to_json(self) -> dict[str, Any]:
        """The model as nn.train returns it (and nn.forward accepts it)."""
        return {"layers": [{"w": w.tolist(), "b": b.tolist()}
                           for w, b in zip(self.weights, self.biases)],
                "activation": self.activation, "loss": self.loss}

    @classmethod
    def from_json(cls, model: dict[str, Any]) -> "Network":
        """A checked model dict (see nn.py) as a Network of float arrays."""
        layers = model["layers"]
        return cls([numpy.asarray(layer["w"], dtype=numpy.float64) for layer in layers],
                   [numpy.asarray(layer["b"], dtype=numpy.float64) for layer in layers],
                   model.get("activation", DEFAULT_ACTIVATION), model.get("loss", DEFAULT_LOSS))

    def finite(self) -> bool:
        return all(numpy.isfinite(w).all() and numpy.isfinite(b).all()
                   for w, b in zip(self.weights, self.biases))


def init_network(sizes: list[int], activation: str, loss: str,
                 rng: numpy.random.Generator) -> Network:
    """A fresh network with layer ``sizes``, weights drawn from ``rng``."""
    weights, biases = [], []
    last = len(sizes) - 2
    for l, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        if activation == "relu" and l < last:
            w = rng.normal(0.0, numpy.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        else:
            bound = numpy.sqrt(6.0 / (fan_in + fan_out))
            w = rng.uniform(-bound, bound, size=(fan_in, fan_out))
        weights.append(w)
        biases.append(numpy.zeros(fan_out))
    return Network(weights, biases, activation, loss)


def _activate(name: str, z: numpy.ndarray) -> numpy.ndarray:
    if name == "tanh":
        return numpy.tanh(z)
    if name == "relu":
        return numpy.maximum(z, 0.0)
    # sigmoid(z) = (1 + tanh(z/2)) / 2: the same function, without the
    # overflow of exp(-z) for large negative z.
    return 0.5 * (1.0 + numpy.tanh(0.5 * z))


def _derivative(name: str, h: numpy.ndarray) -> numpy.ndarray:
    """f'(z) written with the layer's output h = f(z)."""
    if name == "tanh":
        return 1.0 - h * h
    if name == "relu":
        return (h > 0.0).astype(h.dtype)
    return h * (1.0 - h)


def _log_softmax(z: numpy.ndarray) -> numpy.ndarray:
    shifted = z - z.max(axis=1, keepdims=True)  # exp never overflows
    return shifted - numpy.log(numpy.exp(shifted).sum(axis=1, keepdims=True))


def forward(net: Network, x: numpy.ndarray) -> tuple[list[numpy.ndarray], numpy.ndarray]:
    """``(hs, z)``: the input and every hidden layer's output, then the
    output layer's pre-activation z (its output is ``output(net, z)``)."""
    hs = [x]
    for w, b in zip(net.weights[:-1], net.biases[:-1]):
        hs.append(_activate(net.activation, hs[-1] @ w + b))
    return hs, hs[-1] @ net.weights[-1] + net.biases[-1]


def output(net: Network, z: numpy.ndarray) -> numpy.ndarray:
    """The network's output from the last pre-activation: z, or softmax(z)."""
    return z if net.loss == "mse" else numpy.exp(_log_softmax(z))


def predict(net: Network, x: numpy.ndarray) -> numpy.ndarray:
    """The network's outputs for the rows of ``x``."""
    return output(net, forward(net, x)[1])


def loss_and_grads(net: Network, x: numpy.ndarray, y: numpy.ndarray
                   ) -> tuple[float, list[tuple[numpy.ndarray, numpy.ndarray]]]:
    """The loss on ``(x, y)`` and its gradient ``[(dW, db)]`` per layer."""
    hs, z = forward(net, x)
    n = x.shape[0]
    if net.loss == "mse":
        diff = z - y
        loss = float(numpy.mean(diff * diff))
        delta = 2.0 * diff / diff.size
    else:
        log_p = _log_softmax(z)
        loss = float(-(y * log_p).sum() / n)
        delta = (numpy.exp(log_p) - y) / n
    grads: list[tuple[numpy.ndarray, numpy.ndarray]] = []
    for l in range(len(net.weights) - 1, -1, -1):
        grads.append((hs[l].T @ delta, delta.sum(axis=0)))
        if l > 0:
            delta = (delta @ net.weights[l].T) * _derivative(net.activation, hs[l])
    grads.reverse()
    return loss, grads


class Diverged(Exception):
    """Training blew up: the loss or a weight stopped being a finite number."""

    def __init__(self, epoch: int) -> None:
        super().__init__(f"diverged at epoch {epoch}")
        self.epoch = epoch


def train(net: Network, x: numpy.ndarray, y: numpy.ndarray, lr: float, epochs: int) -> list[float]:
    """Full-batch gradient descent, in place: ``epochs`` steps of
    W -= lr * dW, b -= lr * db.  Returns the loss of each epoch, measured on
    the forward pass that computes that epoch's gradient (so ``losses[0]``
    is the loss of the untrained network).  Raises Diverged(epoch)."""
    losses: list[float] = []
    for epoch in range(epochs):
        loss, grads = loss_and_grads(net, x, y)
        if not numpy.isfinite(loss):
            raise Diverged(epoch)
        losses.append(loss)
        for l, (dw, db) in enumerate(grads):
            net.weights[l] -= lr * dw
            net.biases[l] -= lr * db
        if not net.finite():
            raise Diverged(epoch)
    return losses
