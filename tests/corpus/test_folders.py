"""What a run may touch (issue 12, item 7): RAW_DIR and CLEAN_DIR mistakes refused before any work,
only newsclean's own files ever removed, and a run never reading its own outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaners.corpus.folders import folder_problem
from cleaners.corpus.run import run_pipeline
from flows.cli import app
from ..helpers import PARAS, read_manifest, tree_digest

runner = CliRunner()
STORY = "\n\n".join(PARAS)


def _raw(folder: Path, words=("council", "river", "market")) -> Path:
    """Three stories of one site, different enough not to be near-duplicates (Jaccard of 5-word
    shingles well under 0.8: the word replaces four words of the story, eight times in all)."""
    (folder / "site").mkdir(parents=True, exist_ok=True)
    for k, word in enumerate(words):
        (folder / "site" / f"story{k}.txt").write_text(_story(word))
    return folder


def _story(word: str) -> str:
    """A story of :data:`STORY`'s shape about ``word``: headline, then the paragraphs with ``word`` in place
    of four of their words."""
    text = STORY
    for old in ("fire", "yard", "night", "town"):
        text = text.replace(old, word)
    return f"{word.title()} story\n\n" + text


def _user_files(raw: Path) -> None:
    """What case 01 finds in a folder: a scraper's own articles/, manifest.jsonl and a temporary file."""
    (raw / "articles").mkdir()
    (raw / "articles" / "scraped-0001.json").write_text(json.dumps({"title": "Kept by the scraper", "text": STORY}))
    (raw / "manifest.jsonl").write_text(json.dumps({"title": "Scraper's manifest", "text": STORY}) + "\n")
    (raw / ".notes.tmp").write_text("my notes")


