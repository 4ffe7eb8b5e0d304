"""The run report: what a clean dir holds, why documents were dropped, what was removed, which copies were merged.

One pure function, :func:`build_report`, reads a clean dir (read-only) and returns the
report as plain data (a JSON-able dict); everything else renders that dict:

- :mod:`.data` — :func:`build_report`, :func:`save_last_run`, :func:`compare` and the
  tables of the Prefect run (:func:`summary_rows`, :func:`cluster_rows`);
- :mod:`.charts` — matplotlib charts as PNG data URIs, kept in :func:`chart_folder`;
- :mod:`.html` — the self-contained page from autoescaped Jinja2 templates
  (:func:`to_html`), and :func:`write_report`, the one writer of ``report.html``;
- :mod:`.markdown` — the markdown the Prefect UI shows (:func:`to_markdown`), every
  input-derived string escaped.

It reads the clean dir through :mod:`cleaners.views.cleandir` and writes only
``report.html``, the chart cache and ``last_run.json``.  It imports no Prefect
(``flows.artifacts`` publishes it) and nothing of :mod:`cleaners.corpus` but the
store's ``STATE_DIR``.
"""

from cleaners.views.report.charts import ChartCache, chart_folder, cluster_chart, report_charts, timeline_chart
from cleaners.views.report.data import (
    LAST_RUN,
    MEMBER_FIELDS,
    STATUSES,
    UNDATED,
    build_report,
    cluster_rows,
    compare,
    read_last_run,
    reason_kind,
    save_last_run,
    summary_rows,
)
from cleaners.views.report.html import (
    MAX_DIFFS,
    REPORT_FILE,
    cluster_html,
    cluster_view,
    diff_columns,
    to_html,
    write_report,
)
from cleaners.views.report.markdown import escape_markdown, markdown_code, to_markdown

__all__ = [
    "LAST_RUN", "MAX_DIFFS", "MEMBER_FIELDS", "REPORT_FILE", "STATUSES", "UNDATED",
    "ChartCache", "build_report", "chart_folder", "cluster_chart", "cluster_html", "cluster_rows", "cluster_view",
    "compare", "diff_columns", "escape_markdown", "markdown_code", "read_last_run", "reason_kind", "report_charts",
    "save_last_run", "summary_rows", "timeline_chart", "to_html", "to_markdown", "write_report",
]
