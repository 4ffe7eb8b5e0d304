"""Where the flow's CPU work runs: this machine's process pool, a local Dask cluster, or an existing one.

    newsclean run raw/ clean/                                  # a process pool, one process per core
    newsclean run raw/ clean/ --workers 4                      # a local Dask cluster of 4 processes
    newsclean run raw/ clean/ --dask-address tcp://sched:8786  # an existing Dask cluster

The flow is the same in every case; only its task runner is swapped
(``clean_news.with_options(task_runner=...)``).  A task hands its CPU work (a batch to clean,
a chunk of site templates to apply) to :func:`run_cpu`:

* On this machine the tasks run on Prefect's ``ThreadPoolTaskRunner``, in the flow's process,
  and :func:`run_cpu` sends the work to a plain ``concurrent.futures.ProcessPoolExecutor``
  (:func:`cpu_pool`, which the flow enters) and waits for it.  Prefect records each task run
  as before (``2. clean batch 3/12 (200 inputs)``), but its workers are ordinary Python
  processes that never import Prefect: they start from a *fork server* that imported the
  cleaners and trafilatura once (:data:`PRELOAD`, ``multiprocessing``'s public
  ``set_forkserver_preload``; ~0.8 s of CPU, spent while Prefect's API server starts:
  :func:`warm_up`; 1.3 s while it also imported datasketch and scipy, which a worker's
  signatures no longer need), so a worker costs a fork, not the 2.5-3 s of
  CPU that a fresh interpreter importing Prefect, the cleaners and trafilatura took (measured
  with ``bench.perf``).  Without Prefect in them the workers are smaller too: peak PSS of a
  2,000-document run 620 MB → 465 MB, RSS summed 900 MB → 690 MB (``bench.perf``, 2 cores).
* On Dask every worker is a process with one thread, the task runs there, and :func:`run_cpu`
  does the work in place.

Only the standard library is imported here at module level: the pool's workers import this
module (for :func:`chain` and their start-up), and must not pay for Prefect.
"""

from __future__ import annotations

import contextvars
import gc
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

#: What the fork server imports once, so that every pool worker forked from it starts ready:
#: this module (the workers' start-up), the per-document cleaners and what they load lazily.
#: A name that does not import is skipped by ``multiprocessing`` (the worker imports it later).
# Not datasketch: a worker's signatures need numpy only (cleaners.dedup.minhash); the flow's own
# process imports it for the near-duplicate step.
PRELOAD = ("flows.runners", "cleaners.document", "cleaners.corpus.store", "cleaners.corpus.run", "trafilatura",
           # what the cleaners import on first use (`newsclean clean`'s start-up), a corpus's workers at once
           "ftfy", "ftfy.bad_codecs", "ftfy.badness", "regex")

_POOL: contextvars.ContextVar[LocalPool | None] = contextvars.ContextVar("newsclean_cpu_pool", default=None)


def default_workers() -> int:
    """Cores this process may use (the affinity mask, not the machine's count, where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def task_runner(workers: int | None = None, dask_address: str | None = None) -> Any:
    """The task runner for a run: Dask when asked for (an address, or a worker count), else Prefect's
    thread pool, whose tasks send their CPU work to this machine's process pool (:func:`cpu_pool`).

    The thread pool has two threads per core: one batch running in each pool process, one waiting.

    >>> r = task_runner(); type(r).__name__, slots(r) == default_workers()
    ('ThreadPoolTaskRunner', True)
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
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=2 * default_workers())


def slots(runner: Any) -> int:
    """How many pieces of CPU work run at once: the Dask cluster's threads, else this machine's cores
    (the process pool's size)."""
    dask = sys.modules.get("prefect_dask")  # not imported: the runner is not Dask's (importing it costs ~1 s)
    if dask is not None and isinstance(runner, dask.DaskTaskRunner):
        try:
            return max(1, sum(runner.client.nthreads().values()))
        except Exception:  # noqa: BLE001 — a cluster that cannot say still runs the work
            return default_workers()
    return default_workers()


def uses_local_pool(runner: Any) -> bool:
    """Whether the runner's tasks run in this process (Prefect's thread pool), so that their CPU work
    belongs on this machine's process pool; on Dask or a process pool they are already elsewhere."""
    from prefect.task_runners import ThreadPoolTaskRunner

    return isinstance(runner, ThreadPoolTaskRunner)


