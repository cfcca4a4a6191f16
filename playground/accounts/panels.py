"""Sections that other apps add to the course page, without accounts importing them.

An app registers a panel once, from its ``AppConfig.ready()``::

    from playground.accounts.panels import register_course_panel
    register_course_panel("sessions", "classroom/_course_panel.html",
                          sessions_panel_context, order=20)

``context(request, course, role)`` is called for every view of the course
page, where ``role`` is ``"instructor"`` (staff included) or ``"student"``;
it returns the template's context, or None to leave the panel out for this
viewer.  The panel's template is rendered with that context plus
``course``, ``role`` and ``request``; it must show a student only what is
theirs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from playground.accounts.models import Course

PanelContext = Callable[[HttpRequest, Course, str], "dict[str, Any] | None"]


@dataclass(frozen=True)
class CoursePanel:
    """One registered section of the course page."""

    name: str
    template: str
    context: PanelContext
    order: int


_PANELS: dict[str, CoursePanel] = {}


def register_course_panel(name: str, template: str, context: PanelContext,
                          order: int = 100) -> None:
    """Add (or replace, by ``name``) a section of the course page; lower ``order`` first."""
    _PANELS[name] = CoursePanel(name=name, template=template, context=context, order=order)


def render_course_panels(request: HttpRequest, course: Course, role: str) -> list[SafeString]:
    """The HTML of every panel that has something for this viewer, in order."""
    rendered: list[SafeString] = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request, course, role)
        if context is None:
            continue
        html = render_to_string(panel.template,
                                {**context, "course": course, "role": role}, request=request)
        rendered.append(SafeString(html))
    return rendered
