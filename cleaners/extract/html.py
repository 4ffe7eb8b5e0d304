"""HTML pages: sniffing, and extraction through trafilatura (text and metadata).

Nothing is ever fetched: trafilatura is given the page, never a URL to download.

Imports :mod:`cleaners.extract.result` only; never ``cleaners.corpus``, ``cleaners.views``,
``flows``, Prefect or ``sqlite3``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.etree

from cleaners.extract.result import ExtractionError, Extracted

#: Share of the default extraction's words that trafilatura's precision mode must keep for its
#: text to be used (:func:`choose_text`): measured on the three HTML evaluation sets (README,
#: "Figures"), where 0.5-0.7 all beat either mode alone.
PRECISE_MIN_SHARE = 0.6
# A page starts with a doctype or one of these tags (after comments), or its first 2,000
# characters hold 5 or more common tags: set by hand, checked on raw/ and the evaluation sets.
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|article|div|p)\b",
                         re.IGNORECASE | re.DOTALL)
_TAG_SAMPLE = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|article|section|li|ul|table|td|img)\b[^>]*>", re.I)
_SNIFF_CHARS = 2000
_MIN_TAGS = 5


def looks_like_html(text: str) -> bool:
    """Whether text is an HTML page or fragment rather than plain text.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Plain <b> text with one tag and a long story after it")
    False
    """
    head = text[:_SNIFF_CHARS]
    return bool(_HTML_START.match(head)) or len(_TAG_SAMPLE.findall(head)) >= _MIN_TAGS


def extract_html(html: str, *, url: str | None = None) -> Extracted:
    """An HTML page to headline, metadata and body (one line per block), through trafilatura.

    Raises :class:`~cleaners.extract.result.ExtractionError` with code ``no-text`` when the page
    holds no article text, ``too-complex`` when it is nested too deeply to parse, ``unparsable``
    when lxml or trafilatura refuses it.

    >>> page = ("<html><head><title>Bridge reopens | Gazette</title><meta name='author' content='Ann Lee'></head>"
    ...         "<body><article><h1>Bridge reopens</h1><p>" + "The bridge reopened on Monday. " * 8 +
    ...         "</p></article></body></html>")
    >>> e = extract_html(page, url="https://gazette.example/bridge")
    >>> e.title, e.meta["author"], e.meta["site"]
    ('Bridge reopens', 'Ann Lee', 'gazette.example')
    >>> extract_html("<html><head><title>Gazette</title></head><body><script>ads()</script></body></html>")
    Traceback (most recent call last):
    ...
    cleaners.extract.result.ExtractionError: no article text found in the HTML page
    """
    import trafilatura  # imported late: text-only users do not pay for it

    options = dict(url=url, include_comments=False, include_tables=True, include_images=False,
                   include_links=False, deduplicate=False)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, **options)
        precise = trafilatura.bare_extraction(html, with_metadata=False, favor_precision=True, **options)
    except (RecursionError, lxml.etree.LxmlError, ValueError) as exc:
        code = "too-complex" if isinstance(exc, RecursionError) else "unparsable"
        raise ExtractionError(code, f"the HTML could not be parsed: {type(exc).__name__}") from exc
    if doc is None or not (doc.text or "").strip():
        raise ExtractionError("no-text", "no article text found in the HTML page")
    text = choose_text(doc.text, precise.text if precise is not None else None)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    meta = {
        "author": _clean_author(doc.author),
        "published": doc.date,
        "url": doc.url or url,
        "site": doc.sitename or doc.hostname or url_host(doc.url or url),
        "description": doc.description,
        "language": doc.language,
    }
    return Extracted(doc.title, [[line] for line in lines], meta)


def choose_text(default: str, precise: str | None) -> str:
    """trafilatura's precision-favouring text, unless it lost much of the page's text.

    Its precision mode drops more related links, teasers and widgets, and sometimes
    whole parts of a story: its text is kept when it has at least
    :data:`PRECISE_MIN_SHARE` of the words of the default extraction.

    >>> choose_text("one two three four five", "one two three"), choose_text("one two three four five", "one")
    ('one two three', 'one two three four five')
    """
    if precise and precise.strip() and len(precise.split()) >= PRECISE_MIN_SHARE * len(default.split()):
        return precise
    return default


def _clean_author(author: str | None) -> str | None:
    """trafilatura's ``a; b`` author list without empty or padded names.

    >>> _clean_author(" Ann Lee ;; Tom Hale; "), _clean_author(" ; ")
    ('Ann Lee; Tom Hale', None)
    """
    if not author:
        return None
    return "; ".join(part.strip() for part in author.split(";") if part.strip()) or None


def url_host(url: str | None) -> str | None:
    """The host name of a URL, without ``www.``; None without a URL or a host.

    >>> url_host("https://www.gazette.example/a/b"), url_host("/a/b"), url_host(None)
    ('gazette.example', None, None)
    """
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
