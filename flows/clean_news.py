"""The ``clean-news`` Prefect flow: the five steps of newsclean as tasks.

    plan → clean batches (encoding, extraction, boilerplate; in parallel) → deduplicate → write → summary

All logic lives in :mod:`cleaners`; the tasks here only orchestrate it.  Batches
run on a process pool (CPU-bound Python), a few at a time so that memory stays
flat however large the corpus; each finished batch is committed to the clean
dir's state at once, so a killed run loses at most the batches in flight.
"""

from __future__ import annotations

import errno
from collections import deque
from typing import Any

from flows import prefect_env

prefect_env.apply_defaults()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import wait as wait_futures  # noqa: E402

from cleaners.corpus import (  # noqa: E402
    DedupStats,
    Plan,
    RunSummary,
    StepClock,
    Tally,
    WriteStats,
    deduplicate,
    plan_run,
    save_batch,
    split_evenly,
    write_outputs,
)
from cleaners.pipeline import process_items  # noqa: E402
from cleaners.readers import MiB, WorkItem  # noqa: E402
from cleaners.settings import Settings  # noqa: E402
from cleaners.state import Store, locked  # noqa: E402
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
    """Steps 1–3 (encoding, extraction, boilerplate) and signatures for a batch of files."""
    return process_items(batch, settings)


@task(name="3. deduplicate", cache_policy=NO_CACHE)
def find_duplicates(store: Store, settings: Settings) -> DedupStats:
    return deduplicate(store, settings)


@task(name="4. write articles and manifest", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1,
      retry_condition_fn=_retry_on_io)
def write(store: Store, clean_dir: str) -> WriteStats:
    return write_outputs(store, clean_dir)


@task(name="5. run summary", cache_policy=NO_CACHE)
def publish_summary(summary: dict[str, Any]) -> None:
    rows = [{"what": f"status: {k}", "count": v} for k, v in summary["by_status"].items()]
    rows += [{"what": f"removed by rule: {k}", "count": v} for k, v in summary["removed_by_rule"].items()]
    rows += [{"what": f"clusters of {k}", "count": v} for k, v in summary["cluster_sizes"].items()]
    create_table_artifact(rows, key="newsclean-summary", description="newsclean run summary")
    lines = ["# newsclean run", "", f"{summary['documents']} documents, {summary['articles']} canonical articles.", ""]
    for title, key in (("By status", "by_status"), ("Processed this run", "processed_this_run"),
                       ("Removed by rule (this run)", "removed_by_rule"),
                       ("Rejection reasons (this run)", "rejection_reasons"), ("Cluster sizes", "cluster_sizes")):
        if summary[key]:
            lines += [f"## {title}", "", "| | count |", "|---|---|"]
            lines += [f"| {k} | {v} |" for k, v in summary[key].items()]
            lines.append("")
    create_markdown_artifact("\n".join(lines), key="newsclean-report", description="newsclean run summary")


@flow(name="clean-news", task_runner=runners.task_runner(), validate_parameters=True)
def clean_news(
    raw_dir: str = "raw",
    clean_dir: str = "clean",
    jaccard_threshold: float = Settings.jaccard_threshold,
    containment_threshold: float = Settings.containment_threshold,
    lsh_threshold: float = Settings.lsh_threshold,
    min_words: int = Settings.min_words,
    max_mb: float = Settings.max_bytes / MiB,
    batch_size: int = Settings.batch_size,
    wait: float = 0.0,
    show_progress: bool = False,
) -> dict[str, Any]:
    """Clean every raw file under ``raw_dir`` into ``clean_dir`` (incremental: unchanged files are skipped).

    Batches run on the flow's task runner: a process pool by default, Dask with
    :func:`for_cluster` (``newsclean run --workers N`` or ``--dask-address``).
    """
    from prefect.context import FlowRunContext

    logger = get_run_logger()
    settings = Settings().with_overrides(
        jaccard_threshold=jaccard_threshold, containment_threshold=containment_threshold,
        lsh_threshold=lsh_threshold, min_words=min_words, max_bytes=int(max_mb * MiB), batch_size=batch_size)
    clock = StepClock()
    with locked(clean_dir, wait=wait), Store(clean_dir) as store:
        with clock("plan"):
            work = plan(raw_dir, store, settings)
        ctx = FlowRunContext.get()
        workers = runners.slots(ctx.task_runner if ctx else None)
        batches = split_evenly(work.batches, workers)
        logger.info("%d files to clean in %d batches (%d unchanged)", len(work.files), len(batches), work.unchanged)
        tally = Tally()
        with clock("clean"), prefect_env.api_shared_with_workers(), _progress(show_progress, len(batches)) as advance:
            for batch, rows in _run_batches(batches, settings, in_flight=2 * workers):
                save_batch(store, work, batch, rows, tally)
                advance()
        with clock("deduplicate"):
            stats = find_duplicates(store, settings)
        with clock("write"):
            output = write(store, clean_dir)
    summary = RunSummary(tally, stats, output, work.unchanged, clock.total(), clock.steps).as_dict()
    logger.info("%s documents: %s", summary["documents"], summary["by_status"])
    publish_summary(summary)
    return summary


def for_cluster(workers: int | None = None, dask_address: str | None = None):
    """The clean-news flow on a local Dask cluster of ``workers`` processes, or on the scheduler at ``dask_address``.

    With neither, the flow as defined (a process pool over this machine's cores).
    """
    if not workers and not dask_address:
        return clean_news
    return clean_news.with_options(task_runner=runners.task_runner(workers, dask_address))


def _run_batches(batches: list[list[WorkItem]], settings: Settings, in_flight: int):
    """Submit batches to the task runner, at most ``in_flight`` at once; yield them as they finish, in order."""
    queue: deque = deque()
    pending = iter(batches)
    for batch in pending:
        queue.append((batch, clean_batch.submit(batch, settings)))
        if len(queue) >= in_flight:
            break
    while queue:
        batch, future = queue.popleft()
        wait_futures([future])
        rows = future.result()
        nxt = next(pending, None)
        if nxt is not None:
            queue.append((nxt, clean_batch.submit(nxt, settings)))
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
