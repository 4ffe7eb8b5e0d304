"""`newsclean export`: Parquet and JSON lines, read back with pyarrow."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cleaners import run_pipeline
from cleaners.views.export import COLUMNS, export, published_timestamp
from flows.cli import app

from ..helpers import RAW_SAMPLES
from ..helpers import read_manifest

runner = CliRunner()


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled raw/ samples (one duplicate among them) plus a rejected file, cleaned without Prefect."""
    import shutil

    root = tmp_path_factory.mktemp("export")
    shutil.copytree(RAW_SAMPLES, root / "raw")
    (root / "raw" / "notes.docx").write_bytes(b"PK\x03\x04 not news")
    run_pipeline(root / "raw", root / "clean")
    return root / "clean"


def _articles(clean: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in (clean / "articles").glob("*.json")}


def test_parquet_has_one_row_per_canonical_article_exactly_as_written(clean: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    assert export(clean, out) == len(_articles(clean))
    table = pq.read_table(out)
    assert tuple(table.column_names) == COLUMNS
    rows = table.to_pylist()
    articles = _articles(clean)
    assert sorted(r["id"] for r in rows) == sorted(articles)
    for row in rows:
        article = articles[row["id"]]
        assert row["status"] == "canonical" and row["canonical_id"] == row["id"] and row["similarity"] is None
        for field in ("title", "description", "text", "author", "url", "site", "language", "authors", "site_name"):
            assert row[field] == article[field], field
        assert row["published"] == published_timestamp(article["published"])
        assert [s["raw"] for s in row["sources"]] == [s["raw"] for s in article["sources"]]
        assert [(r["text"], r["rule"], r["at"], r["to"]) for r in row["removed"]] == [
            (r["text"], r["rule"], r.get("at"), r.get("to")) for r in article["removed"]]
        assert row["encoding"]["detected"] == article["encoding"]["detected"]
        assert row["encoding"]["garbled"] is article["encoding"]["garbled"]  # the flag travels with the export
    assert table.schema.field("sources").type == pa.list_(
        pa.struct([("raw", pa.string()), ("url", pa.string()), ("similarity", pa.float64())]))


def test_include_duplicates_adds_each_duplicate_with_its_canonical(clean: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.parquet"
    manifest = read_manifest(clean)
    cleaned = [r for r in manifest if r["status"] in ("canonical", "duplicate")]
    assert export(clean, out, include_duplicates=True) == len(cleaned)
    rows = pq.read_table(out).to_pylist()
    by_raw = {r["raw"]: r for r in rows}
    assert set(by_raw) == {r["raw"] for r in cleaned}  # rejected documents are not exported
    for entry in cleaned:
        row = by_raw[entry["raw"]]
        assert (row["status"], row["id"], row["canonical_id"]) == (entry["status"], entry["article_id"],
                                                                   entry["canonical_id"])
        if entry["status"] == "duplicate":
            assert row["similarity"] == entry["similarity"] and row["text"]


def test_jsonl_holds_the_same_rows_as_parquet(clean: Path, tmp_path: Path) -> None:
    export(clean, tmp_path / "a.parquet", include_duplicates=True)
    n = export(clean, tmp_path / "a.jsonl", fmt="jsonl", include_duplicates=True)
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    from_jsonl = [json.loads(line) for line in lines]
    assert [{**r, "published": published_timestamp(r["published"])} for r in from_jsonl] == pq.read_table(
        tmp_path / "a.parquet").to_pylist()
    # pyarrow's own JSON reader (what pandas.read_json(lines=True) and datasets use) reads it too
    from pyarrow import json as pa_json

    assert pa_json.read_json(tmp_path / "a.jsonl").num_rows == n


def test_an_export_with_no_article_still_has_the_columns(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "x.pdf").write_bytes(b"%PDF-1.4")
    run_pipeline(tmp_path / "raw", tmp_path / "clean")
    assert export(tmp_path / "clean", tmp_path / "e.parquet") == 0
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 0 and tuple(table.column_names) == COLUMNS


def test_export_command_defaults_to_the_clean_dir_and_leaves_no_temporary(clean: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "clean"
    shutil.copytree(clean, copy)
    result = runner.invoke(app, ["export", str(copy), "--format", "parquet"])
    assert result.exit_code == 0, result.output
    assert pq.read_table(copy / "articles.parquet").num_rows == len(_articles(copy))
    result = runner.invoke(app, ["export", str(copy), "-f", "jsonl", "--include-duplicates", "-o", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 0, result.output
    assert "rows" in result.output and (tmp_path / "x.jsonl").is_file()
    assert not list(copy.glob(".*.tmp")) and not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "csv"], "unknown --format 'csv': choose parquet or jsonl"),
    (["-o", "/nonexistent-folder/x.parquet"], "cannot write /nonexistent-folder/x.parquet"),
])
def test_export_command_errors_say_why(clean: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", str(clean), *args])
    assert result.exit_code == 2 and message in " ".join(result.output.split())


def test_export_of_a_folder_without_a_run_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(tmp_path)])
    assert result.exit_code == 2 and "no newsclean run has written to" in result.output


@pytest.mark.parametrize(("command", "options"), [
    ("export", ("--format", "--include-duplicates", "--output")),
    ("report", ("--output", "--clusters", "--json")),
    ("config", ("--config", "--json")),
])
def test_help_explains_the_new_commands(command: str, options: tuple[str, ...]) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and all(option in result.output for option in options)


def test_parquet_types_published_as_a_timestamp_and_keeps_where_removed_lines_were(clean: Path, tmp_path: Path) -> None:
    out = tmp_path / "typed.parquet"
    export(clean, out)
    table = pq.read_table(out)
    assert table.schema.field("published").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("removed").type == pa.list_(pa.struct(
        [("text", pa.string()), ("rule", pa.string()), ("at", pa.int64()), ("to", pa.string())]))
    rows = table.to_pylist()
    assert any(r["published"] is not None for r in rows)
    assert any(e["at"] is not None for r in rows for e in r["removed"])

