"""Step 4 — near-duplicate detection: signatures, candidates, verification, clusters, the canonical.

* **Exact duplicates** share :func:`text_hash` (normalised words): no LSH needed.
* **Near duplicates**: word shingles → datasketch ``MinHash`` → ``MinHashLSH``
  proposes candidates; each candidate pair is *verified* on the exact shingle
  sets (Jaccard, or containment so that a trimmed copy still matches).
* **Clusters** are the connected components of verified pairs; the canonical of
  a cluster is chosen by :func:`canonical_key` (stated policy, deterministic).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1  # MinHash permutation seed: fixed so signatures are comparable across runs
_SCHEME = "affine32"  # datasketch 2's collision-free 32-bit permutations; 4 bytes per permutation


def words(text: str) -> list[str]:
    """Casefolded words, punctuation and whitespace ignored (NFKC first).

    >>> words("The “Mayor’s” plan — 2026!")
    ['the', 'mayor', 's', 'plan', '2026']
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def text_hash(text: str) -> str:
    """Hash of a text's words: equal for texts that differ only in case, punctuation or spacing.

    >>> text_hash("A  plan, agreed.") == text_hash("a plan agreed")
    True
    """
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()[:32]


def shingles(text: str, k: int = 5) -> np.ndarray:
    """The set of k-word shingles of a text as sorted unique 32-bit hashes.

    A text shorter than k words gives one shingle of all its words.

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
    """A compact MinHash signature (``num_perm`` × 4 bytes) of a shingle set."""
    mh = MinHash(num_perm=num_perm, seed=_SEED, hashfunc=_identity, scheme=_SCHEME, permutations=_permutations(num_perm))
    if len(shingle_set):
        mh.update_batch(shingle_set.astype(np.uint64))
    return mh.hashvalues.astype(np.uint32).tobytes()


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The seeded permutations, made once per process instead of once per document (~1 ms each)."""
    return MinHash(num_perm=num_perm, seed=_SEED, hashfunc=_identity, scheme=_SCHEME).permutations


def lean_minhash(sig: bytes) -> LeanMinHash:
    """A signature back to a datasketch ``LeanMinHash`` for LSH insert/query."""
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(sig, dtype=np.uint32), scheme=_SCHEME)


def _identity(value: int) -> int:
    return value


def new_lsh(threshold: float, num_perm: int, storage_config: dict | None = None) -> MinHashLSH:
    return MinHashLSH(threshold=threshold, num_perm=num_perm, storage_config=storage_config)


@dataclass(frozen=True)
class Overlap:
    jaccard: float
    containment: float  # share of the smaller set found in the larger

    def is_copy(self, jaccard_threshold: float, containment_threshold: float) -> bool:
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


class UnionFind:
    """Connected components over string keys; the representative is the smallest key."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, key: str) -> None:
        self.parent.setdefault(key, key)

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key in self.parent:
            out.setdefault(self.find(key), []).append(key)
        return {root: sorted(members) for root, members in out.items()}


def clusters(keys: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components, each sorted, in order of their smallest key.

    >>> clusters(["a", "b", "c", "d"], [("b", "a"), ("c", "b")])
    [['a', 'b', 'c'], ['d']]
    """
    uf = UnionFind()
    for key in keys:
        uf.add(key)
    for a, b in edges:
        uf.add(a)
        uf.add(b)
        uf.union(a, b)
    return sorted(uf.groups().values())


METADATA_FIELDS = ("title", "description", "author", "published", "url", "site", "language")


def canonical_key(doc: Mapping) -> tuple:
    """The canonical policy: the copy that sorts first is kept.

    1. the most complete text (most words);
    2. then the earliest ``published`` date (dated before undated);
    3. then the richest metadata (most of title, description, author, published, url, site, language);
    4. then the smallest raw path, so the choice never depends on run order.

    >>> docs = [{"raw": "b", "words": 300, "published": "2026-01-02"},
    ...         {"raw": "a", "words": 300, "published": "2026-01-01"},
    ...         {"raw": "c", "words": 250, "published": "2025-12-31"}]
    >>> min(docs, key=canonical_key)["raw"]
    'a'
    """
    published = doc.get("published")
    richness = sum(1 for f in METADATA_FIELDS if doc.get(f))
    return (-int(doc.get("words") or 0), published is None, published or "", -richness, doc["raw"])
