"""Pure clustering of verified near-duplicate pairs: components, the canonical policy, star clusters.

Given pairs of documents verified as copies (by :func:`cleaners.dedup.minhash.overlap`),
:func:`star_clusters` builds clusters around canonicals: in each connected component the
document that sorts first by :func:`canonical_key` (stated policy, deterministic) is the
canonical, and only documents verified *against it* join it — a document that matches one copy
but not the canonical does not drag its own story in (no chaining through a bridging page).

Imports :mod:`cleaners.dedup.minhash` (the :class:`Overlap` type) only; never ``cleaners.corpus``,
``cleaners.views``, ``flows``, Prefect or ``sqlite3``.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from cleaners.dedup.minhash import Overlap
from cleaners.metadata.dates import as_date

T = TypeVar("T")

class UnionFind:
    """Connected components over string keys; the representative is the smallest key."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, key: str) -> None:
        self.parent.setdefault(key, key)

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key in self.parent:
            out.setdefault(self.find(key), []).append(key)
        return {root: sorted(members) for root, members in out.items()}


def clusters(keys: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components, each sorted, in order of their smallest key.

    >>> clusters(["a", "b", "c", "d"], [("b", "a"), ("c", "b")])
    [['a', 'b', 'c'], ['d']]
    """
    uf = UnionFind()
    for key in keys:
        uf.add(key)
    for a, b in edges:
        uf.add(a)
        uf.add(b)
        uf.union(a, b)
    return sorted(uf.groups().values())


#: The article fields counted for "richest metadata" in :func:`canonical_key`.
METADATA_FIELDS = ("title", "description", "author", "published", "url", "site", "language")


def canonical_key(doc: Mapping) -> tuple:
    """The canonical policy: the copy that sorts first is kept.

    1. the most complete text (most words);
    2. then the earliest ``published`` date (dated before undated), compared as calendar dates
       (:func:`cleaners.metadata.as_date`: a timestamp and a date-only value of the same day tie);
    3. then the richest metadata (most of title, description, author, published, url, site, language);
    4. then the smallest raw path, so the choice never depends on run order.

    >>> docs = [{"raw": "b", "words": 300, "published": "2026-01-02"},
    ...         {"raw": "a", "words": 300, "published": "2026-01-01"},
    ...         {"raw": "c", "words": 250, "published": "2025-12-31"}]
    >>> min(docs, key=canonical_key)["raw"]
    'a'
    >>> same_day = [{"raw": "b", "words": 9, "published": "2026-01-01"},
    ...             {"raw": "a", "words": 9, "published": "2026-01-01T18:00:00-05:00"}]
    >>> min(same_day, key=canonical_key)["raw"]
    'a'
    """
    published = as_date(doc.get("published"))
    richness = sum(1 for f in METADATA_FIELDS if doc.get(f))
    return (-int(doc.get("words") or 0), published is None, published.isoformat() if published else "", -richness,
            doc["raw"])


def star_clusters(
    members: Iterable[str],
    match: Callable[[str, str], Overlap | None],
    order_key: Callable[[str], tuple],
    jaccard_threshold: float,
    edges: Iterable[tuple[str, str]],
) -> list[tuple[str, list[str]]]:
    """Split a connected component of verified pairs into clusters around canonicals.

    Repeatedly, in each connected component of the members not yet placed, the member
    that sorts first by ``order_key`` becomes a canonical; a member joins it only if
    ``match(member, canonical)`` is a verified copy.  A *partial* match (Jaccard below
    ``jaccard_threshold``, a copy by containment only: an excerpt, or a page that holds
    the story among others) must also be a copy of every other member, and a full
    match of every partial one — so one page holding stories A and B never makes A
    and B one cluster, whichever of them is the longer.  The result depends on the members, the pairs
    and the key only, never on the order documents arrived in.

    Returns ``(canonical, sorted members)`` pairs, in order of their canonical.

    A page P holding stories A and B (both contained in P, A and B unrelated):

    >>> pairs = {("A", "P"): Overlap(0.4, 1.0), ("B", "P"): Overlap(0.35, 1.0)}
    >>> match = lambda a, b: pairs.get(tuple(sorted((a, b))))
    >>> size = {"P": 3, "A": 2, "B": 1}
    >>> star_clusters("ABP", match, lambda k: (-size[k], k), 0.5, pairs)
    [('B', ['B']), ('P', ['A', 'P'])]

    A chain A–B–C where C is not a copy of the canonical A: C stays apart.

    >>> pairs = {("A", "B"): Overlap(0.7, 0.8), ("B", "C"): Overlap(0.7, 0.8)}
    >>> star_clusters("ABC", match, lambda k: (k,), 0.5, pairs)
    [('A', ['A', 'B']), ('C', ['C'])]
    """
    edges = [tuple(e) for e in edges]
    remaining = set(members)
    out: list[tuple[str, list[str]]] = []
    while remaining:
        placed: set[str] = set()
        edges = [(a, b) for a, b in edges if a in remaining and b in remaining]  # shrinks round by round
        for component in clusters(sorted(remaining), edges):
            ordered = sorted(component, key=order_key)
            canonical, cluster, partial = ordered[0], [ordered[0]], []
            for member in ordered[1:]:
                ov = match(member, canonical)
                if ov is None:
                    continue
                if ov.jaccard < jaccard_threshold:  # partial: must match every member already there
                    if any(match(member, other) is None for other in cluster[1:]):
                        continue
                    partial.append(member)
                elif any(match(member, other) is None for other in partial):
                    continue
                cluster.append(member)
            out.append((canonical, sorted(cluster)))
            placed.update(cluster)
        remaining -= placed
    return sorted(out)


#: A class with more verified neighbours than this is not expanded through by :func:`verify_two_steps`
#: (a round-up page holding many stories, or a text every other one contains): its neighbours are
#: not tried against each other, which would cost the square of their number.  Set by hand; clusters
#: hold 2-8 copies on every benchmark here.
MAX_EXPANDED_NEIGHBOURS = 64


def verify_two_steps(edges: Iterable[tuple[str, str]], new: Iterable[tuple[str, str]],
                     match: Callable[[str, str], T | None],
                     refused: Iterable[tuple[str, str]] = ()) -> dict[tuple[str, str], T]:
    """The pairs two verified pairs apart that LSH did not propose, verified: ``{(a, b): match(a, b)}``
    for each pair ``a < b`` with a common neighbour that ``match`` accepts, to a fixpoint.

    LSH proposes a pair by chance (at 37 bands of 3, a pair at an estimated Jaccard of 0.35 one time
    in five is not a candidate): an excerpt of a long text is often missed while it is found beside
    a middle-sized copy of the same text.  Every pair two steps apart through a pair of ``new``
    (or through a pair found here) is verified directly, never assumed: a copy of a copy is a copy
    only if ``match`` says so (star clusters stay stars).  ``edges`` holds every verified pair,
    ``new`` among them; pairs of two old ones were tried when they were new, so a run and the same
    corpus in several runs end with the same pairs.  A class with more than
    :data:`MAX_EXPANDED_NEIGHBOURS` neighbours is not expanded through.  ``refused``: pairs ``a < b``
    that ``match`` already refused (LSH candidates that were not copies), not asked again.

    >>> copies = {("full", "odt"), ("odt", "pdf"), ("full", "pdf")}
    >>> verify_two_steps([("full", "odt"), ("odt", "pdf")], [("odt", "pdf")],
    ...                  lambda a, b: 1.0 if (a, b) in copies else None)
    {('full', 'pdf'): 1.0}
    >>> verify_two_steps([("page", "s1"), ("page", "s2")], [("page", "s2")], lambda a, b: None)  # two stories in a page
    {}
    """
    neighbours: dict[str, set[str]] = {}
    for a, b in edges:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    found: dict[tuple[str, str], T] = {}
    tried: set[tuple[str, str]] = set(refused)
    queue = deque(sorted(tuple(sorted(pair)) for pair in new))  # a run's new pairs: tens of thousands at scale
    while queue:
        a, b = queue.popleft()
        for hub, end in ((a, b), (b, a)):
            if len(neighbours.get(hub, ())) > MAX_EXPANDED_NEIGHBOURS:
                continue
            for other in sorted(neighbours.get(hub, ())):
                pair = (end, other) if end < other else (other, end)
                if other == end or pair in tried or pair[1] in neighbours.get(pair[0], ()):
                    continue
                tried.add(pair)
                result = match(*pair)
                if result is not None:
                    found[pair] = result
                    neighbours.setdefault(pair[0], set()).add(pair[1])
                    neighbours.setdefault(pair[1], set()).add(pair[0])
                    queue.append(pair)
    return found


def linked_classes(members: Mapping[str, list[str]], edges: Iterable[tuple[str, str]]) -> set[str]:
    """Text classes that can be in a cluster of two or more: on a verified pair, or of several copies.

    >>> sorted(linked_classes({"x": ["a"], "y": ["b", "c"], "z": ["d"], "w": ["e"]}, [("x", "z")]))
    ['x', 'y', 'z']
    """
    return {cls for pair in edges for cls in pair} | {cls for cls, raws in members.items() if len(raws) > 1}


def assign_clusters(members: Mapping[str, list[str]], edges: Mapping[tuple[str, str], tuple[float, float]],
                    views: Mapping[str, Mapping], policy: Callable[[Mapping], tuple], jaccard_threshold: float,
                    ) -> tuple[dict[str, tuple[str, float | None, float | None]], Counter[int]]:
    """Clusters of documents from verified pairs of their text classes, with the canonical policy.

    ``members``: text class -> its documents' raw keys (exact copies); ``edges``: verified class
    pairs ``(a, b)`` with ``a < b`` -> (Jaccard, containment); ``views``: raw -> what the policy
    reads of it (``raw``, ``words``, :data:`METADATA_FIELDS`), for the documents of
    :func:`linked_classes`; ``policy``: a sort key of those views, first = canonical (a run's
    :func:`cleaners.corpus.duplicates.version_policy`).  Each class is represented by its best
    member; each connected group of classes is split by :func:`star_clusters`.

    Returns ``{raw: (canonical raw, similarity, containment)}`` for every document of a cluster
    of two or more (similarity and containment None for the canonical; 1.0 for its exact
    copies) and the cluster sizes (size -> how many clusters).

    >>> members = {"x": ["a", "b"], "y": ["c"], "z": ["d"]}
    >>> views = {r: {"raw": r, "words": w} for r, w in (("a", 120), ("b", 120), ("c", 130))}
    >>> wanted, sizes = assign_clusters(members, {("x", "y"): (0.7, 0.9)}, views, canonical_key, 0.6)
    >>> wanted["a"], wanted["c"], dict(sizes)
    (('c', 0.7, 0.9), ('c', None, None), {3: 1})
    """
    linked = linked_classes(members, edges)
    best: dict[str, tuple] = {}  # class -> policy key of its best member
    best_raw: dict[str, str] = {}
    for cls in linked:
        top = min((views[raw] for raw in members[cls]), key=policy)
        best[cls], best_raw[cls] = policy(top), top["raw"]

    def match(a: str, b: str) -> Overlap | None:
        ov = edges.get((a, b) if a < b else (b, a))
        return Overlap(*ov) if ov else None

    wanted: dict[str, tuple[str, float | None, float | None]] = {}
    sizes: Counter[int] = Counter()
    groups = clusters(sorted(linked), edges)
    group_of = {cls: n for n, group in enumerate(groups) for cls in group}
    group_edges: dict[int, list[tuple[str, str]]] = {}
    for a, b in edges:  # each group gets its own pairs (not all of them: that made this quadratic)
        group_edges.setdefault(group_of[a], []).append((a, b))
    for n, group in enumerate(groups):
        for canon_cls, cluster in star_clusters(group, match, best.__getitem__, jaccard_threshold,
                                                group_edges.get(n, [])):
            canonical = best_raw[canon_cls]
            raws = [raw for cls in cluster for raw in members[cls]]
            if len(raws) > 1:
                sizes[len(raws)] += 1
            for cls in cluster:
                ov = Overlap(1.0, 1.0) if cls == canon_cls else match(cls, canon_cls)
                for raw in members[cls]:
                    wanted[raw] = (canonical, None, None) if raw == canonical else (canonical, ov.jaccard,
                                                                                   ov.containment)
    return wanted, sizes
