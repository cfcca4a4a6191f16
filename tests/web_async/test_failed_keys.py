"""The run.failed frame carries the error's key and values (issue 9), whether
the consumer hears the failure live (the worker's event) or reads it from
the database (the run had failed before the socket opened)."""
from __future__ import annotations

import asyncio

import pytest

from playground.studio.events import failed_event
from playground.studio.models import RunStatus
from playground.studio.tasks import RUN_STEPS
from tests.web_async.test_run_consumer import (connect, frames_until_close, layer_send, make_run,
                                               step_indices)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

TOO_MANY = RUN_STEPS.say(n=30)
FRAME = {"type": "run.failed",
         "error": "the run made more than 30 steps, the playground's limit for one run; "
                  "make the workload smaller",
         "error_key": "web.run.steps", "error_args": {"n": 30}}


async def test_a_live_failure_comes_with_its_key() -> None:
    run = await make_run(RunStatus.RUNNING, [(0, 30)])
    communicator = await connect(run.id)
    await communicator.receive_from()  # the stored steps
    await asyncio.sleep(0.2)  # the socket has joined the run's group
    await layer_send(run, failed_event(30, TOO_MANY))
    received, code = await frames_until_close(communicator)
    assert received[-1] == FRAME
    assert code == 1000


async def test_a_stored_failure_comes_with_its_key() -> None:
    run = await make_run(RunStatus.FAILED, [(0, 3)], error=str(TOO_MANY),
                         error_key=TOO_MANY.key, error_args=TOO_MANY.args)
    received, code = await frames_until_close(await connect(run.id))
    assert step_indices(received) == [0, 1, 2]
    assert received[-1] == FRAME
    assert code == 1000
