"""Ctrl-C in a terminal (issue 12 item 9): SIGINT to the whole foreground process group of `newsclean run`.

A terminal sends SIGINT to every process of its foreground group: the CLI, its API server, the fork
server and the pool workers.  The run is started in a process group (and session) of its own and
the signal is sent to the group with ``os.killpg``, mid-clean (once the state holds a first batch).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaners.corpus.run import run_pipeline

from ..helpers import read_manifest


def _committed(clean: Path) -> int:
    """Documents committed to the state so far (0 while there is no state)."""
    try:
        db = sqlite3.connect(f"{(clean / '.newsclean' / 'state.db').resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _session(sid: int) -> list[str]:
    """The live (not zombie) processes of session ``sid``: their command lines."""
    import psutil

    out = []
    for proc in psutil.process_iter(["pid", "status", "cmdline"]):
        try:
            if os.getsid(proc.pid) == sid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                out.append(" ".join(proc.info["cmdline"] or [])[:100])
        except (OSError, psutil.Error):
            continue
    return out


def _outputs(clean: Path) -> tuple[dict[str, bytes], list[dict]]:
    return ({p.name: p.read_bytes() for p in sorted((clean / "articles").iterdir())}, read_manifest(clean))


@pytest.mark.slow
def test_ctrl_c_stops_at_once_says_what_was_kept_and_the_next_run_finishes(tmp_path: Path, story_source: Path) -> None:
    from bench.corpus import generate

    raw = generate(tmp_path / "corpus", 600, 0, story_source) / "raw"
    run_pipeline(raw, tmp_path / "reference")  # the same run, uninterrupted
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "home"))
    env.pop("PREFECT_API_URL", None)
    clean = tmp_path / "clean"
    cli = [str(Path(sys.executable).with_name("newsclean")), "run", str(raw), str(clean), "--no-progress",
           "--batch-size", "20"]
    run = subprocess.Popen(cli, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True)  # its own group and session, as a terminal's foreground job
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and run.poll() is None and not _committed(clean):
        time.sleep(0.1)
    assert run.poll() is None, "the run ended before it could be interrupted mid-clean"
    assert _committed(clean), "no batch committed in time"

    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C does
    sent = time.monotonic()
    out, err = run.communicate(timeout=60)
    stopped = time.monotonic() - sent

    assert run.returncode == 130
    assert stopped < 10, f"took {stopped:.1f} s to stop"
    assert "Traceback" not in err and "Traceback" not in out
    assert "View at http" not in err  # the run's own API server has no UI, and is gone after the run
    last = err.rstrip("\n").splitlines()[-1]  # before it: the flow's log lines of the batches done
    assert last.startswith("interrupted: ") and "cleaned and kept" in last and "run again" in last, err[-500:]
    assert sum("interrupted" in line for line in err.splitlines()) == 1
    kept = int(last.split()[1].replace(",", ""))
    assert 0 < kept < 600 and kept == _committed(clean)
    assert not _session(run.pid), "processes left behind"  # session: the API server has its own group in it

    again = subprocess.run(cli, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _outputs(clean) == _outputs(tmp_path / "reference")


def test_ctrl_c_before_a_batch_is_saved_says_nothing_was_kept_not_that_nothing_was_cleaned(tmp_path: Path) -> None:
    """Batches may have been cleaned ahead on the pool (flows.ahead) and not saved: the line says "saved"."""
    from flows.interrupt import interrupted_message

    line = interrupted_message(tmp_path / "clean")
    assert line == "interrupted before any document was saved: nothing kept; run again to start"
