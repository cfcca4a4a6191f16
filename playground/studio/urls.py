"""The studio's pages and its JSON API."""
from __future__ import annotations

from django.urls import path, re_path

from playground.studio import api, views

app_name = "studio"

# Slugs are lowercase base32; run ids lowercase letters and digits.
SLUG = r"(?P<slug>[a-z2-7]{10,64})"
RUN_ID = r"(?P<run_id>[a-z0-9]{1,32})"

urlpatterns = [
    path("", views.home, name="home"),
    path("build/", views.build, name="build"),
    re_path(rf"^s/{SLUG}/$", views.shared, name="shared"),
    re_path(rf"^s/{SLUG}\.json$", views.shared_json, name="shared-json"),
    re_path(rf"^runs/{RUN_ID}/$", views.run_page, name="run"),
    path("api/scenarios/", api.scenarios_create, name="api-scenarios"),
    path("api/validate/", api.validate_scenario, name="api-validate"),
    path("api/runs/", api.runs_create, name="api-runs"),
    re_path(rf"^api/runs/{RUN_ID}/$", api.run_detail, name="api-run"),
]
