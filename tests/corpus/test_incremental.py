"""Incremental runs on a generated corpus with syndicated copies: the same result as one run, and an
unchanged re-run that neither cleans nor re-judges any cluster."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cleaners import run_pipeline
from cleaners.corpus.store import Store

from ..helpers import read_manifest


@pytest.fixture(scope="module")
def generated(story_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.corpus import generate

    out = generate(tmp_path_factory.mktemp("corpus"), 160, seed=3, source=story_source)
    return out / "raw"


def _articles(clean: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (clean / "articles").iterdir()}


def test_three_runs_over_growing_raw_equal_one_run(generated: Path, tmp_path: Path) -> None:
    one = tmp_path / "one"
    run_pipeline(generated, one)
    assert any(r["status"] == "duplicate" for r in read_manifest(one))  # the corpus has copies to find

    files = sorted(p for p in generated.rglob("*") if p.is_file())
    raw, three = tmp_path / "raw", tmp_path / "three"
    for k in range(3):  # the raw dir grows: each run adds a third of the files, copies split across runs
        for path in files[k::3]:
            dest = raw / path.relative_to(generated)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
        run_pipeline(raw, three)
    assert read_manifest(three) == read_manifest(one)
    assert _articles(three) == _articles(one)


def test_unchanged_rerun_cleans_nothing_and_reuses_every_cluster(generated: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    clean = tmp_path / "clean"
    first = run_pipeline(generated, clean)
    manifest, articles = (clean / "manifest.jsonl").read_bytes(), _articles(clean)

    def no_policy(*_: object) -> None:
        raise AssertionError("an unchanged cluster was judged again")

    monkeypatch.setattr(Store, "policy_views", no_policy)
    again = run_pipeline(generated, clean)
    assert again.tally.processed == {} and again.unchanged_files == first.unchanged_files + len(
        [p for p in generated.rglob("*") if p.is_file()])
    assert again.dedup.new_docs == 0 and again.dedup.clusters == first.dedup.clusters
    assert (clean / "manifest.jsonl").read_bytes() == manifest and _articles(clean) == articles
