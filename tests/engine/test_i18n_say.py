"""``Text.say`` fills a plain template through a compiled f-string: the same sentence as ``format_map``."""
from __future__ import annotations

import pytest

from kernel_engine.i18n import Reason, Text, all_keys


def test_every_sentence_says_what_its_template_formats_to() -> None:
    for key, text in all_keys().items():
        values = {name: [7, "P1", 2.5, None, True][i % 5] for i, name in enumerate(text.names)}
        said = text.say(**values)
        assert (str(said), said.key, said.args) == (text._format(values)[0], key, values)


def test_a_missing_value_is_named_and_extra_values_are_kept() -> None:
    text = Text("test.say.pair", "{who} waits {n} ticks")
    with pytest.raises(KeyError, match="test.say.pair: no value for n"):
        text.say(who="P1")
    said = text.say(who="P1", n=3, extra=4)
    assert (said, said.args) == ("P1 waits 3 ticks", {"who": "P1", "n": 3, "extra": 4})


def test_a_nested_reason_travels_as_data_even_as_an_extra_value() -> None:
    inner = Text("test.say.inner", "{n} bytes").say(n=8)
    outer = Text("test.say.outer", "it's \"{what}\" \\ {n}")
    said = outer.say(what=inner, n=1, why=inner)
    assert isinstance(said, Reason)
    assert said == "it's \"8 bytes\" \\ 1"
    assert said.args == {"what": {"key": "test.say.inner", "args": {"n": 8}}, "n": 1,
                         "why": {"key": "test.say.inner", "args": {"n": 8}}}
