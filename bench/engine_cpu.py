"""CPU of the boilerplate engine alone: ``strip_boilerplate`` on the calls ``clean_document`` makes
over a folder of raw documents, best of ``--passes`` passes, with a digest of every output.

    python -m bench.engine_cpu RAW_DIR [--limit 600] [--passes 5]

To compare two checkouts, run it alternately in each (``PYTHONPATH=OTHER python
/path/to/bench/engine_cpu.py RAW_DIR`` runs this file on the other checkout's cleaners): equal digests
say the outputs are identical.  ``RAW_DIR``: e.g. the dumps ``python -m bench.textdumps --out DIR``
writes, or the ``raw/`` of ``bench.corpus.generate``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path


def engine_calls(files: list[Path]) -> list[tuple[tuple, dict]]:
    """The ``(args, kwargs)`` of every ``strip_boilerplate`` call ``clean_document`` makes over
    ``files`` (read whole; ``.html``/``.htm`` as HTML, anything else sniffed), in order."""
    import cleaners.document as document
    from cleaners import clean_document

    calls: list[tuple[tuple, dict]] = []
    real = document.strip_boilerplate

    def recording(*a, **k):
        calls.append((a, k))
        return real(*a, **k)

    document.strip_boilerplate = recording
    try:
        for path in files:
            try:
                clean_document(path.read_bytes(), kind="html" if path.suffix in (".html", ".htm") else None)
            except Exception:  # noqa: BLE001 - a rejected document makes no engine call: nothing to time
                pass
    finally:
        document.strip_boilerplate = real
    return calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engine_cpu", description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("--limit", type=int, default=600, help="first N files in sorted order (default 600)")
    parser.add_argument("--passes", type=int, default=5, help="timed passes over the calls (default 5)")
    args = parser.parse_args(argv)

    import cleaners.document as document

    files = sorted(p for p in args.raw.rglob("*") if p.is_file())[: args.limit]
    calls = engine_calls(files)
    real = document.strip_boilerplate
    digest = hashlib.sha256(repr([real(*a, **k) for a, k in calls]).encode()).hexdigest()[:16]
    best = float("inf")
    for _ in range(args.passes):
        start = time.process_time()
        for a, k in calls:
            real(*a, **k)
        best = min(best, time.process_time() - start)
    print(f"{document.__file__}: {len(calls)} strip_boilerplate calls from {len(files)} files; "
          f"CPU best of {args.passes} {best:.3f} s; outputs {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
