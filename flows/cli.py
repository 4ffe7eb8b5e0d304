"""The ``newsclean`` command: ``run`` (the Prefect flow), ``clean`` (one file), ``serve`` (on a schedule),
``report`` (report.html), ``export`` (Parquet / JSON lines), ``config`` (the settings in effect).

Settings come from the flags, then ``NEWSCLEAN_*`` variables, then ``newsclean.toml``,
then the defaults (:mod:`cleaners.settings`); ``newsclean config`` shows the result.

Prefect is imported only by the commands that run the flow, so ``newsclean clean``
starts in a fraction of a second.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from cleaners.io.readers import MiB
from cleaners.settings import Resolved, Settings, bounds, help_text, resolve, shown, unit

app = typer.Typer(
    help="Clean, deduplicate and canonicalise scraped news: raw/ in, clean/ out.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="rich",
)
err = Console(stderr=True)


SETTINGS_PANEL = "Settings (also NEWSCLEAN_* variables, newsclean.toml)"


def _flag(name: str) -> str:
    """The command-line flag of a setting: ``jaccard_threshold`` → ``--jaccard-threshold``."""
    return "--" + name.replace("_", "-")


def _setting(name: str, *, ranged: bool = True, **extra: object) -> typer.models.OptionInfo:
    """The option for setting ``name``: its flag, help, default and range read from the Settings field."""
    low, high = bounds(name) if ranged else (None, None)
    extra.setdefault("metavar", "NUMBER")  # short: a wider column cuts --containment-threshold at 80 columns
    return typer.Option(_flag(name), min=low, max=high, show_default=False, help=help_text(name),
                        rich_help_panel=SETTINGS_PANEL, **extra)


# The old names of settings (newsclean 0.1's flags) → the setting each sets.  One name per setting now, the field's.
_RENAMED = {"jaccard": "jaccard_threshold", "containment": "containment_threshold", "max_mb": "max_bytes",
            "redis": "redis_url"}


def _renamed(old: str) -> typer.models.OptionInfo:
    """A setting's old flag: still read, hidden from --help, with a deprecation warning (:func:`_settings`)."""
    name = _RENAMED[old]
    low, high = bounds(name) if name != "max_bytes" else (None, None)  # --max-mb is in MB, not bytes
    return typer.Option(_flag(old), min=low, max=high, hidden=True, show_default=False)


RawDir = Annotated[Optional[Path], typer.Argument(help="Folder of raw scraped files (read recursively, never written). [default: raw, or the raw_dir setting]", show_default=False)]
CleanDir = Annotated[Optional[Path], typer.Argument(help="Output folder: manifest.jsonl, articles/, and the run state. [default: clean, or the clean_dir setting]", show_default=False)]
JaccardThreshold = Annotated[Optional[float], _setting("jaccard_threshold")]
ContainmentThreshold = Annotated[Optional[float], _setting("containment_threshold")]
LshThreshold = Annotated[Optional[float], _setting("lsh_threshold")]
MinWords = Annotated[Optional[int], _setting("min_words")]
MaxBytes = Annotated[Optional[str], _setting("max_bytes", ranged=False, metavar="SIZE")]  # "16 MB": checked by resolve
BatchSize = Annotated[Optional[int], _setting("batch_size")]
RedisUrl = Annotated[Optional[str], _setting("redis_url", ranged=False, metavar="URL")]
Config = Annotated[Optional[Path], typer.Option("--config", rich_help_panel=SETTINGS_PANEL, help="A newsclean.toml to read settings from (default: $NEWSCLEAN_CONFIG, else ./newsclean.toml if present).", dir_okay=False, show_default=False)]
OldJaccard = Annotated[Optional[float], _renamed("jaccard")]
OldContainment = Annotated[Optional[float], _renamed("containment")]
OldMaxMb = Annotated[Optional[float], _renamed("max_mb")]  # MB = 2**20 bytes
OldRedis = Annotated[Optional[str], _renamed("redis")]
FieldMap = Annotated[Optional[list[str]], typer.Option("--field", rich_help_panel=SETTINGS_PANEL, show_default=False, metavar="FIELD=KEY", help=help_text("fields") + " Repeat for each field.")]


