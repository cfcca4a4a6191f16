"""Admin pages for live sessions: read what happened, end a session."""
from __future__ import annotations

from django.contrib import admin

from playground.classroom.models import Answer, LiveSession, Participant, Question
from playground.studio.admin_base import PlaygroundAdmin


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ("display_name", "user", "connections", "joined")
    readonly_fields = fields
    can_delete = False


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("prompt", "kind", "step", "correct_json", "asked", "revealed")
    readonly_fields = fields
    can_delete = False


@admin.register(LiveSession)
class LiveSessionAdmin(PlaygroundAdmin):
    list_display = ("code", "title", "instructor", "course", "open", "created", "ended")
    list_filter = ("open", "course")
    search_fields = ("code", "title", "instructor__username")
    readonly_fields = ("code", "scenario", "run", "step", "playing", "speed", "seq", "created")
    inlines = [ParticipantInline, QuestionInline]


@admin.register(Answer)
class AnswerAdmin(PlaygroundAdmin):
    list_display = ("question", "participant", "value_json", "updated")
    readonly_fields = ("question", "participant", "value_json", "updated")
