"""Record keys are unique by construction (issue 12, item 5): one grammar, ``#`` in names escaped,
and an error row never replaces a good record."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

from cleaners.corpus.run import run_pipeline
from cleaners.corpus.store import state_path
from cleaners.io.readers import WorkItem, read_item
from ..helpers import PARAS, read_manifest, tree_digest

STORY = "\n\n".join(PARAS)


def _record(n: int) -> str:
    return json.dumps({"title": f"Record number {n} about topic {n}",
                       "text": f"Topic {n}. " + STORY.replace("fire", f"fire{n}") + f" Unique {n} words here."}) + "\n"


def test_a_damaged_jsonl_gz_keeps_the_records_before_the_damage_and_reports_it_on_its_own_row(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    data = gzip.compress("".join(_record(n) for n in range(1, 41)).encode())
    (raw / "cut.jsonl.gz").write_bytes(data[: int(len(data) * 0.8)])
    (raw / "tail.jsonl.gz").write_bytes(data + b"TRAILING GARBAGE")
    before = tree_digest(raw)
    run_pipeline(raw, tmp_path / "clean")
    rows = {row["raw"]: row for row in read_manifest(tmp_path / "clean")}
    assert tree_digest(raw) == before
    cut = sorted((r for r in rows if r.startswith("cut.jsonl.gz#")), key=lambda r: int(r.split("#")[1]))
    good = [r for r in cut if rows[r]["status"] in ("canonical", "duplicate")]
    errors = [r for r in cut if rows[r]["reason_code"] == "corrupt-gzip"]
    assert good and good[0] == "cut.jsonl.gz#1"  # record 1 is kept
    assert good == [f"cut.jsonl.gz#{n}" for n in range(1, len(good) + 1)]
    assert errors == [f"cut.jsonl.gz#{len(good) + 1}"]
    assert f"from line {len(good) + 1} on" in rows[errors[0]]["reason"]
    assert rows["tail.jsonl.gz#1"]["status"] in ("canonical", "duplicate")
    assert all(rows[f"tail.jsonl.gz#{n}"]["status"] in ("canonical", "duplicate") for n in range(1, 41))
    assert rows["tail.jsonl.gz#41"]["reason_code"] == "corrupt-gzip"


def test_a_file_named_like_a_record_key_gets_its_own_row(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "feed.jsonl").write_text("".join(_record(n) for n in (1, 2, 3)))
    (raw / "feed.jsonl#2").write_text("Not a feed record\n\n" + STORY)
    (raw / "a#b.txt").write_text("A story in a file with a hash\n\n" + STORY.replace("fire", "flood"))
    run_pipeline(raw, tmp_path / "clean")
    rows = {row["raw"]: row for row in read_manifest(tmp_path / "clean")}
    assert set(rows) == {"feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#3", "feed.jsonl##2", "a##b.txt"}
    assert rows["feed.jsonl#2"]["status"] in ("canonical", "duplicate")
    assert rows["feed.jsonl##2"]["reason_code"] == "unsupported-type"
    assert "'.jsonl#2'" in rows["feed.jsonl##2"]["reason"]


def test_keys_of_names_without_a_hash_do_not_change() -> None:
    from cleaners.io.readers import record_key

    assert record_key("site/story.html") == "site/story.html"
    assert record_key("feed.jsonl", 12) == "feed.jsonl#12"
    assert record_key("caf\\xe9 menu.txt") == "caf\\xe9 menu.txt"


def test_keys_read_back_and_never_collide() -> None:
    from cleaners.io.readers import record_key, split_key

    names = ["feed.jsonl", "feed.jsonl#2", "feed.jsonl#", "#", "##", "a#b#c.jsonl", "x.jsonl##1", "dir#/f.jsonl"]
    keys = {}
    for name in names:
        for locator in (None, 1, 2, "<urn:uuid:1>"):
            key = record_key(name, locator)
            assert key not in keys, (key, keys.get(key), (name, locator))
            keys[key] = (name, locator)
            assert split_key(key) == (name, None if locator is None else str(locator))


def test_a_clean_dir_keyed_before_the_escaping_is_rekeyed_on_the_next_run(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a#b.txt").write_text("A story in a file with a hash\n\n" + STORY)
    run_pipeline(raw, tmp_path / "clean")
    with sqlite3.connect(state_path(tmp_path / "clean")) as db:  # as an older newsclean stored it
        db.execute("UPDATE docs SET raw = 'a#b.txt' WHERE raw = 'a##b.txt'")
    run_pipeline(raw, tmp_path / "clean")
    assert [row["raw"] for row in read_manifest(tmp_path / "clean")] == ["a##b.txt"]


def test_a_record_key_is_what_read_item_gives(tmp_path: Path) -> None:
    path = tmp_path / "x#y.jsonl"
    path.write_text(_record(1) + _record(2))
    assert [d.raw for d in read_item(WorkItem("x#y.jsonl", str(path)))] == ["x##y.jsonl#1", "x##y.jsonl#2"]
