"""Helpers shared by the web tests: JSON requests and textbook scenarios."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.test import Client

# The contract's example scenarios, kept inside the repository (tests/examples).
CONTRACT_EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load_example(name: str) -> dict[str, Any]:
    """A scenario from tests/examples (the contract's examples)."""
    return json.loads((CONTRACT_EXAMPLES / name).read_text())


def post_json(client: Client, path: str, body: Any, **extra: Any) -> Any:
    """POST ``body`` as JSON with the test client."""
    return client.post(path, data=json.dumps(body), content_type="application/json", **extra)


def round_robin(burst: int, title: str = "") -> dict[str, Any]:
    """RR q=1 on two jobs of ``burst`` ticks: a step per tick, 2 * burst + 1 steps."""
    return {
        "version": 1,
        "title": title or f"Two jobs of {burst} ticks under RR q=1",
        "cpu": {"policy": "rr", "quantum": 1},
        "processes": [
            {"name": "A", "arrival": 0, "burst": burst},
            {"name": "B", "arrival": 0, "burst": burst},
        ],
    }


def http_json(method: str, url: str, body: Any = None,
              timeout: float = 30.0) -> tuple[int, Any, dict[str, str]]:
    """One HTTP request to a live server: (status, decoded JSON body, headers)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), dict(error.headers)


# --- the live stack (tests/stack.py) -------------------------------------------

def post_run(stack: Any, scenario: dict[str, Any]) -> dict[str, Any]:
    """POST /api/runs/ on a live stack; the 202 answer."""
    status, body, _ = http_json("POST", f"{stack.base_url}/api/runs/", {"scenario": scenario})
    assert status == 202, body
    return body


def run_state(stack: Any, run_id: str) -> dict[str, Any]:
    """GET /api/runs/<id>/ on a live stack."""
    status, body, _ = http_json("GET", f"{stack.base_url}/api/runs/{run_id}/")
    assert status == 200, body
    return body


def wait_for(condition: Any, seconds: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"{what} did not happen within {seconds} s")


# --- a live session on a live stack (tests/web/test_scale_out.py, bench/classroom.py) ---

# Run inside the stack's environment (its database): an instructor and a
# course, an open live session on a run queued for the stack's workers, and a
# logged-in Django session per person.  Prints the cookies as JSON.
_LIVE_SESSION = """
import json, sys, django
django.setup()
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from playground.accounts.models import Course, Membership
from playground.classroom.access import SESSION_KEY
from playground.classroom.models import LiveSession, Participant
from playground.studio.services import save_scenario, start_run
label, students, burst = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
scenario = {"version": 1, "title": f"Two jobs of {burst} ticks under RR q=1",
            "cpu": {"policy": "rr", "quantum": 1},
            "processes": [{"name": "A", "arrival": 0, "burst": burst},
                          {"name": "B", "arrival": 0, "burst": burst}]}
teacher, _ = User.objects.get_or_create(username=f"{label}-teacher")
course, _ = Course.objects.get_or_create(title=f"{label.title()} 101")
Membership.objects.get_or_create(user=teacher, course=course, defaults={"role": "instructor"})
saved = save_scenario(scenario)
with transaction.atomic():
    run = start_run(scenario, scenario=saved)
    session = LiveSession.objects.create(title=label, scenario=saved, run=run,
                                         instructor=teacher, course=course, open=True)
def cookie(data):
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key
lead = cookie({"_auth_user_id": str(teacher.pk),
               "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
               "_auth_user_hash": teacher.get_session_auth_hash()})
cookies = []
for n in range(students):
    p = Participant.objects.create(session=session, display_name=f"student {n}")
    cookies.append(cookie({SESSION_KEY: {session.code: p.pk}}))
print(json.dumps({"code": session.code, "run": run.pk, "lead": lead, "students": cookies}))
"""


def open_live_session(stack: Any, students: int = 1, burst: int = 20,
                      label: str = "farm") -> dict[str, Any]:
    """An open live session on a live stack, on RR q=1 over two jobs of ``burst``
    ticks (its run queued for the stack's workers: 2 * burst + 1 steps).

    Returns ``{"code", "run", "lead", "students"}``: the session code, the run
    id and the ``sessionid`` cookies of the instructor (``label``-teacher) and
    of ``students`` participants.  RuntimeError with the script's output when
    it fails.
    """
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", _LIVE_SESSION, label, str(students), str(burst)],
                          cwd=repo, env=stack.env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"could not open a live session:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])
