"""The corpus-level steps around the per-document cleaners: plan, save, deduplicate, write.

These functions hold the logic of a run; ``flows/clean_news.py`` calls them as
Prefect tasks, and :func:`run_pipeline` calls them in a plain loop (for users
without Prefect and as the benchmark's baseline).  All state lives in
:class:`~cleaners.corpus.store.Store`; the outputs are rewritten from it.
"""

from __future__ import annotations

import itertools
import json
import os
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaners import dedup
from cleaners.boilerplate import templates
from cleaners.article import CANONICAL, DUPLICATE
from cleaners.io.readers import LINES_EXTS, WorkItem, line_slices, sha_file, shape_of, walk
from cleaners.settings import Settings
from cleaners.corpus.store import Store, locked
from cleaners.io.publish import ARTICLES, Publication, digest_of, finish_publication, remove_stale_temporaries

MANIFEST = "manifest.jsonl"


# ---- planning ------------------------------------------------------------------
@dataclass
class Plan:
    """What a run has to do: the work items in batches, and how to mark files done."""

    batches: list[list[WorkItem]]
    files: dict[str, tuple[int, int, str]]  # rel -> (size, mtime_ns, sha256) of files to process
    slices: dict[str, int]  # rel -> work items still to finish
    unchanged: int = 0
    settings_key: str = ""
    changed: list[str] = field(default_factory=list)  # files that changed or vanished while being read

    @property
    def n_items(self) -> int:
        return sum(len(b) for b in self.batches)

    def finish(self, items: Iterable[WorkItem]) -> list[tuple[str, int, int, str, str]]:
        """Files whose last work item is among ``items``: rows for the files table.

        A file that changed or vanished since it was planned gets no row, so the
        next run reads it again (its rows from this run stay until then).

        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = path.write_text("abc")
        >>> plan = Plan([], {"a.txt": (3, path.stat().st_mtime_ns, "sha")}, {"a.txt": 1}, settings_key="k")
        >>> [(rel, size, sha, key) for rel, size, _, sha, key in plan.finish([WorkItem("a.txt", str(path))])]
        [('a.txt', 3, 'sha', 'k')]
        >>> plan = Plan([], {"b.txt": (3, 0, "sha")}, {"b.txt": 1}, settings_key="k")
        >>> plan.finish([WorkItem("b.txt", "/vanished/b.txt")]), plan.changed
        ([], ['b.txt'])
        """
        done = []
        for item in items:
            self.slices[item.rel] -= 1
            if self.slices[item.rel] == 0:
                size, mtime, sha = self.files[item.rel]
                if _stat(item.path) != (size, mtime):
                    self.changed.append(item.rel)
                    continue
                done.append((item.rel, size, mtime, sha, self.settings_key))
        return done


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def plan_run(raw_dir: str | os.PathLike[str], store: Store, settings: Settings) -> Plan:
    """Find the files that are new or changed since the last run and cut them into batches.

    A file is unchanged when its size and modification time match the last run's,
    or else its SHA-256 does, and the settings key is the same.

    >>> import tempfile, pathlib
    >>> from cleaners.corpus.store import Store
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> story = "\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said."
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Port shut by storm" + story)
    >>> with Store(work / "clean") as store:
    ...     plan = plan_run(work / "raw", store, Settings())
    >>> [[item.rel for item in batch] for batch in plan.batches], plan.unchanged
    ([['a.txt', 'b.txt']], 0)
    """
    recover(store)  # a killed run's committed outputs are published before anything else
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


# A slice of a .jsonl is at least this many bytes, so a file of a million tiny records makes
# tens of tasks, not thousands; a gzipped one is cut into at most this many slices, since
# reaching a slice means decompressing everything before it.
MIN_SLICE_BYTES = 256 * 1024
MAX_GZIP_SLICES = 32


