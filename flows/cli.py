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
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
import typer.core
from rich.console import Console
from rich.markup import escape

from cleaners.io.readers import MiB
from cleaners.settings import Resolved, Settings, bounds, help_text, resolve, shown, unit
from flows.output import KINDS, clean_files, plural, print_summary


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


app = typer.Typer(
    help="Clean, deduplicate and canonicalise scraped news: raw/ in, clean/ out.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="rich", cls=Group,
)


def _version(value: bool) -> None:
    if value:
        import importlib.metadata

        typer.echo(f"newsclean {importlib.metadata.version('newsclean')}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print newsclean's version and exit.")] = False,
) -> None:
    """Clean, deduplicate and canonicalise scraped news: raw/ in, clean/ out."""
# soft_wrap: a message is one line however narrow the terminal, and not cut at 80 columns in a pipe or a log.
err = Console(stderr=True, soft_wrap=True)


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


@app.command(cls=Command)
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
    progress: Annotated[bool, typer.Option(help="Show a progress bar (on by default on a terminal).", show_default=False)] = sys.stderr.isatty(),
    report: Annotated[bool, typer.Option(help="Write CLEAN_DIR/report.html at the end of the run.")] = True,
    summary_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Run the batches on a local Dask cluster of this many worker processes (default: a process pool over all cores).")] = None,
    dask_address: Annotated[Optional[str], typer.Option(help="Run the batches on an existing Dask cluster, e.g. tcp://scheduler:8786.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Write into CLEAN_DIR even if it is an existing folder of other files (newsclean never deletes them; it replaces manifest.jsonl and report.html).")] = False,
    rebuild_state: Annotated[bool, typer.Option("--rebuild-state", help="Move CLEAN_DIR's run state aside (state.db.corrupt-<time>, never deleted) and rebuild it from RAW_DIR, keeping the articles already written as newsclean's: the way out of a damaged state.")] = False,
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
    resolved = _settings(config, raw_dir=raw_dir, clean_dir=clean_dir, jaccard_threshold=jaccard_threshold,
                         containment_threshold=containment_threshold, lsh_threshold=lsh_threshold,
                         min_words=min_words, max_bytes=max_bytes, batch_size=batch_size, redis_url=redis_url,
                         fields=field or None, jaccard=jaccard, containment=containment, max_mb=max_mb, redis=redis)
    # The flow resolves the settings again (a deployment does too): it gets the flags only, and the same
    # config file, so that its log names each setting's true source, as `newsclean config` does.
    given = {k: v for k, v in resolved.settings.model_dump().items() if resolved.sources[k] == "command line"}
    config_env = {"NEWSCLEAN_CONFIG": str(Path(resolved.config_file).resolve())} if config and resolved.config_file else {}
    if "fields" in given:  # the flow parameter is the flags' own shape: FIELD=KEY strings
        given["fields"] = [f"{ours}={theirs}" for ours, theirs in resolved.settings.fields]
    settings = resolved.settings
    raw_dir, clean_dir = Path(settings.raw_dir), Path(settings.clean_dir)
    if raw_dir.is_file():
        _fail(f"RAW_DIR {raw_dir} is a file, not a folder: give the folder it is in "
              f"({raw_dir.parent}), or clean one file with `newsclean clean {raw_dir}`")
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
    if rebuild_state:
        from cleaners.corpus.rebuild import rebuild_state as rebuild

        done = rebuild(clean_dir)
        moved = f"moved the run state to {done.moved_to}" if done.moved_to else "no run state to move"
        err.print(f"newsclean: {moved}; {plural(done.articles, 'article file')} kept as newsclean's; "
                  f"rebuilding the state from {raw_dir}", soft_wrap=True)
    else:
        _check_state(clean_dir, refuse_busy=not wait)

    if settings.redis_url:
        from cleaners.dedup.index import IndexUnavailable, check_redis

        try:
            check_redis(settings.redis_url)
        except IndexUnavailable as exc:
            _fail(str(exc))

    if workers and dask_address:
        _fail("give either --workers (a local Dask cluster) or --dask-address (an existing one), not both")
    from flows import startup
    from flows.interrupt import ctrl_c_ends_the_run

    with ctrl_c_ends_the_run(clean_dir) as children:  # Ctrl-C stops the run at once and says what was kept
        server = startup.start_local_api()  # before importing Prefect: its start-up overlaps the imports
        children["server"] = server[1] if server else None

        from cleaners.corpus.lock import Busy
        from cleaners.corpus.plan import anything_to_clean
        from cleaners.corpus.store import DAMAGED, StateDamaged, damaged_message, state_path
        from flows import ahead, runners
        from flows.clean_news import for_cluster
        from unittest.mock import patch  # here, not at the top: `newsclean clean` does not pay for it (asyncio)

        try:
            local = not workers and not dask_address  # this machine's process pool, not Dask
            cleaning = local and _holds_a_file(raw_dir) and anything_to_clean(raw_dir, clean_dir, settings)
            if cleaning:  # (an unchanged re-run cleans nothing: no fork server)
                # The pool's fork server imports the cleaners (and flows.cli, each worker's main module) while the API
                # server starts. It and its workers ignore Ctrl-C (SIG_IGN is inherited through exec): the flow's
                # process alone handles it, by ending them (ctrl_c_ends_the_run).
                previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
                try:
                    runners.warm_up(extra=("flows.cli",))
                finally:
                    signal.signal(signal.SIGINT, previous)
            # One pool for the run, entered here: the first batches are cleaned on it while the server starts (flows.ahead)
            with runners.cpu_pool(runners.task_runner() if local else None) as pool, ahead.ahead_of_the_flow(
                    ahead.clean_ahead(pool, raw_dir, clean_dir, settings, pool.workers) if cleaning and pool else None):
                startup.preload()  # the flow call's own imports, while the server starts
                if server is not None:
                    startup.wait_for_api_server(*server)
                    startup.mark_db_ready()
                with startup.no_heartbeat(), patch.dict(os.environ, config_env):  # NEWSCLEAN_CONFIG: the flow's only
                    flow = for_cluster(workers, dask_address).with_options(flow_run_name=f"{raw_dir} → {clean_dir}")
                    summary = flow(**given, wait=wait, show_progress=progress, report=report)  # settings by name
        except (Busy, StateDamaged) as exc:
            _fail(str(exc))
        except sqlite3.DatabaseError as exc:  # damage quick_check did not see, met by a read during the run
            if getattr(exc, "sqlite_errorname", None) not in DAMAGED:
                raise
            _fail(damaged_message(state_path(clean_dir), str(exc)))
        except RuntimeError as exc:
            if server is None or "Prefect API server" not in str(exc):
                raise
            _fail(f"{exc}: set PREFECT_API_URL to a running `prefect server start`, or run again")
        except OSError as exc:
            _fail(f"the run could not complete: {exc}")
    if summary_json:
        typer.echo(json.dumps(summary, indent=2))
    else:
        print_summary(summary, clean_dir)
        if report:
            Console(soft_wrap=True).print(f"report: {clean_dir / 'report.html'}")


