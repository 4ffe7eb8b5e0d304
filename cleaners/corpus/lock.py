"""The clean dir's lock: one run at a time writes a clean dir.

A :mod:`filelock` lock on ``CLEAN_DIR/.newsclean/lock`` (an OS lock, so a crashed run never leaves it
held); the holder's pid is written beside it (``lock.pid``) so that a second run can name it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from cleaners.corpus.store import STATE_DIR


class Busy(RuntimeError):
    """Another run holds the clean dir."""


@contextmanager
def locked(clean_dir: str | os.PathLike[str], *, wait: float = 0.0) -> Iterator[None]:
    """Hold the clean dir's lock; wait up to ``wait`` seconds for it, else raise :class:`Busy`.

    The lock is ``filelock``'s (an OS lock on ``.newsclean/lock``); the holder's pid is written
    beside it (``lock.pid``) so that the message can name it.

    >>> import tempfile
    >>> clean = tempfile.mkdtemp()
    >>> with locked(clean):
    ...     with locked(clean):  # doctest: +ELLIPSIS
    ...         pass
    Traceback (most recent call last):
    ...
    cleaners.corpus.lock.Busy: another newsclean run (pid ...) is using ...; wait for it to finish or pass --wait SECONDS
    """
    state = Path(clean_dir) / STATE_DIR
    try:
        state.mkdir(parents=True, exist_ok=True)
        lock = FileLock(state / "lock", timeout=wait, thread_local=False)
        lock.acquire()
    except Timeout:
        try:
            holder = (state / "lock.pid").read_text().strip()
        except OSError:
            holder = ""
        raise Busy(f"another newsclean run (pid {holder or 'unknown'}) is using {clean_dir}; "
                   "wait for it to finish or pass --wait SECONDS") from None
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write to the clean folder {clean_dir}: {exc.strerror}") from exc
    try:
        try:
            (state / "lock.pid").write_text(str(os.getpid()))
        except OSError:
            pass
        yield
    finally:
        lock.release()


def busy(clean_dir: str | os.PathLike[str]) -> str | None:
    """Why a run cannot start on ``clean_dir`` now (:class:`Busy`'s message: another run holds its lock),
    or None (the lock is taken and given back at once).  ``newsclean run`` asks it before it starts
    Prefect's API server, so that a refused run says so at once instead of once its flow has started;
    the run still takes the lock itself (the answer may be stale by then).

    >>> import tempfile
    >>> clean = tempfile.mkdtemp()
    >>> busy(clean) is None
    True
    >>> with locked(clean):
    ...     busy(clean).startswith("another newsclean run")
    True
    """
    try:
        with locked(clean_dir):
            return None
    except Busy as exc:
        return str(exc)
