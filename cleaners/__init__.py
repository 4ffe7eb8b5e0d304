"""newsclean's cleaners: pure, importable functions, one module per pipeline step.

Steps: :mod:`.readers` (raw files) → :mod:`.encoding` (bytes to repaired text) →
:mod:`.extractors` (HTML and text dumps) → :mod:`.boilerplate` (rule table and
engine) → :mod:`.dedup` (signatures, verification, clusters) → :mod:`.writers`
(atomic output).  :mod:`.corpus` runs them over a folder; :mod:`.report` and
:mod:`.export` read a finished clean dir; :mod:`.settings` resolves the
configuration.  Nothing here imports Prefect.

>>> from cleaners import clean_document
>>> article = clean_document(b"Storm closes ferry port\\n\\nThe ferry port closed on Friday as the storm "
...                          b"brought winds of 90mph to the coast, the harbour master said.")
>>> article.title
'Storm closes ferry port'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The public API, resolved on first use (PEP 562): ``import cleaners.readers`` stays light
# (the CLI starts Prefect's server sooner), while ``from cleaners import clean_document`` works as usual.
_EXPORTS: dict[str, str] = {
    "Article": "article", "article_id": "article",
    "RULES": "boilerplate", "Rule": "boilerplate", "strip_boilerplate": "boilerplate",
    "run_pipeline": "corpus",
    "canonical_key": "dedup", "overlap": "dedup", "shingles": "dedup", "signature": "dedup", "text_hash": "dedup",
    "decode": "encoding", "decode_bytes": "encoding", "repair_and_explain": "encoding", "repair_encoding": "encoding",
    "extract_html": "extractors", "split_text": "extractors",
    "detect_language": "language",
    "Rejected": "pipeline", "clean_document": "pipeline", "normalise_date": "pipeline",
    "build_report": "report", "write_report": "report",
    "Settings": "settings", "resolve": "settings",
}
__all__ = sorted([*_EXPORTS, "export"])

# Imported at once: ``cleaners.export`` names this function (as it always has), not the module of that name.
from .export import export  # noqa: E402

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from .article import Article, article_id
    from .boilerplate import RULES, Rule, strip_boilerplate
    from .corpus import run_pipeline
    from .dedup import canonical_key, overlap, shingles, signature, text_hash
    from .encoding import decode, decode_bytes, repair_and_explain, repair_encoding
    from .extractors import extract_html, split_text
    from .language import detect_language
    from .pipeline import Rejected, clean_document, normalise_date
    from .report import build_report, write_report
    from .settings import Settings, resolve


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
