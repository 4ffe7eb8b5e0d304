"""The report as markdown: the text the Prefect UI shows as the run's ``newsclean-report`` artifact."""

from __future__ import annotations

from typing import Any

from cleaners.views.report.data import shorten, two_places


def to_markdown(report: dict[str, Any], *, clusters: int = 3) -> str:
    """The report (:func:`build_report`'s dict) as markdown: tables, an example per rule, the biggest clusters.

    ``clusters``: how many of the biggest clusters get a table of their members.

    >>> md = to_markdown({"clean_dir": "clean", "documents": 1, "articles": 1, "by_status": {"canonical": 1},
    ...                   "rejections": [], "removals": [], "clusters": [], "cluster_sizes": {"1": 1}, "run": None})
    >>> print(md.splitlines()[0]); "| canonical | 1 |" in md
    # newsclean report: clean
    True
    """
    esc, code = _md, _code
    lines = [f"# newsclean report: {esc(report['clean_dir'])}", "",
             f"{report['documents']} documents, {report['articles']} canonical articles.", ""]
    run = report.get("run")
    if run:
        processed = sum(run.get("processed_this_run", {}).values())
        lines += [f"This run: {processed} documents processed, {run.get('unchanged_files', 0)} files unchanged, "
                  f"{run.get('articles_written', 0)} article files written in {run.get('seconds', 0)} s.", ""]
    lines += ["## By status", "", "| status | documents |", "|---|---:|"]
    lines += [f"| {esc(k)} | {v} |" for k, v in report["by_status"].items()]
    if report["rejections"]:
        lines += ["", "## Rejection reasons", "", "| reason | documents | example |", "|---|---:|---|"]
        lines += [f"| {esc(g['reason'])} | {g['count']} | {code(g['examples'][0]['raw'])}: "
                  f"{esc(g['examples'][0]['reason'])} |" for g in report["rejections"]]
    if report["removals"]:
        lines += ["", "## Removed by rule", "", "| rule | lines | documents | example |", "|---|---:|---:|---|"]
        lines += [f"| {esc(r['rule'])} | {r['count']} | {r['documents']} | {esc(shorten(r['examples'][0]['text']))} |"
                  for r in report["removals"]]
    lines += ["", "## Cluster sizes", "", "| size | clusters |", "|---:|---:|"]
    lines += [f"| {k} | {v} |" for k, v in report["cluster_sizes"].items()]
    for cluster in report["clusters"][:clusters]:
        head = cluster["members"][0]
        lines += ["", f"### Cluster of {cluster['size']}: {esc(head['title'] or '(no title)')}", "",
                  "| raw | status | site | words | similarity |", "|---|---|---|---:|---:|"]
        lines += [f"| {code(m['raw'])} | {esc(m['status'])} | {esc(m['site'] or '')} | {m['words']} | "
                  f"{two_places(m['similarity'])} |" for m in cluster["members"]]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_md(text)}`"
