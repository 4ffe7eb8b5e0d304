"""Step 5 of a run — write: ``articles/`` and ``manifest.jsonl`` rewritten from the state, as one generation.

New and changed articles and the whole manifest are staged, then published
(:class:`~cleaners.io.publish.Publication`): a reader following the manifest always finds its
files, and a run killed anywhere in here is finished or undone by the next one (:func:`recover`).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaners.corpus.store import Store
from cleaners.io.publish import ARTICLES, Publication, digest_of, json_bytes, roll_forward, remove_stale_temporaries

MANIFEST = "manifest.jsonl"
#: The ``meta`` key of what the last write published: the state's generation then, the manifest's
#: (size, mtime_ns), and the counts (:func:`unchanged_outputs`).
PUBLISHED = "published"
#: The files newsclean writes at the top of CLEAN_DIR through a temporary name (the manifest is staged).
TOP_FILES = frozenset({MANIFEST, "report.html", "articles.parquet", "articles.jsonl"})
ARTICLE_FILE = re.compile(r"[0-9a-f]{16}\.json")  # articles/<id>.json (cleaners.article.article_id)


def _ours_at_top(name: str) -> bool:
    return name in TOP_FILES


def _ours_in_articles(name: str) -> bool:
    return ARTICLE_FILE.fullmatch(name) is not None


@dataclass
class WriteStats:
    documents: int
    articles: int
    written: int
    deleted: int
    by_status: Counter[str]


def write_outputs(store: Store, clean_dir: str | os.PathLike[str]) -> WriteStats:
    """Rewrite ``articles/`` (only what changed) and ``manifest.jsonl`` from the state, as one generation.

    An article file is rewritten when its article changed, or when the file on disk is not the one
    written: its size or mtime differ from those recorded when it was written and its bytes differ
    (a damaged or deleted file is repaired).  When no document changed since the last write and its
    files are intact, nothing is read or written (:func:`unchanged_outputs`: an unchanged re-run costs
    one ``stat`` per article and the manifest).
    New and changed articles and the whole manifest are staged first, then
    published (:class:`~cleaners.io.publish.Publication`): articles, then the
    manifest that names them, then the removal of articles no longer canonical (only files the
    state lists as written by newsclean: :meth:`Store.note_outputs` lists each before it is published) —
    a reader following the manifest always finds its files, and a run killed
    anywhere in here is finished or undone by the next one.

    >>> import tempfile, pathlib
    >>> from cleaners.corpus.clean import Tally, clean_batch, save_batch
    >>> from cleaners.corpus.duplicates import deduplicate
    >>> from cleaners.corpus.plan import plan_run
    >>> from cleaners.settings import Settings
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> story = "\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said."
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Port shut by storm" + story)
    >>> with Store(work / "clean") as store:
    ...     plan = plan_run(work / "raw", store, Settings())
    ...     save_batch(store, plan, plan.batches[0], clean_batch(plan.batches[0], Settings()), Tally())
    ...     _ = deduplicate(store, Settings())
    ...     out = write_outputs(store, work / "clean")
    >>> out.documents, out.articles, dict(out.by_status)
    (2, 1, {'canonical': 1, 'duplicate': 1})
    """
    clean_dir = Path(clean_dir)
    articles_dir = clean_dir / ARTICLES
    articles_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(articles_dir, _ours_in_articles)
    remove_stale_temporaries(clean_dir, _ours_at_top)
    previous = store.output_files()
    generation = store.meta("generation")
    if (same := unchanged_outputs(store, clean_dir, previous, generation)) is not None:
        return same
    publication = Publication(clean_dir, store.dir)

    files: dict[str, list[Any]] = {}  # article id -> [digest, size, mtime_ns] as on disk (None, None: written now)
    written = 0
    for _, article, members in store.canonical_clusters():  # one cluster at a time: memory stays flat
        article["sources"] = [m.as_source() for m in members]
        aid = article["id"]
        digest = digest_of(article)
        stat = _intact(articles_dir / f"{aid}.json", article, digest, previous.get(aid))
        files[aid] = [digest, *(stat or (None, None))]
        if stat is None:
            publication.write_json(f"{aid}.json", article, ARTICLES)
            written += 1

    by_status: Counter[str] = Counter()

    def manifest_rows() -> Iterable[dict[str, Any]]:
        for row in store.manifest_rows():
            by_status[row["status"]] += 1
            yield row

    documents = publication.write_jsonl(MANIFEST, manifest_rows())
    # Only files newsclean wrote are ever removed: those the state lists as published (a user's
    # articles/notes.json stays).  The new ones are listed before they are published.
    store.note_outputs(aid for aid in files if aid not in previous)
    stale = [f"{ARTICLES}/{aid}.json" for aid in sorted(previous) if aid not in files
             and (articles_dir / f"{aid}.json").is_file()]
    publication.commit(clean_dir, stale)
    for aid, entry in files.items():
        if entry[1] is None:  # written now: its size and mtime as published
            entry[1:] = _stat(articles_dir / f"{aid}.json") or (None, None)
    store.save_outputs(files)
    generation = store.meta("generation")  # the state as published (the outputs' records are in it)
    if generation is not None:  # what was published, from which state (unchanged_outputs reads it)
        store.set_meta(PUBLISHED, json.dumps({"generation": generation, "manifest": _stat(clean_dir / MANIFEST),
                                              "documents": documents, "articles": len(files),
                                              "by_status": dict(by_status)}))
    return WriteStats(documents, len(files), written, len(stale), by_status)


def unchanged_outputs(store: Store, clean_dir: Path, previous: dict[str, tuple[str, int | None, int | None]],
                      generation: str | None) -> WriteStats | None:
    """The last write's counts when it would write the same again (an unchanged re-run), else None.

    That is when no document changed since the outputs were published (the state's generation,
    :mod:`cleaners.corpus.schema`, is the one recorded then under :data:`PUBLISHED`), and the
    manifest and every article file still have the size and mtime they were written with: one
    ``stat`` per file, no document read (a file that differs sends the run through the whole write,
    which repairs it).

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     unchanged_outputs(store, Path(store.dir.parent), {}, store.meta("generation")) is None  # never written
    True
    """
    try:
        last = json.loads(store.meta(PUBLISHED) or "null")
    except ValueError:
        return None
    if not last or generation is None or last.get("generation") != generation:
        return None
    if _stat(clean_dir / MANIFEST) != tuple(last.get("manifest") or ()):
        return None
    articles_dir = clean_dir / ARTICLES
    for aid, (_, size, mtime) in previous.items():
        if size is None or _stat(articles_dir / f"{aid}.json") != (size, mtime):
            return None
    return WriteStats(last["documents"], last["articles"], 0, 0, Counter(last["by_status"]))


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _intact(path: Path, article: dict[str, Any], digest: str,
            previous: tuple[str, int | None, int | None] | None) -> tuple[int, int] | None:
    """The file's (size, mtime_ns) when it holds exactly ``article``; None when it must be (re)written.

    Cheap first: same digest as published and the same size and mtime as written means intact
    (one ``stat``).  Where size or mtime differ (a damaged, truncated, edited or touched file) the
    file's bytes are compared with the article's; a file with other bytes, or none, is rewritten.
    """
    if previous is None or previous[0] != digest:
        return None
    stat = _stat(path)
    if stat is None:
        return None
    if stat == (previous[1], previous[2]):
        return stat
    try:
        same = path.read_bytes() == json_bytes(article)
    except OSError:
        return None
    return stat if same else None


def recover(store: Store) -> bool:
    """Finish what a killed run left: publish its committed outputs, drop its temporaries.

    Every run calls this first (:func:`cleaners.corpus.run.run_corpus`).  Returns whether a
    committed but unpublished generation was found and published.

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     recover(store)
    False
    """
    clean_dir = store.dir.parent
    remove_stale_temporaries(clean_dir, _ours_at_top)
    remove_stale_temporaries(clean_dir / ARTICLES, _ours_in_articles)
    return roll_forward(clean_dir, store.dir)
