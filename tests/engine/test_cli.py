"""The command line: exit codes, one line per problem, deterministic JSON."""
from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from kernel_engine import cli, presets

REPO = Path(__file__).resolve().parents[2]
BAD_SCENARIO = {"version": 1, "cpu": {"policy": "round-robin-typo"},
                "processes": [{"name": "P1", "arrival": 0, "burst": -3},
                              {"name": "P1", "arrival": "soon", "burst": 2}]}
CONVOY = {"version": 1, "processes": [{"name": "P1", "burst": 24}, {"name": "P2", "burst": 3},
                                      {"name": "P3", "burst": 3}]}


def engine(*args: str, stdin: str | None = None, env: dict | None = None
           ) -> subprocess.CompletedProcess:
    """``python -m kernel_engine ARGS`` as a student would run it."""
    return subprocess.run([sys.executable, "-m", "kernel_engine", *args], cwd=REPO,
                          input=stdin, capture_output=True, text=True, timeout=120,
                          env=env)


def write(tmp_path: Path, name: str, content: object) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return str(path)


def test_validate_accepts_a_good_scenario(tmp_path):
    done = engine("validate", write(tmp_path, "convoy.json", CONVOY))
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")


def test_validate_prints_one_line_per_problem_and_exits_2(tmp_path):
    done = engine("validate", write(tmp_path, "bad.json", BAD_SCENARIO))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0].startswith("cpu.policy: unknown policy 'round-robin-typo'; choose one of ")
    assert lines[1:] == ["processes[0].burst: must be a positive integer, got -3",
                         "processes[1].name: duplicate process name 'P1' (also processes[0])",
                         'processes[1].arrival: must be a non-negative integer, got "soon"']


def test_run_refuses_a_bad_scenario_the_same_way(tmp_path):
    done = engine("run", write(tmp_path, "bad.json", BAD_SCENARIO))
    assert done.returncode == 2
    assert "processes[0].burst: must be a positive integer, got -3" in done.stderr.splitlines()
    assert "Traceback" not in done.stderr


def test_invalid_json_names_the_line_and_column(tmp_path):
    path = write(tmp_path, "broken.json", '{\n  "version": 1,\n  "processes": [\n}\n')
    done = engine("run", path)
    assert done.returncode == 2
    assert done.stderr == f"{path}: invalid JSON at line 4, column 1: Expecting value\n"


def test_nan_is_not_json(tmp_path):
    done = engine("validate", write(tmp_path, "nan.json", '{"seed": NaN}'))
    assert (done.returncode, done.stderr.count("\n")) == (2, 1)
    assert "NaN is not a JSON number" in done.stderr


def test_a_missing_file_is_one_clear_line():
    done = engine("run", "no/such/scenario.json")
    assert (done.returncode, done.stderr) == (2, "no/such/scenario.json: no such file\n")


def test_an_unknown_preset_lists_the_presets():
    done = engine("run", "--preset", "fcfs-convoi")
    assert done.returncode == 2
    assert done.stderr == (f"unknown preset 'fcfs-convoi'; choose one of "
                           f"{', '.join(presets.names())}\n")


def test_presets_lists_one_name_per_line_and_nothing_else():
    done = engine("presets")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == presets.names()


def test_presets_long_shows_category_and_title():
    done = engine("presets", "--long")
    assert done.returncode == 0
    first = done.stdout.splitlines()[0].split()
    assert first[:2] == ["llm-os-combined", "combined"]
    assert " ".join(first[2:]) == presets.load("llm-os-combined")["title"]


def test_run_a_preset_prints_the_result_json():
    done = engine("run", "--preset", "fcfs-convoy")
    assert (done.returncode, done.stderr) == (0, "")
    result = json.loads(done.stdout)
    assert result["status"] == "completed"
    assert result["averages"]["waiting"] == 17.0


def test_run_output_is_compact_and_byte_for_byte_deterministic(tmp_path):
    path = write(tmp_path, "convoy.json", CONVOY)
    first, second = engine("run", path), engine("run", path)
    assert first.returncode == 0
    assert first.stdout == second.stdout
    result = json.loads(first.stdout)
    assert first.stdout == json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n"


