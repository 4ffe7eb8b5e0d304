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

import errno
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
CREATE TABLE IF NOT EXISTS outputs (article_id TEXT PRIMARY KEY, digest TEXT);
-- site templates (cleaners/templates.py): each article's distinct normalised line hashes under
-- its site, its text as cleaned by the rules alone, and the key of the template lines applied.
CREATE TABLE IF NOT EXISTS doc_lines (
    raw TEXT, site TEXT, hash INTEGER, body INTEGER, title INTEGER, PRIMARY KEY (raw, hash));
CREATE INDEX IF NOT EXISTS doc_lines_site ON doc_lines(site, hash);
CREATE TABLE IF NOT EXISTS doc_templates (raw TEXT PRIMARY KEY, site TEXT, base TEXT, applied TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS doc_templates_site ON doc_templates(site);
CREATE TABLE IF NOT EXISTS site_templates (site TEXT PRIMARY KEY, key TEXT);
CREATE TRIGGER IF NOT EXISTS docs_forget_template_inputs AFTER DELETE ON docs BEGIN
    DELETE FROM doc_lines WHERE raw = old.raw; DELETE FROM doc_templates WHERE raw = old.raw; END;
"""
# Near-duplicates between text classes (a class = one text_hash: exact copies share it).  Kept by
# class, not by document, so a pair survives the re-processing of one copy and holds for every copy.
_DEDUP_SCHEMA = """
CREATE TABLE IF NOT EXISTS class_edges (
    a TEXT NOT NULL, b TEXT NOT NULL, jaccard REAL, containment REAL, PRIMARY KEY (a, b));
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
        self.db.executescript(_DEDUP_SCHEMA)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is committed or none (a full disk rolls it back)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise state_error(exc, self.dir / "state.db") from exc

    # ---- files ---------------------------------------------------------
    def file_record(self, rel: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM files WHERE rel = ?", (rel,)).fetchone()

    def all_files(self) -> dict[str, sqlite3.Row]:
        return {row["rel"]: row for row in self.db.execute("SELECT * FROM files")}

    def touch_file(self, rel: str, size: int, mtime_ns: int) -> None:
        """Record a new stat for a file whose bytes are unchanged."""
        self.db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE rel = ?", (size, mtime_ns, rel))

    def forget_files(self, rels: Iterable[str]) -> None:
        """Drop files (and their documents) that will be processed again."""
        with self.transaction() as db:
            for rel in rels:
                db.execute("DELETE FROM docs WHERE file = ?", (rel,))
                db.execute("DELETE FROM files WHERE rel = ?", (rel,))

    def save_results(self, rows: Iterable[dict[str, Any]], done_files: Iterable[tuple]) -> None:
        """Store a batch's result rows and mark its completed files, in one transaction."""
        rows = prepare_rows(list(rows))
        with self.transaction() as db:
            for row in rows:
                article = row.get("article")
                db.execute(
                    f"INSERT OR REPLACE INTO docs ({', '.join(DOC_COLUMNS)}, pending) "
                    f"VALUES ({', '.join('?' * len(DOC_COLUMNS))}, 1)",
                    (row["raw"], row.get("file") or row["raw"].split("#")[0], row.get("sha256"), row["status"], row.get("reason"),
                     article["id"] if article else None,
                     row["store"]["json"] if article else None,
                     row.get("text_hash"), row.get("signature"), row.get("words")),
                )
                _save_template_inputs(db, row)
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
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def instance_id(self) -> str:
        """A random id of this clean dir's state, made once (it namespaces a shared Redis index)."""
        value = self.meta("instance")
        if value is None:
            import uuid

            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('instance', ?)", (uuid.uuid4().hex[:16],))
            value = self.meta("instance")
        return value

    def class_edges(self) -> dict[tuple[str, str], tuple[float, float]]:
        return {(r[0], r[1]): (r[2], r[3]) for r in self.db.execute("SELECT a, b, jaccard, containment FROM class_edges")}

    def save_clusters(self, key: str, edges: list[tuple[str, str, float, float]],
                      assignments: list[tuple[str, str, float | None, float | None]]) -> None:
        """New verified class pairs and changed (canonical, similarity, containment) rows, at once;
        every document is then searched (``pending = 0``).  ``key`` is what the pairs depend on."""
        with self.transaction() as db:
            if self.meta("class_edges") != key:
                db.execute("DELETE FROM class_edges")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('class_edges', ?)", (key,))
            db.executemany("INSERT OR REPLACE INTO class_edges VALUES (?, ?, ?, ?)", edges)
            db.executemany("UPDATE docs SET canonical = ?, similarity = ?, containment = ? WHERE raw = ?",
                           [(canon, sim, cont, raw) for raw, canon, sim, cont in assignments])
            db.execute("UPDATE docs SET pending = 0 WHERE pending = 1")

    # ---- site templates --------------------------------------------------
    def site_doc_counts(self) -> dict[str, int]:
        """Site -> number of its cleaned articles whose lines are counted."""
        return {r[0]: r[1] for r in self.db.execute("SELECT site, COUNT(*) FROM doc_templates GROUP BY site")}

    def site_line_counts(self, min_docs: int) -> Iterator[sqlite3.Row]:
        """(site, hash, n articles holding the line, whether it reads as a body paragraph, n articles
        whose title it is), n >= min_docs."""
        return self.db.execute("SELECT site, hash, COUNT(*) AS n, MAX(body) AS body, SUM(title) AS titles FROM doc_lines "
                               "GROUP BY site, hash HAVING COUNT(*) >= ?", (min_docs,))

    def site_template_keys(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT site, key FROM site_templates")}

    def template_docs(self, site: str) -> Iterator[sqlite3.Row]:
        """A site's articles: raw, rule-only article (base), key of the template applied, pending."""
        return self.db.execute("SELECT t.raw, t.base, t.applied, d.pending FROM doc_templates t "
                               "JOIN docs d ON d.raw = t.raw WHERE t.site = ? ORDER BY t.raw", (site,))

    def doc_line_hashes(self, site: str) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        for raw, h in self.db.execute("SELECT raw, hash FROM doc_lines WHERE site = ?", (site,)):
            out.setdefault(raw, set()).add(h)
        return out

    def save_templates(self, site: str, key: str, updates: list[dict[str, Any]]) -> None:
        """A site's new template key and its re-finalised articles, in one transaction.

        Each update has ``raw``, ``applied`` and either ``article`` (with ``text_hash``,
        ``signature``, ``words``) or ``reason`` (rejected: too little text left).  A changed
        text is searched for near-duplicates again (pending, its verified pairs dropped).
        """
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO site_templates VALUES (?, ?)", (site, key))
            for u in updates:
                raw, article = u["raw"], u.get("article")
                db.execute("UPDATE doc_templates SET applied = ? WHERE raw = ?", (u["applied"], raw))
                db.execute(
                    "UPDATE docs SET status = ?, reason = ?, article_id = ?, article = ?, text_hash = ?, "
                    "signature = ?, words = ?, pending = 1, canonical = NULL, similarity = NULL, "
                    "containment = NULL WHERE raw = ?",
                    ("ok" if article else "rejected", u.get("reason"), article["id"] if article else None,
                     json.dumps(article, ensure_ascii=False) if article else None, u.get("text_hash"),
                     u.get("signature"), u.get("words"), raw))

    # ---- outputs ---------------------------------------------------------
    def output_digests(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT article_id, digest FROM outputs")}

    def save_outputs(self, digests: dict[str, str]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM outputs")
            db.executemany("INSERT INTO outputs VALUES (?, ?)", list(digests.items()))


def state_error(exc: sqlite3.Error, path: Path) -> Exception:
    """SQLite's errors about the disk as an :class:`OSError` that says what to do.

    >>> state_error(sqlite3.OperationalError("database or disk is full"), Path("c/.newsclean/state.db"))
    OSError(28, 'the disk is full: the run state c/.newsclean/state.db could not be saved (nothing was lost: free some space and run again)')
    """
    message = str(exc).lower()
    if "full" in message:
        return OSError(errno.ENOSPC, f"the disk is full: the run state {path} could not be saved "
                                     "(nothing was lost: free some space and run again)")
    if "readonly" in message or "unable to open" in message or "disk i/o" in message:
        return OSError(errno.EACCES, f"the run state {path} cannot be written ({exc})")
    return exc

def prepare_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add to result rows what storing them needs (the article as JSON, its site and line hashes for
    template learning), so that the CPU work is done where the rows are made: in the parallel workers,
    not in the one process that writes the state.  Rows without it are prepared by ``save_results``.

    >>> row = prepare_rows([{"raw": "gazette/a.txt", "article": {"title": "T", "text": "Body line.", "removed": []}}])[0]
    >>> row["store"]["site"], len(row["store"]["lines"]), row["store"]["json"][:10]
    ('gazette', 2, '{"title": ')
    """
    from cleaners.boilerplate.templates import line_keys, template_site

    for row in rows:
        article = row.get("article")
        if article is None or "store" in row:
            continue
        site = template_site(article, row["raw"])
        row["store"] = {"json": json.dumps(article, ensure_ascii=False), "site": site,
                        "lines": [(h, int(body), int(title)) for h, (body, title) in line_keys(article).items()]
                        if site else []}
    return rows


def _save_template_inputs(db: sqlite3.Connection, row: dict[str, Any]) -> None:
    """A cleaned article's line hashes and rule-only text, for site-template learning."""
    db.execute("DELETE FROM doc_lines WHERE raw = ?", (row["raw"],))
    db.execute("DELETE FROM doc_templates WHERE raw = ?", (row["raw"],))
    prepared = row.get("store")
    if not prepared or not prepared["site"]:
        return
    raw, site = row["raw"], prepared["site"]
    db.executemany("INSERT INTO doc_lines VALUES (?, ?, ?, ?, ?)",
                   [(raw, site, h, body, title) for h, body, title in prepared["lines"]])
    db.execute("INSERT INTO doc_templates VALUES (?, ?, ?, '')", (raw, site, prepared["json"]))


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
    cleaners.corpus.store.Busy: another newsclean run (pid ...) is using ...; wait for it to finish or pass --wait SECONDS
    """
    state = Path(clean_dir) / STATE_DIR
    try:
        state.mkdir(parents=True, exist_ok=True)
        fd = os.open(state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write to the clean folder {clean_dir}: {exc.strerror}") from exc
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
