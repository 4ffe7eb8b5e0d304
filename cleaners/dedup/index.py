"""MinHash LSH indexes that near-duplicate search queries: the interface and its backends.

Keys are *text classes* (a :func:`~cleaners.dedup.text_hash`: exact copies share
one key), values their MinHash signatures cut into ``b`` bands of ``r`` rows
(datasketch's optimal ``(b, r)`` for the LSH threshold and permutations).  Backends
with one interface (:class:`LshIndex`):

* :class:`MemoryLsh`: datasketch's in-memory ``MinHashLSH`` (no clean dir);
* ``SqliteLsh`` (:mod:`cleaners.corpus.lsh`, the default of a run): tables in the
  clean dir's ``state.db``, nothing to run;
* :class:`RedisLsh`: datasketch's ``MinHashLSH`` on its Redis storage backend
  (``--redis redis://host:port/db``), for an index shared by many workers or
  kept off the machine that runs the flow.

This module knows no storage of newsclean's own (no SQL, no clean dir).

The index is a *cache* of the state: :func:`sync` makes it hold exactly the
classes the state says have been searched (adding missing ones from the stored
signatures, removing stale ones), so a run killed after writing to the index
but before committing its results — or a Redis flushed meanwhile — is repaired
by the next run.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol


if TYPE_CHECKING:  # datasketch (0.5 s with scipy) is imported when an index is made
    from datasketch import LeanMinHash

from cleaners import dedup


def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's optimal (bands, rows) for an LSH threshold (equal false-positive/negative weights).

    >>> bands(0.3, 128)
    (37, 3)
    """
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


class LshIndex(Protocol):
    def keys(self) -> set[str]: ...

    def insert(self, key: str, minhash: LeanMinHash) -> None: ...

    def insert_many(self, items: Iterable[tuple[str, LeanMinHash]]) -> None: ...

    def remove(self, keys: Iterable[str]) -> None: ...

    def query(self, minhash: LeanMinHash) -> set[str]: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


class MemoryLsh:
    """datasketch's in-memory ``MinHashLSH`` behind the :class:`LshIndex` interface.

    >>> sig = dedup.lean_minhash(dedup.signature(dedup.shingles("the storm closed the coast road on friday night")))
    >>> index = MemoryLsh(threshold=0.3, num_perm=128); index.insert("a", sig); index.query(sig)
    {'a'}
    """

    def __init__(self, threshold: float, num_perm: int) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)

    def keys(self) -> set[str]:
        return set(self.lsh.keys.keys())

    def insert(self, key: str, minhash: LeanMinHash) -> None:
        self.lsh.insert(key, minhash, check_duplication=False)

    def insert_many(self, items: Iterable[tuple[str, LeanMinHash]]) -> None:
        for key, minhash in items:
            self.insert(key, minhash)

    def remove(self, keys: Iterable[str]) -> None:
        for key in keys:
            if key in self.lsh:
                self.lsh.remove(key)

    def query(self, minhash: LeanMinHash) -> set[str]:
        return set(self.lsh.query(minhash))

    def clear(self) -> None:
        self.remove(list(self.keys()))

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
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, prepickle=False, storage_config={
            "type": "redis", "basename": basename.encode(), "redis": params})
        import redis

        self.client = redis.Redis(**params)  # for clear(): every key under the basename
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
        client = self.client
        batch = []
        for name in client.scan_iter(match=self.basename.encode() + b"*", count=10_000):
            batch.append(name)
            if len(batch) >= 10_000:
                client.unlink(*batch)
                batch = []
        if batch:
            client.unlink(*batch)

    def close(self) -> None:
        self.client.close()


def index_key(threshold: float, num_perm: int, shingle_size: int) -> str:
    """What an index's contents depend on; an index built under another key is rebuilt.

    >>> index_key(0.3, 128, 5) == index_key(0.3, 128, 5) != index_key(0.4, 128, 5)
    True
    """
    data = [threshold, num_perm, shingle_size, dedup.SIGNATURE_VERSION]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:12]


def sync(index: LshIndex, wanted: Iterable[str], signature_of: Callable[[str], bytes]) -> tuple[int, int]:
    """Make ``index`` hold exactly the keys ``wanted``, reading missing ones' signatures; (added, removed).

    >>> sig = dedup.signature(dedup.shingles("the storm closed the coast road on friday night for hours"))
    >>> index = MemoryLsh(threshold=0.3, num_perm=128)
    >>> sync(index, ["a", "b"], lambda key: sig), sync(index, ["a"], lambda key: sig), sorted(index.keys())
    ((2, 0), (0, 1), ['a'])
    """
    wanted = set(wanted)
    present = index.keys()
    stale = present - wanted
    index.remove(sorted(stale))
    missing = sorted(wanted - present)
    index.insert_many((key, dedup.lean_minhash(signature_of(key))) for key in missing)
    return len(missing), len(stale)


class RunIndex:
    """The persistent index plus this run's new classes, so that a run's queries see every class
    indexed before them.

    With ``write_through`` (an index inside the run's own transaction: the SQLite one) each new
    class goes straight into ``base``, and memory stays flat however many classes a run adds
    (in memory they cost ~12 KB each: ``bench.scale``).  Otherwise (Redis) they are kept in
    memory and written by :meth:`flush` in one go: one pipelined write instead of a round trip
    per band and class.

    >>> sig = dedup.lean_minhash(dedup.signature(dedup.shingles("the storm closed the coast road on friday night")))
    >>> base = MemoryLsh(threshold=0.3, num_perm=128)
    >>> run = RunIndex(base, 0.3, 128, write_through=True); run.insert("a", sig); run.query(sig), base.keys()
    ({'a'}, {'a'})
    >>> run = RunIndex(MemoryLsh(0.3, 128), 0.3, 128); run.insert("b", sig); run.query(sig), run.base.keys()
    ({'b'}, set())
    """

    def __init__(self, base: LshIndex, threshold: float, num_perm: int, write_through: bool = False) -> None:
        self.base = base
        self.write_through = write_through
        self.threshold, self.num_perm = threshold, num_perm
        self.added: list[tuple[str, LeanMinHash]] = []

    @functools.cached_property
    def local(self) -> MemoryLsh:
        """This run's new classes (not ``write_through``): made on first use, as it imports datasketch."""
        return MemoryLsh(self.threshold, self.num_perm)

    def query(self, minhash: LeanMinHash) -> set[str]:
        if self.write_through:
            return set(self.base.query(minhash))
        return set(self.base.query(minhash)) | set(self.local.query(minhash))

    def insert(self, key: str, minhash: LeanMinHash) -> None:
        if self.write_through:
            self.base.insert(key, minhash)
            return
        self.local.insert(key, minhash)
        self.added.append((key, minhash))

    def flush(self) -> None:
        self.base.insert_many(self.added)
        self.added = []
