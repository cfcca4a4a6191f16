"""The function library page (/library/) and POST /api/library/call/."""
from __future__ import annotations

import json
import re
from typing import Any

import numpy
import pytest
from django.test import Client

from kernel_engine import library
from tests.web.helpers import post_json

pytestmark = pytest.mark.django_db

CALL = "/api/library/call/"
MATMUL = {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}


def json_script(response: Any, element_id: str) -> Any:
    match = re.search(
        rf'<script id="{re.escape(element_id)}" type="application/json">(.*?)</script>',
        response.content.decode(), re.S)
    assert match, f"no json_script with id {element_id!r}"
    return json.loads(match.group(1))


def test_the_library_page_lists_every_function_and_opens_the_first(client: Client) -> None:
    response = client.get("/library/")
    assert response.status_code == 200
    assert json_script(response, "library-functions") == library.functions()
    assert json_script(response, "library-selected") == "math.matmul"
    html = response.content.decode()
    for function in library.functions():
        assert f'data-fn="{function["name"]}"' in html
    assert "csrftoken" in response.cookies


def test_the_library_page_opens_the_function_named_in_the_address(client: Client) -> None:
    response = client.get("/library/?fn=nn.train")
    assert json_script(response, "library-selected") == "nn.train"
    assert 'data-fn="nn.train" aria-current="page"' in response.content.decode()


def test_an_unknown_function_in_the_address_is_a_404_page(client: Client) -> None:
    response = client.get("/library/?fn=math.nope")
    assert response.status_code == 404


def test_matmul_of_the_textbook_matrices_is_their_product(client: Client) -> None:
    response = post_json(client, CALL, {"fn": "math.matmul", "args": MATMUL})
    assert response.status_code == 200
    assert response.json() == {"fn": "math.matmul", "seed": 0, "value": [[19, 22], [43, 50]],
                                "ticks": 1, "error": None}


@pytest.mark.parametrize("function", library.functions(), ids=lambda f: f["name"])
def test_every_example_gives_the_engines_value(client: Client, function: dict[str, Any]) -> None:
    response = post_json(client, CALL, {"fn": function["name"], "args": function["example"], "seed": 7})
    assert response.status_code == 200
    expected = library.call(function["name"], function["example"], numpy.random.default_rng(7))
    # Through JSON, as the browser receives it.
    assert response.json() == {"fn": function["name"], "seed": 7,
                               **json.loads(json.dumps(expected.as_dict()))}


def test_the_seed_picks_the_random_numbers(client: Client) -> None:
    args = {"shape": [2, 3], "distribution": "integers", "low": 1, "high": 7}
    seven = post_json(client, CALL, {"fn": "math.random", "args": args, "seed": 7}).json()["value"]
    again = post_json(client, CALL, {"fn": "math.random", "args": args, "seed": 7}).json()["value"]
    other = post_json(client, CALL, {"fn": "math.random", "args": args, "seed": 8}).json()["value"]
    assert seven == again
    assert seven != other
    assert seven == library.call("math.random", args, numpy.random.default_rng(7)).value


def test_a_singular_matrix_is_a_value_less_answer_with_the_reason(client: Client) -> None:
    response = post_json(client, CALL, {"fn": "math.inverse", "args": {"a": [[1, 2], [2, 4]]}})
    assert response.status_code == 200
    body = response.json()
    assert body["value"] is None
    assert body["error"] == "matrix is singular: it has no inverse"
    assert body["ticks"] == 1


def test_a_ragged_matrix_is_refused_with_the_path_of_the_bad_row(client: Client) -> None:
    response = post_json(client, CALL, {"fn": "math.matmul", "args": {"a": [[1, 2], [3]], "b": [[1], [2]]}})
    assert response.status_code == 400
    assert response.json()["errors"] == [{
        "path": "args.a[1]",
        "message": "has 1 number but row 0 has 2; all rows of a matrix must have the same length",
        # the message as data too, for a page in another language (docs/i18n.md)
        "message_key": "library.matrix.ragged",
        "message_args": {"count": {"key": "library.count.number.one", "args": {}}, "r": 0, "n": 2},
    }]


def test_an_unknown_function_is_refused_with_the_valid_names(client: Client) -> None:
    response = post_json(client, CALL, {"fn": "math.matmull", "args": MATMUL})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["path"] == "fn"
    assert "did you mean 'math.matmul'?" in error["message"]


