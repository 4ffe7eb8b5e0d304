"""The report as markdown: the text the Prefect UI shows as the run's ``newsclean-report`` artifact.

Markdown has no autoescaping, so every string that came from the input (file names,
titles, site names, reasons, removed text, the clean dir's path) goes through
:func:`escape_markdown` or :func:`markdown_code` here: a scraped title such as
``[x](javascript:alert(1))`` or ``![](http://evil/img.png)`` is shown as those
characters, never as a link, an image or HTML.  Numbers and the report's own words
(statuses, rule names) are written as they are.
"""

from __future__ import annotations

import re
from typing import Any

from cleaners.views.report.data import shorten, two_places

# Characters that open markdown syntax anywhere in a line (emphasis, code, links, images, raw HTML,
# entities, tables, strikethrough, heading closers), and the ":", "." and "@" inside a word: the
# parts of a URL, domain or e-mail address that GFM renderers turn into links by themselves.
_SPECIAL = re.compile(r"[\\`*_\[\]()#!|<>~&]|[:.@](?=\S)")


def escape_markdown(text: str) -> str:
    r"""``text`` on one line, escaped so that any markdown renderer shows it as plain text.

    Whitespace runs (line breaks included) become one space, so the text cannot start a
    block or leave a table row.  Every character that can open markdown syntax is
    backslash-escaped, and so are the ``:``, ``.`` and ``@`` inside words: no
    ``javascript:`` (or any) URL, bare domain or address can become a link.  CommonMark
    renders each ``\x`` as ``x``: what a person reads is the original text.

    >>> print(escape_markdown("[x](javascript:alert(1))"))
    \[x\]\(javascript\:alert\(1\)\)
    >>> print(escape_markdown("![](http://evil/img.png) | www.evil.example"))
    \!\[\]\(http\://evil/img\.png\) \| www\.evil\.example
    >>> print(escape_markdown("file too large: 12 MB.\nSee <b>this</b>"))
    file too large: 12 MB. See \<b\>this\</b\>
    """
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(text.split()))


def markdown_code(text: str) -> str:
    r"""``text`` as an inline code span for a markdown table cell (file names): shown verbatim, on one line.

    A code span's content is never parsed as markdown; its fence is longer than any run of
    backticks in ``text``, and ``|`` is escaped as GFM tables require inside a cell.  A
    text with a backslash is given as :func:`escape_markdown` text instead: inside a code
    span a backslash cannot be escaped, and ``\\|`` would end the table cell early.

    >>> print(markdown_code("bad/scan.pdf"))
    `bad/scan.pdf`
    >>> print(markdown_code("a`b|c"))
    `` a`b\|c ``
    >>> print(markdown_code(r"a\|[x](y)"))
    a\\\|\[x\]\(y\)
    """
    text = " ".join(text.split())
    if "\\" in text or not text:
        return escape_markdown(text)
    text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if "`" in text else ""  # CommonMark strips one space each side: a backtick at an end stays apart
    return f"{fence}{pad}{text}{pad}{fence}"


def to_markdown(report: dict[str, Any], *, clusters: int = 3) -> str:
    """The report (:func:`build_report`'s dict) as markdown: tables, an example per rule, the biggest clusters.

    ``clusters``: how many of the biggest clusters get a table of their members.  Input-derived
    strings are escaped (:func:`escape_markdown`, :func:`markdown_code`).

    >>> md = to_markdown({"clean_dir": "clean", "documents": 1, "articles": 1, "by_status": {"canonical": 1},
    ...                   "rejections": [], "removals": [], "clusters": [], "cluster_sizes": {"1": 1}, "run": None})
    >>> print(md.splitlines()[0]); "| canonical | 1 |" in md
    # newsclean report: clean
    True
    """
    esc, code = escape_markdown, markdown_code
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
