"""The report page: ``report.html`` from Jinja2 templates, and the one function that writes it.

The templates are package data beside this module (``templates/report.html.j2``, its
cluster macros ``templates/cluster.html.j2`` and the style sheet ``templates/report.css``).
The environment autoescapes: every value a template shows — titles, urls, reasons,
removed text, site and file names — is HTML-escaped by Jinja2, never by hand here.
This module only shapes the data the templates show (which copies to set side by side,
what to fold); the page is self-contained: inline CSS, charts as PNG data URIs
(:mod:`.charts`), no script, nothing fetched.  Jinja2 is imported on first use.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaners.io.publish import atomic_write
from cleaners.views.report.charts import chart_folder, report_charts
from cleaners.views.report.data import MEMBER_FIELDS, UNDATED, build_report, compare, shorten, two_places

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

REPORT_FILE = "report.html"  # CLEAN_DIR/report.html, the page's default place
MAX_DIFFS = 6  # side-by-side views per cluster (the table lists every member)
IDENTICAL = "The texts are identical; only what the table above marks differs."

Pieces = list[tuple[str, str]]  # (kind, words): "=" in both, "-" only left, "+" only right, "…" a remark


def to_html(report: dict[str, Any], chart_cache: str | os.PathLike[str] | None = None) -> str:
    """The report (:func:`build_report`'s dict) as one self-contained HTML page, as a string.

    Inline CSS, charts as data URIs, no script, nothing fetched.  ``chart_cache``: a
    folder where charts are kept by a hash of what they show, so that a run that changed
    none of it does not draw them again (matplotlib: ~1.3 s of an unchanged re-run's
    1.6 s of report, measured); charts no longer shown are removed from it.  A report
    missing one of the keys the page shows raises ``jinja2.UndefinedError``.

    >>> page = to_html({"clean_dir": "clean", "documents": 0, "articles": 0, "by_status": {}, "rejections": [],
    ...                 "removals": [], "clusters": [], "cluster_sizes": {}, "timeline": {}, "run": None})
    >>> page.startswith("<!DOCTYPE html>") and "No duplicate clusters" in page and "http" not in page
    True
    """
    return _templates().get_template("report.html.j2").render(
        report=report,
        charts=report_charts(report, chart_cache),
        undated=sum(days.get(UNDATED, 0) for days in report["timeline"].values()),
        clusters=[cluster_view(cluster) for cluster in report["clusters"]],
    )


def cluster_html(cluster: dict[str, Any], *, open_first: bool = False) -> str:
    """One cluster of the report (an item of its ``clusters``) as the page shows it: a ``<section>``.

    The table lists every member; the :data:`MAX_DIFFS` least similar copies get a
    side-by-side view against the canonical (the first one unfolded if ``open_first``).

    >>> member = {"raw": "a.txt", "status": "canonical", "similarity": None, "containment": None, "words": 2,
    ...           "text": "Storm <b>warning</b>", "title": "Storm", "site": None, "author": None,
    ...           "published": None, "url": None}
    >>> copy = dict(member, raw="b.txt", status="duplicate", similarity=0.9, text="Storm <b>alert</b>")
    >>> section = cluster_html({"size": 2, "canonical": "a.txt", "members": [member, copy]}, open_first=True)
    >>> "<del>&lt;b&gt;warning&lt;/b&gt;</del>" in section, section.count("<details open>")
    (True, 1)
    """
    macro = _templates().get_template("cluster.html.j2").module.cluster_section  # type: ignore[attr-defined]
    return str(macro(cluster_view(cluster), open_first=open_first)).strip()


def cluster_view(cluster: dict[str, Any], *, context: int = 12) -> dict[str, Any]:
    """What the page shows of a cluster: ``size``, ``head`` (the canonical member), ``members``, ``copies``
    (the :data:`MAX_DIFFS` least similar, each ``{member, left, right}`` with :func:`diff_columns`'s pieces)
    and ``not_shown`` (how many copies have no side-by-side view).

    >>> view = cluster_view({"size": 2, "members": [{"raw": "a", "text": "x y", "similarity": None},
    ...                                             {"raw": "b", "text": "x z", "similarity": 0.5}]})
    >>> view["head"]["raw"], [(c["member"]["raw"], c["left"], c["right"]) for c in view["copies"]], view["not_shown"]
    ('a', [('b', [('=', 'x'), ('-', 'y')], [('=', 'x'), ('+', 'z')])], 0)
    """
    head, *others = cluster["members"]
    # The least similar copies first: they show best what differed.
    others.sort(key=lambda m: (m["similarity"] if m["similarity"] is not None else 1, m["raw"]))
    copies = []
    for member in others[:MAX_DIFFS]:
        left, right = diff_columns(head["text"], member["text"], context=context)
        copies.append({"member": member, "left": left, "right": right})
    return {"size": cluster["size"], "head": head, "members": cluster["members"], "copies": copies,
            "not_shown": max(0, len(others) - MAX_DIFFS)}


def diff_columns(left: str, right: str, *, context: int = 12) -> tuple[Pieces, Pieces]:
    """The two columns of a side-by-side view, canonical (``left``) and copy (``right``), as ``(kind, words)``.

    Words only on the left are ``"-"`` (struck), words only on the right ``"+"`` (marked),
    words in both ``"="`` on both sides; runs of common words are cut to ``context`` words
    each side of a change, the middle becoming a ``"…"`` remark (``⋯ N identical words ⋯``).
    Identical texts give a remark saying so on both sides.

    >>> left, right = diff_columns("a b c d e f g h i", "a b c d e f g h j", context=2)
    >>> left
    [('…', '⋯ 6 identical words ⋯'), ('=', 'g h'), ('-', 'i')]
    >>> right
    [('…', '⋯ 6 identical words ⋯'), ('=', 'g h'), ('+', 'j')]
    >>> diff_columns("Same text.", "Same  text.")[0]
    [('…', 'The texts are identical; only what the table above marks differs.')]
    """
    pieces = compare(left, right)
    if all(kind == "=" for kind, _ in pieces):
        note: Pieces = [("…", IDENTICAL)]
        return note, list(note)
    lhs: Pieces = []
    rhs: Pieces = []
    for n, (kind, text) in enumerate(pieces):
        if kind == "-":
            lhs.append((kind, text))
        elif kind == "+":
            rhs.append((kind, text))
        else:
            shown = fold(text, context, first=n == 0, last=n == len(pieces) - 1)
            lhs += shown
            rhs += shown
    return lhs, rhs


def fold(text: str, context: int, *, first: bool, last: bool) -> Pieces:
    """Common words between changes: ``context`` words kept next to each change, the rest one ``"…"`` remark.

    ``first``/``last``: the run opens/closes the text (no change before/after it, so
    nothing is kept on that side).  Runs that would hide 3 words or fewer stay whole.

    >>> fold("a b c d e f g h", 2, first=False, last=False)
    [('=', 'a b'), ('…', '⋯ 4 identical words ⋯'), ('=', 'g h')]
    >>> fold("a b c d e f g h", 2, first=True, last=False)
    [('…', '⋯ 6 identical words ⋯'), ('=', 'g h')]
    >>> fold("a b c", 1, first=False, last=False)
    [('=', 'a b c')]
    """
    words = text.split()
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    hidden = len(words) - len(head) - len(tail)
    if hidden <= 3:
        return [("=", text)]
    return [*([("=", " ".join(head))] if head else []), ("…", f"⋯ {hidden} identical words ⋯"),
            *([("=", " ".join(tail))] if tail else [])]


def write_report(clean_dir: str | os.PathLike[str], out: str | os.PathLike[str] | None = None, *,
                 data: dict[str, Any] | None = None, **options: Any) -> Path:
    """Write the report page of ``clean_dir`` atomically to ``out`` (default ``CLEAN_DIR/report.html``); its path.

    The one place ``report.html`` is written (the flow's report step and ``newsclean
    report`` call it).  ``data``: the report already built (:func:`build_report`'s dict);
    otherwise it is built here, with ``options`` (``top_clusters``, ``examples``, ``run``)
    passed on.  Charts are kept in :func:`chart_folder`.  Raises ``TypeError`` given both
    ``data`` and ``options``, :class:`~cleaners.views.cleandir.NotACleanDir` when no run
    has written to ``clean_dir``, and ``OSError`` when ``out`` cannot be written (it is
    then left as it was).

    >>> import tempfile, pathlib
    >>> from cleaners import run_pipeline
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "raw").mkdir(), (work / "raw" / "a.txt").write_text(
    ...     "Harbour reopens\\n\\nThe harbour reopened on Monday after repairs to the sea wall were finished early.")
    >>> _ = run_pipeline(work / "raw", work / "clean")
    >>> write_report(work / "clean").name
    'report.html'
    """
    if data is not None and options:
        raise TypeError(f"write_report: give the report's data or the options to build it, not both: {sorted(options)}")
    report = data if data is not None else build_report(clean_dir, **options)
    path = Path(out) if out is not None else Path(clean_dir) / REPORT_FILE
    page = to_html(report, chart_cache=chart_folder(clean_dir))
    atomic_write(path, [page.encode("utf-8")])
    return path


@functools.cache
def _templates() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"),
        autoescape=True,  # every template here is HTML
        undefined=jinja2.StrictUndefined,  # a key the page needs and the report lacks is an error, not a blank
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
    )
    env.filters.update(shorten=shorten, two_places=two_places)
    env.globals.update(fields=MEMBER_FIELDS, max_diffs=MAX_DIFFS)
    return env
