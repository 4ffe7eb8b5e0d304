"""The state database's schema, its version, and the migrations from every earlier version.

:data:`SCHEMA` is the current schema (``CREATE … IF NOT EXISTS``); :data:`SCHEMA_VERSION` its
version, kept in the ``meta`` table; ``MIGRATIONS[n]`` upgrades a state of version ``n - 1`` to
``n`` inside the transaction that opens it (:class:`cleaners.corpus.store.Store`).  Each migration
has a test that starts from a state an older newsclean wrote (``tests/fixtures/state-0.1``).
What a damaged state is (:class:`StateDamaged`, :data:`DAMAGED`) and its one sentence live here too.
Part of the storage layer with :mod:`cleaners.corpus.store` and :mod:`cleaners.corpus.lsh`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

STATE_DIR = ".newsclean"
STATE_FILE = "state.db"
SCHEMA_VERSION = 4  # 1: newsclean 0.1; 2: docs.reason_code; 3: doc_templates.story_keys, story;
# 4: outputs.size, mtime_ns

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT, settings_key TEXT);
CREATE TABLE IF NOT EXISTS docs (
    raw TEXT PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT, status TEXT NOT NULL, reason TEXT,
    article_id TEXT, article TEXT, text_hash TEXT, signature BLOB, words INTEGER,
    pending INTEGER NOT NULL DEFAULT 1,  -- 1 until near-duplicate search has seen it
    canonical TEXT, similarity REAL, containment REAL, reason_code TEXT);
CREATE INDEX IF NOT EXISTS docs_file ON docs(file);
CREATE INDEX IF NOT EXISTS docs_hash ON docs(text_hash);
-- every article file published: the digest of its article, and the file's size and mtime as written
CREATE TABLE IF NOT EXISTS outputs (article_id TEXT PRIMARY KEY, digest TEXT, size INTEGER, mtime_ns INTEGER);
-- site templates: each article's distinct normalised line hashes under its site, its text as
-- cleaned by the rules alone, the key of the template lines applied to it, and the story it
-- belongs to (story_keys: JSON list of its keys; story: the smallest raw of its group), so that
-- a line's support is counted in distinct stories.
CREATE TABLE IF NOT EXISTS doc_lines (
    raw TEXT, site TEXT, hash INTEGER, body INTEGER, title INTEGER, PRIMARY KEY (raw, hash));
CREATE INDEX IF NOT EXISTS doc_lines_site ON doc_lines(site, hash);
CREATE TABLE IF NOT EXISTS doc_templates (raw TEXT PRIMARY KEY, site TEXT, base TEXT, applied TEXT NOT NULL DEFAULT '',
    story_keys TEXT, story TEXT);
CREATE INDEX IF NOT EXISTS doc_templates_site ON doc_templates(site);
CREATE TABLE IF NOT EXISTS site_templates (site TEXT PRIMARY KEY, key TEXT);
CREATE TRIGGER IF NOT EXISTS docs_forget_template_inputs AFTER DELETE ON docs BEGIN
    DELETE FROM doc_lines WHERE raw = old.raw; DELETE FROM doc_templates WHERE raw = old.raw; END;
-- near-duplicates between text classes (a class = one text_hash: exact copies share it), kept by
-- class so that a pair survives the re-processing of one copy and holds for every copy.
CREATE TABLE IF NOT EXISTS class_edges (
    a TEXT NOT NULL, b TEXT NOT NULL, jaccard REAL, containment REAL, PRIMARY KEY (a, b));
-- the state's generation (meta 'generation'): raised by every transaction that changed a row
-- (cleaners.corpus.store.Store.transaction), so that a step which recorded the generation it left can
-- tell that nothing changed since (an unchanged re-run: cleaners/corpus/write.py, site_templates.py).
INSERT OR IGNORE INTO meta VALUES ('generation', '0');
"""
# The SQLite LSH index (cleaners/corpus/lsh.py), created when a run uses it (not with --redis):
# a bucket is a 64-bit hash of one band of a signature.
LSH_SCHEMA = """
CREATE TABLE IF NOT EXISTS lsh_keys (id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS lsh_buckets (
    band INTEGER NOT NULL, bucket INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (band, bucket, id)
) WITHOUT ROWID;
"""

# Manifest sentences of newsclean 0.1 (schema 1, which stored no code) → reason codes.  First match wins.
_V1_REASONS: tuple[tuple[str, str], ...] = (
    ("internal error", "internal-error"), ("unsupported file type", "unsupported-type"),
    ("file vanished", "vanished"), ("corrupt or truncated gzip", "corrupt-gzip"),
    ("could not read the file", "read-error"), ("invalid json", "invalid-json"), ("json record is a ", "not-a-record"),
    ("json record has no", "no-content"), ("empty file", "empty"), ("no text: the file holds only", "empty"),
    ("not a text document", "binary"), ("binary data", "binary"), ("not text:", "binary"),
    ("too deeply nested", "too-complex"), ("words of article text", "too-short"), ("no article text left", "too-short"),
    ("limit per document", "too-large"), ("gzip expands", "too-large"), ("over the", "too-large"),
    ("no article text found", "no-text"), ("could not be parsed", "unparsable"),
)


def reason_code_of(status: str, reason: str | None) -> str | None:
    """The reason code of a document stored by newsclean 0.1, from its manifest sentence.

    >>> reason_code_of("rejected", "only 2 words of article text left after removing boilerplate (fewer than 10)")
    'too-short'
    >>> reason_code_of("rejected", "invalid JSON: Expecting value at line 1 column 1"), reason_code_of("ok", None)
    ('invalid-json', None)
    >>> reason_code_of("failed", "something new"), reason_code_of("rejected", "something new")
    ('internal-error', 'no-text')
    """
    if status not in ("rejected", "failed"):
        return None
    text = (reason or "").casefold()
    for needle, code in _V1_REASONS:
        if needle in text:
            return code
    return "internal-error" if status == "failed" else "no-text"


