"""Step 2 of a run — clean: a batch of work items through the per-document cleaners, and into the state.

:func:`clean_batch` is what a parallel worker runs (pure: files in, :class:`Cleaned` /
:class:`Dropped` records out, with everything the store needs computed there — the article's
JSON, its MinHash signature, its line hashes for site templates); :func:`save_batch` commits one
batch's records in the flow's process and counts them in the run's :class:`Tally`.
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cleaners import dedup
from cleaners.article import Article, Rejection
from cleaners.boilerplate.templates import line_keys, template_site
from cleaners.corpus.plan import Plan
from cleaners.corpus.records import Cleaned, Dropped, Result, Skipped
from cleaners.corpus.store import Store
from cleaners.dedup.minhash import text_signature
from cleaners.dedup.stories import story_keys
from cleaners.document import clean_raw
from cleaners.io.readers import WorkItem, read_item
from cleaners.settings import Settings

log = logging.getLogger(__name__)  # forwarded to the run's logs by the Prefect flow


def cleaned_record(raw: str, file: str, sha256: str, article: Article, settings: Settings) -> Cleaned:
    """An article as the store keeps it: JSON once, word count, class hash, signature, template lines.

    >>> from cleaners import clean_document
    >>> rec = cleaned_record("gazette/a.txt", "gazette/a.txt", "0" * 64, clean_document(
    ...     "Storm closes port\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph."), Settings())
    >>> rec.words, rec.site, len(rec.signature), len(rec.lines)
    (13, 'gazette', 512, 2)
    """
    data = article.to_dict()
    site = template_site(data, raw)
    toks = dedup.words(article.text)  # once, for the class hash and the signature
    text_hash = dedup.text_hash(toks)
    return Cleaned(
        raw=raw, file=file, sha256=sha256, article=data, article_json=json.dumps(data, ensure_ascii=False),
        words=article.word_count, text_hash=text_hash,
        signature=text_signature(toks, settings.shingle_size, settings.num_perm),
        site=site, lines=tuple((h, int(body), int(title)) for h, (body, title) in line_keys(data).items())
        if site else (),
        story_keys=story_keys(data, text_hash) if site else (),
    )


def clean_batch(items: Iterable[WorkItem], settings: Settings) -> list[Result]:
    """A batch of work items to records: what one parallel task does (never raises for bad input).

    A WARC record that is no document (a request, metadata, an image) becomes a :class:`Skipped`
    count (no manifest row); ``settings.fields`` is the user's field mapping for JSON records.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.pdf"
    >>> _ = path.write_bytes(b"%PDF-1.4")
    >>> [(r.raw, r.status, r.rejection.code) for r in clean_batch([WorkItem("site/x.pdf", str(path))], Settings())]
    [('site/x.pdf', 'rejected', 'unsupported-type')]
    """
    results: list[Result] = []
    for item in items:
        site_hint = item.rel.split("/")[0] if "/" in item.rel else None
        skipped: Counter[str] = Counter()
        for doc in read_item(item, max_bytes=settings.max_bytes, fields=settings.fields):
            if doc.skip:
                skipped[doc.skip] += 1
                continue
            outcome = clean_raw(doc, settings, site_hint)
            if isinstance(outcome, Rejection):
                results.append(Dropped(doc.raw, item.rel, doc.sha256, outcome, outcome.detail))
            else:
                results.append(cleaned_record(doc.raw, item.rel, doc.sha256, outcome, settings))
        results.extend(Skipped(item.rel, what, n) for what, n in sorted(skipped.items()))
    return results


@dataclass(frozen=True)
class CleanBatch:
    """A picklable ``batch -> records`` function for process pools (:func:`clean_batch` with settings)."""

    settings: Settings

    def __call__(self, batch: list[WorkItem]) -> list[Result]:
        return clean_batch(batch, self.settings)

    def key(self, batch: list[WorkItem]) -> tuple[Any, ...]:
        """What this batch's records depend on, now (:func:`batch_key`): equal keys, equal records."""
        return batch_key(self.settings, batch)


