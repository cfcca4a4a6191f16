"""Forms of the classroom pages: starting a session and joining one."""
from __future__ import annotations

import json
import unicodedata
from typing import Any

from django import forms
from django.utils.translation import get_language
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


def _workload(name: str) -> str:
    """Preset ``name`` without its words (title, description, checkpoints): what it runs."""
    scenario = presets.load(name)
    for key in ("title", "description", "checkpoints"):
        scenario.pop(key, None)
    return json.dumps(scenario, sort_keys=True)


def preset_aliases() -> dict[str, str]:
    """Each preset name -> the preset that session setup lists for its workload.

    Two presets with the same workload (srtf-four and cpu-srt-four) are one
    choice in the menu: the first in gallery order.
    """
    kept: dict[str, str] = {}
    out: dict[str, str] = {}
    for name in presets.names():
        out[name] = kept.setdefault(_workload(name), name)
    return out


def preset_choices(language: str | None) -> list[tuple[str, Any]]:
    """The preset menu: by title (in ``language`` where translated), grouped by category, duplicates merged."""
    kept = set(preset_aliases().values())
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in presets.catalog(language):
        if entry["name"] in kept:
            groups.setdefault(entry["category"], []).append((entry["name"], entry["title"]))
    return [("", _("(none)"))] + [(str(CATEGORY_LABELS.get(category, category)), items)
                                  for category, items in groups.items()]


# The gallery's section names (templates/studio/_category.html).
CATEGORY_LABELS = {
    "cpu": _("CPU scheduling"), "memory": _("Memory allocation"), "vm": _("Virtual memory"),
    "disk": _("Disk scheduling"),
    "ipc": _("Message passing"), "threads": _("Threads and synchronization"),
    "library": _("Function library"), "combined": _("Everything together"),
}


class NewSessionForm(forms.Form):
    """Start a live session from a saved scenario (its link's slug) or a preset."""

    slug = forms.RegexField(
        label=_("Saved scenario"), required=False, regex=r"^[a-z2-7]{10,64}$",
        help_text=_("The code after /s/ in a scenario's link."),
        error_messages={"invalid": _("A scenario link's code is 10 or more letters a-z and digits 2-7.")})
    # A plain field with a menu: a merged preset's other name (cpu-srt-four)
    # is still accepted as it is (clean_preset), for links that name it.
    preset = forms.CharField(label=_("or a built-in scenario"), required=False, widget=forms.Select)
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
        self.fields["preset"].widget.choices = preset_choices(presets.language_of(get_language()))
        asked = self.initial.get("preset")
        if asked in preset_aliases():
            self.initial["preset"] = preset_aliases()[asked]

    def clean_preset(self) -> str:
        name = self.cleaned_data.get("preset") or ""
        if not name:
            return ""
        if name not in presets.names():
            raise forms.ValidationError(_("There is no built-in scenario named “%(name)s”.") % {"name": name[:64]})
        return name

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
