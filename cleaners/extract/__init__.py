"""Step 2 — extraction: an HTML page or a text dump to a headline, metadata and body blocks.

HTML goes through trafilatura (text and metadata; nothing is ever fetched: it is
given the page, never a URL to download).  Text dumps — ``.txt`` files and the
``text`` of scraper records — are split into headline and blocks of lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.etree

MAX_HEADLINE_WORDS = 30
MAX_HEADLINE_CHARS = 300
HEADLINE_SEARCH_BLOCKS = 8
PRECISE_MIN_SHARE = 0.6  # see choose_text  # the headline is looked for among the first lines of a dump
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|article|div|p)\b",
                         re.IGNORECASE | re.DOTALL)
_TAG_SAMPLE = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|article|section|li|ul|table|td|img)\b[^>]*>", re.I)
_BLANK = re.compile(r"\n\s*\n")


class ExtractionError(ValueError):
    """The page holds no article text; the message says why."""


@dataclass
class Extracted:
    """What extraction found: headline, metadata, and the body as blocks of lines."""

    title: str | None
    blocks: list[list[str]]
    meta: dict[str, str | None] = field(default_factory=dict)


def looks_like_html(text: str) -> bool:
    """Whether text is an HTML page or fragment rather than plain text.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Plain <b> text with one tag and a long story after it")
    False
    """
    head = text[:2000]
    return bool(_HTML_START.match(head)) or len(_TAG_SAMPLE.findall(head)) >= 5


def split_text(text: str, *, title: str | None = None) -> Extracted:
    r"""A text dump to headline and blocks: blocks are separated by blank lines.

    The headline is a short line near the top that the dump repeats (scrapers
    often print it more than once), else the first headline-like line of four
    words or more.  Lines above it stay in the blocks for the boilerplate rules
    to judge.  With ``title`` known (a scraper record's), no line is taken out.

    >>> e = split_text("Flood warning lifted\n\nThe river fell overnight.\nRoads reopened.\n\nMore later.")
    >>> e.title, e.blocks
    ('Flood warning lifted', [['The river fell overnight.', 'Roads reopened.'], ['More later.']])
    >>> split_text("WORLD — News\n\nRiver bursts banks\n\nRiver bursts banks\n\nThe river burst its banks.").title
    'River bursts banks'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [[line.strip() for line in chunk.split("\n") if line.strip()] for chunk in _BLANK.split(text)]
    blocks = [b for b in blocks if b]
    if title is not None:
        return Extracted(title, blocks)
    from cleaners.boilerplate import matching_rule  # a breadcrumb or an "Advertisement" is never the headline

    top = [(b, k, line) for b, block in enumerate(blocks[:HEADLINE_SEARCH_BLOCKS]) for k, line in enumerate(block)
           if not matching_rule(line)][:HEADLINE_SEARCH_BLOCKS]
    candidates = [(b, k, line) for b, k, line in top if _is_headline(line)]
    counts = Counter(_norm(line) for _, _, line in top)
    chosen = next((c for c in candidates if counts[_norm(c[2])] > 1), None)
    if chosen is None:
        chosen = next((c for c in candidates if len(c[2].split()) >= 4), candidates[0] if candidates else None)
    if chosen is None or (len(blocks) == 1 and len(blocks[0]) == 1):
        return Extracted(None, blocks)
    b, k, headline = chosen
    blocks[b] = blocks[b][:k] + blocks[b][k + 1:]
    return Extracted(headline, [block for block in blocks if block])


def _norm(line: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", line.casefold()).split())


def _is_headline(line: str) -> bool:
    """Short, one line, and not ending like a sentence or a clause.

    >>> _is_headline("Ferry strike called off: unions claim victory"), _is_headline("The ferry sailed.")
    (True, False)
    """
    return (len(line.split()) <= MAX_HEADLINE_WORDS and len(line) <= MAX_HEADLINE_CHARS
            and not line.endswith((".", ",", ";", ":")))


def extract_html(html: str, *, url: str | None = None) -> Extracted:
    """An HTML page to headline, metadata and body, through trafilatura.

    Raises :class:`ExtractionError` when the page holds no article text.

    >>> page = ("<html><head><title>Bridge reopens | Gazette</title><meta name='author' content='Ann Lee'></head>"
    ...         "<body><article><h1>Bridge reopens</h1><p>" + "The bridge reopened on Monday. " * 8 +
    ...         "</p></article></body></html>")
    >>> e = extract_html(page, url="https://gazette.example/bridge")
    >>> e.title, e.meta["author"], e.meta["site"]
    ('Bridge reopens', 'Ann Lee', 'gazette.example')
    """
    import trafilatura  # imported late: text-only users do not pay for it

    options = dict(url=url, include_comments=False, include_tables=True, include_images=False,
                   include_links=False, deduplicate=False)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, **options)
        precise = trafilatura.bare_extraction(html, with_metadata=False, favor_precision=True, **options)
    except (RecursionError, lxml.etree.LxmlError, ValueError) as exc:
        raise ExtractionError(f"the HTML could not be parsed: {type(exc).__name__}") from exc
    if doc is None or not (doc.text or "").strip():
        raise ExtractionError("no article text found in the HTML page")
    text = choose_text(doc.text, precise.text if precise is not None else None)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    meta = {
        "author": _clean_author(doc.author),
        "published": doc.date,
        "url": doc.url or url,
        "site": doc.sitename or doc.hostname or _host(doc.url or url),
        "description": doc.description,
        "language": doc.language,
    }
    return Extracted(doc.title, [[line] for line in lines], meta)


def choose_text(default: str, precise: str | None) -> str:
    """trafilatura's precision-favouring text, unless it lost much of the page's text.

    Its precision mode drops more related links, teasers and widgets, and sometimes
    whole parts of a story: its text is kept when it has at least
    :data:`PRECISE_MIN_SHARE` of the words of the default extraction.  Measured on
    all three HTML sets (README, "Figures"): 0.5-0.7 all do better than either mode alone.

    >>> choose_text("one two three four five", "one two three"), choose_text("one two three four five", "one")
    ('one two three', 'one two three four five')
    """
    if precise and precise.strip() and len(precise.split()) >= PRECISE_MIN_SHARE * len(default.split()):
        return precise
    return default


def _clean_author(author: str | None) -> str | None:
    if not author:
        return None
    return "; ".join(part.strip() for part in author.split(";") if part.strip()) or None


def _host(url: str | None) -> str | None:
    """The site's host name, without ``www.``.

    >>> _host("https://www.gazette.example/a/b")
    'gazette.example'
    """
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
