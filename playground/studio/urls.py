"""The studio's pages and its JSON API."""
from __future__ import annotations

from django.urls import path, re_path

from playground.studio import (api, compare_views, embed_views, i18n_views, library_views,
                               share_views, views)

app_name = "studio"

# Slugs are lowercase base32; run ids lowercase letters and digits.
SLUG = r"(?P<slug>[a-z2-7]{10,64})"
RUN_ID = r"(?P<run_id>[a-z0-9]{1,32})"

urlpatterns = [
    path("", views.home, name="home"),
    path("build/", views.build, name="build"),
    path("compare/", compare_views.compare, name="compare"),
    re_path(rf"^s/{SLUG}/$", views.shared, name="shared"),
    re_path(rf"^s/{SLUG}\.json$", views.shared_json, name="shared-json"),
    re_path(rf"^s/{SLUG}/preview\.png$", share_views.preview_png, name="shared-preview"),
    # Course pages paste the embed address with or without the final slash.
    re_path(rf"^s/{SLUG}/embed/?$", share_views.embed, name="embed"),
    re_path(rf"^s/{SLUG}/embed/runs/$", share_views.embed_run, name="embed-runs"),
    re_path(rf"^s/{SLUG}/worksheet/$", share_views.worksheet, name="worksheet"),
    re_path(rf"^runs/{RUN_ID}/$", views.run_page, name="run"),
    path("i18n/reasons/<str:lang>.json", i18n_views.reasons_catalog, name="i18n-reasons"),
    path("api/scenarios/", api.scenarios_create, name="api-scenarios"),
    path("api/validate/", api.validate_scenario, name="api-validate"),
    path("api/runs/", api.runs_create, name="api-runs"),
    path("api/embeds/", embed_views.embeds_create, name="api-embeds"),
    re_path(rf"^api/runs/{RUN_ID}/$", api.run_detail, name="api-run"),
    re_path(rf"^api/runs/{RUN_ID}/result$", api.run_result, name="api-run-result"),
    path("library/", library_views.library_page, name="library"),
    path("api/library/call/", library_views.library_call, name="api-library-call"),
]
