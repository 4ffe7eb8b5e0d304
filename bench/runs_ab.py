"""``newsclean run`` of this checkout against another one, alternately, on the same corpus: wall and flow seconds.

Run from the repository root (after ``make install``)::

    git worktree add /tmp/before <commit>
    .venv/bin/python -m bench.runs_ab RAW --against /tmp/before --rounds 4

Each round runs both checkouts' ``newsclean run RAW CLEAN --json`` once, into fresh clean folders,
in alternating order (ABBA...), with this checkout's venv and each checkout's own code (the
command's process starts in that checkout, whose ``cleaners`` and ``flows`` come first on its path;
so do its fork server's).  Both share one warm ``PREFECT_HOME`` (``--prefect-home``; warmed by an
empty-folder run of each first).  Printed: every run's wall (start-up included) and flow seconds, then
each checkout's median and the median of the paired differences.  Walls on a shared machine move with
its load: the alternation and the pairs are what make the comparison fair.  Both checkouts' modules are
compiled to bytecode first (``PYTHONDONTWRITEBYTECODE`` is set on the development machines).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = ("import sys; sys.argv = ['newsclean', 'run', sys.argv[1], sys.argv[2], '--json', '--no-progress']; "
       "from flows.startup import main; main()")


def run_once(tree: Path, raw: Path, clean: Path, env: dict[str, str]) -> tuple[float, float]:
    """``newsclean run RAW CLEAN`` with ``tree``'s code: (wall seconds, the summary's flow seconds)."""
    shutil.rmtree(clean, ignore_errors=True)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN, str(raw), str(clean)], cwd=tree, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"newsclean run in {tree} failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, json.loads(done.stdout[done.stdout.index("{"):])["seconds"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.runs_ab", description=__doc__.split("\n\n")[0])
    ap.add_argument("raw", type=Path, help="the corpus's raw folder (e.g. a bench.corpus corpus's raw/)")
    ap.add_argument("--against", type=Path, required=True, help="the other checkout (a git worktree)")
    ap.add_argument("--rounds", type=int, default=4, help="rounds of one run each (default 4)")
    ap.add_argument("--prefect-home", type=Path, default=None, help="a warm PREFECT_HOME (default: a new one)")
    args = ap.parse_args(argv)
    trees = {"this": ROOT, "other": args.against.resolve()}
    for tree in trees.values():
        compileall.compile_dir(tree / "cleaners", quiet=1)
        compileall.compile_dir(tree / "flows", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="newsclean-ab-"))
    home = args.prefect_home or work / "prefect-home"
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_LOGGING_LEVEL="WARNING")
    env.pop("PREFECT_API_URL", None)
    (work / "empty").mkdir()
    for name, tree in trees.items():  # warm the home (migrations) and both trees' bytecode
        run_once(tree, work / "empty", work / f"warm-{name}", env)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    try:
        for r in range(args.rounds):
            order = list(trees) if r % 2 == 0 else list(reversed(trees))
            for name in order:
                wall, flow = run_once(trees[name], args.raw, work / f"clean-{name}", env)
                runs[name].append((wall, flow))
                print(f"round {r + 1} {name:5} wall {wall:6.2f} s  flow {flow:6.2f} s  load {os.getloadavg()[0]:.2f}",
                      flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, tree in trees.items():
        walls, flows = [w for w, _ in runs[name]], [f for _, f in runs[name]]
        print(f"{name:5} {tree}: wall median {statistics.median(walls):.2f} s (best {min(walls):.2f}), "
              f"flow median {statistics.median(flows):.2f} s")
    diffs = [a[0] - b[0] for a, b in zip(runs["this"], runs["other"])]
    print(f"this - other, wall, median of the {len(diffs)} pairs: {statistics.median(diffs):+.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
