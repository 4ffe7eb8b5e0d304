"""Verification of a candidate pair of text classes: the one rule a run and the in-memory search share.

A pair proposed by the LSH index is a copy when :func:`cleaners.dedup.pair_overlap` (exact
shingle sets, at the size that fits the shorter text) reaches ``jaccard_threshold`` or
``containment_threshold`` — or, when both texts have fewer than
:data:`~cleaners.dedup.minhash.SHORT_TEXT_WORDS` words, when :func:`~cleaners.dedup.minhash.short_copy`
finds them at most two places apart — and :func:`cleaners.dedup.stories.different_stories` does not call
them different stories of one site.  Pure: what a class's story is comes from a callable.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from cleaners.dedup.minhash import (
    MIN_KEPT_SHARE, SHORT_TEXT_WORDS, SKETCH_MIN_WORDS, Overlap, overlap, shingle_size_for, shingles, short_copy,
    sketch_rules_out, words,
)
from cleaners.dedup.stories import different_stories


#: Classes whose words and shingles :class:`Verifier` keeps (least recently used).  A candidate pair
#: is a new class and a random earlier one, so past the new class's own few candidates the cache
#: rarely hits, and a class's words cost ~63 bytes each (~25 KB for a 400-word text).  Measured on
#: the deduplicate step of a 50,000-document ``bench.corpus`` clean dir searched afresh (20,041
#: candidates): 4,096 classes peaked at 239 MB of Python allocations, 512 at 139 MB, same CPU
#: (docs/scaling.md, "Memory").
CACHE_CLASSES = 512


class Verifier:
    """Verifies candidate pairs of classes; caches the words and shingles of the ``cache_size`` classes
    used last (a run verifies a class against its few candidates in a row: a bounded cache keeps
    the flow's memory flat however many classes a run searches; ``bench.scale``).

    ``story_of(cls)`` gives what the rule reads of a class (its first member's ``title``,
    ``text``, ``url`` and ``site``); thresholds and ``shingle_size`` are the settings'.
    ``sketch_of(cls)``, when given, gives a class's MinHash signature and word count: a pair of
    long texts (:data:`~cleaners.dedup.minhash.SKETCH_MIN_WORDS` words each) whose signatures rule
    out a copy (:func:`~cleaners.dedup.minhash.sketch_rules_out`) is not verified on its texts,
    and counted in :attr:`ruled_out`.

    >>> texts = {"a": "Police closed the coast road at dawn after a lorry shed its load of timber near the harbour.",
    ...          "b": "Police closed the coast road at noon after a lorry shed its load of timber near the harbour.",
    ...          "c": "Police closed the ring road at noon after a van shed its load of bricks near the school."}
    >>> v = Verifier(lambda cls: {"text": texts[cls]}, 5, 0.6, 0.8)
    >>> v.match("a", "b") is not None, v.match("a", "c")
    (True, None)
    """

    def __init__(self, story_of: Callable[[str], Mapping[str, Any]], shingle_size: int, jaccard_threshold: float,
                 containment_threshold: float, cache_size: int = CACHE_CLASSES,
                 sketch_of: Callable[[str], tuple[bytes, int]] | None = None) -> None:
        self.story_of = story_of
        self.sketch_of = sketch_of
        self.ruled_out = 0  # pairs the signatures ruled out (not verified on their texts)
        self.k = shingle_size
        self.jaccard_threshold = jaccard_threshold
        self.containment_threshold = containment_threshold
        # functools' least-recently-used caches, one pair per verifier
        self.words_of: Callable[[str], list[str]] = functools.lru_cache(maxsize=cache_size)(self.class_words)
        self.shingles_of: Callable[[str, int], np.ndarray] = functools.lru_cache(maxsize=cache_size)(self.class_shingles)

    def class_words(self, cls: str) -> list[str]:
        """The words of a class's text (uncached; :attr:`words_of` is the cached form)."""
        return words(self.story_of(cls).get("text") or "")

    def class_shingles(self, cls: str, k: int) -> np.ndarray:
        """The ``k``-word shingles of a class's text (uncached; :attr:`shingles_of` is the cached form)."""
        return shingles(self.words_of(cls), k)

    def overlap(self, a: str, b: str) -> Overlap:
        """Exact overlap at the shingle size of the shorter text (:func:`cleaners.dedup.pair_overlap`)."""
        k = shingle_size_for(min(len(self.words_of(a)), len(self.words_of(b))), self.k)
        return overlap(self.shingles_of(a, k), self.shingles_of(b, k))

    def short_bound(self, cls: str) -> float:
        """The least containment a short text's shingles can have in a copy :func:`short_copy` accepts.

        A copy keeps :data:`~cleaners.dedup.minhash.MIN_KEPT_SHARE` of the shorter text's ``n``
        words, the rest in at most 2 places plus both ends; a changed run of ``r`` words breaks
        at most ``r + k - 1`` of its ``k``-word shingles, so at most ``(1 - share)·n + 4(k - 1)``
        of them are lost.  A cheap necessary condition, checked before aligning the words.
        """
        n = len(self.words_of(cls))
        k = shingle_size_for(n, self.k)
        total = len(self.shingles_of(cls, k))
        return 1.0 - ((1.0 - MIN_KEPT_SHARE) * n + 4 * (k - 1)) / total if total else 0.0

    def rules_out(self, a: str, b: str) -> bool:
        """Whether the two classes' signatures rule out a copy (False without ``sketch_of``, and for a short text)."""
        if self.sketch_of is None:
            return False
        (sig_a, words_a), (sig_b, words_b) = self.sketch_of(a), self.sketch_of(b)
        if min(words_a, words_b) < SKETCH_MIN_WORDS or len(sig_a) != len(sig_b):
            return False
        return sketch_rules_out(sig_a, sig_b, self.jaccard_threshold, self.containment_threshold)

    def match(self, a: str, b: str) -> Overlap | None:
        """The overlap of ``a`` and ``b`` when they are verified copies, else None."""
        if self.rules_out(a, b):
            self.ruled_out += 1
            return None
        ov = self.overlap(a, b)
        wa, wb = self.words_of(a), self.words_of(b)
        if max(len(wa), len(wb)) < SHORT_TEXT_WORDS:  # two briefs; a brief in a longer text: containment
            if ov.containment < self.short_bound(a if len(wa) <= len(wb) else b):
                return None  # too few shingles shared to be two places apart: no need to align the words
            if not short_copy(wa, wb):
                return None
        elif not ov.is_copy(self.jaccard_threshold, self.containment_threshold):
            return None
        if different_stories(self.story_of(a), self.story_of(b)):
            return None
        return ov
