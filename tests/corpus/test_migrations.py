"""A clean dir written by an older newsclean keeps working: its state is migrated by schema version.

The fixture ``tests/fixtures/state-0.1`` is a clean dir made by newsclean 0.1 (schema 1), with the
raw folder it was made from; its database is kept as an SQL dump and rebuilt here.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from cleaners import run_pipeline
from cleaners.corpus.store import SCHEMA_VERSION, STATE_DIR, STATE_FILE, StateTooNew, Store, reason_code_of
from cleaners.views.cleandir import documents

from ..helpers import read_manifest

FIXTURE = Path(__file__).parents[1] / "fixtures" / "state-0.1"


@pytest.fixture
def old_clean_dir(tmp_path: Path) -> tuple[Path, Path]:
    """(raw, clean): a copy of the 0.1 clean dir, its state.db rebuilt from the dump."""
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    shutil.copytree(FIXTURE / "raw", raw)
    shutil.copytree(FIXTURE / "clean", clean)
    (clean / STATE_DIR).mkdir()
    with sqlite3.connect(clean / STATE_DIR / STATE_FILE) as db:
        db.executescript((FIXTURE / "state.sql").read_text())
    return raw, clean


def _schema(clean: Path) -> str:
    with sqlite3.connect(clean / STATE_DIR / STATE_FILE) as db:
        return db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]


def test_the_fixture_is_schema_1(old_clean_dir) -> None:
    _, clean = old_clean_dir
    assert _schema(clean) == "1"
    with sqlite3.connect(clean / STATE_DIR / STATE_FILE) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(docs)")]
    assert "reason_code" not in columns


def test_views_read_an_unmigrated_state_without_writing_it(old_clean_dir) -> None:
    """report/export open a 0.1 state read-only: codes are derived, nothing is written."""
    _, clean = old_clean_dir
    before = (clean / STATE_DIR / STATE_FILE).read_bytes()
    docs = {d.raw: d for d in documents(clean)}
    assert docs["wire/feed.jsonl#2"].reason_code == "too-short"
    assert docs["wire/feed.jsonl#3"].reason_code == "invalid-json"
    assert docs["wire/storm-copy.txt"].status == "duplicate"
    assert (clean / STATE_DIR / STATE_FILE).read_bytes() == before
    assert _schema(clean) == "1"


def test_opening_migrates_schema_1_to_the_current_one(old_clean_dir) -> None:
    _, clean = old_clean_dir
    with Store(clean) as store:
        assert store.version == SCHEMA_VERSION == 4
        codes = {row["raw"]: row["reason_code"] for row in store.db.execute("SELECT raw, reason_code FROM docs")}
    assert codes == {"gazette/bridge.html": None, "gazette/storm.txt": None, "wire/feed.jsonl#1": None,
                     "wire/storm-copy.txt": None, "wire/feed.jsonl#2": "too-short", "wire/feed.jsonl#3": "invalid-json"}
    assert _schema(clean) == str(SCHEMA_VERSION)


def test_a_run_over_a_migrated_clean_dir_reprocesses_nothing_and_keeps_its_outputs(old_clean_dir, monkeypatch) -> None:
    """Same raw files, same settings, same pipeline version (0.1's, 2): nothing is cleaned again; the
    manifest gains reason codes only."""
    import cleaners.settings

    monkeypatch.setattr(cleaners.settings, "PIPELINE_VERSION", "2")
    raw, clean = old_clean_dir
    old_rows = {r["raw"]: r for r in read_manifest(clean)}
    old_articles = {p.name: json.loads(p.read_text()) for p in (clean / "articles").iterdir()}
    summary = run_pipeline(raw, clean).as_dict()
    assert summary["processed_this_run"] == {}
    assert summary["unchanged_files"] == 4
    rows = {r["raw"]: r for r in read_manifest(clean)}
    assert set(rows) == set(old_rows)
    for key, row in rows.items():
        assert {k: v for k, v in row.items() if k != "reason_code"} == old_rows[key]
    assert rows["wire/feed.jsonl#3"]["reason_code"] == "invalid-json"
    assert {p.name: json.loads(p.read_text()) for p in (clean / "articles").iterdir()} == old_articles


def test_a_new_pipeline_version_cleans_a_migrated_clean_dir_again_once(old_clean_dir) -> None:
    """PIPELINE_VERSION 3 (real-input work) differs from 0.1's: every file is cleaned again, every raw
    document keeps its row, and a second run cleans nothing."""
    raw, clean = old_clean_dir
    old_rows = {r["raw"] for r in read_manifest(clean)}
    summary = run_pipeline(raw, clean).as_dict()
    assert sum(summary["processed_this_run"].values()) == len(old_rows)
    assert {r["raw"] for r in read_manifest(clean)} == old_rows
    again = run_pipeline(raw, clean).as_dict()
    assert again["processed_this_run"] == {} and again["unchanged_files"] == 4


def test_a_state_from_a_newer_newsclean_is_refused_with_a_message(tmp_path: Path) -> None:
    with Store(tmp_path):
        pass
    with sqlite3.connect(tmp_path / STATE_DIR / STATE_FILE) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(StateTooNew, match="written by a newer newsclean \\(state schema 99"):
        Store(tmp_path)


def test_every_reason_sentence_of_0_1_maps_to_a_code() -> None:
    """The sentences 0.1 wrote (readers, decoding, extraction, rules, templates) → the codes of today."""
    sentences = {
        "unsupported file type ('.pdf'): expected .html, .htm, .txt, .json, .jsonl, or any of them gzipped":
            "unsupported-type",
        "file is 20 MB, over the 16 MB limit per document": "too-large",
        "gzip expands to over 16 MB (the limit per document): a gzip bomb or an oversized page": "too-large",
        "line 4: record is over the 16 MB limit per document": "too-large",
        "corrupt or truncated gzip file: CRC check failed": "corrupt-gzip",
        "file vanished while the run was reading it": "vanished",
        "could not read the file: Permission denied": "read-error",
        "invalid JSON: Expecting value at line 1 column 1": "invalid-json",
        "JSON record is a list, not an object with html, text, content or body": "not-a-record",
        "JSON record has no html, text, content or body field with text in it": "no-content",
        "empty file": "empty", "no text: the file holds only whitespace": "empty",
        "not a text document: the bytes are a PNG image": "binary",
        "binary data, not text: 40% of the bytes are control codes": "binary",
        "not text: 300 characters could not be decoded as utf-8": "binary",
        "no article text found in the HTML page": "no-text", "the HTML could not be parsed: ParserError": "unparsable",
        "only 4 words of article text left after removing boilerplate (fewer than 10)": "too-short",
        "no article text left after removing boilerplate and the site's template lines (fewer than 10)": "too-short",
        "the document is too deeply nested or too large to parse (RecursionError)": "too-complex",
    }
    assert {s: reason_code_of("rejected", s) for s in sentences} == sentences
    assert reason_code_of("failed", "internal error while cleaning: KeyError: 'x'") == "internal-error"


def test_schema_3_groups_stored_articles_into_stories(old_clean_dir) -> None:
    """The 0.1 state gains story keys for every stored article; the next run groups them by story."""
    raw, clean = old_clean_dir
    with Store(clean) as store:
        rows = {r["raw"]: r for r in store.db.execute("SELECT raw, story_keys, story FROM doc_templates")}
        assert rows and all(json.loads(r["story_keys"]) and r["story"] == raw_key for raw_key, r in rows.items())
    run_pipeline(raw, clean)
    with Store(clean) as store:
        stories = dict(store.db.execute("SELECT raw, story FROM doc_templates").fetchall())
    assert all(story <= raw_key for raw_key, story in stories.items())


def test_schema_4_records_the_stat_of_article_files_written_before(old_clean_dir, monkeypatch) -> None:
    """0.1 recorded digests only: the first run compares those files once (rewriting none) and records their stat."""
    import cleaners.settings

    monkeypatch.setattr(cleaners.settings, "PIPELINE_VERSION", "2")  # 0.1's pipeline: nothing cleaned again
    raw, clean = old_clean_dir
    summary = run_pipeline(raw, clean).as_dict()
    assert summary["articles_written"] == 0
    with Store(clean) as store:
        files = store.output_files()
    assert files and all(size and mtime for _, size, mtime in files.values())
    for aid, (_, size, mtime) in files.items():
        stat = (clean / "articles" / f"{aid}.json").stat()
        assert (stat.st_size, stat.st_mtime_ns) == (size, mtime)
