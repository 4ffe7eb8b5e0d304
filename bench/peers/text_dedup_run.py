"""text-dedup's MinHash on the bench corpus's cleaned texts.

Runs inside the text-dedup venv that ``bench/perf.py`` makes (text-dedup 0.4 pins urllib3<=2.0,
rich<14 and brings pyspark, which newsclean's environment must not carry)::

    python text_dedup_run.py TEXTS.jsonl OUTPUT_DIR

TEXTS.jsonl holds ``{id, text}`` a line. Word 5-grams, 128 permutations and a 0.5 Jaccard
threshold, as newsclean's defaults; as many processes as cores. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")  # a local file: nothing to fetch
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main(texts: Path, out: Path) -> None:
    import datasets
    from text_dedup.minhash import main as minhash

    t0 = time.perf_counter()
    minhash.main([
        "--path", "json", "--data_files", str(texts), "--split", "train", "--cache_dir", str(out / "cache"),
        "--output", str(out / "deduped"), "--column", "text", "--num_proc", str(len(os.sched_getaffinity(0))),
        "--ngram", "5", "--num_perm", "128", "--threshold", "0.5",
    ], standalone_mode=False)
    seconds = time.perf_counter() - t0
    kept = len(datasets.load_from_disk(str(out / "deduped")))
    total = sum(1 for _ in open(texts, encoding="utf-8"))
    print(json.dumps({"inner_seconds": round(seconds, 3), "documents": total, "kept": kept}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
