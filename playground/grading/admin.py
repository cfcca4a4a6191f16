"""Admin: assignments (with the "Grade" action), batches with live progress, grades.

The "Grade" action queues a batch per selected assignment; with one
assignment selected it opens the batch's page, where a small poller
(``static/playground/js/grading/progress.js``) shows done / total / failed.
Submissions and grades are read-only here: they are the record.
"""
from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from playground.grading import batches, services
from playground.grading.forms import AssignmentForm
from playground.grading.models import Assignment, BatchStatus, Grade, GradingBatch, Submission
from playground.studio.admin_base import PlaygroundAdmin


class AdminAssignmentForm(AssignmentForm):
    """The instructors' form, plus the course and the release flag."""

    class Meta(AssignmentForm.Meta):
        fields = ("course", "title", "instructions", "mode", "deadline", "grades_released")


@admin.register(Assignment)
class AssignmentAdmin(PlaygroundAdmin):
    form = AdminAssignmentForm
    fields = ("course", "title", "instructions", "mode", "deadline", "grades_released",
              "template", "variations_text", "questions_text")
    list_display = ("title", "course", "mode", "deadline", "grades_released", "submission_count")
    list_filter = ("mode", "grades_released", "course")
    search_fields = ("title", "course__title")
    actions = ("grade", "release", "hide")

    @admin.display(description=gettext_lazy("submissions"))
    def submission_count(self, obj: Assignment) -> int:
        return obj.submissions.count()

    def save_model(self, request: HttpRequest, obj: Assignment, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Grade (queue a batch over the latest submissions)"))
    def grade(self, request: HttpRequest, queryset: QuerySet[Assignment]) -> HttpResponse | None:
        started = [batches.start_batch(assignment, request.user) for assignment in queryset]
        for batch in started:
            if batch.status == BatchStatus.QUEUE_FAILED:
                self.message_user(request, f"{batch.assignment.title}: {batch.error}", messages.ERROR)
            else:
                self.message_user(request, _("%(t)s: grading %(n)d submissions (batch %(id)d).")
                                  % {"t": batch.assignment.title, "n": batch.total, "id": batch.pk})
        if len(started) == 1:
            return HttpResponseRedirect(
                reverse("admin:grading_gradingbatch_change", args=[started[0].pk]))
        return None

    @admin.action(description=gettext_lazy("Release grades to students"))
    def release(self, request: HttpRequest, queryset: QuerySet[Assignment]) -> None:
        for assignment in queryset:
            services.release_grades(assignment, True)
        self.message_user(request, _("Grades released."))

    @admin.action(description=gettext_lazy("Hide grades from students"))
    def hide(self, request: HttpRequest, queryset: QuerySet[Assignment]) -> None:
        for assignment in queryset:
            services.release_grades(assignment, False)
        self.message_user(request, _("Grades hidden."))


@admin.register(GradingBatch)
class GradingBatchAdmin(PlaygroundAdmin):
    list_display = ("id", "assignment", "created", "status", "total", "progress_text")
    list_filter = ("status",)
    readonly_fields = ("assignment", "created", "created_by", "status", "total", "finished", "error")
    exclude = ("submission_ids",)
    actions = ("resume",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # batches come from the "Grade" action

    @admin.display(description=gettext_lazy("graded / failed"))
    def progress_text(self, obj: GradingBatch) -> str:
        figures = batches.batch_progress(obj)
        return f"{figures['done']} / {figures['failed']}"

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # get_object reads the id as the admin does: None for "abc" (a lookup by it raised a 500).
        batch = self.get_object(request, unquote(object_id))
        extra = {**(extra_context or {})}
        if batch is not None:
            extra["progress"] = batches.batch_progress(batch)
        return super().change_view(request, object_id, form_url, extra)

    @admin.action(description=gettext_lazy("Queue the ungraded submissions again"))
    def resume(self, request: HttpRequest, queryset: QuerySet[GradingBatch]) -> None:
        count = sum(batches.resume_batch(batch) for batch in queryset)
        self.message_user(request, _("Queued %(n)d ungraded submissions again.") % {"n": count})


@admin.register(Submission)
class SubmissionAdmin(PlaygroundAdmin):
    list_display = ("assignment", "student", "number", "submitted", "late")
    list_filter = ("late", "assignment")
    search_fields = ("student__username", "assignment__title")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a submission is a record of what was sent


@admin.register(Grade)
class GradeAdmin(PlaygroundAdmin):
    list_display = ("assignment", "student", "score", "max_score", "error", "graded")
    list_filter = ("assignment",)
    search_fields = ("student__username",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # grades change only by grading again
