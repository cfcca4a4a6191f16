"""One parser for every answer box: 426KB, 436224 and 0x6a800 are the same size.

Polls (classroom questions), assignments (grading answers) and practice
checkpoints (units.js, checked in tests/browser/test_compare_units.py) read
the same forms.
"""
from __future__ import annotations

import pytest

from playground.classroom.questions import check_answer_value, is_correct, normalize_value
from playground.grading import answers
from playground.grading.answers import AnswerError, parse_quantity

SAME_SIZE = ["426KB", "426 KB", "426kb", "426K", "426KiB", "436224", "0x6a800", "0X6A800", " 436224 "]


@pytest.mark.parametrize("text", SAME_SIZE)
def test_every_form_of_426_kb_is_436224_bytes(text: str) -> None:
    assert parse_quantity(text) == 436224


def test_numbers_keep_their_fractions_and_decimal_commas() -> None:
    assert parse_quantity("7.5") == 7.5
    assert parse_quantity("7,5") == 7.5
    assert parse_quantity("13/4") == 3.25
    assert parse_quantity("1.5KB") == 1536
    assert parse_quantity("2MB") == 2 * 1024 * 1024


@pytest.mark.parametrize("text", ["1.3B", "12XB", "0x", "KB", "four", "1/0", "0xg1"])
def test_what_is_not_a_quantity_is_refused(text: str) -> None:
    with pytest.raises((ValueError, ZeroDivisionError)):
        parse_quantity(text)


@pytest.mark.parametrize("text", SAME_SIZE)
def test_an_assignment_address_answer_reads_every_form(text: str) -> None:
    assert answers.read("address", text) == 436224
    assert answers.matches("address", 436224, answers.read("address", text), 0)


def test_an_assignment_number_answer_reads_sizes_too() -> None:
    assert answers.read("number", "426KB") == 436224
    assert answers.read("number", "6,5") == 6.5
    with pytest.raises(AnswerError, match="426KB"):
        answers.read("number", "lots")


def test_an_address_answer_still_takes_null_and_refuses_fractions() -> None:
    assert answers.read("address", "null") is None
    with pytest.raises(AnswerError):
        answers.read("address", "7.5")
    with pytest.raises(AnswerError):
        answers.read("address", "-4")


@pytest.mark.parametrize("text", SAME_SIZE)
def test_a_poll_takes_the_typed_text_of_a_size(text: str) -> None:
    assert check_answer_value("next_address", None, text) is None
    assert normalize_value(text) == 436224
    assert is_correct(436224, text)


def test_a_poll_refuses_text_that_is_no_number_and_keeps_choices_as_text() -> None:
    assert check_answer_value("waiting_time", None, "soon") is not None
    assert normalize_value("98", ["98", "183"]) == "98"
    assert check_answer_value("next_disk", ["98", "183"], "98") is None
