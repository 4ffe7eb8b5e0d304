"""Encoding benchmark: real texts in legacy code pages, as mojibake and with stray bytes; is the text recovered?

    python -m bench.encodings [--traf N] [--bbc N] [--skip N] [--json OUT] [--shared DIR] [--show N]

Truths (data outside the repository, ``<shared>/eval``, see its README): the text trafilatura
extracts from the pages of trafilatura's evaluation set (many languages), and the BBC news texts
(first line the headline); ``--skip N`` passes over the first N of each (trafilatura's pages
with enough text; BBC files, from which every k-th is taken) to measure on another sample.  For each truth, the legacy code pages its language uses are those of
the first family of :data:`FAMILIES` that holds its letters; characters a page cannot hold become
``?`` in that page's *original*.  Variants, each scored against its original:

``txt:<page>``      the original as a text dump in the page (no BOM, no declaration);
``html:<page>``     the original as paragraphs of an HTML page in the page, without a charset declaration;
``mojibake:<page>`` the UTF-8 bytes read as the page (ftfy's sloppy codecs) and saved as UTF-8 (1252, 1250, 1251);
``stray``           the UTF-8 file with one non-ASCII character in the family's first code page.

A variant is *recovered* when ``clean_document`` gives the same title and text for it as for its
original in UTF-8 (so extraction differences do not count as encoding errors); variants whose
bytes equal the UTF-8 bytes (ASCII-only texts) are left out.  Figures: the share recovered, the
garbled flag (``encoding.garbled``) on the rest (recall) and on the recovered (false alarms),
per variant (code page) and per variant kind; the flag on the originals themselves as
clean UTF-8 (false flags on real text, but for pages that were garbled at the source); and
ftfy's own test cases (``<shared>/eval/encoding/ftfy``) through
``repair_encoding``.  The truths are kept in a temporary file for the next run with the same
``--traf``/``--bbc``/``--skip``.  Runs against whichever ``cleaners`` is imported (set ``PYTHONPATH`` to
another checkout and run this file as a script to measure that one).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import ftfy.bad_codecs  # noqa: F401 — registers the sloppy-windows-125x codecs

REPO = Path(__file__).resolve().parent.parent
#: Code-page families, likeliest first: a text gets the first family whose first page (or the
#: test page after "/") holds most of its non-ASCII letters.
FAMILIES: tuple[tuple[str, ...], ...] = (
    ("cp1252", "iso8859_15"), ("cp1250", "iso8859_2"), ("cp1254", "iso8859_9"), ("cp1257", "iso8859_13"),
    ("cp1251", "koi8_r", "iso8859_5"), ("cp1253", "iso8859_7"), ("cp1256", "iso8859_6"), ("cp1255", "iso8859_8"),
    ("cp874",), ("shift_jis", "euc_jp"), ("euc_kr",), ("gb18030", "big5"),
)
_TEST_PAGE = {"gb18030": "gbk"}  # gb18030 holds every character: test with its GBK core
MOJIBAKE = ("cp1252", "cp1250", "cp1251")
_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")


def family(text: str) -> tuple[str, ...] | None:
    """The code pages of the first family that holds the most of ``text``'s non-ASCII letters."""
    letters = _LETTER.findall(text)
    if not letters:
        return FAMILIES[0]
    best, held = None, -1
    for pages in FAMILIES:
        page = _TEST_PAGE.get(pages[0], pages[0])
        n = sum(1 for ch in set(letters) if _encodes(ch, page) for _ in range(letters.count(ch)))
        if n > held:
            best, held = pages, n
    return best


def _encodes(ch: str, page: str) -> bool:
    try:
        ch.encode(page)
        return True
    except UnicodeEncodeError:
        return False


def as_html(text: str) -> str:
    """A page of the text: first line the headline, the rest paragraphs; no charset declaration."""
    lines = [line for line in text.split("\n") if line.strip()]
    title = html.escape(lines[0]) if lines else ""
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines[1:])
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\n{body}"
            "</article></body></html>")


