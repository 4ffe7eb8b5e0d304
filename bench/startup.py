"""Start-up times of newsclean's three entry points, best of N runs (issue 16's "Start-up" targets).

    python -m bench.startup                          # 7 runs of each, this checkout
    python -m bench.startup --against /work/main     # alternately with another checkout (its .venv)
    python -m bench.startup --only import,clean --runs 15

What is timed, each in a new process, wall seconds from spawn to exit:

``import``
    ``python -c "from cleaners import clean_document"`` (target ≤ 0.3 s).
``clean``
    ``newsclean clean PAGE`` on one generated news page of about 20 KB (target ≤ 0.5 s;
    trafilatura's own command line on the same page: ~0.2 s, ``--peer``).
``run``
    ``newsclean run EMPTY CLEAN --json --no-progress`` over an empty folder with a warm
    ``PREFECT_HOME`` (one untimed run per checkout first; target ≤ 4 s, aim 3 s). The same command
    as ``bench.perf``'s first line.

The machine is shared, so the runs of every checkout and entry point are interleaved (run 1 of
each, then run 2 of each, …) and the best (least disturbed) and the median are printed, of the wall
time and of the CPU time (user + system, the process and its children: `run`'s API server is
stopped, not waited for by the bench, so its CPU is counted only where the CLI reaps it); compare
best with best.  Each checkout's ``cleaners`` and ``flows`` are compiled to bytecode first
(``compileall``), as ``pip install`` does for a wheel and as Python does on first import unless
``PYTHONDONTWRITEBYTECODE`` is set (it is on the development machines, so without this every run
would compile them from source: 0.2-0.4 s of CPU; ``--source`` measures that).  Standard library only.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"import": 0.3, "clean": 0.5, "run": 4.0}

# One news page in the shape scrapers save: navigation, headline, byline, body, related links, footer.
_PARAGRAPH = ("The council said the new ferry timetable would start in the spring, after months of talks with "
              "the operators and the harbour authority about the cost of running late services in winter. ")


def news_page() -> bytes:
    """A ~20 KB HTML news page (generated: no shared data needed)."""
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(30))
    body = "".join(f"<p>{_PARAGRAPH * (1 + i % 3)}Paragraph {i}.</p>" for i in range(24))
    related = "".join(f'<li><a href="/news/{i}">Related story number {i} about the harbour</a></li>' for i in range(12))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry timetable agreed | Coast News</title>'
        '<meta property="og:title" content="Ferry timetable agreed">'
        '<meta name="author" content="Jane Smith"><meta property="article:published_time" content="2024-03-05T10:00:00Z">'
        f'</head><body><header><nav><ul>{nav}</ul></nav></header><main><article>'
        '<h1>Ferry timetable agreed</h1><p class="byline">By Jane Smith</p>'
        f'{body}</article><aside><h2>Related</h2><ul>{related}</ul></aside></main>'
        '<footer><p>© 2024 Coast News. All rights reserved.</p><p>Sign up for our newsletter</p></footer>'
        '</body></html>'
    ).encode()


def commands(checkout: Path, page: Path, work: Path) -> dict[str, list[str]]:
    bin_dir = checkout / ".venv" / "bin"
    python = str(bin_dir / "python") if (bin_dir / "python").exists() else sys.executable
    cli = str(bin_dir / "newsclean")
    empty = work / "empty-raw"
    empty.mkdir(exist_ok=True)
    return {
        "import": [python, "-c", "from cleaners import clean_document"],
        "clean": [cli, "clean", str(page)],
        "run": [cli, "run", str(empty), str(work / "empty-clean"), "--json", "--no-progress"],
        "peer": [str(bin_dir / "trafilatura")],  # reads the page on standard input
    }


def timed(cmd: list[str], env: dict[str, str], cwd: Path, stdin: Path | None = None) -> tuple[float, float]:
    """``(wall, cpu)`` seconds of one run; cpu is user + system of the process and every child it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin or os.devnull, "rb") as source:
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, cwd=cwd, stdin=source, capture_output=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-1500:]}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--only", default="import,clean,run", help="comma-separated: import, clean, run, peer")
    parser.add_argument("--against", type=Path, action="append", default=[],
                        help="another checkout with its own .venv, run alternately (repeatable)")
    parser.add_argument("--source", action="store_true",
                        help="do not compile the checkouts' bytecode first (with PYTHONDONTWRITEBYTECODE set, "
                             "every run then compiles newsclean's own modules from source)")
    args = parser.parse_args(argv)
    which = [w.strip() for w in args.only.split(",") if w.strip()]
    unknown = set(which) - {*TARGETS, "peer"}
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")

    checkouts = [ROOT, *(p.resolve() for p in args.against)]
    cache = Path.home() / ".cache" / "newsclean-bench"
    cache.mkdir(parents=True, exist_ok=True)
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="newsclean-startup-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_bytes(news_page())
        plans = {}
        for checkout in checkouts:
            work = Path(tmp) / checkout.name
            work.mkdir()
            env = dict(os.environ, PREFECT_HOME=str(cache / f"startup-home-{checkout.name}"),
                       PREFECT_LOGGING_LEVEL="WARNING")
            env.pop("PREFECT_API_URL", None)
            plans[checkout] = (commands(checkout, page, work), env, work)
            if not args.source:  # as a wheel install is: every module compiled (pip does it at install)
                subprocess.run([plans[checkout][0]["import"][0], "-m", "compileall", "-q", "cleaners", "flows"],
                               cwd=checkout, check=True, capture_output=True)
            if "run" in which:  # warm the home (first run migrates the database)
                timed(plans[checkout][0]["run"], env, work)
                shutil.rmtree(work / "empty-clean", ignore_errors=True)
        print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
        for i in range(args.runs):
            for name in which:
                for checkout in checkouts:
                    cmds, env, work = plans[checkout]
                    seconds = timed(cmds[name], env, work, page if name == "peer" else None)
                    if name == "run":
                        shutil.rmtree(work / "empty-clean", ignore_errors=True)
                    times.setdefault((name, str(checkout)), []).append(seconds)
        print(f"load average {os.getloadavg()[0]:.1f}")
    for (name, checkout), values in times.items():
        target = f"target ≤ {TARGETS[name]} s" if name in TARGETS else "trafilatura's CLI"
        walls, cpus = [w for w, _ in values], [c for _, c in values]
        print(f"{name:6s} {checkout:24s} wall best {min(walls):.3f} median {statistics.median(walls):.3f}  "
              f"cpu best {min(cpus):.3f} median {statistics.median(cpus):.3f} s  ({len(values)} runs; {target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
