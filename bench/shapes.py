"""Time and peak memory of reading the many-document shapes: a JSON array, a WARC.gz, a feed.

Run from the repository root::

    .venv/bin/python -m bench.shapes                    # 100,000 array items, 20,000 WARC records, 2,000 feed items
    .venv/bin/python -m bench.shapes --items 1000000 --json shapes.json

Each file is written to a temporary folder (never the repository) in its scraper's shape: a
Scrapy ``-o items.json`` array of ``{"url", "title", "body"}`` items (2 KB each), a ``.warc.gz``
of gzip members alternating ``request`` and ``response`` records (a 2 KB HTML page each), an RSS
feed of ``content:encoded`` items.  Each is then read, not cleaned, by
:func:`cleaners.io.readers.read_item` in a fresh process; figures per shape: file size in MB,
documents read, records skipped (WARC requests), wall seconds, and the peak RSS in MB of that
process (``ru_maxrss``).  The promise it checks (README, "Input shapes"): an array and a WARC are
streamed, so the peak stays flat whatever the file's size; a feed is parsed whole and capped at
``FEED_FACTOR × max_bytes``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BODY = "The harbour board reopened the north quay on Monday after repairs to the sea wall. " * 24


def write_array(path: Path, n: int) -> None:
    with open(path, "w") as out:
        out.write("[\n")
        for i in range(n):
            item = {"url": f"https://gazette.example/{i}", "title": f"Story {i}", "body": BODY}
            out.write(json.dumps(item) + (",\n" if i < n - 1 else "\n"))
        out.write("]")


def _record(rec_type: str, i: int, block: bytes, content_type: str) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {rec_type}\r\nWARC-Record-ID: <urn:uuid:{rec_type}-{i}>\r\n"
            f"WARC-Target-URI: https://gazette.example/{i}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return gzip.compress(head + block + b"\r\n\r\n", compresslevel=1)


def write_warc(path: Path, n: int) -> None:
    page = f"<html><head><title>Story</title></head><body><p>{BODY}</p></body></html>".encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    with open(path, "wb") as out:
        for i in range(n // 2):
            out.write(_record("request", i, b"GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"))
            out.write(_record("response", i, http, "application/http; msgtype=response"))


def write_feed(path: Path, n: int) -> None:
    items = "".join(f"<item><guid>g{i}</guid><title>Story {i}</title><link>https://gazette.example/{i}</link>"
                    f"<content:encoded><![CDATA[<p>{BODY}</p>]]></content:encoded></item>" for i in range(n))
    path.write_text('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                    f"<title>Gazette</title>{items}</channel></rss>")


def _read(path: str) -> None:
    """In the child process: read every document of one file, print the counts and the peak RSS."""
    from cleaners.io.readers import WorkItem, read_item

    t = time.perf_counter()
    docs = skipped = 0
    for doc in read_item(WorkItem(Path(path).name, path)):
        skipped += bool(doc.skip)
        docs += doc.data is not None
    print(json.dumps({"documents": docs, "skipped": skipped, "seconds": round(time.perf_counter() - t, 2),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="items in the JSON array")
    parser.add_argument("--records", type=int, default=20_000, help="records in the WARC (half requests)")
    parser.add_argument("--feed-items", type=int, default=2_000, help="items in the feed")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--read", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        _read(args.read)
        return
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, write, n in (("items.json", write_array, args.items), ("crawl.warc.gz", write_warc, args.records),
                               ("feed.rss", write_feed, args.feed_items)):
            path = Path(tmp, name)
            write(path, n)
            out = subprocess.run([sys.executable, "-m", "bench.shapes", "--read", str(path)], check=True,
                                 capture_output=True, text=True)
            figures[name] = {"mb": round(path.stat().st_size / 2**20, 1), **json.loads(out.stdout)}
            print(name, figures[name], flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
