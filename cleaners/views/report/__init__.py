"""The run report: what a clean dir holds, why documents were dropped, what was removed, which copies were merged.

One pure function, :func:`build_report`, reads a clean dir (read-only) and returns
the report as plain data (a JSON-able dict).  Three renderings use it:
:func:`to_html` (``newsclean report``: a self-contained page with matplotlib
charts embedded as data URIs), :func:`to_markdown` and :func:`summary_rows`
(the Prefect run's markdown and table artifacts).  Nothing here imports Prefect.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import io
import json
import os
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from cleaners.article import CANONICAL, DUPLICATE, FAILED, REJECTED
from cleaners.views.cleandir import Document, documents
from cleaners.corpus.store import STATE_DIR
from cleaners.io.publish import atomic_write, write_json

STATUSES = (CANONICAL, DUPLICATE, REJECTED, FAILED)
REPORT_FILE = "report.html"
MAX_DIFFS = 6  # side-by-side views per cluster (the table lists every member)
LAST_RUN = "last_run.json"  # in CLEAN_DIR/.newsclean/: the last flow run's summary, shown by the report
UNDATED = "undated"


# ---- the data ---------------------------------------------------------------------------
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

    ``top_clusters`` biggest clusters are kept with every member's text (for the
    side-by-side view); ``examples`` examples are kept per rejection reason and per
    rule.  ``run`` is a run summary (``RunSummary.as_dict()``) shown with it; by default
    the last one the flow saved (:func:`save_last_run`), if any.

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
    """
    by_status: Counter[str] = Counter({s: 0 for s in STATUSES})
    reasons: dict[str, dict[str, Any]] = {}
    removals: dict[str, dict[str, Any]] = {}
    members: dict[str, list[str]] = defaultdict(list)  # canonical raw -> member raws (names only: memory stays flat)
    timeline: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in documents(clean_dir):
        by_status[doc.status] += 1
        if doc.reason and doc.status in (REJECTED, FAILED):
            group = reasons.setdefault(reason_kind(doc.reason), {"reason": reason_kind(doc.reason), "count": 0,
                                                                 "status": doc.status, "examples": []})
            group["count"] += 1
            if len(group["examples"]) < examples:
                group["examples"].append({"raw": doc.raw, "reason": doc.reason})
        if doc.article is None:
            continue
        members[doc.canonical_raw or doc.raw].append(doc.raw)
        published = (doc.article.get("published") or "")[:10]
        timeline[doc.article.get("site") or "(no site)"][published or UNDATED] += 1
        for entry in doc.article.get("removed") or []:
            rule = removals.setdefault(entry["rule"], {"rule": entry["rule"], "count": 0, "documents": 0,
                                                       "examples": [], "_seen": set(), "_last": None})
            rule["count"] += 1
            if rule["_last"] != doc.raw:
                rule["documents"] += 1
                rule["_last"] = doc.raw
            if len(rule["examples"]) < examples and entry["text"] not in rule["_seen"]:
                rule["_seen"].add(entry["text"])
                rule["examples"].append({"text": entry["text"], "raw": doc.raw, "to": entry.get("to")})
    for rule in removals.values():
        del rule["_seen"], rule["_last"]

    sizes = Counter(len(group) for group in members.values())
    biggest = sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    chosen = [(canonical, raws) for canonical, raws in biggest[:top_clusters] if len(raws) > 1]
    loaded = {d.raw: d for d in documents(clean_dir, only=[raw for _, raws in chosen for raw in raws])}
    clusters = [_cluster(canonical, [loaded[raw] for raw in raws if raw in loaded]) for canonical, raws in chosen]
    return {
        "clean_dir": str(clean_dir),
        "documents": sum(by_status.values()),
        "articles": by_status[CANONICAL],
        "by_status": dict(by_status),
        "rejections": sorted(reasons.values(), key=lambda g: (-g["count"], g["reason"])),
        "removals": sorted(removals.values(), key=lambda r: (-r["count"], r["rule"])),
        "cluster_sizes": {str(k): v for k, v in sorted(sizes.items())},
        "clusters": clusters,
        "timeline": {site: dict(sorted(days.items())) for site, days in sorted(timeline.items())},
        "run": run if run is not None else _last_run(clean_dir),
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def save_last_run(clean_dir: str | os.PathLike[str], summary: dict[str, Any]) -> Path:
    """Keep a run's summary beside the state, for reports made later (written atomically).

    >>> import tempfile, pathlib
    >>> clean = pathlib.Path(tempfile.mkdtemp())
    >>> save_last_run(clean, {"documents": 3}).name, _last_run(clean)
    ('last_run.json', {'documents': 3})
    """
    path = Path(clean_dir) / STATE_DIR / LAST_RUN
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(path, summary)
    return path


def _last_run(clean_dir: str | os.PathLike[str]) -> dict[str, Any] | None:
    try:
        return json.loads((Path(clean_dir) / STATE_DIR / LAST_RUN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


_META = ("title", "site", "author", "published", "url")


def _cluster(canonical: str, docs: list[Document]) -> dict[str, Any]:
    ordered = sorted(docs, key=lambda d: (d.raw != canonical, d.raw))
    return {
        "size": len(docs),
        "canonical": canonical,
        "members": [{
            "raw": d.raw, "status": d.status, "similarity": d.similarity, "containment": d.containment,
            "words": len(d.article["text"].split()), "text": d.article["text"],
            **{k: d.article.get(k) for k in _META},
        } for d in ordered],
    }


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


# ---- Prefect artifacts (markdown and table) ----------------------------------------------
def summary_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's counts as table rows ``{"what", "count"}`` (the Prefect table artifact).

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
    rows += [{"what": f"clusters of {k}", "count": v} for k, v in report["cluster_sizes"].items()]
    return rows


def to_markdown(report: dict[str, Any], *, clusters: int = 3) -> str:
    """The report as markdown (the Prefect markdown artifact): tables, an example per rule, the biggest clusters.

    >>> md = to_markdown({"clean_dir": "clean", "documents": 1, "articles": 1, "by_status": {"canonical": 1},
    ...                   "rejections": [], "removals": [], "clusters": [], "cluster_sizes": {"1": 1}, "run": None})
    >>> print(md.splitlines()[0]); "| canonical | 1 |" in md
    # newsclean report: clean
    True
    """
    lines = [f"# newsclean report: {report['clean_dir']}", "",
             f"{report['documents']} documents, {report['articles']} canonical articles.", ""]
    run = report.get("run")
    if run:
        processed = sum(run.get("processed_this_run", {}).values())
        lines += [f"This run: {processed} documents processed, {run.get('unchanged_files', 0)} files unchanged, "
                  f"{run.get('articles_written', 0)} article files written in {run.get('seconds', 0)} s.", ""]
    lines += ["## By status", "", "| status | documents |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in report["by_status"].items()]
    if report["rejections"]:
        lines += ["", "## Rejection reasons", "", "| reason | documents | example |", "|---|---:|---|"]
        lines += [f"| {_md(g['reason'])} | {g['count']} | `{_md(g['examples'][0]['raw'])}`: "
                  f"{_md(g['examples'][0]['reason'])} |" for g in report["rejections"]]
    if report["removals"]:
        lines += ["", "## Removed by rule", "", "| rule | lines | documents | example |", "|---|---:|---:|---|"]
        lines += [f"| {r['rule']} | {r['count']} | {r['documents']} | {_md(_short(r['examples'][0]['text']))} |"
                  for r in report["removals"]]
    lines += ["", "## Cluster sizes", "", "| size | clusters |", "|---:|---:|"]
    lines += [f"| {k} | {v} |" for k, v in report["cluster_sizes"].items()]
    for cluster in report["clusters"][:clusters]:
        head = cluster["members"][0]
        lines += ["", f"### Cluster of {cluster['size']}: {_md(head['title'] or '(no title)')}", "",
                  "| raw | status | site | words | similarity |", "|---|---|---|---:|---:|"]
        lines += [f"| `{_md(m['raw'])}` | {m['status']} | {_md(m['site'] or '')} | {m['words']} | "
                  f"{_num(m['similarity'])} |"
                  for m in cluster["members"]]
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- charts (matplotlib, embedded as data URIs) ------------------------------------------
def timeline_chart(timeline: dict[str, dict[str, int]], *, max_sites: int = 8) -> str | None:
    """A PNG data URI: dated documents per period (day, or month over long spans), stacked by site.

    None when no document has a date.

    >>> timeline_chart({"a.example": {"2026-03-01": 2, "undated": 1}}).startswith("data:image/png;base64,")
    True
    >>> timeline_chart({"a.example": {"undated": 4}}) is None
    True
    """
    dated = {site: {d: n for d, n in days.items() if d != UNDATED and _is_date(d)} for site, days in timeline.items()}
    dated = {site: days for site, days in dated.items() if days}
    if not dated:
        return None
    every = sorted({d for days in dated.values() for d in days})
    monthly = (date.fromisoformat(every[-1]) - date.fromisoformat(every[0])).days > 120
    key = (lambda d: d[:7]) if monthly else (lambda d: d)
    totals = Counter({site: sum(days.values()) for site, days in dated.items()})
    top = [site for site, _ in totals.most_common(max_sites)]
    series: dict[str, Counter[str]] = defaultdict(Counter)
    for site, days in dated.items():
        name = site if site in top else "other sites"
        for d, n in days.items():
            series[name][key(d)] += n
    periods = sorted({p for counts in series.values() for p in counts})

    fig, ax = _figure(9, 3.6)
    bottom = [0] * len(periods)
    for name in [*top, "other sites"]:
        if name not in series:
            continue
        values = [series[name][p] for p in periods]
        ax.bar(range(len(periods)), values, bottom=bottom, label=name, width=0.85)
        bottom = [b + v for b, v in zip(bottom, values)]
    step = max(1, len(periods) // 12)
    ax.set_xticks(range(0, len(periods), step), [periods[i] for i in range(0, len(periods), step)],
                  rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("documents")
    ax.set_title(f"Documents by {'month' if monthly else 'day'} of publication, by site")
    ax.legend(fontsize=8, ncols=2 if len(series) > 4 else 1, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _png(fig)


def cluster_chart(cluster_sizes: dict[str, int]) -> str | None:
    """A PNG data URI: how many clusters there are of each size (1 = a story seen once); None if empty.

    >>> cluster_chart({"1": 40, "2": 6, "5": 1}).startswith("data:image/png;base64,")
    True
    """
    if not cluster_sizes:
        return None
    sizes = sorted(int(k) for k in cluster_sizes)
    counts = [cluster_sizes[str(s)] for s in sizes]
    fig, ax = _figure(6, 3.4)
    bars = ax.bar([str(s) for s in sizes], counts, color="#4c72b0")
    ax.bar_label(bars, fontsize=8)
    ax.set_yscale("log")
    ax.set_xlabel("documents in the cluster (copies of one story)")
    ax.set_ylabel("clusters (log scale)")
    ax.set_title("Cluster-size distribution")
    return _png(fig)


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _figure(width: float, height: float):
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


class _ChartCache:
    """Charts (data URIs) on disk by a hash of the chart's name and data; a no-op without a folder."""

    def __init__(self, folder: str | os.PathLike[str] | None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.used: set[str] = set()

    def chart(self, name: str, draw: Any, data: Any) -> str | None:
        if self.folder is None:
            return draw(data)
        key = hashlib.sha256(json.dumps([name, data], sort_keys=True).encode("utf-8")).hexdigest()[:32]
        path = self.folder / f"{key}.txt"
        self.used.add(path.name)
        try:
            text = path.read_text("ascii")
            return text or None
        except (OSError, ValueError):
            pass
        uri = draw(data)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(path, [(uri or "").encode("ascii")])
        except OSError:  # a read-only clean dir still gets its report
            pass
        return uri

    def forget_the_rest(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*.txt"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)


# ---- the HTML page ---------------------------------------------------------------------------
_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;
     padding:1.5em;color:#1d2433;background:#fff}
h1{font-size:1.6em;margin-bottom:.2em} nav a{color:#2754c5} h2{margin-top:1.8em;border-bottom:2px solid #dde3ee;padding-bottom:.2em}
.muted{color:#5b6577} table{border-collapse:collapse;margin:.6em 0} td,th{padding:.3em .7em;text-align:left;
vertical-align:top;border-bottom:1px solid #e4e8f0} th{background:#f3f5f9} td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:1em;flex-wrap:wrap} .card{border:1px solid #dde3ee;border-radius:8px;padding:.6em 1.1em;min-width:8em}
.card b{display:block;font-size:1.7em} .canonical b{color:#1f7a3a} .duplicate b{color:#8a6d00}
.rejected b{color:#b3261e} .failed b{color:#6b1d8f} code{font-size:.9em;background:#f3f5f9;padding:0 .25em}
table.rules code{white-space:nowrap} table.members td{max-width:18em;overflow-wrap:anywhere} table.members td:nth-child(2){white-space:nowrap} .ex{color:#444;font-size:.92em} .charts img{max-width:100%;height:auto;display:block;margin:.5em 0}
.side{display:grid;grid-template-columns:1fr 1fr;gap:.8em} .side>div{border:1px solid #dde3ee;border-radius:6px;
padding:.5em .8em;font-size:.93em;min-width:0;overflow-wrap:anywhere} .side h4{margin:.1em 0 .4em}
del{background:#ffd7d5;text-decoration:line-through} ins{background:#cdf5d3;text-decoration:none}
.same{color:#5b6577;font-style:italic;font-size:.88em}
td.diff{background:#fff6d6} details{margin:.6em 0} summary{cursor:pointer;font-weight:600}
"""


def to_html(report: dict[str, Any], chart_cache: str | os.PathLike[str] | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS, charts as data URIs, no script, nothing fetched).

    ``chart_cache``: a folder where charts are kept by a hash of what they show, so that a run
    that changed none of it does not draw them again (matplotlib: ~1.3 s of an unchanged
    re-run's 1.6 s of report, measured); charts no longer shown are removed from it.

    >>> page = to_html({"clean_dir": "clean", "documents": 0, "articles": 0, "by_status": {}, "rejections": [],
    ...                 "removals": [], "clusters": [], "cluster_sizes": {}, "timeline": {}, "run": None})
    >>> page.startswith("<!DOCTYPE html>") and "No duplicate clusters" in page and "http" not in page
    True
    """
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width,initial-scale=1">',
             f"<title>newsclean report: {e(report['clean_dir'])}</title><style>{_CSS}</style></head><body>",
             f"<h1>newsclean report</h1><p class=muted>{e(report['clean_dir'])} · {report['documents']} documents · "
             f"{report['articles']} canonical articles · made {e(report.get('generated') or '')}</p>",
             "<nav>" + " · ".join(f'<a href="#{k}">{v}</a>' for k, v in (
                 ("status", "status"), ("rejections", "rejections"), ("removals", "removals by rule"),
                 ("charts", "charts"), ("clusters", "duplicate clusters"))) + "</nav>"]
    run = report.get("run")
    if run:
        processed = sum(run.get("processed_this_run", {}).values())
        done = ", ".join(f"{n} {'cleaned' if s == 'ok' else s}" for s, n in run.get("processed_this_run", {}).items())
        parts.append(f"<p>Last run: {processed} documents processed ({e(done or 'none')}), "
                     f"{run.get('unchanged_files', 0)} files unchanged, {run.get('articles_written', 0)} article "
                     f"files written, in {run.get('seconds', 0)} s.</p>")
    parts.append('<h2 id="status">Documents by status</h2><div class=cards>')
    parts += [f'<div class="card {e(s)}"><b>{n}</b>{e(s)}</div>' for s, n in report["by_status"].items()]
    parts.append("</div>")

    parts.append('<h2 id="rejections">Rejection reasons</h2>')
    if report["rejections"]:
        parts.append("<table><tr><th>reason</th><th>status</th><th>documents</th><th>examples</th></tr>")
        for g in report["rejections"]:
            ex = "<br>".join(f"<code>{e(x['raw'])}</code>: {e(x['reason'])}" for x in g["examples"])
            parts.append(f"<tr><td>{e(g['reason'])}</td><td>{e(g['status'])}</td><td class=n>{g['count']}</td>"
                         f"<td class=ex>{ex}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>No document was rejected.</p>")

    parts.append('<h2 id="removals">Removed by rule</h2>')
    if report["removals"]:
        parts.append("<table class=rules><tr><th>rule</th><th>lines</th><th>documents</th><th>examples</th></tr>")
        for r in report["removals"]:
            ex = "<br>".join(f"“{e(_short(x['text'], 140))}”" + (f" → {e(x['to'])}" if x.get("to") else "")
                             + f" <span class=muted>({e(x['raw'])})</span>" for x in r["examples"])
            parts.append(f"<tr><td><code>{e(r['rule'])}</code></td><td class=n>{r['count']}</td>"
                         f"<td class=n>{r['documents']}</td><td class=ex>{ex}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>No boilerplate was removed.</p>")

    parts.append('<h2 id="charts">Charts</h2><div class=charts>')
    cache = _ChartCache(chart_cache)
    timeline = cache.chart("timeline", timeline_chart, report["timeline"])
    undated = sum(days.get(UNDATED, 0) for days in report["timeline"].values())
    if timeline:
        parts.append(f'<img id="chart-timeline" alt="Documents over time by site" src="{timeline}">')
    else:
        parts.append("<p>No document carries a publication date: no timeline.</p>")
    if undated:
        parts.append(f"<p class=muted>{undated} cleaned documents have no publication date and are not in the timeline.</p>")
    sizes = cache.chart("clusters", cluster_chart, report["cluster_sizes"])
    cache.forget_the_rest()
    if sizes:
        parts.append(f'<img id="chart-clusters" alt="Cluster-size distribution" src="{sizes}">')
    parts.append("</div>")

    parts.append('<h2 id="clusters">Biggest duplicate clusters</h2>')
    if not report["clusters"]:
        parts.append("<p>No duplicate clusters: every cleaned document is a story of its own.</p>")
    for n, cluster in enumerate(report["clusters"]):
        parts.append(_cluster_html(cluster, open_first=n < 3))
    parts.append("</body></html>")
    return "\n".join(parts)


def _cluster_html(cluster: dict[str, Any], *, open_first: bool) -> str:
    e = html.escape
    head = cluster["members"][0]
    out = [f'<section class=cluster><h3>Cluster of {cluster["size"]}: {e(head["title"] or "(no title)")}</h3>',
           "<table class=members><tr><th>raw</th><th>status</th>" + "".join(f"<th>{k}</th>" for k in _META)
           + "<th>words</th><th>similarity</th><th>containment</th></tr>"]
    for m in cluster["members"]:
        cells = "".join(f"<td{' class=diff' if m[k] != head[k] else ''}>{e(str(m[k] or ''))}</td>" for k in _META)
        out.append(f"<tr><td><code>{e(m['raw'])}</code></td><td>{m['status']}</td>{cells}"
                   f"<td class=n>{m['words']}</td><td class=n>{_num(m['similarity'])}</td>"
                   f"<td class=n>{_num(m['containment'])}</td></tr>")
    out.append("</table>")
    # The least similar copies first: they show best what differed.
    copies = sorted(cluster["members"][1:], key=lambda m: (m["similarity"] if m["similarity"] is not None else 1, m["raw"]))
    for k, m in enumerate(copies[:MAX_DIFFS]):
        out.append(f"<details{' open' if open_first and k == 0 else ''}><summary>What differs: "
                   f"<code>{e(head['raw'])}</code> (canonical) and <code>{e(m['raw'])}</code></summary>")
        out.append(_side_by_side(head, m))
        out.append("</details>")
    if len(copies) > MAX_DIFFS:
        out.append(f"<p class=muted>{MAX_DIFFS} least similar copies shown side by side; the other "
                   f"{len(copies) - MAX_DIFFS} are listed in the table above with their similarity.</p>")
    out.append("</section>")
    return "\n".join(out)


def _side_by_side(left: dict[str, Any], right: dict[str, Any], *, context: int = 12) -> str:
    """Two columns, canonical and copy: removed words struck on the left, added words marked on the right.

    Long runs of common words are shortened to ``context`` words each side of a change.
    """
    e = html.escape
    lhs: list[str] = []
    rhs: list[str] = []
    pieces = compare(left["text"], right["text"])
    for n, (kind, text) in enumerate(pieces):
        if kind == "-":
            lhs.append(f"<del>{e(text)}</del>")
        elif kind == "+":
            rhs.append(f"<ins>{e(text)}</ins>")
        else:
            shown = re.sub(r"⋯ \d+ identical words ⋯", r"<span class=same>\g<0></span>",
                           e(_elide(text, context, first=n == 0, last=n == len(pieces) - 1)))
            lhs.append(shown)
            rhs.append(shown)
    if all(kind == "=" for kind, _ in pieces):
        note = "<span class=same>The texts are identical; only what the table above marks differs.</span>"
        lhs, rhs = [note], [note]
    return (f"<div class=side><div><h4>{e(left['raw'])} <span class=muted>(canonical)</span></h4>"
            f"<p>{' '.join(lhs)}</p></div><div><h4>{e(right['raw'])}</h4><p>{' '.join(rhs)}</p></div></div>")


def _elide(text: str, context: int, *, first: bool, last: bool) -> str:
    """Keep ``context`` words next to each change; the middle of a long common run becomes ``⋯ N words ⋯``.

    >>> _elide("a b c d e f g h", 2, first=False, last=False)
    'a b ⋯ 4 identical words ⋯ g h'
    >>> _elide("a b c d e f g h", 2, first=True, last=False)
    '⋯ 6 identical words ⋯ g h'
    """
    words = text.split()
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    hidden = len(words) - len(head) - len(tail)
    if hidden <= 3:
        return text
    return " ".join([*head, f"⋯ {hidden} identical words ⋯", *tail])


def chart_folder(clean_dir: str | os.PathLike[str]) -> Path:
    """Where a clean dir's report keeps its drawn charts (in its state folder).

    >>> chart_folder("clean").as_posix()
    'clean/.newsclean/charts'
    """
    return Path(clean_dir) / STATE_DIR / "charts"


def write_report(clean_dir: str | os.PathLike[str], out: str | os.PathLike[str] | None = None,
                 **options: Any) -> Path:
    """Build the report of ``clean_dir`` and write it atomically to ``out`` (default ``CLEAN_DIR/report.html``).

    >>> import tempfile, pathlib
    >>> from cleaners import run_pipeline
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "raw").mkdir(), (work / "raw" / "a.txt").write_text(
    ...     "Harbour reopens\\n\\nThe harbour reopened on Monday after repairs to the sea wall were finished early.")
    >>> _ = run_pipeline(work / "raw", work / "clean")
    >>> write_report(work / "clean").name
    'report.html'
    """
    path = Path(out) if out is not None else Path(clean_dir) / REPORT_FILE
    page = to_html(build_report(clean_dir, **options), chart_cache=chart_folder(clean_dir))
    atomic_write(path, [page.encode("utf-8")])
    return path
