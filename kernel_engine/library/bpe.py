"""Byte-pair encoding (Sennrich, Haddow and Birch, 2016), as the textbooks teach it.

Training (``learn_merges``):

1. Split the training text into words at whitespace; spell each word as its
   characters followed by the end-of-word symbol ``</w>`` ("low" is
   ``l o w </w>``).  The starting vocabulary is every character seen, plus
   ``</w>``.
2. Count every pair of adjacent symbols, over all words, each word weighted
   by how often it occurs.
3. Merge the most frequent pair everywhere it occurs (left to right, so that
   ``a a a`` becomes ``aa a``) and add the merged symbol to the vocabulary.
   Ties go to the pair that occurs first in the training text (the one
   whose leftmost occurrence starts at the earlier character).  In
   "newer", ``e r`` comes before ``r </w>``, so ``e r`` wins their tie.
   This reproduces the worked example of Jurafsky & Martin (chapter 2).
4. Repeat until the vocabulary has ``vocab_size`` symbols or no pair is left.

Encoding (``encode``) spells each word of a text the same way and applies
the learned merges in the order they were learned; characters never seen in
training stay single symbols.

The textbook recounts every pair after each merge.  Here the counts are
updated only around the places that changed (a linked list of symbols per
word and a heap of counts), which gives the same merges in far less time.
"""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict

#: The end-of-word symbol: "low</w>" is a whole word, "low" only a prefix.
END = "</w>"

Pair = tuple[str, str]


def spell(word: str) -> list[str]:
    """A word as its starting symbols: its characters, then ``END``."""
    return [*word, END]


def base_vocabulary(text: str) -> list[str]:
    """The starting symbols of ``text``, sorted: its characters and ``END``."""
    words = text.split()
    return sorted({ch for w in words for ch in w} | ({END} if words else set()))


class _Corpus:
    """The training words as linked lists of symbols, with live pair counts.

    Node ``i`` holds symbol ``sym[i]`` of a word that occurs ``freq[i]``
    times; ``nxt``/``prv`` link the word's symbols (-1 at its ends).  A
    merged pair keeps its left node; the right one is emptied (None).
    ``where[pair]`` is the set of left nodes of the pair's occurrences.
    Nodes are numbered in the order their characters first appear in the
    text (words by first occurrence, then left to right), so the smallest
    node of ``where[pair]`` is the pair's first occurrence.
    """

    def __init__(self, text: str) -> None:
        self.sym: list[str | None] = []
        self.freq: list[int] = []
        self.nxt: list[int] = []
        self.prv: list[int] = []
        # Words in order of first occurrence, so that the node numbers (and
        # hence the left-to-right merge order) do not depend on hashing.
        for word, count in Counter(text.split()).items():
            start, symbols = len(self.sym), spell(word)
            for i, symbol in enumerate(symbols):
                self.sym.append(symbol)
                self.freq.append(count)
                self.prv.append(start + i - 1 if i > 0 else -1)
                self.nxt.append(start + i + 1 if i < len(symbols) - 1 else -1)
        self.count: dict[Pair, int] = defaultdict(int)
        self.where: dict[Pair, set[int]] = defaultdict(set)
        # The same nodes as a heap per pair, to find the first occurrence;
        # nodes that left ``where`` are dropped from it lazily.
        self.firsts: dict[Pair, list[int]] = defaultdict(list)
        for i, j in enumerate(self.nxt):
            if j != -1:
                pair = (self.sym[i], self.sym[j])
                self.count[pair] += self.freq[i]  # type: ignore[index]
                self.where[pair].add(i)  # type: ignore[index]
                self.firsts[pair].append(i)  # type: ignore[index]
        # The heap orders by (-count, first occurrence): its top is the most
        # frequent pair, ties to the one that occurs first.  Entries go stale
        # when a count changes; a fresh one is pushed and stale ones skipped.
        self.heap = [(-c, self.first(pair), *pair) for pair, c in self.count.items()]
        heapq.heapify(self.heap)
        self.merging: Pair | None = None  # the pair merge() is merging

    def first(self, pair: Pair) -> int:
        """The node of the pair's first occurrence in the text."""
        firsts, where = self.firsts[pair], self.where[pair]
        while firsts[0] not in where:
            heapq.heappop(firsts)
        return firsts[0]

    def best_pair(self) -> Pair | None:
        """The pair to merge next, or None when no pair is left."""
        while self.heap:
            negative, first, a, b = heapq.heappop(self.heap)
            pair = (a, b)
            if self.count.get(pair, 0) == -negative > 0 and self.first(pair) == first:
                return pair
        return None

    def _change(self, pair: Pair, node: int, delta: int) -> None:
        if pair == self.merging:
            return  # every occurrence of it goes: merge() dropped it whole
        self.count[pair] += delta
        assert self.count[pair] >= 0, f"{pair} counted below zero"
        if delta > 0:
            self.where[pair].add(node)
            heapq.heappush(self.firsts[pair], node)
        elif pair in self.where:
            self.where[pair].discard(node)
        if self.count[pair] > 0:
            heapq.heappush(self.heap, (-self.count[pair], self.first(pair), *pair))
        else:
            del self.count[pair]
            self.where.pop(pair, None)
            self.firsts.pop(pair, None)

    def merge(self, pair: Pair) -> None:
        """Merge every occurrence of ``pair``, left to right in each word."""
        a, b = pair
        merged = a + b
        sym, nxt, prv = self.sym, self.nxt, self.prv
        self.merging = pair
        del self.count[pair]
        self.firsts.pop(pair)
        for i in sorted(self.where.pop(pair)):
            j = nxt[i]
            # An occurrence can vanish under an earlier one: in "a a a" the
            # second "a a" loses its left "a" to the first.
            if sym[i] != a or j == -1 or sym[j] != b:
                continue
            f, p, n = self.freq[i], prv[i], nxt[j]
            if p != -1:
                self._change((sym[p], a), p, -f)  # type: ignore[arg-type]
            if n != -1:
                self._change((b, sym[n]), j, -f)  # type: ignore[arg-type]
            sym[i], sym[j], nxt[i] = merged, None, n
            if n != -1:
                prv[n] = i
                self._change((merged, sym[n]), i, f)  # type: ignore[arg-type]
            if p != -1:
                self._change((sym[p], merged), p, f)  # type: ignore[arg-type]
        self.merging = None


