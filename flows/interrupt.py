"""Ctrl-C during ``newsclean run`` (issue 12 item 9): stop within seconds, say what was kept, leave nothing running.

A terminal sends SIGINT to every process of its foreground group.  ``newsclean run`` arranges that
only its own process acts on it: Prefect's API server runs in a process group of its own
(:func:`flows.startup.start_api_server`) and the process pool's fork server and workers ignore it
(``newsclean run`` starts the fork server with SIGINT ignored, which it and its workers inherit).
The flow's process then ends them all (:func:`ctrl_c_ends_the_run`).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flows.output import plural


@contextmanager
def ctrl_c_ends_the_run(clean_dir: Path) -> Iterator[dict[str, Any]]:
    """While the block runs, Ctrl-C (SIGINT to the terminal's foreground process group) ends ``run``
    within seconds; the previous handler is put back after.  Yields a dict where the block puts the
    API server it started (``children["server"]``: a ``Popen``), to be stopped too.

    The handler kills the process pool's workers, the fork server and the API server
    (:func:`flows.startup.stop_children`), prints one line (how many documents the state holds:
    each batch is committed as it finishes, so those are kept) and exits 130 (128 + SIGINT, the
    shell's convention) with ``os._exit``: nothing is unwound, exactly as if the run had been
    killed, which the state is built to survive (SQLite transactions; a run interrupted while
    writing is finished by the next run's recovery).  The next run carries on from the state.
    """
    children: dict[str, Any] = {"server": None}

    def interrupted(signum: int, frame: object) -> None:  # noqa: ARG001
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while stopping changes nothing
        # The flow's threads see their work end (a broken pool, a gone server) and would log it: the one
        # line below is all that is printed, so stdout and stderr go to /dev/null from here.
        line = os.dup(2)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        from flows import startup

        startup.stop_children(children["server"])
        os.write(line, (interrupted_message(clean_dir) + "\n").encode("utf-8", "replace"))
        os._exit(130)

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield children
    finally:
        signal.signal(signal.SIGINT, previous)


def interrupted_message(clean_dir: Path) -> str:
    """The one line printed on Ctrl-C: what the state of ``clean_dir`` holds now.

    >>> import tempfile
    >>> interrupted_message(Path(tempfile.mkdtemp()))
    'interrupted before any document was saved: nothing kept; run again to start'
    """
    from cleaners.corpus.store import Store

    try:
        with Store(clean_dir, readonly=True) as store:
            kept = sum(store.counts().values())
    except Exception:  # noqa: BLE001 — no state yet, or one being created: nothing to count
        kept = 0
    if not kept:
        return "interrupted before any document was saved: nothing kept; run again to start"
    return f"interrupted: {plural(kept, 'document')} cleaned and kept in {clean_dir}; run again to finish"


