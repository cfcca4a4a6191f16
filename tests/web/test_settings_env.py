"""Settings from the environment: strict helpers, refusing unsafe production."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from playground.env import envbool, envchoice, envint, envlist

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value, expected", [
    ("true", True), ("True", True), ("1", True), ("false", False), ("FALSE", False),
    ("0", False), ("", True)])
def test_envbool_reads_true_and_false(monkeypatch: pytest.MonkeyPatch, value: str,
                                      expected: bool) -> None:
    monkeypatch.setenv("PLAYGROUND_TEST_FLAG", value)
    assert envbool("PLAYGROUND_TEST_FLAG", "true") is expected


def test_envbool_refuses_a_typo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYGROUND_TEST_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="PLAYGROUND_TEST_FLAG must be true or false"):
        envbool("PLAYGROUND_TEST_FLAG", "false")


def test_envint_refuses_words_and_values_below_the_minimum(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYGROUND_TEST_N", "thirty")
    with pytest.raises(ImproperlyConfigured, match="must be a whole number"):
        envint("PLAYGROUND_TEST_N", "30")
    monkeypatch.setenv("PLAYGROUND_TEST_N", "0")
    with pytest.raises(ImproperlyConfigured, match="must be at least 1"):
        envint("PLAYGROUND_TEST_N", "30", minimum=1)


def test_envlist_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYGROUND_TEST_HOSTS", " a.example , ,b.example,")
    assert envlist("PLAYGROUND_TEST_HOSTS", "") == ["a.example", "b.example"]


def test_envchoice_names_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYGROUND_TEST_LEVEL", "LOUD")
    with pytest.raises(ImproperlyConfigured, match="one of DEBUG, INFO"):
        envchoice("PLAYGROUND_TEST_LEVEL", "INFO", ["DEBUG", "INFO"])


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with ``env`` on top of ours."""
    full = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    full.update(env)
    return subprocess.run([sys.executable, "-c", "import playground.settings"], cwd=REPO,
                          env=full, capture_output=True, text=True, timeout=60)


def test_production_without_secret_key_refuses_to_start() -> None:
    done = load_settings(DEBUG="false")
    assert done.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false" in done.stderr


def test_production_with_a_secret_key_starts() -> None:
    done = load_settings(DEBUG="false", SECRET_KEY="x" * 50)
    assert done.returncode == 0, done.stderr


def test_a_typo_in_debug_stops_the_settings() -> None:
    done = load_settings(DEBUG="yes please")
    assert done.returncode != 0
    assert "DEBUG must be true or false" in done.stderr


def test_debug_is_off_unless_asked_for_so_a_forgotten_key_stops_the_server() -> None:
    done = load_settings()
    assert done.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false" in done.stderr


def settings_value(name: str, **env: str) -> str:
    """``repr(settings.<name>)`` in a fresh interpreter with ``env`` on top of ours."""
    full = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    full.update(env)
    done = subprocess.run([sys.executable, "-c", f"import playground.settings as s; print(repr(s.{name}))"],
                          cwd=REPO, env=full, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_production_sends_hsts_for_a_year_and_a_script_policy() -> None:
    assert settings_value("SECURE_HSTS_SECONDS", DEBUG="false", SECRET_KEY="x" * 50) == "31536000"
    policy = settings_value("PLAYGROUND_CONTENT_SECURITY_POLICY", DEBUG="false", SECRET_KEY="x" * 50)
    assert "script-src 'self'" in policy


def test_make_run_sets_the_development_values_explicitly() -> None:
    script = (REPO / "bin" / "run-playground").read_text()
    assert "export DEBUG=${DEBUG:-true}" in script
    assert "export SECRET_KEY=${SECRET_KEY:-" in script


def test_database_connections_are_kept_a_minute_and_checked_before_reuse() -> None:
    env = {"DEBUG": "true", "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/playground"}
    kept = settings_value('DATABASES["default"]["CONN_MAX_AGE"]', **env)
    checked = settings_value('DATABASES["default"]["CONN_HEALTH_CHECKS"]', **env)
    assert (kept, checked) == ("60", "True")
    # SQLite's too: reopening one per write cost a run about 60 ms (bench/live_edit.py --profile).
    assert settings_value('DATABASES["default"]["CONN_MAX_AGE"]', DEBUG="true",
                          DATABASE_URL="sqlite:///x.sqlite3") == "60"
    assert settings_value('DATABASES["default"]["CONN_MAX_AGE"]', DEBUG="true",
                          DATABASE_URL="postgres://u:p@h/db", DATABASE_CONN_MAX_AGE="0") == "0"
