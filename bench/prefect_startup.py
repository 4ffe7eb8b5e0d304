"""How long does a one-off flow run take with Prefect's temporary server, and how much do settings save?

Run from the repository root::

    python -m bench.prefect_startup              # 5 runs per configuration
    python -m bench.prefect_startup --runs 3 --batches 0     # an "empty folder" run
    python -m bench.prefect_startup --configs default,recommended --runner thread

Each configuration gets a fresh temporary ``PREFECT_HOME``; run 1 is therefore *cold* (the
temporary server creates and migrates the SQLite database) and the rest are *warm*. Every run is
``python -m bench.prefect_startup --child CONFIG`` in a new process, timed from process start to
exit. The flow is tiny: one task mapped over ``--batches`` lists of strings on a
``ProcessPoolTaskRunner(max_workers=2)`` (``--runner thread`` for the thread pool). Afterwards the
runs are read back from each home with Prefect's own client (flow runs and task runs must be
COMPLETED), so a configuration cannot win by not recording its runs.

Configurations
--------------
``default``
    Prefect as installed: no ``PREFECT_API_URL``, so the flow's client starts a temporary server.
    Every ``ProcessPoolTaskRunner`` worker process has no API URL either and starts *its own*
    temporary server on the same database (three servers for two workers).
``shared``
    Prefect starts the temporary server itself (``SubprocessASGIServer``, imported by the CLI), its
    URL is exported so the pool workers use it, plus the recommended settings below. This is what
    a CLI gets if it fixes the worker problem but still starts the server after importing Prefect.
``recommended``
    The server subprocess is started with the standard library *before* ``import prefect``
    (``start_api_server``), so the ~3 s it spends importing overlaps with the CLI's own imports
    and the CLI never imports the server code; plus the settings in ``recommended_environ`` and
    ``PREFECT_FLOWS_HEARTBEAT_FREQUENCY=None`` around the flow call.

The helpers in the "Recommended start-up" section use only the standard library so that the CLI
can call them before importing Prefect. Standard library + prefect + rich only.

Measured (prefect 3.8.8, Python 3.11, 2 CPUs, load average ~1.2; wall seconds, median of 3 warm runs)::

    2 tasks, process pool:  default 18.3   shared 10.4   recommended 6.6
    empty folder (0 tasks): default  9.2                 recommended 4.2
    cold home, 2 tasks:     default 28.0                 recommended 14-17

With other jobs on the machine (load 4-8) every number doubles or triples, and the default
configuration's cold run fails: its worker processes' temporary servers miss Prefect's 20 s
start-up timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()  # child processes report their phases relative to this

REPO_ROOT = Path(__file__).resolve().parents[1]
FLOW_NAME = "prefect-startup-probe"
CONFIGS = ("default", "shared", "recommended")

# ---------------------------------------------------------------------------------------------
# Recommended start-up (standard library only: call before `import prefect`)
# ---------------------------------------------------------------------------------------------

from flows.startup import (  # noqa: E402 — the CLI's own start-up, measured here
    RECOMMENDED_ENV,
    WARM_ONLY_ENV,
    mark_db_ready,
    recommended_environ,
    start_api_server,
    wait_for_api_server,
)


# ---------------------------------------------------------------------------------------------
# The benchmarked flow (child process)
# ---------------------------------------------------------------------------------------------


def upper_batch(batch: list[str]) -> list[str]:
    """The task body: trivial, so the timings are Prefect's overhead."""
    return [item.upper() for item in batch]


def probe(batches: list[list[str]]) -> int:
    """The flow body: one task mapped over the batches."""
    from prefect import task

    futures = task(upper_batch, name="upper-batch").map(batches)
    return sum(len(result) for result in futures.result())


