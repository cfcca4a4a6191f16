"""Exports of an assignment's grades: a CSV for the gradebook, Gradescope-style JSON.

CSV: one row per student with a latest submission, in user-name order::

    username,name,submission,submitted,late,<question id>...,total,max,error

A question's cell is the points earned ("" when not graded yet).

``results_json(grade)`` follows Gradescope's autograder ``results.json``:
``{"score", "max_score", "output", "tests": [{"name", "score",
"max_score", "output", "status"}], "extra_data"}``; ``status`` is
"passed" or "failed".
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from playground.grading import answers
from playground.grading.labels import describe
from playground.grading.models import Assignment, Grade, Submission
from playground.grading.services import latest_submissions


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet: a student
    # name like "=HYPERLINK(...)" must stay text (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _grades_of(submissions: list[Submission]) -> dict[int, Grade]:
    """Grades by submission id, in one query (a class of 300 is 300 rows)."""
    return {g.submission_id: g for g in Grade.objects.filter(submission__in=submissions)}


def grades_csv(assignment: Assignment) -> str:
    """The CSV text described above."""
    questions = [q["id"] for q in assignment.questions]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["username", "name", "submission", "submitted", "late", *questions,
                     "total", "max", "error"])
    latest = list(latest_submissions(assignment))
    grades = _grades_of(latest)
    for submission in latest:
        grade = grades.get(submission.pk)
        earned = {f["id"]: f["earned"] for f in (grade.feedback if grade else [])}
        student = submission.student
        writer.writerow([_cell(student.get_username()), _cell(student.get_full_name()),
                         submission.number, submission.submitted.isoformat(),
                         "yes" if submission.late else "no",
                         *[earned.get(qid, "") for qid in questions],
                         grade.score_points if grade else "", grade.max_points if grade else "",
                         _cell(grade.error) if grade else ""])
    return out.getvalue()


def results_json(submission: Submission, grade: Grade | None) -> dict[str, Any]:
    """Gradescope's results.json for one submission (empty tests when not graded yet)."""
    assignment = submission.assignment
    questions = {q["id"]: q for q in assignment.questions}
    tests = []
    for record in (grade.feedback if grade else []):
        question = questions.get(record["id"], {"kind": record["kind"], "id": record["id"]})
        tests.append({
            "name": f"{record['id']}: {describe(question)}",
            "score": record["earned"], "max_score": record["points"],
            "status": "passed" if record["correct"] else "failed",
            "output": f"expected {record['expected_text']}, given {record['given_text']}"
                      + (f" ({record['note']})" if record.get("note") else ""),
        })
    return {
        "score": grade.score_points if grade else 0,
        "max_score": grade.max_points if grade else assignment.total_points,
        "output": grade.error if grade and grade.error else
        ("graded" if grade else "not graded yet"),
        "tests": tests,
        "extra_data": {"assignment": assignment.pk, "student": submission.student.get_username(),
                       "submission": submission.number, "late": submission.late,
                       "submitted": submission.submitted.isoformat(),
                       "answers": {k: answers.to_json(v) for k, v in submission.answers.items()}},
    }


def results_zip(assignment: Assignment) -> bytes:
    """Every latest submission's results.json, as ``user-<id>/results.json`` in a zip.

    Entries are named by the account's id, never its username: a username
    such as ``..`` would otherwise name a path outside the folder the
    archive is unpacked into.  The username is inside, in ``extra_data``.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        latest = list(latest_submissions(assignment))
        grades = _grades_of(latest)
        for submission in latest:
            grade = grades.get(submission.pk)
            name = f"user-{submission.student_id}/results.json"
            archive.writestr(name, json.dumps(results_json(submission, grade), indent=2))
    return buffer.getvalue()