def test_a_missing_or_unknown_argument_is_named(client: Client) -> None:
    response = post_json(client, CALL, {"fn": "math.matmul", "args": {"a": [[1]], "c": [[1]]}})
    assert response.status_code == 400
    paths = sorted(e["path"] for e in response.json()["errors"])
    assert paths == ["args.b", "args.c"]


def test_a_reference_to_an_earlier_call_is_refused_outside_a_scenario(client: Client) -> None:
    response = post_json(client, CALL, {"fn": "math.transpose", "args": {"a": {"$ref": "c"}}})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["path"] == "args.a"
    assert "only works inside a scenario" in error["message"]


@pytest.mark.parametrize(("body", "path"), [
    ({"args": MATMUL}, "fn"),
    ({"fn": 3, "args": MATMUL}, "fn"),
    ({"fn": "math.matmul", "args": MATMUL, "seed": -1}, "seed"),
    ({"fn": "math.matmul", "args": MATMUL, "seed": 2**64}, "seed"),
    ({"fn": "math.matmul", "args": MATMUL, "seed": True}, "seed"),
    ({"fn": "math.matmul", "args": MATMUL, "seed": "7"}, "seed"),
    ({"fn": "math.matmul", "args": [[1]]}, "args"),
    ({"fn": "math.matmul", "args": MATMUL, "extra": 1}, "extra"),
])
def test_a_malformed_call_is_refused_at_the_field_it_names(client: Client, body: dict[str, Any], path: str) -> None:
    response = post_json(client, CALL, body)
    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == [path]


def test_a_body_that_is_not_json_is_refused(client: Client) -> None:
    response = client.post(CALL, data="{fn:", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("invalid JSON")


def test_a_body_over_the_size_limit_is_refused(client: Client, settings: Any) -> None:
    settings.PLAYGROUND_MAX_BODY_BYTES = 1024
    big = {"fn": "math.transpose", "args": {"a": [[1] * 600]}}
    response = post_json(client, CALL, big)
    assert response.status_code == 413


def test_an_input_over_the_librarys_bound_is_refused_before_any_work(client: Client) -> None:
    response = post_json(client, CALL, {"fn": "math.random", "args": {"shape": [257, 2]}})
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"].startswith("args.shape")


def test_only_post_is_allowed(client: Client) -> None:
    response = client.get(CALL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_calls_are_rate_limited_per_address_apart_from_runs(client: Client, settings: Any) -> None:
    settings.PLAYGROUND_RUNS_PER_MINUTE = 2
    statuses = [post_json(client, CALL, {"fn": "math.matmul", "args": MATMUL}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = post_json(client, CALL, {"fn": "math.matmul", "args": MATMUL})
    assert int(refused["Retry-After"]) >= 1
    assert "too many library calls" in refused.json()["errors"][0]["message"]
    # The run budget is its own: a run is still accepted.
    run = post_json(client, "/api/runs/", {"scenario": {"processes": [{"name": "A", "burst": 1}]}})
    assert run.status_code == 202


def test_training_too_many_epochs_times_layers_is_refused_naming_the_bound(
        client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tiny layers cost almost no multiply-adds, so the library accepts them,
    # but each layer of each epoch still costs the web process its own time.
    monkeypatch.setattr(library, "call", lambda *a, **k: pytest.fail("no work may start"))
    body = {"fn": "nn.train", "args": {"x": [[0.5]], "y": [[1.0]], "hidden": [1] * 8, "epochs": 10_000}}
    response = post_json(client, CALL, body)
    assert response.status_code == 400
    assert response.json() == {"errors": [{"path": "args.epochs", "message": (
        "too much training for one call here: 10,000 epochs x 9 layers is 90,000 layer-epochs, "
        "and a call from the web may do at most 10,000; use fewer epochs or layers, or train "
        "inside a scenario (runs go to a worker)"),
        "message_key": "web.library.training",
        "message_args": {"n": "10,000", "m": 9, "k": "90,000", "t": "10,000"}}]}


def test_training_at_the_bound_is_answered(client: Client) -> None:
    body = {"fn": "nn.train", "args": {"x": [[0.5]], "y": [[1.0]], "hidden": [1], "epochs": 5_000}}
    response = post_json(client, CALL, body)
    assert response.status_code == 200
    assert len(response.json()["value"]["loss"]) == 5_000
    # Without epochs the default of 100 counts: 100 x 9 layers is within the bound.
    body = {"fn": "nn.train", "args": {"x": [[0.5]], "y": [[1.0]], "hidden": [1] * 8}}
    assert post_json(client, CALL, body).status_code == 200
