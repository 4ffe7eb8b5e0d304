"""Bad input: each case gets a manifest row with a specific reason (or is cleaned), the run completes,
memory stays bounded and raw/ is never written.  Runs the pipeline without Prefect (the flow
calls the same functions; tests/test_flow.py runs it through Prefect's engine)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cleaners import Rejection, Settings, clean_raw, run_pipeline
from cleaners.io.readers import MiB, WorkItem, read_item, walk

from ..helpers import PEAK_RSS_SNIPPET, read_manifest, tree_digest

STORY = ("The county council approved a new budget for road repairs on Tuesday, after months of "
         "complaints from drivers about potholes on rural lanes. ") * 4
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _story(title: str = "Council approves road repair budget") -> str:
    return f"{title}\n\n{STORY}\n\n{STORY}\n"


@pytest.fixture
def bad_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    (raw / "random.txt").write_bytes(os.urandom(4096))
    (raw / "image.html").write_bytes(PNG)
    (raw / "truncated.html").write_text(
        "<html><head><title>Council approves road repair budget</title></head><body><article><h1>Council approves"
        " road repair budget</h1><p>" + STORY + "</p><p>" + STORY[:120])
    (raw / "deep.html").write_text("<html><body>" + "<div>" * 20000 + "<p>deep</p>" + "</div>" * 20000 + "</body></html>")
    (raw / "broken.json").write_text('{"title": "x", "text": ')
    (raw / "mixed.jsonl").write_text(
        json.dumps({"title": "Council approves road repair budget", "text": STORY}) + "\n"
        + "{not json\n"
        + json.dumps({"url": "https://gazette.example/x"}) + "\n")
    (raw / "nul.txt").write_bytes(_story().encode().replace(b"months", b"mon\x00ths"))
    (raw / "utf16.txt").write_bytes(b"\xff\xfe" + _story().encode("utf-16-le"))
    with gzip.open(raw / "bomb.txt.gz", "wb") as gz:
        for _ in range(40):
            gz.write(b"\0" * MiB)  # 40 MB of zeros: ~40 KB compressed
    (raw / "big.txt").write_bytes(b"Big\n\n" + (STORY.encode() + b"\n\n") * (30 * MiB // len(STORY)))
    (raw / "data.pdf").write_bytes(b"%PDF-1.4 not an article")
    (raw / "folder.html").mkdir()
    (raw / "folder.html" / "inside.txt").write_text(_story("Inside a folder named like a page"))
    (raw / "loop").symlink_to(raw / "loop")
    (raw / "dirloop").mkdir()
    (raw / "dirloop" / "up").symlink_to(raw, target_is_directory=True)
    return raw


EXPECTED_REASONS = {
    "empty.txt": "empty file",
    "random.txt": "binary data, not text",
    "image.html": "not a text document: the bytes are a PNG image",
    "broken.json": "invalid JSON: Expecting value",
    "mixed.jsonl#2": "invalid JSON",
    "mixed.jsonl#3": "JSON record has no html, text, content or body",
    "bomb.txt.gz": "gzip expands to over 16 MB",
    "big.txt": "MB, over the 16 MB limit per document",
    "data.pdf": "unsupported file type ('.pdf')",
}


def test_every_bad_input_gets_a_specific_reason_and_the_run_completes(bad_raw: Path, tmp_path: Path) -> None:
    before = tree_digest(bad_raw)
    clean = tmp_path / "clean"
    summary = run_pipeline(bad_raw, clean)
    rows = {r["raw"]: r for r in read_manifest(clean)}

    for raw, reason in EXPECTED_REASONS.items():
        assert rows[raw]["status"] == "rejected", rows[raw]
        assert reason in rows[raw]["reason"], (raw, rows[raw]["reason"])
    # Damaged but holding an article: cleaned.
    for raw in ("truncated.html", "mixed.jsonl#1", "nul.txt", "utf16.txt", "folder.html/inside.txt"):
        assert rows[raw]["status"] in ("canonical", "duplicate"), rows[raw]
    nul_article = json.loads((clean / "articles" / f"{rows['nul.txt']['canonical_id']}.json").read_text())
    assert "\x00" not in nul_article["text"]
    # 20,000 nested elements: a clear reason, not a crash.
    assert rows["deep.html"]["status"] == "rejected" and rows["deep.html"]["reason"]
    # Symlink loops are walked past; nothing else is in the manifest.
    assert set(rows) == set(EXPECTED_REASONS) | {"truncated.html", "mixed.jsonl#1", "nul.txt", "utf16.txt",
                                                  "folder.html/inside.txt", "deep.html"}
    assert all(r["status"] != "failed" for r in rows.values())
    assert summary.output.documents == len(rows)
    assert tree_digest(bad_raw) == before  # raw/ never written


EXPECTED_CODES = {
    "empty.txt": "empty", "random.txt": "binary", "image.html": "binary", "broken.json": "invalid-json",
    "mixed.jsonl#2": "invalid-json", "mixed.jsonl#3": "no-content", "bomb.txt.gz": "too-large", "big.txt": "too-large",
    "data.pdf": "unsupported-type",
}


def test_every_bad_input_gets_its_reason_code(bad_raw: Path) -> None:
    """Each rejection carries the code of its kind beside the manifest's sentence (the same sentence)."""
    results = {doc.raw: clean_raw(doc, Settings()) for rel, path in walk(bad_raw) for doc in read_item(WorkItem(rel, str(path)))}
    for raw, code in EXPECTED_CODES.items():
        assert isinstance(results[raw], Rejection) and results[raw].code == code, (raw, results[raw])
        assert EXPECTED_REASONS[raw] in results[raw].message, (raw, results[raw])


def test_unreadable_files_get_their_codes(tmp_path: Path) -> None:
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(_story().encode())[:40])
    (tmp_path / "list.json").write_text('"a string"')  # (a top-level array is a list of records: tests/io)
    (tmp_path / "long.jsonl").write_text(json.dumps({"text": STORY}) + "\n")

    def rejection(name: str, max_bytes: int = 16 * MiB) -> Rejection | None:
        (doc,) = read_item(WorkItem(name, str(tmp_path / name)), max_bytes=max_bytes)
        return doc.rejection

    assert rejection("cut.txt.gz").code == "corrupt-gzip"
    assert rejection("list.json") == Rejection("not-a-record", "JSON record is a string, not an object with html, "
                                                               "text, content or body")
    assert rejection("long.jsonl", max_bytes=100) == Rejection("too-large", "line 1: record is over the 100 bytes "
                                                                            "limit per document")
    assert rejection("gone.txt") == Rejection("vanished", "file vanished while the run was reading it")


def test_memory_stays_bounded_on_bad_input(bad_raw: Path, tmp_path: Path) -> None:
    """Peak RSS of a whole run over the bad inputs (gzip bomb, 30 MB file, deep HTML) stays under 500 MB."""
    script = PEAK_RSS_SNIPPET + textwrap.dedent(f"""
        import resource, sys
        from cleaners import run_pipeline
        run_pipeline({str(bad_raw)!r}, {str(tmp_path / 'clean')!r})
        print(peak_rss_mb())
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    peak_mb = int(out.stdout.strip().splitlines()[-1])
    assert peak_mb < 500, f"peak RSS {peak_mb} MB"


def test_size_cap_is_a_setting(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(_story())
    run_pipeline(raw, tmp_path / "clean", Settings(max_bytes=100))
    (row,) = read_manifest(tmp_path / "clean")
    assert row["status"] == "rejected"
    assert row["reason"] == "file is 1.1 KB, over the 100 bytes limit per document"
