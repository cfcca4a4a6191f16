"""Courses and who belongs to them.

A ``Course`` is joined with its ``enrollment_code``; a ``Membership`` says
whether a user teaches it (``instructor``) or takes it (``student``).  A
user has at most one membership per course.  Staff users are not members:
``roles.py`` lets them act as instructors of every course.
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# No look-alikes: 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B and U/V are left out, so a
# code read off a projector or a handout is typed right the first time.
CODE_ALPHABET = "ACEFGHJKMNPRTWXY34679"
CODE_LENGTH = 8


def new_enrollment_code() -> str:
    """A random code of ``CODE_LENGTH`` characters from ``CODE_ALPHABET``.

    21**8 is about 3.8e10 codes: a guess hits an existing course with
    negligible probability, and joining is rate-limited besides.
    """
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """A code as a student may type it ("ac ef-gh jk") in canonical form ("ACEFGHJK")."""
    return "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")


class Course(models.Model):
    """A course: a title, a code students join with, its members."""

    title = models.CharField(_("title"), max_length=200)
    enrollment_code = models.CharField(_("enrollment code"), max_length=CODE_LENGTH,
                                       unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership",
                                     related_name="courses")

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        """Give a new course a code no other course has."""
        if not self.enrollment_code:
            self.enrollment_code = self._unused_code()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @staticmethod
    def _unused_code() -> str:
        # A collision is astronomically rare; looping keeps the field unique
        # without relying on catching an IntegrityError mid-transaction.
        while True:
            code = new_enrollment_code()
            if not Course.objects.filter(enrollment_code=code).exists():
                return code

    def regenerate_code(self) -> str:
        """Replace the enrollment code (for a leaked one); returns the new code."""
        self.enrollment_code = self._unused_code()
        self.save(update_fields=["enrollment_code"])
        return self.enrollment_code


class Role(models.TextChoices):
    """What a member does in a course."""

    INSTRUCTOR = "instructor", _("instructor")
    STUDENT = "student", _("student")


class Membership(models.Model):
    """One user's role in one course."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships", verbose_name=_("user"))
    course = models.ForeignKey(Course, on_delete=models.CASCADE,
                               related_name="memberships", verbose_name=_("course"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    joined = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_membership_per_course"),
        ]
        ordering = ["course_id", "role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.course}"
