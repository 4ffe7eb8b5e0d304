"""``newsclean run --rebuild-state``: a damaged state moved aside and a new one started that knows the outputs.

The state (``CLEAN_DIR/.newsclean/state.db``) is derived data: a run over RAW_DIR into a clean dir
with no state gives the same ``articles/`` and ``manifest.jsonl`` as any other run over the same
files.  What a new state would not know is which files in ``articles/`` newsclean wrote: a run only
ever removes or replaces files the state lists as its outputs (:func:`cleaners.corpus.write.write_outputs`),
so without them the articles of a damaged state would stay forever as if they were a user's.
:func:`rebuild_state` therefore

1. moves the damaged database aside (never deletes it: ``state.db.corrupt-<UTC timestamp>``, with its
   ``-wal`` and ``-shm`` files beside it under the same suffix), and
2. creates a new state and registers every ``articles/<id>.json`` that newsclean wrote — recognised
   by its content: a JSON object with every field of :class:`cleaners.article.Article` and an
   ``id`` equal to the file's name — as an output, with the digest, size and mtime a run records,
   so that the run that follows rewrites nothing that is already right and removes what is no
   longer canonical.

The run that follows (the rest of ``newsclean run``) re-derives everything else from RAW_DIR.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

from cleaners.article import Article
from cleaners.corpus.store import Store, state_path
from cleaners.corpus.write import recover
from cleaners.io.publish import ARTICLES, digest_of, json_bytes

#: The fields every article file newsclean writes holds (``sources`` is added at write time).
ARTICLE_FIELDS = frozenset(f.name for f in dataclasses.fields(Article)) | {"sources"}


@dataclasses.dataclass
class Rebuilt:
    """What :func:`rebuild_state` did: where the old state went (None: there was none) and how many
    article files it registered as newsclean's."""

    moved_to: Path | None
    articles: int


def newsclean_article(path: Path) -> dict | None:
    """The article in ``path`` when newsclean wrote it (its fields, ``id`` = file name), else None.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> article = {**Article(text="x").to_dict(), "id": "00000000000000aa", "sources": []}
    >>> _ = (folder / "00000000000000aa.json").write_bytes(json_bytes(article))
    >>> newsclean_article(folder / "00000000000000aa.json")["id"]
    '00000000000000aa'
    >>> _ = (folder / "00000000000000bb.json").write_text('{"id": "00000000000000bb", "text": "mine"}')
    >>> newsclean_article(folder / "00000000000000bb.json") is None
    True
    """
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not ARTICLE_FIELDS <= data.keys() or data.get("id") != path.stem:
        return None
    return data


def move_aside(clean_dir: str | os.PathLike[str]) -> Path | None:
    """Rename the state database (and its ``-wal``, ``-shm``) to ``state.db.corrupt-<timestamp>``;
    return the new path of the database, or None when there was none.  Nothing is deleted.

    >>> import tempfile, pathlib
    >>> clean = pathlib.Path(tempfile.mkdtemp()); move_aside(clean) is None
    True
    >>> (clean / ".newsclean").mkdir(); _ = (clean / ".newsclean" / "state.db").write_bytes(b"old")
    >>> moved = move_aside(clean); moved.name.startswith("state.db.corrupt-"), moved.read_bytes()
    (True, b'old')
    """
    path = state_path(clean_dir)
    if not path.exists():
        return None
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():  # two rebuilds within a second
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    for extra in ("-wal", "-shm"):  # SQLite's companions: they belong to the old database
        companion = path.with_name(path.name + extra)
        if companion.exists():
            companion.rename(target.with_name(target.name + extra))
    path.rename(target)
    return target


def rebuild_state(clean_dir: str | os.PathLike[str]) -> Rebuilt:
    """Move the state of ``clean_dir`` aside and start a new one that lists the article files newsclean
    wrote as its outputs (see the module's text); the run that follows re-derives the rest from RAW_DIR.

    >>> import tempfile, pathlib
    >>> clean = pathlib.Path(tempfile.mkdtemp()); (clean / ".newsclean").mkdir(); (clean / "articles").mkdir()
    >>> _ = (clean / ".newsclean" / "state.db").write_bytes(b"garbage" * 1000)
    >>> article = {**Article(text="x").to_dict(), "id": "00000000000000aa", "sources": []}
    >>> _ = (clean / "articles" / "00000000000000aa.json").write_bytes(json_bytes(article))
    >>> done = rebuild_state(clean)
    >>> done.moved_to.name.startswith("state.db.corrupt-"), done.articles, done.moved_to.read_bytes()[:7]
    (True, 1, b'garbage')
    >>> with Store(clean, readonly=True) as store:
    ...     list(store.output_files())
    ['00000000000000aa']
    """
    moved = move_aside(clean_dir)
    with Store(clean_dir) as store:
        recover(store)  # a generation staged by the last run, published first: its files are listed too
    files: dict[str, tuple[str, int | None, int | None]] = {}
    folder = Path(clean_dir) / ARTICLES
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        article = newsclean_article(path)
        if article is None:
            continue  # not ours: never touched
        st = path.stat()
        if path.read_bytes() == json_bytes(article):  # as written: a run finds it intact if unchanged
            files[path.stem] = (digest_of(article), st.st_size, st.st_mtime_ns)
        else:  # ours but not as written (edited, re-indented): known, rewritten by the run
            files[path.stem] = ("", None, None)
    with Store(clean_dir) as store:
        store.save_outputs(files)
    return Rebuilt(moved, len(files))
