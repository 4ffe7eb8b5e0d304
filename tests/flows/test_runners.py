"""How the flow's CPU work runs (this machine's process pool, in place on Dask) and how `newsclean run`
starts and ends: API server, fork server, pool workers, exit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ..helpers import ROOT

if TYPE_CHECKING:
    import psutil

POOL_SCRIPT = r"""
import json, os, sys

def facts():
    loaded = sys.modules.get("cleaners.document")
    return {"pid": os.getpid(), "ppid": os.getppid(), "prefect": "prefect" in sys.modules,
            "cleaners": getattr(loaded, "__file__", None), "trafilatura": "trafilatura" in sys.modules}

if __name__ == "__main__":
    import contextvars
    from concurrent.futures import ThreadPoolExecutor
    from flows import runners

    runners.warm_up()
    with runners.cpu_pool(runners.task_runner(), workers=2) as pool:
        with ThreadPoolExecutor(4) as threads:  # as Prefect's thread pool runs tasks: in a copy of the context
            futures = [threads.submit(contextvars.copy_context().run, runners.run_cpu, facts) for _ in range(4)]
            seen = [f.result() for f in futures]
        inline = runners.run_cpu(facts)  # this thread is inside the pool's block too
    import cleaners.document

    print(json.dumps({"me": os.getpid(), "seen": seen, "inline": inline, "after": runners.run_cpu(facts),
                      "cleaners": cleaners.document.__file__}))
"""


def _script(tmp_path: Path, name: str, text: str) -> Path:
    script = tmp_path / name
    script.write_text(text)
    return script


def test_cpu_work_runs_on_workers_forked_from_a_fork_server_that_preloaded_the_cleaners(tmp_path) -> None:
    """...with the flow's own modules, even run from a folder holding another `cleaners` package
    (the fork server is a new interpreter: it must not import from the current folder)."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "cleaners").mkdir(parents=True)
    (elsewhere / "cleaners" / "__init__.py").write_text("")
    (elsewhere / "cleaners" / "document.py").write_text("WRONG = True\n")
    (tmp_path / "script").mkdir()
    out = subprocess.run([sys.executable, str(_script(tmp_path / "script", "pool.py", POOL_SCRIPT))], cwd=elsewhere,
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    facts = json.loads(out.stdout.strip().splitlines()[-1])
    assert not facts["cleaners"].startswith(str(elsewhere))
    for fact in [*facts["seen"], facts["inline"]]:
        assert fact["pid"] != facts["me"]  # in a pool worker ...
        assert fact["ppid"] != facts["me"]  # ... forked by the fork server, not by this process
        assert fact["cleaners"] == facts["cleaners"] and fact["trafilatura"]  # preloaded: this process's modules
        assert not fact["prefect"]  # the workers never import Prefect
    assert len({f["ppid"] for f in facts["seen"]}) == 1 and len({f["pid"] for f in facts["seen"]}) <= 2
    assert facts["after"]["pid"] == facts["me"]  # outside the block: in place


def test_on_dask_or_outside_a_pool_the_work_runs_in_place() -> None:
    from flows import runners

    with runners.cpu_pool(runners.task_runner(workers=2)) as pool:  # the runner only: no cluster starts
        assert pool is None
        assert runners.run_cpu(os.getpid) == os.getpid()
    assert runners.run_cpu(runners.chain(sorted, tuple), [3, 1, 2]) == (1, 2, 3)


ORPHAN_SCRIPT = r"""
import os, signal, time
from flows import runners

if __name__ == "__main__":
    with runners.cpu_pool(runners.task_runner(), workers=2):
        pids = {runners.run_cpu(os.getpid) for _ in range(20)}
        print(" ".join(map(str, pids)), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # the flow's process dies without a word
"""


def test_pool_workers_end_when_the_flows_process_is_killed(tmp_path) -> None:
    out = subprocess.run([sys.executable, str(_script(tmp_path, "orphan.py", ORPHAN_SCRIPT))], cwd=ROOT,
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == -signal.SIGKILL, out.stderr
    pids = [int(p) for p in out.stdout.split()]
    assert pids
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    assert not [pid for pid in pids if _alive(pid)]


def _alive(process: "int | psutil.Process") -> bool:
    """Running and not a zombie (a Process remembers its start time: a reused pid is not it)."""
    import psutil

    try:
        process = process if isinstance(process, psutil.Process) else psutil.Process(process)
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


EXIT_SCRIPT = r"""
import atexit, os, sys
import flows.cli as cli

class Noisy:  # prints when the interpreter tears the module down (object by object)
    def __del__(self, write=os.write):
        write(2, b"teardown ran\n")

keep = Noisy()

def command():
    if sys.argv[1] == "flow":
        import prefect  # noqa: F401 — a command that ran the flow has Prefect loaded
    atexit.register(lambda: print("a handler registered by the command ran", flush=True))
    print("output", end="")  # unflushed: the exit must flush it
    raise SystemExit(3)

cli.app = command
cli.main()
"""


@pytest.mark.parametrize("command", ["flow", "plain"])
def test_exit_runs_every_exit_handler_then_skips_the_teardown_after_a_flow(tmp_path, command: str) -> None:
    out = subprocess.run([sys.executable, str(_script(tmp_path, "exit.py", EXIT_SCRIPT)), command], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 3  # the command's exit code
    assert out.stdout.startswith("output") and "a handler registered by the command ran" in out.stdout
    # After a flow the process ends without the interpreter's teardown; other commands exit as usual.
    assert ("teardown ran" in out.stderr) is (command == "plain")


@pytest.mark.slow
def test_the_api_server_serves_prefects_api_without_its_ui(tmp_path) -> None:
    """The server `newsclean run` starts before importing Prefect answers as Prefect's temporary server
    does: the API, no UI."""
    import urllib.error
    import urllib.request

    from flows import startup

    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "home"))
    env.pop("PREFECT_API_URL", None)
    url, server = startup.start_api_server(env)
    try:
        startup.wait_for_api_server(url, server)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
        with opener.open(url + "/health", timeout=10) as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as no_ui:
            opener.open(url.removesuffix("/api") + "/", timeout=10)
        assert no_ui.value.code == 404
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_a_run_exits_with_its_code_and_leaves_no_process_behind(tmp_path, raw_copy) -> None:
    """`newsclean run` with its own API server: the summary is printed in full, the exit code is the
    command's (0, then 2 on a busy clean dir), and the server, fork server and workers are gone."""
    import psutil

    from cleaners.corpus.lock import locked

    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "home"))
    env.pop("PREFECT_API_URL", None)
    cli = Path(sys.executable).with_name("newsclean")
    command = [str(cli), "run", str(raw_copy), str(tmp_path / "clean"), "--no-progress", "--json"]
    seen: dict[psutil.Process, str] = {}  # every process the runs started, with its command line

    def run() -> subprocess.CompletedProcess:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        me = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                for child in me.children(recursive=True):
                    seen.setdefault(child, " ".join(child.cmdline()))
            except psutil.Error:
                break
            time.sleep(0.1)
        out, err = proc.communicate()
        return subprocess.CompletedProcess(command, proc.returncode, out, err)

    done = run()
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout[done.stdout.index("{"):])["documents"] == 15
    with locked(tmp_path / "clean"):
        busy = run()
    assert busy.returncode == 2 and "another newsclean run" in busy.stderr
    # refused before Prefect's API server starts: one sentence, no flow run failing with a traceback
    assert "Traceback" not in busy.stderr and len(busy.stderr.strip().splitlines()) == 1, busy.stderr
    assert any("uvicorn" in command for command in seen.values())  # the run's own API server
    assert any("multiprocessing.forkserver" in command for command in seen.values())  # and pool
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in seen):
        time.sleep(0.2)
    assert not [command[:80] for p, command in seen.items() if _alive(p)]


