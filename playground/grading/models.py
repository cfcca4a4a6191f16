"""Assignments, students' variants and submissions, grading batches and grades.

- ``Assignment``: a scenario template, its variations and questions (see
  ``definition.py`` for their shapes), in ``exam`` or ``practice`` mode.
- ``StudentVariant``: a student's variant counter (always 0 in exam mode;
  "new variant" in practice mode adds one) and, in practice mode, which
  variant's solution they have already looked at.
- ``Submission``: every answer set ever sent, numbered per student, with
  the variant exactly as the student saw it.  Never updated, never deleted
  by the app; the latest one counts.
- ``GradingBatch``: one "Grade" action: which submissions it covers.
- ``Grade``: one per graded submission (re-grading updates it in place).
"""
from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from playground.accounts.models import Course


class Mode(models.TextChoices):
    """Exam: one frozen variant per student.  Practice: new variants on demand."""

    EXAM = "exam", _("exam")
    PRACTICE = "practice", _("practice")


class Assignment(models.Model):
    """An assignment of a course, built from a scenario template."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments",
                               verbose_name=_("course"))
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    template_json = models.TextField(_("template scenario (JSON)"))
    variations = models.JSONField(_("variations"), default=list, blank=True)
    questions = models.JSONField(_("questions"), default=list)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.EXAM)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    grades_released = models.BooleanField(_("grades released"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["course_id", "deadline", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.title} ({self.course})"

    def template(self) -> dict[str, Any]:
        """The template scenario as a dict."""
        return json.loads(self.template_json)

    @property
    def total_points(self) -> float:
        """Points over all questions."""
        return sum(q.get("points", 0) for q in self.questions)

    def is_late(self, when: Any = None) -> bool:
        """Whether a submission at ``when`` (default: now) is after the deadline."""
        when = when or timezone.now()
        return self.deadline is not None and when > self.deadline


class StudentVariant(models.Model):
    """Which variant a student has, per assignment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="variants")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="assignment_variants")
    counter = models.PositiveIntegerField(default=0)
    # Practice mode: the counter whose solution the student has opened; a
    # variant whose answers were seen takes no more submissions.
    revealed_counter = models.PositiveIntegerField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "student"],
                                               name="one_variant_row_per_student")]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.student_id} variant {self.counter}"


