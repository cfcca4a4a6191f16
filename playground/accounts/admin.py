"""Admin for courses: memberships inline, so staff can add instructors and students."""
from __future__ import annotations

from django.contrib import admin

from playground.accounts.models import Course, Membership
from playground.studio.admin_base import PlaygroundAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("user",)
    readonly_fields = ("joined",)


@admin.register(Course)
class CourseAdmin(PlaygroundAdmin):
    list_display = ("title", "enrollment_code", "created")
    search_fields = ("title", "enrollment_code")
    readonly_fields = ("enrollment_code", "created")
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(PlaygroundAdmin):
    list_display = ("user", "course", "role", "joined")
    list_filter = ("role", "course")
    search_fields = ("user__username", "course__title")
    autocomplete_fields = ("user", "course")
