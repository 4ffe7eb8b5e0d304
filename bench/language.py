"""What language identification costs: the model's one-time load, a detection, and
``clean_document``'s CPU per document on plain news texts (where detection weighs most).

    python -m bench.language [--n 400] [--repeat 3] [--source DIR]

CPU time (``time.process_time``), so the figures hold on a busy machine better than wall time.
``clean_document`` runs ``--repeat`` times over the texts; the best run is kept; the model load is
paid before the timed runs and reported apart.  Run it in two checkouts to compare them.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.language", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=400, help="texts (default 400)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs over the texts; the best is kept")
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared" / "eval" / "news" / "bbc",
                        help="folder of .txt news articles (default ../shared/eval/news/bbc)")
    args = parser.parse_args(argv)
    files = sorted(args.source.rglob("*.txt"))[: args.n]
    if not files:
        parser.error(f"no .txt files under {args.source}")
    datas = [path.read_bytes() for path in files]

    t0 = time.process_time()
    from cleaners import clean_document
    from cleaners.article import Rejected
    from cleaners.language import detect_language
    imported = time.process_time() - t0

    t0 = time.process_time()
    detect_language("The council said it was not going to close the library in the spring.")
    first = time.process_time() - t0
    texts = [data.decode("utf-8", "replace") for data in datas]
    t0 = time.process_time()
    for text in texts:
        detect_language(text)
    detect_ms = 1000 * (time.process_time() - t0) / len(texts)

    runs = []
    for _ in range(args.repeat):
        t0 = time.process_time()
        for data in datas:
            try:
                clean_document(data, kind="text")
            except Rejected:
                pass
        runs.append(1000 * (time.process_time() - t0) / len(datas))
    print(json.dumps({"texts": len(datas), "import_cleaners_s": round(imported, 3),
                      "first_detection_s (model load)": round(first, 3), "detection_ms": round(detect_ms, 3),
                      "clean_document_cpu_ms_per_doc": round(min(runs), 3),
                      "runs_ms": [round(r, 3) for r in runs]}, indent=2))


if __name__ == "__main__":
    main()
