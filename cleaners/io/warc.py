"""WARC files (``.warc``, ``.warc.gz``): the pages of a crawl, record by record, through warcio.

Each ``response`` record whose HTTP payload is HTML or text (by its ``Content-Type``; a record
without one is sniffed downstream) is a document: :class:`WarcItem` with the payload (the HTTP
body, transfer and content encodings undone by warcio), ``WARC-Target-URI`` as ``url``,
``WARC-Date`` as ``fetched`` (kept in the raw document's ``meta``; the article has no field for
it) and the ``Content-Type`` charset as a decoding hint.  ``resource`` records of HTML or text
(some tools store pages so) are documents too.  Every other record — ``request``, ``metadata``,
``warcinfo``, ``revisit``, a ``response`` of an image or a script, a ``response`` whose HTTP
status is not 2xx (a redirect, an error page) — is not a document: it comes back as an item with
``skip`` naming what it is, for the run summary's counts (no manifest row).

A damaged record (a header that does not parse, a broken gzip member) comes back with a
``rejection`` (``damaged-record``), keyed by its byte offset in the file (``byte-1234``); the
reader then looks for the next record (the next gzip member, or the next ``WARC/1.x`` line) and
reads on, so one bad record never loses the rest of a crawl.  A payload over ``max_bytes`` is
``too-large`` (the rest of the record is skipped, not read into memory).

The format: ISO 28500 (WARC 1.0/1.1), as warcio reads it (https://github.com/webrecorder/warcio).
Imports only :mod:`cleaners.article` and :mod:`cleaners.io.files` of the package.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from cleaners.article import Rejection
from cleaners.io.files import human_size

#: Payload media types read as documents (the rest of ``text/*`` too); set by hand from what pages are served as.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
#: Media types under ``text/`` that are not articles (style sheets, scripts, data).
NOT_ARTICLES = frozenset({"text/css", "text/javascript", "text/csv", "text/calendar", "text/x-component",
                          "text/xml", "text/vtt", "text/event-stream"})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
# How far ahead of a damaged record the next one is looked for, in bytes read at a time.
_SCAN_CHUNK = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"(?:^|\n)WARC/1\.[01]\r?\n")


@dataclass
class WarcItem:
    """One record of a WARC file: a document (``data``), a record that is not one (``skip``), or a damaged one."""

    locator: str  # the WARC-Record-ID (``<urn:uuid:...>``), or ``byte-N`` when the record could not be read
    data: bytes | None = None
    kind: str | None = None  # 'html' | 'text' | None (sniff)
    meta: dict[str, str] = field(default_factory=dict)  # url, fetched (WARC-Date)
    charset: str | None = None  # the HTTP Content-Type charset, a hint for decoding
    skip: str = ""  # what the record is when it is not a document ("warc request", ...)
    rejection: Rejection | None = None


def media_type(content_type: str | None) -> tuple[str, str | None]:
    """The media type (lower case) and charset of a ``Content-Type`` header value.

    >>> media_type("text/html; charset=ISO-8859-1"), media_type(None)
    (('text/html', 'ISO-8859-1'), ('', None))
    """
    if not content_type:
        return "", None
    m = _CHARSET.search(content_type)
    return content_type.split(";")[0].strip().lower(), (m.group(1) if m else None)


def document_kind(mime: str) -> str | None:
    """``"html"``, ``"text"``, ``""`` (sniff: no type given) or ``None`` (not an article) for a media type.

    >>> document_kind("text/html"), document_kind("text/plain"), document_kind(""), document_kind("image/png")
    ('html', 'text', '', None)
    """
    if mime in HTML_TYPES:
        return "html"
    if mime in TEXT_TYPES or (mime.startswith("text/") and mime not in NOT_ARTICLES):
        return "text"
    return "" if not mime else None


def warc_items(stream: BinaryIO, max_bytes: int, start: int = 0, end: int = 0) -> Iterator[WarcItem]:
    """Every record of a WARC stream (seekable, as stored: warcio undoes the per-record gzip) that
    starts at byte ``start`` or after and before byte ``end`` (0: the end of the file).

    A slice that does not start the file begins at the first record header that parses at or after
    ``start`` (:func:`first_start`), so that byte ranges cut anywhere split a crawl into slices
    that read each record once: a record belongs to the slice its first byte is in.  A damaged
    record is reported by the slice that reads up to it, unless it lies past ``end`` with a header
    that parses (the next slice starts there and reports it).

    >>> import io
    >>> page = b"HTTP/1.1 200 OK\\r\\nContent-Type: text/html; charset=utf-8\\r\\n\\r\\n<p>Hello</p>"
    >>> rec = (b"WARC/1.0\\r\\nWARC-Type: response\\r\\nWARC-Record-ID: <urn:uuid:1>\\r\\n"
    ...        b"WARC-Target-URI: https://x.example/a\\r\\nWARC-Date: 2024-05-01T10:00:00Z\\r\\n"
    ...        b"Content-Type: application/http; msgtype=response\\r\\nContent-Length: %d\\r\\n\\r\\n%s\\r\\n\\r\\n")
    >>> [(i.locator, i.kind, i.charset, i.meta["url"]) for i in warc_items(io.BytesIO(rec % (len(page), page)), 1000)]
    [('<urn:uuid:1>', 'html', 'utf-8', 'https://x.example/a')]
    """
    from warcio.archiveiterator import ArchiveIterator  # imported late: 0.1 s, and only WARC files need it

    gz = stream.read(2) == _GZIP_MAGIC[:2]
    pos = first_start(stream, start, gz) if start else 0
    while pos is not None and not (end and pos >= end):
        stream.seek(pos)
        records = ArchiveIterator(stream, check_digests=False)
        current: str | None = None
        try:
            for record in records:
                if end and records.offset >= end:
                    return  # the next slice's
                current = record.rec_headers.get_header("WARC-Record-ID") or f"byte-{records.offset}"
                yield _item(record, current, max_bytes)
                current = None
            return
        except Exception as exc:  # noqa: BLE001 — warcio meets hostile bytes with any exception (ArchiveLoadFailed,
            # zlib.error, ValueError, AttributeError on a missing header): the record is damaged, the file goes on
            bad = records.offset
            if not end or bad < end or current is None:
                yield WarcItem(current or f"byte-{bad}", rejection=Rejection(
                    "damaged-record", f"damaged WARC record at byte {bad}: {_reason(exc)}; "
                                      "the records after it are read"))
            if end and bad >= end:
                return
            pos = _next_start(stream, bad + 1, gz)


def first_start(stream: BinaryIO, start: int, gz: bool) -> int | None:
    """The offset of the first record at or after ``start`` whose WARC header parses (a gzip member's
    magic bytes or a ``WARC/1.x`` line inside a payload are passed over); ``None``: none.

    >>> import io
    >>> data = b"junk WARC/1.0 junk\\n" + b"WARC/1.0\\r\\nWARC-Type: metadata\\r\\nContent-Length: 0\\r\\n\\r\\n\\r\\n\\r\\n"
    >>> first_start(io.BytesIO(data), 1, gz=False)
    19
    """
    from warcio.archiveiterator import ArchiveIterator  # imported late: only WARC files need it

    pos = _next_start(stream, start, gz)
    while pos is not None:
        stream.seek(pos)
        try:
            next(iter(ArchiveIterator(stream, check_digests=False)))
            return pos
        except Exception:  # noqa: BLE001 — not a record's start (or a damaged one: the slice before reports it)
            pos = _next_start(stream, pos + 1, gz)
    return None


def _item(record, locator: str, max_bytes: int) -> WarcItem:  # type: ignore[no-untyped-def]
    """One record parsed by warcio to a :class:`WarcItem` (the payload read up to ``max_bytes + 1``)."""
    rec_type = record.rec_type or "unknown"
    if rec_type not in ("response", "resource"):
        return WarcItem(locator, skip=f"warc {rec_type}")
    headers = record.http_headers
    if rec_type == "response" and headers is None:
        return WarcItem(locator, skip="warc response without HTTP headers")
    content_type = headers.get_header("Content-Type") if headers is not None else \
        record.rec_headers.get_header("Content-Type")
    mime, charset = media_type(content_type)
    kind = document_kind(mime)
    if kind is None:
        return WarcItem(locator, skip="warc response not html or text" if rec_type == "response"
                        else "warc resource not html or text")
    status = headers.get_statuscode() if headers is not None else "200"
    if status and not status.startswith("2"):
        return WarcItem(locator, skip=f"warc response with HTTP status {status[:1]}xx")
    meta = {k: v for k, v in (("url", record.rec_headers.get_header("WARC-Target-URI")),
                              ("fetched", record.rec_headers.get_header("WARC-Date"))) if v}
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return WarcItem(locator, meta=meta, rejection=Rejection(
            "too-large", f"WARC record payload is over the {human_size(max_bytes)} limit per document"))
    missing = getattr(record.raw_stream, "limit", 0)  # what the record's Content-Length promised and the file lacks
    if missing:
        return WarcItem(locator, meta=meta, rejection=Rejection(
            "damaged-record", f"WARC record cut short: {missing} bytes of its payload are missing"))
    return WarcItem(locator, data, kind or None, meta, charset)


def _reason(exc: BaseException) -> str:
    """The exception as a short printable sentence (warcio quotes the damaged bytes it met)."""
    text = "".join(c if c.isprintable() else "?" for c in " ".join(str(exc).split()))[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _next_start(stream: BinaryIO, start: int, gz: bool) -> int | None:
    """The byte offset of the next record at or after ``start``: a gzip member header in a ``.warc.gz``,
    a ``WARC/1.0`` or ``WARC/1.1`` line in a plain WARC; ``None`` at the end of the file."""
    pos = start
    stream.seek(pos)
    tail = b""
    while chunk := stream.read(_SCAN_CHUNK):
        buf = tail + chunk
        base = pos - len(tail)
        if gz:
            i = buf.find(_GZIP_MAGIC)
            if i != -1:
                return base + i
        else:
            m = _WARC_LINE.search(buf)
            if m:
                return base + m.start() + (1 if buf[m.start():m.start() + 1] == b"\n" else 0)
        tail = buf[-16:]
        pos += len(chunk)
    return None
