"""Two attempts per run, the sweeper of stale runs, and retention (issues 14 and 15).

The sweeper's re-sends run in-process here (Celery's eager mode); the live
stack tests (test_live_faults.py) kill real workers.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from playground.celery import app
from playground.studio import store, sweeper
from playground.studio.models import Run, RunStatus, StepChunk
from tests.web.helpers import round_robin
from tests.web.test_run_task import make_run, stream_and_listen

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def eager() -> Iterator[None]:
    """Tasks sent by the sweeper run at once, in this process."""
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False


def ago(seconds: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def test_a_third_delivery_fails_the_run_instead_of_running_it_again() -> None:
    run = make_run(round_robin(5), status=RunStatus.RUNNING, attempts=2, step_count=3)
    events = stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == store.ATTEMPTS_EXHAUSTED
    assert run.attempts == 2
    assert events == [{"type": "run.failed", "step_count": 3, "error": store.ATTEMPTS_EXHAUSTED,
                       "error_key": "web.run.attempts", "error_args": {}}]


def test_each_claim_is_one_attempt() -> None:
    run = make_run(round_robin(5))
    stream_and_listen(run.id)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.COMPLETED, 1)


def test_a_superseded_attempt_stores_nothing_more() -> None:
    run = make_run(round_robin(5))
    first = store.claim_run(run.id)
    second = store.claim_run(run.id)
    assert (first.attempt, second.attempt) == (1, 2)
    with pytest.raises(store.Superseded):
        store.save_chunk(run.id, first.attempt, 0, 1, "[{}]")
    with pytest.raises(store.Superseded):
        store.complete_run(run.id, first.attempt, 1, "{}")
    store.save_chunk(run.id, second.attempt, 0, 1, "[{}]")
    assert StepChunk.objects.filter(run=run).count() == 1


def test_a_resend_that_is_no_longer_needed_does_nothing() -> None:
    run = make_run(round_robin(5))
    store.claim_run(run.id)  # a worker took it after the sweeper re-sent it
    assert store.claim_run(run.id, resend_of=0) is None
    run.refresh_from_db()
    assert run.attempts == 1


def test_storing_a_chunk_beats_the_heart() -> None:
    run = make_run(round_robin(5))
    claim = store.claim_run(run.id)
    Run.objects.filter(id=run.id).update(heartbeat=ago(100))
    store.save_chunk(run.id, claim.attempt, 0, 1, "[{}]")
    run.refresh_from_db()
    assert run.heartbeat > ago(5)


def test_the_sweeper_runs_again_a_run_whose_worker_went_silent(eager: None) -> None:
    run = make_run(round_robin(5), status=RunStatus.RUNNING, attempts=1, step_count=2,
                   heartbeat=ago(31))
    assert sweeper.sweep_runs() == {"requeued": 1, "failed": 0}
    run.refresh_from_db()
    assert (run.status, run.attempts, run.step_count) == (RunStatus.COMPLETED, 2, 11)


def test_the_sweeper_sends_a_queued_run_nobody_picked_up(eager: None) -> None:
    run = make_run(round_robin(5), heartbeat=ago(31))
    assert sweeper.sweep_runs() == {"requeued": 1, "failed": 0}
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.COMPLETED, 1)


def test_the_sweeper_fails_a_silent_run_after_its_second_attempt() -> None:
    run = make_run(round_robin(5), status=RunStatus.RUNNING, attempts=2, step_count=4,
                   heartbeat=ago(31))
    assert sweeper.sweep_runs() == {"requeued": 0, "failed": 1}
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == store.ATTEMPTS_EXHAUSTED
    assert run.step_count == 4


def test_the_sweeper_leaves_live_and_finished_runs_alone() -> None:
    make_run(round_robin(5), status=RunStatus.RUNNING, attempts=1, heartbeat=ago(5))
    make_run(round_robin(5), heartbeat=ago(5))
    make_run(round_robin(5), status=RunStatus.COMPLETED, heartbeat=ago(600))
    assert sweeper.sweep_runs() == {"requeued": 0, "failed": 0}


def test_a_run_re_sent_waits_another_stale_period_before_the_next_re_send(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from playground.studio import tasks

    run = make_run(round_robin(5), status=RunStatus.RUNNING, attempts=1, heartbeat=ago(31))
    sent: list[Any] = []
    # No broker in unit tests: record what the sweeper publishes.
    monkeypatch.setattr(tasks.run_scenario, "apply_async",
                        lambda args, kwargs: sent.append((args, kwargs)))
    assert sweeper.sweep_runs()["requeued"] == 1
    assert sweeper.sweep_runs()["requeued"] == 0
    assert sent == [((run.id,), {"resend_of": 1})]


def test_runs_past_their_retention_are_deleted_with_their_steps(settings: Any) -> None:
    settings.PLAYGROUND_RUN_RETENTION_DAYS = 7
    old = make_run(round_robin(5), status=RunStatus.COMPLETED)
    StepChunk.objects.create(run=old, start=0, end=1, steps_json="[{}]")
    Run.objects.filter(id=old.id).update(created=ago(8 * 86400))
    recent = make_run(round_robin(5), status=RunStatus.COMPLETED)
    Run.objects.filter(id=recent.id).update(created=ago(6 * 86400))
    out = StringIO()
    call_command("expire_runs", stdout=out)
    assert out.getvalue().strip() == "1 runs older than 7 days deleted"
    assert list(Run.objects.values_list("id", flat=True)) == [recent.id]
    assert not StepChunk.objects.filter(run_id=old.id).exists()


def test_a_run_a_live_session_uses_is_kept(settings: Any) -> None:
    from django.contrib.auth import get_user_model

    from playground.classroom.models import LiveSession
    from playground.studio.services import save_scenario

    instructor = get_user_model().objects.create_user("teacher", password="x" * 12)
    old = make_run(round_robin(5), status=RunStatus.COMPLETED)
    LiveSession.objects.create(title="Monday", run=old, instructor=instructor,
                               scenario=save_scenario(round_robin(5)))
    Run.objects.filter(id=old.id).update(created=ago(30 * 86400))
    assert sweeper.expire_runs() == 0
    assert Run.objects.filter(id=old.id).exists()
