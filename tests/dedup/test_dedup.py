"""Step 4: signatures, verification, clusters and the canonical policy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from cleaners import Settings, clean_document, run_pipeline
from cleaners.dedup import canonical_key, clusters, lean_minhash, overlap, shingles, signature, text_hash

from ..helpers import RAW_SAMPLES
from ..helpers import PARAS, STORY, read_manifest, write_file as _write



def test_signature_estimates_jaccard() -> None:
    a, b = shingles(STORY), shingles("\n\n".join(PARAS[:4]))
    est = lean_minhash(signature(a)).jaccard(lean_minhash(signature(b)))
    assert abs(est - overlap(a, b).jaccard) < 0.15
    assert len(signature(a)) == 128 * 4  # compact: 4 bytes a permutation


def test_signature_equals_datasketch_minhash_of_the_same_set() -> None:
    """signature() computes datasketch's affine32 MinHash itself (numpy blocks); the bytes must not change."""
    from datasketch import MinHash

    from cleaners.dedup.minhash import signature_shingles

    rng = np.random.default_rng(7)
    sets = [np.empty(0, dtype=np.uint32), np.array([0, 2**32 - 1], dtype=np.uint32),
            np.unique(rng.integers(0, 2**32, 9000, dtype=np.uint64).astype(np.uint32)),  # more than one block
            signature_shingles("the ferry port closed on friday as the storm brought high winds")]
    for shingle_set in sets:
        for num_perm in (64, 128):
            mh = MinHash(num_perm=num_perm, seed=1, hashfunc=int, scheme="affine32")
            if len(shingle_set):
                mh.update_batch(shingle_set.astype(np.uint64))
            assert signature(shingle_set, num_perm) == mh.hashvalues.astype(np.uint32).tobytes()


def test_permutations_are_datasketchs_own() -> None:
    from datasketch import MinHash

    from cleaners.dedup.minhash import _permutations

    for num_perm in (16, 128, 256):
        a, b = _permutations(num_perm)
        expected = MinHash(num_perm=num_perm, seed=1, scheme="affine32").permutations
        assert (a == expected[0]).all() and (b == expected[1]).all()


