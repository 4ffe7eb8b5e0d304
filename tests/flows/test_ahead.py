"""Cleaning ahead (flows/ahead.py): `newsclean run` cleans its first batches while Prefect's API server
starts, and the run's records are exactly those it would have made itself."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cleaners.corpus.clean import CleanBatch, clean_batch
from cleaners.corpus.plan import plan_run, preview_plan
from cleaners.corpus.run import run_pipeline
from cleaners.corpus.store import Store
from cleaners.settings import Settings
from flows.ahead import Ahead, ahead_of_the_flow, take

from ..helpers import read_manifest

STORY = ("The ferry port closed on Friday as the storm brought winds of 90mph to the coast, and the harbour "
         "master said the boats would stay in port until the swell had gone down. ")


def _write(raw: Path, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        path = raw / f"site{i % 3}" / f"story-{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Story number {i} in the harbour\n\n" + f"Paragraph {i}. " + STORY * (2 + i % 4))


def test_the_preview_is_the_plan_the_run_makes_and_writes_nothing(tmp_path: Path) -> None:
    """After a first run: a changed file, a new one and one touched with the same bytes.  The preview
    plans what plan_run then plans, and the state database's bytes are as they were."""
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    _write(raw, 12)
    settings = Settings(batch_size=4)
    run_pipeline(raw, clean, settings)
    (raw / "site1" / "story-004.txt").write_text("Story four, changed\n\n" + STORY * 3)
    _write(raw, 2, start=12)
    same = raw / "site0" / "story-003.txt"
    os.utime(same, ns=(same.stat().st_atime_ns, same.stat().st_mtime_ns + 10**9))
    state = (clean / ".newsclean" / "state.db").read_bytes()

    preview = preview_plan(raw, clean, settings)
    assert (clean / ".newsclean" / "state.db").read_bytes() == state  # (SQLite's -shm/-wal of a reader aside)
    with Store(clean) as store:
        plan = plan_run(raw, store, settings)
    assert preview.batches == plan.batches and preview.files == plan.files and preview.unchanged == plan.unchanged
    assert sorted(i.rel for b in plan.batches for i in b) == ["site0/story-012.txt", "site1/story-004.txt",
                                                              "site1/story-013.txt"]


def test_a_first_runs_preview_writes_no_clean_dir(tmp_path: Path) -> None:
    _write(tmp_path / "raw", 5)
    preview = preview_plan(tmp_path / "raw", tmp_path / "clean", Settings(batch_size=2))
    assert [len(b) for b in preview.batches] == [2, 2, 1] and not (tmp_path / "clean").exists()


def test_a_preview_cut_short_holds_the_first_batches_of_the_whole_plan(tmp_path: Path) -> None:
    """A large RAW_DIR is walked only as far as the batches cleaned ahead need: the preview's batches are the
    whole plan's first ones (a file of many records, a batch of its own, among them), never a batch that
    more files would have filled."""
    raw = tmp_path / "raw"
    _write(raw, 30)
    feed = raw / "site0" / "story-004b.json"  # an array of records (walked first): a batch of its own
    feed.write_text("[" + ",".join(f'{{"title": "Feed {i}", "text": "{STORY}"}}' for i in range(3)) + "]")
    settings = Settings(batch_size=4)
    whole = preview_plan(raw, tmp_path / "clean", settings)
    for max_items in (1, 5, 9, 10, 12):
        cut = preview_plan(raw, tmp_path / "clean", settings, max_items=max_items)
        assert not cut.complete and cut.batches == whole.batches[:len(cut.batches)]
        assert all(len(b) == 4 or b[0].rel.endswith(".json") for b in cut.batches)
    assert [[i.rel[-8:] for i in b] for b in preview_plan(raw, tmp_path / "clean", settings, max_items=10).batches] == \
        [["04b.json"], ["-000.txt", "-003.txt", "-006.txt", "-009.txt"], ["-012.txt", "-015.txt", "-018.txt", "-021.txt"]]
    assert whole.complete and preview_plan(raw, tmp_path / "clean", settings, max_items=100).complete


def test_a_batch_cleaned_ahead_is_handed_over_only_while_its_files_are_unchanged(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _write(raw, 6)
    settings = Settings(batch_size=3)
    batches = preview_plan(raw, tmp_path / "clean", settings).batches
    clean = CleanBatch(settings)
    with ThreadPoolExecutor(1) as pool:
        ahead = Ahead(pool.submit, clean, lambda: batches, key=clean.key).start()
        ahead.join()
    assert ahead.begun == 2
    first, second = batches
    touched = Path(second[0].path)
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 1))
    with ahead_of_the_flow(ahead):
        handed = take(clean, first)
        assert handed is not None and handed.result() == clean_batch(first, settings)
        assert take(clean, first) is None  # once
        assert take(clean, second) is None  # a file was written since: the run cleans it itself
        assert take(CleanBatch(Settings(batch_size=3, min_words=3)), first) is None  # other settings
    assert take(clean, first) is None  # outside the flow's block: nothing is handed over


def test_no_batch_is_begun_after_the_flow_asks_for_its_first(tmp_path: Path) -> None:
    _write(tmp_path / "raw", 6)
    batches = preview_plan(tmp_path / "raw", tmp_path / "clean", Settings(batch_size=1)).batches
    with ThreadPoolExecutor(1) as pool:
        ahead = Ahead(pool.submit, len, lambda: batches, key=tuple)
        assert ahead.take(tuple(batches[0])) is None  # the flow's clean step began before any was
        ahead.start().join()
    assert ahead.begun == 0


@pytest.mark.slow
def test_newsclean_run_cleans_ahead_and_ends_as_a_run_that_did_not(tmp_path: Path) -> None:
    """`newsclean run` with its own API server: batches cleaned while the server started are used (the
    flow's log says so), and the articles and manifest are byte for byte those of a plain run."""
    raw = tmp_path / "raw"
    _write(raw, 60)
    run_pipeline(raw, tmp_path / "reference", Settings(batch_size=5))
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "home"), PREFECT_LOGGING_LEVEL="INFO")
    env.pop("PREFECT_API_URL", None)
    cli = Path(sys.executable).with_name("newsclean")
    done = subprocess.run([str(cli), "run", str(raw), str(tmp_path / "clean"), "--no-progress", "--batch-size", "5"],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "cleaned ahead" in done.stderr
    ours, reference = tmp_path / "clean", tmp_path / "reference"
    assert {p.name: p.read_bytes() for p in (ours / "articles").iterdir()} == \
        {p.name: p.read_bytes() for p in (reference / "articles").iterdir()}
    assert read_manifest(ours) == read_manifest(reference)
