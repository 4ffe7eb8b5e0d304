"""Metadata benchmark: title, author and published date against gold, newsclean beside trafilatura alone.

    nice .venv/bin/python -m bench.metadata [--limit N] [--jobs N] [--json OUT] [--shared DIR] [--show FIELD]

Data (outside the repository, ``<shared>/eval/README.md``): trafilatura's evaluation set
(``eval/extraction/trafilatura-eval/evaldata.json`` carries gold ``title``, ``author`` and ``date``
for 845, 538 and 728 pages) and the seeds (``<shared>/seeds/*.gold.json``: title, author).  A page
counts for a field when its gold value is not empty.  Scoring is exact after normalising case and
whitespace (Unicode NFC, runs of whitespace to one space, ``str.casefold``); a date compares its
first ten characters (the calendar date of an ISO 8601 value); several authors compare as their
names in order, however the list is written (the gold writes "A und B", "A, B", ``["A", "B"]``;
the extractors "A; B": :data:`AUTHOR_LIST`).  An extractor that raises scores
as empty output on that page.

* ``trafilatura`` — ``trafilatura.bare_extraction(html, url=..., with_metadata=True)``: its
  ``title``, ``author`` and ``date`` (which come from htmldate with ``original_date``);
* ``newsclean`` — ``cleaners.clean_document(data, url=...)`` (``min_words=0``: a page whose text
  is too short for the corpus still has its metadata scored): ``title``, ``author``, ``published``.

Nothing is fetched: connections are refused while it runs.  ``--show author`` prints every page
where the two extractors differ on that field, for reading the failures (never for writing rules
that match these pages: rules stay general news patterns).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench.extraction import decode_html, fail, prepare_process, read_input

REPO = Path(__file__).resolve().parent.parent
FIELDS = ("title", "author", "date")


#: How a list of authors is written, in the gold and in the outputs alike: ``;``, ``,``, ``&``, ``/``
#: or the word "and" of the eval set's languages between names ("A und B", "A, B", "A; B").
AUTHOR_LIST = re.compile(r"\s*(?:[;,&/]|\s(?:and|und|et|y)\s)\s*")


def norm(value: Any, field: str) -> str:
    """A value as it is compared: NFC, whitespace runs to one space, case-folded; a date's first 10
    chars; an author list (a JSON list, or names joined as :data:`AUTHOR_LIST`) as its names joined by "; ".

    >>> norm("  Ann\\u00a0LEE ", "author"), norm("2024-03-01T10:00:00+01:00", "date")
    ('ann lee', '2024-03-01')
    >>> norm("Ann Lee und Tom Hale", "author") == norm(["Ann Lee", "Tom Hale"], "author") == norm("Ann Lee; Tom Hale", "author")
    True
    """
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = " ".join(unicodedata.normalize("NFC", str(value)).split()).casefold()
    if field == "author":
        return "; ".join(part for part in AUTHOR_LIST.split(text) if part)
    return text[:10] if field == "date" else text


def run_trafilatura(data: bytes, url: str | None) -> dict[str, str | None]:
    """trafilatura alone, default metadata extraction."""
    import trafilatura

    doc = trafilatura.bare_extraction(decode_html(data), url=url, with_metadata=True)
    if doc is None:
        return {"title": None, "author": None, "date": None}
    return {"title": doc.title, "author": doc.author, "date": doc.date}


def run_newsclean(data: bytes, url: str | None, kind: str = "html") -> dict[str, str | None]:
    """newsclean's ``clean_document`` (``min_words=0``)."""
    from cleaners import clean_document

    article = clean_document(data, kind=kind, url=url, min_words=0)
    return {"title": article.title, "author": article.author, "date": article.published}


RUNNERS = {"trafilatura": run_trafilatura, "newsclean": run_newsclean}


