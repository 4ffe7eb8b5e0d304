"""The pipeline a user writes in an afternoon: the denominator of ``bench.perf``'s speed ratios.

As issue 16 describes it, one process, nothing clever::

    python -m bench.peers.handwritten RAW_DIR OUT_DIR

For each file of RAW_DIR in sorted order: an HTML page through
``trafilatura.bare_extraction(data, with_metadata=True)``; a text dump through
``ftfy.fix_text(data.decode("utf-8", "replace"))`` with its first line as the title; a JSON
record's (or each JSONL line's, ``.jsonl.gz`` too) ``text``/``content``. Then ``ftfy.fix_text`` on the text, a
datasketch ``MinHash(num_perm=128)`` over word 5-grams, a ``MinHashLSH(threshold=0.8)`` query:
a hit makes the document a duplicate, else it is inserted and written as JSON to
``OUT_DIR/articles/<n>.json``; a ``manifest.jsonl`` at the end. Prints one JSON line:
``{"documents": int, "kept": int, "duplicates": int, "skipped": int, "seconds": float}``
(seconds of the loop, imports excluded).

It runs in newsclean's own venv (trafilatura, ftfy and datasketch are its dependencies), so
the versions compared are the same.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from pathlib import Path

import ftfy
import trafilatura
from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")
HTML_EXTS = {".html", ".htm"}
TEXT_EXTS = {".txt"}
JSON_EXTS = {".json", ".jsonl"}


def documents(path: Path):
    """(key, title, text) of each document in one file; nothing for a shape the user did not handle."""
    data = path.read_bytes()
    ext = path.suffix.lower()
    if ext == ".gz":
        data, ext = gzip.decompress(data), Path(path.stem).suffix.lower()
    if ext in HTML_EXTS:
        doc = trafilatura.bare_extraction(data, with_metadata=True)
        if doc is not None:
            doc = doc if isinstance(doc, dict) else doc.as_dict()
            yield str(path), doc.get("title"), doc.get("text") or ""
    elif ext in TEXT_EXTS:
        text = ftfy.fix_text(data.decode("utf-8", "replace"))
        title, _, body = text.partition("\n")
        yield str(path), title.strip(), body
    elif ext in JSON_EXTS:
        lines = data.decode("utf-8", "replace").splitlines() if ext == ".jsonl" else [data.decode("utf-8", "replace")]
        for n, line in enumerate(lines, 1):
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict):
                yield f"{path}#{n}", rec.get("title"), rec.get("text") or rec.get("content") or ""


def main(raw: str, out: str) -> dict:
    start = time.perf_counter()
    out_dir = Path(out)
    (out_dir / "articles").mkdir(parents=True, exist_ok=True)
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    manifest, kept, dups, skipped, n = [], 0, 0, 0, 0
    for path in sorted(p for p in Path(raw).rglob("*") if p.is_file()):
        for key, title, text in documents(path):
            n += 1
            text = ftfy.fix_text(text)
            words = WORD.findall(text.lower())
            if not words:
                skipped += 1
                manifest.append({"raw": key, "status": "empty"})
                continue
            m = MinHash(num_perm=128)
            m.update_batch([" ".join(words[i:i + 5]).encode() for i in range(max(len(words) - 4, 1))])
            hits = lsh.query(m)
            if hits:
                dups += 1
                manifest.append({"raw": key, "status": "duplicate", "of": hits[0]})
                continue
            lsh.insert(key, m)
            kept += 1
            (out_dir / "articles" / f"{kept}.json").write_text(
                json.dumps({"raw": key, "title": title, "text": text}, ensure_ascii=False))
            manifest.append({"raw": key, "status": "kept"})
    with open(out_dir / "manifest.jsonl", "w") as fh:
        fh.writelines(json.dumps(row) + "\n" for row in manifest)
    return {"documents": n, "kept": kept, "duplicates": dups, "skipped": skipped,
            "seconds": round(time.perf_counter() - start, 3)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
