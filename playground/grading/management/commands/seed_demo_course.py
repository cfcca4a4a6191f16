"""``python manage.py seed_demo_course --students N``: a course ready to grade.

Creates (or reuses) the instructor ``demo-instructor`` and students
``demo-student-0001`` ..., a new course with them enrolled, an exam-mode
assignment built from ``playground.grading.demo`` (per-student variants),
and one submission per student: every third student gets two answers
wrong, every fifth one more, the rest are right.  Prints the assignment id
and the logins.
"""
from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from playground.accounts.models import Course, Membership, Role
from playground.grading.demo import demo_definition, scripted_answers
from playground.grading.models import Assignment, Mode, Submission
from playground.grading.services import variant_of

MAX_STUDENTS = 5000
INSTRUCTOR = "demo-instructor"
STUDENT = "demo-student-{:04d}"


def wrong_ids_for(n: int) -> set[str]:
    """Which questions student number ``n`` (from 1) answers wrong."""
    wrong: set[str] = set()
    if n % 3 == 0:
        wrong |= {"wait-fcfs", "order"}
    if n % 5 == 0:
        wrong.add("movement")
    return wrong


class Command(BaseCommand):
    help = "Create a demo course with N students, an assignment with variants, and answers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, required=True,
                            help=f"how many students (1 to {MAX_STUDENTS})")
        parser.add_argument("--password", default="demo-pass-123",
                            help="the password of every demo account (default: demo-pass-123)")
        parser.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.EXAM)
        parser.add_argument("--no-answers", action="store_true",
                            help="enrol the students but submit nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["students"]
        if not 1 <= count <= MAX_STUDENTS:
            raise CommandError(f"--students must be between 1 and {MAX_STUDENTS}, got {count}")
        # One hash for every account: hashing is deliberately slow, and a
        # demo of 1,000 students must not take minutes.
        password = make_password(options["password"])
        with transaction.atomic():
            instructor = self._user(INSTRUCTOR, password, "Demo", "Instructor")
            students = self._students(count, password)
            course = Course.objects.create(title=f"Demo OS course ({count} students)")
            Membership.objects.create(user=instructor, course=course, role=Role.INSTRUCTOR)
            Membership.objects.bulk_create(
                [Membership(user=s, course=course, role=Role.STUDENT) for s in students])
            assignment = Assignment.objects.create(
                course=course, title="Scheduling and disk: textbook variants",
                instructions="Work out each answer by hand, then check it in the player "
                             "after grades are released.",
                mode=options["mode"], created_by=instructor, **demo_definition())
        submitted = 0 if options["no_answers"] else self._submit_all(assignment, students)
        self._report(assignment, course, count, submitted, options["password"])

    def _user(self, username: str, password: str, first: str, last: str) -> User:
        user, _created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last})
        user.password = password
        user.save(update_fields=["password"])
        return user

    def _students(self, count: int, password: str) -> list[User]:
        names = [STUDENT.format(n) for n in range(1, count + 1)]
        existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        User.objects.bulk_create([
            User(username=name, password=password, first_name="Student", last_name=name[-4:])
            for name in names if name not in existing])
        User.objects.filter(username__in=existing).update(password=password)
        by_name = {u.username: u for u in User.objects.filter(username__in=names)}
        return [by_name[name] for name in names]

    def _submit_all(self, assignment: Assignment, students: list[User]) -> int:
        now = timezone.now()
        rows = []
        for n, student in enumerate(students, start=1):
            variant = variant_of(assignment, student.pk, 0)
            rows.append(Submission(
                assignment=assignment, student=student, number=1, variant_counter=0,
                scenario_json=json.dumps(variant, sort_keys=True),
                answers=scripted_answers(variant, assignment.questions, wrong_ids_for(n)),
                submitted=now, late=False))
        Submission.objects.bulk_create(rows, batch_size=500)
        return len(rows)

    def _report(self, assignment: Assignment, course: Course, count: int, submitted: int,
                password: str) -> None:
        last = STUDENT.format(count)
        self.stdout.write(f"assignment {assignment.pk}")
        self.stdout.write(f"course {course.pk} “{course.title}”, enrollment code "
                          f"{course.enrollment_code}")
        self.stdout.write(f"instructor: {INSTRUCTOR} / {password}")
        self.stdout.write(f"students: {STUDENT.format(1)} .. {last} / {password} "
                          f"({submitted} submissions)")
        self.stdout.write(f"grade with: python manage.py grade_assignment {assignment.pk} "
                          f"--wait --csv grades.csv")
