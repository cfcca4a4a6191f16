"""URLs of live sessions (included at the site root, namespace ``classroom``)."""
from __future__ import annotations

from django.urls import path, re_path

from playground.classroom import join_views, views

app_name = "classroom"

# Codes are matched loosely (any case) and normalized by the views.
CODE = r"(?P<code>[A-Za-z0-9]{1,16})"

urlpatterns = [
    path("sessions/", views.session_list, name="list"),
    path("sessions/new/", views.session_new, name="new"),
    re_path(rf"^sessions/{CODE}/$", views.session_page, name="session"),
    re_path(rf"^sessions/{CODE}/projector/$", views.projector, name="projector"),
    re_path(rf"^sessions/{CODE}/end/$", views.session_end, name="end"),
    re_path(rf"^sessions/{CODE}/lock/$", join_views.lock, name="lock"),
    path("join/", join_views.join_code, name="join-code"),
    re_path(rf"^join/{CODE}/$", join_views.join, name="join"),
    re_path(r"^practice/(?P<slug>[a-z2-7]{10,64})/$", join_views.practice, name="practice"),
    re_path(r"^practice/preset/(?P<name>[a-z0-9-]{1,64})/$", join_views.practice_preset,
            name="practice-preset"),
    re_path(r"^practice/runs/(?P<run_id>[a-z0-9]{1,32})/steps/$", views.run_window,
            name="run-window"),
]
