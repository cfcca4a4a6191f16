"""Moving an installation from SQLite to PostgreSQL, exactly as docs/web.md tells an operator.

An SQLite installation gets real data (a course with an instructor and
students, the presets, a computed run with its steps, submissions and their
grades); it is dumped with ``dumpdata``, a fresh PostgreSQL gets the schema
(``migrate``) and the data (``loaddata``), and the app then reads it back:
the same rows, the run's result and steps through the API, the student's
grade on the assignment page, and new rows get fresh ids.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.stack import POSTGRES_BIN, PYTHON, REPO, postgres_server, wanted_database

pytestmark = pytest.mark.slow

# The commands of docs/web.md, "Moving from SQLite to PostgreSQL".
DUMP = ["dumpdata", "--natural-foreign", "--natural-primary", "--exclude", "contenttypes",
        "--exclude", "auth.permission", "--format", "jsonl"]

FILL = """
import asyncio, django
django.setup()
from channels.layers import InMemoryChannelLayer
from django.core.management import call_command
from playground.grading.tasks import grade_one
from playground.grading.models import Submission
from playground.studio import tasks
from playground.studio.models import Run, Scenario
call_command("load_presets", verbosity=0)
call_command("seed_demo_course", "--students", "4", verbosity=0)
scenario = Scenario.objects.order_by("slug").first()
run = Run.objects.create(scenario=scenario, scenario_json=scenario.canonical_json)
asyncio.run(tasks.stream_run(run.id, InMemoryChannelLayer()))
for submission in Submission.objects.all():
    grade_one(None, submission.pk)
"""

READ = """
import json, django
django.setup()
from django.apps import apps
from django.test import Client
from playground.grading.models import Assignment, Grade
from playground.studio.models import Run, StepChunk
from playground.studio import store
counts = {m._meta.label: m.objects.count() for m in apps.get_models()
          if m._meta.app_label in ("auth", "accounts", "studio", "classroom", "grading")
          and m._meta.label != "auth.Permission"}
run = Run.objects.get(status="completed")
client = Client()
detail = client.get(f"/api/runs/{run.id}/").json()
steps = [s for _, _, text in store.stored_batches(run.id, 0, max_chunks=10**6)
         for s in json.loads(text)]
grade = Grade.objects.select_related("student", "assignment").order_by("student__username").first()
client.force_login(grade.student)
page = client.get(f"/assignments/{grade.assignment_id}/")
print(json.dumps({"counts": counts, "run": detail, "steps": len(steps),
                  "step_indices_ok": [s["i"] for s in steps] == list(range(len(steps))),
                  "grades": sorted([g.student.username, g.score, g.engine_version]
                                   for g in Grade.objects.select_related("student")),
                  "page_status": page.status_code, "page_has_student": grade.student.username
                  in page.content.decode(), "vendor": django.db.connection.vendor}))
"""

NEW_ROWS = """
import json, django
django.setup()
from django.contrib.auth.models import User
from playground.grading import services
from playground.grading.models import Assignment
before = max(User.objects.values_list("pk", flat=True))
user = User.objects.create(username="after-the-move")
assignment = Assignment.objects.get()
submission = services.submit(assignment, User.objects.get(username="demo-student-0001"),
                             {q["id"]: "1" for q in assignment.questions})
print(json.dumps({"user_pk_grew": user.pk > before, "submission": submission.number}))
"""


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}{done.stderr}"
    return done.stdout


def script(env: dict[str, str], code: str) -> dict:
    done = subprocess.run([PYTHON, "-c", code], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def environment(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYGROUND_")}
    env.update({"DJANGO_SETTINGS_MODULE": "playground.settings", "DATABASE_URL": database_url,
                "DEBUG": "true", "ALLOWED_HOSTS": "testserver",
                "REDIS_URL": "redis://127.0.0.1:1/0"})  # no broker, no cache needed
    return env


def test_an_sqlite_installation_moves_to_postgresql_with_nothing_lost(tmp_path: Path) -> None:
    if wanted_database() == "postgres":
        pytest.skip("the move starts from SQLite: it runs once, in the SQLite pass of the suite")
    if not (POSTGRES_BIN / "postgres").exists() and not os.environ.get("CI"):
        pytest.skip(f"PostgreSQL 15 is not installed under {POSTGRES_BIN} (required under CI)")
    sqlite = environment(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    manage(sqlite, "migrate", "--noinput")
    subprocess.run([PYTHON, "-c", FILL], cwd=REPO, env=sqlite, check=True, timeout=300,
                   capture_output=True)
    before = script(sqlite, READ)
    assert before["run"]["status"] == "completed" and before["steps"] > 0
    assert len(before["grades"]) == 4

    dump = tmp_path / "playground.jsonl"
    manage(sqlite, *DUMP, "--output", str(dump))
    with postgres_server() as server:
        postgres = environment(server.create_database("playground"))
        manage(postgres, "migrate", "--noinput")
        manage(postgres, "loaddata", str(dump))
        after = script(postgres, READ)
        new_rows = script(postgres, NEW_ROWS)

    assert after["vendor"] == "postgresql"
    assert after["counts"] == before["counts"]
    assert after["run"] == before["run"]  # status, step count, result, engine version
    assert after["steps"] == before["steps"] and after["step_indices_ok"]
    assert after["grades"] == before["grades"]
    assert after["page_status"] == 200 and after["page_has_student"]
    # loaddata reset PostgreSQL's sequences: new rows do not collide with moved ones.
    assert new_rows == {"user_pk_grew": True, "submission": 2}
