"""Where the clean batches run: the built-in process pool, a local Dask cluster, or an existing one.

    newsclean run raw/ clean/                                  # process pool, one process per core
    newsclean run raw/ clean/ --workers 4                      # a local Dask cluster of 4 processes
    newsclean run raw/ clean/ --dask-address tcp://sched:8786  # an existing Dask cluster

The flow is the same in every case; only its task runner is swapped
(``clean_news.with_options(task_runner=...)``).  Cleaning is CPU-bound Python,
so every Dask worker is a process with one thread.
"""

from __future__ import annotations

import os
from typing import Any


def task_runner(workers: int | None = None, dask_address: str | None = None) -> Any:
    """The task runner for a run: Dask when asked for (an address, or a worker count), else a process pool.

    >>> type(task_runner()).__name__
    'ProcessPoolTaskRunner'
    >>> r = task_runner(workers=3); type(r).__name__, r.cluster_kwargs["n_workers"]
    ('DaskTaskRunner', 3)
    >>> task_runner(dask_address="tcp://10.0.0.5:8786").address
    'tcp://10.0.0.5:8786'
    """
    if dask_address and workers:
        raise ValueError("give either a Dask scheduler address or a number of local workers, not both")
    if dask_address or workers:
        # distributed logs every worker start and stop at INFO; a user's own DASK_* setting wins.
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                              "dashboard_address": None})
    from prefect.task_runners import ProcessPoolTaskRunner

    return ProcessPoolTaskRunner(max_workers=default_workers())


def default_workers() -> int:
    """Cores this process may use (the affinity mask, not the machine's count, where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def slots(runner: Any) -> int:
    """How many batches the runner works on at once: its worker processes, or the Dask cluster's threads."""
    client = getattr(runner, "_client", None)
    if client is not None:
        try:
            return max(1, sum(client.nthreads().values()))
        except Exception:  # noqa: BLE001 — a cluster that cannot say still runs the work
            return default_workers()
    return getattr(runner, "_max_workers", None) or default_workers()
