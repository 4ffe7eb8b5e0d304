"""Time and peak memory of cleaning one big HTML page, per page size and shape.

Run from the repository root::

    .venv/bin/python -m bench.bigpage                       # every shape and size, best of 3
    .venv/bin/python -m bench.bigpage --shapes p --sizes 10000,100000,250000 --repeat 5 --json big.json

Each page is written to a temporary folder in the shape of ``cases/safety-09`` (``<title>``, an
``<article>`` with an ``<h1>`` and N elements of one shape, each ``Paragraph i of the long page
about the harbour fees.``), then cleaned by ``newsclean clean PAGE --json`` in a fresh process,
as a user would.  Figures per page: its size in MB, the path it took (``trafilatura`` at or under
:data:`cleaners.extract.html.MAX_EXTRACT_ELEMENTS` elements, ``cheap`` above), the outcome
(``canonical`` with its words, or the reason code), the wall time in seconds and the peak RSS in
MB of that process (``wait4``'s ``ru_maxrss``), each the minimum of ``--repeat`` runs: on a
shared machine the minimum is the figure least disturbed by other work.  The promise it checks
(README, "Reliability"): every page under the 16 MB cap cleans in 10 s or less with 500 MB or
less.

Shapes: ``p`` (N paragraphs), ``li`` (one list of N items), ``div`` (N ``<div>``), ``br`` (one
``<p>`` of N lines split by ``<br>``), ``span`` (one ``<p>`` of N ``<span>`` sentences), ``td``
(a table of N one-cell rows).  Sizes ``cap`` is the largest page of ``<p>`` that still goes
through trafilatura.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cleaners.extract.html import MAX_EXTRACT_ELEMENTS

SENTENCE = "Paragraph {i} of the long page about the harbour fees."
SHAPES = {
    "p": ("", "<p>{s}</p>", ""),
    "li": ("<ul>", "<li>{s}</li>", "</ul>"),
    "div": ("", "<div>{s}</div>", ""),
    "br": ("<p>", "{s}<br>", "</p>"),
    "span": ("<p>", "<span>{s}</span> ", "</p>"),
    "td": ("<table>", "<tr><td>{s}</td></tr>", "</table>"),
}
# Elements of the page besides the N of its shape: html, head, title, body, article, h1.
FRAME_ELEMENTS = 6
DEFAULT_SIZES = "10000,cap,20000,40000,100000,250000"
LIMIT_S, LIMIT_MB = 10.0, 500.0


def write_page(path: Path, shape: str, n: int) -> int:
    """Write the page of ``n`` elements of ``shape``; its size in bytes."""
    start, item, end = SHAPES[shape]
    with path.open("w", encoding="utf-8") as f:
        f.write("<html><head><title>Many paragraphs</title></head><body><article><h1>Many paragraphs</h1>" + start)
        for i in range(n):
            f.write(item.format(s=SENTENCE.format(i=i)))
        f.write(end + "</article></body></html>")
    return path.stat().st_size


def clean_once(newsclean: str, page: Path) -> tuple[float, float, str]:
    """``newsclean clean PAGE --json`` in a fresh process: (seconds, peak RSS in MB, outcome)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([newsclean, "clean", str(page), "--json"], stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read().decode("utf-8", "replace")
    if proc.returncode == 0:
        outcome = f"canonical, {len(json.loads(stdout)['text'].split()):,} words"
    elif "(" in stderr and ")" in stderr:
        outcome = stderr.split("(", 1)[1].split(")", 1)[0]  # "PAGE: rejected (code): reason"
    else:
        outcome = f"exit {proc.returncode}: {stderr.strip().splitlines()[-1:] or ''}"
    return seconds, usage.ru_maxrss / 1024, outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bigpage", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated among {','.join(SHAPES)}")
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="elements per page, comma-separated ('cap' allowed)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page; the minimum is reported (default 3)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    newsclean = shutil.which("newsclean", path=str(Path(sys.executable).parent)) or shutil.which("newsclean")
    if newsclean is None:
        print("bench.bigpage: no newsclean command next to this Python or on PATH (make install)", file=sys.stderr)
        return 2
    sizes = [MAX_EXTRACT_ELEMENTS - FRAME_ELEMENTS if s == "cap" else int(s) for s in args.sizes.split(",") if s]
    rows = []
    print(f"{platform.node()}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; best of {args.repeat}")
    print(f"{'shape':<6}{'elements':>10}{'MB':>7}  {'path':<12}{'seconds':>8}{'peak MB':>9}  outcome")
    with tempfile.TemporaryDirectory(prefix="newsclean-bigpage-") as tmp:
        for shape in args.shapes.split(","):
            for n in sizes:
                page = Path(tmp) / f"{shape}{n}.html"
                size = write_page(page, shape, n)
                runs = [clean_once(newsclean, page) for _ in range(args.repeat)]
                seconds, peak = min(r[0] for r in runs), min(r[1] for r in runs)
                path = "trafilatura" if n + FRAME_ELEMENTS <= MAX_EXTRACT_ELEMENTS else "cheap"
                ok = seconds <= LIMIT_S and peak <= LIMIT_MB
                rows.append({"shape": shape, "elements": n + FRAME_ELEMENTS, "bytes": size, "path": path,
                             "seconds": round(seconds, 2), "peak_mb": round(peak), "outcome": runs[0][2],
                             "all_seconds": [round(r[0], 2) for r in runs], "within_limits": ok})
                print(f"{shape:<6}{n + FRAME_ELEMENTS:>10,}{size / 1e6:>7.1f}  {path:<12}{seconds:>8.1f}{peak:>9.0f}  "
                      f"{runs[0][2]}{'' if ok else '  OVER THE LIMIT'}", flush=True)
                page.unlink()
    if args.json:
        args.json.write_text(json.dumps({"machine": platform.node(), "cores": os.cpu_count(), "repeat": args.repeat,
                                         "limits": {"seconds": LIMIT_S, "peak_mb": LIMIT_MB}, "pages": rows}, indent=1))
    return 0 if all(r["within_limits"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