def variants(truth: str) -> list[tuple[str, str, str, bytes]]:
    """``(variant name, kind, original text, variant bytes)`` for one truth."""
    pages = family(truth)
    out = []
    for page in pages:
        original = truth.encode(page, errors="replace").decode(page)
        out.append((f"txt:{page}", "text", original, original.encode(page)))
        page_html = as_html(original)
        out.append((f"html:{page}", "html", page_html, page_html.encode(page, errors="replace")))
    utf8 = truth.encode("utf-8")
    for page in MOJIBAKE:
        out.append((f"mojibake:{page}", "text", truth, utf8.decode(f"sloppy-windows-{page[2:]}").encode("utf-8")))
    for i in range(len(truth) // 2, len(truth)):
        ch = truth[i]
        if ord(ch) > 127 and ch.isalpha() and _encodes(ch, pages[0]) and len(ch.encode(pages[0])) == 1:
            out.append(("stray", "text", truth, (truth[:i].encode() + ch.encode(pages[0]) + truth[i + 1:].encode())))
            break
    return [(name, kind, original, data) for name, kind, original, data in out if data != original.encode("utf-8")]


def load_traf(folder: Path, limit: int, skip: int = 0) -> list[tuple[str, str]]:
    """(name, text trafilatura extracts) for the first ``limit`` pages with at least 200 characters
    after the first ``skip`` such pages."""
    import trafilatura

    evaldata = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    out = []
    for url, item in evaldata.items():
        if len(out) >= limit + skip:
            break
        page = next((p for sub in ("cache", "eval") if (p := folder / sub / f"{item['file']}.gz").exists()), None)
        if page is None:
            continue
        text = trafilatura.extract(gzip.decompress(page.read_bytes()), url=url, with_metadata=False)
        if text and len(text) >= 200:
            out.append((f"traf/{item['file']}", unicodedata.normalize("NFC", text)))
    return out[skip:]


def load_bbc(folder: Path, limit: int, skip: int = 0) -> list[tuple[str, str]]:
    """(name, text) of ``limit`` BBC texts, every k-th file (so all sections come) after the first ``skip``."""
    files = sorted(folder.glob("*/*.txt"))[skip:]
    step = max(1, len(files) // max(limit, 1))
    return [(f"bbc/{p.parent.name}/{p.name}", p.read_bytes().decode("utf-8", errors="replace"))
            for p in files[::step][:limit]]


def run(truths: list[tuple[str, str]], show: int) -> dict[str, Any]:
    from cleaners import Rejected, clean_document

    def clean(data: bytes, kind: str) -> tuple[Any, dict]:
        try:
            article = clean_document(data, kind=kind, min_words=1)
        except Rejected as exc:
            return ("rejected", exc.rejection.code), {}
        return (article.title, article.text), article.encoding

    per: dict[str, Counter] = defaultdict(Counter)
    pages: dict[str, Counter] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    alarms: list[dict[str, Any]] = []
    cache: dict[tuple[str, str], Any] = {}
    utf8: Counter = Counter()  # the originals as clean UTF-8: the flag should never fire
    clean_alarms: list[dict[str, Any]] = []
    started = time.process_time()
    for name, truth in truths:
        for variant, kind, original, data in variants(truth):
            key = (original, kind)
            if key not in cache:
                cache[key], clean_encoding = clean(original.encode("utf-8"), kind)
                if cache[key][0] != "rejected":
                    utf8["n"] += 1
                    utf8["flagged"] += bool(clean_encoding.get("garbled"))
                    if clean_encoding.get("garbled") and len(clean_alarms) < show:
                        clean_alarms.append({"doc": name, "clean_utf8_flagged": clean_encoding.get("garbled_reason")})
            want = cache[key]
            if want[0] == "rejected":
                continue
            got, encoding = clean(data, kind)
            recovered, flagged = got == want, bool(encoding.get("garbled"))
            for group in (per[variant.split(":")[0]], pages[variant]):
                group["n"] += 1
                group["recovered"] += recovered
                group["flagged_recovered" if recovered else "flagged_missed"] += flagged
            if recovered and flagged and len(alarms) < show:
                alarms.append({"doc": name, "variant": variant, "reason": encoding.get("garbled_reason")})
            if not recovered and len(misses) < show:
                misses.append({"doc": name, "variant": variant, "detected": encoding.get("detected"),
                               "flagged": flagged, "reason": encoding.get("garbled_reason"),
                               "got": str(got)[:160], "want": str(want)[:160]})
    total = sum(per.values(), Counter())
    return {"by_kind": {k: _figures(v) for k, v in sorted(per.items())}, "all": _figures(total),
            "by_variant": {k: _figures(v) for k, v in sorted(pages.items())},
            "cpu_s": round(time.process_time() - started, 1), "misses": misses,
            "false_alarms": alarms + clean_alarms,
            "clean_utf8": {"texts": utf8["n"], "flagged": round(utf8["flagged"] / max(utf8["n"], 1), 4)}}


def _figures(c: Counter) -> dict[str, Any]:
    missed = c["n"] - c["recovered"]
    return {"variants": c["n"], "recovered": round(c["recovered"] / max(c["n"], 1), 4),
            "flag_recall": round(c["flagged_missed"] / missed, 4) if missed else None, "missed": missed,
            "flag_false_alarms": round(c["flagged_recovered"] / max(c["recovered"], 1), 4)}


def ftfy_cases(folder: Path) -> dict[str, int]:
    """ftfy's own cases through ``repair_encoding``: ``pass`` cases fixed, ``negative`` left alone
    (equal but for newsclean's own settings: curly quotes and full-width forms kept, C0/C1 controls
    dropped, as tests/document/test_encoding.py compares them)."""
    from ftfy.fixes import uncurl_quotes

    from cleaners import repair_encoding

    def norm(s: str) -> str:
        return uncurl_quotes(unicodedata.normalize("NFKC", re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", s)))

    out = {"cases": 0, "ok": 0}
    for name in ("in-the-wild.json", "synthetic.json", "negative.json"):
        for case in json.loads((folder / name).read_text()):
            if case.get("expect", "pass") != "pass":
                continue
            got = repair_encoding(case["original"])
            out["cases"] += 1
            out["ok"] += got == case["fixed"] or norm(got) == norm(case["fixed"])
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--traf", type=int, default=200, help="trafilatura-eval pages (default 200)")
    parser.add_argument("--bbc", type=int, default=100, help="BBC texts (default 100)")
    parser.add_argument("--skip", type=int, default=0,
                        help="pass over the first N trafilatura pages and BBC files (another sample; default 0)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared data folder")
    parser.add_argument("--show", type=int, default=10,
                        help="print this many variants not recovered, and as many flagged but recovered")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    eval_dir = args.shared / "eval"
    if not eval_dir.is_dir():
        sys.exit(f"bench.encodings: no evaluation data at {eval_dir} (see its README)")
    cache = Path(tempfile.gettempdir()) / f"newsclean-bench-encodings-{args.traf}-{args.bbc}{f'-{args.skip}' if args.skip else ''}.json"
    if cache.exists():  # trafilatura's texts of the pages, kept from an earlier run (a temp file)
        truths = [tuple(t) for t in json.loads(cache.read_text(encoding="utf-8"))]
    else:
        truths = load_traf(eval_dir / "extraction" / "trafilatura-eval", args.traf, args.skip)
        truths += load_bbc(eval_dir / "news" / "bbc", args.bbc, args.skip)
        cache.write_text(json.dumps(truths, ensure_ascii=False), encoding="utf-8")
    figures = run(truths, args.show)
    figures["truths"] = len(truths)
    figures["ftfy"] = ftfy_cases(eval_dir / "encoding" / "ftfy")
    for miss in figures["misses"] + figures["false_alarms"]:
        print(json.dumps(miss, ensure_ascii=False))
    print(f"{'variant':20} {'variants':>8} {'recovered':>9} {'missed':>6} {'flag on rest':>12} {'flag on recovered':>17}")
    for kind, f in [*figures["by_variant"].items(), *figures["by_kind"].items(), ("all", figures["all"])]:
        recall = "-" if f["flag_recall"] is None else f"{f['flag_recall']:.3f}"
        print(f"{kind:20} {f['variants']:8d} {f['recovered']:9.4f} {f['missed']:6d} {recall:>12} "
              f"{f['flag_false_alarms']:17.4f}")
    print(f"garbled flag on the originals as clean UTF-8: {figures['clean_utf8']['flagged']:.4f} "
          f"of {figures['clean_utf8']['texts']} (some originals are themselves garbled)")
    print(f"truths {figures['truths']}; ftfy cases {figures['ftfy']['ok']}/{figures['ftfy']['cases']}; "
          f"cpu {figures['cpu_s']} s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