def _v1_to_v2(db: sqlite3.Connection) -> None:
    """Schema 2 adds ``docs.reason_code``: derived for the stored rejections from their sentences."""
    db.execute("ALTER TABLE docs ADD COLUMN reason_code TEXT")
    rows = db.execute("SELECT raw, status, reason FROM docs WHERE status != 'ok'").fetchall()
    db.executemany("UPDATE docs SET reason_code = ? WHERE raw = ?",
                   [(reason_code_of(status, reason), raw) for raw, status, reason in rows])


def _v2_to_v3(db: sqlite3.Connection) -> None:
    """Schema 3 adds ``doc_templates.story_keys`` and ``story``: keys derived from each stored
    rule-only article; every article its own story until the next run groups them."""
    from cleaners import dedup
    from cleaners.dedup.stories import story_keys

    db.execute("ALTER TABLE doc_templates ADD COLUMN story_keys TEXT")
    db.execute("ALTER TABLE doc_templates ADD COLUMN story TEXT")
    rows = db.execute("SELECT raw, base FROM doc_templates").fetchall()
    updates = []
    for raw, base in rows:
        article = json.loads(base)
        keys = story_keys(article, dedup.text_hash(article.get("text") or ""))
        updates.append((json.dumps(keys), raw, raw))
    db.executemany("UPDATE doc_templates SET story_keys = ?, story = ? WHERE raw = ?", updates)


def _v3_to_v4(db: sqlite3.Connection) -> None:
    """Schema 4 adds ``outputs.size`` and ``mtime_ns`` (unknown for files written before: the next
    run compares those files' bytes once and records their stat)."""
    db.execute("ALTER TABLE outputs ADD COLUMN size INTEGER")
    db.execute("ALTER TABLE outputs ADD COLUMN mtime_ns INTEGER")


#: ``MIGRATIONS[n]`` upgrades a state of schema ``n - 1`` to ``n``, inside one transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {2: _v1_to_v2, 3: _v2_to_v3, 4: _v3_to_v4}




def statements(script: str) -> list[str]:
    """The statements of a schema script, for ``execute`` one by one inside a transaction
    (``executescript`` would commit the transaction first).

    >>> statements("CREATE TABLE a (x);" + chr(10) + "-- a comment" + chr(10) + "CREATE TABLE b (y);")
    ['CREATE TABLE a (x);', 'CREATE TABLE b (y);']
    """
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return [s for s in out if s]


class StateDamaged(RuntimeError):
    """The state database is damaged (SQLite: not a database, or a malformed image); the message says
    where and how to recover (``newsclean run --rebuild-state``, :mod:`cleaners.corpus.rebuild`)."""


#: SQLite's result codes for a damaged database file (``sqlite3.Error.sqlite_errorname``).
DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


def damaged_message(path: str | os.PathLike[str], what: str) -> str:
    """The one sentence that says a state is damaged, where, and how to recover: one line, SQLite's
    own report (which may span lines: ``*** in database main ***`` then the pages) run together.

    >>> damaged_message("clean/.newsclean/state.db", "file is not a database")  # doctest: +ELLIPSIS
    'the run state clean/.newsclean/state.db is damaged (file is not a database): run `newsclean run RAW_DIR CLEAN_DIR --rebuild-state` ...'
    >>> "\\n" in damaged_message("state.db", "quick_check: *** in database main ***\\nPage 5: btreeInitPage() error")
    False
    """
    what = " ".join(what.split())
    return (f"the run state {path} is damaged ({what}): run `newsclean run RAW_DIR CLEAN_DIR --rebuild-state` "
            "to move it aside and rebuild it from RAW_DIR (the articles already written stay and stay known)")


def state_path(clean_dir: str | os.PathLike[str]) -> Path:
    """Where a clean dir keeps its run state.

    >>> state_path("clean").as_posix()
    'clean/.newsclean/state.db'
    """
    return Path(clean_dir) / STATE_DIR / STATE_FILE


def state_problem(clean_dir: str | os.PathLike[str]) -> str | None:
    """Why the state of ``clean_dir`` cannot be used (damaged), or ``None`` (fine, or no state yet).

    Reads only: SQLite's ``PRAGMA quick_check`` (the structure of every page, in one pass; not the
    indexes' contents, which ``integrity_check`` would add at several times the cost) on a
    read-only connection.  A state that cannot be opened for another reason (permissions) is
    left to the command, which says so.

    >>> import tempfile, pathlib
    >>> clean = pathlib.Path(tempfile.mkdtemp()); state_problem(clean) is None
    True
    >>> (clean / ".newsclean").mkdir(); _ = (clean / ".newsclean" / "state.db").write_bytes(b"not sqlite" * 500)
    >>> state_problem(clean)  # doctest: +ELLIPSIS
    'the run state .../.newsclean/state.db is damaged (file is not a database): run ...'
    """
    path = state_path(clean_dir)
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60)
    except sqlite3.Error:
        return None
    try:
        rows = [r[0] for r in db.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", None) in DAMAGED:
            return damaged_message(path, str(exc))
        return None
    finally:
        db.close()
    if rows != ["ok"]:
        return damaged_message(path, f"SQLite's quick_check: {rows[0]}" + (f" and {len(rows) - 1} more problems"
                                                                           if len(rows) > 1 else ""))
    return None
