"""Top-level URLs: the studio's pages and API, admin, i18n helpers."""
from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

urlpatterns = [
    path("", include("playground.studio.urls")),
    path("", include("playground.accounts.urls")),
    path("", include("playground.classroom.urls")),
    path("", include("playground.grading.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("i18n/", set_language, name="set_language"),
]

# JSON for unknown /api/ URLs, the 404 page for everything else.
handler404 = "playground.studio.views.not_found"
