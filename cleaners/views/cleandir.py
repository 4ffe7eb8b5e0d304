"""A read-only view of a clean dir: every document with its status, article and cluster.

``newsclean report`` and ``newsclean export`` read a clean dir through this module.
It opens the run state (``CLEAN_DIR/.newsclean/state.db``) read-only — never
taking the run lock, never writing — so it can be used while a run is going on
(SQLite's WAL shows it the state after the last committed step).  The statuses
are derived exactly as ``manifest.jsonl`` derives them.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaners.article import CANONICAL, DUPLICATE
from cleaners.corpus.store import STATE_DIR


class NotACleanDir(ValueError):
    """The folder holds no newsclean run state."""


@dataclass(frozen=True)
class Document:
    """One raw document of a clean dir, as the manifest sees it, with its cleaned article (if any)."""

    raw: str
    status: str  # canonical | duplicate | rejected | failed
    reason: str | None
    article: dict[str, Any] | None  # the cleaned article (a duplicate's own text, not its canonical's)
    canonical_raw: str | None  # the raw document this one is kept as (itself when canonical)
    similarity: float | None
    containment: float | None

    @property
    def article_id(self) -> str | None:
        return self.article["id"] if self.article else None


def state_path(clean_dir: str | os.PathLike[str]) -> Path:
    """Where a clean dir keeps its run state.

    >>> state_path("clean").as_posix()
    'clean/.newsclean/state.db'
    """
    return Path(clean_dir) / STATE_DIR / "state.db"


def documents(clean_dir: str | os.PathLike[str], only: Collection[str] | None = None) -> Iterator[Document]:
    """Every raw document of ``clean_dir`` in manifest order (by ``raw``); or only those named in ``only``.

    Documents are read one at a time, so memory does not grow with the clean dir.

    Raises :class:`NotACleanDir` when no run has written there.

    >>> import tempfile, pathlib
    >>> from cleaners import run_pipeline
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "raw").mkdir(), (work / "raw" / "a.txt").write_text(
    ...     "Harbour reopens\\n\\nThe harbour reopened on Monday after repairs to the sea wall were finished early.")
    >>> _ = run_pipeline(work / "raw", work / "clean")
    >>> [(d.raw, d.status, d.article["title"]) for d in documents(work / "clean")]
    [('a.txt', 'canonical', 'Harbour reopens')]
    >>> [d.raw for d in documents(work / "clean", only=["b.txt"])]
    []
    >>> next(documents(work / "nowhere"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cleaners.views.cleandir.NotACleanDir: no newsclean run has written to ... (no .newsclean/state.db): run `newsclean run RAW_DIR ...` first
    """
    path = state_path(clean_dir)
    if not path.is_file():
        raise NotACleanDir(f"no newsclean run has written to {clean_dir} (no {STATE_DIR}/state.db): "
                           f"run `newsclean run RAW_DIR {clean_dir}` first")
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60)) as db:
        db.row_factory = sqlite3.Row
        query = "SELECT raw, status, reason, article, canonical, similarity, containment FROM docs"
        if only is None:
            rows: Iterable[sqlite3.Row] = db.execute(query + " ORDER BY raw")
        else:
            wanted = sorted(set(only))
            rows = sorted((row for start in range(0, len(wanted), 500)
                           for row in db.execute(f"{query} WHERE raw IN ({','.join('?' * len(wanted[start:start + 500]))})",
                                                 wanted[start:start + 500])), key=lambda r: r["raw"])
        for row in rows:
            status = row["status"]
            canonical = None
            if status == "ok":
                canonical = row["canonical"] or row["raw"]
                status = CANONICAL if canonical == row["raw"] else DUPLICATE
            yield Document(
                raw=row["raw"], status=status, reason=row["reason"],
                article=json.loads(row["article"]) if row["article"] else None,
                canonical_raw=canonical,
                similarity=row["similarity"] if status == DUPLICATE else None,
                containment=row["containment"] if status == DUPLICATE else None,
            )
