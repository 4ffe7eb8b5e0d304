"""The persistent near-duplicate index: SQLite (default) and Redis (a real redis-server), sync,
crash repair, runs-in-pieces equivalence on a generated corpus, and no chaining through a page."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from cleaners import Settings, run_pipeline
from cleaners.dedup import lean_minhash, shingles, signature
from cleaners.corpus.lsh import SqliteLsh, open_index
from cleaners.dedup.index import RedisLsh, sync
from cleaners.corpus.store import Store

from ..helpers import RAW_SAMPLES
from ..helpers import PARAS, STORY, read_manifest, write_file as _write


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A throwaway redis-server on a free loopback port (Debian's package; `make test` installs it)."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed: `make test` installs Debian's redis-server")
        pytest.skip("redis-server is not installed (`make test` installs it)")
    port, workdir = _free_port(), tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir),
                             "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    client.close()
    proc.terminate()
    proc.wait(10)


def _sig(text: str) -> bytes:
    return signature(shingles(text))


OTHER = " ".join(f"The council will close the old library in {m} after a vote on spending, officials said."
                 for m in ("May", "June", "July", "August"))


def _exercise(index) -> None:
    index.insert("full", lean_minhash(_sig(STORY)))
    index.insert("other", lean_minhash(_sig(OTHER)))
    assert index.keys() == {"full", "other"}
    assert index.query(lean_minhash(_sig("\n\n".join(PARAS[:4])))) == {"full"}  # a trimmed copy finds it
    assert index.query(lean_minhash(_sig(OTHER))) == {"other"}
    index.remove(["full"])
    assert index.keys() == {"other"}
    assert index.query(lean_minhash(_sig(STORY))) == set()
    # sync: adds what is wanted and missing (from its signature), removes what is stale
    signatures = {"full": _sig(STORY), "new": _sig(OTHER + " Extra words to make a different text.")}
    assert sync(index, signatures, signatures.__getitem__) == (2, 1)
    assert index.keys() == {"full", "new"}
    assert sync(index, signatures, signatures.__getitem__) == (0, 0)


def test_sqlite_index_inserts_queries_removes_and_syncs(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        _exercise(SqliteLsh(store.db, 0.3, 128))


def test_redis_index_inserts_queries_removes_and_syncs(redis_url: str) -> None:
    index = RedisLsh(redis_url, "newsclean-test:exercise:", 0.3, 128)
    try:
        _exercise(index)
    finally:
        index.clear()
        index.close()


def test_sqlite_index_is_compact_and_rebuilt_when_parameters_change(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        index = open_index(store, 0.3, 128, 5)
        index.insert("a", lean_minhash(_sig(STORY)))
        assert store.db.execute("SELECT COUNT(*) FROM lsh_buckets").fetchone()[0] == index.b  # b ints, no signature
        assert open_index(store, 0.3, 128, 5).keys() == {"a"}
        assert open_index(store, 0.5, 128, 5).keys() == set()  # other bands: emptied, sync refills it


def test_an_index_of_older_buckets_is_rebuilt_and_still_finds_earlier_stories(tmp_path: Path) -> None:
    """A state whose SQLite index was built before ``BUCKET_VERSION`` changed (its buckets hashed
    another way) is emptied at the next search and refilled from the stored signatures: a copy
    arriving then still joins the earlier story's cluster."""
    from cleaners.corpus.lsh import BUCKET_VERSION, band_buckets
    from cleaners.dedup.index import index_key

    raw, clean = tmp_path / "raw", tmp_path / "clean"
    _write(raw, "a.txt", "Timber yard fire\n\n" + STORY)
    _write(raw, "b.txt", "Library vote\n\n" + OTHER)
    run_pipeline(raw, clean)
    with Store(clean) as store:
        assert store.meta("lsh_index") == f"{index_key(0.3, 128, 5)}:{BUCKET_VERSION}"
        classes = store.db.execute("SELECT COUNT(*) FROM lsh_keys").fetchone()[0]
        # as an older newsclean left it: its own key, and buckets no query of this version can meet
        store.set_meta("lsh_index", index_key(0.3, 128, 5))
        store.db.execute("UPDATE lsh_buckets SET bucket = bucket + 1")
        store.db.commit()
    _write(raw, "c.txt", "Blaze at timber yard\n\n" + STORY + "\n\nMore follows.")
    run_pipeline(raw, clean)
    rows = {r["raw"]: r for r in read_manifest(clean)}
    assert rows["c.txt"]["canonical_id"] == rows["a.txt"]["canonical_id"]
    assert {rows["a.txt"]["status"], rows["c.txt"]["status"]} == {"canonical", "duplicate"}
    with Store(clean) as store:
        assert store.db.execute("SELECT COUNT(*) FROM lsh_keys").fetchone()[0] == classes + 1
        sig = store.signature("a.txt")
        first = band_buckets(np.frombuffer(sig, dtype=np.uint32), 37, 3)[0]
        assert store.db.execute("SELECT COUNT(*) FROM lsh_buckets WHERE band = 0 AND bucket = ?",
                                (first,)).fetchone()[0] >= 1


