"""``python -m kernel_engine call``: run one library function from the shell.

    python -m kernel_engine call math.matmul --args '{"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}'
    {"value": [[19, 22], [43, 50]], "ticks": 1, "error": null}

    python -m kernel_engine call math.random --args '{"shape": [2]}' --seed 7
    python -m kernel_engine call --list

``main(argv)`` takes the arguments after ``call``.  It prints the CallResult
as JSON and exits 0, also when the call itself fails (a singular matrix:
``value`` null and ``error`` set).  Input it cannot run (bad JSON, an
unknown function, bad arguments) exits 2 with one line per problem on
stderr.  It never prints a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

import numpy

from .base import CallResult
from .dispatch import call, check_args, functions

USAGE_ERROR = 2


class _UsageError(Exception):
    """Bad command-line input; the message is the line to print."""


class _Parser(argparse.ArgumentParser):
    # argparse prints and exits on bad input; raising instead lets main()
    # return its exit code like every other path.
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{message} (see --help)")


def _parser() -> _Parser:
    parser = _Parser(prog="python -m kernel_engine call",
                     description="Run one function of the kernel engine's library.")
    parser.add_argument("fn", nargs="?", help='the function, e.g. "math.matmul"')
    parser.add_argument("--args", default="{}", metavar="JSON",
                        help='the arguments as a JSON object, or "-" to read them from stdin')
    parser.add_argument("--seed", default="0", metavar="N",
                        help="seed of the random numbers (default 0, as in a scenario)")
    parser.add_argument("--list", action="store_true", help="list the functions and exit")
    return parser


def _read_args(text: str, stdin: TextIO) -> Any:
    if text == "-":
        text = stdin.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _UsageError(f"--args: not valid JSON: {exc.msg} at line {exc.lineno} "
                          f"column {exc.colno}") from None


def _read_seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        raise _UsageError(f"--seed: must be a non-negative integer, got {text!r}") from None
    if seed < 0:
        raise _UsageError(f"--seed: must be a non-negative integer, got {seed}")
    return seed


def _print_list(out: TextIO) -> None:
    described = functions()
    width = max(len(f["name"]) for f in described)
    for f in described:
        out.write(f"{f['name']:<{width}}  {f['summary']}\n")


def main(argv: list[str], stdin: TextIO | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run ``call`` with ``argv`` (the words after ``call``); the exit code."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    try:
        try:
            options = _parser().parse_args(argv)
        except SystemExit as done:  # --help printed the usage
            return int(done.code or 0)
        if options.list:
            _print_list(stdout)
            return 0
        if not options.fn:
            raise _UsageError("name a function (e.g. math.matmul), or use --list to see them all")
        args = _read_args(options.args, stdin)
        seed = _read_seed(options.seed)
    except _UsageError as exc:
        stderr.write(f"{exc}\n")
        return USAGE_ERROR
    # No scenario here, so no earlier call can fill in a {"$ref": ...}: check
    # as at run time, where a reference is just a wrong value.
    problems = check_args(options.fn, args, "", static=False)
    if problems:
        for problem in problems:
            stderr.write(f"{problem}\n")
        return USAGE_ERROR
    result: CallResult = call(options.fn, args, numpy.random.default_rng(seed))
    stdout.write(json.dumps(result.as_dict()) + "\n")
    return 0
