"""Top-level URLs: the studio's pages and API, admin, i18n helpers."""
from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from playground.accounts.views import admin_login

urlpatterns = [
    path("", include("playground.studio.urls")),
    path("", include("playground.accounts.urls")),
    path("", include("playground.classroom.urls")),
    path("", include("playground.grading.urls")),
    # Before admin.site.urls: the admin's login under the site's login limit.
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("i18n/", set_language, name="set_language"),
]

# JSON for unknown /api/ URLs, the 404 page for everything else.
handler404 = "playground.studio.views.not_found"
