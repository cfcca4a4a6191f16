"""Admin for courses (memberships inline, so staff can add instructors and
students), and Django's own User and Group admins over PlaygroundAdmin."""
from __future__ import annotations

from django.contrib import admin

# Imported first: importing it registers Django's User and Group admins,
# which are replaced below (whatever order the apps' admin modules load in).
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User

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


# Django's UserAdmin and GroupAdmin filter an action's queryset by the ticked
# ids as posted: "abc", "²" or a 30-digit id raised a 500.  The same admins
# (password forms, filters, fieldsets) with PlaygroundAdmin's check first.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(PlaygroundAdmin, auth_admin.UserAdmin):
    """Django's UserAdmin whose actions refuse ticked ids that cannot be ids."""


@admin.register(Group)
class GroupAdmin(PlaygroundAdmin, auth_admin.GroupAdmin):
    """Django's GroupAdmin whose actions refuse ticked ids that cannot be ids."""
