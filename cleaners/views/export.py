"""Exports of a clean dir for the tools data teams use: Parquet (pandas, DuckDB, Hugging Face ``datasets``) and JSON lines.

One row per canonical article — exactly ``articles/<id>.json`` — plus, with
``include_duplicates``, one row per duplicate with its own cleaned text.  Every
row says what it is (``status``), which article it is kept as (``canonical_id``)
and how close it is (``similarity``, ``containment``).  The Parquet schema is
fixed (``_schema``: ``published`` a UTC timestamp, ``removed`` with each line's ``at`` and ``to``,
``authors`` a list), so files from different runs concatenate; JSON lines keep ``published`` as
the article's ISO 8601 text; rows are
streamed in record batches, so memory stays flat however big the clean dir.
Output files are written atomically.

Reading an export back::

    pandas.read_parquet("articles.parquet")
    duckdb.sql("SELECT site, count(*) FROM 'articles.parquet' GROUP BY site")
    datasets.load_dataset("parquet", data_files="articles.parquet")
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cleaners.article import CANONICAL, DUPLICATE
from cleaners.views.cleandir import documents
from cleaners.io.publish import ARTICLES, atomic_target, write_jsonl

FORMATS = ("parquet", "jsonl")
BATCH_ROWS = 1000

# Column order of every export (JSON lines use the same keys).
COLUMNS = ("id", "status", "canonical_id", "similarity", "containment", "raw", "title", "description", "text",
           "author", "published", "url", "site", "language", "kind", "sources", "removed", "encoding", "authors",
           "site_name", "fetched_url")


def _schema():
    import pyarrow as pa

    return pa.schema([
        ("id", pa.string()), ("status", pa.string()), ("canonical_id", pa.string()),
        ("similarity", pa.float64()), ("containment", pa.float64()), ("raw", pa.string()),
        ("title", pa.string()), ("description", pa.string()), ("text", pa.string()),
        ("author", pa.string()), ("published", pa.timestamp("us", tz="UTC")), ("url", pa.string()), ("site", pa.string()),
        ("language", pa.string()), ("kind", pa.string()),
        ("sources", pa.list_(pa.struct([("raw", pa.string()), ("url", pa.string()), ("similarity", pa.float64())]))),
        ("removed", pa.list_(pa.struct([("text", pa.string()), ("rule", pa.string()), ("at", pa.int64()),
                                        ("to", pa.string())]))),
        ("encoding", pa.struct([("detected", pa.string()), ("method", pa.string()),
                                ("repairs", pa.list_(pa.string())), ("garbled", pa.bool_())])),
        ("authors", pa.list_(pa.string())), ("site_name", pa.string()), ("fetched_url", pa.string()),
    ])


def export_rows(clean_dir: str | os.PathLike[str], *, include_duplicates: bool = False) -> Iterator[dict[str, Any]]:
    """The rows of an export, in manifest order: canonical articles (and duplicates if asked).

    >>> import tempfile, pathlib
    >>> from cleaners import run_pipeline
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> body = ("\\n\\nThe harbour reopened on Monday after repairs to the sea wall, the port authority said, "
    ...         "and the first ferry left at noon.")
    >>> _ = (work / "raw").mkdir(), (work / "raw" / "a.txt").write_text("Harbour reopens" + body)
    >>> _ = (work / "raw" / "b.txt").write_text("Harbour reopens after repairs" + body)
    >>> _ = run_pipeline(work / "raw", work / "clean")
    >>> [(r["raw"], r["status"], len(r["sources"])) for r in export_rows(work / "clean")]
    [('a.txt', 'canonical', 2)]
    >>> [(r["raw"], r["status"]) for r in export_rows(work / "clean", include_duplicates=True)]
    [('a.txt', 'canonical'), ('b.txt', 'duplicate')]
    """
    articles_dir = Path(clean_dir) / ARTICLES
    ids: dict[str, str] = {}  # canonical raw -> article id (small; article texts are never all in memory)
    for doc in documents(clean_dir):
        if doc.status == CANONICAL:
            ids[doc.raw] = doc.article_id
            path = articles_dir / f"{doc.article_id}.json"
            # The written article (with its sources); the state's copy if the file is not written yet.
            article = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else doc.article
            yield _row(article, doc.raw, CANONICAL, doc.article_id, None, None)
    if include_duplicates:  # a second pass: a duplicate's canonical may sort after it
        for doc in documents(clean_dir):
            if doc.status == DUPLICATE:
                yield _row(doc.article, doc.raw, DUPLICATE, ids.get(doc.canonical_raw), doc.similarity,
                           doc.containment)


def _row(article: dict[str, Any], raw: str, status: str, canonical_id: str | None,
         similarity: float | None, containment: float | None) -> dict[str, Any]:
    row = {k: article.get(k) for k in COLUMNS}
    encoding = article.get("encoding") or {}
    row.update(
        status=status, canonical_id=canonical_id, similarity=similarity, containment=containment, raw=raw,
        sources=[{"raw": s.get("raw"), "url": s.get("url"), "similarity": s.get("similarity")}
                 for s in article.get("sources") or []],
        removed=[{"text": r.get("text"), "rule": r.get("rule"), "at": r.get("at"), "to": r.get("to")}
                 for r in article.get("removed") or []],
        authors=list(article.get("authors") or []),
        encoding={"detected": encoding.get("detected"), "method": encoding.get("method"),
                  "repairs": list(encoding.get("repairs") or []), "garbled": encoding.get("garbled")},
    )
    return row


def export(clean_dir: str | os.PathLike[str], out: str | os.PathLike[str], *, fmt: str = "parquet",
           include_duplicates: bool = False) -> int:
    """Write an export of ``clean_dir`` to ``out`` (``fmt`` ``"parquet"`` or ``"jsonl"``); return the row count.

    >>> import tempfile, pathlib, pyarrow.parquet as pq
    >>> from cleaners import run_pipeline
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "raw").mkdir(), (work / "raw" / "a.txt").write_text(
    ...     "Harbour reopens\\n\\nThe harbour reopened on Monday after repairs to the sea wall were finished early.")
    >>> _ = run_pipeline(work / "raw", work / "clean")
    >>> export(work / "clean", work / "articles.parquet")
    1
    >>> pq.read_table(work / "articles.parquet").column("title").to_pylist()
    ['Harbour reopens']
    >>> export(work / "clean", work / "articles.csv", fmt="csv")
    Traceback (most recent call last):
    ...
    ValueError: unknown export format 'csv': choose parquet or jsonl
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose {' or '.join(FORMATS)}")
    rows = export_rows(clean_dir, include_duplicates=include_duplicates)
    if fmt == "jsonl":
        return write_jsonl(out, rows)
    return _write_parquet(Path(out), rows)


def published_timestamp(value: str | None) -> datetime | None:
    """An article's ISO 8601 ``published`` as the Parquet column's UTC timestamp; None if absent or unreadable.

    A date-only value is midnight UTC of that date; a timestamp without a timezone is read as UTC.

    >>> published_timestamp("2026-03-04"), published_timestamp("2026-03-04T10:15:00+01:00")
    (datetime.datetime(2026, 3, 4, 0, 0, tzinfo=datetime.timezone.utc), datetime.datetime(2026, 3, 4, 9, 15, tzinfo=datetime.timezone.utc))
    >>> published_timestamp("soon") is None
    True
    """
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


def _write_parquet(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    count = 0
    with atomic_target(path) as tmp, pq.ParquetWriter(str(tmp), schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append({**row, "published": published_timestamp(row.get("published"))})
            if len(batch) >= BATCH_ROWS:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        # Always one batch, even empty: a reader then sees the columns of an empty export.
        writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
        count += len(batch)
    return count
