"""nn.*: backpropagation against finite differences, and training that learns."""
from __future__ import annotations

import copy

import numpy
import pytest

from kernel_engine.library import CallResult, call
from kernel_engine.library.mlp import init_network

# The seed document's example (its original code added the gradient
# instead of subtracting it, so its loss could only grow).
SEED_EXAMPLE = {"x": [[1, 2], [3, 4]], "y": [[11, 12], [13, 14]], "hidden": [],
                "epochs": 100, "lr": 0.01}


def run(fn: str, args: dict, seed: int = 0) -> CallResult:
    return call(fn, args, numpy.random.default_rng(seed))


def random_model(sizes: list[int], activation: str, loss: str, seed: int = 5) -> dict:
    net = init_network(sizes, activation, loss, numpy.random.default_rng(seed))
    model = net.to_json()
    # Non-zero biases, so that their gradients are tested too.
    for layer in model["layers"]:
        layer["b"] = [0.1 * (i + 1) for i in range(len(layer["b"]))]
    return model


def loss_of(model: dict, x: list, y: list) -> float:
    res = run("nn.backward", {"model": model, "x": x, "y": y})
    assert res.error is None, res.error
    return res.value["loss"]


def numeric_gradient(model: dict, x: list, y: list, eps: float = 1e-6) -> list[dict]:
    """Central differences: (L(p + eps) - L(p - eps)) / (2 eps), one parameter at a time."""
    grads = []
    for l, layer in enumerate(model["layers"]):
        w = numpy.array(layer["w"])
        dw = numpy.zeros_like(w)
        for (i, j), _ in numpy.ndenumerate(w):
            up, down = copy.deepcopy(model), copy.deepcopy(model)
            up["layers"][l]["w"][i][j] += eps
            down["layers"][l]["w"][i][j] -= eps
            dw[i, j] = (loss_of(up, x, y) - loss_of(down, x, y)) / (2 * eps)
        db = numpy.zeros(len(layer["b"]))
        for i in range(len(layer["b"])):
            up, down = copy.deepcopy(model), copy.deepcopy(model)
            up["layers"][l]["b"][i] += eps
            down["layers"][l]["b"][i] -= eps
            db[i] = (loss_of(up, x, y) - loss_of(down, x, y)) / (2 * eps)
        grads.append({"w": dw, "b": db})
    return grads


def assert_gradients_match(model: dict, x: list, y: list) -> None:
    res = run("nn.backward", {"model": model, "x": x, "y": y})
    assert res.error is None, res.error
    numeric = numeric_gradient(model, x, y)
    assert len(res.value["grads"]) == len(numeric)
    for analytic, expected in zip(res.value["grads"], numeric):
        assert numpy.allclose(analytic["w"], expected["w"], rtol=1e-5, atol=1e-7)
        assert numpy.allclose(analytic["b"], expected["b"], rtol=1e-5, atol=1e-7)


X = [[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0]]


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_backward_matches_finite_differences_for_mse(activation: str) -> None:
    model = random_model([2, 3, 2], activation, "mse")
    assert_gradients_match(model, X, [[1.0, -1.0], [0.5, 2.0], [0.0, 0.25]])


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_backward_matches_finite_differences_for_cross_entropy(activation: str) -> None:
    model = random_model([2, 4, 3], activation, "cross_entropy")
    assert_gradients_match(model, X, [2, 0, 1])
    assert_gradients_match(model, X, [[0.2, 0.3, 0.5], [1, 0, 0], [0, 0.5, 0.5]])


def test_backward_of_a_perfect_linear_fit_is_zero() -> None:
    # y = x @ w + b exactly, so the loss and every gradient vanish.
    model = {"layers": [{"w": [[2.0], [3.0]], "b": [1.0]}], "loss": "mse"}
    res = run("nn.backward", {"model": model, "x": [[1, 1], [2, 0]], "y": [[6], [5]]})
    assert res.value == {"loss": 0.0, "grads": [{"w": [[0.0], [0.0]], "b": [0.0]}]}


def test_the_seed_example_trains_with_a_falling_loss() -> None:
    res = run("nn.train", SEED_EXAMPLE)
    assert res.error is None
    losses = res.value["loss"]
    assert len(losses) == 100
    assert losses[-1] < losses[0]
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))


