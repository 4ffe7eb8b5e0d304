"""Step 2 — extraction: an HTML page or a text dump to a headline, metadata and body blocks.

* :mod:`.html` — HTML through trafilatura (nothing is ever fetched), sniffing (URL hosts now live in :mod:`cleaners.metadata`);
* :mod:`.text` — text dumps split into headline and blocks of lines;
* :mod:`.result` — the :class:`Extracted` result and :class:`ExtractionError` both share.

Owns extraction only.  May import :mod:`cleaners.boilerplate` (the rule table and line
predicates, for headline candidates); never ``cleaners.document``, ``cleaners.corpus``,
``cleaners.views``, ``flows``, Prefect or ``sqlite3``.
"""

from cleaners.extract.html import PRECISE_MIN_SHARE, choose_text, extract_html, looks_like_html
from cleaners.extract.result import ExtractionError, Extracted
from cleaners.extract.text import split_text
from cleaners.metadata.urls import url_host  # moved to cleaners.metadata; kept here for callers

__all__ = ["PRECISE_MIN_SHARE", "ExtractionError", "Extracted", "choose_text", "extract_html", "looks_like_html",
           "split_text", "url_host"]
