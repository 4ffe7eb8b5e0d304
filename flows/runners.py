"""Where the clean batches run: the built-in process pool, a local Dask cluster, or an existing one.

    newsclean run raw/ clean/                                  # process pool, one process per core
    newsclean run raw/ clean/ --workers 4                      # a local Dask cluster of 4 processes
    newsclean run raw/ clean/ --dask-address tcp://sched:8786  # an existing Dask cluster

The flow is the same in every case; only its task runner is swapped
(``clean_news.with_options(task_runner=...)``).  Cleaning is CPU-bound Python,
so every Dask worker is a process with one thread.

The process pool is Prefect's ``ProcessPoolTaskRunner`` with one change: its workers are
forked from a *fork server* that has already imported Prefect, the cleaners and
trafilatura (:data:`PRELOAD`), instead of each being a fresh ``spawn`` interpreter that
imports them again (2.5-3 s of CPU per worker, measured with ``bench.perf``).  The fork
server is a single-threaded process, so forking it is safe (unlike forking the flow's
process once Prefect's threads run).  ``newsclean run`` makes it from its own process
(:func:`fork_server_from_here`: a fork taken after the flow is imported and before any thread
starts, while Prefect's API server is still starting), so nothing is imported twice; a flow
started any other way gets a fork server that imports :data:`PRELOAD` itself
(:func:`warm_up`, or at the first worker).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from prefect.task_runners import ProcessPoolTaskRunner

#: What the fork server imports once, so that every worker forked from it starts ready.
PRELOAD = ["flows.clean_news", "prefect.task_engine", "trafilatura"]

_log = logging.getLogger(__name__)


def warm_up() -> None:
    """Start the fork server now (it imports :data:`PRELOAD` in the background); idempotent.

    ``newsclean run`` calls it when it cannot fork itself as the server (:func:`fork_server_from_here`).
    """
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()


def fork_server_from_here() -> bool:
    """Make this process's current state the process pool's fork server: fork it now.

    A process that has imported everything a worker needs (the CLI, once it imported the
    flow) and runs no thread yet can be the template of every worker: the fork server is
    this process forked, with nothing left to import (a preloading fork server imports for
    2-3 s of CPU first).  Returns False, doing nothing, when that is not safe or not
    known to work — threads already running, a fork server already started, a Python
    whose ``multiprocessing.forkserver`` differs from the one this follows (3.11/3.12) —
    and the caller falls back to :func:`warm_up`.
    """
    import inspect
    import socket
    from multiprocessing import connection, forkserver, resource_tracker, util

    server = getattr(forkserver, "_forkserver", None)
    expected = ["listener_fd", "alive_r", "preload", "main_path", "sys_path"]
    if (threading.active_count() != 1 or server is None or not hasattr(os, "fork")
            or list(inspect.signature(forkserver.main).parameters) != expected
            or not all(hasattr(server, a) for a in ("_lock", "_forkserver_pid", "_forkserver_address",
                                                    "_forkserver_alive_fd"))):
        return False
    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)  # for a restart, should it die
    with server._lock:
        if server._forkserver_pid is not None:
            return False
        resource_tracker.ensure_running()  # before the fork, so the workers share this process's tracker
        with socket.socket(socket.AF_UNIX) as listener:
            address = connection.arbitrary_address("AF_UNIX")
            listener.bind(address)
            if not util.is_abstract_socket_namespace(address):
                os.chmod(address, 0o600)
            listener.listen()
            alive_r, alive_w = os.pipe()  # the server ends when this process closes alive_w (exits)
            pid = os.fork()
            if pid == 0:  # the fork server: never return into the CLI (its atexit handlers stop the API server)
                try:
                    os.close(alive_w)
                    # Everything imported so far lives as long as the workers: out of the garbage
                    # collector's sight, so its passes neither walk it nor copy its shared pages.
                    gc.freeze()
                    forkserver.main(listener.fileno(), alive_r, [])
                finally:
                    os._exit(0)
            os.close(alive_r)
        server._forkserver_address, server._forkserver_alive_fd, server._forkserver_pid = address, alive_w, pid
    return True


def _init_worker(prefect_init: Any, *args: Any) -> None:
    """A worker's set-up: end with the flow's process, then Prefect's own (event and log forwarding).

    A worker blocks on its task queue, which it holds both ends of, so it would outlive a
    killed flow (kill -9) forever; a thread waits for the flow's process to end and exits.
    """
    parent = multiprocessing.parent_process()
    if parent is not None:
        def exit_with_parent() -> None:
            multiprocessing.connection.wait([parent.sentinel])
            os._exit(1)

        threading.Thread(target=exit_with_parent, name="newsclean-exit-with-flow", daemon=True).start()
    prefect_init(*args)


class ForkServerProcessPoolTaskRunner(ProcessPoolTaskRunner):
    """Prefect's process pool with workers forked from a preloaded fork server (see the module's doc).

    Everything else is Prefect's: events and logs forwarded from the workers, cancellation,
    cloudpickled tasks, each task run with the flow's environment.  Should a Prefect release
    rename the internals this relies on, it falls back to Prefect's own spawn pool.
    """

    def __enter__(self) -> ForkServerProcessPoolTaskRunner:
        from prefect import task_runners as prefect_runners

        worker_init = getattr(prefect_runners, "_initialize_process_pool_worker", None)
        if worker_init is None or not hasattr(self, "_forward_subprocess_messages"):  # pragma: no cover
            _log.debug("prefect's process pool internals changed: using its spawn pool")
            return super().__enter__()
        super(ProcessPoolTaskRunner, self).__enter__()  # TaskRunner's bookkeeping, not the spawn pool
        context = multiprocessing.get_context("forkserver")
        # The fork server starts with the first worker, unless `warm_up` started it already.  (Not here:
        # Prefect also enters the flow's runner inside each worker, which must not start a server of its own.)
        context.set_forkserver_preload(PRELOAD)
        self._subprocess_message_queue = context.Queue()
        self._message_forwarding_thread = threading.Thread(
            target=self._forward_subprocess_messages, name="ProcessPoolTaskRunnerMessageForwarder", daemon=True)
        self._message_forwarding_thread.start()
        try:
            self._executor = ProcessPoolExecutor(
                max_workers=self._max_workers, mp_context=context, initializer=_init_worker,
                initargs=(worker_init, self._subprocess_message_queue, getattr(self, "_initializer", None),
                          getattr(self, "_initargs", ())))
            self._resolver_executor = ThreadPoolExecutor(max_workers=self._max_workers)
        except Exception:
            if self._executor is not None:
                self._executor.shutdown(cancel_futures=True, wait=True)
                self._executor = None
            self._stop_message_forwarding()
            raise
        return self


def task_runner(workers: int | None = None, dask_address: str | None = None) -> Any:
    """The task runner for a run: Dask when asked for (an address, or a worker count), else a process pool.

    >>> type(task_runner()).__name__
    'ForkServerProcessPoolTaskRunner'
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
    return ForkServerProcessPoolTaskRunner(max_workers=default_workers())


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
