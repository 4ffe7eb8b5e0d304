"""What the ``newsclean`` commands print: articles, the run summary, counts with their nouns; and the
work items of ``newsclean clean`` (files, or standard input) and its loop (:func:`clean_files`).

Rich consoles with ``soft_wrap``: a line is never cut at 80 columns when the output is a pipe or
a log (rich's width when it is not a terminal), and a terminal wraps it itself.  Rich is imported
by the functions that print with it, and typer not at all: ``newsclean clean`` runs this module
without the command-line library (:mod:`flows.clean_command`; README "Start-up").
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from rich.console import Console


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


def clean_files(items: Iterable[tuple[Any, str]], settings: Any, *, as_json: bool = False, explain: bool = False,
                state: Path | None = None, after_first: Callable[[], object] | None = None) -> int:
    """The loop of ``newsclean clean``: every document of ``items`` (:func:`work_items`) cleaned and printed
    (text, ``--json`` lines — the article's fields after ``raw``, the document's name as the manifest gives
    it — or ``--explain``), each rejection said on standard error; returns the exit code:
    1 when no article came out and something was rejected, else 0.

    ``settings`` is a :class:`~cleaners.settings.Settings`, or any object with its ``max_bytes``,
    ``fields`` and ``min_words`` (:class:`flows.clean_command.QuickSettings`: the command without pydantic).
    ``state``: a clean folder whose learned site templates are applied too (:func:`with_learned`).
    ``after_first`` is called once, before the second document: the first one (cleaned and printed,
    or rejected) ended the command's start-up, the imports it needed included.
    """
    import json

    from cleaners.article import Rejection
    from cleaners.document import clean_raw
    from cleaners.io.readers import read_item

    err = None
    printed = failed = 0
    for item, site in items:
        for doc in read_item(item, max_bytes=settings.max_bytes, fields=settings.fields):
            if doc.skip:  # a WARC request or metadata record: not a document
                continue
            if after_first is not None and (printed or failed):
                after_first()  # the first document is done, and with it the start-up (its imports)
                after_first = None
            outcome = clean_raw(doc, settings, site)
            if isinstance(outcome, Rejection):
                failed += 1
                if err is None:
                    from rich.console import Console
                    from rich.markup import escape

                    # soft_wrap: a message is one line however narrow the terminal, and not cut at 80 columns
                    err = Console(stderr=True, soft_wrap=True)
                err.print(f"[red]{escape(doc.raw)}: {outcome.status}[/red] ({outcome.code}): {escape(outcome.message)}")
                continue
            article = outcome.to_dict()
            if state is not None:
                article = with_learned(state, article, f"{site}/{doc.raw}")
            printed += 1
            if as_json:  # JSON lines: one compact object per line, whatever the number of articles, each
                # led by the document it came from as the manifest names it (file name, "#N" for a record)
                echo(json.dumps({"raw": doc.raw, **article}, ensure_ascii=False))
            elif explain:
                print_explained(article)
            else:
                print_article(article)
    return 1 if failed and not printed else 0


# ANSI colour and style codes, as click matches them (its ``strip_ansi``), for :func:`echo`.
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def echo(text: str) -> None:
    """``text`` and a newline on standard output, flushed: what ``typer.echo`` (click's ``echo``, whose
    documentation lists these steps) does with a string on a POSIX system, without importing typer
    (0.1 s of CPU): ANSI colour and style codes are removed when the output is not a terminal.

    >>> import io, contextlib
    >>> buf = io.StringIO()
    >>> with contextlib.redirect_stdout(buf):
    ...     echo("\x1b[1mStorm\x1b[0m closes port")
    >>> buf.getvalue()
    'Storm closes port\\n'
    """
    out = sys.stdout
    line = text + "\n"
    try:
        terminal = out.isatty()
    except Exception:  # noqa: BLE001 - as click: a stream that cannot say is not a terminal
        terminal = False
    if not terminal:
        line = _ANSI.sub("", line)
    out.write(line)
    out.flush()


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
    from rich.console import Console
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
    unreadable = summary.get("unreadable_entries") or 0
    again = f" ({unreadable:,} of them entries that cannot be read, rejected again every run)" if unreadable else ""
    out.print(f"{processed:,} processed this run{again}, {plural(summary['unchanged_files'], 'file')} unchanged; "
              f"{plural(summary['articles'], 'canonical article')}; {summary['seconds']} s in the flow.")
    skipped = summary.get("not_documents") or {}
    if skipped:
        out.print("not documents (no row): " + ", ".join(f"{n:,} {what}" for what, n in skipped.items()),
                  highlight=False)


def print_head(article: dict) -> Console:
    """An article's title and one line of metadata (input-derived strings escaped: no rich markup from a
    page); returns the console it printed on."""
    from rich.console import Console
    from rich.markup import escape

    out = Console(highlight=False, soft_wrap=True)
    out.print(f"[bold]{escape(article['title'] or '(no title)')}[/bold]", soft_wrap=True)
    meta = [f"{k}: {article[k]}" for k in ("author", "published", "site", "url", "language") if article.get(k)]
    if meta:
        out.print("[dim]" + escape(" · ".join(meta)) + "[/dim]", soft_wrap=True)
    return out


def styled_output(environ: dict[str, str] | None = None, stream: Any = None) -> bool:
    """Whether rich styles what it prints on ``stream`` (default standard output), by the rules of
    rich's ``Console.is_terminal`` (rich 13-15, documented at https://force-color.org/ and in rich's
    "Environment variables"): ``TTY_COMPATIBLE`` 0 or 1 decides, then a non-empty ``FORCE_COLOR``,
    then the stream's ``isatty()``.

    >>> styled_output({"TTY_COMPATIBLE": "1"}), styled_output({"FORCE_COLOR": ""}), styled_output({})
    (True, False, False)
    """
    import os

    env = os.environ if environ is None else environ
    if env.get("TTY_COMPATIBLE") in ("0", "1"):
        return env["TTY_COMPATIBLE"] == "1"
    if env.get("FORCE_COLOR") is not None:
        return env["FORCE_COLOR"] != ""
    try:
        return bool((stream or sys.stdout).isatty())
    except (AttributeError, ValueError):
        return False


def print_article(article: dict) -> None:
    """Title, metadata, description, then the text (input-derived strings escaped: no rich markup from a page).

    Where rich would not style them (a pipe, a file: :func:`styled_output`), the lines are written as
    they are, without importing rich (~0.03 s of ``newsclean clean PAGE``'s start-up): the same
    lines rich prints there, except that an emoji code in a page's text (``:fire:``) stays as written
    instead of becoming rich's emoji.
    """
    if not styled_output():
        meta = [f"{k}: {article[k]}" for k in ("author", "published", "site", "url", "language") if article.get(k)]
        lines = [article["title"] or "(no title)", *([" · ".join(meta)] if meta else []),
                 *([article["description"]] if article.get("description") else []), "", article["text"]]
        echo("\n".join(lines))
        return
    from rich.markup import escape

    out = print_head(article)
    if article.get("description"):
        out.print(f"[italic]{escape(article['description'])}[/italic]", soft_wrap=True)
    out.print()
    echo(article["text"])


def print_explained(article: dict) -> None:
    """The article in reading order, every removed line struck through and marked by its rule."""
    from rich.markup import escape

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
