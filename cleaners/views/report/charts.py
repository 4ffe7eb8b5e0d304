"""The report's charts: matplotlib figures as PNG data URIs, kept on disk by the data they show.

Drawing both charts costs about 1.3 s (most of an unchanged re-run's report), so
:class:`ChartCache` keeps each drawn chart in a folder (:func:`chart_folder`: the clean
dir's state folder) under a hash of its name and data, and an unchanged re-run reads it
back instead.  matplotlib is imported on first draw (no pyplot: no global state, no GUI
backend).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from cleaners.corpus.store import STATE_DIR
from cleaners.io.publish import atomic_write
from cleaners.views.report.data import UNDATED

PNG_URI = "data:image/png;base64,"


def timeline_chart(timeline: dict[str, dict[str, int]], *, max_sites: int = 8) -> str | None:
    """A PNG data URI: dated documents per period (day, or month over spans of more than 120 days), stacked by site.

    ``timeline`` is the report's ``{site: {"YYYY-MM-DD" or "undated": documents}}``; the
    ``max_sites`` sites with most documents get a colour each, the rest are summed as
    "other sites".  None when no document has a date.

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

    ``cluster_sizes`` is the report's ``{"size": number of clusters}``.

    >>> cluster_chart({"1": 40, "2": 6, "5": 1}).startswith("data:image/png;base64,")
    True
    >>> cluster_chart({}) is None
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


def report_charts(report: dict[str, Any], cache: str | os.PathLike[str] | None = None) -> dict[str, str | None]:
    """The page's two charts of a report: ``{"timeline": uri or None, "clusters": uri or None}``.

    With a ``cache`` folder, charts whose data did not change are read back instead of drawn,
    new ones are kept there, and those no longer shown are removed from it (see :class:`ChartCache`).

    >>> report_charts({"timeline": {}, "cluster_sizes": {}})
    {'timeline': None, 'clusters': None}
    """
    charts = ChartCache(cache)
    drawn = {"timeline": charts.chart("timeline", timeline_chart, report["timeline"]),
             "clusters": charts.chart("clusters", cluster_chart, report["cluster_sizes"])}
    charts.forget_the_rest()
    return drawn


def chart_folder(clean_dir: str | os.PathLike[str]) -> Path:
    """Where a clean dir's report keeps its drawn charts (in its state folder).

    >>> chart_folder("clean").as_posix()
    'clean/.newsclean/charts'
    """
    return Path(clean_dir) / STATE_DIR / "charts"


class ChartCache:
    """Charts (data URIs) on disk, one ``<hash>.txt`` file per chart; a pass-through without a folder.

    The hash covers the chart's name and its JSON-able data, so a chart is drawn again
    only when what it shows changed.  Failures to write (a read-only clean dir) are
    ignored: the chart is still returned.

    >>> import tempfile
    >>> cache = ChartCache(tempfile.mkdtemp())
    >>> drawn = []
    >>> def draw(data):
    ...     drawn.append(data)
    ...     return "data:image/png;base64,AAAA"
    >>> cache.chart("sizes", draw, {"1": 2}) == cache.chart("sizes", draw, {"1": 2}), drawn
    (True, [{'1': 2}])
    """

    def __init__(self, folder: str | os.PathLike[str] | None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.used: set[str] = set()

    def chart(self, name: str, draw: Callable[[Any], str | None], data: Any) -> str | None:
        """``draw(data)``, or the data URI kept for the same ``name`` and ``data`` (None: nothing to draw)."""
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
        """Remove the kept charts this cache did not use (the report no longer shows them)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*.txt"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _figure(width: float, height: float) -> tuple[Any, Any]:
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return PNG_URI + base64.b64encode(buf.getvalue()).decode("ascii")
