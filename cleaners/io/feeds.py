"""RSS and Atom feeds through feedparser: ``.rss``, ``.atom``, ``.xml`` whose root is ``rss``, ``feed`` or ``rdf:RDF``.

Each item is a document keyed by its guid (Atom ``id``), else its index in the feed (from 0); a
locator met twice in one feed gets ``@index`` added, so keys stay unique.
An item carrying the full article — RSS ``content:encoded``, Atom ``content`` — is cleaned as
HTML (:func:`as_page`; or text, when the feed says ``text/plain``) with its ``link``, ``title``, ``author`` and
date (``published``, else ``updated``) as metadata and the feed's title as the site.  An item with
only a summary (RSS ``description``, Atom ``summary``) is not an article: it is rejected
(``summary-only``) with a sentence saying so.  A feed is parsed whole (feedparser has no
stream), so a feed file is capped at :data:`FEED_FACTOR` × ``max_bytes``, each item's content at
``max_bytes``.

Field names: the RSS 2.0 specification and the RSS content module (``content:encoded``), RFC
4287 (Atom), as feedparser's documented ``entries`` keys (https://feedparser.readthedocs.io,
"Common RSS Elements", "Common Atom Elements").  Imports only :mod:`cleaners.article` of the package.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cleaners.article import Rejection

#: A feed file may be this many times ``max_bytes`` (it holds many items; set by hand: 64 MB by default).
FEED_FACTOR = 4
FEED_EXTS = frozenset({".rss", ".atom"})
# The root element of a feed, after the XML declaration, comments, processing instructions and a DOCTYPE.
_ROOT = re.compile(rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(rss|feed|rdf:RDF)[\s>/]", re.S | re.I)
_HEAD = 4096  # bytes looked at for the root element


def is_feed(head: bytes) -> bool:
    """Whether a document's first bytes open an RSS, Atom or RSS 1.0 (RDF) feed.

    >>> is_feed(b'<?xml version="1.0"?>\\n<!-- x -->\\n<rss version="2.0"><channel>')
    True
    >>> is_feed(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    False
    """
    head = head[:_HEAD].lstrip(b"\xef\xbb\xbf")
    return _ROOT.match(head) is not None


@dataclass
class FeedItem:
    """One item of a feed: a document (``data``) or a rejection, with its metadata."""

    locator: str
    data: str | None = None
    kind: str | None = None  # 'html' | 'text'
    meta: dict[str, str] = field(default_factory=dict)
    rejection: Rejection | None = None


def feed_items(data: bytes, max_bytes: int) -> Iterator[FeedItem]:
    """Every item of a feed's bytes.  A feed feedparser cannot read at all is one item ``0`` rejected.

    >>> rss = (b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
    ...        b'<title>Gazette</title><item><guid>g-1</guid><link>https://x.example/a</link><title>Storm</title>'
    ...        b'<content:encoded><![CDATA[<p>Full story.</p>]]></content:encoded></item>'
    ...        b'<item><link>https://x.example/b</link><description>Teaser</description></item></channel></rss>')
    >>> [(i.locator, i.kind, i.meta.get("site"), i.rejection and i.rejection.code) for i in feed_items(rss, 10_000)]
    [('g-1', 'html', 'Gazette', None), ('1', None, 'Gazette', 'summary-only')]
    """
    import feedparser  # imported late: only feeds need it

    parsed = feedparser.parse(data)
    if not parsed.entries and parsed.get("bozo"):
        yield FeedItem("0", rejection=Rejection("unparsable", f"the feed could not be parsed: "
                                                f"{_reason(parsed.get('bozo_exception'))}"))
        return
    site = _clean(parsed.feed.get("title"))
    seen: set[str] = set()
    for index, entry in enumerate(parsed.entries):
        guid = _clean(entry.get("id"))
        locator = guid if guid and not guid.startswith("#") else str(index)
        if locator in seen:  # a guid given twice, or equal to another item's index
            locator = f"{locator}@{index}"
        seen.add(locator)
        meta = {k: v for k, v in (("url", _clean(entry.get("link"))), ("title", _clean(entry.get("title"))),
                                  ("author", _author(entry)),
                                  ("published", _clean(entry.get("published") or entry.get("updated"))),
                                  ("site", site)) if v}
        content = _full_content(entry)
        if content is None:
            what = "a summary" if entry.get("summary") else "no content"
            yield FeedItem(locator, meta=meta, rejection=Rejection(
                "summary-only", f"feed item has {what} only, no full article (content:encoded or Atom content): "
                                "clean the linked pages instead"))
            continue
        value, kind = content
        if len(value.encode("utf-8", "replace")) > max_bytes:
            yield FeedItem(locator, meta=meta, rejection=Rejection(
                "too-large", f"feed item content is over the limit per document ({max_bytes} bytes)"))
            continue
        yield FeedItem(locator, as_page(value, meta.get("title")) if kind == "html" else value, kind, meta)


def as_page(fragment: str, title: str | None) -> str:
    """A feed item's HTML content as a page: the fragment inside ``<article>``, under its title.

    A feed carries the article's body, not a page; extraction (trafilatura) looks for the main
    content of a page and finds none in a bare fragment, so the fragment is given the page it lacks.
    Content that already is a page is left as it is.

    >>> as_page("<p>Body</p>", "A & B")
    '<html><head><title>A &amp; B</title></head><body><article><p>Body</p></article></body></html>'
    """
    if re.match(r"\s*<(!doctype|html)\b", fragment, re.I):
        return fragment
    return (f"<html><head><title>{html.escape(title or '', quote=False)}</title></head>"
            f"<body><article>{fragment}</article></body></html>")


def _full_content(entry: Any) -> tuple[str, str] | None:
    """The item's full content and its kind: HTML first, else plain text; ``None`` when it has none."""
    parts = [c for c in entry.get("content") or () if (c.get("value") or "").strip()]
    for part in parts:
        if "html" in (part.get("type") or "text/html"):
            return part["value"], "html"
    return (parts[0]["value"], "text") if parts else None


def _author(entry: Any) -> str | None:
    names = [a.get("name") for a in entry.get("authors") or () if a.get("name")]
    return _clean(", ".join(names) if names else entry.get("author"))


def _clean(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _reason(exc: Any) -> str:
    return " ".join(str(exc).split())[:200] if exc else "not a feed"