@app.command(cls=Command)
def clean(
    files: Annotated[list[Path], typer.Argument(help="Raw files: .html, .txt, .json, .jsonl, or gzipped (a .jsonl prints every record); - reads standard input (say what it is with --kind).", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print each article as one line of JSON (JSON lines: all fields, with what was removed).")] = False,
    explain: Annotated[bool, typer.Option(help="Print the article with every removed line shown and marked by its rule.")] = False,
    kind: Annotated[Optional[str], typer.Option(help="What standard input (-) holds: html, text, json or jsonl. [default: guessed from its first bytes]", show_default=False)] = None,
    state: Annotated[Optional[Path], typer.Option(help="A clean folder whose learned site templates to apply too (read only).", exists=True, file_okay=False)] = None,
    min_words: MinWords = None,
    max_bytes: MaxBytes = None,
    field: FieldMap = None,
    config: Config = None,
    max_mb: OldMaxMb = None,
) -> None:
    """Clean raw files (or standard input: -) and print the articles (text, or --json lines); no Prefect, nothing written.

    Exit 1 when no article came out and something was rejected; 2 for a file that cannot be read.
    """
    # The console script runs this command without typer, rich and pydantic when it can
    # (flows.clean_command): what this function does, it must do too.
    from flows.output import work_items

    if kind is not None and kind.lower() not in KINDS:
        _fail(f"unknown --kind {kind!r}: choose {', '.join(KINDS)}")
    settings = _settings(config, min_words=min_words, max_bytes=max_bytes, max_mb=max_mb, fields=field or None).settings
    try:
        items = work_items(files, kind and KINDS[kind.lower()], sys.stdin.buffer)
    except OSError as exc:
        _fail(str(exc))
    raise typer.Exit(clean_files(items, settings, as_json=as_json, explain=explain, state=state))


@app.command(cls=Command)
def serve(
    raw_dir: Annotated[Path, typer.Argument(help="Folder of raw scraped files (read recursively, never written).")] = Path("raw"),
    clean_dir: Annotated[Path, typer.Argument(help="Output folder: manifest.jsonl, articles/, and the run state.")] = Path("clean"),
    cron: Annotated[str, typer.Option(help="Cron schedule, e.g. '0 * * * *' for every hour.")] = "0 * * * *",
    name: Annotated[Optional[str], typer.Option(help="Deployment name. [default: from the schedule: newsclean-hourly, newsclean-daily, newsclean-every-15-minutes, ...]", show_default=False)] = None,
    timezone: Annotated[Optional[str], typer.Option(help="The time zone the cron schedule is read in, an IANA name such as Europe/Paris. [default: UTC]", show_default=False)] = None,
    port: Annotated[int, typer.Option(help="Port for the local Prefect server started when PREFECT_API_URL is not set.")] = 4200,
) -> None:
    """Serve the clean-news flow on a cron schedule (Ctrl-C stops it).

    Prefect cannot schedule on its temporary server: when PREFECT_API_URL is not
    set, a local `prefect server` is started for the duration and stopped after.
    """
    from flows.serve import serve_flow

    if timezone is not None:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            _fail(f"unknown --timezone {timezone!r}: give an IANA name such as Europe/Paris or America/New_York")
    serve_flow(str(raw_dir.resolve()), str(clean_dir.resolve()), cron=cron, name=name, port=port, timezone=timezone)


@app.command(cls=Command)
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
    _check_state(clean_dir)
    try:
        data = build_report(clean_dir, top_clusters=clusters)
    except NotACleanDir as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    try:
        path = write_report(clean_dir, output, data=data)
    except OSError as exc:
        target = output or clean_dir / "report.html"
        _fail(f"cannot write {target} ({exc.strerror or exc}): give another place with -o, "
              f"e.g. newsclean report {clean_dir} -o /tmp/report.html")
    err.print(f"{plural(data['documents'], 'document')}, {plural(data['articles'], 'canonical article')} "
              f"→ [bold]{escape(str(path))}[/bold]")


@app.command(cls=Command)
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
    _check_state(clean_dir)
    path = output or clean_dir / f"articles.{fmt}"
    try:
        rows = write_export(clean_dir, path, fmt=fmt, include_duplicates=include_duplicates)
    except NotACleanDir as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}")
    err.print(f"{plural(rows, 'row')} → [bold]{escape(str(path))}[/bold]")


@app.command(cls=Command)
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
    # Piped or redirected, rich would wrap the table at 80 columns: one line per setting instead
    # (a terminal, or COLUMNS, keeps rich's own width).
    out = Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 240)
    out.print(table)
    out.print(f"config file: {resolved.config_file or 'none (./newsclean.toml not found, NEWSCLEAN_CONFIG not set)'}")
    out.print("Order: flags > NEWSCLEAN_<SETTING> variables > newsclean.toml > defaults.")


