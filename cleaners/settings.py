"""The pipeline's settings: one frozen object, and a key that changes when any of them does.

A raw file is processed again when its bytes or :meth:`Settings.key` change, so
every field that changes what the pipeline writes belongs here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from .readers import DEFAULT_MAX_BYTES

# Bumped whenever a change to the cleaners changes their output for the same input.
PIPELINE_VERSION = "2"  # 2: rule table extended, site templates, precision-mode HTML text


_NOT_IN_KEY = ("batch_size", "redis_url")  # how the work is done, not what it writes


@dataclass(frozen=True)
class Settings:
    max_bytes: int = DEFAULT_MAX_BYTES  # per document, decompressed
    min_words: int = 10  # an article shorter than this is rejected
    shingle_size: int = 5  # words per shingle for near-duplicate signatures
    num_perm: int = 128  # MinHash permutations
    lsh_threshold: float = 0.3  # Jaccard at which LSH proposes a candidate pair (verified after)
    jaccard_threshold: float = 0.6  # verified Jaccard of word 5-gram sets that makes two documents copies (bench.dedup)
    containment_threshold: float = 0.8  # or: this share of the smaller one's shingles is in the larger
    batch_size: int = 200  # documents per parallel task (a .jsonl is sliced to this many records)
    redis_url: str | None = None  # keep the LSH index in Redis (datasketch's storage) instead of state.db

    def key(self) -> str:
        """Hash of everything that changes the cleaned output (not batch size).

        >>> Settings().key() == Settings(batch_size=7).key() == Settings(redis_url="redis://localhost").key()
        True
        >>> Settings().key() == Settings(min_words=3).key()
        False
        """
        data = {k: v for k, v in asdict(self).items() if k not in _NOT_IN_KEY}
        data["version"] = PIPELINE_VERSION
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given fields changed; ``None`` values are ignored."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})
