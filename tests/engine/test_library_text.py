"""text.tokenize (words) and text.pos_tag, on spaCy's small English model."""
from __future__ import annotations

import numpy

from kernel_engine.library import CallResult, call

SENTENCE = "The kernel schedules the threads."


def run(fn: str, **args: object) -> CallResult:
    return call(fn, args, numpy.random.default_rng(0))


def test_tokenize_splits_a_sentence_into_words_and_punctuation() -> None:
    res = run("text.tokenize", text=SENTENCE)
    assert res == CallResult(["The", "kernel", "schedules", "the", "threads", "."], 1, None)


def test_tokenize_splits_contractions_as_the_penn_treebank_does() -> None:
    assert run("text.tokenize", text="Don't panic!").value == ["Do", "n't", "panic", "!"]


def test_tokenize_leaves_out_runs_of_whitespace() -> None:
    assert run("text.tokenize", text="one\n\n  two\tthree ").value == ["one", "two", "three"]


def test_tokenize_of_empty_text_is_no_tokens() -> None:
    assert run("text.tokenize", text="").value == []


def test_tokenize_costs_a_tick_per_thousand_characters() -> None:
    assert run("text.tokenize", text="a " * 1250).ticks == 3  # 2,500 characters


def test_pos_tag_gives_penn_treebank_tags() -> None:
    res = run("text.pos_tag", text=SENTENCE)
    assert res.value == [["The", "DT"], ["kernel", "NN"], ["schedules", "VBZ"],
                         ["the", "DT"], ["threads", "NNS"], [".", "."]]


def test_pos_tag_gives_universal_tags_on_request() -> None:
    res = run("text.pos_tag", text=SENTENCE, tagset="universal")
    assert [tag for _, tag in res.value] == ["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"]


def test_pos_tag_costs_characters_plus_a_hundred_per_token() -> None:
    # 33 characters + 6 tokens x 100 = 633 operations: 1 tick; ten times that: 7.
    assert run("text.pos_tag", text=SENTENCE).ticks == 1
    assert run("text.pos_tag", text=" ".join([SENTENCE] * 10)).ticks == 7


def test_text_longer_than_the_bound_is_refused() -> None:
    res = run("text.tokenize", text="x" * 20_001)
    assert res.value is None
    assert res.error == ("text.tokenize: args.text: is 20,001 characters long; "
                         "at most 20,000 are allowed")


def test_an_unknown_tagset_lists_the_choices() -> None:
    res = run("text.pos_tag", text=SENTENCE, tagset="brown")
    assert res.error == ('text.pos_tag: args.tagset: must be one of "penn", "universal", '
                         "got a string 'brown'")


def test_bpe_options_with_the_words_method_are_refused() -> None:
    res = run("text.tokenize", text=SENTENCE, vocab_size=50)
    assert res.error == 'text.tokenize: args.vocab_size: is only used with method "bpe"'
