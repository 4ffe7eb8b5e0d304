"""What a run may touch: RAW_DIR and CLEAN_DIR checked against each other before any work.

:func:`folder_problem` is a pure check (it reads the two folders' places and CLEAN_DIR's listing,
writes nothing) returning the sentence that refuses the run, or ``None``.  ``newsclean run``
prints it and exits 2; the Prefect flow fails with it, so a deployment refuses too.

Refused: CLEAN_DIR equal to RAW_DIR (also through links or relative paths), CLEAN_DIR inside
RAW_DIR (the run would read its own outputs back), RAW_DIR inside CLEAN_DIR's own outputs
(``articles/``, ``.newsclean/``), RAW_DIR under ``/proc``, ``/sys`` or ``/dev``, and — unless
``force`` — CLEAN_DIR an existing folder holding files but no newsclean state (a folder of the
user's, whose files the run would mix with its outputs).  RAW_DIR inside CLEAN_DIR is fine: the
walk leaves CLEAN_DIR's outputs out (:data:`OUTPUTS`).
"""

from __future__ import annotations

import os
from pathlib import Path

from cleaners.corpus.store import STATE_DIR
from cleaners.io.publish import ARTICLES
from cleaners.io.readers import forbidden, inside

#: What newsclean writes in CLEAN_DIR (besides ``.newsclean/``): never read as raw input.
OUTPUTS = (ARTICLES, "manifest.jsonl", "report.html", "articles.parquet", "articles.jsonl", STATE_DIR)
#: Files a fresh folder may hold and still be taken as empty (version control and desktop placeholders).
PLACEHOLDERS = frozenset({".gitkeep", ".keep", ".gitignore", ".DS_Store", "Thumbs.db", "desktop.ini"})


def folder_problem(raw_dir: str | os.PathLike[str], clean_dir: str | os.PathLike[str], *,
                   force: bool = False) -> str | None:
    """Why a run over ``raw_dir`` into ``clean_dir`` must not start, or ``None`` when it may.

    Both are compared as real paths (links and ``..`` resolved; CLEAN_DIR need not exist yet).

    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> folder_problem(work / "raw", work / "clean") is None
    True
    >>> folder_problem(work / "raw", work / "raw" / ".." / "raw")  # doctest: +ELLIPSIS
    'CLEAN_DIR must not be RAW_DIR: ... is both (the run would write its outputs among the raw files)'
    >>> folder_problem(work / "raw", work / "raw" / "clean")  # doctest: +ELLIPSIS
    'CLEAN_DIR must not be inside RAW_DIR: ...'
    >>> print(folder_problem(work / "clean" / "articles", work / "clean"))  # doctest: +ELLIPSIS
    RAW_DIR must not be inside CLEAN_DIR's own outputs: .../clean/articles is where a run writes articles
    >>> (work / "mine").mkdir(); _ = (work / "mine" / "notes.txt").write_text("x")
    >>> folder_problem(work / "raw", work / "mine")  # doctest: +ELLIPSIS
    'CLEAN_DIR ... is a folder of other files (notes.txt), not a clean folder of newsclean: ...'
    >>> folder_problem(work / "raw", work / "mine", force=True) is None
    True
    """
    raw = os.path.realpath(raw_dir)
    clean = os.path.realpath(clean_dir)
    if raw == clean:
        return (f"CLEAN_DIR must not be RAW_DIR: {raw} is both (the run would write its outputs among "
                "the raw files)")
    if inside(clean, raw):
        return (f"CLEAN_DIR must not be inside RAW_DIR: {clean} is inside {raw} (every run would read "
                "its own outputs back as input); choose a folder beside it")
    if forbidden(raw):
        return f"RAW_DIR {raw} is under /proc, /sys or /dev: newsclean never reads there"
    for name in OUTPUTS:
        output = os.path.join(clean, name)
        if raw == output:
            return f"RAW_DIR must not be inside CLEAN_DIR's own outputs: {raw} is where a run writes {name}"
        if inside(raw, output):
            return f"RAW_DIR must not be inside CLEAN_DIR's own outputs: {raw} is inside {output}"
    if not force and os.path.isdir(clean) and not os.path.isdir(os.path.join(clean, STATE_DIR)):
        try:
            holds_raw = os.path.relpath(raw, clean).split(os.sep)[0] if inside(raw, clean) else None
            others = sorted(n for n in os.listdir(clean) if n not in PLACEHOLDERS and n != holds_raw)
        except OSError:
            return None  # the writability check that follows says what is wrong
        if others:
            shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            return (f"CLEAN_DIR {Path(clean_dir)} is a folder of other files ({shown}), not a clean folder of "
                    "newsclean: choose a new or empty folder, or pass --force to write there anyway "
                    "(newsclean never deletes a file it did not write, but replaces manifest.jsonl and "
                    "report.html)")
    return None