def run_child(config: str, batches: int, runner: str) -> None:
    """One timed run; prints ``RESULT {json}`` on stdout."""
    phases: dict[str, float] = {}
    server = None
    if config == "recommended" and not os.environ.get("PREFECT_API_URL"):
        os.environ.update(recommended_environ())
        url, server = start_api_server()
        os.environ["PREFECT_API_URL"] = url  # this process and every pool worker use this server
    elif config == "shared":
        os.environ.update(recommended_environ())

    from prefect import flow
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    phases["import"] = time.perf_counter() - T0
    updates: dict = {}
    if config == "recommended" and server is not None:
        wait_for_api_server(os.environ["PREFECT_API_URL"], server)
        mark_db_ready()
    elif config == "shared":
        from prefect.server.api.server import SubprocessASGIServer

        subprocess_server = SubprocessASGIServer()
        subprocess_server.start(timeout=120)
        mark_db_ready()
        os.environ["PREFECT_API_URL"] = subprocess_server.api_url
        updates[PREFECT_API_URL] = subprocess_server.api_url
    if config != "default":
        # No env form: the setting is an int >= 30 or None, and only None disables it.
        updates[PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
    phases["server_ready"] = time.perf_counter() - T0

    task_runner = ProcessPoolTaskRunner(max_workers=2) if runner == "process" else ThreadPoolTaskRunner(max_workers=2)
    probe_flow = flow(probe, name=FLOW_NAME, task_runner=task_runner)
    data = [[f"a{i}", f"b{i}"] for i in range(batches)]
    with temporary_settings(updates=updates):
        state = probe_flow(data, return_state=True)
    phases["flow_done"] = time.perf_counter() - T0
    result = {"state": state.type.value, "flow_run_id": str(state.state_details.flow_run_id), **phases}
    print("RESULT " + json.dumps(result), flush=True)


def verify_child() -> None:
    """Read this home's runs back through Prefect's own temporary server and client."""
    import asyncio

    from prefect import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName, FlowRunFilter, FlowRunFilterId

    async def read_all(method, **filters) -> list:  # the API returns at most 200 rows per call
        rows: list = []
        while True:
            page = await method(**filters, limit=200, offset=len(rows))
            rows.extend(page)
            if len(page) < 200:
                return rows

    async def read() -> dict[str, int]:
        async with get_client() as client:
            runs = await read_all(client.read_flow_runs, flow_filter=FlowFilter(name=FlowFilterName(any_=[FLOW_NAME])))
            tasks = []
            if runs:
                run_ids = FlowRunFilter(id=FlowRunFilterId(any_=[run.id for run in runs]))
                tasks = await read_all(client.read_task_runs, flow_run_filter=run_ids)
            return {
                "flow_runs": len(runs),
                "flow_completed": sum(1 for run in runs if run.state and run.state.is_completed()),
                "task_runs": len(tasks),
                "task_completed": sum(1 for t in tasks if t.state and t.state.is_completed()),
            }

    print("RESULT " + json.dumps(asyncio.run(read())), flush=True)


# ---------------------------------------------------------------------------------------------
# The benchmark driver (parent process: no Prefect import)
# ---------------------------------------------------------------------------------------------


def _spawn(args: list[str], home: Path, timeout: float) -> tuple[float, dict | None, str]:
    env = {**os.environ, "PREFECT_HOME": str(home)}
    for name in ("PREFECT_API_URL", "PREFECT_PROFILE"):
        env.pop(name, None)  # measure the temporary server, not a server the caller happens to use
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.prefect_startup", *args], cwd=REPO_ROOT, env=env,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None, f"timed out after {timeout:.0f} s"
    wall = time.perf_counter() - start
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return wall, json.loads(line[len("RESULT "):]), ""
    lines = [line for line in (proc.stderr or proc.stdout).splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "Exception" in line]
    last_error = (errors or lines or [""])[-1]
    return wall, None, f"exit {proc.returncode}: {last_error.strip()[:300]}"


def _fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.prefect_startup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per configuration (run 1 is cold)")
    parser.add_argument("--batches", type=int, default=2, help="tasks per flow run (0 = empty folder)")
    parser.add_argument("--runner", choices=("process", "thread"), default="process")
    parser.add_argument("--configs", default=",".join(CONFIGS), help=f"comma-separated subset of {','.join(CONFIGS)}")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run counts as hung")
    parser.add_argument("--no-verify", action="store_true", help="skip reading the runs back")
    parser.add_argument("--keep-homes", action="store_true", help="keep the temporary PREFECT_HOMEs")
    parser.add_argument("--child", choices=(*CONFIGS, "verify"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child == "verify":
        verify_child()
        return 0
    if args.child:
        run_child(args.child, args.batches, args.runner)
        return 0

    from rich.console import Console
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=150)
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = set(configs) - set(CONFIGS)
    if unknown or args.runs < 1:
        parser.error(f"unknown configuration(s): {', '.join(sorted(unknown))}" if unknown else "--runs must be >= 1")

    load_before = os.getloadavg()[0]
    table = Table()
    for column in ("configuration", "cold (s)", "warm median (s)", "warm min (s)",
                   "warm phases (s): imported / server / flow", "recorded (read back)"):
        table.add_column(column, justify="left" if column in ("configuration", "recorded (read back)") else "right")

    # Round-robin over the configurations (run 1 of each, then run 2 of each, ...) so that a change in
    # machine load hits every configuration alike. Each configuration keeps its own PREFECT_HOME.
    homes = {config: Path(tempfile.mkdtemp(prefix=f"prefect-startup-{config}-")) for config in configs}
    walls: dict[str, list[float]] = {config: [] for config in configs}
    results: dict[str, list[dict | None]] = {config: [] for config in configs}
    child_args = ["--batches", str(args.batches), "--runner", args.runner]
    for i in range(args.runs):
        label = "cold" if i == 0 else "warm"
        for config in configs:
            wall, result, error = _spawn(["--child", config, *child_args], homes[config], args.timeout)
            if result is None or result.get("state") != "COMPLETED":
                result = None
                console.print(f"[red]{config:12s} run {i + 1} ({label}) failed after {wall:.1f} s:[/red] {error}")
            else:
                console.print(f"{config:12s} run {i + 1} ({label}): {wall:6.2f} s  (prefect imported "
                              f"{result['import']:.2f}, server ready {result['server_ready']:.2f}, "
                              f"flow done {result['flow_done']:.2f})")
            walls[config].append(wall)
            results[config].append(result)

    for config in configs:
        ok_runs = sum(1 for r in results[config] if r)
        recorded = "not checked"
        if not args.no_verify:
            _, counts, error = _spawn(["--child", "verify"], homes[config], args.timeout)
            if counts is None:
                recorded = f"[red]read-back failed: {error[-200:]}[/red]"
            else:
                ok = (counts["flow_completed"] == counts["flow_runs"] == ok_runs
                      and counts["task_completed"] == counts["task_runs"] == ok_runs * args.batches)
                colour = "green" if ok else "red"
                recorded = (f"[{colour}]{counts['flow_completed']}/{counts['flow_runs']} flows, "
                            f"{counts['task_completed']}/{counts['task_runs']} tasks COMPLETED[/{colour}]")
        if args.keep_homes:
            console.print(f"kept {homes[config]}")
        else:
            shutil.rmtree(homes[config], ignore_errors=True)

        # Failed runs are left out of the timings and counted in the first column.
        cold = f"{walls[config][0]:.2f}" if results[config][0] else "[red]failed[/red]"
        warm = [w for w, r in zip(walls[config][1:], results[config][1:]) if r]
        warm_results = [r for r in results[config][1:] if r]
        failures = args.runs - ok_runs
        table.add_row(
            config + (f" [red]({failures} of {args.runs} failed)[/red]" if failures else ""),
            cold,
            _fmt(warm),
            f"{min(warm):.2f}" if warm else "-",
            " / ".join(_fmt([r[k] for r in warm_results]) for k in ("import", "server_ready", "flow_done")),
            recorded,
        )

    table.title = (f"One flow run per process: {args.batches} task(s) on the {args.runner} pool, {args.runs} run(s) "
                   f"per configuration; {os.cpu_count()} CPU(s), load average {load_before:.1f} at start, "
                   f"{os.getloadavg()[0]:.1f} at end")
    console.print(table)
    console.print("Phases: median seconds from the child's start to Prefect imported / server ready / flow returned.")
    console.print("Recommended environment (added only where unset; 'warm only' once the database is migrated):")
    for name, value in {**RECOMMENDED_ENV, **WARM_ONLY_ENV}.items():
        console.print(f"  {name}={value}" + ("   (warm only)" if name in WARM_ONLY_ENV else ""))
    console.print("  + PREFECT_API_URL of a server started before `import prefect` (start_api_server)")
    console.print("  + temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}) around the flow call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
