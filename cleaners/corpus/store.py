"""The clean dir's state: the one place that speaks SQL.

One SQLite database, ``CLEAN_DIR/.newsclean/state.db`` (WAL mode), holds what was processed,
every document's result, the site-template counts, near-duplicate signatures and verified pairs,
and the digests of the files written.  Every change is a transaction: a run killed at any moment
leaves the state as it was after the last committed step, and the next run carries on from there.
``manifest.jsonl`` and ``articles/`` are views of this state, rewritten from it.

The schema and its migrations are :mod:`cleaners.corpus.schema`; its version is in the ``meta``
table.  Opening a state written by an older newsclean migrates it in place, one version at a time; a state
from a newer newsclean is refused with a message.  ``Store(clean_dir, readonly=True)`` opens a state for the
views (report, export) without writing anything, whatever its version.

The LSH index tables live in the same database; :mod:`cleaners.corpus.lsh` holds their queries.
The clean dir's lock is :func:`cleaners.corpus.lock.locked`.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cleaners.corpus.schema import (  # noqa: F401 — re-exported: the schema's names are the store's
    DAMAGED, LSH_SCHEMA, MIGRATIONS, SCHEMA, SCHEMA_VERSION, STATE_DIR, STATE_FILE, StateDamaged, damaged_message,
    reason_code_of, state_path, state_problem, statements,
)
from cleaners.corpus.records import (
    ClusterMember, Cleaned, DedupDoc, Document, FileRecord, PolicyView, Result, TemplateUpdate,
    manifest_status,
)
# SQLite's page cache per connection, in KiB (PRAGMA cache_size=-N; SQLite's default is 2,000 KiB).
# The LSH buckets and the documents' rows are read and written at random keys, so once the state
# outgrows the default cache every step re-reads pages through the OS: bench.scale measured the
# serial steps' CPU per document growing with the corpus. Memory is taken only as pages are used.
CACHE_KIB = 131072

class StateTooNew(RuntimeError):
    """The state was written by a newer newsclean (its schema version is above :data:`SCHEMA_VERSION`)."""


class Store:
    """The state database of one clean dir: ``Store(clean_dir)`` creates or upgrades it;
    ``readonly=True`` opens an existing one without writing (``FileNotFoundError`` when there is none)."""

    def __init__(self, clean_dir: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.dir = Path(clean_dir) / STATE_DIR
        self.readonly = readonly
        if readonly:  # no lock, no write, no migration: what the views read
            path = self.dir / STATE_FILE
            if not path.is_file():
                raise FileNotFoundError(path)
            self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60)
            self.db.row_factory = sqlite3.Row
            self.version = self._opened(self._schema_version)
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.dir / STATE_FILE, timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.version = self._opened(self._upgrade)

    def _opened(self, first: Any) -> int:
        """Run the first statements on the database; a damaged one raises :class:`StateDamaged` (closed)."""
        try:
            if not self.readonly:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            return first()
        except sqlite3.DatabaseError as exc:
            error = state_error(exc, self.dir / STATE_FILE)
            if error is exc:
                raise
            self.db.close()
            raise error from exc

    def _schema_version(self) -> int:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.OperationalError:  # no meta table: an empty database
            return 0
        return int(row[0]) if row else 0

    def _upgrade(self) -> int:
        """Create the schema, or migrate an older one step by step; returns the version now."""
        version = self._schema_version()
        if version > SCHEMA_VERSION:
            raise StateTooNew(f"{self.dir / STATE_FILE} was written by a newer newsclean (state schema {version}, "
                              f"this one reads up to {SCHEMA_VERSION}): upgrade newsclean, or use another clean dir")
        with self.transaction(counted=version not in (0, SCHEMA_VERSION)) as db:  # a migration is a change
            if version == 0 and not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'docs'").fetchone():
                version = SCHEMA_VERSION  # a new state
            elif version == 0:
                version = 1  # 0.1 wrote the version row only after creating its tables
            for target in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[target](db)
            for statement in statements(SCHEMA):  # executescript would commit this transaction first
                db.execute(statement)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        return SCHEMA_VERSION

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, counted: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is committed or none (a full disk rolls it back).

        One that changed a row raises the state's generation (``meta``, :data:`SCHEMA`) as it commits,
        unless not ``counted``: every change to the state is made in one (``generation`` tells a step
        whether anything changed since it last ran: an unchanged re-run).
        """
        try:
            self.db.execute("BEGIN IMMEDIATE")
            before = self.db.total_changes
            try:
                yield self.db
                if counted and self.db.total_changes != before:
                    self.db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:  # OperationalError (disk, permissions) is one too
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.DatabaseError:
                    pass  # a damaged state may not roll back either: the error below says what to do
            raise state_error(exc, self.dir / STATE_FILE) from exc

    # ---- meta ------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def instance_id(self) -> str:
        """A random id of this clean dir's state, made once (it namespaces a shared Redis index)."""
        value = self.meta("instance")
        if value is None:
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('instance', ?)", (uuid.uuid4().hex[:16],))
            value = self.meta("instance")
        return value

    # ---- files -----------------------------------------------------------
    def files(self) -> dict[str, FileRecord]:
        """Every raw file a run finished, by its path relative to RAW_DIR."""
        return {r["rel"]: FileRecord(r["rel"], r["size"], r["mtime_ns"], r["sha256"], r["settings_key"])
                for r in self.db.execute("SELECT * FROM files")}

    def touch_file(self, rel: str, size: int, mtime_ns: int) -> None:
        """Record a new stat for a file whose bytes are unchanged."""
        self.db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE rel = ?", (size, mtime_ns, rel))

    def doc_keys(self, rel: str) -> list[str]:
        """The keys (``raw``) of the stored documents of one raw file, sorted."""
        return [r[0] for r in self.db.execute("SELECT raw FROM docs WHERE file = ? ORDER BY raw", (rel,))]

    def folder_rows(self) -> set[str]:
        """The raw folders with a row of their own (one the walk could not read: its ``file`` ends with ``/``)."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT file FROM docs WHERE file LIKE '%/'")}

    def forget_files(self, rels: Iterable[str]) -> None:
        """Drop files (and their documents) that will be processed again."""
        with self.transaction() as db:
            for rel in rels:
                db.execute("DELETE FROM docs WHERE file = ?", (rel,))
                db.execute("DELETE FROM files WHERE rel = ?", (rel,))

    # ---- results ---------------------------------------------------------
    def save_results(self, results: Iterable[Result], done_files: Iterable[FileRecord]) -> None:
        """Store a batch's results and mark its finished files, in one transaction."""
        with self.transaction() as db:
            for r in results:
                _insert_result(db, r)
            db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                           [(f.rel, f.size, f.mtime_ns, f.sha256, f.settings_key) for f in done_files])

    def counts(self) -> dict[str, int]:
        """Stored documents by status (``ok`` for cleaned ones)."""
        return {r[0]: r[1] for r in self.db.execute("SELECT status, COUNT(*) FROM docs GROUP BY status")}

    def article(self, raw: str) -> dict[str, Any]:
        row = self.db.execute("SELECT article FROM docs WHERE raw = ?", (raw,)).fetchone()
        return json.loads(row[0])

    def documents(self, only: Iterable[str] | None = None) -> Iterator[Document]:
        """Every stored document in manifest order (by ``raw``), or only those named in ``only``.

        Read one at a time, so memory does not grow with the clean dir.
        """
        code = "reason_code" if self.version >= 2 else "NULL AS reason_code"
        query = (f"SELECT raw, sha256, status, reason, {code}, article, canonical, similarity, containment "
                 "FROM docs")
        if only is None:
            rows: Iterable[sqlite3.Row] = self.db.execute(query + " ORDER BY raw")
        else:
            wanted = sorted(set(only))
            rows = sorted((row for start in range(0, len(wanted), 500)
                           for row in self.db.execute(f"{query} WHERE raw IN ({','.join('?' * len(wanted[start:start + 500]))})",
                                                      wanted[start:start + 500])), key=lambda r: r["raw"])
        for row in rows:
            status = manifest_status(row["status"], row["raw"], row["canonical"])
            ok = row["status"] == "ok"
            yield Document(
                raw=row["raw"], status=status, reason=row["reason"],
                reason_code=row["reason_code"] or reason_code_of(row["status"], row["reason"]),
                article=json.loads(row["article"]) if row["article"] else None,
                canonical_raw=(row["canonical"] or row["raw"]) if ok else None,
                similarity=row["similarity"] if status == "duplicate" else None,
                containment=row["containment"] if status == "duplicate" else None,
                sha256=row["sha256"],
            )

    # ---- near-duplicates ---------------------------------------------------
    def dedup_fingerprint(self) -> str:
        """Changes whenever a cleaned document is added, removed or replaced."""
        return "{}:{}".format(*self.db.execute("SELECT COUNT(*), TOTAL(rowid) FROM docs WHERE status = 'ok'").fetchone())

    def has_pending(self) -> bool:
        """Whether a cleaned document has not been through near-duplicate search yet."""
        return self.db.execute("SELECT 1 FROM docs WHERE status = 'ok' AND pending = 1 LIMIT 1").fetchone() is not None

    def cluster_sizes(self) -> list[int]:
        """The size of every stored cluster of more than one document."""
        return [n for (n,) in self.db.execute(
            "SELECT COUNT(*) FROM docs WHERE status = 'ok' GROUP BY canonical HAVING COUNT(*) > 1")]

    def dedup_docs(self) -> Iterator[DedupDoc]:
        """Every cleaned document's text class and assignment, by ``raw``, read as iterated (read it to
        the end before writing to the state)."""
        for r in self.db.execute("SELECT raw, text_hash, pending, canonical, similarity, containment FROM docs "
                                 "WHERE status = 'ok' ORDER BY raw"):
            yield DedupDoc(r[0], r[1], bool(r[2]), r[3], r[4], r[5])

    def signed_texts(self) -> Iterator[tuple[str, str, str | None]]:
        """``(raw, text, rule-only text or None)`` of every cleaned document: what its signature, text
        hash, word count and story keys are computed from (a re-sign after ``SIGNATURE_VERSION`` changed)."""
        yield from self.db.execute(
            "SELECT d.raw, json_extract(d.article, '$.text'), t.base FROM docs d LEFT JOIN doc_templates t "
            "ON t.raw = d.raw WHERE d.status = 'ok' ORDER BY d.raw")

    def resign(self, rows: Iterable[tuple[str, int, str, bytes, str | None]], version: str) -> int:
        """Store new ``(raw, words, text_hash, signature, story_keys JSON or None)`` and the signature
        version they were made under, in one transaction; drops the verified pairs (made from the old
        signatures) so near-duplicate search runs afresh.  Returns the rows written."""
        rows = list(rows)
        with self.transaction() as db:
            db.executemany("UPDATE docs SET words = ?, text_hash = ?, signature = ? WHERE raw = ?",
                           [(w, h, sig, raw) for raw, w, h, sig, _ in rows])
            db.executemany("UPDATE doc_templates SET story_keys = ? WHERE raw = ?",
                           [(keys, raw) for raw, _, _, _, keys in rows if keys is not None])
            db.execute("DELETE FROM class_edges")
            db.execute("DELETE FROM meta WHERE key IN ('class_edges', 'dedup_fingerprint')")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('signature_version', ?)", (version,))
        return len(rows)

    def signature(self, raw: str) -> bytes:
        return self.db.execute("SELECT signature FROM docs WHERE raw = ?", (raw,)).fetchone()[0]

    def sketch(self, raw: str) -> tuple[bytes, int]:
        """A cleaned document's MinHash signature and word count."""
        row = self.db.execute("SELECT signature, words FROM docs WHERE raw = ?", (raw,)).fetchone()
        return row[0], row[1] or 0

    def policy_views(self, raws: set[str], fields: Sequence[str]) -> dict[str, PolicyView]:
        """What the canonical policy reads of each of ``raws`` (words and metadata ``fields``), in one pass."""
        extract = ", ".join(f"json_extract(article, '$.{f}') AS {f}" for f in fields)
        views: dict[str, PolicyView] = {}
        for row in self.db.execute(f"SELECT raw, words, {extract} FROM docs WHERE status = 'ok'"):
            if row["raw"] in raws:
                views[row["raw"]] = PolicyView(raw=row["raw"], words=row["words"], **{f: row[f] for f in fields})
        return views

    def url_versions(self) -> Iterator[dict[str, Any]]:
        """``{raw, url, words, published}`` of every cleaned document that has a URL (fetches of a page),
        read as iterated (read it to the end before writing to the state)."""
        for r in self.db.execute("SELECT raw, json_extract(article, '$.url'), words, json_extract(article, '$.published') "
                                 "FROM docs WHERE status = 'ok' AND json_extract(article, '$.url') IS NOT NULL"):
            yield {"raw": r[0], "url": r[1], "words": r[2], "published": r[3]}

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

    # ---- site templates ----------------------------------------------------
    def site_doc_counts(self, site: str | None = None) -> dict[str, int]:
        """Site -> number of distinct stories among its cleaned articles whose lines are counted (one site, or all)."""
        where, params = ("WHERE site = ?", (site,)) if site is not None else ("", ())
        story = "COALESCE(story, raw)" if self.version >= 3 else "raw"  # a read-only older state: per article
        return {r[0]: r[1] for r in self.db.execute(
            f"SELECT site, COUNT(DISTINCT {story}) FROM doc_templates {where} GROUP BY site", params)}

    def site_line_counts(self, min_docs: int, site: str | None = None) -> Iterator[sqlite3.Row]:
        """(site, hash, n distinct stories holding the line, whether it reads as a body paragraph, n
        distinct stories whose title it is) for lines held by at least ``min_docs`` stories (of one
        site, or all).  A story is a group of articles (:meth:`assign_stories`): copies and re-fetches
        of one story count once."""
        where, params = ("WHERE l.site = ?", (site, min_docs)) if site is not None else ("", (min_docs,))
        story = "COALESCE(t.story, l.raw)" if self.version >= 3 else "l.raw"  # a read-only older state: per article
        return self.db.execute(
            f"SELECT l.site AS site, l.hash AS hash, COUNT(DISTINCT {story}) AS n, MAX(l.body) AS body, "
            f"COUNT(DISTINCT CASE WHEN l.title THEN {story} END) AS titles "
            f"FROM doc_lines l LEFT JOIN doc_templates t ON t.raw = l.raw {where} GROUP BY l.site, l.hash "
            f"HAVING COUNT(DISTINCT {story}) >= ?", params)

    def assign_stories(self) -> int:
        """Group every site's articles into stories (:func:`cleaners.dedup.stories.story_groups` over
        their stored keys) and store each article's story; returns how many changed."""
        from cleaners.dedup.stories import story_groups

        changed: list[tuple[str, str]] = []
        rows = self.db.execute("SELECT site, raw, story_keys, story FROM doc_templates ORDER BY site")
        for _, site_rows in itertools.groupby(rows, key=lambda row: row[0]):  # one site's keys in memory at a time
            keys: dict[str, list[str]] = {}
            current: dict[str, str | None] = {}
            for _, raw, row_keys, story in site_rows:
                keys[raw] = json.loads(row_keys) if row_keys else []
                current[raw] = story
            changed.extend((story, raw) for raw, story in story_groups(keys).items() if current[raw] != story)
        if changed:
            with self.transaction() as db:
                db.executemany("UPDATE doc_templates SET story = ? WHERE raw = ?", changed)
        return len(changed)

    def site_template_keys(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT site, key FROM site_templates")}

    def sites_with_pending(self) -> set[str]:
        """Sites with an article not yet through near-duplicate search (new this run)."""
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT t.site FROM doc_templates t JOIN docs d ON d.raw = t.raw WHERE d.pending = 1")}

    def template_applied(self, site: str) -> list[tuple[str, str]]:
        """A site's articles, by ``raw``: ``(raw, key of the template applied)`` (their texts stay in the state)."""
        return self.db.execute("SELECT raw, applied FROM doc_templates WHERE site = ? ORDER BY raw", (site,)).fetchall()

    def template_bases(self, raws: Sequence[str]) -> dict[str, str]:
        """raw -> rule-only article (JSON) of each of ``raws`` that has one."""
        return dict(self.db.execute("SELECT raw, base FROM doc_templates WHERE raw IN (SELECT value FROM json_each(?))",
                                    (json.dumps(list(raws)),)))

    def template_line_hits(self, site: str, template: Iterable[int]) -> dict[str, set[int]]:
        """raw -> the lines of ``template`` (line hashes) that a site's article holds, for its articles holding any."""
        out: dict[str, set[int]] = {}
        for raw, h in self.db.execute("SELECT raw, hash FROM doc_lines WHERE site = ? AND hash IN "
                                      "(SELECT value FROM json_each(?))", (site, json.dumps(sorted(template)))):
            out.setdefault(raw, set()).add(h)
        return out

    def save_templates(self, site: str, key: str, updates: Iterable[TemplateUpdate]) -> None:
        """A site's new template key and its re-finalised articles, in one transaction.

        A changed text is searched for near-duplicates again (pending, its assignment dropped).
        """
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO site_templates VALUES (?, ?)", (site, key))
            for u in updates:
                db.execute("UPDATE doc_templates SET applied = ? WHERE raw = ?", (u.applied, u.raw))
                rejection = u.rejection
                db.execute(
                    "UPDATE docs SET status = ?, reason = ?, reason_code = ?, article_id = ?, article = ?, "
                    "text_hash = ?, signature = ?, words = ?, pending = 1, canonical = NULL, similarity = NULL, "
                    "containment = NULL WHERE raw = ?",
                    (rejection.status if rejection else "ok", rejection and rejection.message,
                     rejection and rejection.code, u.article["id"] if u.article else None,
                     json.dumps(u.article, ensure_ascii=False) if u.article else None, u.text_hash,
                     u.signature, u.words, u.raw))

    # ---- outputs ---------------------------------------------------------
    def manifest_rows(self) -> Iterator[dict[str, Any]]:
        """Every stored document's manifest row, by ``raw``: ``raw, sha256, status, article_id,
        canonical_id`` (its canonical's article id), ``similarity, containment`` (a duplicate's),
        ``reason, reason_code``.  Read as iterated, no article parsed: memory does not grow with the
        clean dir (:func:`cleaners.corpus.write.write_outputs`)."""
        code = "d.reason_code" if self.version >= 2 else "NULL"
        for row in self.db.execute(
                f"SELECT d.raw, d.sha256, d.status, d.reason, {code} AS reason_code, d.article_id, d.canonical, "
                "d.similarity, d.containment, c.article_id AS canonical_id FROM docs d LEFT JOIN docs c "
                "ON d.status = 'ok' AND c.raw = COALESCE(d.canonical, d.raw) AND c.status = 'ok' ORDER BY d.raw"):
            status = manifest_status(row["status"], row["raw"], row["canonical"])
            duplicate = status == "duplicate"
            yield {"raw": row["raw"], "sha256": row["sha256"], "status": status, "article_id": row["article_id"],
                   "canonical_id": row["canonical_id"], "similarity": row["similarity"] if duplicate else None,
                   "containment": row["containment"] if duplicate else None, "reason": row["reason"],
                   "reason_code": row["reason_code"] or reason_code_of(row["status"], row["reason"])}

    def canonical_clusters(self) -> Iterator[tuple[str, dict[str, Any], list[ClusterMember]]]:
        """``(canonical raw, its article, its cluster's members by raw, itself included)`` of every
        cluster (a document nothing is a copy of is a cluster of one), by canonical ``raw``.

        Two ordered reads walked side by side (the members, the canonicals' articles): memory holds
        one cluster at a time, not a map of the clean dir.  SQLite orders text by its UTF-8 bytes,
        which is Python's order of the same strings (code points)."""
        members = self.db.execute(
            "SELECT COALESCE(canonical, raw) AS c, raw, similarity, "
            "COALESCE(json_extract(article, '$.fetched_url'), json_extract(article, '$.url')) AS url "
            "FROM docs WHERE status = 'ok' ORDER BY c, raw")
        articles = self.db.execute("SELECT raw, article FROM docs WHERE status = 'ok' "
                                   "AND (canonical IS NULL OR canonical = raw) ORDER BY raw")
        ahead = next(articles, None)
        for canonical, rows in itertools.groupby(members, key=lambda row: row[0]):
            cluster = [ClusterMember(row[1], row[3], 1.0 if row[2] is None else row[2]) for row in rows]
            while ahead is not None and ahead[0] < canonical:
                ahead = next(articles, None)
            if ahead is not None and ahead[0] == canonical:
                yield canonical, json.loads(ahead[1]), cluster
            else:  # kept as another's canonical though its own row says otherwise
                yield canonical, self.article(canonical), cluster

    def note_outputs(self, article_ids: Iterable[str]) -> None:
        """Record, before they are published, the article files a run is about to write (digest ``''``
        until :meth:`save_outputs`), so that every file newsclean ever wrote is in ``outputs``:
        the only article files a run removes (:func:`cleaners.corpus.write.write_outputs`)."""
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO outputs (article_id, digest) VALUES (?, '')",
                           [(aid,) for aid in article_ids])

    def output_files(self) -> dict[str, tuple[str, int | None, int | None]]:
        """article id -> (digest of its article, size in bytes, mtime in ns) of the file the last run
        published (size and mtime None when not known: written by an older newsclean)."""
        return {r[0]: (r[1], r[2], r[3]) for r in self.db.execute("SELECT article_id, digest, size, mtime_ns FROM outputs")}

    def save_outputs(self, files: dict[str, tuple[str, int | None, int | None]]) -> None:
        """Replace the published files' records: article id -> (digest, size, mtime_ns)."""
        with self.transaction() as db:
            db.execute("DELETE FROM outputs")
            db.executemany("INSERT INTO outputs VALUES (?, ?, ?, ?)", [(k, *v) for k, v in files.items()])


