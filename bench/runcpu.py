"""Where a `newsclean run`'s time goes: each step's wall and flow-process CPU, and every process's CPU.

Run from the repository root (``PREFECT_HOME`` as for ``bench.perf``: a warm home)::

    nice .venv/bin/python -m bench.runcpu RAW CLEAN            # RAW: e.g. a bench.corpus corpus's raw/
    nice .venv/bin/python -m bench.runcpu RAW CLEAN --keep     # CLEAN kept: an unchanged re-run's costs

It runs ``newsclean run RAW CLEAN`` as the console script does (the API server first), in a child
process whose corpus steps are wrapped with timers (``MARK wall cpu step+/-``: seconds since the
start, and the flow process's ``time.process_time``), and samples the CPU time of that process and
all its children every 0.1 s (psutil), by role: ``flow`` (the command's own process), ``server``
(Prefect's API server), ``forkserver`` and each pool worker.  It prints the marks, the summed CPU
per role for the whole run and for the clean step (between the plan's end and the site templates'
start), and a 0.5 s timeline of each role's CPU use (percent of one core).  On a shared machine
the CPU figures are the steadier ones; walls grow with the load.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time


def mark(name: str, t0: float, c0: float) -> None:
    sys.stderr.write(f"MARK {time.perf_counter() - t0:8.2f} {time.process_time() - c0:7.2f} {name}\n")
    sys.stderr.flush()


def timed_child(raw: str, clean: str) -> None:
    """``newsclean run RAW CLEAN`` in this process, with timers around its steps (marks on stderr)."""
    t0, c0 = time.perf_counter(), time.process_time()

    def wrap(owner, attr: str, name: str) -> None:
        fn = getattr(owner, attr)

        def timed(*a, **k):
            mark(name + "+", t0, c0)
            try:
                return fn(*a, **k)
            finally:
                mark(name + "-", t0, c0)
        setattr(owner, attr, timed)

    sys.argv = ["newsclean", "run", raw, clean, "--json", "--no-progress"]
    from flows import startup

    if startup.db_is_ready() and not startup.configured_api_url():
        startup.start_local_api()  # as flows.startup.main does
    import cleaners.corpus.run as run
    import cleaners.corpus.site_templates as site_templates
    import flows.clean_news as clean_news
    import flows.cli

    mark("imported", t0, c0)
    for attr in ("start", "learn_site_templates", "template_chunks", "deduplicate", "write_outputs", "save_batch"):
        wrap(run, attr, attr)
    wrap(site_templates.TemplateSaver, "save", "template-save")
    wrap(clean_news, "report_run", "report")
    wrap(startup, "wait_until_idle", "server-idle-wait")
    wrap(flows.cli, "_exit_now", "exit")
    flows.cli.main()


def role(proc, root_pid: int) -> str:
    line = " ".join(proc.cmdline())
    if proc.pid == root_pid:
        return "flow"
    if "uvicorn" in line or ("prefect" in line and "server" in line):
        return "server"
    if "forkserver" in line:
        return "forkserver" if proc.ppid() == root_pid else f"worker {proc.pid}"
    return line[:40]


def main(argv: list[str]) -> int:
    import psutil

    raw, clean = argv[:2]
    if "--keep" not in argv[2:]:  # a first run; with --keep, whatever CLEAN holds (a re-run)
        shutil.rmtree(clean, ignore_errors=True)
    env = dict(os.environ, PREFECT_LOGGING_LEVEL=os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING"))
    env.pop("PREFECT_API_URL", None)
    t0 = time.perf_counter()
    with open(clean.rstrip("/") + ".stderr", "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "bench.runcpu", "_child", raw, clean], env=env,
                                stdout=subprocess.PIPE, stderr=err, text=True)
        root = psutil.Process(proc.pid)
        roles: dict[int, str] = {}
        samples: list[tuple[float, dict[int, float]]] = []
        while proc.poll() is None:
            row = {}
            try:
                family = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in family:
                try:
                    roles.setdefault(p.pid, role(p, proc.pid))
                    cpu = p.cpu_times()
                    row[p.pid] = cpu.user + cpu.system
                except psutil.Error:
                    pass
            samples.append((time.perf_counter() - t0, row))
            time.sleep(0.1)
        out, _ = proc.communicate()
    marks = [line.split(maxsplit=3)[1:] for line in open(clean.rstrip("/") + ".stderr") if line.startswith("MARK ")]
    for wall, cpu, name in marks:
        if not name.startswith("save_batch"):
            print(f"{float(wall):8.2f} s  flow CPU {float(cpu):6.2f} s  {name.strip()}")
    summary = json.loads(out[out.index("{"):]) if "{" in out else {}
    print("run wall", round(time.perf_counter() - t0, 2), "s; flow", summary.get("seconds"), "s; steps",
          summary.get("step_seconds"))
    offset = samples[0][0] if samples else 0.0  # the child's clock starts about when the first sample is taken
    ends = {name.strip(): float(wall) + offset for wall, _, name in marks}
    clean_from, clean_to = ends.get("start-", 0.0), ends.get("learn_site_templates+", float("inf"))
    total: dict[str, float] = {}
    during: dict[str, float] = {}
    last: dict[int, float] = {}
    bins: dict[int, dict[str, float]] = {}
    for t, row in samples:
        for pid, cpu in row.items():
            delta = cpu - last.get(pid, 0.0)
            last[pid] = cpu
            name = roles[pid] if not roles[pid].startswith("worker") else "workers"
            total[name] = total.get(name, 0.0) + delta
            if clean_from <= t <= clean_to:
                during[name] = during.get(name, 0.0) + delta
            key = roles[pid]
            bins.setdefault(int(t / 0.5), {}).setdefault(key, 0.0)
            bins[int(t / 0.5)][key] += delta
    print("CPU s by role, whole run:", {k: round(v, 2) for k, v in total.items()})
    print("CPU s by role, clean step:", {k: round(v, 2) for k, v in during.items()})
    keys = sorted({k for b in bins.values() for k in b})
    print("   t  " + " ".join(f"{k[:12]:>12}" for k in keys))
    for b in sorted(bins):
        print(f"{b * 0.5:6.1f}" + " ".join(f"{bins[b].get(k, 0.0) / 0.5 * 100:12.0f}" for k in keys))
    return proc.returncode or 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["_child"]:
        timed_child(*sys.argv[2:4])
    else:
        sys.exit(main(sys.argv[1:]))