def learn_merges(text: str, vocab_size: int) -> list[Pair]:
    """The merges, in order, that grow the vocabulary of ``text`` to
    ``vocab_size`` symbols (fewer when no pair is left; none when the
    starting vocabulary is already that big)."""
    corpus = _Corpus(text)
    merges: list[Pair] = []
    budget = vocab_size - len(base_vocabulary(text))
    while len(merges) < budget:
        pair = corpus.best_pair()
        if pair is None:
            break
        corpus.merge(pair)
        merges.append(pair)
    return merges


def encode(text: str, merges: list[Pair]) -> list[str]:
    """The symbols of ``text`` after applying ``merges`` to each word.

    Within a word, the pair with the earliest merge is merged first, and
    among equal pairs the leftmost.  This is the same as replaying the
    merges one after another over the whole word, because a merge only
    creates pairs that contain its new symbol, and those were learned later.
    """
    rank = {pair: r for r, pair in enumerate(merges)}
    cache: dict[str, list[str]] = {}
    tokens: list[str] = []
    for word in text.split():
        if word not in cache:
            cache[word] = _encode_word(word, rank)
        tokens.extend(cache[word])
    return tokens


def _encode_word(word: str, rank: dict[Pair, int]) -> list[str]:
    sym: list[str | None] = spell(word)
    last = len(sym) - 1
    nxt = [i + 1 if i < last else -1 for i in range(len(sym))]
    prv = [i - 1 for i in range(len(sym))]
    heap = [(rank[(sym[i], sym[i + 1])], i) for i in range(last)
            if (sym[i], sym[i + 1]) in rank]
    heapq.heapify(heap)
    while heap:
        r, i = heapq.heappop(heap)
        j = nxt[i]
        if sym[i] is None or j == -1 or rank.get((sym[i], sym[j])) != r:  # type: ignore[arg-type]
            continue  # stale: one of the two symbols was merged already
        sym[i], sym[j], nxt[i] = sym[i] + sym[j], None, nxt[j]  # type: ignore[operator]
        if nxt[i] != -1:
            prv[nxt[i]] = i
            right = (sym[i], sym[nxt[i]])
            if right in rank:
                heapq.heappush(heap, (rank[right], i))  # type: ignore[index]
        p = prv[i]
        if p != -1 and (sym[p], sym[i]) in rank:
            heapq.heappush(heap, (rank[(sym[p], sym[i])], p))  # type: ignore[index]
    return [s for s in sym if s is not None]