class LocalPool:
    """This machine's process pool, started on first use (a run with nothing to clean starts no process).

    A plain ``ProcessPoolExecutor`` over the ``forkserver`` context: its workers are forked from
    the fork server (:func:`warm_up`) and run :func:`worker_started` first.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        with self._lock:
            if self.executor is None:
                warm_up()  # does nothing when `newsclean run` started the fork server already
                self.executor = ProcessPoolExecutor(max_workers=self.workers,
                                                    mp_context=multiprocessing.get_context("forkserver"),
                                                    initializer=worker_started)
        return self.executor.submit(fn, *args)

    @property
    def started(self) -> bool:
        """Whether the workers were started (something was submitted)."""
        return self.executor is not None

    def shutdown(self) -> None:
        """Stop the workers once the work already handed over is done (work not started is dropped)."""
        with self._lock:
            executor, self.executor = self.executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def cpu_pool(runner: Any = None, workers: int | None = None) -> Iterator[LocalPool | None]:
    """This machine's process pool for :func:`run_cpu` while the block runs; enter it once per flow run.

    Only when ``runner`` (default: the current flow run's) runs its tasks in this process
    (:func:`uses_local_pool`); otherwise it yields None and :func:`run_cpu` works in place.  The
    pool has ``workers`` processes (default: :func:`default_workers`).  Tasks submitted inside the
    block see the pool: Prefect's thread pool runs each task in a copy of the submitting thread's
    context (a thread of your own needs ``contextvars.copy_context().run``).  Inside the block of
    another ``cpu_pool`` it yields that pool (one pool, and warm workers, for every step of a run).
    """
    current = _POOL.get()
    if current is not None:
        yield current
        return
    if runner is None:
        from prefect.context import FlowRunContext

        context = FlowRunContext.get()
        runner = context.task_runner if context is not None else None
    if not uses_local_pool(runner):
        yield None
        return
    pool = LocalPool(workers)
    token = _POOL.set(pool)
    try:
        yield pool
    finally:
        _POOL.reset(token)
        pool.shutdown()


def run_cpu(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` on the process pool of the enclosing :func:`cpu_pool`, waiting for the result;
    in this process where there is none (a Dask worker, a plain call).

    ``fn`` and ``args`` cross to a worker by pickle: ``fn`` must be a module-level function (or
    a :func:`chain` of them) of a module that does not import Prefect.

    >>> run_cpu(sum, [1, 2, 3])  # no pool here: in place
    6
    """
    pool = _POOL.get()
    if pool is None:
        return fn(*args)
    return pool.submit(fn, *args).result()


def running_pool() -> LocalPool | None:
    """The enclosing :func:`cpu_pool`'s pool if its workers are already running, else None (work that is
    not worth starting them for does better in place)."""
    pool = _POOL.get()
    return pool if pool is not None and pool.started else None


class chain:  # noqa: N801 — used like a function
    """``chain(f, g, h)(*args) == h(g(f(*args)))``, picklable: several steps in one trip to a worker.

    >>> chain(sorted, tuple)([3, 1, 2])
    (1, 2, 3)
    """

    def __init__(self, first: Callable[..., Any], *then: Callable[[Any], Any]) -> None:
        self.steps = (first, *then)

    def __call__(self, *args: Any) -> Any:
        first, *then = self.steps
        result = first(*args)
        for step in then:
            result = step(result)
        return result

    def __repr__(self) -> str:
        return f"chain({', '.join(getattr(s, '__qualname__', repr(s)) for s in self.steps)})"


def warm_up(extra: tuple[str, ...] = ()) -> None:
    """Start the pool's fork server now, so that it imports :data:`PRELOAD` (and ``extra``) while
    the caller does something else (``newsclean run``: while Prefect's API server starts).

    Without it the fork server starts with the first pool worker, and the first batch waits for
    its imports (~0.8 s of CPU).  ``set_forkserver_preload`` is documented; ``ensure_running``
    is in ``multiprocessing.forkserver.__all__``: it returns at once (the server imports in the
    background) and does nothing when the server already runs.

    The fork server is a new interpreter (``python -c``), whose import path would start with
    the current folder, not this process's: run from another checkout of newsclean, the workers
    would load that checkout's cleaners (seen: a run failed so).  It gets this process's
    ``sys.path`` instead, through the documented ``PYTHONPATH`` and ``PYTHONSAFEPATH`` (3.11+:
    nothing prepended), set only while it starts.
    """
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload([*PRELOAD, *extra])
    path = os.pathsep.join(entry or os.getcwd() for entry in sys.path)
    with _environ(PYTHONPATH=path, PYTHONSAFEPATH="1"):
        forkserver.ensure_running()


@contextmanager
def _environ(**values: str) -> Iterator[None]:
    """These environment variables set while the block runs, then put back as they were."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def worker_started() -> None:
    """A pool worker's start-up: end with the process that started the pool, and keep the
    preloaded modules out of the garbage collector's passes.

    A worker blocks reading its task queue, whose write end it holds too, so it would outlive a
    flow killed with ``kill -9`` forever: a thread waits on the parent's sentinel
    (``multiprocessing.parent_process()``) and ends the worker.  ``gc.freeze()`` moves what the
    fork server imported to the permanent generation, so the worker's collections neither walk
    it nor copy the pages it shares with the other workers (Python's documented use of it
    after a fork; its saving was not measured apart).
    """
    gc.freeze()
    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - only ever a pool worker
        return

    def exit_with_parent() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=exit_with_parent, name="newsclean-exit-with-flow", daemon=True).start()
