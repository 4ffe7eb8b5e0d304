"""Cleaning ahead: ``newsclean run`` cleans its first batches while Prefect's API server starts.

The temporary API server takes one core for several seconds before the flow can start (``newsclean
run`` over an empty folder: ``bench.startup``), and on a machine of two cores the other one idles
meanwhile.  :func:`clean_ahead` plans the run as the flow will (:func:`~cleaners.corpus.plan.preview_plan`:
read only, no lock) and cleans its batches on the run's process pool, one at a time (the server keeps
its core), until the flow's own clean step begins.  The flow's clean task then asks :func:`take` for
its batch first: a batch cleaned ahead is handed over only when its key is the same now
(:meth:`~cleaners.corpus.clean.CleanBatch.key`: same settings, same work items, the files' size and
modification time unchanged since), so a run's records are those it would have made itself; anything
else is cleaned as always, and a batch cleaned ahead that the run does not plan is dropped.

Only the standard library is imported at module level (like :mod:`flows.runners`).
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_AHEAD: contextvars.ContextVar[Ahead | None] = contextvars.ContextVar("newsclean_ahead", default=None)


class Ahead:
    """Work begun before the flow asks for it: ``fn(item)`` for each item of ``items()`` in order (called in
    the thread: planning is work too), on ``submit`` (a process pool's), one item in flight at a time,
    until :meth:`stop` or the first :meth:`take`.

    ``key(item)`` is what the work depends on at the moment it is called; :meth:`take` hands over
    the future of the item begun under that very key, once.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(1) as pool:
    ...     ahead = Ahead(pool.submit, sum, lambda: [[1, 2], [3, 4]], key=tuple).start()
    ...     ahead.join()
    ...     ahead.take((1, 2)).result(), ahead.take((1, 2)), ahead.begun
    (3, None, 2)
    """

    def __init__(self, submit: Callable[..., Future], fn: Callable[[Any], Any], items: Callable[[], list[Any]],
                 key: Callable[[Any], Hashable]) -> None:
        self.submit, self.fn, self.items, self.key = submit, fn, items, key
        self.futures: dict[Hashable, Future] = {}
        self.begun = 0  # items handed to the pool
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> Ahead:
        self._thread = threading.Thread(target=self._run, name="newsclean-clean-ahead", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            items = self.items()
        except Exception as exc:  # noqa: BLE001 — a damaged or locked state: the run itself reports it
            log.debug("no cleaning ahead: %s", exc)
            return
        for item in items:
            if self._stop.is_set():
                return
            key = self.key(item)
            with self._lock:
                if self._stop.is_set():
                    return
                future = self.futures[key] = self.submit(self.fn, item)
                self.begun += 1
            try:
                future.result()  # one at a time: the API server keeps its core
            except Exception:  # noqa: BLE001 — the pool is gone (the run ended); the flow cleans as always
                return

    def take(self, key: Hashable) -> Future | None:
        """The future of the item begun under ``key`` (None when none was); no item is begun after this."""
        self._stop.set()
        with self._lock:
            return self.futures.pop(key, None)

    def stop(self) -> None:
        """Begin no more items (one in flight finishes on the pool)."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)


#: The most batches cleaned ahead: the API server starts in 4-9 s of wall on the 2-core machines this was
#: measured on (``bench.startup``), and a batch of 200 documents takes ~2 s on one core (``bench.perf``'s
#: plain loop), so 4-5 batches are begun at most; 8 leaves room for a slower server.  The preview walks
#: RAW_DIR only as far as these need (a walk and hash of 200,000 files took tens of seconds, and ran
#: beside the run's own plan).
AHEAD_BATCHES = 8


def clean_ahead(pool: Any, raw_dir: str | Path, clean_dir: str | Path, settings: Any, workers: int) -> Ahead:
    """Begin cleaning the first batches the run will plan (:func:`~cleaners.corpus.plan.preview_plan`, cut as the
    run cuts them: :func:`~cleaners.corpus.plan.split_evenly`; at most :data:`AHEAD_BATCHES`, or ``2 × workers``
    if more) on ``pool`` (a :class:`flows.runners.LocalPool`), in a thread (a state it cannot read: nothing is
    begun, and the run says why)."""
    from cleaners.corpus.clean import CleanBatch
    from cleaners.corpus.plan import preview_plan, split_evenly

    clean = CleanBatch(settings)
    most = max(AHEAD_BATCHES, 2 * workers)  # with 2 × workers batches or more, the run does not re-cut them

    def batches() -> list[Any]:
        plan = preview_plan(raw_dir, clean_dir, settings, max_items=(most + 1) * settings.batch_size)
        return split_evenly(plan.batches, workers) if plan.complete else plan.batches[:most]

    return Ahead(pool.submit, clean, batches, key=clean.key).start()


@contextmanager
def ahead_of_the_flow(ahead: Ahead | None) -> Iterator[Ahead | None]:
    """Make ``ahead`` the one :func:`take` asks while the block runs (the flow call); stop it after."""
    token = _AHEAD.set(ahead)
    try:
        yield ahead
    finally:
        _AHEAD.reset(token)
        if ahead is not None:
            ahead.stop()


def take(fn: Any, item: Any) -> Future | None:
    """The future of ``fn(item)`` begun ahead under the key ``fn.key(item)`` has now, if any (none outside
    :func:`ahead_of_the_flow`, or for a ``fn`` without ``key``)."""
    ahead = _AHEAD.get()
    key_of = getattr(fn, "key", None)
    if ahead is None or key_of is None:
        return None
    return ahead.take(key_of(item))
