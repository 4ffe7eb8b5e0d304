"""The process pool's fork server: a copy of the CLI's process, forked before any thread runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .helpers import ROOT

SCRIPT = r"""
import json, multiprocessing, os, threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver

import flows.clean_news
from flows import runners

flows.clean_news.MARK = "set in the parent before the fork"

def facts(_):
    import flows.clean_news
    return os.getppid(), getattr(flows.clean_news, "MARK", None)

if __name__ == "__main__":
    first = runners.fork_server_from_here()
    again = runners.fork_server_from_here()  # already running: no second server
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("forkserver")) as pool:
        seen = list(pool.map(facts, range(4)))
    threading.Thread(target=lambda: None).start()
    print(json.dumps({"first": first, "again": again, "server": forkserver._forkserver._forkserver_pid,
                      "seen": seen, "me": os.getpid()}))
"""


def test_the_fork_server_is_this_process_forked_with_what_it_imported(tmp_path) -> None:
    script = tmp_path / "probe.py"
    script.write_text(SCRIPT)
    out = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    import json

    facts = json.loads(out.stdout.strip().splitlines()[-1])
    assert facts["first"] is True and facts["again"] is False
    assert facts["server"] not in (None, facts["me"])
    for ppid, mark in facts["seen"]:
        assert ppid == facts["server"]  # every worker is a child of the fork server, not of this process
        assert mark == "set in the parent before the fork"  # the server is a copy of this process's state


def test_no_fork_server_is_forked_from_a_process_running_threads(tmp_path) -> None:
    script = tmp_path / "threads.py"
    script.write_text("import threading, time\nfrom flows import runners\n"
                      "threading.Thread(target=time.sleep, args=(1,), daemon=True).start()\n"
                      "print(runners.fork_server_from_here())\n")
    out = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_a_killed_run_leaves_no_process_behind(tmp_path, story_source) -> None:
    """kill -9 of `newsclean run` mid-clean: its API server, fork server and workers all end too."""
    import os
    import signal
    import time
    from pathlib import Path

    import psutil

    from bench.corpus import generate

    generate(tmp_path / "corpus", 1500, 0, story_source)
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "home"))
    env.pop("PREFECT_API_URL", None)
    cli = Path(sys.executable).with_name("newsclean")
    run = subprocess.Popen([str(cli), "run", str(tmp_path / "corpus" / "raw"), str(tmp_path / "clean"), "--no-progress"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    me = psutil.Process(run.pid)
    deadline = time.monotonic() + 180
    family: list[psutil.Process] = []
    while time.monotonic() < deadline and run.poll() is None:
        family = me.children(recursive=True)
        # API server, resource tracker, fork server and the pool's workers (forked: the CLI's command line)
        if sum(" run " in " ".join(p.cmdline()) for p in family if p.is_running()) >= 3:
            break
        time.sleep(0.2)
    assert run.poll() is None, "the run ended before it could be killed mid-clean"
    assert len(family) >= 5, [" ".join(p.cmdline())[:80] for p in family]
    os.kill(run.pid, signal.SIGKILL)
    run.wait()

    def alive(p: psutil.Process) -> bool:
        try:
            return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(p) for p in family):
        time.sleep(0.2)
    assert not [" ".join(p.cmdline())[:80] for p in family if alive(p)]
