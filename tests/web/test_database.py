"""The suite runs on the database it was asked for: SQLite by default, PostgreSQL under
``TEST_DATABASE=postgres`` (scripts/test runs both), for the test client and the live stack."""
from __future__ import annotations

import subprocess

import pytest
from django.db import connection

from tests.stack import PYTHON, REPO, Stack, wanted_database

VENDOR = {"sqlite": "sqlite", "postgres": "postgresql"}


@pytest.mark.django_db
def test_the_test_database_is_the_one_asked_for() -> None:
    assert connection.vendor == VENDOR[wanted_database()]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            assert cursor.fetchone()[0].startswith("15.")


def test_every_process_of_the_live_stack_shares_that_database(stack: Stack) -> None:
    assert stack.database_url.startswith(
        "postgres://" if wanted_database() == "postgres" else "sqlite:///")
    done = subprocess.run(
        [PYTHON, "-c", "import django; django.setup()\n"
                       "from django.db import connection\n"
                       "from playground.studio.models import Scenario\n"
                       "print(connection.vendor, Scenario.objects.count() > 0)"],
        cwd=REPO, env=stack.env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # The presets were saved by the stack's set-up, so the database is the stack's.
    assert done.stdout.split() == [VENDOR[wanted_database()], "True"]
