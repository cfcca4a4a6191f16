"""Reading a student's answer and comparing it with the expected one.

Answers arrive as form text ("7.5", "98, 183, 37", "yes") or as JSON values
from the API.  Each answer type has a reader that returns the value or
raises ``AnswerError`` with a sentence the student can act on; an empty
answer is ``BLANK`` (scored 0, never an error).

Types:

- ``number``: 7, 7.5, "13/4", "7,5" (decimal comma), and sizes in units
  ("426KB", "0x6a800": see ``parse_quantity``);
- ``address``: a byte address: 1048576, "0x100000", "1MB", "426 KB", or
  "null" / "fail" for an allocation that failed;
- ``list``: whole numbers in order: "98, 183, 37", "98 183 37", [98, 183];
- ``yesno``: yes/no, true/false, y/n;
- ``name``: a name as the run shows it (an LLM request: "g17", "agent0#1"),
  compared exactly, or "none" when there is none.
"""
from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _


NUMBER = "number"
ADDRESS = "address"
LIST = "list"
YESNO = "yesno"
NAME = "name"
ANSWER_TYPES = (NUMBER, ADDRESS, LIST, YESNO, NAME)

# A whole answer is at most this long: enough for a 300-element order.
MAX_ANSWER_CHARS = 2000
MAX_LIST_ITEMS = 500
FAILED_WORDS = {"null", "none", "fail", "failed", "nil", "-"}
YES_WORDS = {"yes", "y", "true", "1", "是"}
NO_WORDS = {"no", "n", "false", "0", "否"}
# Float noise in averages must never cost a point at tolerance 0.
EPSILON = 1e-9


