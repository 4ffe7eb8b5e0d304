"""The run's report in the Prefect UI: three artifacts made from the report's data, and ``report.html``.

- ``newsclean-report``: markdown (:func:`cleaners.views.report.to_markdown`; every
  input-derived string escaped, so a scraped title cannot become a link or an image);
- ``newsclean-summary``: a table of counts (:func:`cleaners.views.report.summary_rows`);
- ``newsclean-clusters``: the biggest clusters member by member
  (:func:`cleaners.views.report.cluster_rows`), when there are any.

All the report's logic lives in :mod:`cleaners.views.report`; this module only hands
its output to Prefect.  Call it from inside a flow or task run (artifacts belong to one).
"""

from __future__ import annotations

import os
from typing import Any

from flows import startup

startup.apply_defaults()

from prefect import get_run_logger  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402

from flows import charts, runners  # noqa: E402
from cleaners.views.report import (  # noqa: E402
    build_report,
    cluster_rows,
    save_last_run,
    summary_rows,
    to_markdown,
    write_report,
)

REPORT_KEY = "newsclean-report"
SUMMARY_KEY = "newsclean-summary"
CLUSTERS_KEY = "newsclean-clusters"


def publish(clean_dir: str | os.PathLike[str], report: dict[str, Any]) -> None:
    """Create the run's report artifacts from ``report`` (:func:`cleaners.views.report.build_report`'s dict).

    The clusters table is left out when the report has no cluster of two or more.
    Prefect's own errors (no API to reach) are raised as they are.
    """
    create_table_artifact(summary_rows(report), key=SUMMARY_KEY, description=f"newsclean: counts of {clean_dir}")
    clusters = cluster_rows(report)
    if clusters:
        create_table_artifact(clusters, key=CLUSTERS_KEY,
                              description="newsclean: the biggest duplicate clusters, member by member")
    create_markdown_artifact(to_markdown(report), key=REPORT_KEY, description=f"newsclean report of {clean_dir}")


def report_run(clean_dir: str | os.PathLike[str], summary: dict[str, Any], *,
               write_html: bool = True) -> dict[str, Any]:
    """The flow's report step: keep the run's ``summary`` (``RunSummary.as_dict()``) for later reports, build the
    report with it, publish the artifacts and, if ``write_html``, write ``CLEAN_DIR/report.html``; returns the report.
    """
    save_last_run(clean_dir, summary)
    report = build_report(clean_dir, run=summary)
    # the charts are drawn on the run's pool (if running) while this process publishes the artifacts
    pending = charts.predraw(runners.running_pool(), clean_dir, report) if write_html else {}
    publish(clean_dir, report)
    if write_html:
        charts.keep(clean_dir, report, pending)
        path = write_report(clean_dir, data=report)
        get_run_logger().info("report written to %s", path)
    return report
