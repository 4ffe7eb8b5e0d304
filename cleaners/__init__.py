"""newsclean's cleaners: pure, importable functions, one module per pipeline step.

One document: :mod:`.io.readers` (raw files to :class:`~.io.readers.RawDocument`) →
:mod:`.encoding` (bytes to repaired text) → :mod:`.extract` (HTML and text dumps) →
:mod:`.boilerplate` (rule table, engine, site templates) → an :class:`~.article.Article` or a
:class:`~.article.Rejection` (:mod:`.article`; :mod:`.document` runs these steps).  Across
documents: :mod:`.dedup` (signatures, verification, clusters), :mod:`.duplicates` (near-duplicate
search in memory, :func:`find_duplicates`); :mod:`.corpus` runs everything
over a folder and owns the storage; :mod:`.views` read a finished
clean dir; :mod:`.settings` resolves the configuration.  Nothing here imports Prefect.

>>> from cleaners import clean_document
>>> article = clean_document(b"Storm closes ferry port\\n\\nThe ferry port closed on Friday as the storm "
...                          b"brought winds of 90mph to the coast, the harbour master said.")
>>> article.title
'Storm closes ferry port'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The public API, resolved on first use (PEP 562): ``import cleaners.io.readers`` stays light
# (the CLI starts Prefect's server sooner), while ``from cleaners import clean_document`` works as usual.
_EXPORTS: dict[str, str] = {
    "Article": "article", "Rejected": "article", "Rejection": "article", "article_id": "article",
    "RULES": "boilerplate", "Rule": "boilerplate", "strip_boilerplate": "boilerplate",
    "run_pipeline": "corpus.run",
    "DuplicateIndex": "duplicates", "find_duplicates": "duplicates",
    "canonical_key": "dedup", "overlap": "dedup", "shingles": "dedup", "signature": "dedup", "text_hash": "dedup",
    "decode": "encoding", "decode_bytes": "encoding", "repair_and_explain": "encoding", "repair_encoding": "encoding",
    "extract_html": "extract", "split_text": "extract",
    "detect_language": "language",
    "clean_document": "document", "clean_raw": "document", "normalise_date": "document",
    "RawDocument": "io.readers",
    "build_report": "views.report", "write_report": "views.report",
    "Settings": "settings", "resolve": "settings",
    "export": "views.export",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from cleaners.article import Article, Rejected, Rejection, article_id
    from cleaners.boilerplate import RULES, Rule, strip_boilerplate
    from cleaners.corpus.run import run_pipeline
    from cleaners.dedup import canonical_key, overlap, shingles, signature, text_hash
    from cleaners.duplicates import DuplicateIndex, find_duplicates
    from cleaners.encoding import decode, decode_bytes, repair_and_explain, repair_encoding
    from cleaners.extract import extract_html, split_text
    from cleaners.language import detect_language
    from cleaners.document import clean_document, clean_raw, normalise_date
    from cleaners.io.readers import RawDocument
    from cleaners.views.report import build_report, write_report
    from cleaners.settings import Settings, resolve


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cleaners' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # resolved once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0"
