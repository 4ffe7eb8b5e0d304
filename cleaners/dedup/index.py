"""The persistent MinHash LSH index that near-duplicate search queries, run after run.

Keys are *text classes* (a :func:`~cleaners.dedup.text_hash`: exact copies share
one key), values their MinHash signatures cut into ``b`` bands of ``r`` rows
(datasketch's optimal ``(b, r)`` for the LSH threshold and permutations).  Two
backends with one interface (:class:`LshIndex`):

* :class:`SqliteLsh` (default): two tables in the clean dir's ``state.db`` —
  nothing to run, and the index lives beside the documents it describes.
  A bucket is a 64-bit hash of a band, so a class costs ``b`` rows of three
  integers in one clustered (``WITHOUT ROWID``) table, not its signature.
* :class:`RedisLsh`: datasketch's ``MinHashLSH`` on its Redis storage backend
  (``--redis redis://host:port/db``), for an index shared by many workers or
  kept off the machine that runs the flow.

The index is a *cache* of the state: :func:`sync` makes it hold exactly the
classes the state says have been searched (adding missing ones from the stored
signatures, removing stale ones), so a run killed after writing to the index
but before committing its results — or a Redis flushed meanwhile — is repaired
by the next run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Protocol

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from cleaners import dedup

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lsh_keys (id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS lsh_buckets (
    band INTEGER NOT NULL, bucket INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (band, bucket, id)
) WITHOUT ROWID;
"""


def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's optimal (bands, rows) for an LSH threshold (equal false-positive/negative weights).

    >>> bands(0.3, 128)
    (37, 3)
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


class LshIndex(Protocol):
    def keys(self) -> set[str]: ...

    def insert(self, key: str, minhash: LeanMinHash) -> None: ...

    def insert_many(self, items: Iterable[tuple[str, LeanMinHash]]) -> None: ...

    def remove(self, keys: Iterable[str]) -> None: ...

    def query(self, minhash: LeanMinHash) -> set[str]: ...

    def close(self) -> None: ...


class SqliteLsh:
    """LSH buckets in SQLite tables of the state database (``db`` is its connection)."""

    def __init__(self, db, threshold: float, num_perm: int) -> None:
        self.db = db
        self.b, self.r = bands(threshold, num_perm)
        db.executescript(_SCHEMA)

    def _buckets(self, minhash: LeanMinHash) -> list[int]:
        values = np.asarray(minhash.hashvalues, dtype=np.uint32)
        return [int.from_bytes(hashlib.blake2b(values[i * self.r:(i + 1) * self.r].tobytes(), digest_size=8).digest(),
                               "little", signed=True) for i in range(self.b)]

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
        found: set[str] = set()
        for band, bucket in enumerate(self._buckets(minhash)):
            found.update(r[0] for r in self.db.execute(
                "SELECT k.key FROM lsh_buckets b JOIN lsh_keys k ON k.id = b.id WHERE b.band = ? AND b.bucket = ?",
                (band, bucket)))
        return found

    def clear(self) -> None:
        self.db.execute("DELETE FROM lsh_buckets")
        self.db.execute("DELETE FROM lsh_keys")

    def close(self) -> None:
        pass


class IndexUnavailable(RuntimeError):
    """The configured index cannot be reached (a clear message for the user)."""


