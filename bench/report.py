"""How long `newsclean report` and `newsclean export` take, and how big their files are, on a generated corpus.

Run from the repository root::

    .venv/bin/python -m bench.report [--n 2000] [--seed 0]

Generates a corpus with ``bench.corpus`` in a temporary folder, cleans it with
``run_pipeline`` (no Prefect), then times each step of the report (reading the
state, the charts and page) and each export, and prints one line per step with
peak memory (``tracemalloc``, Python allocations only, measured on a second call).
The first ``to_html`` includes importing matplotlib (about 1 s).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path


def measure(label: str, fn, *args, **kwargs):
    """Time one call, then call again under tracemalloc for its peak (tracemalloc slows Python down ~5x)."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn(*args, **kwargs)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<34} {seconds:7.2f} s   peak {peak / 2**20:6.1f} MB")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="documents in the generated corpus")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from bench.corpus import generate
    from cleaners import run_pipeline
    from cleaners.views.export import export
    from cleaners.views.report import build_report, to_html

    work = Path(tempfile.mkdtemp(prefix="newsclean-bench-report-"))
    try:
        generate(work / "gen", n=args.n, seed=args.seed, quiet=True)
        start = time.perf_counter()
        summary = run_pipeline(work / "gen" / "raw", work / "clean").as_dict()
        print(f"corpus: {summary['documents']} documents, {summary['articles']} articles "
              f"(cleaned in {time.perf_counter() - start:.1f} s, one process)")
        report = measure("report: build_report (data)", build_report, work / "clean")
        page = measure("report: to_html (charts, page)", to_html, report)
        print(f"report.html: {len(page.encode()) / 2**10:.0f} KB")
        for fmt, dups in (("parquet", False), ("parquet", True), ("jsonl", True)):
            out = work / f"export.{fmt}"
            rows = measure(f"export {fmt}{' +duplicates' if dups else ''}", export, work / "clean", out,
                           fmt=fmt, include_duplicates=dups)
            print(f"  {rows} rows, {out.stat().st_size / 2**20:.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
