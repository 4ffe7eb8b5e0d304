"""The LSH index of a clean dir: buckets in its state database (or Redis), and how a run opens it.

:class:`SqliteLsh` keeps datasketch's banding in two tables of ``state.db`` (created with the
rest of the schema in :mod:`cleaners.corpus.store`): a bucket is a 64-bit hash of one band
(:func:`band_buckets`), so a class costs ``b`` rows of three integers in one clustered
(``WITHOUT ROWID``) table, not its signature.  :func:`open_index` gives a run its index (this one, or Redis when asked for) and
empties it when the parameters it was built with changed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash

from cleaners.corpus.store import LSH_SCHEMA, Store
from cleaners.dedup.index import LshIndex, RedisLsh, bands, index_key


#: Bump when :func:`band_buckets` changes: an index of other buckets is emptied and rebuilt from the stored
#: signatures (:func:`open_index`).  1: blake2b of each band; 2: :func:`band_buckets`.
BUCKET_VERSION = 2

# splitmix64's and MurmurHash3's 64-bit finaliser constants (Steele et al. 2014; Appleby 2011).
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_FMIX1, _FMIX2 = np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)
_S32, _S33 = np.uint64(32), np.uint64(33)


def band_buckets(values: np.ndarray, b: int, r: int) -> list[int]:
    """The bucket of each of the ``b`` bands of ``r`` hash values of a signature, as signed 64-bit integers.

    Each band is folded value by value (xor, multiply by an odd constant, xor-shift: each step a
    bijection of 64 bits) and finished with MurmurHash3's ``fmix64``, all bands at once in numpy:
    23 µs for 37 bands of 3 against 54 µs for one ``blake2b`` per band (``timeit``, 2026-12-01), and,
    by the profile of ``bench.scale``'s deduplicate step, about 100 µs less of Python per class.
    Two different bands share a bucket with a chance of about 2**-64, as before.

    >>> values = np.arange(12, dtype=np.uint32)
    >>> buckets = band_buckets(values, 4, 3)
    >>> len(buckets), len(set(buckets)), buckets == band_buckets(values.copy(), 4, 3)
    (4, 4, True)
    >>> band_buckets(np.array([1, 2, 3], dtype=np.uint32), 1, 3) != band_buckets(np.array([1, 3, 2], dtype=np.uint32), 1, 3)
    True
    """
    bands = np.asarray(values[:b * r], dtype=np.uint32).reshape(b, r).astype(np.uint64)
    h = np.zeros(b, dtype=np.uint64)
    for j in range(r):
        h ^= bands[:, j]
        h *= _GOLDEN
        h ^= h >> _S32
    h ^= h >> _S33
    h *= _FMIX1
    h ^= h >> _S33
    h *= _FMIX2
    h ^= h >> _S33
    return h.view(np.int64).tolist()


class SqliteLsh:
    """LSH buckets in SQLite tables of the state database (``db`` is its connection)."""

    def __init__(self, db, threshold: float, num_perm: int) -> None:
        self.db = db
        self.threshold, self.num_perm = threshold, num_perm
        self.last: tuple[LeanMinHash | None, list[int]] = (None, [])  # the last sketch and its buckets
        db.executescript(LSH_SCHEMA)

    @functools.cached_property
    def shape(self) -> tuple[int, int]:
        """``(bands, rows)``, computed on first use: :func:`~cleaners.dedup.index.bands` imports datasketch
        (and scipy: 0.5 s), which a run with nothing to insert or query (an empty folder) never needs."""
        return bands(self.threshold, self.num_perm)

    @property
    def b(self) -> int:
        return self.shape[0]

    @property
    def r(self) -> int:
        return self.shape[1]

    @functools.cached_property
    def query_sql(self) -> str:
        # CROSS JOIN keeps SQLite's planner on the listed buckets (a row-value IN scans the table).
        return ("WITH q(band, bucket) AS (VALUES " + ", ".join(["(?, ?)"] * self.b) + ") "
                "SELECT k.key FROM q CROSS JOIN lsh_buckets b ON b.band = q.band "
                "AND b.bucket = q.bucket JOIN lsh_keys k ON k.id = b.id")

    def _buckets(self, minhash: LeanMinHash) -> list[int]:
        if minhash is self.last[0]:  # a class is queried, then inserted: its buckets once
            return self.last[1]
        buckets = band_buckets(np.asarray(minhash.hashvalues, dtype=np.uint32), self.b, self.r)
        self.last = (minhash, buckets)
        return buckets

    def keys(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT key FROM lsh_keys")}

    def insert_many(self, items: Iterable[tuple[str, LeanMinHash]]) -> None:
        for key, minhash in items:
            self.insert(key, minhash)

    def insert(self, key: str, minhash: LeanMinHash) -> None:
        cur = self.db.execute("INSERT INTO lsh_keys (key) VALUES (?)", (key,))
        self.db.executemany("INSERT INTO lsh_buckets VALUES (?, ?, ?)",
                            [(band, bucket, cur.lastrowid) for band, bucket in enumerate(self._buckets(minhash))])

    def remove(self, keys: Iterable[str]) -> None:
        """Remove keys: one pass over the buckets for all of them (removal is rare: re-processed files,
        a crashed run), so that the buckets need no second index."""
        ids = [row[0] for key in keys for row in self.db.execute("SELECT id FROM lsh_keys WHERE key = ?", (key,))]
        if not ids:
            return
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS lsh_gone (id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM lsh_gone")
        self.db.executemany("INSERT INTO lsh_gone VALUES (?)", [(i,) for i in ids])
        self.db.execute("DELETE FROM lsh_buckets WHERE id IN (SELECT id FROM lsh_gone)")
        self.db.execute("DELETE FROM lsh_keys WHERE id IN (SELECT id FROM lsh_gone)")

    def query(self, minhash: LeanMinHash) -> set[str]:
        """Keys sharing a bucket with ``minhash`` in any band: one statement for all ``b`` bands (a list of
        (band, bucket) joined to the buckets' primary key: ``b`` index searches, one round trip)."""
        params = [v for band, bucket in enumerate(self._buckets(minhash)) for v in (band, bucket)]
        return {r[0] for r in self.db.execute(self.query_sql, params)}

    def clear(self) -> None:
        self.db.execute("DELETE FROM lsh_buckets")
        self.db.execute("DELETE FROM lsh_keys")

    def close(self) -> None:
        pass


def open_index(store: Store, threshold: float, num_perm: int, shingle_size: int, redis_url: str | None = None) -> LshIndex:
    """The clean dir's index: SQLite in its state by default, Redis when ``redis_url`` is given.

    When the parameters changed since the index was built, it is emptied (and
    :func:`cleaners.dedup.index.sync` rebuilds it from the stored signatures).

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     index = open_index(store, threshold=0.3, num_perm=128, shingle_size=5)
    ...     sorted(index.keys())
    []
    """
    key = index_key(threshold, num_perm, shingle_size)
    if redis_url:
        index: SqliteLsh | RedisLsh = RedisLsh(redis_url, f"newsclean:{store.instance_id()}:{key}:", threshold,
                                               num_perm)
    else:
        index = SqliteLsh(store.db, threshold, num_perm)
    meta = "lsh_index_redis" if redis_url else "lsh_index"
    if not redis_url:  # the buckets are this module's (Redis keeps datasketch's own)
        key = f"{key}:{BUCKET_VERSION}"
    if store.meta(meta) != key:
        index.clear()
        store.set_meta(meta, key)
    return index
