"""Where one process's CPU goes when cleaning a folder: the standard profiler (``cProfile``) over
:func:`cleaners.document.clean_raw` for every document a run would read, summed by stage, with a
digest of the outputs.

    python -m bench.profile_stages RAW_DIR [--top 20] [--no-profile]

Every file of ``RAW_DIR`` is read as a run reads it (:func:`cleaners.io.walk.walk` and
:func:`cleaners.io.readers.read_item`: ``.gz``, the records of a ``.jsonl``, WARC, feeds) and cleaned
with the default :class:`~cleaners.settings.Settings`, its first folder as the site hint, in one
process, in walk order.  Printed: the documents, the CPU seconds (``time.process_time``; under the
profiler, which slows Python code more than C code, unless ``--no-profile``), and a digest (SHA-256
of every result's ``repr``, in order, first 16 hex digits).  Equal digests from two checkouts say
their outputs are identical: run the file of one checkout on the other's cleaners with
``PYTHONPATH=OTHER python bench/profile_stages.py RAW_DIR`` from the other's root.  Then the cumulative
seconds of each stage in :data:`STAGES` (a stage inside another is counted in both) and the
``--top`` functions by their own time.  ``RAW_DIR``: e.g. the ``raw/`` of ``bench.corpus.generate``,
or the eval pages (``../shared/eval/extraction/*/``).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import pstats
import time
from pathlib import Path

#: Stages reported: label -> (end of the source file's path, function name), as ``pstats`` keys them.
STAGES: tuple[tuple[str, tuple[str, str]], ...] = (
    ("clean_document (all)", ("cleaners/document.py", "clean_document")),
    ("decode bytes", ("cleaners/encoding/detect.py", "decode_bytes")),
    ("encoding repair", ("cleaners/document.py", "_repair")),
    ("extract_html (all HTML extraction)", ("cleaners/extract/html.py", "extract_html")),
    ("  trafilatura bare_extraction (both modes)", ("trafilatura/core.py", "bare_extraction")),
    ("    its metadata", ("trafilatura/metadata.py", "extract_metadata")),
    ("    its readability fallback", ("trafilatura/external.py", "try_readability")),
    ("  page metadata", ("cleaners/metadata/page.py", "page_metadata")),
    ("split_text (text dumps)", ("cleaners/extract/text.py", "split_text")),
    ("  find_headline", ("cleaners/extract/headline.py", "find_headline")),
    ("strip_boilerplate (rule engine)", ("cleaners/boilerplate/engine.py", "strip_boilerplate")),
    ("  rule tries (_match)", ("cleaners/boilerplate/engine.py", "_match")),
    ("detect_language", ("cleaners/language.py", "detect_language")),
    ("resolve_metadata", ("cleaners/metadata/resolve.py", "resolve_metadata")),
)


def documents(raw: Path):
    """``(site hint, RawDocument)`` for every document of ``raw``, as a run reads them."""
    from cleaners.io.readers import WorkItem, read_item, walk

    for rel, path in walk(raw):
        site = rel.split("/")[0] if "/" in rel else None
        for doc in read_item(WorkItem(rel, str(path))):
            yield site, doc


def run(raw: Path, profiler: cProfile.Profile | None) -> tuple[int, str, float]:
    """Clean every document of ``raw``; returns ``(documents, digest, CPU seconds)``."""
    from cleaners.document import clean_raw
    from cleaners.settings import Settings

    settings, digest, n = Settings(), hashlib.sha256(), 0
    docs = list(documents(raw))  # read first: the reading is not the cleaning
    started = time.process_time()
    if profiler is not None:
        profiler.enable()
    for site, doc in docs:
        digest.update(repr(clean_raw(doc, settings, site_hint=site)).encode("utf-8", "surrogatepass"))
        n += 1
    if profiler is not None:
        profiler.disable()
    return n, digest.hexdigest()[:16], time.process_time() - started


def stage_seconds(stats: pstats.Stats) -> list[tuple[str, int, float]]:
    """``(label, calls, cumulative seconds)`` of each stage of :data:`STAGES` the profile holds."""
    found = {label: (0, 0.0) for label, _ in STAGES}
    for (filename, _, name), (_, calls, _, cumulative, _) in stats.stats.items():  # pstats' documented layout
        for label, (suffix, function) in STAGES:
            if name == function and filename.replace("\\", "/").endswith(suffix):
                c, s = found[label]
                found[label] = (c + calls, s + cumulative)
    return [(label, *found[label]) for label, _ in STAGES]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_stages", description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", type=Path, help="a folder of raw files")
    parser.add_argument("--top", type=int, default=20, help="functions listed by their own time")
    parser.add_argument("--no-profile", action="store_true", help="CPU and digest only, without the profiler")
    args = parser.parse_args(argv)
    if not args.raw.is_dir():
        raise SystemExit(f"{args.raw} is not a folder")

    profiler = None if args.no_profile else cProfile.Profile()
    n, digest, cpu = run(args.raw, profiler)
    print(f"{n} documents, digest {digest}, CPU {cpu:.2f} s{' under cProfile' if profiler else ''}")
    if profiler is None:
        return
    stats = pstats.Stats(profiler)
    print(f"\n{'stage':44} {'calls':>8} {'seconds':>8} {'share':>6}")
    for label, calls, seconds in stage_seconds(stats):
        print(f"{label:44} {calls:8d} {seconds:8.2f} {seconds / cpu:6.1%}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    print("\n" + out.getvalue().split("\n\n", 1)[-1].strip())


if __name__ == "__main__":
    main()
