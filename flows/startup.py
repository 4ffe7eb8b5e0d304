"""Prefect settings newsclean applies before Prefect is imported (each only when the user has not set it).

Measured on these machines (``bench/prefect_startup.py``, ``docs/prefect-notes``):
the temporary server's start-up dominates a CLI run, so everything it does that a
one-off run does not need is switched off.  A user's own ``PREFECT_*`` variables
and profile always win: these are defaults, applied with ``os.environ.setdefault``.
"""

from __future__ import annotations

import atexit
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, str] = {
    # Offline machines log "Failed to send telemetry" on every run.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # A cold temporary server (fresh PREFECT_HOME, migrations) takes 20-24 s: the default 20 s is too close.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # Anything the cleaners log goes to the run's logs in the Prefect UI, like get_run_logger's records.
    "PREFECT_LOGGING_EXTRA_LOGGERS": "cleaners",
}


def apply_defaults() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)


# ---- a faster temporary server (bench/prefect_startup.py measures it) --------------------------
# Prefect's own temporary server is started by its client after `import prefect` and the server
# code (3.5-4 s of imports), and polled every 0.1 s.  `newsclean run` starts the same server with
# the standard library *before* importing Prefect: uvicorn's command line serving Prefect's public
# `create_app(ephemeral=True, final=True)` (`ephemeral_app`), so the server's start-up overlaps the
# CLI's imports; it skips what a warm, already-migrated home does not need (Prefect's documented
# settings below); and the flow runs without the heartbeat thread (1 s at the end of every run).
# Empty folder, warm home, 2 cores: 9.2 s with Prefect's defaults, 4.2 s like this (quiet machine).
# Serving the app through this public factory instead of Prefect's private switches costs the
# same: 8 alternated empty-folder runs, median CPU of all processes 13.8 s before, 13.5 s after.

#: Always safe when this process starts its own server (nothing recorded changes).
RECOMMENDED_ENV: dict[str, str] = {
    # The server's telemetry service fails offline ("Failed to send telemetry") and costs a
    # network attempt at start-up; it sends nothing that a run needs.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Each new client asks the server for its version; our server is the same installed Prefect.
    "PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED": "false",
}

#: Only for a database that this same Prefect version has already migrated (see `db_is_ready`).
WARM_ONLY_ENV: dict[str, str] = {
    # Skip the Alembic "is the schema at head?" check (~0.3 s, more with alembic's import).
    "PREFECT_SERVER_DATABASE_MIGRATE_ON_START": "false",
    # Skip block-type registration. Even when memoised, the memo check imports every installed
    # `prefect.collections` entry point first (prefect-dask -> distributed: ~0.8 s CPU).
    # Block types were registered by the cold run, and `Block.save()` registers its own type.
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
    "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
}

_READY_MARKER = ".prefect-db-ready"  # holds the Prefect version that migrated the database