def _insert_result(db: sqlite3.Connection, r: Result) -> None:
    """One document's result: its row, and for a cleaned article its lines for site-template learning."""
    db.execute("DELETE FROM doc_lines WHERE raw = ?", (r.raw,))
    db.execute("DELETE FROM doc_templates WHERE raw = ?", (r.raw,))
    if isinstance(r, Cleaned):
        db.execute("INSERT OR REPLACE INTO docs (raw, file, sha256, status, reason, article_id, article, text_hash, "
                   "signature, words, pending, reason_code) VALUES (?, ?, ?, 'ok', NULL, ?, ?, ?, ?, ?, 1, NULL)",
                   (r.raw, r.file, r.sha256, r.article["id"], r.article_json, r.text_hash, r.signature, r.words))
        if r.site:
            db.executemany("INSERT INTO doc_lines VALUES (?, ?, ?, ?, ?)",
                           [(r.raw, r.site, h, body, title) for h, body, title in r.lines])
            db.execute("INSERT INTO doc_templates VALUES (?, ?, ?, '', ?, ?)",
                       (r.raw, r.site, r.article_json, json.dumps(list(r.story_keys)), r.raw))
    else:
        db.execute("INSERT OR REPLACE INTO docs (raw, file, sha256, status, reason, pending, reason_code) "
                   "VALUES (?, ?, ?, ?, ?, 1, ?)", (r.raw, r.file, r.sha256, r.status, r.rejection.message,
                                                    r.rejection.code))


def state_error(exc: sqlite3.Error, path: Path) -> Exception:
    """SQLite's errors about the disk as an :class:`OSError` that says what to do.

    >>> state_error(sqlite3.OperationalError("database or disk is full"), Path("c/.newsclean/state.db"))
    OSError(28, 'the disk is full: the run state c/.newsclean/state.db could not be saved (nothing was lost: free some space and run again)')

    A damaged database (SQLite's ``SQLITE_CORRUPT``, ``SQLITE_NOTADB``) becomes :class:`StateDamaged`.
    """
    if getattr(exc, "sqlite_errorname", None) in DAMAGED:
        return StateDamaged(damaged_message(path, str(exc)))
    message = str(exc).lower()
    if "full" in message:
        return OSError(errno.ENOSPC, f"the disk is full: the run state {path} could not be saved "
                                     "(nothing was lost: free some space and run again)")
    if "readonly" in message or "unable to open" in message or "disk i/o" in message:
        return OSError(errno.EACCES, f"the run state {path} cannot be written ({exc})")
    return exc
