"""The clean dir's state: what was processed, every document's result, signatures and verified pairs.

One SQLite database (``CLEAN_DIR/.newsclean/state.db``, WAL mode), so every
change is a transaction: a run killed at any moment leaves the state as it was
after the last committed batch, and the next run carries on from there.
``manifest.jsonl`` and ``articles/`` are views of this state, rewritten from it.

A lock file guards the clean dir: a second run waits for it or stops with a
clear message; the lock is the OS's (``flock``), so a crashed run never leaves
it held.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

STATE_DIR = ".newsclean"
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT, settings_key TEXT);
CREATE TABLE IF NOT EXISTS docs (
    raw TEXT PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT, status TEXT NOT NULL, reason TEXT,
    article_id TEXT, article TEXT, text_hash TEXT, signature BLOB, words INTEGER,
    pending INTEGER NOT NULL DEFAULT 1,  -- 1 until near-duplicate search has seen it
    canonical TEXT, similarity REAL, containment REAL);
CREATE INDEX IF NOT EXISTS docs_file ON docs(file);
CREATE INDEX IF NOT EXISTS docs_hash ON docs(text_hash);
CREATE TABLE IF NOT EXISTS edges (a TEXT, b TEXT, jaccard REAL, containment REAL, PRIMARY KEY (a, b));
CREATE INDEX IF NOT EXISTS edges_b ON edges(b);
CREATE TABLE IF NOT EXISTS outputs (article_id TEXT PRIMARY KEY, digest TEXT);
"""
DOC_COLUMNS = ("raw", "file", "sha256", "status", "reason", "article_id", "article", "text_hash",
               "signature", "words")


class Busy(RuntimeError):
    """Another run holds the clean dir."""


class Store:
    """The state database of one clean dir."""

    def __init__(self, clean_dir: str | os.PathLike[str]) -> None:
        self.dir = Path(clean_dir) / STATE_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.dir / "state.db", timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ---- files ---------------------------------------------------------
    def file_record(self, rel: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM files WHERE rel = ?", (rel,)).fetchone()

    def all_files(self) -> dict[str, sqlite3.Row]:
        return {row["rel"]: row for row in self.db.execute("SELECT * FROM files")}

    def touch_file(self, rel: str, size: int, mtime_ns: int) -> None:
        """Record a new stat for a file whose bytes are unchanged."""
        self.db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE rel = ?", (size, mtime_ns, rel))

    def forget_files(self, rels: Iterable[str]) -> None:
        """Drop files (and their documents and pairs) that will be processed again."""
        with self.transaction() as db:
            for rel in rels:
                raws = [r[0] for r in db.execute("SELECT raw FROM docs WHERE file = ?", (rel,))]
                for raw in raws:
                    db.execute("DELETE FROM edges WHERE a = ? OR b = ?", (raw, raw))
                db.execute("DELETE FROM docs WHERE file = ?", (rel,))
                db.execute("DELETE FROM files WHERE rel = ?", (rel,))

    def save_results(self, rows: Iterable[dict[str, Any]], done_files: Iterable[tuple]) -> None:
        """Store a batch's result rows and mark its completed files, in one transaction."""
        with self.transaction() as db:
            for row in rows:
                article = row.get("article")
                db.execute(
                    f"INSERT OR REPLACE INTO docs ({', '.join(DOC_COLUMNS)}, pending) "
                    f"VALUES ({', '.join('?' * len(DOC_COLUMNS))}, 1)",
                    (row["raw"], row["raw"].split("#")[0], row.get("sha256"), row["status"], row.get("reason"),
                     article["id"] if article else None,
                     json.dumps(article, ensure_ascii=False) if article else None,
                     row.get("text_hash"), row.get("signature"), row.get("words")),
                )
            db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", list(done_files))

    # ---- documents -----------------------------------------------------
    def docs(self, where: str = "1", params: tuple = ()) -> Iterator[sqlite3.Row]:
        return self.db.execute(f"SELECT * FROM docs WHERE {where} ORDER BY raw", params)

    def article(self, raw: str) -> dict[str, Any]:
        row = self.db.execute("SELECT article FROM docs WHERE raw = ?", (raw,)).fetchone()
        return json.loads(row[0])

    def counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.db.execute("SELECT status, COUNT(*) FROM docs GROUP BY status")}

    # ---- near-duplicate pairs and clusters ---------------------------------
    def edges(self) -> Iterator[tuple[str, str]]:
        return ((r[0], r[1]) for r in self.db.execute("SELECT a, b FROM edges"))

    def save_dedup(self, edges: list[tuple[str, str, float, float]],
                   assignments: list[tuple[str, str | None, float | None, float | None]]) -> None:
        """New verified pairs and every document's (canonical, similarity, containment), at once."""
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO edges VALUES (?, ?, ?, ?)", edges)
            db.executemany(
                "UPDATE docs SET canonical = ?, similarity = ?, containment = ?, pending = 0 WHERE raw = ?",
                [(canon, sim, cont, raw) for raw, canon, sim, cont in assignments],
            )
            db.execute("UPDATE docs SET pending = 0 WHERE pending = 1")

    # ---- outputs ---------------------------------------------------------
    def output_digests(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT article_id, digest FROM outputs")}

    def save_outputs(self, digests: dict[str, str]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM outputs")
            db.executemany("INSERT INTO outputs VALUES (?, ?)", list(digests.items()))


@contextmanager
def locked(clean_dir: str | os.PathLike[str], *, wait: float = 0.0) -> Iterator[None]:
    """Hold the clean dir's lock; wait up to ``wait`` seconds for it, else raise :class:`Busy`.

    >>> import tempfile
    >>> clean = tempfile.mkdtemp()
    >>> with locked(clean):
    ...     with locked(clean):  # doctest: +ELLIPSIS
    ...         pass
    Traceback (most recent call last):
    ...
    cleaners.state.Busy: another newsclean run (pid ...) is using ...; wait for it to finish or pass --wait SECONDS
    """
    state = Path(clean_dir) / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    fd = os.open(state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
                    raise Busy(f"another newsclean run (pid {holder}) is using {clean_dir}; "
                               "wait for it to finish or pass --wait SECONDS") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
