"""The ModelAdmin every playground model's admin extends.

Django's admin filters an action's queryset by the ticked ids as posted
(``pk__in``): an id that is not a whole number ("abc", "") or is too large
for the database raised a 500.  Here a posted selection is checked first;
one that is not a list of ids is answered like an empty one, with a message.
"""
from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from playground.studio.payloads import query_whole


class PlaygroundAdmin(admin.ModelAdmin):
    """``admin.ModelAdmin`` whose actions refuse ticked ids that cannot be ids."""

    def response_action(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        whole_ids = isinstance(self.model._meta.pk, (models.AutoField, models.BigAutoField))
        across = request.POST.get("select_across") in ("1", "True")
        if whole_ids and not across and any(query_whole(value) is None for value in selected):
            # Django's own words (and translation) for an action with nothing ticked.
            self.message_user(request, _("Items must be selected in order to perform actions on them. "
                                         "No items have been changed."), messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)