def test_run_raw_raw_is_refused_before_any_work(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw")
    _user_files(raw)
    before = tree_digest(raw)
    for clean in (raw, tmp_path / "raw" / ".." / "raw", tmp_path / "link"):
        if clean.name == "link":
            clean.symlink_to(raw)
        result = runner.invoke(app, ["run", str(raw), str(clean)])
        assert result.exit_code == 2, result.output
        assert "CLEAN_DIR must not be RAW_DIR" in result.output
    assert tree_digest(raw) == before
    assert sorted(p.name for p in raw.iterdir()) == [".notes.tmp", "articles", "manifest.jsonl", "site"]


def test_clean_dir_inside_raw_dir_is_refused(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw")
    before = tree_digest(raw)
    result = runner.invoke(app, ["run", str(raw), str(raw / "clean")])
    assert result.exit_code == 2 and "CLEAN_DIR must not be inside RAW_DIR" in result.output
    assert tree_digest(raw) == before and not (raw / "clean").exists()


def test_a_folder_of_other_files_is_refused_unless_forced(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw")
    dataset = tmp_path / "dataset"
    (dataset / "articles").mkdir(parents=True)
    for k in range(3):
        (dataset / "articles" / f"label-{k}.json").write_text(json.dumps({"my": "hand-labelled row", "n": k}))
    (dataset / "README.txt").write_text("my dataset")
    before = tree_digest(dataset)
    result = runner.invoke(app, ["run", str(raw), str(dataset)])
    assert result.exit_code == 2 and "not a clean folder of newsclean" in result.output and "--force" in result.output
    assert tree_digest(dataset) == before and not (dataset / ".newsclean").exists()
    # placeholders do not count
    empty = tmp_path / "fresh"
    empty.mkdir()
    (empty / ".gitkeep").write_text("")
    assert folder_problem(raw, empty) is None


def test_a_forced_run_and_its_re_runs_remove_only_what_newsclean_wrote(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw")
    clean = tmp_path / "clean"
    (clean / "articles").mkdir(parents=True)
    mine = {"articles/notes.json": '{"mine": true}', "articles/.mine.tmp": "x", ".mine.tmp": "x",
            ".report.html.x.tmp.bak": "x", "articles/label-0.json": "{}", "notes.txt": "my notes"}
    for rel, text in mine.items():
        (clean / rel).write_text(text)
    assert folder_problem(raw, clean) is not None and folder_problem(raw, clean, force=True) is None
    (clean / ".newsclean").mkdir()  # what `run --force` does before the flow starts
    raw_before = tree_digest(raw)
    run_pipeline(raw, clean)
    assert tree_digest(raw) == raw_before
    first = {p.name for p in (clean / "articles").glob("*.json")} - {"notes.json", "label-0.json"}
    assert len(first) == 3
    # two stories change: their old articles go, newsclean removes its own files only
    (raw / "site" / "story1.txt").write_text(_story("storm"))
    (raw / "site" / "story2.txt").write_text(_story("flood"))
    run_pipeline(raw, clean)
    run_pipeline(raw, clean)
    for rel, text in mine.items():
        assert (clean / rel).read_text() == text, rel
    ours = {p.name for p in (clean / "articles").glob("*.json")} - {"notes.json", "label-0.json"}
    assert len(ours) == 3 and len(ours & first) == 1
    assert {row["canonical_id"] + ".json" for row in read_manifest(clean) if row["status"] == "canonical"} == ours


def test_raw_dir_inside_clean_dir_never_reads_the_outputs(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    raw = _raw(clean / "raw")
    assert folder_problem(raw, clean) is None  # RAW_DIR inside CLEAN_DIR is fine
    for _ in range(3):
        summary = run_pipeline(raw, clean).as_dict()
    assert summary["by_status"] == {"canonical": 3} and summary["unchanged_files"] == 3
    assert sorted(row["raw"] for row in read_manifest(clean)) == [f"site/story{k}.txt" for k in range(3)]


def test_clean_dir_inside_raw_dir_through_the_api_never_reads_its_own_outputs(tmp_path: Path) -> None:
    """run_pipeline refuses CLEAN_DIR inside RAW_DIR; and should a plan meet a clean dir's outputs under
    RAW_DIR anyway, it leaves them out (defence in depth)."""
    from cleaners.corpus.plan import plan_run
    from cleaners.corpus.store import Store
    from cleaners.settings import Settings

    raw = _raw(tmp_path / "raw")
    with pytest.raises(ValueError, match="CLEAN_DIR must not be inside RAW_DIR"):
        run_pipeline(raw, raw / "clean")
    assert not (raw / "clean").exists()
    for _ in range(2):
        with Store(raw / "clean") as store:  # outputs of earlier runs, under RAW_DIR
            plan = plan_run(raw, store, Settings())
        (raw / "clean" / "manifest.jsonl").write_text("{}\n")
        (raw / "clean" / "articles").mkdir(exist_ok=True)
        (raw / "clean" / "articles" / "x.json").write_text("{}")
    assert sorted(i.rel for b in plan.batches for i in b) == [f"site/story{k}.txt" for k in range(3)]


@pytest.mark.parametrize("inner", ["articles", ".newsclean"])
def test_raw_dir_inside_clean_dirs_outputs_is_refused(tmp_path: Path, inner: str) -> None:
    clean = tmp_path / "clean"
    (clean / inner).mkdir(parents=True)
    assert "inside CLEAN_DIR's own outputs" in folder_problem(clean / inner, clean)


def test_raw_dir_under_proc_is_refused(tmp_path: Path) -> None:
    assert "never reads there" in folder_problem("/proc/self", tmp_path / "clean")
    assert os.path.isdir("/proc/self")


def test_run_pipeline_refuses_the_same_folder_before_writing_anything(tmp_path: Path) -> None:
    """The importable run refuses what the CLI refuses (RAW_DIR as CLEAN_DIR), and writes nothing."""
    from cleaners import run_pipeline

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Harbour reopens\n\nThe harbour reopened on Monday after repairs to the sea wall.")
    before = tree_digest(raw)
    with pytest.raises(ValueError, match="CLEAN_DIR must not be RAW_DIR"):
        run_pipeline(raw, raw)
    assert tree_digest(raw) == before and sorted(p.name for p in raw.iterdir()) == ["a.txt"]