def _check_state(clean_dir: Path, *, refuse_busy: bool = False) -> None:
    """Stop with one sentence (exit 2) when the clean dir's state is damaged, or (``refuse_busy``: a run that
    may not wait) another run holds it: before Prefect, before any work."""
    from cleaners.corpus.lock import busy
    from cleaners.corpus.store import state_problem

    if problem := state_problem(clean_dir) or (busy(clean_dir) if refuse_busy else None):
        _fail(problem)


def _holds_a_file(folder: Path) -> bool:
    """Whether there is any file under ``folder`` (stops at the first one)."""
    return any(files for _, _, files in os.walk(folder))


def _fail(message: str) -> None:
    err.print(f"[red]newsclean:[/red] {escape(message)}")
    raise typer.Exit(2)


def main() -> None:  # pragma: no cover - console script entry
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    if {"--help", "-h"} & set(sys.argv[1:]) and not sys.stdout.isatty():
        # Help piped (`newsclean run --help | less`): rich would cut its table cells at 80 columns ("…");
        # COLUMNS is rich's documented width variable, and the user's own value wins.
        os.environ.setdefault("COLUMNS", "160")
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
    from flows import startup

    for _, server in startup.STARTED:  # started by flows.startup.main before this handler was registered
        startup.stop_server(server)
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
