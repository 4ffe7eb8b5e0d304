"""A whole run over a folder, as one sequence of corpus steps: the only place that sequence is written.

    recover → 1. plan → 2. clean batches → 3. site templates (learn, apply) → 4. deduplicate → 5. write

:func:`run_corpus` runs the steps through an :class:`Executor`: :class:`LocalExecutor` runs them
in this process (``map`` may be a process pool's), the Prefect flow (``flows/clean_news.py``)
gives one that makes each step a task and sends the parallel work to its task runner.
:func:`run_pipeline` is the same run without Prefect.  The step names (:data:`STEPS`) are what a
person sees: the flow's task names and the run summary's step times.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from cleaners.corpus.clean import CleanBatch, Tally, save_batch
from cleaners.corpus.duplicates import DedupStats, deduplicate, resign
from cleaners.corpus.folders import folder_problem
from cleaners.corpus.lock import locked
from cleaners.corpus.plan import Plan, plan_run, split_evenly
from cleaners.corpus.site_templates import (
    Refinalise, TemplateSaver, TemplateStats, learn_site_templates, settle_templates, template_chunks,
)
from cleaners.corpus.store import Store
from cleaners.corpus.write import WriteStats, recover, write_outputs
from cleaners.settings import Settings

log = logging.getLogger(__name__)  # forwarded to the run's logs by the Prefect flow

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741
R = TypeVar("R")

#: The steps of a run: key -> the name a person sees (Prefect task names, ``step_seconds``).
STEPS: dict[str, str] = {
    "plan": "1. plan: new and changed files",
    "clean": "2. clean batch",
    "learn": "3. site templates: learn",
    "apply": "3. site templates: apply",
    "deduplicate": "4. deduplicate",
    "write": "5. write articles and manifest",
}


class Executor(Protocol):
    """How a run's steps are executed: serial steps one by one, parallel work item by item."""

    workers: int  # how many items of a ``map`` are worked on at once

    def step(self, key: str, fn: Callable[..., T], *args: Any) -> T:
        """Run one serial step ``fn(*args)`` (key: one of :data:`STEPS`)."""
        ...

    def map(self, key: str, fn: Callable[[I], R], items: Iterable[I]) -> Iterator[tuple[I, R]]:
        """``(item, fn(item))`` for every item, in order, a few in flight at a time (memory stays flat)."""
        ...


class LocalExecutor:
    """Steps in this process; ``map`` by ``mapper`` (the built-in ``map``, or a process pool's ``map``)
    over windows of ``window`` items, so results never pile up while the state is being written."""

    def __init__(self, mapper: Callable[[Callable, list], Iterable] | None = None, workers: int = 1,
                 window: int = 8) -> None:
        self.mapper, self.workers, self.window = mapper or map, workers, window

    def step(self, key: str, fn: Callable[..., T], *args: Any) -> T:
        return fn(*args)

    def map(self, key: str, fn: Callable[[I], R], items: Iterable[I]) -> Iterator[tuple[I, R]]:
        return zip_windowed(self.mapper, fn, items, self.window)


def zip_windowed(mapper: Callable[[Callable, list], Iterable], fn: Callable, items: Iterable,
                 window: int = 8) -> Iterator[tuple[Any, Any]]:
    """``(item, fn(item))`` for a stream of items, mapped by ``mapper`` a window at a time (a pool's
    ``map`` submits everything at once).

    >>> list(zip_windowed(map, len, iter([[1], [1, 2], [1, 2, 3]]), window=2))
    [([1], 1), ([1, 2], 2), ([1, 2, 3], 3)]
    """
    stream = iter(items)
    while chunk := list(itertools.islice(stream, window)):
        yield from zip(chunk, mapper(fn, chunk))


class StepClock:
    """Seconds per named step of a run: ``with clock("plan"): ...``.

    >>> clock = StepClock()
    >>> with clock("plan"):
    ...     pass
    >>> list(clock.steps), clock.total() >= clock.steps["plan"] >= 0
    (['plan'], True)
    """

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.steps: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - t0

    def total(self) -> float:
        return time.perf_counter() - self.start


@dataclass
class RunSummary:
    """What a run did: counts by status and reason code, removals by rule, clusters, files, seconds."""

    tally: Tally
    dedup: DedupStats
    output: WriteStats
    unchanged_files: int
    seconds: float
    templates: TemplateStats | None = None
    steps: dict[str, float] = field(default_factory=dict)  # step -> seconds (where the time went)

    def as_dict(self) -> dict[str, Any]:
        """The summary as JSON-able data (what ``newsclean run --json`` prints and the flow returns).

        ``rejection_reasons`` counts this run's rejected and failed documents by reason code;
        ``not_documents`` the records read this run that are no documents (WARC requests, metadata,
        images: no manifest row), by what they are; ``unreadable_entries`` how many of those processed
        are entries the walk cannot read (links out of RAW_DIR, FIFOs, folders it cannot list): they are
        rejected again every run, unchanged or not.

        >>> from collections import Counter
        >>> summary = RunSummary(Tally(), DedupStats(0, 0, Counter()), WriteStats(0, 0, 0, 0, Counter()), 3, 0.5)
        >>> summary.as_dict()["unchanged_files"], summary.as_dict()["seconds"]
        (3, 0.5)
        """
        return {
            "documents": self.output.documents,
            "by_status": dict(sorted(self.output.by_status.items())),
            "processed_this_run": dict(sorted(self.tally.processed.items())),
            "unreadable_entries": self.tally.unreadable,
            "unchanged_files": self.unchanged_files,
            "changed_during_run": self.tally.changed_files,
            "removed_by_rule": dict(self.tally.removed.most_common()),
            "rejection_reasons": dict(self.tally.reasons.most_common()),
            "not_documents": dict(self.tally.skipped.most_common()),
            "cluster_sizes": {str(k): v for k, v in sorted(self.dedup.clusters.items())},
            "site_templates": self.templates.as_dict() if self.templates else {},
            "articles": self.output.articles,
            "articles_written": self.output.written,
            "seconds": round(self.seconds, 2),
            "step_seconds": {k: round(v, 3) for k, v in self.steps.items()},
        }


