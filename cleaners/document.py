"""One raw document through steps 1–3 (encoding, extraction, boilerplate), and batches of them.

:func:`clean_document` is the importable entry point; :func:`process_items` is
what a parallel batch task runs (the Prefect flow and the plain-loop benchmark
both call it), returning plain dicts that pickle cheaply.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from cleaners import dedup
from cleaners.article import FAILED, REJECTED, Article
from cleaners.boilerplate import normalise_line, strip_boilerplate
from cleaners.encoding import NotText, decode_bytes, repair_and_explain
from cleaners.extract import ExtractionError, extract_html, looks_like_html, split_text, url_host
from cleaners.language import detect_language
from cleaners.io.readers import RawDocument, WorkItem, read_item
from cleaners.settings import Settings

# Magic numbers of binary files that scrapers save under text names.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or Office file)"),
    (b"\x1f\x8b", "gzip data without a .gz name"), (b"\x7fELF", "an executable"), (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"), (b"BZh", "bzip2 data"), (b"\xfd7zXZ\x00", "xz data"), (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
)


class Rejected(ValueError):
    """The document holds no usable article; the message is the manifest's reason."""


def clean_document(
    data: bytes | str,
    *,
    kind: str | None = None,
    url: str | None = None,
    meta: Mapping[str, str] | None = None,
    site: str | None = None,
    min_words: int = Settings.min_words,
) -> Article:
    """Clean one raw document (bytes in any encoding, or text) into an :class:`Article`.

    ``kind`` is ``"html"``, ``"text"`` or None to sniff.  ``meta`` holds a scraper
    record's fields (url, title, author, published, site); ``site`` is a fallback
    site name (the raw sub-folder).  Raises :class:`Rejected` with a reason a
    person understands when there is no article to be had.

    >>> a = clean_document("Bridge reopens\\n\\nBridge reopens\\n\\n"
    ...     "The old bridge reopened to traffic on Monday after six months of repairs, the council said.\\n\\n"
    ...     "Follow us on social media")
    >>> a.title, a.text
    ('Bridge reopens', 'The old bridge reopened to traffic on Monday after six months of repairs, the council said.')
    >>> [r["rule"] for r in a.removed]
    ['repeated-headline', 'social-prompt']
    """
    meta = dict(meta or {})
    if url and "url" not in meta:
        meta["url"] = url
    text, encoding = _to_text(data)
    if not text.strip():
        raise Rejected("empty file" if not len(data) else "no text: the file holds only whitespace")
    if kind not in ("html", "text"):
        kind = "html" if looks_like_html(text) else "text"

    repairs: set[str] = set()
    meta = {key: fixed for key, value in meta.items() if (fixed := _repair(value, repairs))}
    if kind == "html":  # repair what trafilatura extracts, never the markup itself
        try:
            extracted = extract_html(text, url=meta.get("url"))
        except ExtractionError as exc:
            raise Rejected(str(exc)) from exc
        extracted.title = _repair(extracted.title, repairs)
        extracted.blocks = [[_repair(line, repairs) or "" for line in block] for block in extracted.blocks]
        for key in ("author", "description"):
            extracted.meta[key] = _repair(extracted.meta.get(key), repairs)
    else:
        text = _repair(text, repairs) or ""
        extracted = split_text(text, title=strip_site_suffix(meta.get("title"), meta))
    encoding["repairs"] = sorted(repairs)

    title = strip_site_suffix(meta.get("title"), meta) or extracted.title
    blocks = extracted.blocks
    description = extracted.meta.get("description")
    stripped = strip_boilerplate(blocks, title=title, description=description, find_standfirst=kind == "text")
    article = Article(
        title=title,
        description=stripped.moved.get("description") or description,
        text=stripped.text,
        author=meta.get("author") or extracted.meta.get("author") or stripped.moved.get("author"),
        published=normalise_date(meta.get("published") or extracted.meta.get("published")
                                 or stripped.moved.get("published")),
        url=meta.get("url") or extracted.meta.get("url"),
        site=meta.get("site") or extracted.meta.get("site") or url_host(meta.get("url")) or site,
        language=extracted.meta.get("language") or detect_language(stripped.text),
        removed=stripped.removed,
        encoding=encoding,
        kind=kind,
    )
    words = article.word_count
    if words < min_words:
        what = "no article text" if words == 0 else f"only {words} words of article text"
        raise Rejected(f"{what} left after removing boilerplate (fewer than {min_words})")
    return article.finish()


def strip_site_suffix(title: str | None, meta: Mapping[str, str]) -> str | None:
    """A record's title without the site name that pages append (``Headline | Site``).

    >>> strip_site_suffix("Bridge reopens | The Gazette", {"site": "The Gazette"})
    'Bridge reopens'
    >>> strip_site_suffix("Bridge reopens - gazette.example", {"url": "https://gazette.example/x"})
    'Bridge reopens'
    >>> strip_site_suffix("Left - right talks resume", {"site": "The Gazette"})
    'Left - right talks resume'
    """
    if not title:
        return title
    m = re.match(r"^(?P<head>.+?)\s+[|–—\-:·]\s+(?P<tail>[^|–—]{1,60})$", title)
    if not m:
        return title
    names = {_name_key(meta.get("site")), _name_key(url_host(meta.get("url")))}
    tail = _name_key(m.group("tail"))
    host_words = {_name_key(n.split(".")[0]) for n in names if n}
    return m.group("head").strip() if tail and (tail in names or tail in host_words) else title


