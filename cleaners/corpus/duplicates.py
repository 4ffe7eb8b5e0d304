"""Step 4 of a run — near-duplicates: search new documents against everything seen, rebuild the clusters.

Documents are grouped in *text classes* (same :func:`~cleaners.dedup.text_hash`: exact copies,
the fast path).  Each class new to the clean dir queries the persistent LSH index
(:mod:`cleaners.corpus.lsh`) for candidate classes, verifies them on exact shingle sets (Jaccard
or containment) and joins the index.  Verified class pairs are stored; clusters are then rebuilt
from all of them by :func:`~cleaners.dedup.star_clusters`, a function of the pairs alone — so
feeding a corpus in several runs ends exactly as one run over all of it.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cleaners import dedup
from cleaners.boilerplate.templates import template_site
from cleaners.corpus.lsh import open_index
from cleaners.corpus.store import Store
from cleaners.dedup import index as dedup_index
from cleaners.dedup.stories import preferred_versions, story_keys, url_key
from cleaners.dedup.verify import CACHE_CLASSES, Verifier
from cleaners.settings import Settings
from cleaners.words import count_words


@dataclass
class DedupStats:
    new_docs: int
    new_pairs: int
    clusters: Counter[int]  # cluster size -> number of clusters (size > 1)
    candidates: int = 0  # LSH candidate pairs verified this run
    ruled_out: int = 0  # of those, pairs whose signatures ruled out a copy (cleaners.dedup.verify.Verifier)
    index: dict[str, int] = field(default_factory=dict)  # sync of the index: added, removed


def resign(store: Store, settings: Settings) -> int:
    """Re-sign a state written under another :data:`cleaners.dedup.SIGNATURE_VERSION`: every cleaned
    document's words, text hash and signature, and its story keys, again from its stored texts.

    Signatures made under another definition of words or shingles are not comparable with today's
    (a Chinese text was one "word" per clause), so they are remade, not mixed; the verified pairs
    go and the next near-duplicate search compares everything afresh (the index is rebuilt: its
    key holds the version too).  A state holding no version (written before version 2) is of
    version 1.  Returns how many documents were re-signed (0 when the version matches).

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     resign(store, Settings()), store.meta("signature_version") == str(dedup.SIGNATURE_VERSION)
    (0, True)
    """
    version = str(dedup.SIGNATURE_VERSION)
    if store.meta("signature_version") == version:
        return 0

    def row(raw: str, text: str, base: str | None) -> tuple[str, int, str, bytes, str | None]:
        toks = dedup.words(text)
        keys = None
        if base is not None:
            rule_only = json.loads(base)
            keys = json.dumps(story_keys(rule_only, dedup.text_hash(rule_only.get("text") or "")))
        return (raw, count_words(text), dedup.text_hash(text),
                dedup.signature(dedup.signature_shingles(toks, settings.shingle_size), settings.num_perm), keys)

    return store.resign([row(*r) for r in store.signed_texts()], version)


def deduplicate(store: Store, settings: Settings) -> DedupStats:
    """Find copies among new documents and against all earlier ones; choose each cluster's canonical.

    Documents are grouped in *text classes* (same :func:`~cleaners.dedup.text_hash`:
    exact copies, the hash fast path).  Each class new to the clean dir queries the
    persistent LSH index (:mod:`cleaners.dedup.index`) for candidate classes, verifies
    them on exact shingle sets (Jaccard or containment) and joins the index.  A pair that
    :func:`~cleaners.dedup.stories.different_stories` calls different stories (one site,
    different headlines and different opening paragraphs) is never a copy, whatever else
    the two share: a site's end matter is not the story, even before its template is learned.  Verified
    class pairs are stored; clusters are then rebuilt from all of them by
    :func:`~cleaners.dedup.star_clusters`, a function of the pairs alone — so feeding a
    corpus in several runs ends exactly as one run over all of it.

    >>> import tempfile, pathlib
    >>> from cleaners.corpus.clean import Tally, clean_batch, save_batch
    >>> from cleaners.corpus.plan import plan_run
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> story = "\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said."
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Port shut by storm" + story)
    >>> with Store(work / "clean") as store:
    ...     plan = plan_run(work / "raw", store, Settings())
    ...     save_batch(store, plan, plan.batches[0], clean_batch(plan.batches[0], Settings()), Tally())
    ...     stats = deduplicate(store, Settings())
    >>> stats.new_docs, stats.new_pairs, dict(stats.clusters)  # exact copies: one class, no pair to verify
    (2, 0, {2: 1})
    """
    key = dedup_index.index_key(settings.lsh_threshold, settings.num_perm, settings.shingle_size)
    key = f"{key}:{settings.jaccard_threshold}:{settings.containment_threshold}"
    fresh = store.meta("class_edges") != key  # pairs found under other settings are all searched again
    # Nothing new, nothing gone, same settings: the clusters are what the last run left.
    fingerprint = f"{key}:{store.dedup_fingerprint()}"
    if not fresh and not store.has_pending() and store.meta("dedup_fingerprint") == fingerprint:
        return DedupStats(0, 0, Counter(store.cluster_sizes()))
    members: dict[str, list[str]] = {}
    searched: dict[str, str] = {}  # class -> a member, for classes already in the index
    new_docs = 0
    for d in store.dedup_docs():  # read as it comes: the flow's memory holds the classes, not the rows
        members.setdefault(d.text_hash, []).append(d.raw)
        new_docs += d.pending
        if not d.pending and not fresh:
            searched.setdefault(d.text_hash, d.raw)

    @functools.lru_cache(maxsize=CACHE_CLASSES)
    def sketch_of(cls: str) -> tuple[bytes, int]:
        """A class's signature and word count (its first member's), read once for the query and the check."""
        return store.sketch(members[cls][0])

    def signature_of(cls: str) -> bytes:
        return sketch_of(cls)[0]

    @functools.lru_cache(maxsize=CACHE_CLASSES)  # bounded: the flow's memory stays flat at scale
    def story_of(cls: str) -> dict[str, Any]:
        """What the different-stories rule reads of a class: its first member's title, text, url and site."""
        raw = members[cls][0]
        article = store.article(raw)
        return {"title": article.get("title"), "text": article["text"], "url": article.get("url"),
                "site": template_site(article, raw)}

    verifier = Verifier(story_of, settings.shingle_size, settings.jaccard_threshold, settings.containment_threshold,
                        sketch_of=sketch_of)
    base = open_index(store, settings.lsh_threshold, settings.num_perm, settings.shingle_size,
                                  settings.redis_url)
    # SQLite: new classes go straight into the index, inside this step's transaction (memory stays flat).
    index = dedup_index.RunIndex(base, settings.lsh_threshold, settings.num_perm, write_through=not settings.redis_url)
    new_edges: list[tuple[str, str, float, float]] = []
    refused: set[tuple[str, str]] = set()  # candidate pairs verification refused: not asked again below
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
                    ov = verifier.match(cls, other)
                    if ov is not None:
                        new_edges.append((*sorted((cls, other)), ov.jaccard, ov.containment))
                    else:
                        refused.add((cls, other) if cls < other else (other, cls))
                index.insert(cls, minhash)
                searched[cls] = members[cls][0]
            index.flush()
    finally:
        base.close()

    edges = {} if fresh else store.class_edges()
    edges.update({(a, b): (j, c) for a, b, j, c in new_edges})
    edges = {pair: ov for pair, ov in edges.items() if pair[0] in members and pair[1] in members}
    # pairs two steps apart that LSH did not propose (an excerpt beside a middle-sized copy), verified
    two_steps = dedup.verify_two_steps(edges, [(a, b) for a, b, _, _ in new_edges], verifier.match, refused)
    for (a, b), ov in two_steps.items():
        new_edges.append((a, b, ov.jaccard, ov.containment))
        edges[a, b] = (ov.jaccard, ov.containment)
    assignments, sizes = _assign(store, members, edges, settings)
    store.save_clusters(key, new_edges, assignments)
    store.set_meta("dedup_fingerprint", fingerprint)
    return DedupStats(new_docs, len(new_edges), sizes, candidates, verifier.ruled_out,
                      {"added": added, "removed": removed})