def start(store: Store, raw_dir: str | os.PathLike[str], settings: Settings) -> Plan:
    """Recover what a killed run left (publish its committed outputs), then plan this run.

    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> with Store(work / "clean") as store:
    ...     start(store, work / "raw", Settings()).batches
    []
    """
    recover(store)
    resign(store, settings)  # signatures of an older SIGNATURE_VERSION are remade, never compared with today's
    return plan_run(raw_dir, store, settings)


def run_corpus(raw_dir: str | os.PathLike[str], clean_dir: str | os.PathLike[str], settings: Settings,
               executor: Executor, *, wait: float = 0.0,
               on_batch: Callable[[int, int], None] | None = None) -> RunSummary:
    """The steps of a run over ``raw_dir`` into ``clean_dir``, through ``executor``.

    Raises ``ValueError`` (nothing done) when the two folders are a mistake
    (:func:`~cleaners.corpus.folders.folder_problem`: the same folder, one inside the other's
    outputs).  Holds the clean dir's lock throughout (waiting up to ``wait`` seconds; raises
    :class:`~cleaners.corpus.lock.Busy`).  ``on_batch(done, total)`` is told of every batch
    saved (a progress bar).  Each batch and each site is committed as it finishes, so a killed
    run loses at most the work in flight.

    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> _ = (work / "raw" / "a.txt").write_text("Harbour reopens\\n\\nThe harbour reopened on Monday after "
    ...                                         "repairs to the sea wall were finished early, the board said.")
    >>> summary = run_corpus(work / "raw", work / "clean", Settings(), LocalExecutor())
    >>> summary.as_dict()["by_status"], sorted(summary.steps)
    ({'canonical': 1}, ['clean', 'deduplicate', 'plan', 'site templates', 'write'])
    """
    if problem := folder_problem(raw_dir, clean_dir, force=True):  # the CLI also refuses a folder of other files
        raise ValueError(problem)
    clock = StepClock()
    with locked(clean_dir, wait=wait), Store(clean_dir) as store:
        with clock("plan"):
            plan = executor.step("plan", start, store, raw_dir, settings)
        batches = split_evenly(plan.batches, executor.workers)
        log.info("%d files to clean in %d batches (%d unchanged)", len(plan.files), len(batches), plan.unchanged)
        tally = Tally()
        with clock("clean"):
            for n, (batch, results) in enumerate(executor.map("clean", CleanBatch(settings), batches), 1):
                save_batch(store, plan, batch, results, tally)
                if on_batch:
                    on_batch(n, len(batches))
        del batches  # the work items are let go before the serial steps (the plan's files went as they were saved)
        plan.batches = []
        with clock("site templates"):
            learned = executor.step("learn", learn_site_templates, store)
            saver = TemplateSaver(store, learned.stats)
            chunks = template_chunks(store, learned, chunk_size=2 * settings.batch_size)
            for chunk, updates in executor.map("apply", Refinalise(settings), chunks):
                saver.save(chunk, updates)
            tally.removed.update(learned.stats.removed)
            log.info("site templates: %d sites, %d lines; %d articles re-finalised", learned.stats.sites,
                     learned.stats.lines, learned.stats.refinalised)
        with clock("deduplicate"):
            duplicates = executor.step("deduplicate", deduplicate, store, settings)
        log.info("near-duplicates: %d new documents compared, %d new pairs, clusters by size %s",
                 duplicates.new_docs, duplicates.new_pairs, dict(sorted(duplicates.clusters.items())))
        with clock("write"):
            output = executor.step("write", write_outputs, store, clean_dir)
        settle_templates(store, learned.stats)  # finished: the next run learns only if something changed
        log.info("%d article files written, %d removed", output.written, output.deleted)
    return RunSummary(tally, duplicates, output, plan.unchanged, clock.total(), learned.stats, clock.steps)


def run_pipeline(
    raw_dir: str | os.PathLike[str],
    clean_dir: str | os.PathLike[str],
    settings: Settings | None = None,
    *,
    map_batches: Callable[[Callable, list], Iterable] | None = None,
    workers: int = 1,
    wait: float = 0.0,
) -> RunSummary:
    """The whole pipeline without Prefect: plan, clean batches, site templates, deduplicate, write.

    ``map_batches(fn, items)`` may run the parallel work (clean batches, template chunks) on
    ``workers`` processes (e.g. a process pool's ``map``); by default it runs in this process.

    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> story = "\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said."
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Port shut by storm" + story)
    >>> summary = run_pipeline(work / "raw", work / "clean").as_dict()
    >>> summary["by_status"], summary["articles"]
    ({'canonical': 1, 'duplicate': 1}, 1)
    >>> run_pipeline(work / "raw", work / "clean").as_dict()["unchanged_files"]  # incremental
    2
    """
    executor = LocalExecutor(map_batches, workers=workers)
    return run_corpus(raw_dir, clean_dir, settings or Settings(), executor, wait=wait)
