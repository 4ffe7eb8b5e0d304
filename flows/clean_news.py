"""The ``clean-news`` Prefect flow: newsclean's corpus steps as tasks.

    1. plan → 2. clean batches (encoding, extraction, boilerplate; in parallel) → 3. site templates
    (learned, then applied in parallel) → 4. deduplicate → 5. write → 6. report

The sequence itself is :func:`cleaners.corpus.run.run_corpus` (the same function
``run_pipeline`` runs without Prefect); this module only gives it a :class:`PrefectExecutor`, which
makes each serial step a task and submits the parallel work as tasks to the flow's task runner.
Parameters left empty (``None``) take their value from ``NEWSCLEAN_*`` variables, then
``newsclean.toml``, then the defaults (:func:`cleaners.settings.resolve`), so a deployment and the
CLI read the same configuration.  Retries: only the write step retries, and only on transient
I/O errors; cleaning is deterministic (retrying a batch gives the same records) and a document
that fails is recorded as ``failed`` with a reason, never lost.  Each finished batch is
committed to the clean dir's state at once, so a killed run loses at most the batches in flight.
"""

from __future__ import annotations

import errno
import importlib
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

from flows import startup

startup.apply_defaults()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import wait as wait_futures  # noqa: E402

from cleaners.corpus.folders import folder_problem  # noqa: E402
from cleaners.corpus.run import STEPS, run_corpus  # noqa: E402
from cleaners.settings import FromSetting, Size, help_text, settings_from_parameters  # noqa: E402
from flows.artifacts import report_run  # noqa: E402
from flows import ahead, charts, runners  # noqa: E402


def _retry_on_io(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only on transient I/O errors, not on a full disk or a read-only folder."""
    try:
        state.result()
    except OSError as exc:
        return exc.errno not in (errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EPERM)
    except Exception:  # noqa: BLE001 — anything else is not worth retrying
        return False
    return False


@dataclass(frozen=True)
class Records:
    """A parallel task's records returned as one object.  For the whole flow run, Prefect keeps a link
    from each element of a task's returned collection to its state, one level deep (its
    ``prefect.utilities.engine.link_state_to_result``): ~150 bytes a record, 30 MB of the flow
    process at 200,000 documents, were a batch's list returned bare (docs/scaling.md, "Memory")."""

    records: Any


@task(cache_policy=NO_CACHE)
def serial_step(fn: Callable[..., Any], *args: Any) -> Any:
    """A serial corpus step in the flow's process (named after the step when called)."""
    return fn(*args)


@task(name=STEPS["clean"], cache_policy=NO_CACHE)
def clean_batch(fn: Callable[[Any], Any], batch: Any) -> Any:
    """Encoding, extraction, boilerplate and signatures for a batch of files (``fn``: the corpus step), on this
    machine's process pool, or in place on a Dask worker; a batch ``newsclean run`` cleaned ahead, while the
    API server started, is handed over (:mod:`flows.ahead`: only when nothing it depends on changed since)."""
    begun = ahead.take(fn, batch)
    if begun is not None:
        get_run_logger().info("cleaned ahead, while the API server started")
        return Records(begun.result())
    return Records(runners.run_cpu(fn, batch))


@task(name=STEPS["apply"], cache_policy=NO_CACHE)
def apply_site_templates(fn: Callable[[Any], Any], chunk: Any) -> Any:
    """Articles whose site's template changed: text, id and signature again (``fn``: the corpus step), where
    :func:`clean_batch` runs."""
    return Records(runners.run_cpu(fn, chunk))


#: The task that runs each item of a parallel step.
PARALLEL_TASKS = {"clean": clean_batch, "apply": apply_site_templates}


#: Task options per step (the write step retries on transient I/O errors only).
STEP_OPTIONS: dict[str, dict[str, Any]] = {
    "write": {"retries": 2, "retry_delay_seconds": 1, "retry_condition_fn": _retry_on_io},
}


