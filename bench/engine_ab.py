"""The rule engine against another checkout's, in one process: ``strip_boilerplate`` on the calls
``clean_document`` makes over a folder of raw documents, alternately, outputs compared.

    python -m bench.engine_ab RAW_DIR OTHER_CHECKOUT [--repeat 3]

CPU time (``time.process_time``) per call, summed per side; each call runs on both sides in
turn (the order alternating), so a busy machine slows both alike.  Fails if any output
(blocks, ``removed``, moved metadata, ``not_article``) differs.  ``RAW_DIR``: e.g. the ``raw/``
of ``bench.corpus.generate``.

The other engine runs on this checkout's other modules (rules, prefilter…): a checkout whose engine
uses what this one no longer has (before 2026-12-01, the prefilter's ``may_match``) cannot be loaded
so; time each checkout in its own process with ``bench.engine_cpu`` instead.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.engine_ab", description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("other", type=Path, help="a checkout of newsclean (its cleaners/boilerplate/engine.py)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import cleaners.boilerplate.engine as ours
    import cleaners.document as document
    from cleaners.article import Rejected
    from cleaners.io.readers import WorkItem, read_item, walk

    spec = importlib.util.spec_from_file_location("other_engine", args.other / "cleaners" / "boilerplate" / "engine.py")
    other = importlib.util.module_from_spec(spec)
    sys.modules["other_engine"] = other
    spec.loader.exec_module(other)

    calls = []
    real = document.strip_boilerplate

    def record(*a, **k):
        calls.append((a, k))
        return real(*a, **k)

    document.strip_boilerplate = record
    for rel, path in walk(args.raw):
        for doc in read_item(WorkItem(rel, str(path))):
            if doc.rejection is None and doc.data is not None:
                try:
                    document.clean_document(doc)
                except Rejected:
                    pass
    document.strip_boilerplate = real

    spent = {ours: 0.0, other: 0.0}
    for rnd in range(args.repeat):
        for k, (a, kw) in enumerate(calls):
            results = {}
            for side in ((ours, other) if (k + rnd) % 2 else (other, ours)):
                t0 = time.process_time()
                results[side] = side.strip_boilerplate(*a, **kw)
                spent[side] += time.process_time() - t0
            x, y = results[ours], results[other]
            if (x.blocks, x.removed, x.moved, x.not_article) != (y.blocks, y.removed, y.moved, y.not_article):
                raise SystemExit(f"outputs differ on document {k}")
    n = len(calls) * args.repeat
    print(f"{len(calls)} documents, outputs identical: strip_boilerplate {spent[ours] * 1000 / n:.3f} ms here, "
          f"{spent[other] * 1000 / n:.3f} ms in {args.other} (ratio {spent[ours] / spent[other]:.3f})")


if __name__ == "__main__":
    main()