def _name_key(value: str | None) -> str:
    """A site name reduced for comparison: :func:`~cleaners.boilerplate.normalise_line` without
    its spaces and without a leading "the", so "The Gazette", "gazette" and "the-gazette" match.

    >>> _name_key("The Gazette"), _name_key("the-gazette"), _name_key(None)
    ('gazette', 'gazette', '')
    """
    return normalise_line(value or "").replace(" ", "").removeprefix("the")


def _to_text(data: bytes | str) -> tuple[str, dict[str, Any]]:
    """Bytes to text (charset detection only: repair comes after the kind is known)."""
    if isinstance(data, str):
        return data, {"detected": "unicode", "method": "str", "repairs": []}
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise Rejected(f"not a text document: the bytes are {what}")
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        raise Rejected(str(exc)) from exc
    bad = decoded.text.count("\ufffd")
    if bad > 0.02 * max(len(decoded.text), 1) and bad > 10:
        raise Rejected(f"not text: {bad} characters could not be decoded as {decoded.charset}")
    return decoded.text, {"detected": decoded.charset, "method": decoded.method, "repairs": []}


def _repair(value: str | None, repairs: set[str]) -> str | None:
    if not value:
        return value
    fixed, steps = repair_and_explain(value)
    repairs.update(steps)
    return fixed.strip()


def normalise_date(value: str | None) -> str | None:
    """A date in any common scraper format to ISO 8601 (date, or date and time); None if unreadable.

    >>> normalise_date("2026-03-04T10:15:00Z")
    '2026-03-04T10:15:00+00:00'
    >>> normalise_date("Wed, 04 Mar 2026 10:15:00 GMT")
    '2026-03-04T10:15:00+00:00'
    >>> normalise_date("March 4, 2026"), normalise_date("4 March 2026"), normalise_date("soon")
    ('2026-03-04', '2026-03-04', None)
    """
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.isoformat() if ("T" in value or " " in value.strip()) else parsed.date().isoformat()
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(value)
        return parsed.astimezone(timezone.utc).isoformat() if parsed.tzinfo else parsed.isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def process_document(doc: RawDocument, settings: Settings, site_hint: str | None = None) -> dict[str, Any]:
    """Clean one raw document into a result row (never raises).

    The row holds ``raw``, ``sha256``, ``status`` (``ok`` | ``rejected`` | ``failed``),
    ``reason``, and for a cleaned article ``article`` (its dict), ``text_hash``,
    ``signature`` (MinHash bytes) and ``words``.

    >>> from cleaners.io.readers import RawDocument
    >>> row = process_document(RawDocument("a.txt", "0" * 64, data=b"Storm closes port\\n\\nThe ferry port "
    ...                        b"closed on Friday as the storm brought winds of 90mph to the coast."), Settings())
    >>> row["status"], row["article"]["title"], row["words"]
    ('ok', 'Storm closes port', 16)
    >>> process_document(RawDocument("b.txt", "0" * 64, data=b"Too short."), Settings())["reason"][:40]
    'only 2 words of article text left after '
    """
    row: dict[str, Any] = {"raw": doc.raw, "sha256": doc.sha256, "status": REJECTED, "reason": doc.reason}
    if doc.reason:
        return row
    try:
        article = clean_document(doc.data or b"", kind=doc.kind, meta=doc.meta, site=site_hint,
                                 min_words=settings.min_words)
    except Rejected as exc:
        row["reason"] = str(exc)
        return row
    except (RecursionError, MemoryError) as exc:
        row["reason"] = f"the document is too deeply nested or too large to parse ({type(exc).__name__})"
        return row
    except Exception as exc:  # noqa: BLE001 — a bug must not stop the run; the manifest says what happened
        row.update(status=FAILED, reason=f"internal error while cleaning: {type(exc).__name__}: {exc}",
                   traceback=traceback.format_exc(limit=5))
        return row
    shingle_set = dedup.shingles(article.text, settings.shingle_size)
    row.update(
        status="ok", reason=None, article=article.to_dict(), words=article.word_count,
        text_hash=dedup.text_hash(article.text), signature=dedup.signature(shingle_set, settings.num_perm),
    )
    return row


def process_items(items: Iterable[WorkItem], settings: Settings) -> list[dict[str, Any]]:
    """A batch of work items to result rows: what one parallel task does.

    >>> import tempfile, pathlib
    >>> from cleaners.io.readers import WorkItem
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.pdf"
    >>> _ = path.write_bytes(b"%PDF-1.4")
    >>> [(r["raw"], r["status"]) for r in process_items([WorkItem("site/x.pdf", str(path))], Settings())]
    [('site/x.pdf', 'rejected')]
    """
    rows = []
    for item in items:
        site_hint = item.rel.split("/")[0] if "/" in item.rel else None
        for doc in read_item(item, max_bytes=settings.max_bytes):
            row = process_document(doc, settings, site_hint)
            row["file"] = item.rel  # not parsed back from ``raw``: a file name may hold '#'
            rows.append(row)
    return rows
