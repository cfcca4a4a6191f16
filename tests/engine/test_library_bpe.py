"""Byte-pair encoding, checked against corpora worked by hand."""
from __future__ import annotations

import numpy

from kernel_engine.library import CallResult, call
from kernel_engine.library.bpe import END, base_vocabulary, encode, learn_merges

# Jurafsky & Martin, Speech and Language Processing, chapter 2: word counts
# low 5, lowest 2, newer 6, wider 3, new 2.
CORPUS = "low " * 5 + "lowest " * 2 + "newer " * 6 + "wider " * 3 + "new " * 2


def bpe(**args: object) -> CallResult:
    return call("text.tokenize", {"method": "bpe", **args}, numpy.random.default_rng(0))


def test_starting_vocabulary_is_the_characters_and_end_of_word() -> None:
    assert base_vocabulary(CORPUS) == [END, "d", "e", "i", "l", "n", "o", "r", "s", "t", "w"]


def test_textbook_corpus_learns_the_textbook_merges() -> None:
    # By hand: e r (newer 6 + wider 3 = 9, tied with r </w> = 9, but e r occurs
    # first), er </w> (9), n e (8, tied with e w, n e first), ne w (8),
    # l o (7, tied with o w), lo w (7), new er</w> (6), low </w> (5).
    res = bpe(text=CORPUS, vocab_size=19)
    assert res.value["merges"] == [["e", "r"], ["er", END], ["n", "e"], ["ne", "w"],
                                   ["l", "o"], ["lo", "w"], ["new", "er" + END],
                                   ["low", END]]
    assert res.value["vocab_size"] == 19  # 11 symbols + 8 merges


def test_new_words_are_split_into_learned_subwords() -> None:
    res = bpe(text="lower newest", train_text=CORPUS, vocab_size=19)
    assert res.value["tokens"] == ["low", "er" + END, "new", "e", "s", "t", END]


def test_ties_go_to_the_pair_that_occurs_first_not_the_smallest() -> None:
    # Every pair occurs once; "c d" comes first in the text although "a b" sorts first.
    assert learn_merges("cd ab", 6) == [("c", "d")]
    assert learn_merges("ab cd", 6) == [("a", "b")]


def test_overlapping_pairs_merge_left_to_right() -> None:
    # a a a a: the pair a a occurs three times, but merging leaves aa aa.
    assert learn_merges("aaaa", 3) == [("a", "a")]
    assert encode("aaaa aaa", [("a", "a")]) == ["aa", "aa", END, "aa", "a", END]


def test_training_stops_when_every_word_is_one_symbol() -> None:
    res = bpe(text="ab ab", vocab_size=100)
    assert res.value == {"tokens": ["ab" + END, "ab" + END],
                         "merges": [["a", "b"], ["ab", END]], "vocab_size": 5}


def test_a_vocabulary_smaller_than_the_alphabet_learns_nothing() -> None:
    res = bpe(text="hello", vocab_size=2)
    assert res.value == {"tokens": ["h", "e", "l", "l", "o", END], "merges": [],
                         "vocab_size": 5}


def test_characters_never_seen_in_training_stay_single() -> None:
    res = bpe(text="lowz", train_text=CORPUS, vocab_size=19)
    assert res.value["tokens"] == ["low", "z", END]


def naive_bpe(text: str, vocab_size: int) -> tuple[list[tuple[str, str]], list[str]]:
    """The textbook loop, word by word of the text: recount every pair,
    merge the most frequent (ties: first seen), repeat.  Slow and plain."""
    words = [[*w, END] for w in text.split()]
    merges: list[tuple[str, str]] = []
    while len(merges) < vocab_size - len(base_vocabulary(text)):
        counts: dict[tuple[str, str], int] = {}  # insertion order = first seen
        for symbols in words:
            for pair in zip(symbols, symbols[1:]):
                counts[pair] = counts.get(pair, 0) + 1
        if not counts:
            break
        best = max(counts, key=lambda pair: counts[pair])  # max keeps the first of equals
        merges.append(best)
        for w, symbols in enumerate(words):
            merged, i = [], 0
            while i < len(symbols):
                if tuple(symbols[i:i + 2]) == best:
                    merged.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            words[w] = merged
    return merges, [s for symbols in words for s in symbols]


def test_fast_training_and_encoding_agree_with_the_textbook_loop() -> None:
    rng = numpy.random.default_rng(11)
    texts = [CORPUS, "aaaa aaa aa a", "the cat sat on the mat with the hat"]
    texts += ["".join(rng.choice(list("aab c"), size=300)) for _ in range(3)]
    for text in texts:
        for vocab_size in (5, 12, 40):
            merges, tokens = naive_bpe(text, vocab_size)
            assert learn_merges(text, vocab_size) == merges, (text, vocab_size)
            assert encode(text, merges) == tokens, (text, vocab_size)


def test_bpe_cost_charges_a_corpus_scan_per_merge() -> None:
    # (train 96 + text 96 characters) x (8 merges + 1) = 1,728 operations: 2 ticks.
    assert len(CORPUS) == 96
    assert bpe(text=CORPUS, vocab_size=19).ticks == 2


def test_the_largest_allowed_input_runs() -> None:
    rng = numpy.random.default_rng(3)
    text = "".join(rng.choice(list("abcdefgh "), size=20_000))
    res = bpe(text=text, vocab_size=5_000)
    assert res.error is None and res.value["vocab_size"] <= 5_000
