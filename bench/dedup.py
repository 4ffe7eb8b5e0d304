"""Near-duplicate benchmark: pairwise precision/recall/F1 and ARI against known clusters, speed, index size.

Run from the repository root (data from ``../shared``; every corpus is written to a temp dir)::

    python -m bench.dedup synd [--n 2000] [--seed 0] [--profile mixed] [--sweep]  # (a) generated corpus
    python -m bench.dedup bbc                                    # (b) the BBC set's own re-publications
    python -m bench.dedup copietje                               # (c) copietje texts + NewsEdits revisions
    python -m bench.dedup index [--n 100000] [--redis URL]       # index size and speed per 100k classes
    python -m bench.dedup short [--n 600] [--seed 0] [--old-rule]  # (d) generated briefs of 20-60 words

Every suite runs the real pipeline (``cleaners.corpus.run``) and scores the clusters it stored
(``canonical`` of every cleaned document) against gold clusters.  A document the pipeline
rejected counts as a singleton (its pairs are missed).  ``--sweep`` cleans once and re-runs only
the near-duplicate step under other parameters (signatures recomputed from the stored texts).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping
from math import comb
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from cleaners import dedup
from cleaners.dedup import index as dedup_index
from cleaners.corpus.clean import CleanBatch, Tally, save_batch
from cleaners.corpus.duplicates import deduplicate
from cleaners.corpus.plan import plan_run
from cleaners.settings import Settings
from cleaners.corpus.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


# ---- metrics ------------------------------------------------------------------------------
def pair_scores(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """Pairwise precision, recall, F1 and adjusted Rand index of a clustering (doc -> cluster id).

    >>> s = pair_scores({"a": 1, "b": 1, "c": 2, "d": 2}, {"a": "x", "b": "x", "c": "x", "d": "y"})
    >>> s["precision"], s["recall"], round(s["f1"], 3)
    (0.5, 0.3333, 0.4)
    >>> pair_scores({"a": 1, "b": 1}, {"a": "x", "b": "x"})["ari"]
    1.0
    """
    docs = sorted(gold)
    joint = Counter((pred[d], gold[d]) for d in docs)
    tp = sum(comb(n, 2) for n in joint.values())
    pred_pairs = sum(comb(n, 2) for n in Counter(pred[d] for d in docs).values())
    gold_pairs = sum(comb(n, 2) for n in Counter(gold[d] for d in docs).values())
    total = comb(len(docs), 2)
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    expected = pred_pairs * gold_pairs / total if total else 0.0
    top = (pred_pairs + gold_pairs) / 2
    ari = (tp - expected) / (top - expected) if top != expected else 1.0
    return {"docs": len(docs), "gold_pairs": gold_pairs, "pred_pairs": pred_pairs, "true_pairs": tp,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "ari": round(ari, 4)}


def predicted(store: Store, docs: list[str]) -> dict[str, str]:
    """Each document's cluster: its canonical (rejected/failed documents are singletons)."""
    canon = {r[0]: r[1] or r[0] for r in store.db.execute("SELECT raw, canonical FROM docs WHERE status = 'ok'")}
    return {d: canon.get(d, d) for d in docs}


def errors(pred: Mapping[str, str], gold: Mapping[str, str], info: Mapping[str, str], limit: int = 8) -> dict:
    """Examples of false merges and misses, with what ``info`` says of each document."""
    by_pred: dict[str, list[str]] = {}
    for d, c in pred.items():
        by_pred.setdefault(c, []).append(d)
    merges = [sorted({gold[d] for d in ds}) for ds in by_pred.values() if len({gold[d] for d in ds}) > 1]
    by_gold: dict[str, list[str]] = {}
    for d, g in gold.items():
        by_gold.setdefault(g, []).append(d)
    misses = [[f"{d} ({info.get(d, '')}) -> {pred[d]}" for d in ds] for ds in by_gold.values()
              if len({pred[d] for d in ds}) > 1]
    return {"false_merges": len(merges), "merge_examples": merges[:limit],
            "split_stories": len(misses), "split_examples": misses[:limit]}


