"""The report's data: what a clean dir holds, as plain JSON-able values, and the tables made from it.

:func:`build_report` reads a clean dir through :func:`cleaners.views.cleandir.documents`
(read-only) and returns one dict; the page (:mod:`.html`), the markdown
(:mod:`.markdown`) and the Prefect tables (:func:`summary_rows`, :func:`cluster_rows`)
are all made from that dict and nothing else.  :func:`save_last_run` and
:func:`keep_report` are the only writers here: they keep a run's summary, and the report's contents
with the state they show (an unchanged state's next report reads them back instead of every
document), in the state folder.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import sys
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cleaners.article import CANONICAL, DUPLICATE, FAILED, REJECTED
from cleaners.corpus.store import STATE_DIR, Store, state_path
from cleaners.io.publish import write_json
from cleaners.views.cleandir import Document, documents
from cleaners.words import count_words

STATUSES = (CANONICAL, DUPLICATE, REJECTED, FAILED)
LAST_RUN = "last_run.json"  # in CLEAN_DIR/.newsclean/: the last flow run's summary, shown by the report
KEPT = "report_data.json"  # in CLEAN_DIR/.newsclean/: the last report's contents and the state they show
UNDATED = "undated"  # the timeline's key for documents without a publication date
MEMBER_FIELDS = ("title", "site", "author", "published", "url")  # a cluster member's article fields, in table order


def reason_kind(reason: str) -> str:
    """The kind of a rejection reason: the words before its first colon (the rest names the specifics).

    >>> reason_kind("file too large: 12.0 MB, the limit is 10.0 MB")
    'file too large'
    >>> reason_kind("no article text found")
    'no article text found'
    """
    return reason.split(":", 1)[0].strip()


def build_report(clean_dir: str | os.PathLike[str], *, top_clusters: int = 8, examples: int = 3,
                 run: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report of a clean dir as plain data: counts, reasons, removals, clusters, timeline.

    ``top_clusters`` biggest clusters (of two or more documents) are kept with every
    member's text, for the side-by-side view; ``examples`` examples are kept per
    rejection reason and per rule.  ``run`` is a run summary (``RunSummary.as_dict()``)
    shown with it; by default the last one the flow saved (:func:`save_last_run`), if any.

    The dict's keys: ``clean_dir`` (str), ``documents`` and ``articles`` (int),
    ``by_status`` ({status: int}, every status of :data:`STATUSES`), ``rejections``
    ([{reason, status, count, examples: [{raw, reason}]}], most frequent first),
    ``removals`` ([{rule, count (lines), documents, examples: [{text, raw, to}]}],
    most lines first), ``garbled`` ({count, examples: [{raw, reason}]}: articles whose text still
    looks garbled after encoding repair, ``encoding.garbled``), ``cluster_sizes`` ({"size": number of clusters}), ``clusters``
    ([{size, canonical, members: [{raw, status, similarity, containment, words, text,
    title, site, author, published, url}]}], canonical member first), ``timeline``
    ({site: {"YYYY-MM-DD" or "undated": int}}), ``run`` (dict or None) and
    ``generated`` (ISO 8601 time, UTC).  Memory stays flat: only names, counts, a few
    examples and the chosen clusters' texts are kept.

    Raises :class:`cleaners.views.cleandir.NotACleanDir` when no run has written to ``clean_dir``.

    >>> import tempfile, pathlib
    >>> from cleaners import run_pipeline
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> story = ("\\n\\nThe harbour reopened on Monday after repairs to the sea wall, the port authority said, "
    ...          "and the first ferry left at noon.\\n\\nFollow us on Twitter and Facebook for the latest news.")
    >>> _ = (work / "raw").mkdir(), (work / "raw" / "a.txt").write_text("Harbour reopens" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Harbour reopens after repairs" + story)
    >>> _ = (work / "raw" / "c.pdf").write_bytes(b"%PDF-1.7")
    >>> _ = run_pipeline(work / "raw", work / "clean")
    >>> report = build_report(work / "clean")
    >>> report["documents"], report["by_status"]
    (3, {'canonical': 1, 'duplicate': 1, 'rejected': 1, 'failed': 0})
    >>> report["rejections"][0]["count"], report["removals"][0]["rule"]
    (1, 'social-prompt')
    >>> [(c["size"], [m["raw"] for m in c["members"]]) for c in report["clusters"]]
    [(2, ['a.txt', 'b.txt'])]
    >>> build_report(work / "clean")["clusters"] == report["clusters"]  # kept: read back, not built again
    True
    """
    key = state_key(clean_dir, top_clusters, examples)
    data = kept_report(clean_dir, key)
    if data is None:
        data = report_contents(clean_dir, top_clusters=top_clusters, examples=examples)
        if key is not None and state_key(clean_dir, top_clusters, examples) == key:  # no run wrote meanwhile
            keep_report(clean_dir, key, data)
    return {
        "clean_dir": str(clean_dir),
        **data,
        "run": run if run is not None else read_last_run(clean_dir),
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def state_key(clean_dir: str | os.PathLike[str], top_clusters: int, examples: int) -> str | None:
    """What a report's contents depend on: the state database file (device and inode: a rebuilt state
    is another file), its generation (raised by every transaction that changed it:
    :meth:`~cleaners.corpus.store.Store.transaction`), the options and the code that builds it; None without a state
    or a generation (an older state opened read-only).

    >>> import tempfile
    >>> clean = tempfile.mkdtemp(); state_key(clean, 8, 3) is None  # no state yet
    True
    >>> Store(clean).close(); state_key(clean, 8, 3) == state_key(clean, 8, 3) != state_key(clean, 1, 3)
    True
    """
    path = state_path(clean_dir)
    try:
        st = os.stat(path)
        with Store(clean_dir, readonly=True) as store:
            generation = store.meta("generation")
    except FileNotFoundError:
        return None
    if generation is None:
        return None
    return f"{st.st_dev}:{st.st_ino}:{generation}:{top_clusters}:{examples}:{code_digest()}"


@functools.cache
def code_digest() -> str:
    """A digest of the source of the modules that derive the report's contents from the state (a newer
    newsclean never reads back contents an older one kept)."""
    from cleaners.corpus import records, store

    digest = hashlib.sha256()
    for module in (records, store, sys.modules[__name__]):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def kept_report(clean_dir: str | os.PathLike[str], key: str | None) -> dict[str, Any] | None:
    """The contents :func:`keep_report` kept under ``key`` in ``CLEAN_DIR/.newsclean/`` (:data:`KEPT`), or None.

    >>> import tempfile
    >>> clean = tempfile.mkdtemp(); keep_report(clean, "k1", {"documents": 2})
    >>> kept_report(clean, "k1"), kept_report(clean, "k2"), kept_report(clean, None)
    ({'documents': 2}, None, None)
    """
    if key is None:
        return None
    try:
        kept = json.loads((Path(clean_dir) / STATE_DIR / KEPT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return kept.get("data") if isinstance(kept, dict) and kept.get("key") == key else None


def keep_report(clean_dir: str | os.PathLike[str], key: str, data: dict[str, Any]) -> None:
    """Keep a report's contents for the next report of the same state (atomic; a clean dir that
    cannot be written is left alone: the next report builds them again).

    >>> import tempfile
    >>> clean = Path(tempfile.mkdtemp()); keep_report(clean, "k", {}); (clean / STATE_DIR / KEPT).is_file()
    True
    """
    path = Path(clean_dir) / STATE_DIR / KEPT
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json(path, {"key": key, "data": data})
    except OSError:
        pass


def report_contents(clean_dir: str | os.PathLike[str], *, top_clusters: int = 8,
                    examples: int = 3) -> dict[str, Any]:
    """:func:`build_report`'s dict without ``clean_dir``, ``run`` and ``generated``: what the state holds,
    read document by document.

    >>> import tempfile, pathlib
    >>> from cleaners import run_pipeline
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir(); _ = run_pipeline(work / "raw", work / "clean")
    >>> contents = report_contents(work / "clean"); contents["documents"], "run" in contents
    (0, False)
    """
    by_status: Counter[str] = Counter({s: 0 for s in STATUSES})
    reasons: dict[str, dict[str, Any]] = {}
    removals: dict[str, dict[str, Any]] = {}
    seen: dict[str, set[str]] = defaultdict(set)  # rule -> example texts kept (no two alike)
    last: dict[str, str] = {}  # rule -> the last document it removed from (documents come in order)
    members: dict[str, list[str]] = defaultdict(list)  # canonical raw -> member raws (names only: memory stays flat)
    timeline: dict[str, Counter[str]] = defaultdict(Counter)
    garbled: dict[str, Any] = {"count": 0, "examples": []}  # articles whose encoding.garbled is true
    for doc in documents(clean_dir):
        by_status[doc.status] += 1
        if doc.reason and doc.status in (REJECTED, FAILED):
            kind = reason_kind(doc.reason)
            group = reasons.setdefault(kind, {"reason": kind, "count": 0, "status": doc.status, "examples": []})
            group["count"] += 1
            if len(group["examples"]) < examples:
                group["examples"].append({"raw": doc.raw, "reason": doc.reason})
        if doc.article is None:
            continue
        members[doc.canonical_raw or doc.raw].append(doc.raw)
        if (doc.article.get("encoding") or {}).get("garbled"):
            garbled["count"] += 1
            if len(garbled["examples"]) < examples:
                garbled["examples"].append({"raw": doc.raw, "reason": doc.article["encoding"].get("garbled_reason")})
        published = (doc.article.get("published") or "")[:10]
        timeline[doc.article.get("site") or "(no site)"][published or UNDATED] += 1
        for entry in doc.article.get("removed") or []:
            name = entry["rule"]
            rule = removals.setdefault(name, {"rule": name, "count": 0, "documents": 0, "examples": []})
            rule["count"] += 1
            if last.get(name) != doc.raw:
                rule["documents"] += 1
                last[name] = doc.raw
            if len(rule["examples"]) < examples and entry["text"] not in seen[name]:
                seen[name].add(entry["text"])
                rule["examples"].append({"text": entry["text"], "raw": doc.raw, "to": entry.get("to")})

    sizes = Counter(len(group) for group in members.values())
    biggest = sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    chosen = [(canonical, raws) for canonical, raws in biggest[:top_clusters] if len(raws) > 1]
    loaded = {d.raw: d for d in documents(clean_dir, only=[raw for _, raws in chosen for raw in raws])}
    clusters = [_cluster(canonical, [loaded[raw] for raw in raws if raw in loaded]) for canonical, raws in chosen]
    return {
        "documents": sum(by_status.values()),
        "articles": by_status[CANONICAL],
        "by_status": dict(by_status),
        "rejections": sorted(reasons.values(), key=lambda g: (-g["count"], g["reason"])),
        "removals": sorted(removals.values(), key=lambda r: (-r["count"], r["rule"])),
        "cluster_sizes": {str(k): v for k, v in sorted(sizes.items())},
        "garbled": garbled,
        "clusters": clusters,
        "timeline": {site: dict(sorted(days.items())) for site, days in sorted(timeline.items())},
    }


def _cluster(canonical: str, docs: list[Document]) -> dict[str, Any]:
    ordered = sorted(docs, key=lambda d: (d.raw != canonical, d.raw))
    return {
        "size": len(docs),
        "canonical": canonical,
        "members": [{
            "raw": d.raw, "status": d.status, "similarity": d.similarity, "containment": d.containment,
            "words": count_words(d.article["text"]), "text": d.article["text"],
            **{k: d.article.get(k) for k in MEMBER_FIELDS},
        } for d in ordered],
    }


def save_last_run(clean_dir: str | os.PathLike[str], summary: dict[str, Any]) -> Path:
    """Keep a run's summary (a JSON-able dict) beside the state, for reports made later; returns its path.

    Written atomically to ``CLEAN_DIR/.newsclean/last_run.json`` (the folder is made if
    missing); an ``OSError`` of the write is raised as is.

    >>> import tempfile, pathlib
    >>> clean = pathlib.Path(tempfile.mkdtemp())
    >>> save_last_run(clean, {"documents": 3}).name, read_last_run(clean)
    ('last_run.json', {'documents': 3})
    """
    path = Path(clean_dir) / STATE_DIR / LAST_RUN
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(path, summary)
    return path


def read_last_run(clean_dir: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The run summary :func:`save_last_run` kept in ``clean_dir``; None if there is none or it cannot be read.

    >>> import tempfile
    >>> read_last_run(tempfile.mkdtemp()) is None
    True
    """
    try:
        return json.loads((Path(clean_dir) / STATE_DIR / LAST_RUN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def compare(left: str, right: str) -> list[tuple[str, str]]:
    """What differs between two texts, word by word: ``(kind, words)`` pieces in reading order.

    ``kind`` is ``"="`` (in both), ``"-"`` (only in ``left``) or ``"+"`` (only in
    ``right``).  Whitespace and paragraph breaks are not differences: copies of one
    story are often paragraphed differently by different sites.

    >>> compare("Two words here.\\n\\nOne.", "Two new words here. One. Three.")
    [('=', 'Two'), ('+', 'new'), ('=', 'words here. One.'), ('+', 'Three.')]
    >>> compare("Same text.", "Same  text.")
    [('=', 'Same text.')]
    """
    a, b = left.split(), right.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


def summary_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's counts as table rows ``{"what": str, "count": int}`` (the Prefect summary table).

    >>> summary_rows({"by_status": {"canonical": 2}, "rejections": [{"reason": "empty file", "count": 1}],
    ...               "removals": [{"rule": "byline", "count": 3}], "cluster_sizes": {"1": 1, "2": 1}})
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'what': 'status: canonical', 'count': 2}, {'what': 'rejected: empty file', 'count': 1},
     {'what': 'removed by rule: byline', 'count': 3}, {'what': 'clusters of 1', 'count': 1},
     {'what': 'clusters of 2', 'count': 1}]
    """
    rows = [{"what": f"status: {k}", "count": v} for k, v in report["by_status"].items()]
    rows += [{"what": f"rejected: {g['reason']}", "count": g["count"]} for g in report["rejections"]]
    rows += [{"what": f"removed by rule: {r['rule']}", "count": r["count"]} for r in report["removals"]]
    if report.get("garbled", {}).get("count"):
        rows.append({"what": "text still looks garbled (encoding)", "count": report["garbled"]["count"]})
    rows += [{"what": f"clusters of {k}", "count": v} for k, v in report["cluster_sizes"].items()]
    return rows


def cluster_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The biggest clusters member by member, as table rows (the Prefect clusters table); [] without clusters.

    Each row: ``cluster`` (1 = the biggest), ``raw``, ``status``, ``title``, ``site``,
    ``words`` (int) and ``similarity`` (Jaccard to the canonical, 0–1; None for the canonical).

    >>> member = {"raw": "a.txt", "status": "canonical", "title": "Storm", "site": "a.example", "words": 120,
    ...           "similarity": None}
    >>> cluster_rows({"clusters": [{"members": [member]}]})  # doctest: +NORMALIZE_WHITESPACE
    [{'cluster': 1, 'raw': 'a.txt', 'status': 'canonical', 'title': 'Storm', 'site': 'a.example',
      'words': 120, 'similarity': None}]
    """
    return [{"cluster": n, "raw": m["raw"], "status": m["status"], "title": m["title"], "site": m["site"],
             "words": m["words"], "similarity": m["similarity"]}
            for n, cluster in enumerate(report["clusters"], 1) for m in cluster["members"]]


def shorten(text: str, limit: int = 90) -> str:
    """``text`` on one line, cut to at most ``limit`` characters (an ellipsis marks the cut).

    >>> shorten("Follow us\\non   Twitter", 40), shorten("a" * 10, 5)
    ('Follow us on Twitter', 'aaaa…')
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def two_places(value: float | None) -> str:
    """A similarity or containment (0–1) with two decimals; "" for None (the canonical has none).

    >>> two_places(0.8765), two_places(None)
    ('0.88', '')
    """
    return "" if value is None else f"{value:.2f}"
