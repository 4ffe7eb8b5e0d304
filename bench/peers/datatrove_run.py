"""datatrove on the bench corpus: its Trafilatura extractor, then its 4-stage MinHash dedup.

Runs inside the datatrove venv that ``bench/perf.py`` makes (datatrove pins trafilatura<1.12,
which newsclean's own pins exclude)::

    python datatrove_run.py INPUT_DIR OUTPUT_DIR TASKS

INPUT_DIR holds ``html/*.jsonl`` (raw pages) and ``text/*.jsonl`` (text dumps), ``{id, text}``
a line, as ``bench.perf.write_peer_inputs`` writes them. The pages go through Trafilatura; the
text dumps join them unchanged; then signatures, buckets, clusters and the filter, each stage
on TASKS processes, as datatrove's own MinHash example runs them. Prints one JSON line.
Checked against datatrove 0.10.1 (trafilatura 1.11.0, spaCy 3.8): its API is the one used here.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from datatrove.executor.local import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter


def main(inputs: Path, out: Path, tasks: int) -> None:
    config = MinhashConfig()  # 5-grams, 14 buckets x 8 hashes: datatrove's defaults
    t0 = time.perf_counter()
    # Trafilatura's per-page timeout is datatrove's 1 s by default: on a loaded machine that drops pages
    # newsclean keeps, so 30 s (no page of the bench corpus comes near it; a dropped page would be less work).
    stages = [
        ("extract", [JsonlReader(str(inputs / "html")), Trafilatura(favour_precision=True, timeout=30),
                     JsonlReader(str(inputs / "text")), JsonlWriter(str(out / "extracted"))], tasks),
        ("signatures", [JsonlReader(str(out / "extracted")),
                        MinhashDedupSignature(output_folder=str(out / "signatures"), config=config)], tasks),
        ("buckets", [MinhashDedupBuckets(input_folder=str(out / "signatures"), output_folder=str(out / "buckets"),
                                         config=config)], config.num_buckets),
        ("cluster", [MinhashDedupCluster(input_folder=str(out / "buckets"), output_folder=str(out / "remove_ids"),
                                         config=config)], 1),
        ("filter", [JsonlReader(str(out / "extracted")), MinhashDedupFilter(input_folder=str(out / "remove_ids")),
                    JsonlWriter(str(out / "deduped"))], tasks),
    ]
    seconds = {}
    for name, pipeline, n in stages:
        s0 = time.perf_counter()
        LocalPipelineExecutor(pipeline=pipeline, tasks=n, workers=tasks, logging_dir=str(out / "logs" / name),
                              skip_completed=False).run()
        seconds[name] = round(time.perf_counter() - s0, 3)
    total = time.perf_counter() - t0

    def count(folder: Path) -> int:
        import gzip

        return sum(1 for f in folder.rglob("*.jsonl*") for _ in gzip.open(f, "rt"))

    print(json.dumps({"inner_seconds": round(total, 3), "stage_seconds": seconds,
                      "extracted": count(out / "extracted"), "kept": count(out / "deduped")}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
