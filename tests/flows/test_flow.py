"""The clean-news flow through Prefect's real engine (one shared prefect_test_harness)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..helpers import read_manifest, tree_digest

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]

MANIFEST_FIELDS = {"raw", "sha256", "status", "article_id", "canonical_id", "similarity", "reason"}
ARTICLE_FIELDS = {"id", "title", "description", "text", "author", "published", "url", "site", "language",
                  "sources", "removed", "encoding"}


def test_flow_cleans_raw_into_clean_as_the_contract_says(raw_copy: Path, tmp_path: Path) -> None:
    from flows.clean_news import clean_news

    before = tree_digest(raw_copy)
    clean = tmp_path / "clean"
    summary = clean_news(raw_dir=str(raw_copy), clean_dir=str(clean))

    rows = read_manifest(clean)
    raw_docs = {p.relative_to(raw_copy).as_posix() for p in raw_copy.rglob("*") if p.is_file()}
    jsonl = "feeds/aggregator-2026-03-14.jsonl"
    expected = (raw_docs - {jsonl}) | {f"{jsonl}#{n}" for n in (1, 2, 3)}
    assert {r["raw"] for r in rows} == expected  # exactly one row per raw document
    assert all(MANIFEST_FIELDS <= set(r) for r in rows)
    assert summary["documents"] == len(rows) and summary["by_status"]["duplicate"] == 1

    canonical = [r for r in rows if r["status"] == "canonical"]
    files = sorted(p.name for p in (clean / "articles").iterdir())
    assert files == sorted(f"{r['article_id']}.json" for r in canonical)
    for row in canonical:
        article = json.loads((clean / "articles" / f"{row['article_id']}.json").read_text())
        assert ARTICLE_FIELDS <= set(article)
        assert article["id"] == row["canonical_id"] == row["article_id"]
        assert article["text"] and article["title"] not in article["text"].split("\n\n")[:1]
        assert all({"raw", "url", "similarity"} <= set(s) for s in article["sources"])
        assert all({"text", "rule"} <= set(r) for r in article["removed"])
    for row in rows:
        if row["status"] == "duplicate":
            assert row["canonical_id"] in {r["article_id"] for r in canonical} and row["similarity"] > 0.5
    assert not list(clean.rglob("*.tmp"))  # no temporary file left behind
    assert tree_digest(raw_copy) == before  # raw/ never written


def test_rerun_is_incremental_and_new_files_dedup_against_earlier_runs(raw_copy: Path, tmp_path: Path) -> None:
    from flows.clean_news import clean_news

    clean = tmp_path / "clean"
    first = clean_news(raw_dir=str(raw_copy), clean_dir=str(clean))
    manifest = (clean / "manifest.jsonl").read_bytes()
    again = clean_news(raw_dir=str(raw_copy), clean_dir=str(clean))
    assert again["processed_this_run"] == {} and again["unchanged_files"] == first["unchanged_files"] + 13
    assert (clean / "manifest.jsonl").read_bytes() == manifest

    copy = raw_copy / "newsite" / "copy.txt"
    copy.parent.mkdir()
    copy.write_bytes((raw_copy / "harbourgazette" / "ferry-fares-rise-skerry-isle.txt").read_bytes())
    third = clean_news(raw_dir=str(raw_copy), clean_dir=str(clean))
    assert third["processed_this_run"] == {"ok": 1}
    row = next(r for r in read_manifest(clean) if r["raw"] == "newsite/copy.txt")
    assert row["status"] == "duplicate" and row["similarity"] == 1.0


def test_run_summary_is_a_prefect_artifact(raw_copy: Path, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client

    from flows.clean_news import clean_news

    clean_news(raw_dir=str(raw_copy), clean_dir=str(tmp_path / "clean"))
    with get_client(sync_client=True) as client:
        artifacts = client.read_latest_artifacts()
    by_key = {a.key: a for a in artifacts}
    assert "canonical" in str(by_key["newsclean-report"].data)
    assert "removed by rule: repeated-headline" in str(by_key["newsclean-summary"].data)


def test_serve_registers_the_cron_schedule() -> None:
    from prefect.client.orchestration import get_client

    from flows.serve import deployment

    d = deployment("/data/raw", "/data/clean", cron="0 * * * *", name="test-hourly")
    assert [s.schedule.cron for s in d.schedules] == ["0 * * * *"]
    deployment_id = d.apply()
    with get_client(sync_client=True) as client:
        stored = client.read_deployment(deployment_id)
    assert [s.schedule.cron for s in stored.schedules] == ["0 * * * *"]
    assert stored.parameters["raw_dir"] == "/data/raw"