class PrefectExecutor:
    """Runs :func:`~cleaners.corpus.run.run_corpus`'s steps as Prefect tasks named after them
    (:data:`~cleaners.corpus.run.STEPS`): serial steps in the flow's process, parallel items
    submitted to the flow's task runner, ``2 × workers`` in flight."""

    def __init__(self, workers: int, charts_ahead: bool = False) -> None:
        self.workers, self.charts_ahead = workers, charts_ahead

    def step(self, key: str, fn: Callable[..., Any], *args: Any) -> Any:
        if key == "deduplicate" and self.charts_ahead:  # the pool idles from here on: ready it for the charts
            pool = runners.running_pool()
            if pool is not None:
                pool.shutdown()  # fresh workers for the charts: the cleaning workers' grown heaps are let go
            charts.warm_up(pool, self.workers)
        return serial_step.with_options(name=STEPS[key], **STEP_OPTIONS.get(key, {}))(fn, *args)

    def map(self, key: str, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        total = f"/{len(items)}" if isinstance(items, list) else ""

        def label(n: int, item: Any) -> str:
            size = len(item) if isinstance(item, list) else len(getattr(item, "jobs", ()))
            what = "inputs" if key == "clean" else "articles"
            return f"{STEPS[key]} {n}{total} ({size} {what})"

        if key == "clean" and items:  # a list of batches: empty in an unchanged re-run
            # datasketch and scipy (0.5 s of CPU), which the serial deduplicate step would import, load in this
            # process while the pool cleans
            threading.Thread(target=importlib.import_module, args=("datasketch",), daemon=True).start()
        with runners.cpu_pool():
            yield from _run_on_pool(PARALLEL_TASKS[key], fn, items, 2 * self.workers, label)


@task(name="6. report", cache_policy=NO_CACHE)
def publish_report(clean_dir: str, summary: dict[str, Any], write_html: bool) -> dict[str, Any]:
    """The run's report as Prefect artifacts (markdown and tables), and ``CLEAN_DIR/report.html`` if ``write_html``."""
    return report_run(clean_dir, summary, write_html=write_html)


def _run_name() -> str:
    """``raw → clean`` in the Prefect UI, so runs over different folders are told apart at a glance."""
    from prefect.runtime import flow_run

    params = flow_run.parameters or {}
    return f"{params.get('raw_dir') or 'raw'} → {params.get('clean_dir') or 'clean'}"


@flow(name="clean-news", flow_run_name=_run_name, task_runner=runners.task_runner(), validate_parameters=True)
def clean_news(
    raw_dir: Annotated[str | None, FromSetting("raw_dir")] = None,
    clean_dir: Annotated[str | None, FromSetting("clean_dir")] = None,
    jaccard_threshold: Annotated[float | None, FromSetting("jaccard_threshold")] = None,
    containment_threshold: Annotated[float | None, FromSetting("containment_threshold")] = None,
    lsh_threshold: Annotated[float | None, FromSetting("lsh_threshold")] = None,
    min_words: Annotated[int | None, FromSetting("min_words")] = None,
    shingle_size: Annotated[int | None, FromSetting("shingle_size")] = None,
    num_perm: Annotated[int | None, FromSetting("num_perm")] = None,
    max_bytes: Annotated[Size | None, FromSetting("max_bytes")] = None,
    batch_size: Annotated[int | None, FromSetting("batch_size")] = None,
    redis_url: Annotated[str | None, FromSetting("redis_url")] = None,
    fields: Annotated[list[str] | None, Field(description=help_text("fields"))] = None,
    wait: Annotated[float, Field(ge=0)] = 0.0,
    show_progress: bool = False,
    report: bool = True,
    max_mb: Annotated[float | None, Field(gt=0)] = None,
) -> dict[str, Any]:
    """Clean every raw file under ``raw_dir`` into ``clean_dir`` (incremental: unchanged files are skipped).

    The parameters from ``raw_dir`` to ``fields`` are the settings of the same names
    (:class:`cleaners.settings.Settings`: their help, ranges and defaults are read from its
    fields, ``FromSetting``); left empty they come from ``NEWSCLEAN_*`` variables,
    ``newsclean.toml``, or the defaults.

    Args:
        fields: Where a JSON record keeps newsclean's fields, as FIELD=KEY (text=article_body,
            published=pub_date; a key may be a dotted path like source.name), tried before the scraper table.
        wait: Seconds to wait for another run holding clean_dir before failing (0: fail at once).
        show_progress: Show a progress bar on the terminal (for the CLI).
        report: Also write clean_dir/report.html (the report is always published as artifacts).
        max_mb: Deprecated: the old name of max_bytes, in MB (2**20 bytes); still accepted, logged as deprecated.

    Batches run on the flow's task runner: a process pool by default, Dask with
    :func:`for_cluster` (``newsclean run --workers N`` or ``--dask-address``).
    """
    from prefect.context import FlowRunContext

    logger = get_run_logger()
    resolved = settings_from_parameters(
        raw_dir=raw_dir, clean_dir=clean_dir, jaccard_threshold=jaccard_threshold,
        containment_threshold=containment_threshold, lsh_threshold=lsh_threshold, min_words=min_words,
        shingle_size=shingle_size, num_perm=num_perm, max_bytes=max_bytes, batch_size=batch_size,
        redis_url=redis_url, fields=fields, max_mb=max_mb)
    settings = resolved.settings
    for warning in resolved.warnings:
        logger.warning(warning)
    raw_dir, clean_dir = settings.raw_dir, settings.clean_dir
    if not Path(raw_dir).is_dir():
        raise ValueError(f"raw_dir {raw_dir!r} is not a folder (resolved from {Path(raw_dir).resolve()}); "
                         "give the folder of raw scraped files")
    if problem := folder_problem(raw_dir, clean_dir):  # RAW_DIR vs CLEAN_DIR, before any work
        raise ValueError(problem)
    changed = {k: getattr(settings, k) for k, v in resolved.sources.items() if v != "default"}
    logger.info("settings: %s", ", ".join(f"{k}={v} ({resolved.sources[k]})" for k, v in changed.items()) or "defaults")
    ctx = FlowRunContext.get()
    executor = PrefectExecutor(runners.slots(ctx.task_runner if ctx else None), charts_ahead=report)
    # one process pool for the whole run: the site templates' chunks and the report's charts go to the
    # workers that cleaned the batches (warm), not to new ones
    with runners.cpu_pool():
        with _progress(show_progress) as advance:
            summary = run_corpus(raw_dir, clean_dir, settings, executor, wait=wait, on_batch=advance).as_dict()
        logger.info("%s documents: %s; near-duplicate clusters by size %s; %d article files written",
                    summary["documents"], summary["by_status"], summary["cluster_sizes"], summary["articles_written"])
        publish_report(clean_dir, summary, report)
    return summary


def for_cluster(workers: int | None = None, dask_address: str | None = None):
    """The clean-news flow on a local Dask cluster of ``workers`` processes, or on the scheduler at ``dask_address``.

    With neither, the flow as defined (a process pool over this machine's cores).
    """
    if not workers and not dask_address:
        return clean_news
    return clean_news.with_options(task_runner=runners.task_runner(workers, dask_address))


def _run_on_pool(work: Any, fn: Callable[[Any], Any], items: Iterable[Any], in_flight: int,
                 name: Callable[[int, Any], str]) -> Iterator[tuple[Any, Any]]:
    """Submit ``work(fn, item)`` to the task runner for each item, at most ``in_flight`` at once
    (items are read as they are needed); yield ``(item, result)`` as they finish, in order."""
    queue: deque = deque()
    pending = iter(enumerate(items, 1))

    def submit(n: int, item: Any) -> None:
        named = work.with_options(task_run_name=name(n, item))
        queue.append((item, named.submit(fn, item)))

    for n, item in pending:
        submit(n, item)
        if len(queue) >= in_flight:
            break
    while queue:
        item, future = queue.popleft()
        wait_futures([future])
        result = future.result().records
        nxt = next(pending, None)
        if nxt is not None:
            submit(*nxt)
        yield item, result


class _progress:
    """A rich progress bar over batches when asked for (the CLI on a terminal): ``advance(done, total)``."""

    def __init__(self, enabled: bool) -> None:
        self.enabled, self.bar = enabled, None

    def __enter__(self) -> Callable[[int, int], None]:
        if not self.enabled:
            return lambda done, total: None
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.start()
        task_id = self.bar.add_task("cleaning batches", total=None)
        return lambda done, total: self.bar.update(task_id, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
