"""Playing the worker in-process for unit tests of previews and worksheets.

The views queue a render (``render_tasks.render_shared``) and answer 202
until it is done; unit tests have no worker, so they run the task's body
themselves, exactly as the worker would.  The live-stack tests
(test_share_offload.py) use the real worker.
"""
from __future__ import annotations

from typing import Any

from django.test import Client

from playground.studio.artifacts import RenderedArtifact
from playground.studio.render_tasks import render_artifact


def render_pending() -> int:
    """Render every pending render, as the worker would; how many there were."""
    pending = list(RenderedArtifact.objects.filter(status=RenderedArtifact.Status.PENDING)
                   .values_list("pk", flat=True))
    for pk in pending:
        render_artifact(pk)
    return len(pending)


def prepared(client: Client, url: str, **extra: Any) -> Any:
    """GET ``url`` as a patient reader: 202 while the render is pending, then again once rendered."""
    first = client.get(url, **extra)
    if first.status_code != 202:
        return first
    assert render_pending() >= 1, "a 202 must have queued a render"
    return client.get(url, **extra)
