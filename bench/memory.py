"""Memory of a whole ``newsclean run``, process by process: which process holds what, and when.

Run from the repository root (after ``make install``)::

    .venv/bin/python -m bench.memory RAW CLEAN [--timeline memory.jsonl] [--prefect-home DIR]

``bench.perf`` gives one figure, the peak PSS summed over the run's processes.  This says where it
is: once a second it reads the proportional set size (PSS, Linux ``/proc/PID/smaps_rollup``:
pages shared by forked processes are shared out, so the sum is the run's real footprint) of
``newsclean run`` and every process below it, named by role — the flow process, Prefect's API
server, the fork server, the pool workers, the resource tracker.  Printed: the summed peak with each
process's share at that moment, and each role's own peak.  ``--timeline`` keeps every sample as JSON
lines (seconds since start, total MB, MB per process) to see the phases of a run.

The run's step times are the summary's (``newsclean run --json``), so a peak can be placed in a step
by the timeline.  CLEAN is emptied first (it must be a folder ``newsclean run`` wrote, or absent).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.perf import proc_pss as pss

MB = 2**20
ROOT = Path(__file__).resolve().parents[1]


def role(cmdline: list[str], root_pid: int, pid: int, parent_role: str | None = None) -> str:
    """What a process of the run is, from its command line and its parent's role (a pool worker is
    forked by the fork server and keeps its command line).

    >>> role(["python", "-m", "uvicorn", "--host", "127.0.0.1"], 1, 2)
    'api server'
    >>> cmd = ["python", "-c", "from multiprocessing.forkserver import main; main(3, 4)"]
    >>> role(cmd, 1, 2), role(cmd, 1, 3, parent_role="fork server")
    ('fork server', 'worker')
    """
    text = " ".join(cmdline)
    if pid == root_pid:
        return "flow process"
    if parent_role == "fork server":
        return "worker"
    if "uvicorn" in text or "--lifespan" in text:
        return "api server"
    if "resource_tracker" in text:
        return "resource tracker"
    if "forkserver" in text:
        return "fork server"
    return "worker"


def measure(raw: Path, clean: Path, env: dict[str, str], timeline: Path | None = None,
            interval: float = 1.0) -> dict:
    """Run ``newsclean run RAW CLEAN --json`` and sample each of its processes' PSS every ``interval`` s."""
    import psutil  # installed with distributed (prefect-dask), a dependency of newsclean

    shutil.rmtree(clean, ignore_errors=True)
    cmd = [sys.executable, "-c", "import sys; sys.argv = ['newsclean', 'run', sys.argv[1], sys.argv[2], '--json', "
           "'--no-progress']; from flows.startup import main; main()", str(raw), str(clean)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    root = psutil.Process(proc.pid)
    peak_total, at_peak, own_peak = 0, {}, {}
    names: dict[int, str] = {}
    out = timeline.open("w") if timeline else None
    try:
        while proc.poll() is None:
            sample: dict[str, float] = {}
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in procs:
                try:
                    if p.pid not in names:
                        names[p.pid] = role(p.cmdline(), root.pid, p.pid, names.get(p.ppid()))
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                mb = pss(p.pid) / MB
                if mb:
                    key = f"{names[p.pid]} {p.pid}"
                    sample[key] = round(mb, 1)
                    own_peak[names[p.pid]] = max(own_peak.get(names[p.pid], 0.0), round(mb, 1))
            total = round(sum(sample.values()), 1)
            if total > peak_total:
                peak_total, at_peak = total, sample
            if out:
                out.write(json.dumps({"t": round(time.perf_counter() - t0, 1), "total_mb": total, "mb": sample}) + "\n")
            time.sleep(interval)
        stdout = proc.communicate()[0]
    finally:
        if out:
            out.close()
    try:
        summary = json.loads(stdout)
    except ValueError:
        summary = {}
    return {"seconds": round(time.perf_counter() - t0, 1), "rc": proc.returncode, "peak_pss_mb": peak_total,
            "at_peak": at_peak, "own_peak_mb": own_peak, "step_seconds": summary.get("step_seconds"),
            "documents": summary.get("documents")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n\n")[0])
    ap.add_argument("raw", type=Path)
    ap.add_argument("clean", type=Path)
    ap.add_argument("--timeline", type=Path, default=None, help="every sample as JSON lines")
    ap.add_argument("--prefect-home", type=Path, default=None, help="PREFECT_HOME (default: the environment's)")
    ap.add_argument("--json", type=Path, default=None, help="the result as JSON")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if args.prefect_home:
        env["PREFECT_HOME"] = str(args.prefect_home)
    res = measure(args.raw, args.clean, env, args.timeline)
    print(f"newsclean run: {res['documents']} documents, {res['seconds']} s wall, exit {res['rc']}; "
          f"steps {res['step_seconds']}")
    print(f"peak PSS summed over the run's processes: {res['peak_pss_mb']:.0f} MB; at that moment:")
    for name, mb in sorted(res["at_peak"].items(), key=lambda kv: -kv[1]):
        print(f"  {name:<24} {mb:8.0f} MB")
    print("each role's own peak: " + ", ".join(f"{k} {v:.0f} MB" for k, v in sorted(res["own_peak_mb"].items())))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1))
    return 0 if res["rc"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
