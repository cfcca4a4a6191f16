"""URLs of the accounts app (included at the site root, namespace ``accounts``)."""
from __future__ import annotations

from django.contrib.auth.views import LogoutView
from django.urls import path

from playground.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.RateLimitedLoginView.as_view(), name="login"),
    # Django 5 accepts only POST here: a link cannot log anyone out.
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("accounts/signup/", views.signup, name="signup"),
    path("courses/", views.courses, name="courses"),
    path("courses/join/", views.join, name="join"),
    path("courses/<int:course_id>/", views.course_page, name="course"),
    path("courses/<int:course_id>/code/", views.course_new_code, name="course-code"),
    path("api/me/", views.me, name="me"),
]