def load(shared: Path, limit: int | None) -> list[dict[str, Any]]:
    """Pages of the trafilatura eval set and the seeds: ``{key, path, url, kind, gold: {field: value}}``."""
    folder = shared / "eval" / "extraction" / "trafilatura-eval"
    if not (folder / "evaldata.json").exists():
        fail(f"{folder}/evaldata.json not found (see {shared}/eval/README.md; --shared DIR)")
    evaldata = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    docs = []
    for url, item in evaldata.items():
        gold = {field: item.get(field) for field in FIELDS if item.get(field)}
        if not gold:
            continue
        page = next((p for sub in ("cache", "eval") if (p := folder / sub / f"{item['file']}.gz").exists()), None)
        if page is None:
            fail(f"trafilatura-eval page {item['file']} not found under cache/ or eval/")
        docs.append({"set": "traf", "key": item["file"], "path": str(page), "url": url, "kind": "html", "gold": gold})
    for gold_file in sorted((shared / "seeds").glob("*.gold.json")):
        record = json.loads(gold_file.read_text(encoding="utf-8"))
        gold = {field: record.get(field) for field in ("title", "author") if record.get(field)}
        docs.append({"set": "seeds", "key": gold_file.name, "url": None, "kind": "text", "gold": gold,
                     "path": str(gold_file.with_name(gold_file.name.removesuffix(".gold.json") + ".txt"))})
    return docs[:limit] if limit else docs


def run_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """Both extractors on one page: ``{extractor: {field: value}}`` (``error`` on a crash)."""
    data = read_input(Path(doc["path"]))
    out: dict[str, Any] = {}
    for name, runner in RUNNERS.items():
        if doc["kind"] != "html" and name == "trafilatura":
            out[name] = {"title": None, "author": None, "date": None}
            continue
        try:
            out[name] = runner(data, doc["url"], doc["kind"]) if name == "newsclean" else runner(data, doc["url"])
        except Exception as exc:  # noqa: BLE001 — a rejection or crash scores as empty output
            out[name] = {"title": None, "author": None, "date": None, "error": f"{type(exc).__name__}: {exc}"}
    return out


def score(docs: list[dict[str, Any]], outputs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Exact-match accuracy per field and extractor over the pages with gold for that field."""
    figures: dict[str, dict[str, Any]] = {}
    for field in FIELDS:
        pages = [(d, o) for d, o in zip(docs, outputs, strict=True) if d["gold"].get(field)]
        row: dict[str, Any] = {"pages": len(pages)}
        for name in RUNNERS:
            hits = sum(norm(o[name].get(field), field) == norm(d["gold"][field], field) for d, o in pages)
            row[name] = round(hits / max(len(pages), 1), 3)
        figures[field] = row
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.metadata", description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--json", type=Path, default=None, help="write figures and per-page outputs here")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared data folder")
    parser.add_argument("--show", choices=FIELDS, default=None, help="print the pages where the extractors differ")
    args = parser.parse_args(argv)
    docs = load(args.shared, args.limit)
    with ProcessPoolExecutor(args.jobs, initializer=prepare_process, initargs=("trafilatura",)) as pool:
        outputs = list(pool.map(run_doc, docs, chunksize=8))
    figures = score(docs, outputs)
    if args.show:
        for doc, out in zip(docs, outputs, strict=True):
            gold = doc["gold"].get(args.show)
            ours, theirs = out["newsclean"].get(args.show), out["trafilatura"].get(args.show)
            if gold and norm(ours, args.show) != norm(theirs, args.show):
                mark = "+" if norm(ours, args.show) == norm(gold, args.show) else (
                    "-" if norm(theirs, args.show) == norm(gold, args.show) else " ")
                print(f"{mark} {doc['key'][:40]:40} gold={gold!r} ours={ours!r} traf={theirs!r}")
    print(f"{'field':8} {'pages':>6} {'newsclean':>10} {'trafilatura':>12} {'gain':>7}")
    for field, row in figures.items():
        print(f"{field:8} {row['pages']:>6} {row['newsclean']:>10.3f} {row['trafilatura']:>12.3f} "
              f"{row['newsclean'] - row['trafilatura']:>+7.3f}")
    errors = sum(1 for o in outputs if "error" in o["newsclean"])
    print(f"newsclean raised on {errors} of {len(docs)} pages (scored as empty)", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "pages": [
            {"key": d["key"], "gold": d["gold"], **o} for d, o in zip(docs, outputs, strict=True)]},
            ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