class Submission(models.Model):
    """One set of answers as sent.  ``number`` counts a student's submissions from 1."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE,
                                   related_name="submissions", verbose_name=_("assignment"))
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="submissions", verbose_name=_("student"))
    number = models.PositiveIntegerField(_("number"))
    variant_counter = models.PositiveIntegerField(_("variant"))
    scenario_json = models.TextField(_("variant scenario (JSON)"))
    answers = models.JSONField(_("answers"), default=dict)
    submitted = models.DateTimeField(_("submitted"), default=timezone.now)
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        ordering = ["assignment_id", "student_id", "number"]
        constraints = [models.UniqueConstraint(fields=["assignment", "student", "number"],
                                               name="submission_number_per_student")]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.student} #{self.number} on {self.assignment.title}"

    def scenario(self) -> dict[str, Any]:
        """The variant the student answered, exactly as shown to them."""
        return json.loads(self.scenario_json)


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    FINISHED = "finished", _("finished")
    QUEUE_FAILED = "queue_failed", _("could not be queued")


class GradingBatch(models.Model):
    """One grading of an assignment: a task per submission in ``submission_ids``.

    Progress is read from the grades themselves (``progress``), so a task
    that runs twice after a worker died counts once.  A batch is finished
    when every submission it names has a grade from it or no longer exists
    (a submission deleted before its turn is skipped, never waited for).
    ``heartbeat`` moves when the batch is queued and each time a grade is
    recorded; ``attempts`` counts, per submission id, the tasks that began
    grading it (two at most: see ``claim_attempt``).
    """

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="batches")
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submission_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    error = models.TextField(blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    attempts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("grading batch")
        verbose_name_plural = _("grading batches")

    def __str__(self) -> str:
        return f"batch {self.pk} of {self.assignment.title} ({self.status})"

    # -- lifecycle (called by playground.grading.tasks and .batches) ------------

    def graded_ids(self) -> set[int]:
        """Submissions that have a grade from this batch."""
        return set(Grade.objects.filter(batch=self).values_list("submission_id", flat=True))

    def missing_ids(self) -> list[int]:
        """Submissions of the batch still to grade: no grade from it, and not deleted."""
        graded = self.graded_ids()
        waiting = [sid for sid in self.submission_ids if sid not in graded]
        existing = set(Submission.objects.filter(pk__in=waiting).values_list("pk", flat=True))
        return [sid for sid in waiting if sid in existing]

    def finish(self) -> None:
        """Mark the batch finished, once, whichever task gets here first."""
        GradingBatch.objects.filter(pk=self.pk, finished__isnull=True).update(
            status=BatchStatus.FINISHED, finished=timezone.now(), error="")

    def finish_if_done(self) -> bool:
        """Finish the batch when nothing is left to grade; whether it is finished."""
        if GradingBatch.objects.filter(pk=self.pk, finished__isnull=False).exists():
            return True
        if self.missing_ids():
            return False
        self.finish()
        return True

    def mark_queued(self) -> None:
        """The tasks are in the queue; a batch finished meanwhile stays finished."""
        GradingBatch.objects.filter(pk=self.pk, finished__isnull=True).update(
            status=BatchStatus.QUEUED, error="", heartbeat=timezone.now())

    def mark_queue_failed(self, exc: BaseException) -> None:
        """The broker could not be reached; the submissions are untouched."""
        GradingBatch.objects.filter(pk=self.pk).update(
            status=BatchStatus.QUEUE_FAILED,
            error=f"the task queue could not be reached ({type(exc).__name__}); "
                  "the submissions are safe: grade again when the queue is back")

    def beat(self) -> None:
        """A sign of life: a grade of this batch was recorded."""
        GradingBatch.objects.filter(pk=self.pk).update(heartbeat=timezone.now())

    def claim_attempt(self, submission_id: int, max_attempts: int = 2) -> bool:
        """Count one more task grading ``submission_id``; False once it had ``max_attempts``."""
        from django.db import transaction

        with transaction.atomic():
            locked = GradingBatch.objects.select_for_update().get(pk=self.pk)
            tried = int(locked.attempts.get(str(submission_id), 0))
            if tried >= max_attempts:
                return False
            locked.attempts[str(submission_id)] = tried + 1
            # A task that begins is a sign of life too (a slow grade is not stuck).
            locked.heartbeat = timezone.now()
            locked.save(update_fields=["attempts", "heartbeat"])
            return True

    def progress(self) -> dict[str, Any]:
        """``{"id", "assignment", "status", "total", "done", "failed", "skipped", "finished", "error"}``.

        ``done`` counts graded submissions (failed ones included), ``failed``
        those that could not be graded, ``skipped`` those deleted before
        their grade.
        """
        grades = Grade.objects.filter(batch=self)
        done = grades.count()
        self.refresh_from_db(fields=["status", "finished", "error"])
        graded = set(grades.values_list("submission_id", flat=True))
        waiting = [sid for sid in self.submission_ids if sid not in graded]
        skipped = len(waiting) - Submission.objects.filter(pk__in=waiting).count()
        return {
            "id": self.pk, "assignment": self.assignment_id, "status": self.status,
            "total": self.total, "done": done, "failed": grades.exclude(error="").count(),
            "skipped": skipped,
            "finished": self.finished.isoformat() if self.finished else None,
            "error": self.error,
        }


class Grade(models.Model):
    """The grade of one submission; re-grading replaces it (one row per submission)."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="grade")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="grades")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="grades")
    batch = models.ForeignKey(GradingBatch, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="grades")
    score = models.FloatField(default=0)
    max_score = models.FloatField(default=0)
    feedback = models.JSONField(default=list)
    # Set when the submission could not be graded (the batch counts it failed).
    error = models.TextField(blank=True)
    graded = models.DateTimeField(auto_now=True)
    # The engine that computed the solution this grade was marked against
    # (playground.engine_version); empty on grades made before it was kept.
    engine_version = models.CharField(max_length=40, blank=True, default="")
    # What re-grading replaced: the score and engine of the grading before
    # (None/empty on a first grading), so a re-grade can tell which grades moved.
    previous_score = models.FloatField(null=True, blank=True)
    previous_engine_version = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["assignment_id", "student_id"]

    def __str__(self) -> str:
        return f"{self.student}: {self.score_points}/{self.max_points} on {self.assignment.title}"

    @property
    def score_points(self) -> int | float:
        """The score as people write it: 8, not 8.0; 7.5 stays 7.5."""
        return whole(self.score)

    @property
    def max_points(self) -> int | float:
        """The points possible, written like ``score_points``."""
        return whole(self.max_score)


def whole(value: float) -> int | float:
    """``value`` as an int when it is a whole number (for pages, CSV and JSON)."""
    return int(value) if float(value).is_integer() else value
