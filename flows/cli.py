"""The ``newsclean`` command: ``run`` (the Prefect flow), ``clean`` (one file), ``serve`` (on a schedule).

Prefect is imported only by the commands that run the flow, so ``newsclean clean``
starts in a fraction of a second.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from cleaners.readers import MiB
from cleaners.settings import Settings

app = typer.Typer(
    help="Clean, deduplicate and canonicalise scraped news: raw/ in, clean/ out.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="rich",
)
err = Console(stderr=True)

RawDir = Annotated[Path, typer.Argument(help="Folder of raw scraped files (read recursively, never written).")]
CleanDir = Annotated[Path, typer.Argument(help="Output folder: manifest.jsonl, articles/, and the run state.")]
Jaccard = Annotated[float, typer.Option(min=0.0, max=1.0, help="Verified word-shingle Jaccard at which two documents are copies.")]
Containment = Annotated[float, typer.Option(min=0.0, max=1.0, help="Or: share of the shorter document's shingles found in the longer (trimmed copies).")]
LshThreshold = Annotated[float, typer.Option(min=0.05, max=1.0, help="Estimated Jaccard at which MinHash LSH proposes a pair for verification.")]
MinWords = Annotated[int, typer.Option(min=0, help="Reject an article with fewer words of text than this after stripping.")]
MaxMb = Annotated[float, typer.Option(min=0.001, help="Largest document accepted, in MB (decompressed); larger ones are rejected with a reason.")]
BatchSize = Annotated[int, typer.Option(min=1, help="Documents per parallel task.")]


@app.command()
def run(
    raw_dir: RawDir = Path("raw"),
    clean_dir: CleanDir = Path("clean"),
    jaccard: Jaccard = Settings.jaccard_threshold,
    containment: Containment = Settings.containment_threshold,
    lsh_threshold: LshThreshold = Settings.lsh_threshold,
    min_words: MinWords = Settings.min_words,
    max_mb: MaxMb = Settings.max_bytes / MiB,
    batch_size: BatchSize = Settings.batch_size,
    wait: Annotated[float, typer.Option(min=0, help="If another run holds CLEAN_DIR, wait this many seconds for it (default: stop at once).")] = 0.0,
    progress: Annotated[bool, typer.Option(help="Show a progress bar (on by default on a terminal).")] = sys.stderr.isatty(),
    summary_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Run the batches on a local Dask cluster of this many worker processes (default: a process pool over all cores).")] = None,
    dask_address: Annotated[Optional[str], typer.Option(help="Run the batches on an existing Dask cluster, e.g. tcp://scheduler:8786.")] = None,
) -> None:
    """Run the clean-news Prefect flow over RAW_DIR into CLEAN_DIR (incremental: unchanged files are skipped).

    Exit 0 when the run completed, even if some inputs were rejected (see the manifest).
    """
    if not raw_dir.is_dir():
        _fail(f"raw folder not found: {raw_dir}")
    try:
        clean_dir.mkdir(parents=True, exist_ok=True)
        probe = clean_dir / ".newsclean-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        _fail(f"cannot write to the clean folder {clean_dir}: {exc.strerror or exc}")

    if workers and dask_address:
        _fail("give either --workers (a local Dask cluster) or --dask-address (an existing one), not both")
    from cleaners.state import Busy
    from flows.clean_news import for_cluster

    try:
        summary = for_cluster(workers, dask_address)(
            raw_dir=str(raw_dir), clean_dir=str(clean_dir), jaccard_threshold=jaccard,
            containment_threshold=containment, lsh_threshold=lsh_threshold, min_words=min_words,
            max_mb=max_mb, batch_size=batch_size, wait=wait, show_progress=progress,
        )
    except Busy as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"the run could not complete: {exc}")
    if summary_json:
        typer.echo(json.dumps(summary, indent=2))
    else:
        _print_summary(summary, clean_dir)


@app.command()
def clean(
    file: Annotated[Path, typer.Argument(help="A raw file: .html, .txt, .json, or gzipped (a .jsonl prints every record).", exists=True, dir_okay=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the article as JSON (all fields, with what was removed).")] = False,
    explain: Annotated[bool, typer.Option(help="Print the article with every removed line shown and marked by its rule.")] = False,
    min_words: MinWords = Settings.min_words,
    max_mb: MaxMb = Settings.max_bytes / MiB,
) -> None:
    """Clean one raw file and print the article (text, or --json); no Prefect, nothing written."""
    from cleaners.pipeline import process_items
    from cleaners.readers import WorkItem

    settings = Settings(min_words=min_words, max_bytes=int(max_mb * MiB))
    rows = process_items([WorkItem(file.name, str(file))], settings)
    failed = False
    for row in rows:
        if row["status"] != "ok":
            failed = True
            err.print(f"[red]{row['raw']}: {row['status']}[/red]: {row['reason']}")
            continue
        article = row["article"]
        if as_json:
            typer.echo(json.dumps(article, ensure_ascii=False, indent=2))
        elif explain:
            _print_explained(article)
        else:
            _print_article(article)
    raise typer.Exit(1 if failed and len(rows) == 1 else 0)


@app.command()
def serve(
    raw_dir: RawDir = Path("raw"),
    clean_dir: CleanDir = Path("clean"),
    cron: Annotated[str, typer.Option(help="Cron schedule, e.g. '0 * * * *' for every hour.")] = "0 * * * *",
    name: Annotated[str, typer.Option(help="Deployment name.")] = "newsclean-hourly",
    port: Annotated[int, typer.Option(help="Port for the local Prefect server started when PREFECT_API_URL is not set.")] = 4200,
) -> None:
    """Serve the clean-news flow on a cron schedule (Ctrl-C stops it).

    Prefect cannot schedule on its temporary server: when PREFECT_API_URL is not
    set, a local `prefect server` is started for the duration and stopped after.
    """
    from flows.serve import serve_flow

    serve_flow(str(raw_dir.resolve()), str(clean_dir.resolve()), cron=cron, name=name, port=port)


def _fail(message: str) -> None:
    err.print(f"[red]newsclean:[/red] {message}")
    raise typer.Exit(2)


def _print_summary(summary: dict, clean_dir: Path) -> None:
    from rich.table import Table

    table = Table(title=f"newsclean → {clean_dir}", show_header=True)
    table.add_column("")
    table.add_column("documents", justify="right")
    for status, count in summary["by_status"].items():
        table.add_row(status, str(count))
    table.add_row("total", str(summary["documents"]))
    out = Console()
    out.print(table)
    processed = sum(summary["processed_this_run"].values())
    out.print(f"{processed} processed this run, {summary['unchanged_files']} files unchanged; "
              f"{summary['articles']} canonical articles; {summary['seconds']} s in the flow.")


def _print_article(article: dict) -> None:
    out = Console(highlight=False)
    out.print(f"[bold]{article['title'] or '(no title)'}[/bold]", soft_wrap=True)
    meta = [f"{k}: {article[k]}" for k in ("author", "published", "site", "url", "language") if article.get(k)]
    if meta:
        out.print("[dim]" + " · ".join(meta) + "[/dim]", soft_wrap=True)
    if article.get("description"):
        out.print(f"[italic]{article['description']}[/italic]", soft_wrap=True)
    out.print()
    typer.echo(article["text"])


def _print_explained(article: dict) -> None:
    """The article, then every removed line (in reading order) marked by the rule that removed it."""
    out = Console(highlight=False)
    _print_article(article)
    out.print()
    out.print(f"[bold]removed ({len(article['removed'])} lines)[/bold]")
    for entry in article["removed"]:
        where = f" → {entry['to']}" if entry.get("to") else ""
        out.print(f"[red]\\[{entry['rule']}{where}][/red] [strike]{entry['text']}[/strike]", soft_wrap=True)
    repairs = ", ".join(article["encoding"].get("repairs") or []) or "no repairs"
    out.print(f"[dim]encoding: {article['encoding'].get('detected')} ({repairs})[/dim]")


def main() -> None:  # pragma: no cover - console script entry
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