def test_run_reads_the_scenario_from_stdin():
    done = engine("run", "-", stdin=json.dumps(CONVOY))
    assert done.returncode == 0
    assert json.loads(done.stdout)["processes"]["P3"]["finish"] == 30


def test_trace_adds_the_steps_and_pretty_indents():
    done = engine("run", "-", "--trace", "--pretty", stdin=json.dumps(CONVOY))
    assert done.returncode == 0
    assert done.stdout.startswith('{\n  "status"')
    steps = json.loads(done.stdout)["steps"]
    assert steps and steps[0]["i"] == 0


def test_summary_leaves_out_free_list_snapshots():
    scenario = {"processes": [{"name": "P", "program": [{"op": "alloc", "size": 64, "as": "a"},
                                                         {"op": "free", "ref": "a"}]}]}
    full = json.loads(engine("run", "-", stdin=json.dumps(scenario)).stdout)
    summary = json.loads(engine("run", "-", "--summary", stdin=json.dumps(scenario)).stdout)
    assert all("free_list" in op for op in full["memory"]["ops"])
    assert not any("free_list" in op for op in summary["memory"]["ops"])


def test_a_file_and_a_preset_together_are_a_usage_error(tmp_path):
    done = engine("run", write(tmp_path, "convoy.json", CONVOY), "--preset", "fcfs-convoy")
    assert (done.returncode, done.stderr) == (
        2, "give exactly one scenario: a file, - for standard input, or --preset NAME\n")


def test_no_command_is_a_usage_error():
    done = engine()
    assert done.returncode == 2
    assert "usage:" in done.stderr and "Traceback" not in done.stderr


# -- in-process: what a subprocess cannot provoke ----------------------------------

def test_an_internal_error_is_one_line_and_exit_1(monkeypatch, capsys, tmp_path):
    def broken(*args, **kwargs):
        raise RuntimeError("the event heap is upside down")
    monkeypatch.setattr("kernel_engine.simulate", broken)
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    assert cli.main(["run", write(tmp_path, "convoy.json", CONVOY)]) == 1
    err = capsys.readouterr().err
    assert err == ("internal error: RuntimeError: the event heap is upside down "
                   "(set KERNEL_ENGINE_DEBUG=1 to see the traceback)\n")


def test_the_debug_switch_shows_the_traceback(monkeypatch, capsys, tmp_path):
    def broken(*args, **kwargs):
        raise RuntimeError("the event heap is upside down")
    monkeypatch.setattr("kernel_engine.simulate", broken)
    monkeypatch.setenv(cli.DEBUG_ENV, "1")
    assert cli.main(["run", write(tmp_path, "convoy.json", CONVOY)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert err.endswith("internal error: RuntimeError: the event heap is upside down\n")


def test_call_is_delegated_to_the_library_command_line(monkeypatch):
    seen: list[list[str]] = []
    fake = types.ModuleType("kernel_engine.library.cli")
    fake.main = lambda argv: seen.append(list(argv)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kernel_engine.library.cli", fake)
    assert cli.main(["call", "math.matmul", "--args", "{}"]) == 0
    assert seen == [["math.matmul", "--args", "{}"]]


def test_usage_mistakes_return_2_in_process_too(capsys):
    assert cli.main(["run", "--frobnicate"]) == 2
    assert "unrecognized arguments: --frobnicate" in capsys.readouterr().err


def test_a_problem_never_spans_two_lines(capsys):
    cli._error_lines(["processes[0].brust\nx: unknown field"])
    assert capsys.readouterr().err == "processes[0].brust\\nx: unknown field\n"


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe{}", "not UTF-8 text (a bad byte at offset 0)"),
    (b"[" * 100_000, "invalid JSON: it nests too deeply"),
])
def test_unreadable_input_is_one_clear_line(data, message):
    with pytest.raises(cli.InputError) as info:
        cli.parse_json(data, "s.json")
    assert str(info.value) == f"s.json: {message}"
