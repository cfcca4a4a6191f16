"""`python -m kernel_engine call`: JSON out, exit 0; bad input, exit 2; never a traceback."""
from __future__ import annotations

import io
import json

from kernel_engine.library.cli import main


def call_cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return code, out.getvalue(), err.getvalue()


def test_call_prints_the_result_as_json() -> None:
    args = '{"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}'
    code, out, err = call_cli("math.matmul", "--args", args)
    assert (code, err) == (0, "")
    assert json.loads(out) == {"value": [[19, 22], [43, 50]], "ticks": 1, "error": None}


def test_a_call_that_fails_while_running_still_exits_0() -> None:
    code, out, _ = call_cli("math.inverse", "--args", '{"a": [[1, 2], [2, 4]]}')
    assert code == 0
    # The error as data too, beside its English text (reasons as data, issue 9).
    assert json.loads(out) == {"value": None, "ticks": 1,
                               "error": "matrix is singular: it has no inverse",
                               "error_key": "library.math.inverse.singular", "error_args": {}}


def test_args_can_come_from_stdin() -> None:
    code, out, _ = call_cli("math.transpose", "--args", "-", stdin='{"a": [[1, 2]]}')
    assert code == 0 and json.loads(out)["value"] == [[1], [2]]


def test_the_seed_picks_the_random_numbers() -> None:
    args = ("math.random", "--args", '{"shape": [4]}')
    assert call_cli(*args, "--seed", "7") == call_cli(*args, "--seed", "7")
    assert call_cli(*args, "--seed", "7")[1] != call_cli(*args, "--seed", "8")[1]


def test_bad_arguments_exit_2_with_one_line_per_problem() -> None:
    code, out, err = call_cli("math.matmul", "--args", '{"a": [[1, 2], [3]], "c": 1}')
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "args.c: is not an argument of math.matmul; it takes a, b",
        "args.b: is missing: math.matmul needs b, the right matrix, m x k "
        "(or a vector of m numbers)",
    ]


def test_invalid_json_exits_2_with_where_it_broke() -> None:
    code, _, err = call_cli("math.matmul", "--args", '{"a": [[1, 2]')
    assert code == 2
    assert err == "--args: not valid JSON: Expecting ',' delimiter at line 1 column 14\n"


def test_an_unknown_function_exits_2() -> None:
    code, _, err = call_cli("math.divide")
    assert code == 2 and err.startswith("fn: unknown function 'math.divide'; ")


def test_a_bad_seed_or_option_exits_2() -> None:
    assert call_cli("math.random", "--seed", "-1")[0] == 2
    code, _, err = call_cli("math.random", "--frobnicate")
    assert code == 2 and "unrecognized arguments: --frobnicate" in err


def test_no_function_exits_2_and_points_to_list() -> None:
    code, _, err = call_cli()
    assert code == 2 and "--list" in err


def test_list_shows_every_function_with_its_summary() -> None:
    code, out, _ = call_cli("--list")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "math.matmul", "math.add", "math.transpose", "math.inverse", "math.random",
        "text.tokenize", "text.pos_tag", "nn.forward", "nn.backward", "nn.train", "os.bankers"]
    assert "Matrix product" in lines[0]
