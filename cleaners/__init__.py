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

from .article import Article, article_id
from .boilerplate import RULES, Rule, strip_boilerplate
from .corpus import run_pipeline
from .dedup import canonical_key, overlap, shingles, signature, text_hash
from .encoding import decode, decode_bytes, repair_and_explain, repair_encoding
from .export import export
from .extractors import extract_html, split_text
from .language import detect_language
from .pipeline import Rejected, clean_document, normalise_date
from .report import build_report, write_report
from .settings import Settings, resolve

__all__ = [
    "RULES", "Article", "Rejected", "Rule", "Settings", "article_id", "build_report", "canonical_key",
    "clean_document", "decode", "decode_bytes", "detect_language", "export", "extract_html", "normalise_date",
    "overlap", "repair_and_explain", "repair_encoding", "resolve", "run_pipeline", "shingles", "signature",
    "split_text", "strip_boilerplate", "text_hash", "write_report",
]
__version__ = "0.1.0"