def _work_items(rel: str, path: str, batch_size: int) -> list[WorkItem]:
    ext, gz = shape_of(rel)
    if ext not in LINES_EXTS:
        return [WorkItem(rel, path)]
    try:
        starts, n = line_slices(path, gz, batch_size, MIN_SLICE_BYTES)
    except (OSError, EOFError, ValueError, zlib.error):
        return [WorkItem(rel, path)]  # the reader reports the error in the manifest
    if gz and len(starts) > MAX_GZIP_SLICES:
        starts = starts[:: -(-len(starts) // MAX_GZIP_SLICES)]
    if len(starts) <= 1:
        return [WorkItem(rel, path)]
    ends = [first - 1 for first, _ in starts[1:]] + [n]
    return [WorkItem(rel, path, first, last, offset) for (first, offset), last in zip(starts, ends)]


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
    """Re-cut small runs so that every worker gets work (at least ``2 × workers`` batches).

    >>> items = [WorkItem(f"{n}.txt", f"/raw/{n}.txt") for n in range(5)]
    >>> [[i.rel for i in b] for b in split_evenly([items], workers=2)]
    [['0.txt', '4.txt'], ['1.txt'], ['2.txt'], ['3.txt']]
    """
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
    changed_files: int = 0  # raw files that changed or vanished while the run read them

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        """Count a batch's result rows.

        >>> tally = Tally()
        >>> tally.add([{"status": "ok", "article": {"removed": [{"rule": "byline"}]}},
        ...            {"status": "rejected", "reason": "empty file"}])
        >>> dict(tally.processed), dict(tally.removed), dict(tally.reasons)
        ({'ok': 1, 'rejected': 1}, {'byline': 1}, {'empty file': 1})
        """
        for row in rows:
            self.processed[row["status"]] += 1
            if row.get("article"):
                self.removed.update(r["rule"] for r in row["article"]["removed"])
            elif row.get("reason"):
                self.reasons[row["reason"].split(":")[0]] += 1


CHANGED_NOTE = " (the file changed while this run read it: the next run reads it again)"


def save_batch(store: Store, plan: Plan, items: Sequence[WorkItem], rows: list[dict[str, Any]], tally: Tally) -> None:
    """Commit a finished batch to the state (one transaction) and count it.

    >>> import tempfile, pathlib
    >>> from cleaners.corpus.store import Store
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> story = "\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said."
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Port shut by storm" + story)
    >>> from cleaners.document import process_items
    >>> with Store(work / "clean") as store:
    ...     plan = plan_run(work / "raw", store, Settings())
    ...     tally = Tally()
    ...     save_batch(store, plan, plan.batches[0], process_items(plan.batches[0], Settings()), tally)
    ...     store.counts()
    {'ok': 2}
    """
    already = len(plan.changed)
    done = plan.finish(items)
    changed = set(plan.changed[already:])
    for row in rows:
        if row.get("reason") and row.get("file", row["raw"]) in changed and "vanished" not in row["reason"]:
            row["reason"] += CHANGED_NOTE
    store.save_results(rows, done)
    tally.add(rows)
    tally.changed_files += len(changed)


# ---- site templates ---------------------------------------------------------------
@dataclass
class TemplateStats:
    sites: int = 0  # sites with a template
    lines: int = 0  # template lines over all sites
    refinalised: int = 0  # articles whose text changed this run because their site's template did
    rejected: int = 0  # of which: too little text left
    removed: Counter[str] = field(default_factory=Counter)  # rule -> lines removed (site-template, headline)

    def as_dict(self) -> dict[str, int]:
        return {"sites": self.sites, "lines": self.lines, "articles_refinalised": self.refinalised,
                "rejected": self.rejected}


def apply_site_templates(store: Store, settings: Settings,
                         map_chunks: Callable[[Callable, list], Iterable] | None = None) -> TemplateStats:
    """Learn every site's template from all its articles' lines and apply it where it changed.

    Runs after the batches and before :func:`deduplicate`.  An article's final text is
    its rule-only text minus the template lines it holds, so it does not depend on which
    run saw which article; articles whose set of template lines changed are re-finalised
    (text, id, signature) and searched for near-duplicates again.

    The re-finalising is CPU work, done in chunks by ``map_chunks(fn, chunks)`` (a process
    pool's map; by default one after another here): :func:`template_chunks` makes the chunks,
    :func:`refinalise_chunk` does one, :class:`TemplateSaver` stores the results site by site.

    >>> import tempfile, pathlib
    >>> from cleaners.document import process_items
    >>> raw = pathlib.Path(tempfile.mkdtemp()) / "raw" / "gazette"; raw.mkdir(parents=True)
    >>> for n, town in enumerate(["Ayr", "Troon", "Largs"]):
    ...     _ = (raw / f"{n}.txt").write_text(f"Storm hits {town}\\n\\nThe storm brought down trees across {town} "
    ...         "on Friday night and closed the coast road for hours, police said.\\n\\nThe Gazette: island news since 1884")
    >>> with Store(raw.parent.parent / "clean") as store:
    ...     plan = plan_run(raw.parent, store, Settings())
    ...     save_batch(store, plan, plan.batches[0], process_items(plan.batches[0], Settings()), Tally())
    ...     stats = apply_site_templates(store, Settings())
    >>> stats.sites, stats.lines, stats.refinalised
    (1, 1, 3)
    """
    learned = learn_site_templates(store)
    saver = TemplateSaver(store, learned.stats)
    chunks = template_chunks(store, learned, chunk_size=2 * settings.batch_size)
    fn = _RefinaliseFn(settings)
    for chunk, updates in zip_windowed(map_chunks or map, fn, chunks):
        saver.save(chunk, updates)
    return learned.stats


@dataclass
class LearnedTemplates:
    """Every site's template lines (and those of them that articles took for a title), and where to apply them."""

    stats: TemplateStats
    lines: dict[str, set[int]]
    titles: dict[str, set[int]]
    sites: list[tuple[str, str]]  # (site, template key) to (re)apply, in order


def learn_site_templates(store: Store) -> LearnedTemplates:
    """Learn every site's template from the counts in the state; list the sites whose template changed.

    (Example: :func:`apply_site_templates`.)

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     learn_site_templates(store).sites
    []
    """
    site_docs = store.site_doc_counts()
    learned: dict[str, set[int]] = {}
    titles: dict[str, set[int]] = {}  # template lines that at least MIN_DOCS articles took for their title
    for row in store.site_line_counts(templates.MIN_DOCS):
        if templates.is_template(row["n"], site_docs.get(row["site"], 0), bool(row["body"])):
            learned.setdefault(row["site"], set()).add(row["hash"])
            if row["titles"] >= templates.MIN_DOCS:
                titles.setdefault(row["site"], set()).add(row["hash"])
    stats = TemplateStats(len(learned), sum(map(len, learned.values())))
    known = store.site_template_keys()
    pending_sites = {r[0] for r in store.db.execute(
        "SELECT DISTINCT t.site FROM doc_templates t JOIN docs d ON d.raw = t.raw WHERE d.pending = 1")}
    sites = []
    for site in sorted(set(site_docs)):
        key = templates.applied_key(learned.get(site, ()), titles.get(site, ()))
        if known.get(site) != key or site in pending_sites:
            sites.append((site, key))
    return LearnedTemplates(stats, learned, titles, sites)


@dataclass
class TemplateChunk:
    """Articles to re-finalise: ``(site, raw, rule-only article as JSON, template lines it holds, of
    which title lines, applied key)``; ``closes`` lists the ``(site, key)`` whose last article is here."""

    jobs: list[tuple[str, str, str, set[int], set[int], str]]  # site first
    closes: list[tuple[str, str]]


def template_chunks(store: Store, learned: LearnedTemplates, chunk_size: int = 400) -> Iterator[TemplateChunk]:
    """The articles whose set of template lines changed, ``chunk_size`` at a time, site after site.

    A site's articles are read only when its turn comes, so memory holds one site and a
    few chunks, not the corpus.  (Example: :func:`apply_site_templates`.)

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     list(template_chunks(store, learn_site_templates(store)))
    []
    """
    jobs: list[tuple[str, str, str, set[int], set[int], str]] = []
    closes: list[tuple[str, str]] = []
    for site, key in learned.sites:
        template, title_template = learned.lines.get(site, set()), learned.titles.get(site, set())
        lines = store.doc_line_hashes(site) if template else {}
        for doc in store.template_docs(site).fetchall():
            hits = lines.get(doc["raw"], set()) & template
            applied = templates.applied_key(hits, hits & title_template)
            if applied == doc["applied"]:
                continue
            jobs.append((site, doc["raw"], doc["base"], hits, hits & title_template, applied))
            if len(jobs) >= chunk_size:
                yield TemplateChunk(jobs, closes)
                jobs, closes = [], []
        closes.append((site, key))
    if jobs or closes:
        yield TemplateChunk(jobs, closes)


def refinalise_chunk(chunk: TemplateChunk, settings: Settings) -> list[dict[str, Any]]:
    """Re-finalise a chunk's articles (pure: what a parallel task does); one update per article.

    >>> update = refinalise_chunk(TemplateChunk([("g", "g/a.txt", '{"title": "T", "text": "Too short.", "removed": []}',
    ...                                          set(), set(), "k")], []), Settings())[0]
    >>> update["raw"], update["reason"].split(" left after")[0]
    ('g/a.txt', 'only 2 words of article text')
    """
    return [{"site": site, **_refinalise(raw, json.loads(base), hits, title_hits, applied, settings)}
            for site, raw, base, hits, title_hits, applied in chunk.jobs]


class TemplateSaver:
    """Stores re-finalised articles as their chunks come back, a site in one transaction once its last
    chunk is in (a run killed before that re-does the site), and counts them in ``stats``."""

    def __init__(self, store: Store, stats: TemplateStats) -> None:
        self.store, self.stats = store, stats
        self.pending: list[dict[str, Any]] = []

    def save(self, chunk: TemplateChunk, updates: list[dict[str, Any]]) -> None:
        """(Example: :func:`apply_site_templates`.)

        >>> import tempfile
        >>> with Store(tempfile.mkdtemp()) as store:
        ...     saver = TemplateSaver(store, TemplateStats())
        ...     saver.save(TemplateChunk([], [("gazette", "key")]), [])
        ...     store.site_template_keys()
        {'gazette': 'key'}
        """
        for update in updates:
            self.stats.removed.update(update.pop("removed_rules", ()))
            self.stats.refinalised += 1
            self.stats.rejected += "reason" in update
        self.pending.extend(updates)
        for site, key in chunk.closes:
            mine = [u for u in self.pending if u["site"] == site]
            self.pending = [u for u in self.pending if u["site"] != site]
            self.store.save_templates(site, key, mine)


@dataclass(frozen=True)
class _RefinaliseFn:
    """A picklable ``chunk -> updates`` function for process pools."""

    settings: Settings

    def __call__(self, chunk: TemplateChunk) -> list[dict[str, Any]]:
        return refinalise_chunk(chunk, self.settings)


def _refinalise(raw: str, base: dict[str, Any], hits: set[int], title_hits: set[int], applied: str,
                settings: Settings) -> dict[str, Any]:
    done = templates.finalise(base, hits, title_hits)
    removed = [r["rule"] for r in done.removed]
    words = len(done.article["text"].split())
    if words < settings.min_words:
        what = "no article text" if words == 0 else f"only {words} words of article text"
        return {"raw": raw, "applied": applied, "removed_rules": removed,
                "reason": f"{what} left after removing boilerplate and the site's template lines "
                          f"(fewer than {settings.min_words})"}
    text = done.article["text"]
    return {"raw": raw, "applied": applied, "removed_rules": removed, "article": done.article, "words": words,
            "text_hash": dedup.text_hash(text),
            "signature": dedup.signature(dedup.shingles(text, settings.shingle_size), settings.num_perm)}


# ---- near-duplicates -------------------------------------------------------------
@dataclass
class DedupStats:
    new_docs: int
    new_pairs: int
    clusters: Counter[int]  # cluster size -> number of clusters (size > 1)
    candidates: int = 0  # LSH candidate pairs verified this run
    index: dict[str, int] = field(default_factory=dict)  # sync of the index: added, removed


def deduplicate(store: Store, settings: Settings) -> DedupStats:
    """Find copies among new documents and against all earlier ones; choose each cluster's canonical.

    Documents are grouped in *text classes* (same :func:`~cleaners.dedup.text_hash`:
    exact copies, the hash fast path).  Each class new to the clean dir queries the
    persistent LSH index (:mod:`cleaners.dedup.index`) for candidate classes, verifies
    them on exact shingle sets (Jaccard or containment) and joins the index.  Verified
    class pairs are stored; clusters are then rebuilt from all of them by
    :func:`~cleaners.dedup.star_clusters`, a function of the pairs alone — so feeding a
    corpus in several runs ends exactly as one run over all of it.

    >>> import tempfile, pathlib
    >>> from cleaners.corpus.store import Store
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> story = "\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said."
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Port shut by storm" + story)
    >>> from cleaners.document import process_items
    >>> with Store(work / "clean") as store:
    ...     plan = plan_run(work / "raw", store, Settings())
    ...     save_batch(store, plan, plan.batches[0], process_items(plan.batches[0], Settings()), Tally())
    ...     stats = deduplicate(store, Settings())
    >>> stats.new_docs, stats.new_pairs, dict(stats.clusters)  # exact copies: one class, no pair to verify
    (2, 0, {2: 1})
    """
    from cleaners.dedup import index as dedup_index

    key = dedup_index.index_key(settings.lsh_threshold, settings.num_perm, settings.shingle_size)
    key = f"{key}:{settings.jaccard_threshold}:{settings.containment_threshold}"
    fresh = store.meta("class_edges") != key  # pairs found under other settings are all searched again
    # Nothing new, nothing gone, same settings: the clusters are what the last run left.
    fingerprint = "{}:{}:{}".format(key, *store.db.execute(
        "SELECT COUNT(*), TOTAL(rowid) FROM docs WHERE status = 'ok'").fetchone())
    pending = store.db.execute("SELECT 1 FROM docs WHERE status = 'ok' AND pending = 1 LIMIT 1").fetchone()
    if not fresh and not pending and store.meta("dedup_fingerprint") == fingerprint:
        sizes = Counter(n for (n,) in store.db.execute(
            "SELECT COUNT(*) FROM docs WHERE status = 'ok' GROUP BY canonical HAVING COUNT(*) > 1"))
        return DedupStats(0, 0, sizes)
    docs = list(store.db.execute("SELECT raw, text_hash, pending, canonical, similarity, containment FROM docs "
                                 "WHERE status = 'ok' ORDER BY raw"))
    class_of = {d["raw"]: d["text_hash"] for d in docs}
    members: dict[str, list[str]] = {}
    searched: dict[str, str] = {}  # class -> a member, for classes already in the index
    for d in docs:
        members.setdefault(d["text_hash"], []).append(d["raw"])
        if not d["pending"] and not fresh:
            searched.setdefault(d["text_hash"], d["raw"])

    def signature_of(cls: str) -> bytes:
        return store.db.execute("SELECT signature FROM docs WHERE raw = ?", (members[cls][0],)).fetchone()[0]

    shingle_cache: dict[str, Any] = {}

    def shingles_of(cls: str) -> Any:
        if cls not in shingle_cache:
            shingle_cache[cls] = dedup.shingles(store.article(members[cls][0])["text"], settings.shingle_size)
        return shingle_cache[cls]

    base = dedup_index.open_index(store, settings.lsh_threshold, settings.num_perm, settings.shingle_size,
                                  settings.redis_url)
    index = dedup_index.RunIndex(base, settings.lsh_threshold, settings.num_perm)
    new_edges: list[tuple[str, str, float, float]] = []
    candidates = 0
    try:
        with store.transaction():
            added, removed = dedup_index.sync(base, searched, signature_of)
            for cls in sorted(members):
                if cls in searched:
                    continue
                minhash = dedup.lean_minhash(signature_of(cls))
                for other in sorted(index.query(minhash)):
                    if other not in searched:
                        continue  # stale (a shared index may hold what this state does not)
                    candidates += 1
                    ov = dedup.overlap(shingles_of(cls), shingles_of(other))
                    if ov.is_copy(settings.jaccard_threshold, settings.containment_threshold):
                        new_edges.append((*sorted((cls, other)), ov.jaccard, ov.containment))
                index.insert(cls, minhash)
                searched[cls] = members[cls][0]
            index.flush()
    finally:
        base.close()

    edges = {} if fresh else store.class_edges()
    edges.update({(a, b): (j, c) for a, b, j, c in new_edges})
    edges = {pair: ov for pair, ov in edges.items() if pair[0] in members and pair[1] in members}
    assignments, sizes = _assign(store, docs, members, edges, settings)
    store.save_clusters(key, new_edges, assignments)
    store.set_meta("dedup_fingerprint", fingerprint)
    return DedupStats(sum(d["pending"] for d in docs), len(new_edges), sizes, candidates,
                      {"added": added, "removed": removed})


def _assign(store: Store, docs: list, members: dict[str, list[str]],
            edges: dict[tuple[str, str], tuple[float, float]], settings: Settings):
    """Every document's (canonical, similarity, containment) where it changed, and cluster sizes."""
    linked = {cls for pair in edges for cls in pair} | {cls for cls, raws in members.items() if len(raws) > 1}
    best: dict[str, tuple] = {}  # class -> policy key of its best member
    best_raw: dict[str, str] = {}
    views = _policy_views(store, {raw for cls in linked for raw in members[cls]})
    for cls in linked:
        top = min((views[raw] for raw in members[cls]), key=dedup.canonical_key)
        best[cls], best_raw[cls] = dedup.canonical_key(top), top["raw"]

    def match(a: str, b: str) -> dedup.Overlap | None:
        ov = edges.get((a, b) if a < b else (b, a))
        return dedup.Overlap(*ov) if ov else None

    wanted: dict[str, tuple[str, float | None, float | None]] = {}
    sizes: Counter[int] = Counter()
    groups = dedup.clusters(sorted(linked), edges)
    group_of = {cls: n for n, group in enumerate(groups) for cls in group}
    group_edges: dict[int, list[tuple[str, str]]] = {}
    for a, b in edges:  # each group gets its own pairs (not all of them: that made this quadratic)
        group_edges.setdefault(group_of[a], []).append((a, b))
    for n, group in enumerate(groups):
        for canon_cls, cluster in dedup.star_clusters(group, match, best.__getitem__, settings.jaccard_threshold,
                                                      group_edges.get(n, [])):
            canonical = best_raw[canon_cls]
            raws = [raw for cls in cluster for raw in members[cls]]
            if len(raws) > 1:
                sizes[len(raws)] += 1
            for cls in cluster:
                ov = dedup.Overlap(1.0, 1.0) if cls == canon_cls else match(cls, canon_cls)
                for raw in members[cls]:
                    wanted[raw] = (canonical, None, None) if raw == canonical else (canonical, ov.jaccard,
                                                                                   ov.containment)
    changed = []
    for d in docs:
        canonical, sim, cont = wanted.get(d["raw"], (d["raw"], None, None))
        if d["pending"] or (d["canonical"], d["similarity"], d["containment"]) != (canonical, sim, cont):
            changed.append((d["raw"], canonical, sim, cont))
    return changed, sizes


def _policy_views(store: Store, raws: set[str]) -> dict[str, dict[str, Any]]:
    """What the canonical policy reads of each document (words, metadata), in one pass over the state."""
    fields = ", ".join(f"json_extract(article, '$.{f}') AS {f}" for f in dedup.METADATA_FIELDS)
    views = {}
    for row in store.db.execute(f"SELECT raw, words, {fields} FROM docs WHERE status = 'ok'"):
        if row["raw"] in raws:
            views[row["raw"]] = {**{f: row[f] for f in dedup.METADATA_FIELDS}, "raw": row["raw"], "words": row["words"]}
    return views


# ---- output -----------------------------------------------------------------------
@dataclass
class WriteStats:
    documents: int
    articles: int
    written: int
    deleted: int
    by_status: Counter[str]


def write_outputs(store: Store, clean_dir: str | os.PathLike[str]) -> WriteStats:
    """Rewrite ``articles/`` (only what changed) and ``manifest.jsonl`` from the state, as one generation.

    New and changed articles and the whole manifest are staged first, then
    published (:class:`~cleaners.io.publish.Publication`): articles, then the
    manifest that names them, then the removal of articles no longer canonical —
    a reader following the manifest always finds its files, and a run killed
    anywhere in here is finished or undone by the next one.

    >>> import tempfile, pathlib
    >>> from cleaners.corpus.store import Store
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> story = "\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said."
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Port shut by storm" + story)
    >>> from cleaners.document import process_items
    >>> with Store(work / "clean") as store:
    ...     plan = plan_run(work / "raw", store, Settings())
    ...     save_batch(store, plan, plan.batches[0], process_items(plan.batches[0], Settings()), Tally())
    ...     _ = deduplicate(store, Settings())
    ...     out = write_outputs(store, work / "clean")
    >>> out.documents, out.articles, dict(out.by_status)
    (2, 1, {'canonical': 1, 'duplicate': 1})
    """
    clean_dir = Path(clean_dir)
    articles_dir = clean_dir / ARTICLES
    articles_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(articles_dir)
    remove_stale_temporaries(clean_dir)
    publication = Publication(clean_dir, store.dir)
    previous = store.output_digests()

    id_of = {r[0]: r[1] for r in store.db.execute("SELECT raw, article_id FROM docs WHERE status = 'ok'")}
    members: dict[str, list[Any]] = {}
    for row in store.db.execute("SELECT raw, canonical, similarity, json_extract(article, '$.url') AS url "
                                "FROM docs WHERE status = 'ok' ORDER BY raw"):
        url = row["url"]
        members.setdefault(row["canonical"] or row["raw"], []).append(
            {"raw": row["raw"], "url": url, "similarity": 1.0 if row["similarity"] is None else row["similarity"]})

    digests: dict[str, str] = {}
    written = 0
    def canonical_articles() -> Iterator[tuple[str, dict[str, Any]]]:
        """Every canonical's article, in one pass over the state (then any canonical it missed)."""
        seen = set()
        for raw, text in store.db.execute("SELECT raw, article FROM docs WHERE status = 'ok' "
                                          "AND (canonical IS NULL OR canonical = raw)"):
            if raw in members:
                seen.add(raw)
                yield raw, json.loads(text)
        for raw in members.keys() - seen:
            yield raw, store.article(raw)

    for canonical, article in canonical_articles():
        article["sources"] = members[canonical]
        aid = article["id"]
        digest = digest_of(article)
        digests[aid] = digest
        if previous.get(aid) != digest or not (articles_dir / f"{aid}.json").exists():
            publication.write_json(f"{aid}.json", article, ARTICLES)
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

    documents = publication.write_jsonl(MANIFEST, manifest_rows())
    stale = [f"{ARTICLES}/{path.name}" for path in articles_dir.glob("*.json") if path.stem not in digests]
    publication.commit(clean_dir, stale)
    store.save_outputs(digests)
    return WriteStats(documents, len(digests), written, len(stale), by_status)


def recover(store: Store) -> bool:
    """Finish what a killed run left: publish its committed outputs, drop its temporaries.

    Every run calls this first (from :func:`plan_run`).  Returns whether a
    committed but unpublished generation was found and published.

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     recover(store)
    False
    """
    clean_dir = store.dir.parent
    for folder in (clean_dir, clean_dir / ARTICLES):
        remove_stale_temporaries(folder)
    return finish_publication(clean_dir, store.dir)


# ---- the whole run without Prefect ----------------------------------------------------
@dataclass
class RunSummary:
    tally: Tally
    dedup: DedupStats
    output: WriteStats
    unchanged_files: int
    seconds: float
    templates: TemplateStats | None = None
    steps: dict[str, float] = field(default_factory=dict)  # step name -> seconds (where the time went)

    def as_dict(self) -> dict[str, Any]:
        """The summary as JSON-able data (what ``newsclean run --json`` prints and the flow returns).

        >>> summary = RunSummary(Tally(), DedupStats(0, 0, Counter()), WriteStats(0, 0, 0, 0, Counter()), 3, 0.5)
        >>> summary.as_dict()["unchanged_files"], summary.as_dict()["seconds"]
        (3, 0.5)
        """
        return {
            "documents": self.output.documents,
            "by_status": dict(sorted(self.output.by_status.items())),
            "processed_this_run": dict(sorted(self.tally.processed.items())),
            "unchanged_files": self.unchanged_files,
            "changed_during_run": self.tally.changed_files,
            "removed_by_rule": dict(self.tally.removed.most_common()),
            "rejection_reasons": dict(self.tally.reasons.most_common()),
            "cluster_sizes": {str(k): v for k, v in sorted(self.dedup.clusters.items())},
            "site_templates": self.templates.as_dict() if self.templates else {},
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

    >>> import tempfile, pathlib
    >>> from cleaners.corpus.store import Store
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> story = "\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said."
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Port shut by storm" + story)
    >>> summary = run_pipeline(work / "raw", work / "clean").as_dict()
    >>> summary["by_status"], summary["articles"]
    ({'canonical': 1, 'duplicate': 1}, 1)
    >>> run_pipeline(work / "raw", work / "clean").as_dict()["unchanged_files"]  # incremental
    2
    """
    settings = settings or Settings()
    clock = StepClock()
    with locked(clean_dir, wait=wait), Store(clean_dir) as store:
        with clock("plan"):
            plan = plan_run(raw_dir, store, settings)
        tally = Tally()
        mapper = map_batches or map
        with clock("clean"):
            for batch, rows in zip_windowed(mapper, _BatchFn(settings), plan.batches):
                save_batch(store, plan, batch, rows, tally)
        with clock("site templates"):
            learned = apply_site_templates(store, settings)
            tally.removed.update(learned.removed)
        with clock("deduplicate"):
            stats = deduplicate(store, settings)
        with clock("write"):
            output = write_outputs(store, clean_dir)
    return RunSummary(tally, stats, output, plan.unchanged, clock.total(), learned, clock.steps)


def zip_windowed(mapper: Callable[[Callable, list], Iterable], fn: Callable, items: Iterable,
                 window: int = 8) -> Iterator[tuple[Any, Any]]:
    """``(item, fn(item))`` for a stream of items, mapped by ``mapper`` a window at a time, so that
    results never pile up in memory while the state is being written (a pool's ``map`` submits
    everything at once).

    >>> list(zip_windowed(map, len, iter([[1], [1, 2], [1, 2, 3]]), window=2))
    [([1], 1), ([1, 2], 2), ([1, 2, 3], 3)]
    """
    stream = iter(items)
    while chunk := list(itertools.islice(stream, window)):
        yield from zip(chunk, mapper(fn, chunk))


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
        from cleaners.document import process_items
        from cleaners.corpus.store import prepare_rows

        return prepare_rows(process_items(batch, self.settings))
