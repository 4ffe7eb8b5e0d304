"""What the ``newsclean`` commands print: articles, the run summary, counts with their nouns; and the
work items of ``newsclean clean`` (files, or standard input).

Rich consoles with ``soft_wrap``: a line is never cut at 80 columns when the output is a pipe or
a log (rich's width when it is not a terminal), and a terminal wraps it itself.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import typer
import typer.core
from rich.console import Console
from rich.markup import escape


def plural(n: int, noun: str) -> str:
    """``n`` and the noun, in the plural unless ``n`` is 1.

    >>> plural(1, "canonical article"), plural(2, "document"), plural(0, "row")
    ('1 canonical article', '2 documents', '0 rows')
    """
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def sniff_kind(head: bytes) -> str:
    """The extension to read standard input as, from its first bytes: ``<`` HTML, ``{`` on every one
    of the first lines JSON lines, ``{``/``[`` JSON, else text.

    >>> sniff_kind(b"  <!doctype html><p>x"), sniff_kind(b'{"a": 1}\\n{"a": 2}\\n'), sniff_kind(b'[{"a": 1}]')
    ('.html', '.jsonl', '.json')
    >>> sniff_kind(b"Storm closes port\\n\\nThe port closed.")
    '.txt'
    """
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return ".html"
    lines = [line.strip() for line in text.splitlines()[:5] if line.strip()]
    if len(lines) > 1 and all(line.startswith(b"{") for line in lines[:-1]):
        return ".jsonl"
    if text[:1] in (b"{", b"["):
        return ".json"
    return ".txt"


def work_items(files: list[Path], kind: str | None, stdin: BinaryIO) -> Iterator[tuple[object, str]]:
    """``(WorkItem, site)`` for each file of ``newsclean clean``; ``-`` is standard input, copied to a
    temporary file named ``stdin<ext>`` (``kind``: the extension, else :func:`sniff_kind`), which the
    readers read as they read any file.  Raises ``OSError`` at once (before any is read) naming a
    file that is missing or a folder."""
    for path in files:
        if str(path) != "-" and not path.exists():
            raise OSError(f"no such file: {path}")
        if str(path) != "-" and path.is_dir():
            raise OSError(f"{path} is a folder: `newsclean clean` takes files (for a folder: newsclean run)")
    return _items(files, kind, stdin)


def _items(files: list[Path], kind: str | None, stdin: BinaryIO) -> Iterator[tuple[object, str]]:
    from cleaners.io.readers import WorkItem

    for path in files:
        if str(path) == "-":
            data = stdin.read()
            ext = kind or sniff_kind(data[:4096])
            with tempfile.TemporaryDirectory(prefix="newsclean-stdin-") as folder:
                copy = Path(folder) / f"stdin{ext}"
                copy.write_bytes(data)
                yield WorkItem(copy.name, str(copy)), ""
            continue
        yield WorkItem(path.name, str(path)), path.resolve().parent.name


def print_summary(summary: dict, clean_dir: Path) -> None:
    """The run summary of ``newsclean run``: documents by status, one line of counts, then the
    records read that are not documents (WARC requests, metadata...), which get no manifest row.

    >>> import io, contextlib
    >>> buf = io.StringIO()
    >>> with contextlib.redirect_stdout(buf):
    ...     print_summary({"by_status": {"ok": 1}, "documents": 1, "processed_this_run": {"ok": 1},
    ...                    "unchanged_files": 0, "articles": 1, "seconds": 0.1,
    ...                    "not_documents": {"warc request": 2, "warc metadata": 1}}, Path("clean"))
    >>> buf.getvalue().splitlines()[-1]
    'not documents (no row): 2 warc request, 1 warc metadata'
    """
    from rich.table import Table

    table = Table(title=f"newsclean → {clean_dir}", show_header=True)
    table.add_column("")
    table.add_column("documents", justify="right")
    for status, count in summary["by_status"].items():
        table.add_row(status, str(count))
    table.add_row("total", str(summary["documents"]))
    out = Console(soft_wrap=True)
    out.print(table)
    processed = sum(summary["processed_this_run"].values())
    out.print(f"{processed:,} processed this run, {plural(summary['unchanged_files'], 'file')} unchanged; "
              f"{plural(summary['articles'], 'canonical article')}; {summary['seconds']} s in the flow.")
    skipped = summary.get("not_documents") or {}
    if skipped:
        out.print("not documents (no row): " + ", ".join(f"{n:,} {what}" for what, n in skipped.items()),
                  highlight=False)


def print_head(article: dict) -> Console:
    """An article's title and one line of metadata (input-derived strings escaped: no rich markup from a
    page); returns the console it printed on."""
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"[bold]{escape(article['title'] or '(no title)')}[/bold]", soft_wrap=True)
    meta = [f"{k}: {article[k]}" for k in ("author", "published", "site", "url", "language") if article.get(k)]
    if meta:
        out.print("[dim]" + escape(" · ".join(meta)) + "[/dim]", soft_wrap=True)
    return out


def print_article(article: dict) -> None:
    """Title, metadata, description, then the text (input-derived strings escaped: no rich markup from a page)."""
    out = print_head(article)
    if article.get("description"):
        out.print(f"[italic]{escape(article['description'])}[/italic]", soft_wrap=True)
    out.print()
    typer.echo(article["text"])


def print_explained(article: dict) -> None:
    """The article in reading order, every removed line struck through and marked by its rule."""
    from cleaners.boilerplate.templates import reading_order

    out = print_head(article)
    out.print()
    for line, entry in reading_order(article):
        if entry is None:
            out.print(line, soft_wrap=True, markup=False)
        else:
            where = f" → {entry['to']}" if entry.get("to") else ""
            out.print(f"[red]\\[{entry['rule']}{where}][/red] [strike]{escape(line)}[/strike]", soft_wrap=True)
    counts = Counter(entry["rule"] for entry in article["removed"])
    out.print()
    out.print(f"[bold]removed {plural(len(article['removed']), 'line')}[/bold]: "
              + ", ".join(f"{rule} {n}" for rule, n in counts.most_common()), soft_wrap=True)
    repairs = ", ".join(article["encoding"].get("repairs") or []) or "no repairs"
    out.print(f"[dim]encoding: {article['encoding'].get('detected')} ({repairs})[/dim]")


def _plain_flags(params: list) -> list:
    """On/off flags without a value type in ``--help`` (typer shows ``<bool>`` for them): an empty metavar."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class Command(typer.core.TyperCommand):
    """A ``newsclean`` command: its flags (``--json``, ``--force``, ``--help``) show no ``<bool>`` in ``--help``."""

    def get_params(self, ctx: object) -> list:
        return _plain_flags(super().get_params(ctx))


class Group(typer.core.TyperGroup):
    """The ``newsclean`` group, whose own flags (``--version``, ``--help``) show no ``<bool>`` either."""

    def get_params(self, ctx: object) -> list:
        return _plain_flags(super().get_params(ctx))


#: ``clean --kind`` → the file name extension standard input is read as.
KINDS = {"html": ".html", "text": ".txt", "json": ".json", "jsonl": ".jsonl"}


def with_learned(state: Path, article: dict, raw: str) -> dict:
    """The article with the site templates learned in the clean folder ``state`` applied (read only)."""
    from cleaners.corpus.site_templates import apply_learned
    from cleaners.corpus.store import Store

    try:
        with Store(state, readonly=True) as store:  # folder = site
            return apply_learned(store, article, raw)
    except FileNotFoundError:
        return article  # no run has written there: nothing learned
