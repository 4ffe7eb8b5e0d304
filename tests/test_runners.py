"""The process pool's fork server: a copy of the CLI's process, forked before any thread runs."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

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
