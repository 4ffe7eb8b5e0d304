"""What a new user met on the command line (issue 15): several files and stdin for `clean`, JSON lines,
--version, one-line messages that say what is wrong, help without `<bool>`, plurals, serve's names."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaners import run_pipeline
from flows.cli import app

from ..helpers import PARAS, STORY, write_file

runner = CliRunner()
HTML = "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>" + \
       "".join(f"<p>{p}</p>" for p in PARAS) + "</article></body></html>"


def test_clean_takes_several_files(tmp_path: Path) -> None:
    write_file(tmp_path, "a/one.txt", "First headline\n\n" + STORY)
    write_file(tmp_path, "b/two.html", HTML)
    result = runner.invoke(app, ["clean", str(tmp_path / "a/one.txt"), str(tmp_path / "b/two.html"), "--json"])
    assert result.exit_code == 0, result.output
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["title"] for a in articles] == ["First headline", "Harbour reopens"]
    assert [a["site"] for a in articles] == ["a", "b"]
    assert [a["raw"] for a in articles] == ["one.txt", "two.html"]  # which line came from which file


@pytest.mark.parametrize(("kind", "data"), [("html", HTML), ("text", "Harbour reopens\n\n" + STORY),
                                            ("json", json.dumps({"title": "Harbour reopens", "text": STORY})),
                                            (None, HTML)])
def test_clean_reads_standard_input(kind: str | None, data: str) -> None:
    args = ["clean", "-", "--json"] + (["--kind", kind] if kind else [])
    result = runner.invoke(app, args, input=data)
    assert result.exit_code == 0, result.output
    (article,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert article["title"] == "Harbour reopens" and PARAS[0] in article["text"]


def test_clean_jsonl_json_prints_json_lines(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"title": f"Story {n}", "text": f"Story {n}. " + STORY}) + "\n"
                            for n in range(3)))
    result = runner.invoke(app, ["clean", str(feed), "--json"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and [json.loads(line)["title"] for line in lines] == ["Story 0", "Story 1", "Story 2"]
    assert [json.loads(line)["raw"] for line in lines] == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#3"]
    result = runner.invoke(app, ["clean", "-", "--kind", "jsonl", "--json"], input=feed.read_text())
    assert len(result.stdout.splitlines()) == 3


def test_clean_unknown_kind_and_missing_file_say_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["clean", "-", "--kind", "pdf"], input="x")
    assert result.exit_code == 2 and "unknown --kind 'pdf'" in result.output
    result = runner.invoke(app, ["clean", str(tmp_path / "nope.html")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_version() -> None:
    import importlib.metadata

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"newsclean {importlib.metadata.version('newsclean')}"


def test_run_on_a_file_says_it_is_a_file_in_one_unwrapped_line(tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "story.html"
    deep.parent.mkdir(parents=True)
    deep.write_text(HTML)
    result = runner.invoke(app, ["run", str(deep), str(tmp_path / "clean")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) > 80  # not wrapped at 80 columns (not a terminal here)
    assert "is a file, not a folder" in lines[0] and "raw folder not found" not in lines[0]


@pytest.mark.parametrize("command", [[], ["run"], ["clean"], ["report"], ["export"], ["serve"], ["config"]])
def test_help_shows_no_bool_type_on_flags(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "--help" in result.output
    assert "<bool>" not in result.output and "BOOLEAN" not in result.output


def test_help_piped_is_not_cut_at_80_columns() -> None:
    """The console script (its ``main``), output to a pipe: rich would cut the options' help with "…"."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    out = subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['newsclean', 'run', '--help']; "
                          "from flows.cli import main; main()"], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and "--rebuild-state" in out.stdout
    assert "…" not in out.stdout


@pytest.fixture(scope="module")
def one_article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("one")
    write_file(work / "raw", "site/a.txt", "Harbour reopens\n\n" + STORY)
    run_pipeline(work / "raw", work / "clean")
    return work / "clean"


