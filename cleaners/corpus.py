"""The corpus-level steps around the per-document cleaners: plan, save, deduplicate, write.

These functions hold the logic of a run; ``flows/clean_news.py`` calls them as
Prefect tasks, and :func:`run_pipeline` calls them in a plain loop (for users
without Prefect and as the benchmark's baseline).  All state lives in
:class:`~cleaners.state.Store`; the outputs are rewritten from it.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import dedup
from .article import CANONICAL, DUPLICATE
from .readers import LINES_EXTS, WorkItem, count_lines, sha_file, shape_of, walk
from .settings import Settings
from .state import Store, locked
from .writers import digest_of, remove_stale_temporaries, write_json, write_jsonl

MANIFEST = "manifest.jsonl"
ARTICLES = "articles"


# ---- planning ------------------------------------------------------------------
@dataclass
class Plan:
    """What a run has to do: the work items in batches, and how to mark files done."""

    batches: list[list[WorkItem]]
    files: dict[str, tuple[int, int, str]]  # rel -> (size, mtime_ns, sha256) of files to process
    slices: dict[str, int]  # rel -> work items still to finish
    unchanged: int = 0
    settings_key: str = ""

    @property
    def n_items(self) -> int:
        return sum(len(b) for b in self.batches)

    def finish(self, items: Iterable[WorkItem]) -> list[tuple[str, int, int, str, str]]:
        """Files whose last work item is among ``items``: rows for the files table."""
        done = []
        for item in items:
            self.slices[item.rel] -= 1
            if self.slices[item.rel] == 0:
                size, mtime, sha = self.files[item.rel]
                done.append((item.rel, size, mtime, sha, self.settings_key))
        return done


def plan_run(raw_dir: str | os.PathLike[str], store: Store, settings: Settings) -> Plan:
    """Find the files that are new or changed since the last run and cut them into batches.

    A file is unchanged when its size and modification time match the last run's,
    or else its SHA-256 does, and the settings key is the same.
    """
    raw_dir = Path(raw_dir)
    key = settings.key()
    known = store.all_files()
    files: dict[str, tuple[int, int, str]] = {}
    items: list[WorkItem] = []
    unchanged = 0
    for rel, path in walk(raw_dir):
        try:
            st = path.stat()
        except OSError:
            continue  # vanished since the walk
        record = known.get(rel)
        if record is not None and record["settings_key"] == key:
            if (record["size"], record["mtime_ns"]) == (st.st_size, st.st_mtime_ns):
                unchanged += 1
                continue
            sha = sha_file(str(path))
            if sha == record["sha256"]:
                store.touch_file(rel, st.st_size, st.st_mtime_ns)
                unchanged += 1
                continue
        else:
            sha = sha_file(str(path))
        files[rel] = (st.st_size, st.st_mtime_ns, sha)
        items.extend(_work_items(rel, str(path), settings.batch_size))
    store.forget_files(files)
    batches = _batches(items, settings.batch_size)
    slices = Counter(item.rel for item in items)
    return Plan(batches, files, dict(slices), unchanged, key)


def _work_items(rel: str, path: str, batch_size: int) -> list[WorkItem]:
    ext, gz = shape_of(rel)
    if ext not in LINES_EXTS:
        return [WorkItem(rel, path)]
    try:
        n = count_lines(path, gz)
    except (OSError, EOFError, ValueError):
        return [WorkItem(rel, path)]  # the reader reports the error in the manifest
    if n <= batch_size:
        return [WorkItem(rel, path)]
    return [WorkItem(rel, path, start, min(start + batch_size - 1, n)) for start in range(1, n + 1, batch_size)]


def _batches(items: list[WorkItem], batch_size: int) -> list[list[WorkItem]]:
    """Consecutive items, ``batch_size`` documents a batch (a jsonl slice counts as a full batch)."""
    batches: list[list[WorkItem]] = []
    current: list[WorkItem] = []
    for item in items:
        if item.last_line:
            batches.append([item])
            continue
        current.append(item)
        if len(current) >= batch_size:
            batches.append(current)
            current = []
    if current:
        batches.append(current)
    return batches


def split_evenly(batches: list[list[WorkItem]], workers: int) -> list[list[WorkItem]]:
    """Re-cut small runs so that every worker gets work (at least ``2 × workers`` batches)."""
    items = [i for b in batches for i in b]
    if not items or len(batches) >= 2 * workers:
        return batches
    n = min(len(items), 2 * workers)
    return [b for b in (items[k::n] for k in range(n)) if b]


# ---- saving results -------------------------------------------------------------
@dataclass
class Tally:
    """What a run did, counted by reason: the run summary."""

    processed: Counter[str] = field(default_factory=Counter)  # status -> documents processed this run
    removed: Counter[str] = field(default_factory=Counter)  # rule -> lines removed this run
    reasons: Counter[str] = field(default_factory=Counter)  # rejection reason (first words) -> count

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.processed[row["status"]] += 1
            if row.get("article"):
                self.removed.update(r["rule"] for r in row["article"]["removed"])
            elif row.get("reason"):
                self.reasons[row["reason"].split(":")[0]] += 1


def save_batch(store: Store, plan: Plan, items: Sequence[WorkItem], rows: list[dict[str, Any]], tally: Tally) -> None:
    store.save_results(rows, plan.finish(items))
    tally.add(rows)


# ---- near-duplicates -------------------------------------------------------------
@dataclass
class DedupStats:
    new_docs: int
    new_pairs: int
    clusters: Counter[int]  # cluster size -> number of clusters (size > 1)


def deduplicate(store: Store, settings: Settings) -> DedupStats:
    """Find copies among new documents and against all earlier ones; choose each cluster's canonical.

    Exact copies (same :func:`~cleaners.dedup.text_hash`) join directly; others are
    LSH candidates verified on their shingle sets.  Clusters are recomputed from all
    verified pairs, so the result does not depend on which run saw which document.
    """
    rows = list(store.db.execute("SELECT raw, text_hash, signature, pending, canonical, similarity, containment "
                                 "FROM docs WHERE status = 'ok' ORDER BY pending, raw"))
    anything_new = any(r["pending"] for r in rows)
    lsh = dedup.new_lsh(settings.lsh_threshold, settings.num_perm) if anything_new else None
    shingle_cache: dict[str, Any] = {}

    def shingles_of(raw: str) -> Any:
        if raw not in shingle_cache:
            shingle_cache[raw] = dedup.shingles(store.article(raw)["text"], settings.shingle_size)
        return shingle_cache[raw]

    rep_of_hash: dict[str, str] = {}
    new_edges: list[tuple[str, str, float, float]] = []
    new_docs = 0
    for row in rows if anything_new else ():  # nothing new: no pair to look for
        raw, h = row["raw"], row["text_hash"]
        if row["pending"]:
            new_docs += 1
            if h in rep_of_hash:
                new_edges.append((*sorted((raw, rep_of_hash[h])), 1.0, 1.0))
                continue
            minhash = dedup.lean_minhash(row["signature"])
            for other in sorted(lsh.query(minhash)):
                ov = dedup.overlap(shingles_of(raw), shingles_of(other))
                if ov.is_copy(settings.jaccard_threshold, settings.containment_threshold):
                    new_edges.append((*sorted((raw, other)), ov.jaccard, ov.containment))
        elif h in rep_of_hash:
            continue
        else:
            minhash = dedup.lean_minhash(row["signature"])
        rep_of_hash[h] = raw
        lsh.insert(raw, minhash)

    edges = set(store.edges()) | {(a, b) for a, b, _, _ in new_edges}
    groups = dedup.clusters((r["raw"] for r in rows), edges)
    assignments: list[tuple[str, str | None, float | None, float | None]] = []
    sizes: Counter[int] = Counter()
    before = {r["raw"]: r for r in rows}
    for members in groups:
        if len(members) == 1:
            assignments.append((members[0], members[0], None, None))
            continue
        sizes[len(members)] += 1
        if _settled(members, before):  # same members as last run: same canonical, same similarities
            assignments.extend((raw, before[raw]["canonical"], before[raw]["similarity"], before[raw]["containment"])
                               for raw in members)
            continue
        docs = {raw: _policy_view(raw, store) for raw in members}
        canonical = min(docs.values(), key=dedup.canonical_key)["raw"]
        for raw in members:
            if raw == canonical:
                assignments.append((raw, raw, None, None))
            else:
                ov = dedup.overlap(shingles_of(raw), shingles_of(canonical))
                assignments.append((raw, canonical, ov.jaccard, ov.containment))
    store.save_dedup(new_edges, assignments)
    return DedupStats(new_docs, len(new_edges), sizes)


def _settled(members: list[str], before: dict[str, Any]) -> bool:
    """Whether a cluster is exactly as the last run left it: no new member, all pointing at one of them.

    Then the canonical policy, a function of the members alone, would choose the same one again.
    """
    canonical = before[members[0]]["canonical"]
    return canonical in members and all(
        not before[m]["pending"] and before[m]["canonical"] == canonical for m in members)


def _policy_view(raw: str, store: Store) -> dict[str, Any]:
    article = store.article(raw)
    view = {f: article.get(f) for f in dedup.METADATA_FIELDS}
    view.update(raw=raw, words=len(article["text"].split()))
    return view


# ---- output -----------------------------------------------------------------------
@dataclass
class WriteStats:
    documents: int
    articles: int
    written: int
    deleted: int
    by_status: Counter[str]


def write_outputs(store: Store, clean_dir: str | os.PathLike[str]) -> WriteStats:
    """Rewrite ``articles/`` (only what changed) and ``manifest.jsonl`` from the state.

    Order: new and changed articles first, then the manifest that names them, then
    the removal of articles no longer canonical — a reader following the manifest
    always finds its files.
    """
    clean_dir = Path(clean_dir)
    articles_dir = clean_dir / ARTICLES
    articles_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(articles_dir)
    remove_stale_temporaries(clean_dir)
    previous = store.output_digests()

    id_of = {r[0]: r[1] for r in store.db.execute("SELECT raw, article_id FROM docs WHERE status = 'ok'")}
    members: dict[str, list[Any]] = {}
    for row in store.db.execute("SELECT raw, canonical, similarity, article FROM docs "
                                "WHERE status = 'ok' ORDER BY raw"):
        url = _json_field(row["article"], "url")
        members.setdefault(row["canonical"] or row["raw"], []).append(
            {"raw": row["raw"], "url": url, "similarity": 1.0 if row["similarity"] is None else row["similarity"]})

    digests: dict[str, str] = {}
    written = 0
    for canonical, sources in members.items():
        article = store.article(canonical)
        article["sources"] = sources
        aid = article["id"]
        digest = digest_of(article)
        digests[aid] = digest
        path = articles_dir / f"{aid}.json"
        if previous.get(aid) != digest or not path.exists():
            write_json(path, article)
            written += 1

    by_status: Counter[str] = Counter()

    def manifest_rows() -> Iterable[dict[str, Any]]:
        for row in store.docs():
            status = row["status"]
            if status == "ok":
                status = CANONICAL if row["canonical"] in (None, row["raw"]) else DUPLICATE
            by_status[status] += 1
            canonical_raw = row["canonical"] or row["raw"]
            yield {
                "raw": row["raw"], "sha256": row["sha256"], "status": status,
                "article_id": row["article_id"],
                "canonical_id": id_of.get(canonical_raw) if row["article_id"] else None,
                "similarity": row["similarity"] if status == DUPLICATE else None,
                "containment": row["containment"] if status == DUPLICATE else None,
                "reason": row["reason"],
            }

    documents = write_jsonl(clean_dir / MANIFEST, manifest_rows())
    deleted = 0
    for path in articles_dir.glob("*.json"):
        if path.stem not in digests:
            path.unlink(missing_ok=True)
            deleted += 1
    store.save_outputs(digests)
    return WriteStats(documents, len(digests), written, deleted, by_status)


def _json_field(article_json: str, key: str) -> Any:
    return json.loads(article_json).get(key)


# ---- the whole run without Prefect ----------------------------------------------------
@dataclass
class RunSummary:
    tally: Tally
    dedup: DedupStats
    output: WriteStats
    unchanged_files: int
    seconds: float
    steps: dict[str, float] = field(default_factory=dict)  # step name -> seconds (where the time went)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.output.documents,
            "by_status": dict(sorted(self.output.by_status.items())),
            "processed_this_run": dict(sorted(self.tally.processed.items())),
            "unchanged_files": self.unchanged_files,
            "removed_by_rule": dict(self.tally.removed.most_common()),
            "rejection_reasons": dict(self.tally.reasons.most_common()),
            "cluster_sizes": {str(k): v for k, v in sorted(self.dedup.clusters.items())},
            "articles": self.output.articles,
            "articles_written": self.output.written,
            "seconds": round(self.seconds, 2),
            "step_seconds": {k: round(v, 3) for k, v in self.steps.items()},
        }


def run_pipeline(
    raw_dir: str | os.PathLike[str],
    clean_dir: str | os.PathLike[str],
    settings: Settings | None = None,
    *,
    map_batches: Callable[[Callable, list], Iterable] | None = None,
    wait: float = 0.0,
) -> RunSummary:
    """The whole pipeline without Prefect: plan, clean batches, deduplicate, write.

    ``map_batches(fn, batches)`` may run the batches in parallel (e.g. a process
    pool's ``map``); by default they run one after another in this process.
    """
    settings = settings or Settings()
    clock = StepClock()
    with locked(clean_dir, wait=wait), Store(clean_dir) as store:
        with clock("plan"):
            plan = plan_run(raw_dir, store, settings)
        tally = Tally()
        mapper = map_batches or map
        with clock("clean"):
            for batch, rows in zip(plan.batches, mapper(_BatchFn(settings), plan.batches)):
                save_batch(store, plan, batch, rows, tally)
        with clock("deduplicate"):
            stats = deduplicate(store, settings)
        with clock("write"):
            output = write_outputs(store, clean_dir)
    return RunSummary(tally, stats, output, plan.unchanged, clock.total(), clock.steps)


class StepClock:
    """Seconds per named step of a run: ``with clock("plan"): ...``.

    >>> clock = StepClock()
    >>> with clock("plan"):
    ...     pass
    >>> list(clock.steps), clock.total() >= clock.steps["plan"] >= 0
    (['plan'], True)
    """

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.steps: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - t0

    def total(self) -> float:
        return time.perf_counter() - self.start


@dataclass(frozen=True)
class _BatchFn:
    """A picklable ``batch -> rows`` function for process pools."""

    settings: Settings

    def __call__(self, batch: list[WorkItem]) -> list[dict[str, Any]]:
        from .pipeline import process_items

        return process_items(batch, self.settings)