# The one grammar every answer box reads (polls, assignments, checkpoints);
# static/playground/js/units.js mirrors it for the browser.  Units are binary
# (1KB = 1024 bytes), as in scenarios.
_SIZE_UNITS = {"b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
               "m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20,
               "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30}
_HEX = re.compile(r"^0x[0-9a-f]+$")
_WITH_UNIT = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")


def parse_quantity(text: str) -> int | float:
    """The number in an answer box: 436224, "426KB", "426 KB", "0x6a800", 7.5, "7,5", "13/4".

    Sizes with units must come to a whole number of bytes ("1.5KB" is 1536,
    "1.3B" is refused).  ValueError when ``text`` is none of these forms.
    """
    compact = text.strip().replace(" ", "").replace("_", "").lower()
    if _HEX.match(compact):
        return int(compact, 16)
    sized = _WITH_UNIT.match(compact)
    if sized:
        factor = _SIZE_UNITS.get(sized.group(2))
        if factor is None:
            raise ValueError(f"unknown unit {sized.group(2)!r}")
        size = Fraction(sized.group(1)) * factor
        if size.denominator != 1:
            raise ValueError("a size must be a whole number of bytes")
        return int(size)
    if compact.count(",") == 1 and "." not in compact:
        compact = compact.replace(",", ".")
    value = float(Fraction(compact))
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return int(value) if value.is_integer() else value


class AnswerError(ValueError):
    """The answer cannot be read as its type; the message says what was expected."""


class _Blank:
    """No answer given (distinct from the answer "null" to an address question)."""

    def __repr__(self) -> str:
        return "BLANK"


BLANK: Any = _Blank()


def _as_text(raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        if len(raw) > MAX_ANSWER_CHARS:
            raise AnswerError(_("This answer is too long (at most %(n)d characters).")
                              % {"n": MAX_ANSWER_CHARS})
        return raw.strip()
    return None


def read_number(raw: Any) -> Any:
    """A finite number from 7, 7.5, "7.5", "7,5" or "13/4"; BLANK for empty."""
    if isinstance(raw, bool):
        raise AnswerError(_("Give a number, like 6.5."))
    if isinstance(raw, (int, float)):
        if not math.isfinite(raw):
            raise AnswerError(_("Give a finite number, like 6.5."))
        return raw
    text = _as_text(raw)
    if not text:
        return BLANK
    try:
        return parse_quantity(text)
    except (ValueError, ZeroDivisionError, OverflowError):
        raise AnswerError(_("“%(text)s” is not a number; write it like 6.5, 13/4 or 426KB.")
                          % {"text": text[:40]}) from None


def read_address(raw: Any) -> Any:
    """A byte address (None for a failed allocation); BLANK for empty."""
    if raw is None:
        return BLANK
    if isinstance(raw, bool) or isinstance(raw, float):
        raise AnswerError(_("Give an address in bytes, like 1048576, 0x100000 or 1MB."))
    if isinstance(raw, int):
        if raw < 0:
            raise AnswerError(_("An address is never negative."))
        return raw
    text = _as_text(raw)
    if not text:
        return BLANK
    if text.lower() in FAILED_WORDS:
        return None
    try:
        value = parse_quantity(text)
    except (ValueError, ZeroDivisionError, OverflowError):
        value = None
    if not isinstance(value, int) or value < 0:
        raise AnswerError(_("“%(text)s” is not an address; write bytes (1048576), hex "
                            "(0x100000) or a size (1MB), or “null” if the allocation failed.")
                          % {"text": text[:40]})
    return value


def read_list(raw: Any) -> Any:
    """Whole numbers in order, from a JSON list or text; BLANK for empty."""
    if isinstance(raw, list):
        items: list[Any] = raw
    else:
        text = _as_text(raw)
        if not text:
            return BLANK
        items = [item for item in re.split(r"[\s,;]+", text.strip("[]() ")) if item]
    if len(items) > MAX_LIST_ITEMS:
        raise AnswerError(_("At most %(n)d items, please.") % {"n": MAX_LIST_ITEMS})
    values: list[int] = []
    for item in items:
        if isinstance(item, bool):
            raise AnswerError(_("Write whole numbers separated by commas, like 98, 183, 37."))
        if isinstance(item, int):
            values.append(item)
            continue
        if isinstance(item, str) and re.fullmatch(r"-?\d+", item):
            values.append(int(item))
            continue
        raise AnswerError(_("“%(item)s” is not a whole number; write the list like "
                            "98, 183, 37.") % {"item": str(item)[:40]})
    return values if values else BLANK


def read_yesno(raw: Any) -> Any:
    """True or False from yes/no, true/false, y/n; BLANK for empty."""
    if isinstance(raw, bool):
        return raw
    text = _as_text(raw)
    if not text:
        return BLANK
    word = text.lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise AnswerError(_("Answer yes or no."))


MAX_NAME_CHARS = 100


def read_name(raw: Any) -> Any:
    """A name as the run shows it ("g17"), None for "none"; BLANK for empty.

    Surrounding quotes are dropped; the name itself is kept as typed (names
    are case-sensitive, as in scenarios).
    """
    if raw is None:
        return BLANK
    if not isinstance(raw, str):
        raise AnswerError(_("Give a name as the run shows it, like g17, or “none”."))
    text = _as_text(raw).strip("\"'“”‘’ ")
    if not text:
        return BLANK
    if text.lower() in FAILED_WORDS:
        return None
    if len(text) > MAX_NAME_CHARS:
        raise AnswerError(_("A name has at most %(n)d characters.") % {"n": MAX_NAME_CHARS})
    return text


READERS = {NUMBER: read_number, ADDRESS: read_address, LIST: read_list, YESNO: read_yesno,
           NAME: read_name}


def read(answer_type: str, raw: Any) -> Any:
    """The value of ``raw`` under ``answer_type``; AnswerError if unreadable, BLANK if empty.

    A raw value of a JSON type the reader does not take (an object, say)
    is refused, not coerced.
    """
    if isinstance(raw, dict):
        raise AnswerError(_("An answer is a number, a list or a word, not an object."))
    return READERS[answer_type](raw)


def matches(answer_type: str, expected: Any, given: Any, tolerance: float) -> bool:
    """Whether ``given`` earns the points: numbers within ``tolerance``, the rest exactly."""
    if given is BLANK:
        return False
    if answer_type == NUMBER:
        if expected is None or given is None:
            return expected is given
        return abs(float(given) - float(expected)) <= tolerance + EPSILON
    return bool(given == expected)


def show(value: Any, answer_type: str | None = None) -> str:
    """A value as the feedback shows it: 6.5, [98, 183], yes, "failed (null)", "(no answer)".

    A name question's None is "none" (nobody was preempted), not a failure.
    """
    if value is BLANK:
        return _("(no answer)")
    if value is None:
        return _("none") if answer_type == NAME else _("failed (null)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def to_json(value: Any) -> Any:
    """A value for storing in JSON (BLANK becomes the string "" — an unanswered question)."""
    return "" if value is BLANK else value