# ---- running the pipeline -----------------------------------------------------------------
def clean_into(raw: Path, clean: Path, settings: Settings, workers: int = 2) -> dict[str, float]:
    """Clean every file of ``raw`` into ``clean``'s state, then deduplicate; seconds of each part."""
    with Store(clean) as store:
        t0 = time.perf_counter()
        plan = plan_run(raw, store, settings)
        tally = Tally()
        with Pool(workers) as pool:
            for batch, rows in zip(plan.batches, pool.imap(CleanBatch(settings), plan.batches)):
                save_batch(store, plan, batch, rows, tally)
        t1 = time.perf_counter()
        stats = deduplicate(store, settings)
        t2 = time.perf_counter()
        deduplicate(store, settings)  # an hourly run with nothing new: re-clustering only
        t3 = time.perf_counter()
        docs = sum(store.counts().values())
    return {"clean_s": round(t1 - t0, 1), "dedup_s": round(t2 - t1, 2), "rerun_dedup_s": round(t3 - t2, 2), "docs": docs,
            "candidates": stats.candidates, "pairs": stats.new_pairs}


def rededup(clean: Path, settings: Settings, work: Path) -> tuple[Path, float]:
    """A copy of ``clean``'s state, deduplicated again from scratch under ``settings``."""
    dest = work / f"state-{time.perf_counter_ns()}"
    (dest / ".newsclean").mkdir(parents=True)
    src = sqlite3.connect(clean / ".newsclean" / "state.db")
    dst = sqlite3.connect(dest / ".newsclean" / "state.db")
    src.backup(dst)
    src.close()
    rows = dst.execute("SELECT raw, article FROM docs WHERE status = 'ok'").fetchall()
    for raw, article in rows:
        sh = dedup.signature_shingles(json.loads(article)["text"], settings.shingle_size)
        dst.execute("UPDATE docs SET signature = ?, pending = 1 WHERE raw = ?",
                    (dedup.signature(sh, settings.num_perm), raw))
    dst.execute("DELETE FROM meta WHERE key IN ('class_edges', 'lsh_index')")
    dst.commit()
    dst.close()
    with Store(dest) as store:
        t = time.perf_counter()
        deduplicate(store, settings)
        return dest, time.perf_counter() - t


SWEEP = [  # (shingle size, permutations, LSH threshold, Jaccard, containment)
    (5, 128, 0.3, 0.6, 0.9), (3, 128, 0.3, 0.6, 0.9), (7, 128, 0.3, 0.6, 0.9), (5, 64, 0.3, 0.6, 0.9),
    (5, 256, 0.3, 0.6, 0.9), (5, 128, 0.2, 0.6, 0.9), (5, 128, 0.5, 0.6, 0.9), (5, 128, 0.3, 0.5, 0.8),
    (5, 128, 0.3, 0.6, 0.8), (5, 128, 0.3, 0.7, 0.9), (5, 128, 0.3, 0.8, 0.95),
]


def suite_synd(args) -> dict:
    from bench.corpus import generate

    work = Path(tempfile.mkdtemp(prefix="newsclean-bench-dedup-"))
    try:
        generate(work / "corpus", args.n, args.seed, None, args.profile, quiet=True)
        gold_rows = [json.loads(line) for line in (work / "corpus" / "gold.jsonl").open()]
        gold = {r["raw"]: r["story"] for r in gold_rows}
        info = {r["raw"]: r["variant"] for r in gold_rows}
        settings = args.settings
        timing = clean_into(work / "corpus" / "raw", work / "clean", settings)
        with Store(work / "clean") as store:
            result = {"suite": f"{args.profile} n={args.n} seed={args.seed}", **_params(settings), **timing,
                      "docs_per_s_dedup": round(timing["docs"] / max(timing["dedup_s"], 1e-9)),
                      **pair_scores(predicted(store, list(gold)), gold)}
            result.update(errors(predicted(store, list(gold)), gold, info, limit=50))
        result["merged_sources_overlap"] = _source_overlaps(result["merge_examples"])
        if args.sweep:
            result["sweep"] = []
            for k, perm, lsh, jac, cont in SWEEP:
                s = settings.with_overrides(shingle_size=k, num_perm=perm, lsh_threshold=lsh, jaccard_threshold=jac,
                                            containment_threshold=cont)
                dest, seconds = rededup(work / "clean", s, work)
                with Store(dest) as store:
                    scores = pair_scores(predicted(store, list(gold)), gold)
                b, r = dedup_index.bands(lsh, perm)
                row = {"shingle": k, "perm": perm, "lsh": lsh, "bands": f"{b}x{r}", "jaccard": jac,
                       "containment": cont, "dedup_s": round(seconds, 2),
                       **{m: scores[m] for m in ("precision", "recall", "f1", "ari")}}
                print(json.dumps(row), file=sys.stderr)
                result["sweep"].append(row)
                shutil.rmtree(dest)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def suite_short(args) -> dict:
    """Briefs of 20-60 words (:mod:`bench.briefs`): corrected re-runs must cluster, briefs of one template not.

    ``--old-rule`` scores the rule before short texts had their own (signatures of 5-grams only,
    every pair verified by 5-gram Jaccard or containment), for comparison."""
    from bench import briefs
    from cleaners.dedup import minhash, verify

    if args.old_rule:  # in this process and the forked workers
        minhash.shingle_size_for = verify.shingle_size_for = lambda n, k=5: k
        verify.SHORT_TEXT_WORDS = 0
        dedup.signature_shingles = dedup.shingles  # no word pairs in signatures
    work = Path(tempfile.mkdtemp(prefix="newsclean-bench-short-"))
    try:
        shape = briefs.generate(work / "corpus", args.n, args.seed)
        gold_rows = [json.loads(line) for line in (work / "corpus" / "gold.jsonl").open()]
        gold = {r["raw"]: r["story"] for r in gold_rows}
        info = {r["raw"]: r["variant"] for r in gold_rows}
        timing = clean_into(work / "corpus" / "raw", work / "clean", args.settings)
        with Store(work / "clean") as store:
            pred = predicted(store, list(gold))
            result = {"suite": f"short briefs stories={args.n} seed={args.seed}"
                               + (" old rule" if args.old_rule else ""),
                      **shape, **_params(args.settings), **timing, **pair_scores(pred, gold)}
            by_variant: dict[str, list[int]] = {}
            for d, g in gold.items():  # recall per kind of re-run: found with its original or not
                variant = info[d].split(" ")[0]
                if variant != "original":
                    original = next(o for o in gold if gold[o] == g and info[o].startswith("original"))
                    by_variant.setdefault(variant, []).append(int(pred[d] == pred[original]))
            result["found_by_variant"] = {v: f"{sum(x)}/{len(x)}" for v, x in sorted(by_variant.items())}
            result.update(errors(pred, gold, info, limit=10))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _params(s: Settings) -> dict:
    b, r = dedup_index.bands(s.lsh_threshold, s.num_perm)
    return {"params": f"shingle {s.shingle_size}, {s.num_perm} perms, LSH {s.lsh_threshold} ({b}x{r}), "
                      f"Jaccard {s.jaccard_threshold} or containment {s.containment_threshold}"}


