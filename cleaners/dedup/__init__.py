"""Step 4 — near-duplicate detection: signatures, candidates, verification, clusters, the canonical.

* **Exact duplicates** share :func:`text_hash` (normalised words): no LSH needed.
* **Near duplicates**: word shingles (words per script: :mod:`cleaners.words`) → datasketch
  ``MinHash`` (:mod:`.minhash`); the LSH index (:mod:`.index`) proposes candidates; each
  candidate pair is *verified* on the exact shingle sets (:func:`pair_overlap`: Jaccard, or
  containment so that a trimmed copy still matches; shorter shingles for short texts).
* **Clusters** are built on the verified pairs by :func:`star_clusters` (:mod:`.cluster`, pure),
  around the canonical each component's :func:`canonical_key` picks.

``from cleaners import dedup; dedup.shingles(...)`` works for every name below.

:mod:`.minhash` and :mod:`.cluster` are pure: they import nothing of ``cleaners`` outside this
package, and never ``cleaners.corpus``, ``cleaners.views``, ``flows``, Prefect or ``sqlite3``.
:mod:`.index` (the LSH backends, which persist) is the one module here that stores anything.
"""

from cleaners.dedup.cluster import (
    METADATA_FIELDS, UnionFind, assign_clusters, canonical_key, clusters, linked_classes, star_clusters,
    verify_two_steps,
)
from cleaners.dedup.minhash import (
    SIGNATURE_VERSION, Overlap, lean_minhash, overlap, pair_overlap, shingle_size_for, shingles, signature,
    short_copy, signature_shingles, text_hash, words,
)

__all__ = ["METADATA_FIELDS", "SIGNATURE_VERSION", "Overlap", "UnionFind", "assign_clusters", "canonical_key",
           "clusters", "linked_classes",
           "lean_minhash", "overlap", "pair_overlap", "shingle_size_for", "shingles", "signature", "signature_shingles",
           "short_copy", "star_clusters", "text_hash", "verify_two_steps", "words"]
