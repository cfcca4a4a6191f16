"""The command line: ``python -m kernel_engine run|validate|presets|call``.

Exit codes: 0 success; 2 bad input (an invalid scenario, invalid JSON, a
missing file, an unknown preset, a usage mistake), with one line per problem
on stderr; 1 an internal error, reported in one line (the traceback too
when the environment has ``KERNEL_ENGINE_DEBUG=1``).  A student never sees
a Python traceback for a mistake of their own.

The result JSON goes to stdout as ``json.dumps(result, ensure_ascii=False,
separators=(",", ":"))`` plus a newline, UTF-8 encoded: byte for byte the
same on every run of the same scenario.
"""
from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .errors import ScenarioError

if TYPE_CHECKING:  # pragma: no cover
    import argparse

DEBUG_ENV = "KERNEL_ENGINE_DEBUG"
EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class InputError(Exception):
    """Bad input that is not a scenario problem (a file, JSON, a preset name)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "call":
            # The function library owns its own sub-commands and their exit codes.
            from .library.cli import main as call_main
            return call_main(args[1:])
        return _dispatch(args)
    except InputError as exc:
        _error_lines([str(exc)])
        return EXIT_BAD_INPUT
    except ScenarioError as exc:
        _error_lines(str(p) for p in exc.problems)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _error_lines(["interrupted"])
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say to it.
        _silence_stdout()
        return EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
        if os.environ.get(DEBUG_ENV) == "1":
            import traceback
            traceback.print_exc()
        detail = str(exc).splitlines()[0] if str(exc) else ""
        _error_lines([f"internal error: {type(exc).__name__}"
                      + (f": {detail}" if detail else "")
                      + ("" if os.environ.get(DEBUG_ENV) == "1" else
                         f" (set {DEBUG_ENV}=1 to see the traceback)")])
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    import argparse
    parser = argparse.ArgumentParser(
        prog="python -m kernel_engine",
        description="Run, check and list LLM-OS Playground scenarios.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def source(p: argparse.ArgumentParser) -> None:
        p.add_argument("scenario", nargs="?", metavar="SCENARIO.json",
                       help="a scenario file, or - to read it from standard input")
        p.add_argument("--preset", metavar="NAME", help="a built-in scenario instead of a file")

    run = sub.add_parser("run", help="simulate a scenario and print the result as JSON")
    source(run)
    run.add_argument("--trace", action="store_true", help="include every step in \"steps\"")
    run.add_argument("--summary", action="store_true",
                     help="leave out per-op free-list snapshots (for large workloads)")
    run.add_argument("--pretty", action="store_true", help="indent the JSON for reading")

    validate = sub.add_parser("validate", help="check a scenario; print its problems")
    source(validate)

    presets = sub.add_parser("presets", help="list the built-in scenarios, one name per line")
    presets.add_argument("--long", action="store_true", help="also show category and title")

    sub.add_parser("call", help="call a library function (see: call --help)", add_help=False)
    return parser


#: The flags of ``run`` that ``_plain_run`` reads without argparse.
_RUN_FLAGS = ("--trace", "--summary", "--pretty")


class _Options:
    """What ``_plain_run`` read: the attributes argparse would have set."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def _plain_run(args: list[str]) -> _Options | None:
    """``run`` with exact flags and one file (or ``-``, or ``--preset NAME``), else None.

    The everyday command line, read without argparse: importing and building
    the parser costs more start-up time than a small scenario's whole run.
    Anything else (help, an abbreviation, a mistake) goes to argparse, so its
    messages and exit codes stay those of argparse.
    """
    if not args or args[0] != "run":
        return None
    values: dict[str, Any] = {flag[2:]: False for flag in _RUN_FLAGS}
    values.update(command="run", scenario=None, preset=None)
    rest = args[1:]
    while rest:
        arg = rest.pop(0)
        if arg in _RUN_FLAGS:
            values[arg[2:]] = True
        elif arg == "--preset" and values["preset"] is None and rest and not rest[0].startswith("-"):
            values["preset"] = rest.pop(0)
        elif (arg == "-" or not arg.startswith("-")) and values["scenario"] is None:
            values["scenario"] = arg
        else:
            return None
    return _Options(**values)


def _dispatch(args: list[str]) -> int:
    plain = _plain_run(args)
    if plain is not None:
        return _run(plain)  # type: ignore[arg-type]
    try:
        opts = _parser().parse_args(args)
    except SystemExit as done:
        # argparse has printed the usage (exit 2) or the help (exit 0).
        return int(done.code or 0)
    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "run": _run, "validate": _validate, "presets": _presets}
    return commands[opts.command](opts)


def _run(opts: argparse.Namespace) -> int:
    raw = _scenario(opts)
    from . import simulate  # imported here so that `presets` stays quick
    result = simulate(raw, summary=opts.summary, trace=opts.trace)
    if opts.pretty:
        text = json.dumps(result, ensure_ascii=False, indent=2)
    else:
        # A result is a tree the engine built (no cycles): skipping the
        # encoder's cycle check gives the same bytes about 10% sooner.
        text = json.dumps(result, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    _write_stdout(text + "\n")
    return EXIT_OK


def _validate(opts: argparse.Namespace) -> int:
    from .scenario import problems
    found = problems(_scenario(opts))
    if found:
        raise ScenarioError(found)
    _write_stdout("ok\n")
    return EXIT_OK


def _presets(opts: argparse.Namespace) -> int:
    from . import presets
    if not opts.long:
        _write_stdout("".join(f"{name}\n" for name in presets.names()))
        return EXIT_OK
    rows = presets.catalog()
    width = max((len(r["name"]) for r in rows), default=0)
    _write_stdout("".join(f"{r['name']:<{width}}  {r['category']:<8}  {r['title']}\n"
                          for r in rows))
    return EXIT_OK


def _scenario(opts: argparse.Namespace) -> Any:
    """The raw scenario named on the command line (a file, stdin or a preset)."""
    if (opts.scenario is None) == (opts.preset is None):
        raise InputError("give exactly one scenario: a file, - for standard input, "
                         "or --preset NAME")
    if opts.preset is not None:
        from . import presets
        try:
            return presets.load(opts.preset)
        except KeyError:
            raise InputError(f"unknown preset '{opts.preset}'; choose one of "
                             f"{', '.join(presets.names())}") from None
    if opts.scenario == "-":
        return parse_json(sys.stdin.buffer.read(), "standard input")
    return parse_json(_read_file(opts.scenario), opts.scenario)


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a scenario file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(data: bytes, name: str) -> Any:
    """Parse a scenario's bytes; InputError with the line and column if it is not JSON."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (a bad byte at offset {exc.start})") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg}") from None
    except ValueError as exc:  # NaN, Infinity
        raise InputError(f"{name}: invalid JSON: {exc}") from None
    except RecursionError:
        raise InputError(f"{name}: invalid JSON: it nests too deeply") from None


def _error_lines(lines: Any) -> None:
    # One problem per line, always: a name with a line break in it must not
    # split a problem over two lines.
    for line in lines:
        sys.stderr.write(str(line).replace("\r", "\\r").replace("\n", "\\n") + "\n")
    sys.stderr.flush()


def _write_stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that the
    # broken pipe cannot raise a second time there.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
