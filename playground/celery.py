"""The Celery app: workers that run simulations and stream their steps.

Start one with ``celery -A playground worker``.  Settings are the Django
settings prefixed ``CELERY_`` (broker and results on ``REDIS_URL``).
"""
from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")

app = Celery("playground")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Finds playground/studio/tasks.py (and any other app's tasks.py).
app.autodiscover_tasks()


# -- warm-up -------------------------------------------------------------------
# The first run after a worker starts used to pay about a second before its
# first frame: importing the engine's packages, numpy and the function
# library, Django's database backend and the channel layer's client, and
# (for text.pos) loading the spaCy model.  Each worker process pays it once
# when it starts instead: ``worker_process_init`` in a prefork child,
# ``worker_ready`` for the solo pool (one process, no child).

_warmed = False

#: Touches every part of the engine a preset can reach, on a tiny workload.
WARM_SCENARIO = {
    "version": 1, "seed": 1, "cpu": {"policy": "lottery"},
    "memory": {"size": 1024, "policy": "first_fit"}, "io": {"policy": "sstf"},
    "processes": [{"name": "P1", "program": [
        {"op": "alloc", "size": 64, "as": "b"}, {"op": "cpu", "ticks": 1},
        {"op": "io", "cylinder": 3}, {"op": "call", "fn": "math.matmul",
                                      "args": {"a": [[1]], "b": [[1]]}},
        {"op": "send", "to": "P1", "body": 1}, {"op": "recv"}, {"op": "free", "ref": "b"}]}],
}


def _warm_engine() -> None:
    from kernel_engine import Run
    from playground.frames import dumps

    run = Run(WARM_SCENARIO)
    for _ in run:
        pass
    dumps(run.result)


def _warm_connections() -> None:
    import uuid

    from channels.db import database_sync_to_async
    from channels.layers import get_channel_layer
    from django.db import connection

    from playground.studio import store

    connection.ensure_connection()

    async def round_trip() -> None:
        # What a run's first instant does: a query through the thread pool,
        # then a group send over the channel layer's Redis client.
        await database_sync_to_async(store.run_state)(str(uuid.uuid4()))
        await get_channel_layer().group_send("warm-up", {"type": "warm.up"})

    # On the loop the runs use (tasks.in_worker_loop), so its Redis connections are the warm ones.
    from playground.studio.tasks import in_worker_loop

    in_worker_loop(round_trip())


def _warm_language_model() -> None:
    from kernel_engine.library import text

    text.english()  # the spaCy model, for text.pos


def warm_up() -> None:
    """Pay the first run's one-time costs now (idempotent; a failing part is only logged)."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    import logging
    import time

    log = logging.getLogger(__name__)
    began = time.perf_counter()
    for part in (_warm_engine, _warm_connections, _warm_language_model):
        try:
            part()
        except Exception as exc:  # the run that needs the part reports the problem
            log.warning("warm-up: %s failed (%s: %s)", part.__name__, type(exc).__name__, exc)
    log.info("worker warmed up in %.0f ms", (time.perf_counter() - began) * 1000)


@worker_process_init.connect
def _warm_child(**_: object) -> None:
    warm_up()


@worker_ready.connect
def _warm_solo(sender: object = None, **_: object) -> None:
    # In a prefork worker this is the parent, which runs no task: skip it.
    pool = type(getattr(sender, "pool", None)).__module__
    if pool.endswith((".solo", ".thread", ".gevent", ".eventlet")):
        warm_up()
