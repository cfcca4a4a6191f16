"""The assignment form's JSON fields refuse what the JSON API refuses, with
the reason under the field: NaN (which no database's JSON column stores),
50,000 nested brackets, a 5,000-digit number, NUL.  Each was a 500."""
from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.test import Client

from playground.grading.demo import DEMO_QUESTIONS, demo_definition
from playground.grading.models import Assignment
from tests.web.people import People, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

TOLERANCE_NAN = json.dumps([{**DEMO_QUESTIONS[0], "tolerance": 1}]).replace('"tolerance": 1', '"tolerance": NaN')


def assignment_form(**changes: str) -> dict[str, Any]:
    definition = demo_definition()
    form = {"title": "Scheduling exam", "instructions": "", "mode": "exam", "deadline": "",
            "template": definition["template_json"],
            "variations_text": json.dumps(definition["variations"]),
            "questions_text": json.dumps(definition["questions"])}
    return {**form, **changes}


def errors_under(page: str, field: str) -> list[str]:
    """The error lines the form shows under ``field``."""
    block = re.search(rf'<div class="field" data-field="{field}">(.*?)</div>', page, re.S)
    assert block, field
    return [html.unescape(e) for e in re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', block.group(1), re.S)]


@pytest.mark.parametrize("field, text, reason", [
    ("template", "[" * 50_000, "nested deeper than 64 levels"),
    ("template", "1" * 5_000, "Exceeds the limit (4300 digits)"),
    ("template", '{"processes": [{"name": "P\\u0000", "arrival": 0, "burst": 1}]}', "NUL"),
    ("questions_text", TOLERANCE_NAN, "NaN is not valid JSON"),
    ("variations_text", "[" * 100 + "]" * 100, "nested deeper than 64 levels"),
])
def test_json_a_database_cannot_store_is_refused_under_its_field(
        people: People, field: str, text: str, reason: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(people.alice)
    response = client.post(f"/courses/{people.os101.pk}/assignments/new/", assignment_form(**{field: text}))
    assert response.status_code == 400
    errors = errors_under(response.content.decode(), field)
    assert any(reason in error for error in errors), errors
    assert not Assignment.objects.exists()


def test_the_demo_definition_still_saves(people: People) -> None:
    client = Client()
    client.force_login(people.alice)
    response = client.post(f"/courses/{people.os101.pk}/assignments/new/", assignment_form())
    assert response.status_code == 302
    assert Assignment.objects.count() == 1
