"""Scoring functions for the extraction benchmarks (pure, standard library only).

Two metrics:

* word 4-gram overlap, as in the Zyte/Scrapinghub article-extraction-benchmark ``evaluate.py``
  (used for scrapinghub-aeb, l3s-gn1 and the seeds);
* snippet matching, as in trafilatura's ``tests/eval_common.py`` (used for trafilatura-eval).

Run ``python -m doctest bench/metrics.py`` to check the examples.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from statistics import mean

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")

# per-document (precision, recall, f1); None where the benchmark leaves the value undefined
PRF = tuple[float | None, float | None, float | None]


def tokens(text: str | None, *, lower: bool = False) -> list[str]:
    r"""Word tokens as the benchmarks use them: runs of ``\w`` (Unicode), case kept unless ``lower``.

    >>> tokens("Don’t stop — it's 2024!")
    ['Don', 't', 'stop', 'it', 's', '2024']
    >>> tokens("Don?t STOP", lower=True)
    ['don', 't', 'stop']
    >>> tokens(None)
    []
    """
    found = _WORD.findall(text or "")
    return [t.lower() for t in found] if lower else found


def shingles(words: Sequence[str], n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than ``n`` words is one shorter shingle (as evaluate.py).

    >>> sorted(shingles(["a", "b", "c"], 2).items())
    [(('a', 'b'), 1), (('b', 'c'), 1)]
    >>> shingles(["a", "b"], 4)
    Counter({('a', 'b'): 1})
    >>> shingles([], 4)
    Counter()
    """
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words[i : i + n])


def ngram_prf(pred: str | None, gold: str | None, n: int = 4, *, lower: bool = False) -> PRF:
    """Precision, recall and F1 of one document's word n-gram multisets.

    Empty sides follow evaluate.py, which averages precision only over documents with a
    prediction (tp + fp > 0) and recall only over documents with a gold text (tp + fn > 0):
    precision is None when ``pred`` has no words, recall is None when ``gold`` has none. So an
    empty prediction costs recall but not precision. The per-document F1 is 0.0 when one side is
    empty and None when both are.

    >>> ngram_prf("a b c d e", "a b c d e")
    (1.0, 1.0, 1.0)
    >>> p, r, f = ngram_prf("a b c d e f", "a b c d e")  # 3 shingles predicted, 2 right
    >>> round(p, 3), r, round(f, 3)
    (0.667, 1.0, 0.8)
    >>> ngram_prf("", "a b c d")
    (None, 0.0, 0.0)
    >>> ngram_prf("a b c d", "")
    (0.0, None, 0.0)
    >>> ngram_prf("", "")
    (None, None, None)
    >>> ngram_prf("A B C D", "a b c d", lower=True)
    (1.0, 1.0, 1.0)
    """
    predicted = shingles(tokens(pred, lower=lower), n)
    expected = shingles(tokens(gold, lower=lower), n)
    tp = sum((predicted & expected).values())
    precision = tp / sum(predicted.values()) if predicted else None
    recall = tp / sum(expected.values()) if expected else None
    if precision is None and recall is None:
        return None, None, None
    return precision, recall, f1_score(precision or 0.0, recall or 0.0)


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean, 0.0 when both are 0.

    >>> f1_score(0.5, 1.0) == 2 / 3, f1_score(0.0, 0.0)
    (True, 0.0)
    """
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def mean_prf(docs: Iterable[PRF]) -> tuple[float, float, float]:
    """Benchmark figures: precision and recall averaged over the documents where each is defined,
    F1 of those two averages (not the mean of per-document F1).

    >>> mean_prf([(1.0, 0.5, None), (None, 0.0, None), (0.5, 1.0, None)])
    (0.75, 0.5, 0.6)
    >>> mean_prf([])
    (0.0, 0.0, 0.0)
    """
    rows = list(docs)
    precisions = [p for p, _, _ in rows if p is not None]
    recalls = [r for _, r, _ in rows if r is not None]
    precision = mean(precisions) if precisions else 0.0
    recall = mean(recalls) if recalls else 0.0
    return precision, recall, f1_score(precision, recall)


def normalize_space(text: str) -> str:
    """Collapse whitespace runs to one space, so line breaks do not break a snippet match.

    >>> normalize_space("  a\\n\\n b\\tc ")
    'a b c'
    """
    return _SPACE.sub(" ", text).strip()


def snippet_counts(text: str | None, with_: Sequence[str], without: Sequence[str]) -> tuple[int, int, int]:
    """(tp, fp, fn) for one page of trafilatura-eval, by whitespace-normalised substring search:
    a ``with`` snippet found is a true positive, one missing a false negative; a ``without``
    snippet found is a false positive. No output counts every ``with`` snippet as missed.

    >>> snippet_counts("Body text.\\nMore body.", ["Body text. More", "Gone"], ["Menu", "More body"])
    (1, 1, 1)
    >>> snippet_counts(None, ["a", "b"], ["c"])
    (0, 0, 2)
    """
    found = normalize_space(text or "")
    tp = sum(normalize_space(s) in found for s in with_)
    fp = sum(normalize_space(s) in found for s in without)
    return tp, fp, len(with_) - tp


def micro_prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Micro-averaged precision, recall, F1 from summed counts (0.0 for an empty denominator).

    >>> micro_prf(9, 1, 3)
    (0.9, 0.75, 0.8181818181818182)
    >>> micro_prf(0, 0, 0)
    (0.0, 0.0, 0.0)
    """
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, f1_score(precision, recall)
