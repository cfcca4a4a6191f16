"""Forms of the accounts pages: sign up, create a course, join a course."""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from playground.accounts.models import CODE_ALPHABET, CODE_LENGTH, Course, normalize_code


class SignupForm(UserCreationForm):
    """A student's own account: user name, optional e-mail and name, password twice.

    Django's password validators (settings.AUTH_PASSWORD_VALIDATORS) apply.
    """

    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    first_name = forms.CharField(label=_("First name (optional)"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name (optional)"), max_length=150, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")


class CourseForm(forms.ModelForm):
    """An instructor's new course: only its title (the code is generated)."""

    class Meta:
        model = Course
        fields = ("title",)

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the course a title."))
        return title


class JoinForm(forms.Form):
    """An enrollment code, typed as it was read: case, spaces and dashes do not matter."""

    code = forms.CharField(label=_("Enrollment code"), max_length=32,
                           help_text=_("The 8-character code your instructor gave you."))

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
            raise forms.ValidationError(
                _("An enrollment code has %(n)d letters and digits, like ACEF-3479.")
                % {"n": CODE_LENGTH})
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = cleaned.get("code")
        if code:
            course = Course.objects.filter(enrollment_code=code).first()
            if course is None:
                raise forms.ValidationError(
                    _("No course has the code %(code)s. Check it with your instructor.")
                    % {"code": code})
            cleaned["course"] = course
        return cleaned