def prefect_home(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def db_is_ready(environ: dict[str, str] | None = None) -> bool:
    """True when the default SQLite database exists and was migrated by the installed Prefect.

    A custom database URL (e.g. Postgres) is never treated as ready: migrations stay on.
    """
    import importlib.metadata  # here, not at the top: 0.05 s that `newsclean clean` does not need

    env = os.environ if environ is None else environ
    if env.get("PREFECT_SERVER_DATABASE_CONNECTION_URL") or env.get("PREFECT_API_DATABASE_CONNECTION_URL"):
        return False
    home = prefect_home(env)
    marker = home / _READY_MARKER
    try:
        return (home / "prefect.db").is_file() and marker.read_text().strip() == importlib.metadata.version("prefect")
    except OSError:
        return False


def mark_db_ready(environ: dict[str, str] | None = None) -> None:
    """Record that the database is migrated (call once the server answered /health)."""
    import importlib.metadata  # here, not at the top: 0.05 s that `newsclean clean` does not need

    home = prefect_home(environ)
    try:
        (home / _READY_MARKER).write_text(importlib.metadata.version("prefect") + "\n")
    except OSError:
        pass


def recommended_environ(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The settings to add to the environment (the user's own PREFECT_* variables win)."""
    env = dict(os.environ if environ is None else environ)
    wanted = dict(RECOMMENDED_ENV)
    if db_is_ready(env):
        wanted.update(WARM_ONLY_ENV)
    return {name: value for name, value in wanted.items() if name not in env}


def _free_port() -> int:
    """A free port in 8000-8999, as Prefect picks one: outside Linux's ephemeral range, so no outgoing
    connection can take it during the seconds before uvicorn binds it."""
    for _ in range(20):
        port = random.randrange(8000, 9000)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    import urllib.request  # here: `newsclean clean` imports this module too, and needs no HTTP client

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    try:
        with opener.open(url + "/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


#: What the first flow call imports (found with an import hook on an empty-folder run, Prefect 3.9.1): the
#: flow and task engines, ``prefect.utilities.visualization`` (graphviz: ``Flow.__call__``),
#: ``fastapi.encoders`` (``Flow.serialize_parameters``: fastapi and starlette) and jinja2 (report.html).
FLOW_MODULES = ("prefect.flow_engine", "prefect.task_engine", "prefect.utilities.visualization",
                "fastapi.encoders", "jinja2")


def preload(modules: tuple[str, ...] = FLOW_MODULES) -> None:
    """Import ``modules`` now: ``newsclean run`` calls it while Prefect's API server is still starting, so
    that the imports the flow call would make after the server answered overlap its start-up instead.
    A module a later version no longer has is skipped (the flow imports what it needs itself)."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


def ephemeral_app() -> Any:
    """The API server's application: what Prefect's own temporary server serves.

    Prefect's public ``prefect.server.api.server.create_app`` with two of the arguments its API
    reference documents:
    ``ephemeral`` (the UI and every service but the few a temporary server needs are off: no
    scheduler, no late-run or cancellation loops) and ``final`` (no other app is made in this
    process, so the copies of the API routers are dropped: ~50 MB less).  Imported by uvicorn in
    the server's process (``--factory flows.startup:ephemeral_app``).
    """
    from prefect.server.api.server import create_app

    return create_app(ephemeral=True, final=True)


def start_api_server(environ: dict[str, str] | None = None) -> tuple[str, subprocess.Popen[bytes]]:
    """Start Prefect's API server (:func:`ephemeral_app`) in a subprocess with uvicorn's command line and
    return ``(api_url, process)`` without waiting for it: call ``wait_for_api_server`` after importing Prefect.

    The server is stopped at interpreter exit, after Prefect has flushed its log and event
    workers (those are drained by `threading` exit hooks, which run before `atexit`).
    """
    env = dict(os.environ if environ is None else environ)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(__file__).resolve().parents[1]), "--factory",
         "flows.startup:ephemeral_app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "error", "--lifespan", "on"],
        # PREFECT_SERVER_UI_ENABLED: documented (`prefect server start --ui`); ephemeral_app has no UI either.
        env={**env, "PREFECT_SERVER_UI_ENABLED": "false"},
        preexec_fn=_end_with_parent,  # a killed CLI (kill -9) must not leave its server running
        # Its own process group: a terminal's Ctrl-C (SIGINT to the foreground group) must not stop the
        # server under the flow; the CLI stops it (stop_children, or the atexit handler below).
        process_group=0,
    )

    atexit.register(stop_server, process)
    return f"http://127.0.0.1:{port}/api", process


#: The process ids of the servers that answered ``/health`` (:func:`wait_for_api_server`).
ANSWERED: set[int] = set()


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop a server :func:`start_api_server` started and wait for it (10 s, then kill); nothing if it ended.

    The server is first left to finish what the run sent it (:func:`wait_until_idle`): its task-run
    recorder writes each event as it comes, and a stop that lands in the middle of a write has it
    cancelled, which Prefect logs as an ERROR with two tracebacks on the terminal ("Error flushing 1
    events (1 to retry, 0 dropped)"; the event is written again by the final flush).  Seen at the end of
    one empty-folder run in three on a loaded machine, more often the sooner the flow ends.
    """
    if process.poll() is None:
        if process.pid not in ANSWERED and db_is_ready():
            # Still starting (a command stopped on a bad argument): it ran nothing, and on a warm home it
            # neither migrates nor registers (WARM_ONLY_ENV).  Asked to stop, uvicorn would first finish
            # starting (its signal handlers are in place before the app is imported): 5-12 s of waiting.
            process.kill()
            process.wait()
            return
        if process.pid in ANSWERED:
            wait_until_idle(process.pid)
        process.terminate()  # graceful: the task-run recorder flushes what it still holds
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_idle(pid: int, quiet: float = 0.1, limit: float = 3.0, step: float = 0.02) -> bool:
    """Wait until process ``pid`` has used no CPU for ``quiet`` seconds (True), for ``limit`` seconds at
    most (False), or until it is gone (True).  CPU time (user + system, psutil's ``cpu_times``) moves in
    ticks of 10 ms: a process that is working moves it within ``quiet``, even on a loaded machine.
    The API server after a run: idle within ~0.1 s of the last event on a quiet machine."""
    import psutil

    try:
        proc = psutil.Process(pid)
        deadline = time.monotonic() + limit
        last, since = sum(proc.cpu_times()[:2]), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(step)
            now = sum(proc.cpu_times()[:2])
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return True
        return False
    except psutil.Error:  # gone (or a zombie): nothing left to wait for
        return True


def _end_with_parent() -> None:
    """In the server's process before it starts: ask Linux for SIGTERM when its parent dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the atexit handler still stops it on a normal exit
        pass


def wait_for_api_server(url: str, process: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    """Poll ``/health`` every 50 ms; a cold home (migrations) needs 10-25 s on 2 cores."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _healthy(url):
            ANSWERED.add(process.pid)
            return
        if process.poll() is not None:
            raise RuntimeError(f"Prefect API server exited with code {process.returncode} before it was ready")
        time.sleep(0.05)
    raise RuntimeError(f"Prefect API server not ready after {timeout:.0f} s")


def configured_api_url() -> str | None:
    """The API URL the user configured (environment, or the active Prefect profile), without importing
    Prefect when it is not imported yet."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if "prefect.settings" in sys.modules:  # already imported (a caller, the tests' harness): ask it
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value()
    import tomllib  # here: `newsclean clean` imports this module, and reads no profile

    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH") or prefect_home() / "profiles.toml").expanduser()
    try:
        data = tomllib.loads(profiles.read_text())
    except (OSError, ValueError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or data.get("active", "ephemeral")
    return (data.get("profiles", {}).get(active) or {}).get("PREFECT_API_URL")


#: The API server this process started (at most one): ``[(api_url, process)]``.
STARTED: list[tuple[str, subprocess.Popen[bytes]]] = []


def start_local_api() -> tuple[str, subprocess.Popen[bytes]] | None:
    """Start the temporary API server early, unless the user has a server configured.

    Call before importing Prefect; then :func:`wait_for_api_server` once the imports are done.
    A second call returns the server the first one started (:func:`main` may have started it).
    """
    if STARTED:
        return STARTED[0]
    if configured_api_url():
        return None
    apply_defaults()
    os.environ.update(recommended_environ())
    url, process = start_api_server()
    os.environ["PREFECT_API_URL"] = url  # this process and every pool worker report to it
    # This server has no UI (start_api_server) and ends with the run: Prefect's "View at <UI URL>" line
    # would point to nothing.  An empty UI URL is Prefect's documented "no UI" (PREFECT_UI_URL); yours wins.
    os.environ.setdefault("PREFECT_UI_URL", "")
    STARTED.append((url, process))
    return url, process


def main() -> None:  # pragma: no cover - console script entry
    """The ``newsclean`` command: :func:`flows.cli.main`, after starting the API server first for ``run``.

    The temporary server is the longest part of ``newsclean run``'s start-up (its process spends
    ~5 s of CPU before it answers, the command's own imports ~2.4 s: measured on 2 cores), so it
    is started here, before the command line parser, the settings and Prefect are imported
    (0.25 s of CPU), when the command is ``run`` (not ``--help``), no server is configured and
    the Prefect home is already migrated (:func:`db_is_ready`: a cold home is left to the
    command, which migrates it only once the arguments passed its checks).  A run that then
    stops on a bad argument stops this server with it (the ``atexit`` handler of
    :func:`start_api_server`; ``flows.cli``'s last exit handler stops it too, since this one was
    registered before that).

    ``newsclean clean`` is run by :func:`flows.clean_command.main` when it can (no typer, rich or
    pydantic to import: issue 16's 0.5 s target), else by the full command as any other.
    """
    args = sys.argv[1:]
    if args[:1] == ["clean"]:  # without typer and pydantic when the call allows (flows.clean_command)
        from flows.clean_command import main as clean_main

        code = clean_main(args[1:])
        if code is not None:
            sys.exit(code)
    if args[:1] == ["run"] and "--help" not in args and not configured_api_url() and db_is_ready():
        start_local_api()
    from flows.cli import main as cli_main

    cli_main()


@contextmanager
def no_heartbeat() -> Iterator[None]:
    """Run a flow without the heartbeat thread (it only feeds crash-detection automations, and a
    synchronous flow call waits ~1 s for it at the end).  There is no environment form of this."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def stop_children(server: subprocess.Popen[bytes] | None = None, grace: float = 3.0) -> None:
    """Kill every process this one started, and their children, before this one exits (Ctrl-C).

    The pool workers (children of the fork server) are killed first, so that the fork server reaps
    them, then this process's own children (fork server, resource tracker, ``server``: Prefect's
    API server) are killed and reaped here, waiting up to ``grace`` seconds.  SIGKILL, not SIGTERM:
    a server asked to stop logs the cancelled requests of the interrupted flow (tracebacks) on the
    terminal; its SQLite database is safe either way.  Found with psutil (``Process.children``); a
    process already gone is skipped.
    """
    import psutil

    me = psutil.Process()
    direct = me.children()
    deep = [p for p in me.children(recursive=True) if p not in direct]
    for group in (deep, direct):
        for proc in group:
            try:
                proc.kill()
            except psutil.Error:
                pass
        psutil.wait_procs(group, timeout=grace)
    if server is not None:
        try:
            server.wait(timeout=0)  # reaped already by psutil; Popen notes it
        except (subprocess.TimeoutExpired, ChildProcessError):
            pass
