"""URLs: the host, the canonical form used for grouping and for "same URL", and a date in the path.

* :func:`url_host` — the host name without ``www.``;
* :func:`canonical_url` — the page's own ``rel=canonical`` / ``og:url`` where it gives one for the
  same site, AMP variants and tracking parameters removed (courlan's ``normalize_url(strict=True)``
  drops ``utm_*``, ``fbclid`` and the other trackers of its list, and the fragment);
* :func:`url_date` — ``/2025/03/14/`` or ``/20250314/`` in a path, as an ISO date.

The URL as fetched is kept by the caller (``sources``); nothing is fetched here.  Also :func:`site_key`, the registered domain (the ``tld`` package's bundled Public Suffix List).
Imports nothing of ``cleaners``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

# AMP variants of a page (the AMP project's URL conventions as publishers use them): a trailing
# ``/amp`` or ``/amp/`` path segment, ``.amp`` / ``.amp.html`` before the end, an ``amp`` or
# ``outputType=amp`` query parameter (courlan drops the parameter), an ``amp.`` host.
_AMP_PATH = re.compile(r"/amp/?$|\.amp(?=\.html?$)|\.amp$", re.IGNORECASE)
_AMP_QUERY = re.compile(r"(?:^|&)(?:amp(?:=[^&]*)?|outputType=amp|amp_[a-z_]+=[^&]*)(?=&|$)", re.IGNORECASE)
# A date in a URL path: year 19xx/20xx, month, day as path segments or one 8-digit segment.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[-_])|/((?:19|20)\d\d)(\d\d)(\d\d)(?:/|$|[-_])")


def url_host(url: str | None) -> str | None:
    """The host name of a URL, lower-cased, without ``www.``; None without a URL or a host.

    >>> url_host("https://www.Gazette.example/a/b"), url_host("/a/b"), url_host(None)
    ('gazette.example', None, None)
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def strip_amp(url: str) -> str:
    """A URL without its AMP variant markers (path ``/amp``, ``.amp.html``, ``?amp``, ``amp.`` host).

    >>> strip_amp("https://amp.gazette.example/news/story/amp/?amp&id=3")
    'https://gazette.example/news/story?id=3'
    >>> strip_amp("https://gazette.example/news/story.amp.html")
    'https://gazette.example/news/story.html'
    """
    parts = urlsplit(url)
    netloc = re.sub(r"^amp\.", "", parts.netloc, flags=re.IGNORECASE)
    path = _AMP_PATH.sub("", parts.path)
    query = _AMP_QUERY.sub("", parts.query).lstrip("&")
    return urlunsplit((parts.scheme, netloc, path, query, parts.fragment))


def canonical_url(url: str | None, declared: str | None = None) -> str | None:
    """The canonical form of a page's URL: what "same URL" and grouping compare.

    ``declared`` is the page's own ``rel=canonical`` or ``og:url``: used when it is an absolute
    http(s) URL of the same registered site as ``url`` (a page may not move itself to another site),
    or when ``url`` is unknown.  Then AMP markers (:func:`strip_amp`), tracking parameters and the
    fragment are removed and the scheme and host lower-cased (courlan ``normalize_url(strict=True)``).
    A URL courlan cannot read is returned as given, stripped.

    >>> canonical_url("https://www.gazette.example/news/story/amp?utm_source=tw&id=3#top")
    'https://www.gazette.example/news/story?id=3'
    >>> canonical_url("https://m.gazette.co.uk/s?fbclid=x", "https://www.gazette.co.uk/story-123")
    'https://www.gazette.co.uk/story-123'
    >>> canonical_url("https://gazette.example/s", "https://spam.example/elsewhere")
    'https://gazette.example/s'
    >>> canonical_url(None), canonical_url("not a url")
    (None, 'not a url')
    """
    chosen = (url or "").strip() or None
    if declared and re.match(r"^https?://", declared.strip(), re.IGNORECASE):
        declared = declared.strip()
        if chosen is None or site_key(chosen) == site_key(declared):
            chosen = declared
    if chosen is None:
        return None
    if not re.match(r"^https?://", chosen, re.IGNORECASE):
        return chosen
    from courlan import normalize_url

    try:
        return normalize_url(strip_amp(chosen), strict=True)
    except (ValueError, AttributeError):
        return chosen


def url_date(url: str | None) -> str | None:
    """The date a URL's path carries (``/2025/03/14/``, ``/2025-3-14-``, ``/20250314/``), ISO; else None.

    >>> url_date("https://gazette.example/2025/03/14/bridge-reopens/"), url_date("https://g.example/a/20250314/x")
    ('2025-03-14', '2025-03-14')
    >>> url_date("https://gazette.example/2025/13/40/x"), url_date(None)
    (None, None)
    """
    if not url:
        return None
    m = _URL_DATE.search(urlsplit(url).path)
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def site_key(value: str | None) -> str | None:
    """The registered domain of a URL or host name, lower-case; None when neither is given.

    >>> site_key("https://news.bbc.co.uk/world/1"), site_key("www.Gazette.example"), site_key(None)
    ('bbc.co.uk', 'gazette.example', None)
    >>> site_key("https://amp.theguardian.com/world")
    'theguardian.com'
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    url = value if "://" in value else f"http://{value}"
    host = url_host(url)
    if not host or "." not in host:
        return None
    from tld import get_fld  # courlan's dependency; its Public Suffix List is bundled (never updated here)

    try:
        domain = get_fld(f"http://{host}", fail_silently=True)
    except (ValueError, AttributeError):
        domain = None
    return (domain or host).lower()
