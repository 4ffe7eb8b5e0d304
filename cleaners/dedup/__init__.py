"""Step 4 — near-duplicate detection: signatures, candidates, verification, clusters, the canonical.

* **Exact duplicates** share :func:`text_hash` (normalised words): no LSH needed.
* **Near duplicates**: word shingles → datasketch ``MinHash`` → ``MinHashLSH``
  proposes candidates; each candidate pair is *verified* on the exact shingle
  sets (Jaccard, or containment so that a trimmed copy still matches).
* **Clusters** are built on the verified pairs by :func:`star_clusters`: in each
  connected component the document that sorts first by :func:`canonical_key`
  (stated policy, deterministic) is the canonical, and only documents verified
  *against it* join it — a document that matches one copy but not the canonical
  does not drag its own story in (no chaining through a bridging page).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1  # MinHash permutation seed: fixed so signatures are comparable across runs
_SCHEME = "affine32"  # datasketch 2's collision-free 32-bit permutations; 4 bytes per permutation
SIGNATURE_VERSION = 1  # bump when words/shingles/signature change: stored indexes are then rebuilt


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
    """A compact MinHash signature (``num_perm`` × 4 bytes) of a shingle set.

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


def new_lsh(threshold: float, num_perm: int, storage_config: dict | None = None) -> MinHashLSH:
    """A MinHash LSH index that proposes pairs whose estimated Jaccard is about ``threshold`` or more.

    >>> lsh = new_lsh(0.3, 128)
    >>> text = "the ferry port closed on friday as the storm brought high winds to the coast"
    >>> lsh.insert("a", lean_minhash(signature(shingles(text))))
    >>> lsh.query(lean_minhash(signature(shingles(text + " on friday"))))
    ['a']
    """
    return MinHashLSH(threshold=threshold, num_perm=num_perm, storage_config=storage_config)


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


def star_clusters(
    members: Iterable[str],
    match: Callable[[str, str], Overlap | None],
    order_key: Callable[[str], tuple],
    jaccard_threshold: float,
    edges: Iterable[tuple[str, str]],
) -> list[tuple[str, list[str]]]:
    """Split a connected component of verified pairs into clusters around canonicals.

    Repeatedly, in each connected component of the members not yet placed, the member
    that sorts first by ``order_key`` becomes a canonical; a member joins it only if
    ``match(member, canonical)`` is a verified copy.  A *partial* match (Jaccard below
    ``jaccard_threshold``, a copy by containment only: an excerpt, or a page that holds
    the story among others) must also be a copy of every other member, and a full
    match of every partial one — so one page holding stories A and B never makes A
    and B one cluster, whichever of them is the longer.  The result depends on the members, the pairs
    and the key only, never on the order documents arrived in.

    Returns ``(canonical, sorted members)`` pairs, in order of their canonical.

    A page P holding stories A and B (both contained in P, A and B unrelated):

    >>> pairs = {("A", "P"): Overlap(0.4, 1.0), ("B", "P"): Overlap(0.35, 1.0)}
    >>> match = lambda a, b: pairs.get(tuple(sorted((a, b))))
    >>> size = {"P": 3, "A": 2, "B": 1}
    >>> star_clusters("ABP", match, lambda k: (-size[k], k), 0.5, pairs)
    [('B', ['B']), ('P', ['A', 'P'])]

    A chain A–B–C where C is not a copy of the canonical A: C stays apart.

    >>> pairs = {("A", "B"): Overlap(0.7, 0.8), ("B", "C"): Overlap(0.7, 0.8)}
    >>> star_clusters("ABC", match, lambda k: (k,), 0.5, pairs)
    [('A', ['A', 'B']), ('C', ['C'])]
    """
    edges = [tuple(e) for e in edges]
    remaining = set(members)
    out: list[tuple[str, list[str]]] = []
    while remaining:
        placed: set[str] = set()
        edges = [(a, b) for a, b in edges if a in remaining and b in remaining]  # shrinks round by round
        for component in clusters(sorted(remaining), edges):
            ordered = sorted(component, key=order_key)
            canonical, cluster, partial = ordered[0], [ordered[0]], []
            for member in ordered[1:]:
                ov = match(member, canonical)
                if ov is None:
                    continue
                if ov.jaccard < jaccard_threshold:  # partial: must match every member already there
                    if any(match(member, other) is None for other in cluster[1:]):
                        continue
                    partial.append(member)
                elif any(match(member, other) is None for other in partial):
                    continue
                cluster.append(member)
            out.append((canonical, sorted(cluster)))
            placed.update(cluster)
        remaining -= placed
    return sorted(out)