@pytest.mark.slow
def test_a_killed_run_leaves_no_process_behind(tmp_path, story_source) -> None:
    """kill -9 of `newsclean run` mid-clean: its API server, fork server and pool workers all end too."""
    import psutil

    from bench.corpus import generate
    from flows.runners import default_workers

    generate(tmp_path / "corpus", 1500, 0, story_source)
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "home"))
    env.pop("PREFECT_API_URL", None)
    cli = Path(sys.executable).with_name("newsclean")
    run = subprocess.Popen([str(cli), "run", str(tmp_path / "corpus" / "raw"), str(tmp_path / "clean"), "--no-progress"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    me = psutil.Process(run.pid)
    deadline = time.monotonic() + 180
    family: list[psutil.Process] = []
    pool = 1 + min(2, default_workers())  # the fork server and the workers it forked (they share its command)
    while time.monotonic() < deadline and run.poll() is None:
        family = me.children(recursive=True)
        if sum("multiprocessing.forkserver" in " ".join(p.cmdline()) for p in family if _alive(p)) >= pool:
            break
        time.sleep(0.2)
    assert run.poll() is None, "the run ended before it could be killed mid-clean"
    commands = [" ".join(p.cmdline()) for p in family]
    assert any("uvicorn" in c for c in commands), commands  # the API server
    assert sum("multiprocessing.forkserver" in c for c in commands) >= pool, commands
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in family):
        time.sleep(0.2)
    assert not [command[:80] for p, command in zip(family, commands) if _alive(p)]
