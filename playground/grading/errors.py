"""The error a question raises when the variant lacks what it names."""
from __future__ import annotations


class QuestionError(ValueError):
    """The question cannot be answered on this variant (a missing process or op)."""
