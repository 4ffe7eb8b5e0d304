"""The ``clean-news`` Prefect flow: the five steps of newsclean as tasks.

    plan → clean batches (encoding, extraction, boilerplate; in parallel) → site templates (learned, then
    applied in parallel) → deduplicate → write → report

All logic lives in :mod:`cleaners`; the tasks here only orchestrate it.  Parameters
left empty (``None``) take their value from ``NEWSCLEAN_*`` variables, then
``newsclean.toml``, then the defaults (:func:`cleaners.settings.resolve`), so a
deployment and the CLI read the same configuration.  Retries: only the write step
retries, and only on transient I/O errors; cleaning is deterministic (retrying a
batch gives the same rows) and a failed batch's documents are already recorded
as ``failed`` with a reason, never lost.  Batches
run on a process pool (CPU-bound Python), a few at a time so that memory stays
flat however large the corpus; each finished batch is committed to the clean
dir's state at once, so a killed run loses at most the batches in flight.
"""

from __future__ import annotations

import errno
from collections import deque
from pathlib import Path
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from pydantic import Field

from flows import startup

startup.apply_defaults()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import wait as wait_futures  # noqa: E402

from cleaners.corpus.run import (  # noqa: E402
    DedupStats,
    LearnedTemplates,
    Plan,
    RunSummary,
    StepClock,
    Tally,
    TemplateChunk,
    TemplateSaver,
    WriteStats,
    learn_site_templates,
    refinalise_chunk,
    deduplicate,
    plan_run,
    save_batch,
    split_evenly,
    template_chunks,
    write_outputs,
)
from cleaners.document import process_items  # noqa: E402
from cleaners.io.readers import MiB, WorkItem  # noqa: E402
from cleaners.views.report import build_report, chart_folder, save_last_run, summary_rows, to_html, to_markdown  # noqa: E402
from cleaners.settings import Settings, resolve  # noqa: E402
from cleaners.corpus.store import Store, locked, prepare_rows  # noqa: E402
from cleaners.io.publish import atomic_write  # noqa: E402
from flows import runners  # noqa: E402