def _settings(config: Path | None, **flags: object) -> Resolved:
    """Flags > NEWSCLEAN_* > newsclean.toml > defaults; a bad value stops the command with the reason.

    ``flags`` are settings by name, plus the old names in :data:`_RENAMED` (a warning each).
    """
    for old, name in _RENAMED.items():
        value = flags.pop(old, None)
        if value is None:
            continue
        err.print(f"[yellow]newsclean: warning:[/yellow] {_flag(old)} is deprecated, use {_flag(name)}")
        if flags.get(name) is not None:
            _fail(f"{_flag(old)} is the old name of {_flag(name)}: give {_flag(name)} only")
        flags[name] = int(float(value) * MiB) if old == "max_mb" else value  # type: ignore[arg-type]
    for key in ("raw_dir", "clean_dir"):
        if flags.get(key) is not None:
            flags[key] = str(flags[key])
    try:
        resolved = resolve(flags, config=config)
    except ValueError as exc:
        _fail(f"bad setting: {exc}")
    for warning in resolved.warnings:
        err.print(f"[yellow]newsclean: warning:[/yellow] {warning}")
    return resolved


@app.command()
def run(
    raw_dir: RawDir = None,
    clean_dir: CleanDir = None,
    jaccard_threshold: JaccardThreshold = None,
    containment_threshold: ContainmentThreshold = None,
    lsh_threshold: LshThreshold = None,
    min_words: MinWords = None,
    max_bytes: MaxBytes = None,
    batch_size: BatchSize = None,
    redis_url: RedisUrl = None,
    field: FieldMap = None,
    config: Config = None,
    wait: Annotated[float, typer.Option(min=0, help="If another run holds CLEAN_DIR, wait this many seconds for it (default: stop at once).")] = 0.0,
    progress: Annotated[bool, typer.Option(help="Show a progress bar (on by default on a terminal).")] = sys.stderr.isatty(),
    report: Annotated[bool, typer.Option(help="Write CLEAN_DIR/report.html at the end of the run.")] = True,
    summary_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Run the batches on a local Dask cluster of this many worker processes (default: a process pool over all cores).")] = None,
    dask_address: Annotated[Optional[str], typer.Option(help="Run the batches on an existing Dask cluster, e.g. tcp://scheduler:8786.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Write into CLEAN_DIR even if it is an existing folder of other files (newsclean never deletes them; it replaces manifest.jsonl and report.html).")] = False,
    jaccard: OldJaccard = None,
    containment: OldContainment = None,
    max_mb: OldMaxMb = None,
    redis: OldRedis = None,
) -> None:
    """Run the clean-news Prefect flow over RAW_DIR into CLEAN_DIR (incremental: unchanged files are skipped).

    Exit 0 when the run completed, even if some inputs were rejected (see the manifest); 2 when it
    could not run, or must not: CLEAN_DIR equal to RAW_DIR or inside it, or an existing folder of
    other files (unless --force).
    """
    settings = _settings(config, raw_dir=raw_dir, clean_dir=clean_dir, jaccard_threshold=jaccard_threshold,
                         containment_threshold=containment_threshold, lsh_threshold=lsh_threshold,
                         min_words=min_words, max_bytes=max_bytes, batch_size=batch_size, redis_url=redis_url,
                         fields=field or None, jaccard=jaccard, containment=containment, max_mb=max_mb, redis=redis).settings
    raw_dir, clean_dir = Path(settings.raw_dir), Path(settings.clean_dir)
    if not raw_dir.is_dir():
        _fail(f"raw folder not found: {raw_dir}")
    from cleaners.corpus.folders import folder_problem

    if problem := folder_problem(raw_dir, clean_dir, force=force):  # before anything is written
        _fail(problem)
    try:
        clean_dir.mkdir(parents=True, exist_ok=True)
        probe = clean_dir / ".newsclean-write-test"
        probe.write_bytes(b"")
        probe.unlink()
        if force:  # the folder is a clean dir from now on (the flow's own check sees its state folder)
            (clean_dir / ".newsclean").mkdir(exist_ok=True)
    except OSError as exc:
        _fail(f"cannot write to the clean folder {clean_dir}: {exc.strerror or exc}")

    if settings.redis_url:
        from cleaners.dedup.index import IndexUnavailable, check_redis

        try:
            check_redis(settings.redis_url)
        except IndexUnavailable as exc:
            _fail(str(exc))

    if workers and dask_address:
        _fail("give either --workers (a local Dask cluster) or --dask-address (an existing one), not both")
    from flows import startup

    server = startup.start_local_api()  # before importing Prefect: its start-up overlaps the imports

    from cleaners.corpus.lock import Busy
    from flows import runners
    from flows.clean_news import for_cluster

    try:
        if not workers and not dask_address and _holds_a_file(raw_dir):
            # The process pool's fork server imports the cleaners while Prefect's API server starts
            # (flows.cli too: each worker runs this command's script again as its main module).
            runners.warm_up(extra=("flows.cli",))
        if server is not None:
            startup.wait_for_api_server(*server)
            startup.mark_db_ready()
        with startup.no_heartbeat():
            summary = for_cluster(workers, dask_address)(  # every setting, by its name
                **settings.model_dump(exclude={"raw_dir", "clean_dir", "fields"}), raw_dir=str(raw_dir),
                fields=[f"{ours}={theirs}" for ours, theirs in settings.fields] or None,
                clean_dir=str(clean_dir), wait=wait, show_progress=progress, report=report,
            )
    except Busy as exc:
        _fail(str(exc))
    except RuntimeError as exc:
        if server is None or "Prefect API server" not in str(exc):
            raise
        _fail(f"{exc}: set PREFECT_API_URL to a running `prefect server start`, or run again")
    except OSError as exc:
        _fail(f"the run could not complete: {exc}")
    if summary_json:
        typer.echo(json.dumps(summary, indent=2))
    else:
        _print_summary(summary, clean_dir)
        if report:
            Console().print(f"report: {clean_dir / 'report.html'}")


