"""Near-duplicate building blocks: words, shingles, exact-copy hashes, MinHash signatures, overlap.

* :func:`text_hash` — exact copies (same words, whatever the case, punctuation or spacing);
* :func:`shingles` → :func:`signature` — a MinHash signature (datasketch) of a text's k-word
  shingles, stored as bytes; :func:`lean_minhash` turns it back into what an LSH index takes;
* :func:`overlap` — the exact Jaccard and containment of two shingle sets, to verify a candidate.

Imports no module of ``cleaners``; never ``cleaners.corpus``, ``cleaners.views``, ``flows``,
Prefect or ``sqlite3``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1  # MinHash permutation seed: fixed so signatures are comparable across runs
_SCHEME = "affine32"  # datasketch 2's collision-free 32-bit permutations; 4 bytes per permutation
#: Bump when words/shingles/signature change: stored signatures and indexes are then rebuilt.
SIGNATURE_VERSION = 1


def words(text: str) -> list[str]:
    """Casefolded words, punctuation and whitespace ignored (NFKC first).

    Not :func:`cleaners.boilerplate.normalise_line`'s words: ``_`` is a word character here (a
    regex ``\\w``), there it separates words.  Left as it is because every stored signature and
    text hash depends on it (changing it means bumping :data:`SIGNATURE_VERSION`).

    >>> words("The “Mayor’s” plan — 2026!")
    ['the', 'mayor', 's', 'plan', '2026']
    >>> words("snake_case")
    ['snake_case']
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def text_hash(text: str) -> str:
    """Hash of a text's words: equal for texts that differ only in case, punctuation or spacing.

    >>> text_hash("A  plan, agreed.") == text_hash("a plan agreed")
    True
    """
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()[:32]


def shingles(text: str, k: int = 5) -> np.ndarray:
    """The set of k-word shingles of a text as sorted unique 32-bit hashes (CRC-32 of the words).

    A text shorter than k words gives one shingle of all its words; an empty text none.
    k = 5 is the ``shingle_size`` setting's default (README, "Figures": 3, 5 and 7 score the same
    on the syndication corpus; 7 loses recall).

    >>> len(shingles("one two three four five six", k=5))
    2
    >>> len(shingles("too short", k=5))
    1
    """
    toks = words(text)
    if not toks:
        return np.empty(0, dtype=np.uint32)
    grams = [" ".join(toks[i:i + k]) for i in range(max(1, len(toks) - k + 1))]
    return np.unique(np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint32, count=len(grams)))


def signature(shingle_set: np.ndarray, num_perm: int = 128) -> bytes:
    """A compact MinHash signature (``num_perm`` × 4 bytes: uint32 in the machine's byte order) of a shingle set.

    128 permutations is the ``num_perm`` setting's default (README, "Figures": 64, 128 and 256
    score the same on the syndication corpus).

    >>> text = "the ferry port closed on friday as the storm brought high winds"
    >>> sig = signature(shingles(text))
    >>> len(sig), sig == signature(shingles(text))
    (512, True)
    """
    mh = MinHash(num_perm=num_perm, seed=_SEED, hashfunc=_identity, scheme=_SCHEME, permutations=_permutations(num_perm))
    if len(shingle_set):
        mh.update_batch(shingle_set.astype(np.uint64))
    return mh.hashvalues.astype(np.uint32).tobytes()


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The seeded permutations, made once per process instead of once per document (~1 ms each)."""
    return MinHash(num_perm=num_perm, seed=_SEED, hashfunc=_identity, scheme=_SCHEME).permutations


def lean_minhash(sig: bytes) -> LeanMinHash:
    """A signature back to a datasketch ``LeanMinHash`` for LSH insert/query.

    >>> a = lean_minhash(signature(shingles("the ferry port closed on friday as the storm brought high winds")))
    >>> a.jaccard(a)
    1.0
    """
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(sig, dtype=np.uint32), scheme=_SCHEME)


def _identity(value: int) -> int:
    return value


@dataclass(frozen=True)
class Overlap:
    jaccard: float
    containment: float  # share of the smaller set found in the larger

    def is_copy(self, jaccard_threshold: float, containment_threshold: float) -> bool:
        """Copies when either measure reaches its threshold.

        >>> Overlap(jaccard=0.4, containment=0.95).is_copy(0.5, 0.8), Overlap(0.4, 0.5).is_copy(0.5, 0.8)
        (True, False)
        """
        return self.jaccard >= jaccard_threshold or self.containment >= containment_threshold


def overlap(a: np.ndarray, b: np.ndarray) -> Overlap:
    """Exact Jaccard and containment of two shingle sets (sorted unique arrays).

    >>> overlap(np.array([1, 2, 3, 4], dtype=np.uint32), np.array([1, 2, 3], dtype=np.uint32))
    Overlap(jaccard=0.75, containment=1.0)
    """
    if not len(a) or not len(b):
        return Overlap(0.0, 0.0)
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    return Overlap(round(inter / union, 4), round(inter / min(len(a), len(b)), 4))