def _source_overlaps(merges: list[list[str]]) -> list[dict]:
    """For false merges of BBC source stories: how alike the two source files themselves are."""
    folder = SHARED / "eval" / "news" / "bbc"
    out = []
    for stories in merges:
        if len(stories) == 2 and all(s.startswith("src:") for s in stories):
            a, b = (dedup.shingles(_bbc_body(folder / f"{s[4:]}.txt")) for s in stories)
            ov = dedup.overlap(a, b)
            out.append({"stories": stories, "jaccard": ov.jaccard, "containment": ov.containment})
    return out


def _bbc_body(path: Path) -> str:
    return "\n".join(path.read_bytes().decode("latin-1").splitlines()[1:])


def suite_bbc(args) -> dict:
    from bench.corpus import load_sources

    source = SHARED / "eval" / "news" / "bbc"
    gold = {s.sources[0]: s.id for s in load_sources(source)}
    work = Path(tempfile.mkdtemp(prefix="newsclean-bench-dedup-"))
    try:
        timing = clean_into(source, work / "clean", args.settings)
        with Store(work / "clean") as store:
            pred = predicted(store, list(gold))
            result = {"suite": "bbc (gold: bodies identical after lower-casing and keeping word characters)",
                      **_params(args.settings), **timing, **pair_scores(pred, gold)}
            extra = _extra_pairs(store, pred, gold)
        result["pairs_beyond_gold"] = extra
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _extra_pairs(store: Store, pred: Mapping[str, str], gold: Mapping[str, str]) -> list[dict]:
    """Documents clustered with a canonical of another gold story: the near-identical re-publications."""
    out = []
    for d, c in sorted(pred.items()):
        if c != d and gold.get(c) != gold[d]:
            row = store.db.execute("SELECT similarity, containment FROM docs WHERE raw = ?", (d,)).fetchone()
            out.append({"doc": d, "canonical": c, "jaccard": row[0], "containment": row[1]})
    return out


