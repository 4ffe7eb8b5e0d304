"""A read-only view of a clean dir: every document with its status, reason, article and cluster.

``newsclean report`` and ``newsclean export`` read a clean dir through this module.  It opens
the run state read-only (``Store(clean_dir, readonly=True)``: never taking the run lock, never
writing), so it can be used while a run is going on (SQLite's WAL shows it the state after the
last committed step).  The statuses are derived exactly as ``manifest.jsonl`` derives them.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator

from cleaners.corpus.records import Document
from cleaners.corpus.store import STATE_DIR, STATE_FILE, Store, state_path

__all__ = ["Document", "NotACleanDir", "documents", "state_path"]


class NotACleanDir(ValueError):
    """The folder holds no newsclean run state."""


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
    try:
        store = Store(clean_dir, readonly=True)
    except FileNotFoundError:
        raise NotACleanDir(f"no newsclean run has written to {clean_dir} (no {STATE_DIR}/{STATE_FILE}): "
                           f"run `newsclean run RAW_DIR {clean_dir}` first") from None
    with store:
        yield from store.documents(only)
