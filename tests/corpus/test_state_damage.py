"""A damaged state.db (issue 12 item 10): found before any work, said in one sentence, rebuilt on request."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaners.corpus.rebuild import rebuild_state
from cleaners.corpus.run import run_pipeline
from cleaners.corpus.store import StateDamaged, Store, state_path, state_problem
from flows.cli import app

from ..helpers import PARAS, read_manifest, write_file

runner = CliRunner()


def make_raw(raw: Path, stories: int = 6) -> Path:
    """A few stories and one copy of the first (a duplicate), as .txt files."""
    for k in range(stories):
        text = "\n\n".join(f"Story {k}: {p}" for p in PARAS)
        write_file(raw, f"site/{k}.txt", f"Headline number {k}\n\n{text}\n")
    write_file(raw, "other/copy.txt", "A copy of story zero\n\n" + "\n\n".join(f"Story 0: {p}" for p in PARAS) + "\n")
    return raw


def damage_pages(path: Path) -> None:
    """Overwrite the header of every page but the first (b-tree page headers): SQLite's quick_check fails."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big") or 65536
    for start in range(size, len(data), size):
        data[start:start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def damage_header(path: Path) -> None:
    """Overwrite SQLite's file header: "file is not a database"."""
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00garbage" * 12 + b"\x00" * 4
    path.write_bytes(bytes(data))


def outputs(clean: Path) -> tuple[dict[str, bytes], list[dict]]:
    return ({p.name: p.read_bytes() for p in sorted((clean / "articles").iterdir())}, read_manifest(clean))


@pytest.fixture
def finished(tmp_path: Path) -> tuple[Path, Path]:
    raw = make_raw(tmp_path / "raw")
    clean = tmp_path / "clean"
    run_pipeline(raw, clean)
    with Store(clean) as store:  # the WAL folded in: every page in state.db, as after a normal exit
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return raw, clean


@pytest.mark.parametrize("damage", [damage_pages, damage_header])
def test_a_damaged_state_is_found_and_named(finished: tuple[Path, Path], damage) -> None:
    _, clean = finished
    assert state_problem(clean) is None
    damage(state_path(clean))
    problem = state_problem(clean)
    assert problem and str(state_path(clean)) in problem and "damaged" in problem and "--rebuild-state" in problem


@pytest.mark.parametrize("damage", [damage_pages, damage_header])
@pytest.mark.parametrize("command", [["run", "{raw}", "{clean}"], ["report", "{clean}"], ["export", "{clean}"]])
def test_commands_on_a_damaged_state_say_one_sentence_and_exit_2(finished: tuple[Path, Path], damage,
                                                                 command: list[str]) -> None:
    raw, clean = finished
    damage(state_path(clean))
    before = outputs(clean)
    result = runner.invoke(app, [c.format(raw=raw, clean=clean) for c in command])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, (SystemExit, type(None)))
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "is damaged" in lines[0] and "--rebuild-state" in lines[0], result.output
    assert "prefect" not in result.output.lower()  # stopped before the flow
    assert outputs(clean) == before


def test_store_maps_a_damaged_database_to_a_clear_error(finished: tuple[Path, Path]) -> None:
    _, clean = finished
    damage_header(state_path(clean))
    with pytest.raises(StateDamaged, match="is damaged .*--rebuild-state"):
        Store(clean)
    with pytest.raises(StateDamaged):
        Store(clean, readonly=True)


def test_a_transaction_on_damaged_pages_raises_state_damaged(finished: tuple[Path, Path]) -> None:
    _, clean = finished
    with Store(clean) as store:
        damage_pages(state_path(clean))  # under an open store, as a disk fault would
        with pytest.raises(StateDamaged, match="is damaged"):
            with store.transaction() as db:
                db.execute("DELETE FROM docs")
                db.execute("SELECT COUNT(*) FROM doc_lines").fetchone()


def test_rebuild_keeps_the_old_state_and_knows_the_articles_written(finished: tuple[Path, Path]) -> None:
    raw, clean = finished
    damage_pages(state_path(clean))
    damaged = state_path(clean).read_bytes()
    ours = sorted(p.stem for p in (clean / "articles").glob("*.json"))
    (clean / "articles" / "notes.json").write_text('{"mine": true}')  # a user's files: not ours
    (clean / "articles" / "0123456789abcdef.json").write_text('{"id": "0123456789abcdef", "text": "mine"}')
    done = rebuild_state(clean)
    assert done.moved_to is not None and done.moved_to.read_bytes() == damaged  # moved, never deleted
    assert done.moved_to.parent == state_path(clean).parent and ".corrupt-" in done.moved_to.name
    assert done.articles == len(ours)
    with Store(clean, readonly=True) as store:
        assert sorted(store.output_files()) == ours


def test_rebuild_then_run_equals_a_clean_run(finished: tuple[Path, Path], tmp_path: Path) -> None:
    """After the damage a story is gone from raw and another added: its article (ours) is removed, the
    new one written, the user's files untouched; the outputs equal a run into a new folder."""
    raw, clean = finished
    damage_pages(state_path(clean))
    (raw / "site" / "5.txt").unlink()
    write_file(raw, "site/new.txt", "A new headline\n\n" + "\n\n".join(f"New story: {p}" for p in PARAS) + "\n")
    mine = clean / "articles" / "0123456789abcdef.json"
    mine.write_text('{"id": "0123456789abcdef", "text": "mine"}')
    rebuild_state(clean)
    assert state_problem(clean) is None
    run_pipeline(raw, clean)
    mine.unlink()  # the only difference allowed: the user's file, kept
    run_pipeline(raw, tmp_path / "fresh")
    assert outputs(clean) == outputs(tmp_path / "fresh")
    assert json.loads((clean / "manifest.jsonl").read_text().splitlines()[0])["raw"]


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_harness")
def test_run_rebuild_state_on_the_command_line(finished: tuple[Path, Path], tmp_path: Path) -> None:
    raw, clean = finished
    damage_header(state_path(clean))
    result = runner.invoke(app, ["run", str(raw), str(clean), "--rebuild-state", "--no-progress", "--no-report"])
    assert result.exit_code == 0, result.output
    assert "moved the run state to" in result.output and ".corrupt-" in result.output
    assert list(state_path(clean).parent.glob("state.db.corrupt-*"))
    run_pipeline(raw, tmp_path / "fresh")
    assert outputs(clean) == outputs(tmp_path / "fresh")