def test_a_signature_is_computed_without_importing_datasketch() -> None:
    """What a pool worker does per document (issue 16: datasketch and scipy cost 0.6 s a process)."""
    import subprocess
    import sys

    code = ("import sys; from cleaners.dedup.minhash import text_signature; text_signature('a b c d e f g'); "
            "print('datasketch' in sys.modules, 'scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_text_signature_equals_signature_of_sorted_shingles() -> None:
    """text_signature skips the sort; the signature bytes must be those of signature(signature_shingles(...))."""
    from cleaners.dedup.minhash import signature_shingles, text_signature

    texts = ["", "one", "too short here", " ".join(f"w{i % 37}" for i in range(3000)),  # repeated shingles
             "The “Mayor’s” plan — 2026! 滨江地铁起步价将涨至三元 and the port closed on friday"]
    for text in texts:
        for k in (2, 3, 5):
            assert text_signature(text, k, 64) == signature(signature_shingles(text, k), 64)


def test_text_hash_of_words_equals_text_hash_of_text() -> None:
    from cleaners.dedup import words

    text = "The “Mayor’s” plan — 2026! 地铁票价"
    assert text_hash(words(text)) == text_hash(text) != text_hash(words(text)[1:])


def test_normalisation_ignores_case_punctuation_and_spacing() -> None:
    assert text_hash(STORY) == text_hash(STORY.upper().replace(",", "").replace("\n\n", " "))
    assert np.array_equal(shingles(STORY), shingles(STORY.replace(".", " .")))


def test_verification_jaccard_and_containment() -> None:
    trimmed = "\n\n".join(PARAS[:4])
    embedded = "\n\n".join(["An unrelated paragraph about the weather this weekend across the region."] * 3 + PARAS)
    assert overlap(shingles(STORY), shingles(trimmed)).containment == 1.0
    ov = overlap(shingles(STORY), shingles(embedded))
    assert ov.containment == 1.0 and ov.jaccard < 0.9
    assert ov.is_copy(0.95, 0.8) and not ov.is_copy(0.95, 1.01)


def test_clusters_are_connected_components() -> None:
    assert clusters("abcde", [("a", "b"), ("c", "d"), ("d", "e")]) == [["a", "b"], ["c", "d", "e"]]


def test_canonical_policy_order() -> None:
    base = {"raw": "z", "words": 500, "published": "2026-01-02", "title": "t"}
    longer = {**base, "raw": "y", "words": 501}
    earlier = {**base, "raw": "x", "published": "2026-01-01"}
    richer = {**base, "raw": "w", "author": "A. Writer"}
    first_path = {**base, "raw": "a"}
    assert min([base, longer, earlier], key=canonical_key) is longer  # most complete text
    assert min([base, earlier, richer], key=canonical_key) is earlier  # then earliest published
    assert min([base, richer], key=canonical_key) is richer  # then richest metadata
    assert min([base, first_path], key=canonical_key) is first_path  # then raw path
    undated = {**base, "raw": "b", "published": None}
    assert min([undated, base], key=canonical_key) is base  # dated before undated


def test_syndicated_copies_cluster_and_the_most_complete_is_canonical(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _write(raw, "a/full.txt", "Timber yard fire\n\n" + STORY + "\n\nFollow us on social media")
    _write(raw, "b/trimmed.txt", "Blaze at timber yard\n\n" + "\n\n".join(PARAS[:4]))
    _write(raw, "c/edited.txt", "Timber yard fire\n\n" + STORY.replace("40 residents", "forty residents"))
    _write(raw, "d/other.txt", "Library to close\n\n" + " ".join(
        f"The council will close the old library in {m} after a vote on spending, officials said." for m in
        ("May", "June", "July", "August")))
    run_pipeline(raw, tmp_path / "clean")
    rows = {r["raw"]: r for r in read_manifest(tmp_path / "clean")}
    canonical = rows["a/full.txt"]
    assert canonical["status"] == "canonical"
    for copy in ("b/trimmed.txt", "c/edited.txt"):
        assert rows[copy]["status"] == "duplicate"
        assert rows[copy]["canonical_id"] == canonical["article_id"]
        assert 0 < rows[copy]["similarity"] < 1
    assert rows["d/other.txt"]["status"] == "canonical"
    article = json.loads((tmp_path / "clean" / "articles" / f"{canonical['article_id']}.json").read_text())
    assert [s["raw"] for s in article["sources"]] == ["a/full.txt", "b/trimmed.txt", "c/edited.txt"]
    assert sorted((tmp_path / "clean" / "articles").iterdir()) == sorted(
        tmp_path / "clean" / "articles" / f"{rows[r]['article_id']}.json" for r in ("a/full.txt", "d/other.txt"))


def test_raw_samples_syndicated_pair_clusters_and_same_event_stories_stay_apart(tmp_path: Path) -> None:
    run_pipeline(RAW_SAMPLES, tmp_path / "clean")
    rows = {r["raw"]: r for r in read_manifest(tmp_path / "clean")}
    assert rows["lakesidetimes/lowmoor-water-sharing-deal.txt"]["status"] == "duplicate"
    assert (rows["lakesidetimes/lowmoor-water-sharing-deal.txt"]["canonical_id"]
            == rows["meridianwire/lowmoor-reservoir-record-low.json"]["article_id"])
    # Two outlets' own stories on the same storm: same event, different articles.
    assert rows["harbourgazette/storm-orla-floods-quayside.txt"]["status"] == "canonical"
    assert rows["civicledger/storm-orla-emergency-fund-row.txt"]["status"] == "canonical"
    assert sum(r["status"] == "duplicate" for r in rows.values()) == 1


def test_the_two_seeds_are_different_articles_on_the_same_story(shared: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(shared / "seeds", raw, ignore=shutil.ignore_patterns("*.json"))
    run_pipeline(raw, tmp_path / "clean")
    assert [r["status"] for r in read_manifest(tmp_path / "clean")] == ["canonical", "canonical"]


def test_exact_copy_is_a_duplicate_with_similarity_one(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _write(raw, "a.txt", "Timber yard fire\n\n" + STORY)
    _write(raw, "b.txt", "TIMBER YARD FIRE\n\n" + STORY.replace("\n\n", "\n\n\n"))
    run_pipeline(raw, tmp_path / "clean")
    a, b = read_manifest(tmp_path / "clean")
    assert (a["status"], b["status"], b["similarity"]) == ("canonical", "duplicate", 1.0)


def test_a_copy_arriving_in_a_later_run_joins_and_a_better_copy_becomes_canonical(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    _write(raw, "a/trimmed.txt", "Timber yard fire\n\n" + "\n\n".join(PARAS[:4]))
    run_pipeline(raw, clean)
    first_id = read_manifest(clean)[0]["article_id"]
    _write(raw, "b/full.txt", "Timber yard fire\n\n" + STORY)
    run_pipeline(raw, clean)
    rows = {r["raw"]: r for r in read_manifest(clean)}
    assert rows["b/full.txt"]["status"] == "canonical"
    assert rows["a/trimmed.txt"]["status"] == "duplicate"
    assert rows["a/trimmed.txt"]["canonical_id"] == rows["b/full.txt"]["article_id"]
    assert not (clean / "articles" / f"{first_id}.json").exists()  # no orphan


def test_two_runs_equal_one_run(tmp_path: Path) -> None:
    """Feeding the samples in two runs (as hourly scrapes: each run's raw dir holds only the new
    files) ends with the same manifest and articles as one run over all of them."""
    one, two = tmp_path / "one", tmp_path / "two"
    run_pipeline(RAW_SAMPLES, one)
    files = sorted(p for p in RAW_SAMPLES.rglob("*") if p.is_file())
    for k, part in enumerate((files[1::2], files[0::2])):  # the syndicated pair lands in different runs
        hour = tmp_path / f"hour{k}"
        for path in part:
            dest = hour / path.relative_to(RAW_SAMPLES)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
        run_pipeline(hour, two)
    assert read_manifest(one) == read_manifest(two)
    assert {p.name: p.read_bytes() for p in (one / "articles").iterdir()} == {
        p.name: p.read_bytes() for p in (two / "articles").iterdir()}
