"""manage.py load_presets: every built-in scenario gets a shared link."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from kernel_engine import presets
from playground.studio.canonical import canonical_json
from playground.studio.models import Scenario

pytestmark = pytest.mark.django_db


def test_every_preset_is_saved_and_its_shared_page_works(client: Client) -> None:
    out = io.StringIO()
    call_command("load_presets", stdout=out)
    assert Scenario.objects.count() == len(presets.names())
    first = presets.names()[0]
    saved = Scenario.objects.get(canonical_json=canonical_json(presets.load(first)))
    assert f"{first}: /s/{saved.slug}/" in out.getvalue()
    assert client.get(f"/s/{saved.slug}/").status_code == 200


def test_loading_presets_twice_changes_nothing() -> None:
    call_command("load_presets", stdout=io.StringIO())
    slugs = set(Scenario.objects.values_list("slug", flat=True))
    call_command("load_presets", stdout=io.StringIO())
    assert set(Scenario.objects.values_list("slug", flat=True)) == slugs