def _retry_on_io(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only on transient I/O errors, not on a full disk or a read-only folder."""
    try:
        state.result()
    except OSError as exc:
        return exc.errno not in (errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EPERM)
    except Exception:  # noqa: BLE001 — anything else is not worth retrying
        return False
    return False


@task(name="1. plan: new and changed files", cache_policy=NO_CACHE)
def plan(raw_dir: str, store: Store, settings: Settings) -> Plan:
    return plan_run(raw_dir, store, settings)


@task(name="2. clean batch", cache_policy=NO_CACHE)
def clean_batch(batch: list[WorkItem], settings: Settings) -> list[dict[str, Any]]:
    """Steps 1–3 (encoding, extraction, boilerplate) and signatures for a batch of files, ready to store
    (on this machine's process pool, or in place on a Dask worker)."""
    return runners.run_cpu(runners.chain(process_items, prepare_rows), batch, settings)


@task(name="3a. learn site templates", cache_policy=NO_CACHE)
def learn_templates(store: Store) -> LearnedTemplates:
    return learn_site_templates(store)


@task(name="3b. apply site templates", cache_policy=NO_CACHE)
def refinalise(chunk: TemplateChunk, settings: Settings) -> list[dict[str, Any]]:
    """Articles whose site's template changed: text, id and signature again (where clean_batch runs)."""
    return runners.run_cpu(refinalise_chunk, chunk, settings)


@task(name="3. deduplicate", cache_policy=NO_CACHE)
def find_duplicates(store: Store, settings: Settings) -> DedupStats:
    return deduplicate(store, settings)


@task(name="4. write articles and manifest", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1,
      retry_condition_fn=_retry_on_io)
def write(store: Store, clean_dir: str) -> WriteStats:
    return write_outputs(store, clean_dir)


@task(name="5. report", cache_policy=NO_CACHE)
def publish_report(clean_dir: str, summary: dict[str, Any], write_html: bool) -> dict[str, Any]:
    """The run's report as Prefect artifacts (markdown and table), and ``CLEAN_DIR/report.html``."""
    logger = get_run_logger()
    save_last_run(clean_dir, summary)
    report = build_report(clean_dir, run=summary)
    create_table_artifact(summary_rows(report), key="newsclean-summary",
                          description=f"newsclean: counts of {clean_dir}")
    clusters = [{"cluster": n + 1, "raw": m["raw"], "status": m["status"], "title": m["title"], "site": m["site"],
                 "words": m["words"], "similarity": m["similarity"]}
                for n, c in enumerate(report["clusters"]) for m in c["members"]]
    if clusters:
        create_table_artifact(clusters, key="newsclean-clusters",
                              description="newsclean: the biggest duplicate clusters, member by member")
    create_markdown_artifact(to_markdown(report), key="newsclean-report", description=f"newsclean report of {clean_dir}")
    if write_html:
        path = Path(clean_dir) / "report.html"
        atomic_write(path, [to_html(report, chart_cache=chart_folder(clean_dir)).encode("utf-8")])
        logger.info("report written to %s", path)
    return report


def _run_name() -> str:
    """``raw → clean`` in the Prefect UI, so runs over different folders are told apart at a glance."""
    from prefect.runtime import flow_run

    params = flow_run.parameters or {}
    return f"{params.get('raw_dir') or 'raw'} → {params.get('clean_dir') or 'clean'}"


Fraction = Annotated[float | None, Field(ge=0.0, le=1.0)]


@flow(name="clean-news", flow_run_name=_run_name, task_runner=runners.task_runner(), validate_parameters=True)
def clean_news(
    raw_dir: str | None = None,
    clean_dir: str | None = None,
    jaccard_threshold: Fraction = None,
    containment_threshold: Fraction = None,
    lsh_threshold: Annotated[float | None, Field(ge=0.05, le=1.0)] = None,
    min_words: Annotated[int | None, Field(ge=0)] = None,
    max_mb: Annotated[float | None, Field(gt=0)] = None,
    batch_size: Annotated[int | None, Field(ge=1)] = None,
    redis_url: str | None = None,
    wait: Annotated[float, Field(ge=0)] = 0.0,
    show_progress: bool = False,
    report: bool = True,
) -> dict[str, Any]:
    """Clean every raw file under ``raw_dir`` into ``clean_dir`` (incremental: unchanged files are skipped).

    Empty parameters come from ``NEWSCLEAN_*`` variables, ``newsclean.toml``, or the defaults.

    Args:
        raw_dir: Folder of raw scraped files, read recursively, never written (default: raw).
        clean_dir: Output folder: manifest.jsonl, articles/, report.html and the run state (default: clean).
        jaccard_threshold: Verified word-shingle Jaccard at which two documents are copies (default 0.6).
        containment_threshold: Or: share of the shorter document's shingles found in the longer (default 0.8).
        lsh_threshold: Estimated Jaccard at which MinHash LSH proposes a pair for verification (default 0.3).
        min_words: Reject an article with fewer words of text than this after stripping (default 10).
        max_mb: Largest document accepted, in MB decompressed; larger ones are rejected with a reason (default 16).
        batch_size: Documents per parallel task (default 200).
        redis_url: Keep the near-duplicate LSH index in Redis at this URL (shared by many workers) instead of
            the clean dir's state (default: in the state).
        wait: Seconds to wait for another run holding clean_dir before failing (0: fail at once).
        show_progress: Show a progress bar on the terminal (for the CLI).
        report: Also write clean_dir/report.html (the report is always published as artifacts).

    Batches run on the flow's task runner: a process pool by default, Dask with
    :func:`for_cluster` (``newsclean run --workers N`` or ``--dask-address``).
    """
    from prefect.context import FlowRunContext

    logger = get_run_logger()
    resolved = resolve({"raw_dir": raw_dir, "clean_dir": clean_dir, "jaccard_threshold": jaccard_threshold,
                        "containment_threshold": containment_threshold, "lsh_threshold": lsh_threshold,
                        "min_words": min_words, "max_bytes": None if max_mb is None else int(max_mb * MiB),
                        "batch_size": batch_size, "redis_url": redis_url})
    settings = resolved.settings
    for warning in resolved.warnings:
        logger.warning(warning)
    raw_dir, clean_dir = settings.raw_dir, settings.clean_dir
    if not Path(raw_dir).is_dir():
        raise ValueError(f"raw_dir {raw_dir!r} is not a folder (resolved from {Path(raw_dir).resolve()}); "
                         "give the folder of raw scraped files")
    changed = {k: getattr(settings, k) for k, v in resolved.sources.items() if v != "default"}
    logger.info("settings: %s", ", ".join(f"{k}={v} ({resolved.sources[k]})" for k, v in changed.items()) or "defaults")
    clock = StepClock()
    with locked(clean_dir, wait=wait), Store(clean_dir) as store:
        with clock("plan"):
            work = plan(raw_dir, store, settings)
        ctx = FlowRunContext.get()
        workers = runners.slots(ctx.task_runner if ctx else None)
        batches = split_evenly(work.batches, workers)
        logger.info("%d files to clean in %d batches (%d unchanged)", len(work.files), len(batches), work.unchanged)
        tally = Tally()
        with clock("clean"), runners.cpu_pool(), _progress(show_progress, len(batches)) as advance:
            for batch, rows in _run_on_pool(clean_batch, batches, settings, 2 * workers,
                                            lambda n, b: f"clean batch {n}/{len(batches)} ({len(b)} inputs)"):
                save_batch(store, work, batch, rows, tally)
                advance()
        with clock("site templates"), runners.cpu_pool():
            templates = learn_templates(store)
            saver = TemplateSaver(store, templates.stats)
            chunks = template_chunks(store, templates, chunk_size=2 * settings.batch_size)
            for chunk, updates in _run_on_pool(refinalise, chunks, settings, 2 * workers,
                                               lambda n, c: f"apply site templates {n} ({len(c.jobs)} articles)"):
                saver.save(chunk, updates)
            learned = templates.stats
            tally.removed.update(learned.removed)
        with clock("deduplicate"):
            stats = find_duplicates(store, settings)
        logger.info("near-duplicates: %d new documents compared, %d new pairs, clusters by size %s",
                    stats.new_docs, stats.new_pairs, dict(sorted(stats.clusters.items())))
        with clock("write"):
            output = write(store, clean_dir)
        logger.info("%d article files written, %d removed", output.written, output.deleted)
    summary = RunSummary(tally, stats, output, work.unchanged, clock.total(), learned, clock.steps).as_dict()
    logger.info("%s documents: %s", summary["documents"], summary["by_status"])
    publish_report(clean_dir, summary, report)
    return summary


def for_cluster(workers: int | None = None, dask_address: str | None = None):
    """The clean-news flow on a local Dask cluster of ``workers`` processes, or on the scheduler at ``dask_address``.

    With neither, the flow as defined (a process pool over this machine's cores).
    """
    if not workers and not dask_address:
        return clean_news
    return clean_news.with_options(task_runner=runners.task_runner(workers, dask_address))


def _run_on_pool(work: Any, items: Iterable[Any], settings: Settings, in_flight: int,
                 name: Callable[[int, Any], str]):
    """Submit ``work(item, settings)`` to the task runner for each item, at most ``in_flight`` at once
    (items are read as they are needed); yield ``(item, result)`` as they finish, in order."""
    queue: deque = deque()
    pending = iter(enumerate(items, 1))

    def submit(n: int, item: Any) -> None:
        named = work.with_options(task_run_name=name(n, item))
        queue.append((item, named.submit(item, settings)))

    for n, batch in pending:
        submit(n, batch)
        if len(queue) >= in_flight:
            break
    while queue:
        batch, future = queue.popleft()
        wait_futures([future])
        rows = future.result()
        nxt = next(pending, None)
        if nxt is not None:
            submit(*nxt)
        yield batch, rows


class _progress:
    """A rich progress bar over batches when asked for (the CLI on a terminal), else nothing."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled, self.total, self.bar = enabled and total > 1, total, None

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.start()
        task_id = self.bar.add_task("cleaning batches", total=self.total)
        return lambda: self.bar.advance(task_id)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