def _articles(clean: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (clean / "articles").iterdir()}


def test_redis_backend_gives_the_same_result_and_survives_a_flushed_server(redis_url: str, tmp_path: Path) -> None:
    import redis

    local, remote = tmp_path / "local", tmp_path / "remote"
    run_pipeline(RAW_SAMPLES, local)
    settings = Settings(redis_url=redis_url)
    run_pipeline(RAW_SAMPLES, remote, settings)
    assert read_manifest(local) == read_manifest(remote)
    assert _articles(local) == _articles(remote)
    with Store(remote) as store:
        assert not store.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'lsh_keys'").fetchall()  # in Redis
        n_classes = store.db.execute("SELECT COUNT(DISTINCT text_hash) FROM docs WHERE status = 'ok'").fetchone()[0]
        instance = store.instance_id()
    client = redis.Redis.from_url(redis_url)
    assert client.hlen(_keys_name(client, instance)) == n_classes
    # A later run brings a trimmed copy of a known story after the server lost everything:
    # the index is rebuilt from the stored signatures and the copy is found.
    client.flushall()
    hour2 = tmp_path / "hour2"
    record = json.loads((RAW_SAMPLES / "meridianwire" / "lowmoor-reservoir-record-low.json").read_text())
    record["text"] = record["text"].rsplit("\n\n", 3)[0]
    record["url"] = "https://newsite.example/wire/lowmoor"  # a copy on another site (the same URL would be an update)
    _write(hour2, "newsite/copy.json", json.dumps(record))
    run_pipeline(hour2, remote, settings)
    rows = {r["raw"]: r for r in read_manifest(remote)}
    assert rows["newsite/copy.json"]["status"] == "duplicate"
    assert rows["newsite/copy.json"]["canonical_id"] == rows["meridianwire/lowmoor-reservoir-record-low.json"]["article_id"]
    assert client.hlen(_keys_name(client, instance)) == n_classes + 1


def _keys_name(client, instance: str) -> bytes:
    """The datasketch keys hash of this clean dir's index (its name ends in ``_keys``)."""
    names = [k for k in client.keys(f"newsclean:{instance}:*".encode()) if k.endswith(b"_keys")]
    assert len(names) == 1
    return names[0]


def test_a_run_killed_after_indexing_is_repaired_by_the_next(tmp_path: Path, monkeypatch) -> None:
    """The index is written before the clusters are committed; a crash between leaves the new
    classes in the index but their documents unsearched; the next run must end as if nothing happened."""
    reference, clean = tmp_path / "ref", tmp_path / "clean"
    run_pipeline(RAW_SAMPLES, reference)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(Store, "save_clusters", crash)
    with pytest.raises(KeyboardInterrupt):
        run_pipeline(RAW_SAMPLES, clean)
    monkeypatch.undo()
    with Store(clean) as store:
        assert store.db.execute("SELECT COUNT(*) FROM docs WHERE pending = 1").fetchone()[0] > 0
    run_pipeline(RAW_SAMPLES, clean)
    assert read_manifest(clean) == read_manifest(reference)
    assert _articles(clean) == _articles(reference)


