"""Step 1 — encoding: bytes to text whatever the charset, then repair, then a verdict.

* :mod:`.detect` — :func:`decode_bytes`: the charset (BOM, UTF-16 without BOM, UTF-8 with a
  local fallback for stray bytes, a declaration, else the code page the evidence favours);
* :mod:`.repair` — :func:`repair_segments` / :func:`repair_and_explain` / :func:`repair_encoding`:
  ftfy line by line (mojibake, HTML entities, control characters, NFC; curly quotes and dashes
  kept as written) and invisible characters out (:func:`remove_invisible`);
* :mod:`.evidence` — the alphabets and code pages of each language (:data:`ALPHABETS`) and what
  decides between readings and flags text that still looks garbled (:func:`garbled_reason`).

Imports no module of ``cleaners`` outside this package; never ``cleaners.corpus``,
``cleaners.views``, ``flows``, Prefect or ``sqlite3``.
"""

from __future__ import annotations

from typing import Any

from cleaners.encoding.detect import CANDIDATES, GUESSED_METHODS, Decoded, NotText, decode_bytes
from cleaners.encoding.evidence import (
    ALPHABETS,
    Fit,
    garbled_reason,
    letter_fit,
    oddities,
    plausibility,
    reading_evidence,
    stray_letters,
    unsure_letters,
)
from cleaners.encoding.repair import (
    RepairLog,
    ftfy_config,
    needs_ftfy,
    remove_invisible,
    repair_and_explain,
    repair_encoding,
    repair_segment,
    repair_segments,
)

__all__ = [
    "ALPHABETS", "CANDIDATES", "FTFY_CONFIG", "GUESSED_METHODS", "Decoded", "Fit", "NotText", "RepairLog", "decode",
    "decode_bytes", "garbled_reason", "letter_fit", "needs_ftfy", "oddities", "plausibility", "reading_evidence", "remove_invisible",
    "repair_and_explain", "repair_encoding", "repair_segment", "repair_segments", "stray_letters", "unsure_letters",
]


def __getattr__(name: str) -> Any:
    """``FTFY_CONFIG`` (:func:`~cleaners.encoding.repair.ftfy_config`), made when first asked for: ftfy is
    imported on first use (PEP 562)."""
    if name == "FTFY_CONFIG":
        return ftfy_config()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def decode(data: bytes) -> str:
    """Bytes to repaired text: :func:`decode_bytes`, then :func:`repair_encoding`.

    >>> decode("naïve “café” – £5".encode("cp1252"))
    'naïve “café” – £5'
    """
    return repair_encoding(decode_bytes(data).text)