def _assign(store: Store, members: dict[str, list[str]], edges: dict[tuple[str, str], tuple[float, float]],
            settings: Settings):
    """Every document's (canonical, similarity, containment) where it changed, and cluster sizes."""
    linked = dedup.linked_classes(members, edges)
    views = store.policy_views({raw for cls in linked for raw in members[cls]}, dedup.METADATA_FIELDS)
    wanted, sizes = dedup.assign_clusters(members, edges, views, version_policy(url_fetches(store, views)),
                                          settings.jaccard_threshold)
    changed = []
    for d in store.dedup_docs():
        canonical, sim, cont = wanted.get(d.raw, (d.raw, None, None))
        if d.pending or (d.canonical, d.similarity, d.containment) != (canonical, sim, cont):
            changed.append((d.raw, canonical, sim, cont))
    return changed, sizes


def url_fetches(store: Store, views: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The fetches (:meth:`Store.url_versions`) of the pages that the documents of ``views`` were
    fetched from (same :func:`~cleaners.dedup.stories.url_key`): all that :func:`version_policy` reads
    of the corpus to order them, which is every fetch of those pages and no other (the policy orders
    documents of clusters only; holding every URL of the clean dir would cost the flow's memory ~0.5 KB a
    document with a URL).

    >>> import tempfile
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     url_fetches(store, {"a": {"raw": "a", "url": None}})
    []
    """
    pages = {key for view in views.values() if (key := url_key(view.get("url")))}
    return [fetch for fetch in store.url_versions() if url_key(fetch["url"]) in pages] if pages else []


def version_policy(fetches: list[dict[str, Any]]) -> Callable[[Mapping[str, Any]], tuple]:
    """The canonical policy with updates: a sort key of documents, first = canonical.

    ``fetches`` are the cleaned documents that have a URL (``{raw, url, words, published}``).
    Fetches of one normalised URL are versions of one story: the version that URL prefers
    (:func:`cleaners.dedup.stories.preferred_versions`: the newest that is not a truncated
    fetch) counts as long as the longest version and sorts before the others; every other
    version sorts by its own words and after it.  Documents on other URLs (syndicated copies)
    keep :func:`cleaners.dedup.canonical_key` (most complete, then earliest, …).

    >>> docs = [{"raw": "a/1", "url": "https://g.example/s", "words": 300, "published": None},
    ...         {"raw": "a/2", "url": "https://g.example/s", "words": 290, "published": None}]
    >>> min(docs, key=version_policy(docs))["raw"]  # the newer fetch, though shorter
    'a/2'
    """
    preferred = preferred_versions(fetches)
    longest: dict[str, int] = {}
    for d in fetches:
        top = preferred.get(d["raw"])
        if top is not None:
            longest[top] = max(longest.get(top, 0), int(d.get("words") or 0))

    def key(doc: Mapping[str, Any]) -> tuple:
        base = dedup.canonical_key(doc)
        raw = doc["raw"]
        if raw in longest:  # the preferred version of its URL
            return (-longest[raw], 0, *base[1:])
        return (base[0], int(raw in preferred), *base[1:])

    return key
