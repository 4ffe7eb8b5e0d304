"""The report's two charts drawn on the run's process pool, side by side, while the flow process publishes.

A first run's report draws two matplotlib charts (:func:`cleaners.views.report.charts.report_charts`):
importing matplotlib and drawing them cost 1.7 s of the flow process's CPU at the very end of a
run, on one core while the other idled (2,000 documents, ``time.process_time``).  When the run's
process pool is already running (:func:`flows.runners.running_pool`), :func:`warm_up` has its
workers import matplotlib while the flow process deduplicates and writes (the workers are idle
then; importing it in the fork server instead cost every worker's memory for the whole run, and
every run that has files the import), :func:`predraw` hands each chart that is not in the clean
dir's chart cache to a worker, and :func:`keep` puts what they drew into the cache, so that
``write_report`` then reads both charts back instead of drawing them.  The charts are the same
calls on the same data, so ``report.html`` is byte for byte what the flow would have drawn; only
the flow process writes the clean dir.  Without a running pool (Dask, an unchanged re-run) nothing
changes.  Only the standard library is imported here at module level: the workers import this module.
"""

from __future__ import annotations

import os
from concurrent.futures import Future
from typing import Any

#: Chart name -> the report key it shows (as :func:`cleaners.views.report.charts.report_charts` draws them).
CHARTS = {"timeline": "timeline", "clusters": "cluster_sizes"}


class Missing(Exception):
    """Raised inside the chart cache to learn that a chart is not kept there (nothing is written then)."""


def load_matplotlib() -> None:
    """Import what drawing a chart needs (what a pool worker runs ahead of :func:`draw`)."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401


def warm_up(pool: Any, workers: int) -> list[Future]:
    """Have ``workers`` idle workers of ``pool`` import matplotlib now (no pool: nothing).

    >>> warm_up(None, 2)
    []
    """
    return [] if pool is None else [pool.submit(load_matplotlib) for _ in range(workers)]


def draw(name: str, data: Any) -> str | None:
    """One chart of the report as a PNG data URI (what a pool worker runs)."""
    from cleaners.views.report import charts

    return {"timeline": charts.timeline_chart, "clusters": charts.cluster_chart}[name](data)


def predraw(pool: Any, clean_dir: str | os.PathLike[str], report: dict[str, Any]) -> dict[str, Future]:
    """Submit each chart of ``report`` that the clean dir's chart cache does not hold to ``pool``
    (``submit(fn, *args) -> Future``); ``{name: future}``.  Nothing is submitted without a pool.

    >>> import tempfile
    >>> predraw(None, tempfile.mkdtemp(), {"timeline": {}, "cluster_sizes": {}})
    {}
    """
    if pool is None:
        return {}
    from cleaners.views.report.charts import ChartCache, chart_folder

    cache, pending = ChartCache(chart_folder(clean_dir)), {}
    for name, key in CHARTS.items():
        def submit(data: Any, name: str = name) -> str | None:
            pending[name] = pool.submit(draw, name, data)
            raise Missing(name)

        try:
            cache.chart(name, submit, report[key])  # a kept chart is read back: nothing to draw
        except Missing:
            pass
    return pending


def keep(clean_dir: str | os.PathLike[str], report: dict[str, Any], pending: dict[str, Future]) -> None:
    """Put the charts the pool drew into the clean dir's chart cache (a chart whose worker failed is
    drawn here instead)."""
    if not pending:
        return
    from cleaners.views.report.charts import ChartCache, chart_folder

    cache = ChartCache(chart_folder(clean_dir))
    for name, future in pending.items():
        def drawn(data: Any, future: Future = future, name: str = name) -> str | None:
            try:
                return future.result()
            except Exception:  # noqa: BLE001 — a broken pool: the same chart, drawn in this process
                return draw(name, data)

        cache.chart(name, drawn, report[CHARTS[name]])
