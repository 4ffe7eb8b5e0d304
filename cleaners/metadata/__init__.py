"""Metadata: authors, published dates, canonical URLs, site keys and titles without the site name.

* :mod:`.author` — names out of bylines and author fields (:data:`~.author.BYLINES`, the byline table);
* :mod:`.dates` — dates in any shape and language to ISO 8601, and the choice among candidates;
* :mod:`.urls` — hosts, canonical URLs (courlan), dates in URL paths;
* :mod:`.sites` — the registered-domain ``site`` key, site names, titles without them;
* :mod:`.page` — what a parsed HTML page declares (canonical link, site name, article dates,
  byline elements).

Per document, like :mod:`cleaners.extract`: never imports ``cleaners.corpus``, ``cleaners.views``,
``flows``, Prefect or ``sqlite3``.
"""

from cleaners.metadata.author import BYLINES, clean_authors, join_authors, parse_byline
from cleaners.metadata.dates import as_date, choose_published, date_in_text, normalise_date
from cleaners.metadata.sites import is_site_name, name_key, site_key, strip_site_suffix
from cleaners.metadata.urls import canonical_url, url_date, url_host

__all__ = ["BYLINES", "as_date", "canonical_url", "choose_published", "clean_authors", "date_in_text", "is_site_name",
           "join_authors", "name_key", "normalise_date", "parse_byline", "site_key", "strip_site_suffix", "url_date",
           "url_host"]