@app.command()
def clean(
    file: Annotated[Path, typer.Argument(help="A raw file: .html, .txt, .json, or gzipped (a .jsonl prints every record).", exists=True, dir_okay=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the article as JSON (all fields, with what was removed).")] = False,
    explain: Annotated[bool, typer.Option(help="Print the article with every removed line shown and marked by its rule.")] = False,
    state: Annotated[Optional[Path], typer.Option(help="A clean folder whose learned site templates to apply too (read only).", exists=True, file_okay=False)] = None,
    min_words: MinWords = None,
    max_bytes: MaxBytes = None,
    field: FieldMap = None,
    config: Config = None,
    max_mb: OldMaxMb = None,
) -> None:
    """Clean one raw file and print the article (text, or --json); no Prefect, nothing written."""
    from cleaners.article import Rejection
    from cleaners.document import clean_raw
    from cleaners.io.readers import WorkItem, read_item

    settings = _settings(config, min_words=min_words, max_bytes=max_bytes, max_mb=max_mb, fields=field or None).settings
    docs = [doc for doc in read_item(WorkItem(file.name, str(file)), max_bytes=settings.max_bytes,
                                     fields=settings.fields) if not doc.skip]
    failed = False
    for doc in docs:
        outcome = clean_raw(doc, settings, file.resolve().parent.name)
        if isinstance(outcome, Rejection):
            failed = True
            err.print(f"[red]{escape(doc.raw)}: {outcome.status}[/red] ({outcome.code}): {escape(outcome.message)}")
            continue
        article = outcome.to_dict()
        if state is not None:
            from cleaners.corpus.site_templates import apply_learned
            from cleaners.corpus.store import Store

            try:
                with Store(state, readonly=True) as store:  # folder = site
                    article = apply_learned(store, article, f"{file.resolve().parent.name}/{doc.raw}")
            except FileNotFoundError:
                pass  # no run has written there: nothing learned
        if as_json:
            typer.echo(json.dumps(article, ensure_ascii=False, indent=2))
        elif explain:
            _print_explained(article)
        else:
            _print_article(article)
    raise typer.Exit(1 if failed and len(docs) == 1 else 0)


@app.command()
def serve(
    raw_dir: Annotated[Path, typer.Argument(help="Folder of raw scraped files (read recursively, never written).")] = Path("raw"),
    clean_dir: Annotated[Path, typer.Argument(help="Output folder: manifest.jsonl, articles/, and the run state.")] = Path("clean"),
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


@app.command()
def report(
    clean_dir: CleanDir = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write the page. [default: CLEAN_DIR/report.html]", dir_okay=False, show_default=False)] = None,
    clusters: Annotated[int, typer.Option(min=0, help="How many of the biggest duplicate clusters to show side by side.")] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report's data as JSON instead of writing the page.")] = False,
    config: Config = None,
) -> None:
    """Write a self-contained report.html of CLEAN_DIR: counts by status, rejection reasons, removals by rule,
    the biggest duplicate clusters side by side, charts.  Reads the clean dir only; safe during a run."""
    from cleaners.views.cleandir import NotACleanDir
    from cleaners.views.report import build_report, write_report

    clean_dir = Path(_settings(config, clean_dir=clean_dir).settings.clean_dir)
    try:
        data = build_report(clean_dir, top_clusters=clusters)
    except NotACleanDir as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    path = write_report(clean_dir, output, data=data)
    err.print(f"{data['documents']} documents, {data['articles']} canonical articles → [bold]{path}[/bold]")


@app.command()
def export(
    clean_dir: CleanDir = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet (pandas, DuckDB, Hugging Face datasets) or jsonl.", case_sensitive=False)] = "parquet",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="The file to write. [default: CLEAN_DIR/articles.parquet or .jsonl]", dir_okay=False, show_default=False)] = None,
    include_duplicates: Annotated[bool, typer.Option("--include-duplicates", help="Also a row per duplicate (its own text), with status, canonical_id, similarity.")] = False,
    config: Config = None,
) -> None:
    """Export CLEAN_DIR's articles as one Parquet or JSON-lines file (a row per canonical article)."""
    from cleaners.views.cleandir import NotACleanDir
    from cleaners.views.export import FORMATS
    from cleaners.views.export import export as write_export

    fmt = fmt.lower()
    if fmt not in FORMATS:
        _fail(f"unknown --format {fmt!r}: choose {' or '.join(FORMATS)}")
    clean_dir = Path(_settings(config, clean_dir=clean_dir).settings.clean_dir)
    path = output or clean_dir / f"articles.{fmt}"
    try:
        rows = write_export(clean_dir, path, fmt=fmt, include_duplicates=include_duplicates)
    except NotACleanDir as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}")
    err.print(f"{rows} rows → [bold]{path}[/bold]")


@app.command()
def config(
    config: Config = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the settings as JSON.")] = False,
) -> None:
    """Show the settings in effect and where each comes from (flag, NEWSCLEAN_* variable, newsclean.toml, default)."""
    resolved = _settings(config)
    values = resolved.settings.model_dump()  # sizes as plain numbers of bytes
    if as_json:
        typer.echo(json.dumps({"settings": values, "sources": resolved.sources,
                               "config_file": resolved.config_file}, indent=2))
        return
    from rich.table import Table

    table = Table(title="newsclean settings", show_header=True)
    for column in ("setting", "value", "unit", "from", "meaning"):
        table.add_column(column)
    for name, value in values.items():
        text = f"{value} ({shown(name, value)})" if name == "max_bytes" else str(value)
        table.add_row(name, text, unit(name), resolved.sources[name], Settings.model_fields[name].description)
    out = Console()
    out.print(table)
    out.print(f"config file: {resolved.config_file or 'none (./newsclean.toml not found, NEWSCLEAN_CONFIG not set)'}")
    out.print("Order: flags > NEWSCLEAN_<SETTING> variables > newsclean.toml > defaults.")


def _holds_a_file(folder: Path) -> bool:
    """Whether there is any file under ``folder`` (stops at the first one)."""
    for _, _, files in os.walk(folder):
        if files:
            return True
    return False


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
    """The article in reading order, every removed line struck through and marked by its rule."""
    from cleaners.boilerplate.templates import reading_order

    out = Console(highlight=False)
    out.print(f"[bold]{article['title'] or '(no title)'}[/bold]", soft_wrap=True)
    meta = [f"{k}: {article[k]}" for k in ("author", "published", "site", "url", "language") if article.get(k)]
    if meta:
        out.print("[dim]" + " · ".join(meta) + "[/dim]", soft_wrap=True)
    out.print()
    for line, entry in reading_order(article):
        if entry is None:
            out.print(line, soft_wrap=True, markup=False)
        else:
            where = f" → {entry['to']}" if entry.get("to") else ""
            out.print(f"[red]\\[{entry['rule']}{where}][/red] [strike]{escape(line)}[/strike]", soft_wrap=True)
    counts = Counter(entry["rule"] for entry in article["removed"])
    out.print()
    out.print(f"[bold]removed {len(article['removed'])} lines[/bold]: "
              + ", ".join(f"{rule} {n}" for rule, n in counts.most_common()), soft_wrap=True)
    repairs = ", ".join(article["encoding"].get("repairs") or []) or "no repairs"
    out.print(f"[dim]encoding: {article['encoding'].get('detected')} ({repairs})[/dim]")


def main() -> None:  # pragma: no cover - console script entry
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    outcome: dict[str, object] = {"code": 1}  # an exception that escapes app() exits 1
    atexit.register(_exit_now, outcome)  # registered first, so it runs last
    try:
        app()
        outcome["code"] = 0
    except SystemExit as exc:
        outcome["code"] = exc.code
        raise


def _exit_now(outcome: dict[str, object]) -> None:
    """The last ``atexit`` handler of a command that ran the flow: end the process without tearing
    the interpreter down object by object.

    Prefect, its server client and the cleaners leave a large heap: the interpreter's final
    clean-up took 0.75 s after every ``newsclean run`` (measured, empty folder).  Everything that
    must happen at exit has happened when this runs: Prefect's log and event workers were drained
    (``threading``'s exit hooks run before ``atexit``), and every other ``atexit`` handler ran
    before this one (they run last registered first, and :func:`main` registers this one before
    anything else is imported: they stop the API server, the process pool and its helpers).  So
    it flushes the output and ends with the command's exit code (``os._exit``).  Commands that
    did not import Prefect exit as usual.
    """
    if "prefect" not in sys.modules:
        return
    code = outcome.get("code")
    if code is None:
        code = 0
    elif not isinstance(code, int):  # SystemExit("message"): Python printed it already
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