def check_redis(url: str) -> None:
    """Raise :class:`IndexUnavailable` unless a Redis server answers at ``url``.

    >>> check_redis("http://localhost")
    Traceback (most recent call last):
    ...
    cleaners.dedup.index.IndexUnavailable: not a Redis URL: 'http://localhost' (use redis://host:port/db)
    """
    import redis
    from redis.connection import parse_url

    try:
        params = parse_url(url)
    except ValueError:
        raise IndexUnavailable(f"not a Redis URL: {url!r} (use redis://host:port/db)") from None
    client = redis.Redis(**params, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise IndexUnavailable(f"cannot reach the Redis index at {url}: {exc}") from None
    finally:
        client.close()


class RedisLsh:
    """datasketch's ``MinHashLSH`` on Redis; ``basename`` namespaces one clean dir's index."""

    def __init__(self, url: str, basename: str, threshold: float, num_perm: int) -> None:
        from redis.connection import parse_url

        check_redis(url)
        params = parse_url(url)
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, prepickle=False, storage_config={
            "type": "redis", "basename": basename.encode(), "redis": params})
        self.b, self.r = self.lsh.b, self.lsh.r
        self.basename = basename

    def keys(self) -> set[str]:
        return {k.decode() for k in self.lsh.keys.keys()}

    def insert(self, key: str, minhash: LeanMinHash) -> None:
        self.lsh.insert(key.encode(), minhash, check_duplication=False)

    def insert_many(self, items: Iterable[tuple[str, LeanMinHash]]) -> None:
        """Pipelined inserts (datasketch's insertion session): one round trip per 50,000 commands."""
        with self.lsh.insertion_session() as session:
            for key, minhash in items:
                session.insert(key.encode(), minhash, check_duplication=False)

    def remove(self, keys: Iterable[str]) -> None:
        for key in keys:
            if key.encode() in self.lsh:
                self.lsh.remove(key.encode())

    def query(self, minhash: LeanMinHash) -> set[str]:
        return {k.decode() for k in self.lsh.query(minhash)}

    def clear(self) -> None:
        """Delete every Redis key of this index (its basename's prefix), in batches."""
        client = self.lsh.keys._redis
        batch = []
        for name in client.scan_iter(match=self.basename.encode() + b"*", count=10_000):
            batch.append(name)
            if len(batch) >= 10_000:
                client.unlink(*batch)
                batch = []
        if batch:
            client.unlink(*batch)

    def close(self) -> None:
        self.lsh.keys._redis.close()


def index_key(threshold: float, num_perm: int, shingle_size: int) -> str:
    """What an index's contents depend on; an index built under another key is rebuilt.

    >>> index_key(0.3, 128, 5) == index_key(0.3, 128, 5) != index_key(0.4, 128, 5)
    True
    """
    data = [threshold, num_perm, shingle_size, dedup.SIGNATURE_VERSION]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:12]


def open_index(store, threshold: float, num_perm: int, shingle_size: int, redis_url: str | None = None) -> LshIndex:
    """The clean dir's index: SQLite in its state by default, Redis when ``redis_url`` is given.

    When the parameters changed since the index was built, it is emptied (and
    :func:`sync` rebuilds it from the stored signatures).

    >>> import tempfile
    >>> from cleaners.corpus.store import Store
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
    if store.meta(meta) != key:
        index.clear()
        store.set_meta(meta, key)
    return index


def sync(index: LshIndex, wanted: Iterable[str], signature_of: Callable[[str], bytes]) -> tuple[int, int]:
    """Make ``index`` hold exactly the keys ``wanted``, reading missing ones' signatures; (added, removed).

    >>> import tempfile
    >>> from cleaners.corpus.store import Store
    >>> sig = dedup.signature(dedup.shingles("the storm closed the coast road on friday night for hours"))
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     index = open_index(store, threshold=0.3, num_perm=128, shingle_size=5)
    ...     sync(index, ["a", "b"], lambda key: sig), sync(index, ["a"], lambda key: sig)
    ((2, 0), (0, 1))
    """
    wanted = set(wanted)
    present = index.keys()
    stale = present - wanted
    index.remove(sorted(stale))
    missing = sorted(wanted - present)
    index.insert_many((key, dedup.lean_minhash(signature_of(key))) for key in missing)
    return len(missing), len(stale)


class RunIndex:
    """The persistent index plus this run's new classes in memory, written to it in one go by
    :meth:`flush`: a run's queries see every class indexed before them, and a remote index
    gets one pipelined write instead of a round trip per band and class."""

    def __init__(self, base: LshIndex, threshold: float, num_perm: int) -> None:
        self.base = base
        self.local = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.added: list[tuple[str, LeanMinHash]] = []

    def query(self, minhash: LeanMinHash) -> set[str]:
        return set(self.base.query(minhash)) | set(self.local.query(minhash))

    def insert(self, key: str, minhash: LeanMinHash) -> None:
        self.local.insert(key, minhash, check_duplication=False)
        self.added.append((key, minhash))

    def flush(self) -> None:
        self.base.insert_many(self.added)
        self.added = []
