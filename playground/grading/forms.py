"""Forms: an instructor's assignment definition, a student's answers.

``AssignmentForm`` takes the template, variations and questions as JSON
text (the template may also be a shared link ``/s/<slug>/`` or its slug)
and checks them with ``definition.definition_problems``; each problem is
shown under the field it is about, with its JSON path.
"""
from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from playground.grading import answers
from playground.grading.definition import definition_problems
from playground.grading.labels import answer_hint, describe
from playground.grading.models import Assignment
from playground.grading.questions import KINDS
from playground.studio.models import Scenario
from playground.studio.payloads import ApiError, loads_json_text

MAX_JSON_CHARS = 200_000
_SLUG_IN_LINK = re.compile(r"(?:/s/)?([a-z2-7]{10,64})/?(?:\.json)?$")


def _json_field(label: str, help_text: str, rows: int) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, max_length=MAX_JSON_CHARS,
                           widget=forms.Textarea(attrs={"rows": rows, "class": "json-input",
                                                        "spellcheck": "false"}))


class AssignmentForm(forms.ModelForm):
    """Create or edit an assignment; ``clean`` runs the whole definition check."""

    template = _json_field(_("Template scenario"), _("The scenario as JSON, or a shared link "
                                                     "such as /s/abcdefghij/."), 14)
    variations_text = _json_field(_("Variations"), _("A JSON list of {\"path\", \"min\", \"max\", "
                                                     "\"step\"}; [] for none."), 6)
    questions_text = _json_field(_("Questions"), _("A JSON list of {\"id\", \"kind\", \"params\", "
                                                   "\"points\", \"tolerance\"}."), 10)
    deadline = forms.DateTimeField(label=_("Deadline (UTC)"), required=False,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                   input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
                                                  "%Y-%m-%dT%H:%M:%S"])

    class Meta:
        model = Assignment
        fields = ("title", "instructions", "mode", "deadline")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["template"] = json.dumps(self.instance.template(), indent=2)
            self.initial["variations_text"] = json.dumps(self.instance.variations, indent=2)
            self.initial["questions_text"] = json.dumps(self.instance.questions, indent=2)
        self.initial.setdefault("variations_text", "[]")

    def _parse(self, name: str) -> Any:
        text = self.cleaned_data.get(name, "").strip()
        match = _SLUG_IN_LINK.search(text) if name == "template" and not text.startswith("{") else None
        if match:
            saved = Scenario.objects.filter(slug=match.group(1)).first()
            if saved is None:
                raise forms.ValidationError(_("No saved scenario has the link %(s)s.")
                                            % {"s": match.group(1)})
            return saved.as_dict()
        try:
            return loads_json_text(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("This is not valid JSON: %(e)s (line %(l)d, column %(c)d).")
                                        % {"e": exc.msg, "l": exc.lineno, "c": exc.colno}) from None
        except ValueError as exc:  # NaN, Infinity, 1e999, 5,000 digits, 50,000 brackets
            raise forms.ValidationError(_("This JSON cannot be used: %(e)s.") % {"e": exc}) from None
        except ApiError as exc:  # deeper than the API's limit, NUL, a lone surrogate
            error = exc.errors[0]
            where = f"{error['path']}: " if error["path"] else ""
            raise forms.ValidationError(_("This JSON cannot be used: %(e)s.")
                                        % {"e": where + error["message"]}) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        parsed: dict[str, Any] = {}
        for name in ("template", "variations_text", "questions_text"):
            if name in cleaned:
                try:
                    parsed[name] = self._parse(name)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        if len(parsed) < 3:
            return cleaned
        problems = definition_problems(parsed["template"], parsed["variations_text"],
                                       parsed["questions_text"])
        fields = {"template": "template", "variations": "variations_text",
                  "questions": "questions_text"}
        for problem in problems:
            head = re.split(r"[.\[]", problem["path"], maxsplit=1)[0]
            self.add_error(fields.get(head, None), f"{problem['path']}: {problem['message']}")
        cleaned["parsed"] = parsed
        return cleaned

    def save(self, commit: bool = True) -> Assignment:
        parsed = self.cleaned_data["parsed"]
        self.instance.template_json = json.dumps(parsed["template"], ensure_ascii=False)
        self.instance.variations = parsed["variations_text"]
        self.instance.questions = parsed["questions_text"]
        return super().save(commit=commit)


class AnswersForm(forms.Form):
    """One field per question, named ``q_<id>``; readability is checked per type."""

    def __init__(self, questions: list[dict[str, Any]], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            answer_type = KINDS[question["kind"]].answer_type
            label = describe(question)
            hint = answer_hint(question)
            if answer_type == answers.YESNO:
                field: forms.Field = forms.ChoiceField(
                    label=label, help_text=hint, required=False, widget=forms.RadioSelect,
                    choices=[("yes", _("yes")), ("no", _("no"))])
            else:
                attrs = {"inputmode": "decimal"} if answer_type == answers.NUMBER else {}
                field = forms.CharField(label=label, help_text=hint, required=False,
                                        max_length=answers.MAX_ANSWER_CHARS,
                                        widget=forms.TextInput(attrs={**attrs, "autocomplete": "off"}))
            field.points = question["points"]  # type: ignore[attr-defined]
            self.fields[f"q_{question['id']}"] = field

    def answers(self) -> dict[str, str]:
        """question id -> the text as typed (after ``is_valid``)."""
        return {q["id"]: self.cleaned_data.get(f"q_{q['id']}", "") or "" for q in self.questions}

    def add_answer_errors(self, problems: dict[str, str]) -> None:
        """Show ``services.submit``'s per-question messages under their fields."""
        for qid, message in problems.items():
            name = f"q_{qid}"
            self.add_error(name if name in self.fields else None, message)