def test_report_counts_are_singular_for_one(one_article: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(one_article), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "1 document, 1 canonical article →" in result.output


def test_report_that_cannot_be_written_says_so_in_one_line(one_article: Path) -> None:
    """A clean dir where report.html cannot be written (a read-only folder; as root, whom permissions do
    not stop, a folder in the way): one line naming the file and the way out, exit 2, no traceback."""
    target = one_article / "report.html"
    if os.geteuid() == 0:
        target.mkdir()
    else:
        one_article.chmod(0o555)
    try:
        result = runner.invoke(app, ["report", str(one_article)])
    finally:
        one_article.chmod(0o755)
        if target.is_dir():
            target.rmdir()
    assert result.exit_code == 2 and isinstance(result.exception, (SystemExit, type(None)))
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"cannot write {target}" in lines[0] and "-o" in lines[0], result.output


def test_serve_names_the_deployment_after_its_schedule_in_its_time_zone() -> None:
    from flows.serve import deployment

    daily = deployment("/data/raw", "/data/clean", cron="30 6 * * *", timezone="Europe/Paris")
    assert daily.name == "newsclean-daily"
    (schedule,) = daily.schedules
    assert schedule.schedule.cron == "30 6 * * *" and schedule.schedule.timezone == "Europe/Paris"
    assert deployment("/r", "/c", cron="*/10 * * * *").name == "newsclean-every-10-minutes"
    assert deployment("/r", "/c", cron="0 * * * *", name="mine").name == "mine"


def test_serve_refuses_an_unknown_time_zone() -> None:
    result = runner.invoke(app, ["serve", "raw", "clean", "--timezone", "Mars/Olympus_Mons"])
    assert result.exit_code == 2 and "unknown --timezone 'Mars/Olympus_Mons'" in result.output


def test_the_flow_gets_the_settings_with_their_true_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`run` hands the flow only the settings given as flags (and --config's file): the flow, resolving
    the rest itself, names the same source for each as `newsclean config` does."""
    import flows.clean_news
    from cleaners.settings import settings_from_parameters

    raw = tmp_path / "raw"
    raw.mkdir()  # empty: nothing to clean, no pool
    toml = tmp_path / "settings.toml"
    toml.write_text("jaccard_threshold = 0.7\n")
    seen: dict = {}

    class Flow:
        def with_options(self, **options):
            seen["options"] = options
            return self

        def __call__(self, **parameters):
            seen["parameters"] = parameters
            seen["sources"] = settings_from_parameters(
                **{k: v for k, v in parameters.items() if k not in ("wait", "show_progress", "report")}).sources
            raise OSError("stop here")

    monkeypatch.setattr(flows.clean_news, "for_cluster", lambda *args: Flow())
    monkeypatch.setenv("NEWSCLEAN_MIN_WORDS", "12")
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # no API server started for this
    result = runner.invoke(app, ["run", str(raw), str(tmp_path / "clean"), "--batch-size", "50",
                                 "--config", str(toml), "--no-progress"])
    assert "stop here" in result.output
    config = json.loads(runner.invoke(app, ["config", "--json", "--config", str(toml)]).stdout)
    sources = seen["sources"]
    assert sources["batch_size"] == "command line" and sources["raw_dir"] == "command line"
    assert sources["min_words"] == "NEWSCLEAN_MIN_WORDS" == config["sources"]["min_words"]
    assert sources["jaccard_threshold"] == str(toml.resolve()) and config["sources"]["jaccard_threshold"].endswith("settings.toml")
    assert sources["lsh_threshold"] == "default" == config["sources"]["lsh_threshold"]
    assert "NEWSCLEAN_CONFIG" not in os.environ  # set for the flow only
    assert seen["options"]["flow_run_name"] == f"{raw} → {tmp_path / 'clean'}"


def test_run_help_shows_no_default_for_the_progress_flag_that_depends_on_the_terminal() -> None:
    """Its default is whether stderr is a terminal; help read on a pipe said "[default: no-progress]"."""
    result = runner.invoke(app, ["run", "--help"], env={"COLUMNS": "200"})
    line = next(line for line in result.output.splitlines() if "--progress" in line)
    assert "on by default on a terminal" in line and "default: no-progress" not in line \
        and "default: progress" not in line
