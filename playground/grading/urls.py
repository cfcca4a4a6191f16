"""URLs of the grading app (included at the site root, namespace ``grading``)."""
from __future__ import annotations

from django.urls import path

from playground.grading import api, views_instructor, views_student

app_name = "grading"

A = "assignments/<int:assignment_id>"

urlpatterns = [
    # Students (instructors opening the student URL go to the manage page).
    path(f"{A}/", views_student.assignment_page, name="assignment"),
    path(f"{A}/submit/", views_student.submit_answers, name="submit"),
    path(f"{A}/new-variant/", views_student.take_new_variant, name="new-variant"),
    path(f"{A}/reveal/", views_student.reveal_solution, name="reveal"),
    path(f"{A}/submissions/<int:submission_id>/", views_student.submission_detail,
         name="submission"),
    path(f"{A}/submissions/<int:submission_id>/solution/", views_student.submission_solution,
         name="solution"),
    # Instructors and staff.
    path("courses/<int:course_id>/assignments/new/", views_instructor.assignment_new,
         name="new"),
    path(f"{A}/edit/", views_instructor.assignment_edit, name="edit"),
    path(f"{A}/manage/", views_instructor.manage, name="manage"),
    path(f"{A}/grade/", views_instructor.grade, name="grade"),
    path(f"{A}/batches/<int:batch_id>/resume/", views_instructor.resume, name="resume"),
    path(f"{A}/release/", views_instructor.release, name="release"),
    path(f"{A}/grades.csv", views_instructor.export_csv, name="export-csv"),
    path(f"{A}/results.zip", views_instructor.export_results_zip, name="export-zip"),
    path(f"{A}/submissions/<int:submission_id>/results.json",
         views_instructor.submission_results, name="results-json"),
    # JSON API.
    path(f"api/{A}/variant/", api.variant, name="api-variant"),
    path(f"api/{A}/submissions/", api.submissions_create, name="api-submissions"),
    path(f"api/{A}/grade/", api.my_grade, name="api-grade"),
    path("api/grading/batches/<int:batch_id>/", api.batch_progress, name="api-batch"),
]