def test_a_page_holding_two_stories_does_not_merge_them(tmp_path: Path) -> None:
    """Containment makes both stories copies of the page; they must still stay two clusters."""
    raw = tmp_path / "raw"
    library = [f"The council will close the old library in {m} after a long vote on spending, officials said today."
               for m in ("May", "June", "July", "August", "September")]
    _write(raw, "a/fire.txt", "Timber yard fire\n\n" + STORY)
    _write(raw, "b/library.txt", "Library to close\n\n" + "\n\n".join(library))
    _write(raw, "c/roundup.txt", "Today's news\n\n" + STORY + "\n\n" + "\n\n".join(library))
    run_pipeline(raw, tmp_path / "clean")
    rows = {r["raw"]: r for r in read_manifest(tmp_path / "clean")}
    assert rows["a/fire.txt"]["canonical_id"] != rows["b/library.txt"]["canonical_id"]
    # the round-up (the longest) is kept in one of the two clusters: two articles, nothing lost
    assert rows["c/roundup.txt"]["canonical_id"] in {rows["a/fire.txt"]["canonical_id"],
                                                      rows["b/library.txt"]["canonical_id"]}
    assert len(list((tmp_path / "clean" / "articles").iterdir())) == 2


def _generated(tmp_path: Path, n: int, source: Path) -> Path:
    from bench.corpus import generate

    return generate(tmp_path / "corpus", n, 3, source, "syndication", quiet=True) / "raw"


def test_a_generated_corpus_fed_in_three_runs_ends_as_one_run(story_source: Path, tmp_path: Path) -> None:
    """Syndicated, retitled, trimmed, edited, mojibake and HTML copies spread over three hourly runs
    (each raw dir holding only that hour's files): same manifest, same articles, no orphan file."""
    raw = _generated(tmp_path, 90, story_source)
    one, three = tmp_path / "one", tmp_path / "three"
    run_pipeline(raw, one)
    files = sorted(p for p in raw.rglob("*") if p.is_file())
    rng = np.random.default_rng(7)
    hour = rng.integers(0, 3, len(files))
    for k in range(3):
        part = tmp_path / f"hour{k}"
        for path, h in zip(files, hour):
            if h == k:
                dest = part / path.relative_to(raw)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)
        run_pipeline(part, three)
    manifest = read_manifest(one)
    assert sum(r["status"] == "duplicate" for r in manifest) > 20  # the corpus does hold copies
    assert read_manifest(three) == manifest
    assert _articles(three) == _articles(one)
    canonical_ids = {r["canonical_id"] for r in manifest if r["canonical_id"]}
    assert {p.stem for p in (three / "articles").iterdir()} == canonical_ids