def suite_copietje(args) -> dict:
    folder = SHARED / "eval" / "neardup" / "copietje"
    work = Path(tempfile.mkdtemp(prefix="newsclean-bench-dedup-"))
    try:
        raw = work / "raw"
        (raw / "texts").mkdir(parents=True)
        gold: dict[str, str] = {}
        for path in sorted((folder / "test_data").glob("*.txt")):
            shutil.copy(path, raw / "texts" / path.name)
            gold[f"texts/{path.name}"] = "text:" + path.name.split("_")[0]
        db = sqlite3.connect(folder / "test_news_edits.db")
        (raw / "edits").mkdir()
        for uid, source, entry, body in db.execute(
                "SELECT uid, original_db, entry_id, summary FROM article_versions ORDER BY uid"):
            name = f"edits/{uid}.html"
            (raw / name).write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
            gold[name] = f"edit:{source}:{entry}"
        timing = clean_into(raw, work / "clean", args.settings)
        with Store(work / "clean") as store:
            pred = predicted(store, list(gold))
        result = {"suite": "copietje", **timing, **_params(args.settings)}
        for part in ("texts/", "edits/"):
            sub = {d: g for d, g in gold.items() if d.startswith(part)}
            result[part.rstrip("/")] = {**pair_scores({d: pred[d] for d in sub}, sub),
                                        **errors({d: pred[d] for d in sub}, sub, {})}
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def suite_index(args) -> dict:
    """Insert ``n`` random signatures (one class each), then query them: time and size per 100k."""
    rng = np.random.default_rng(0)
    settings = args.settings
    work = Path(tempfile.mkdtemp(prefix="newsclean-bench-dedup-"))
    try:
        with Store(work) as store:
            index = dedup_index.open_index(store, settings.lsh_threshold, settings.num_perm, settings.shingle_size,
                                           args.redis)
            before = _redis_memory(args.redis)
            sigs = [rng.integers(0, 2**32, settings.num_perm, dtype=np.uint32).tobytes() for _ in range(args.n)]
            t0 = time.perf_counter()
            with store.transaction():  # as a run writes its new classes (RunIndex.flush)
                index.insert_many((f"{i:032x}", dedup.lean_minhash(sig)) for i, sig in enumerate(sigs))
            t1 = time.perf_counter()
            queries = min(args.n, 5000)
            with store.transaction():
                for sig in sigs[:queries]:
                    index.query(dedup.lean_minhash(sig))
            t2 = time.perf_counter()
            if args.redis:
                size = _redis_memory(args.redis) - before
                index.clear()
            else:
                size = sum(r[0] for r in store.db.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'lsh%'")) if _has_dbstat(store) else None
            index.close()
        per = 100_000 / args.n
        return {"suite": f"index ({'redis' if args.redis else 'sqlite'}), {args.n} classes",
                "bands": f"{index.b}x{index.r}", "inserts_per_s": round(args.n / (t1 - t0)),
                "queries_per_s": round(queries / (t2 - t1)),
                "mb_per_100k": round(size * per / 2**20, 1) if size is not None else None,
                "signatures_mb_per_100k": round(100_000 * settings.num_perm * 4 / 2**20, 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _has_dbstat(store: Store) -> bool:
    try:
        store.db.execute("SELECT 1 FROM dbstat LIMIT 1")
        return True
    except sqlite3.OperationalError:
        return False


def _redis_memory(url: str | None) -> int:
    if not url:
        return 0
    import redis

    return redis.Redis.from_url(url).info("memory")["used_memory"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.dedup", description=__doc__.split("\n")[0])
    ap.add_argument("suite", choices=("synd", "bbc", "copietje", "index", "short"))
    ap.add_argument("--n", type=int, default=None, help="documents (synd: 2000) or index classes (index: 100000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", default="syndication", help="synd: bench.corpus profile (syndication | mixed)")
    ap.add_argument("--sweep", action="store_true", help="synd: also re-run dedup under other parameters")
    ap.add_argument("--redis", default=None, help="index: measure the Redis backend at this URL")
    ap.add_argument("--old-rule", action="store_true",
                    help="short: every text shingled at shingle_size and verified by Jaccard/containment")
    for name, field in (("--shingle", "shingle_size"), ("--perm", "num_perm"), ("--lsh", "lsh_threshold"),
                        ("--jaccard", "jaccard_threshold"), ("--containment", "containment_threshold")):
        ap.add_argument(name, dest=field, type=type(getattr(Settings(), field)), default=None,
                        help=f"override Settings.{field} (default {getattr(Settings(), field)})")
    args = ap.parse_args(argv)
    args.settings = Settings().with_overrides(**{f: getattr(args, f) for f in (
        "shingle_size", "num_perm", "lsh_threshold", "jaccard_threshold", "containment_threshold")})
    args.n = args.n or {"index": 100_000, "short": 600}.get(args.suite, 2000)
    if args.suite not in ("index", "short") and not SHARED.is_dir():
        print(f"../shared is not here ({SHARED})", file=sys.stderr)
        return 2
    result = {"synd": suite_synd, "bbc": suite_bbc, "copietje": suite_copietje, "index": suite_index,
              "short": suite_short}[args.suite](args)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
