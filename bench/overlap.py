"""What overlapping the serial steps with the clean step could save: one run against the same corpus fed in parts.

Run from the repository root::

    nice .venv/bin/python -m bench.overlap --n 2000 --parts 2 --json overlap.json

Issue 16 asks for the serial steps (site templates, near-duplicate queries, writing) to run while
batches are still being cleaned, keeping "one run equals the same corpus fed in several runs".
The only design that keeps that by construction is a run that stops at checkpoints and does the
serial steps on what it has so far, which is exactly the corpus fed in several runs
(``tests/corpus/test_incremental.py`` holds the outputs equal).  Whether it pays depends on two
figures this bench measures, in one process (:func:`cleaners.corpus.run.run_pipeline`, no pool),
as CPU seconds per step (``time.process_time``: the neighbours of a shared machine do not inflate it):

* the **tail**: the serial work left after the last batch (templates less the parallel
  re-finalising, deduplicate, write), for one run and for the last of ``--parts`` runs: what a
  checkpointed run would still do after its last batch;
* the **checkpoint work**: the serial work of the earlier runs, which a checkpointed run would do
  while batches clean and which then competes with them for the cores.

The corpus is fed in plan order (sorted paths, so a site's folder is fed whole where it can be);
a document's site comes from its own metadata (:func:`cleaners.boilerplate.templates.template_site`),
so no run can know beforehand that a site is complete.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cleaners.corpus.run as run_module
from cleaners.corpus import clean as clean_module
from cleaners.corpus import site_templates


@contextmanager
def cpu_clock():
    """Step times as CPU seconds of this process, and the parallel parts' CPU apart: ``{"clean": s, "refinalise": s}``."""
    parallel = {"clean": 0.0, "refinalise": 0.0}
    clean_call, refinalise_call = clean_module.CleanBatch.__call__, site_templates.Refinalise.__call__

    def timed(key, call):
        def wrapper(self, item):
            t0 = time.process_time()
            try:
                return call(self, item)
            finally:
                parallel[key] += time.process_time() - t0
        return wrapper

    saved = run_module.time
    run_module.time = type("CpuTime", (), {"perf_counter": staticmethod(time.process_time)})
    clean_module.CleanBatch.__call__ = timed("clean", clean_call)
    site_templates.Refinalise.__call__ = timed("refinalise", refinalise_call)
    try:
        yield parallel
    finally:
        run_module.time = saved
        clean_module.CleanBatch.__call__, site_templates.Refinalise.__call__ = clean_call, refinalise_call


def one_run(raw: Path, clean: Path) -> dict[str, Any]:
    """CPU seconds per step of one ``run_pipeline``, the parallel work split out, and the serial tail."""
    with cpu_clock() as parallel:
        summary = run_module.run_pipeline(raw, clean)
    steps = dict(summary.steps)
    row = {"documents": sum(summary.tally.processed.values()), "steps": {k: round(v, 3) for k, v in steps.items()},
           "clean_workers": round(parallel["clean"], 3), "refinalise_workers": round(parallel["refinalise"], 3),
           "refinalised": summary.templates.refinalised if summary.templates else 0,
           "save_batches": round(steps.get("clean", 0.0) - parallel["clean"], 3)}
    row["tail"] = round(steps.get("site templates", 0.0) - parallel["refinalise"] + steps.get("deduplicate", 0.0)
                        + steps.get("write", 0.0), 3)
    return row


def bench(n: int, parts: int, seed: int) -> dict[str, Any]:
    from bench.corpus import generate

    work = Path(tempfile.mkdtemp(prefix="newsclean-overlap-"))
    try:
        full = generate(work / "corpus", n, seed) / "raw"
        single = one_run(full, work / "one")
        files = sorted(p for p in full.rglob("*") if p.is_file())
        raw, fed = work / "raw", []
        for k in range(parts):  # consecutive slices in plan order: what a run has cleaned at each checkpoint
            for path in files[k * len(files) // parts:(k + 1) * len(files) // parts]:
                dest = raw / path.relative_to(full)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)
            fed.append(one_run(raw, work / "parts"))
        same = (work / "one" / "manifest.jsonl").read_bytes() == (work / "parts" / "manifest.jsonl").read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"n": n, "parts": parts, "one_run": single, "fed_in_parts": fed, "same_manifest": same,
            "tail_saved": round(single["tail"] - fed[-1]["tail"], 3),
            "checkpoint_work": round(sum(r["tail"] for r in fed[:-1]), 3),
            "refinalise_extra": round(sum(r["refinalise_workers"] for r in fed) - single["refinalise_workers"], 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.overlap", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--parts", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    report = bench(args.n, args.parts, args.seed)
    one, last = report["one_run"], report["fed_in_parts"][-1]
    print(f"CPU s, {args.n} documents; one run: clean (workers) {one['clean_workers']}, save batches "
          f"{one['save_batches']}, re-finalise (workers) {one['refinalise_workers']} for {one['refinalised']} articles, "
          f"serial tail {one['tail']} {one['steps']}")
    for k, row in enumerate(report["fed_in_parts"], 1):
        print(f"part {k}/{args.parts}: {row['documents']} documents, clean (workers) {row['clean_workers']}, "
              f"re-finalise (workers) {row['refinalise_workers']} for {row['refinalised']}, serial tail {row['tail']} "
              f"{row['steps']}")
    print(f"tail saved by checkpoints: {report['tail_saved']} s (one run {one['tail']} -> last part {last['tail']}); "
          f"checkpoint work while cleaning: {report['checkpoint_work']} s serial + {report['refinalise_extra']} s "
          f"more re-finalising; same manifest: {report['same_manifest']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
