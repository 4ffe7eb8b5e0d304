"""The newsclean command: clean, run, serve, --help."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app

from ..helpers import RAW_SAMPLES
from ..helpers import read_manifest

runner = CliRunner()
SAMPLE = RAW_SAMPLES / "harbourgazette" / "ferry-fares-rise-skerry-isle.txt"


@pytest.mark.parametrize("command", [[], ["run"], ["clean"], ["serve"]])
def test_help_explains_every_command_and_option(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    if command == ["run"]:
        for option in ("--jaccard", "--containment", "--min-words", "--max-bytes", "--wait", "--progress"):
            assert option in result.output
    if command == ["clean"]:
        assert "--json" in result.output and "--explain" in result.output
    if command == ["serve"]:
        assert "--cron" in result.output


def test_clean_prints_the_article_text() -> None:
    result = runner.invoke(app, ["clean", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    first_line = SAMPLE.read_text().splitlines()[0]
    assert "Skerry" in result.output and "Follow" not in result.output.split("\n\n", 2)[-1][:50]
    assert first_line not in result.output.splitlines()[1:]


def test_clean_json_has_the_article_fields() -> None:
    result = runner.invoke(app, ["clean", str(SAMPLE), "--json"])
    article = json.loads(result.output)
    assert {"id", "title", "text", "removed", "encoding"} <= set(article)
    assert article["removed"] and all(r["rule"] for r in article["removed"])


def test_clean_explain_marks_removed_lines_by_rule() -> None:
    result = runner.invoke(app, ["clean", str(SAMPLE), "--explain"])
    assert result.exit_code == 0
    assert "[repeated-headline]" in result.output and "[prev-next-navigation]" in result.output


def test_clean_a_bad_file_says_why_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "x.html"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    result = runner.invoke(app, ["clean", str(bad)])
    assert result.exit_code == 1 and "PNG image" in result.output


def test_clean_does_not_import_prefect() -> None:
    import subprocess
    import sys

    code = ("import sys; from typer.testing import CliRunner; from flows.cli import app; "
            f"CliRunner().invoke(app, ['clean', {str(SAMPLE)!r}]); print('prefect' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_run_fails_clearly_when_clean_dir_is_not_writable(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        clean = Path("/proc/newsclean-cannot-write-here")
    else:
        clean = tmp_path / "ro"
        clean.mkdir(mode=0o500)
    result = runner.invoke(app, ["run", str(RAW_SAMPLES), str(clean)])
    assert result.exit_code == 2 and "cannot write to the clean folder" in result.output


def test_run_fails_clearly_when_raw_dir_is_missing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope"), str(tmp_path / "clean")])
    assert result.exit_code == 2 and "raw folder not found" in result.output


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_harness")
def test_run_cleans_raw_through_the_flow(raw_copy: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    result = runner.invoke(app, ["run", str(raw_copy), str(clean), "--json", "--no-progress"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{"):])
    assert summary["documents"] == len(read_manifest(clean)) == 15


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_harness")
def test_a_second_run_on_a_busy_clean_dir_stops_with_a_message(raw_copy: Path, tmp_path: Path) -> None:
    from cleaners.corpus.lock import locked

    clean = tmp_path / "clean"
    with locked(clean):
        result = runner.invoke(app, ["run", str(raw_copy), str(clean), "--no-progress"])
    assert result.exit_code == 2 and "another newsclean run" in result.output