def test_changed_thresholds_search_earlier_documents_again(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    _write(raw, "a/full.txt", "Timber yard fire\n\n" + STORY)
    trimmed = "\n\n".join(PARAS[:3]).replace("40 residents", "forty residents")
    _write(raw, "b/trimmed.txt", "Blaze at timber yard\n\n" + trimmed)
    run_pipeline(raw, clean)
    rows = read_manifest(clean)
    assert [r["status"] for r in rows] == ["canonical", "duplicate"]
    defaults = Settings()
    assert rows[1]["similarity"] < defaults.jaccard_threshold  # a copy by containment only
    assert defaults.containment_threshold <= rows[1]["containment"] < 0.95
    empty = tmp_path / "empty"  # an hourly run with no new files, but stricter thresholds
    empty.mkdir()
    run_pipeline(empty, clean, Settings(containment_threshold=0.95))
    assert [r["status"] for r in read_manifest(clean)] == ["canonical", "canonical"]
    run_pipeline(empty, clean)
    assert [r["status"] for r in read_manifest(clean)] == ["canonical", "duplicate"]


def test_run_with_an_unreachable_redis_stops_before_cleaning_with_a_message(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    result = CliRunner().invoke(app, ["run", str(RAW_SAMPLES), str(tmp_path / "clean"),
                                      "--redis", f"redis://127.0.0.1:{_free_port()}/0"])
    assert result.exit_code == 2
    assert "cannot reach the Redis index at redis://127.0.0.1:" in " ".join(result.output.split())
    assert not (tmp_path / "clean" / "manifest.jsonl").exists()


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_harness")
def test_newsclean_run_with_redis_through_the_flow(redis_url: str, raw_copy: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    clean, reference = tmp_path / "clean", tmp_path / "reference"
    result = CliRunner().invoke(app, ["run", str(raw_copy), str(clean), "--redis", redis_url, "--no-progress"])
    assert result.exit_code == 0, result.output
    run_pipeline(raw_copy, reference)
    assert read_manifest(clean) == read_manifest(reference)
    with Store(clean) as store:
        assert not store.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'lsh_keys'").fetchall()


def test_a_follow_up_story_that_repeats_background_stays_apart(tmp_path: Path) -> None:
    """Same event, a new article a day later that reuses one paragraph of background."""
    raw = tmp_path / "raw"
    follow_up = [
        "Investigators said on Wednesday that the fire at the timber yard was started by an electrical fault.",
        "The fire service said crews had been called back twice overnight to damp down smouldering stacks.",
        "Residents who were moved from nearby homes were allowed to return on Tuesday afternoon, the council said.",
        "The yard's insurers have sent assessors, and the owner said he hoped to reopen part of the site next month.",
        PARAS[2],
    ]
    _write(raw, "a/fire.txt", "Timber yard fire\n\n" + STORY)
    _write(raw, "b/fire-cause.txt", "Timber yard fire caused by electrical fault\n\n" + "\n\n".join(follow_up))
    run_pipeline(raw, tmp_path / "clean")
    assert [r["status"] for r in read_manifest(tmp_path / "clean")] == ["canonical", "canonical"]


def test_a_richer_exact_copy_arriving_later_takes_over_and_sources_follow(tmp_path: Path) -> None:
    """Same text, but the later copy is dated and has an author: it becomes the canonical (dated
    before undated comes before the raw path in the policy); the
    article file of the old canonical goes, the new one lists both sources."""
    raw1, raw2, clean = tmp_path / "h1", tmp_path / "h2", tmp_path / "clean"
    _write(raw1, "a/bare.txt", "Timber yard fire\n\n" + STORY)
    run_pipeline(raw1, clean)
    old_id = read_manifest(clean)[0]["article_id"]
    record = {"title": "Timber yard fire", "author": "A. Reporter", "published": "2026-03-01T08:00:00Z",
              "url": "https://news.example/fire", "text": STORY}
    _write(raw2, "z/wire.json", json.dumps(record))
    run_pipeline(raw2, clean)
    rows = {r["raw"]: r for r in read_manifest(clean)}
    assert rows["z/wire.json"]["status"] == "canonical"
    assert (rows["a/bare.txt"]["status"], rows["a/bare.txt"]["similarity"]) == ("duplicate", 1.0)
    new_id = rows["z/wire.json"]["article_id"]
    assert rows["a/bare.txt"]["canonical_id"] == new_id
    files = {p.stem for p in (clean / "articles").iterdir()}
    assert new_id in files and (old_id == new_id or old_id not in files)
    article = json.loads((clean / "articles" / f"{new_id}.json").read_text())
    assert [s["raw"] for s in article["sources"]] == ["a/bare.txt", "z/wire.json"]
    assert article["author"] == "A. Reporter"


def test_benchmark_scores_pairs_and_ari() -> None:
    """bench/dedup.py's pairwise precision/recall and ARI (its doctests, plus a split and a merge)."""
    import doctest

    import bench.dedup as bench_dedup
    from bench.dedup import pair_scores

    assert doctest.testmod(bench_dedup).failed == 0
    gold = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    assert pair_scores(dict(gold), gold)["ari"] == 1.0
    split = pair_scores({"a": 1, "b": 2, "c": 3, "d": 3, "e": 4}, gold)
    assert (split["precision"], split["recall"]) == (1.0, 0.5)
    merged = pair_scores({"a": 1, "b": 1, "c": 1, "d": 1, "e": 2}, gold)
    assert (merged["precision"], merged["recall"]) == (round(2 / 6, 4), 1.0) and merged["ari"] < 0.5
