"""The event log names every kind of event the built-in presets make (static/playground/js/log.js)."""
from __future__ import annotations

import re

from django.conf import settings

from kernel_engine import iter_steps, presets

# Closed Gantt segments are bookkeeping for the chart: the log does not list them.
NOT_LISTED = {"segment"}


def test_every_event_kind_of_the_presets_has_a_label_in_the_log() -> None:
    source = (settings.BASE_DIR / "static" / "playground" / "js" / "log.js").read_text()
    block = source[source.index("kindLabels ??= {"):source.index("};", source.index("kindLabels ??= {"))]
    labelled = set(re.findall(r"(\w+): gettext\(", block))
    made = {event["kind"] for name in presets.names() for step in iter_steps(presets.load(name))
            for event in step.get("events", [])} - NOT_LISTED
    assert "llm_iteration" in made and "access" in made
    assert sorted(made - labelled) == []