def batch_key(settings: Settings, batch: Sequence[WorkItem]) -> tuple[Any, ...]:
    """What :func:`clean_batch`'s records of ``batch`` depend on, as it stands now: the settings' key
    (:meth:`~cleaners.settings.Settings.key`: every setting that changes an article), the work items
    (with each whole file's SHA-256 from the plan) and each file's ``(size, mtime_ns)`` now (``None``
    for a file that cannot be read).  Two equal keys taken at two moments mean the same work on files
    that no write touched in between (a write changes the modification time, as the plan assumes:
    :func:`~cleaners.corpus.plan.plan_run`), so a batch cleaned at the first moment may stand for the
    second (``newsclean run`` cleans its first batches ahead, while Prefect's API server starts).

    >>> import tempfile, pathlib, os
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = path.write_text("Port shut")
    >>> batch = [WorkItem("a.txt", str(path))]
    >>> before = batch_key(Settings(), batch)
    >>> before == batch_key(Settings(batch_size=7), batch), before == batch_key(Settings(min_words=3), batch)
    (True, False)
    >>> os.utime(path, ns=(1, 1)); before == batch_key(Settings(), batch)  # touched: not the same work
    False
    """
    stats = []
    for item in batch:
        try:
            st = os.stat(item.path)
            stats.append((st.st_size, st.st_mtime_ns))
        except OSError:
            stats.append(None)
    return settings.key(), tuple(batch), tuple(stats)


@dataclass
class Tally:
    """What a run did, counted: documents by status, removed lines by rule, rejections by code."""

    processed: Counter[str] = field(default_factory=Counter)  # status -> documents processed this run
    removed: Counter[str] = field(default_factory=Counter)  # rule -> lines removed this run
    reasons: Counter[str] = field(default_factory=Counter)  # reason code -> documents
    changed_files: int = 0  # raw files that changed or vanished while the run read them
    skipped: Counter[str] = field(default_factory=Counter)  # what -> WARC records that are no documents (no rows)
    unreadable: int = 0  # of those processed: entries the walk cannot read (links out, FIFOs), rejected every run

    def add(self, results: Iterable[Result]) -> None:
        """Count a batch's records.

        >>> from cleaners.article import Rejection
        >>> tally = Tally()
        >>> tally.add([Dropped("a.txt", "a.txt", "", Rejection("empty", "empty file"))])
        >>> dict(tally.processed), dict(tally.reasons)
        ({'rejected': 1}, {'empty': 1})
        """
        for r in results:
            if isinstance(r, Skipped):
                self.skipped[r.what] += r.count
                continue
            self.processed[r.status] += 1
            if isinstance(r, Cleaned):
                self.removed.update(e["rule"] for e in r.article["removed"])
            else:
                self.reasons[r.rejection.code] += 1


CHANGED_NOTE = " (the file changed while this run read it: the next run reads it again)"


def save_batch(store: Store, plan: Plan, items: Sequence[WorkItem], results: list[Result], tally: Tally) -> None:
    """Commit a finished batch to the state (one transaction) and count it.

    A file that changed while the run read it is not marked done (the next run reads it again),
    and its rejections say so.

    >>> import tempfile, pathlib
    >>> from cleaners.corpus.plan import plan_run
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> story = "\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said."
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Port shut by storm" + story)
    >>> with Store(work / "clean") as store:
    ...     plan = plan_run(work / "raw", store, Settings())
    ...     save_batch(store, plan, plan.batches[0], clean_batch(plan.batches[0], Settings()), Tally())
    ...     store.counts()
    {'ok': 2}
    """
    already = len(plan.changed)
    done = plan.files_done(items)
    changed = set(plan.changed[already:])
    if changed:
        results = [replace(r, rejection=Rejection(r.rejection.code, r.rejection.message + CHANGED_NOTE))
                   if isinstance(r, Dropped) and r.file in changed and r.rejection.code != "vanished" else r
                   for r in results]
    store.save_results([r for r in results if not isinstance(r, Skipped)], done)
    for r in results:
        if isinstance(r, Dropped) and r.traceback:  # a bug: the person fixing it needs the traceback
            log.warning("%s failed: %s\n%s", r.raw, r.rejection.message, r.traceback)
    tally.add(results)
    tally.unreadable += sum(item.rejection is not None for item in items)
    tally.changed_files += len(changed)
