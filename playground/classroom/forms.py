"""Forms of the classroom pages: starting a session and joining one."""
from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kernel_engine import presets
from playground.accounts.models import Course
from playground.classroom.models import CODE_LENGTH, LEGACY_CODE_LENGTH, normalize_session_code

NAME_MAX = 40


def clean_display_name(text: str) -> str:
    """A display name with spacing collapsed; raises ValidationError when unusable."""
    name = " ".join(text.split())
    if not name:
        raise forms.ValidationError(_("Enter the name the instructor will see."))
    if len(name) > NAME_MAX:
        raise forms.ValidationError(_("Keep the name to %(n)s characters.") % {"n": NAME_MAX})
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise forms.ValidationError(_("The name contains control characters."))
    return name


class NewSessionForm(forms.Form):
    """Start a live session from a saved scenario (its link's slug) or a preset."""

    slug = forms.RegexField(
        label=_("Saved scenario"), required=False, regex=r"^[a-z2-7]{10,64}$",
        help_text=_("The code after /s/ in a scenario's link."),
        error_messages={"invalid": _("A scenario link's code is 10 or more letters a-z and digits 2-7.")})
    preset = forms.ChoiceField(label=_("or a built-in scenario"), required=False)
    title = forms.CharField(label=_("Title"), required=False, max_length=200,
                            help_text=_("Shown to students; the scenario's title if left empty."))
    course = forms.ModelChoiceField(label=_("Course"), required=False,
                                    queryset=Course.objects.none(),
                                    empty_label=_("No course"))
    open = forms.BooleanField(label=_("Open: anyone with the code may join with a display name"),
                              required=False, initial=True)

    def __init__(self, *args: Any, courses: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["preset"].choices = [("", _("(none)"))] + [(n, n) for n in presets.names()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("slug")) == bool(data.get("preset")):
            raise forms.ValidationError(_("Give either a saved scenario or a built-in one, not both."))
        return data


class JoinCodeForm(forms.Form):
    """The code a student types on /join/."""

    code = forms.CharField(label=_("Session code"), max_length=16)

    def clean_code(self) -> str:
        code = normalize_session_code(self.cleaned_data["code"])
        if len(code) not in (CODE_LENGTH, LEGACY_CODE_LENGTH) or not code.isalnum():
            raise forms.ValidationError(_("A session code is %(n)s letters and digits.")
                                        % {"n": CODE_LENGTH})
        return code


class JoinForm(forms.Form):
    """Joining one session: a display name for anonymous visitors, nothing for users."""

    display_name = forms.CharField(label=_("Your name"), max_length=80, required=False)

    def __init__(self, *args: Any, needs_name: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.needs_name = needs_name
        if not needs_name:
            del self.fields["display_name"]

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data.get("display_name", ""))
