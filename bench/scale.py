"""Cost of the serial, size-sensitive steps of a run at 10k-200k documents, on records fed straight in.

Run from the repository root::

    nice .venv/bin/python -m bench.scale --sizes 10000,50000,200000 --json scale.json

A full ``newsclean run`` at 200,000 documents spends most of its time in the clean step, which is
embarrassingly parallel (batches of files, no shared state: its cost per document is measured by
``bench.perf --sizes``).  What can grow faster than the corpus is what runs in the flow's
process over the whole clean dir: committing batches to the state, site templates (learn, cut
chunks, store), near-duplicate search (LSH index and queries, verification, clusters), writing
articles and the manifest, and the report.  This bench times exactly those, by feeding records
to them directly, so that 200,000 documents fit in minutes on two shared cores.

**What is synthetic, said plainly.**  The records are not made by the cleaners: for each
document :mod:`bench.corpus` plans (same sites, cluster sizes, copy variants, titles, URLs,
dates, authors; ``stories="fresh"``, so the corpus grows with new stories and its clusters stay
as large as in a small corpus), its renderer fills the body and the site's boilerplate lines,
and the article is the gold title and body plus the site's fixed lines that the rule engine
leaves for site templates to find (tagline, newsletter, social, copyright, standards: the kinds
of :data:`TEMPLATE_KINDS`) at the end.  :func:`cleaners.corpus.clean.cleaned_record` then makes
the record exactly as a worker does (article JSON, words, text hash, MinHash signature, line
hashes, story keys).  Making the records is not timed (it is the clean step's work, done by the
workers in a run); every step after it is the run's own code, called as ``run_corpus`` calls it,
with the parallel part of site templates (re-finalising articles) timed apart.

Printed per size: CPU seconds of this process per step (``time.process_time``: on two cores
shared with other work, wall time measures the neighbours; the wall seconds are in the JSON,
and writing articles also waits for the disk), microseconds per document, and the ratio of each size's
cost per document to the smallest size's; peak RSS of this process (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from random import Random
from typing import Any

#: Boilerplate kinds of the generated sites that the rule engine does not strip on its own
#: (fixed per site, not shaped like a rule's examples): they stay in the article for templates to learn.
TEMPLATE_KINDS = {"tagline", "newsletter", "social", "copyright", "standards"}


def records(n: int, seed: int = 0, source: Path | None = None, stories: str = "fresh", processes: int = 3):
    """``n`` records as a worker would return them, in batches of 200 (see the module's docstring),
    made by ``processes`` forked processes (untimed: it is the clean step's share of the work)."""
    import multiprocessing

    from bench import corpus

    global RENDERER
    sources = corpus.load_sources(Path(source) if source else corpus.DEFAULT_SOURCE)
    rng = Random(seed)
    docs = corpus.plan(n, corpus.StorySupply(sources, rng, stories), "mixed", rng)
    RENDERER = corpus.Renderer(sorted({s.title for s in sources}), seed)
    batches = [docs[k:k + 200] for k in range(0, len(docs), 200)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        window: list = []  # at most 2 batches per record maker ahead: the peak RSS measured stays the steps'
        for batch in batches:
            window.append(pool.apply_async(make_batch, (batch,)))
            if len(window) > 2 * processes:
                yield window.pop(0).get()
        for pending in window:
            yield pending.get()


RENDERER = None  # the corpus renderer, set before the record makers fork


def make_batch(docs) -> list:
    """Records of a batch of planned documents (in a record-making process)."""
    from bench import corpus
    from cleaners.article import Article
    from cleaners.corpus.clean import cleaned_record
    from cleaners.settings import Settings

    settings = Settings()
    out = []
    for d in docs:
        RENDERER.render(d)
        site = corpus.SITES[d.site]["domain"]
        raw = f"{site}/{d.index:07d}.txt"
        tail = [text for kind, text in d.boilerplate if kind in TEMPLATE_KINDS]
        text = "\n\n".join([*d.paras, *tail])
        article = Article(title=d.title, text=text, author=d.author, published=d.published, url=d.url,
                          site=site, language="en", kind="text").with_id()
        sha = hashlib.sha256(f"{raw}\n{text}".encode()).hexdigest()
        out.append(cleaned_record(raw, raw, sha, article, settings))
    return out


def measure(n: int, work: Path, seed: int, source: Path | None, stories: str) -> dict[str, Any]:
    from cleaners.corpus.duplicates import deduplicate
    from cleaners.corpus.site_templates import Refinalise, TemplateSaver, learn_site_templates, template_chunks
    from cleaners.corpus.store import Store
    from cleaners.corpus.write import write_outputs
    from cleaners.settings import Settings
    from cleaners.views.report.data import build_report

    settings = Settings()
    clean = work / f"clean-{n}"
    shutil.rmtree(clean, ignore_errors=True)
    steps: dict[str, float] = {}

    wall: dict[str, float] = {}
    clock = time.process_time  # CPU seconds of this process: honest on a machine shared with other work

    peaks: dict[str, float] = {}  # step -> peak RSS of this process (MB) once the step is done

    def timed(name: str, t0: float) -> float:
        peaks[name] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        now = clock()
        steps[name] = round(steps.get(name, 0.0) + now - t0, 3)
        wall[name] = round(wall.get(name, 0.0) + time.perf_counter() - wall.pop("_t0", time.perf_counter()), 3)
        wall["_t0"] = time.perf_counter()
        return now

    prepare = 0.0
    with Store(clean) as store:
        made = clock()
        wall["_t0"] = time.perf_counter()
        for batch in records(n, seed, source, stories):
            t0 = clock()
            prepare += t0 - made
            wall["_t0"] = time.perf_counter()
            store.save_results(batch, [])
            made = timed("save batches", t0)
        t0, wall["_t0"] = clock(), time.perf_counter()
        learned = learn_site_templates(store)
        t0 = timed("templates: learn", t0)
        saver = TemplateSaver(store, learned.stats)
        refinalise = Refinalise(settings)
        parallel = 0.0
        for chunk in template_chunks(store, learned, chunk_size=2 * settings.batch_size):
            t1 = clock()
            updates = refinalise(chunk)
            t2 = clock()
            parallel += t2 - t1
            saver.save(chunk, updates)
        timed("templates: chunks and save", t0)
        steps["templates: chunks and save"] = round(steps["templates: chunks and save"] - parallel, 3)
        steps["(parallel) templates: re-finalise"] = round(parallel, 3)
        t0 = clock()
        dup = deduplicate(store, settings)
        t0 = timed("deduplicate", t0)
        write_outputs(store, clean)
        t0 = timed("write", t0)
    build_report(clean)
    timed("report", t0)
    clusters = {str(k): v for k, v in sorted(dup.clusters.items())}
    state_mb = sum(f.stat().st_size for f in (clean / ".newsclean").glob("state.db*")) / 2**20
    articles_mb = sum(f.stat().st_size for f in (clean / "articles").iterdir()) / 2**20
    shutil.rmtree(clean, ignore_errors=True)
    serial = sum(v for k, v in steps.items() if not k.startswith("("))
    wall.pop("_t0", None)
    return {"size": n, "steps": steps, "wall_seconds": wall, "serial_seconds": round(serial, 3),
            "us_per_doc": {k: round(v / n * 1e6, 1) for k, v in steps.items()},
            "prepare_seconds_untimed": round(prepare, 1), "state_db_mb": round(state_mb, 1),
            "articles_mb": round(articles_mb, 1), "candidates": dup.candidates, "ruled_out": dup.ruled_out, "pairs": dup.new_pairs,
            "clusters": clusters, "refinalised": learned.stats.refinalised, "template_sites": learned.stats.sites,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "peak_rss_mb_after_step": peaks}


def index_latency(n: int = 20000, queries: int = 2000, seed: int = 0) -> dict[str, Any]:
    """Seconds per LSH query and insert of the SQLite index and of Redis (a throwaway ``redis-server`` on
    loopback, when installed), ``n`` random signatures indexed: the per-class cost of near-duplicate
    search that the flow pays serially, and what the Redis index adds to it (round trips)."""
    import socket
    import sqlite3
    import subprocess

    import numpy as np

    from cleaners import dedup
    from cleaners.corpus.lsh import SqliteLsh
    from cleaners.dedup.index import RedisLsh

    rng = np.random.default_rng(seed)
    sigs = [dedup.lean_minhash(rng.integers(0, 2**32, 128, dtype=np.uint32).tobytes()) for _ in range(n)]
    out: dict[str, Any] = {"indexed": n, "queries": queries}

    def timed(index: Any, name: str) -> None:
        t0, c0 = time.perf_counter(), time.process_time()
        index.insert_many((f"k{i}", m) for i, m in enumerate(sigs))
        t1, c1 = time.perf_counter(), time.process_time()
        for m in sigs[:queries]:
            index.query(m)
        t2, c2 = time.perf_counter(), time.process_time()
        out[name] = {"insert_us": round((t1 - t0) / n * 1e6, 1), "insert_cpu_us": round((c1 - c0) / n * 1e6, 1),
                     "query_us": round((t2 - t1) / queries * 1e6, 1), "query_cpu_us": round((c2 - c1) / queries * 1e6, 1)}

    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(Path(tmp) / "lsh.db")
        timed(SqliteLsh(db, 0.3, 128), "sqlite")
        db.close()
        binary = shutil.which("redis-server")
        if binary is None:
            out["redis"] = "not run: redis-server is not installed"
            return out
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", tmp, "--save", "",
                                 "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    index = RedisLsh(f"redis://127.0.0.1:{port}/0", "bench:", 0.3, 128)
                    break
                except Exception:  # noqa: BLE001 — not up yet
                    time.sleep(0.1)
            timed(index, "redis")
            index.close()
        finally:
            proc.terminate()
            proc.wait()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,50000,200000")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", type=Path, default=None)
    ap.add_argument("--stories", default="fresh", help="fresh (default) or recombined (bench.corpus)")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--index", type=int, default=0,
                    help="only time LSH queries and inserts, SQLite and Redis, with this many signatures indexed")
    args = ap.parse_args(argv)
    if args.index:
        print(json.dumps(index_latency(args.index)))
        return 0
    work = Path(tempfile.mkdtemp(prefix="newsclean-scale-"))
    rows = []
    try:
        for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
            gc.collect()
            row = measure(size, work, args.seed, args.source, args.stories)
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = rows[0]
    print(f"\n| step | " + " | ".join(f"{r['size']:,} s (µs/doc)" for r in rows) + f" | per doc, largest / {base['size']:,} |")
    print("|---|" + "---|" * (len(rows) + 1))
    for step in base["steps"]:
        cells = " | ".join(f"{r['steps'][step]:.2f} ({r['us_per_doc'][step]:.0f})" for r in rows)
        ratio = rows[-1]["us_per_doc"][step] / max(base["us_per_doc"][step], 1e-9)
        print(f"| {step} | {cells} | {ratio:.2f} |")
    cells = " | ".join(f"{r['serial_seconds']:.2f} ({r['serial_seconds'] / r['size'] * 1e6:.0f})" for r in rows)
    ratio = (rows[-1]["serial_seconds"] / rows[-1]["size"]) / (base["serial_seconds"] / base["size"])
    print(f"| serial total | {cells} | {ratio:.2f} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
