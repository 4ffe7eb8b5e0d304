"""The state's page cache: every connection the store opens asks SQLite for CACHE_KIB of cache.

Why (docs/scaling.md, "The serial steps at 200,000 documents"): the LSH buckets and the documents'
rows are read and written at random keys; with SQLite's default 2,000 KiB the serial steps re-read
pages through the OS once the state outgrows it, and their CPU per document grew with the corpus.
"""

from __future__ import annotations

from pathlib import Path

from cleaners.corpus.store import CACHE_KIB, Store


def test_a_store_opens_its_state_with_the_larger_page_cache(tmp_path: Path) -> None:
    with Store(tmp_path / "clean") as store:
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
    assert CACHE_KIB > 2000  # above SQLite's default, which is what the change is about


def test_a_read_only_store_gets_the_same_cache(tmp_path: Path) -> None:
    with Store(tmp_path / "clean"):
        pass
    with Store(tmp_path / "clean", readonly=True) as store:
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
