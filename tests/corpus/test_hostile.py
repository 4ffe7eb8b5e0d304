"""Hostile input (issue 6), on top of tests/test_bad_input.py: each case ends as a manifest row with a
reason or a clean article, memory stays bounded (peak RSS asserted below), raw/ is never written,
nothing is fetched and nothing is written outside the clean dir."""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from ..helpers import PEAK_RSS_SNIPPET, read_manifest, tree_digest

STORY = ("The harbour board approved new mooring fees on Thursday after a long consultation with the "
         "fishing fleet and the ferry operators, who had warned of higher fares. ") * 3
BOMB_DTD = ('<!DOCTYPE html [<!ENTITY a "lollollollollollollollollollol">'
            + "".join(f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(9)) + "]>")
OTHER = ("Council members debated the new school timetable for an hour before voting to adopt it, with two "
         "abstentions and one vote against the proposal. ") * 3
PEAK_RSS_MB = 600  # for a whole run over every case below, in a fresh process


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html><body><p>FETCHED FROM THE NETWORK</p></body></html>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", _Recorder.hits
    httpd.shutdown()


def _run_measured(raw: Path, clean: Path) -> int:
    """Run the pipeline in a fresh process; its peak RSS in MB."""
    script = PEAK_RSS_SNIPPET + textwrap.dedent(f"""
        import resource
        from cleaners import run_pipeline
        run_pipeline({str(raw)!r}, {str(clean)!r})
        print(peak_rss_mb())
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=600)
    return int(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_hostile_inputs(tmp_path: Path, server) -> None:
    base, hits = server
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET LOCAL FILE CONTENT")
    records = [
        {"title": "../../x", "text": OTHER, "site": "../../../etc", "author": "/etc/passwd", "id": "../../evil",
         "url": "https://gazette.example/a"},
        {"title": "Local file", "text": STORY.replace("harbour", "river"), "url": f"file://{secret}"},
        {"title": "Internal", "text": STORY.replace("harbour", "market"), "url": f"{base}/internal/admin"},
    ]
    (raw / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (raw / "fetchy.html").write_text(
        f'<html><head><link rel="canonical" href="{base}/canonical"><meta http-equiv="refresh" content="0;url={base}/r">'
        f'<base href="file://{secret}"><title>Pier reopens</title></head><body><article><h1>Pier reopens</h1>'
        f'<img src="{base}/img.png"><iframe src="file://{secret}"></iframe><p>{STORY}</p>'
        f'<p><a href="{base}/more">Read more</a></p></article></body></html>')
    (raw / "bomb.html").write_text(BOMB_DTD + f"<html><body><article><p>&j;</p><p>{STORY}</p></article></body></html>")
    (raw / "bomb.xhtml").write_text('<?xml version="1.0"?>' + BOMB_DTD.replace("html [", "html [", 1)
                                    + f"<html><body><p>&j;</p><p>{STORY}</p></body></html>")
    (raw / "external-entity.html").write_text(
        f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body><p>&x;</p><p>{STORY}</p></body></html>')
    with open(raw / "huge.html", "wb") as huge:  # 50 MB page
        huge.write(b"<html><body><article>")
        par = f"<p>{STORY}</p>\n".encode()
        for _ in range(50 * 1024 * 1024 // len(par)):
            huge.write(par)
        huge.write(b"</article></body></html>")
    names = ["with spaces in it.txt", "new\nline.txt", "tab\tand #hash.txt"]
    for k, name in enumerate(names):
        (raw / name).write_text(f"Story {k} about the harbour\n\n" + STORY.replace("fees", f"fees number {k}"))
    (raw / os.fsdecode(b"caf\xe9-latin1-name.txt")).write_text("Cafe story\n\n" + STORY.replace("fleet", "cafe"))
    before, outside = tree_digest(raw), sorted(p.name for p in tmp_path.iterdir())

    peak_mb = _run_measured(raw, clean)
    assert peak_mb < PEAK_RSS_MB, f"peak RSS {peak_mb} MB"

    manifest_bytes = (clean / "manifest.jsonl").read_bytes()
    manifest_bytes.decode("utf-8")  # valid UTF-8 (no surrogates from the odd file name)
    rows = {r["raw"]: r for r in read_manifest(clean)}
    expected = {"records.jsonl#1", "records.jsonl#2", "records.jsonl#3", "fetchy.html", "bomb.html", "bomb.xhtml",
                "external-entity.html", "huge.html", *(n.replace("#", "##") for n in names), "caf\\xe9-latin1-name.txt"}
    assert set(rows) == expected
    assert rows["huge.html"]["status"] == "rejected"
    assert rows["huge.html"]["reason"] == "file is 50 MB, over the 16 MB limit per document"
    for name in expected - {"huge.html"}:  # every other case is cleaned (hostile fields are just text)
        assert rows[name]["status"] in ("canonical", "duplicate"), rows[name]
    assert all(r["status"] != "failed" for r in rows.values())

    # Nothing fetched, no local file read, nothing written but the contract's files.
    assert hits == []
    everything = manifest_bytes + b"".join(p.read_bytes() for p in (clean / "articles").iterdir())
    assert b"TOP SECRET" not in everything and b"FETCHED FROM THE NETWORK" not in everything
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*outside, "clean"])
    assert {p.name for p in clean.iterdir()} == {"manifest.jsonl", "articles", ".newsclean"}
    assert all(re.fullmatch(r"[0-9a-f]{16}\.json", p.name) for p in (clean / "articles").iterdir())
    article = json.loads((clean / "articles" / f"{rows['records.jsonl#1']['canonical_id']}.json").read_text())
    assert article["title"] == "../../x" and article["site_name"] == "../../../etc"  # kept as data, never a path
    assert article["site"] == "gazette.example"  # the grouping key: the URL's registered domain
    # Entity bombs do not expand: the text stays the size of the story.
    for name in ("bomb.html", "bomb.xhtml"):
        text = json.loads((clean / "articles" / f"{rows[name]['canonical_id']}.json").read_text())["text"]
        assert len(text) < 4 * len(STORY), (name, len(text))
    assert tree_digest(raw) == before  # raw/ untouched


@pytest.mark.slow
def test_a_million_tiny_records_are_streamed(tmp_path: Path) -> None:
    """A 1,000,000-record JSONL (17 MB): every record gets a manifest row, memory stays flat."""
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    n = 1_000_000
    with open(raw / "feed.jsonl", "w") as feed:
        for i in range(n):
            feed.write(f'{{"text": "tick {i}"}}\n')
    before = tree_digest(raw)
    script = PEAK_RSS_SNIPPET + textwrap.dedent(f"""
        import resource, time
        from concurrent.futures import ProcessPoolExecutor
        from cleaners import run_pipeline
        t = time.perf_counter()
        with ProcessPoolExecutor(2) as pool:
            summary = run_pipeline({str(raw)!r}, {str(clean)!r}, map_batches=pool.map)
        peak = peak_rss_mb() * 1024
        print(summary.output.documents, peak // 1024, round(time.perf_counter() - t))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=900)
    documents, peak_mb, seconds = map(int, out.stdout.split()[-3:])
    print(f"1M records: {seconds} s, peak RSS {peak_mb} MB")
    assert documents == n
    assert peak_mb < 400, f"peak RSS {peak_mb} MB"  # the file is 17 MB, its manifest ~150 MB: neither held whole
    with open(clean / "manifest.jsonl", "rb") as manifest:
        first = json.loads(manifest.readline())
        count = 1 + sum(1 for _ in manifest)
    assert count == n
    assert first["raw"] == "feed.jsonl#1" and first["status"] == "rejected" and "fewer than 10" in first["reason"]
    assert tree_digest(raw) == before


def test_jsonl_slices_seek_instead_of_rereading(tmp_path: Path) -> None:
    """Slices of a long .jsonl start at byte offsets: reading slice k does not re-read slices 1..k-1."""
    import gzip

    from cleaners.corpus.plan import MIN_SLICE_BYTES, work_items
    from cleaners.io.readers import read_item

    lines = [json.dumps({"title": f"Record {i}", "text": "word " * 40}) + "\n" for i in range(4000)]
    for gz in (False, True):
        path = tmp_path / ("feed.jsonl.gz" if gz else "feed.jsonl")
        data = "".join(lines).encode()
        path.write_bytes(gzip.compress(data) if gz else data)
        items = work_items(path.name, str(path), 200)
        assert len(items) > 1 and items[0].first_line == 1
        assert all(b.first_line == a.last_line + 1 for a, b in zip(items, items[1:]))
        assert items[-1].last_line == 4000
        assert all(i.offset == len("".join(lines[: i.first_line - 1]).encode()) for i in items)
        assert all(len("".join(lines[i.first_line - 1: i.last_line])) >= MIN_SLICE_BYTES for i in items[:-1])
        docs = [d for item in items for d in read_item(item)]
        assert [d.raw for d in docs] == [f"{path.name}#{k}" for k in range(1, 4001)]
        assert docs[2500].meta["title"] == "Record 2500"