def test_the_seed_example_costs_three_ticks() -> None:
    # 100 epochs x 3 passes x 2 samples x (2 x 2 weights) = 2,400 multiply-adds.
    assert run("nn.train", SEED_EXAMPLE).ticks == 3


def test_training_is_reproducible_from_the_seed() -> None:
    assert run("nn.train", SEED_EXAMPLE, seed=4) == run("nn.train", SEED_EXAMPLE, seed=4)
    first = run("nn.train", SEED_EXAMPLE, seed=4).value["model"]
    other = run("nn.train", SEED_EXAMPLE, seed=5).value["model"]
    assert first != other


def test_a_trained_model_feeds_nn_forward_whole_or_unwrapped() -> None:
    trained = run("nn.train", SEED_EXAMPLE).value
    whole = run("nn.forward", {"model": trained, "x": SEED_EXAMPLE["x"]})
    bare = run("nn.forward", {"model": trained["model"], "x": SEED_EXAMPLE["x"]})
    assert whole.error is None and whole.value == bare.value
    w, b = (numpy.array(trained["model"]["layers"][0][k]) for k in ("w", "b"))
    assert numpy.allclose(whole.value, numpy.array(SEED_EXAMPLE["x"]) @ w + b)


def test_a_hidden_layer_learns_xor() -> None:
    xor = {"x": [[0, 0], [0, 1], [1, 0], [1, 1]], "y": [0, 1, 1, 0], "hidden": [8],
           "loss": "cross_entropy", "lr": 1.0, "epochs": 2000}
    trained = run("nn.train", xor, seed=1).value
    probabilities = run("nn.forward", {"model": trained, "x": xor["x"]}).value
    assert [int(numpy.argmax(row)) for row in probabilities] == [0, 1, 1, 0]
    assert all(abs(sum(row) - 1.0) < 1e-12 for row in probabilities)


def test_initial_weights_follow_glorot_and_he() -> None:
    tanh = init_network([100, 50, 10], "tanh", "mse", numpy.random.default_rng(0))
    assert numpy.abs(tanh.weights[0]).max() <= numpy.sqrt(6 / 150)
    relu = init_network([200, 100, 10], "relu", "mse", numpy.random.default_rng(0))
    assert abs(relu.weights[0].std() - numpy.sqrt(2 / 200)) < 0.005
    assert numpy.abs(relu.weights[1]).max() <= numpy.sqrt(6 / 110)  # output layer: Glorot
    assert not relu.biases[0].any()


def test_a_learning_rate_too_large_is_reported_as_divergence() -> None:
    res = run("nn.train", {**SEED_EXAMPLE, "lr": 10.0})
    assert res.value is None
    assert res.error.startswith("training diverged at epoch ")
    assert "try a smaller lr (it is 10.0)" in res.error


def test_inputs_that_do_not_fit_the_model_are_refused() -> None:
    model = random_model([2, 3, 1], "tanh", "mse")
    res = run("nn.forward", {"model": model, "x": [[1, 2, 3]]})
    assert res.error == ("nn.forward: args.x: has 3 columns but the network takes 2 inputs; "
                         "x needs one column per input")


def test_class_labels_beyond_the_outputs_are_refused() -> None:
    model = random_model([2, 3], "tanh", "cross_entropy")
    res = run("nn.backward", {"model": model, "x": [[1, 2]], "y": [3]})
    assert res.error == ("nn.backward: args.y[0]: is not a class label: labels run from "
                         "0 to 2, got 3")


def test_training_beyond_the_work_budget_is_refused() -> None:
    big = [[0.5] * 256 for _ in range(256)]
    res = run("nn.train", {"x": big, "y": big, "hidden": [256], "epochs": 10})
    assert res.value is None
    assert res.error == ("nn.train: args.epochs: this is too big: 10 epochs x 3 x 256 samples "
                         "x 131,072 weights is 1,006,632,960 multiply-adds, and at most "
                         "100,000,000 are allowed; use fewer epochs, fewer samples or "
                         "smaller layers")


def test_a_forward_pass_beyond_the_work_budget_is_refused() -> None:
    square = [[0.0] * 256 for _ in range(256)]
    layer = {"w": square, "b": [0.0] * 256}
    model = {"layers": [layer] * 9}  # 256 samples x 9 x 65,536 weights
    res = run("nn.forward", {"model": model, "x": square})
    assert res.value is None and "150,994,944 multiply-adds" in res.error
