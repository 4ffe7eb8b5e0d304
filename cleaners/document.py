"""One raw document through steps 1–3 (encoding, extraction, boilerplate) to an :class:`Article`.

* :func:`clean_document` — the importable entry point: bytes, text, a file's :class:`~pathlib.Path`
  or a :class:`~cleaners.io.readers.RawDocument` in, an :class:`Article` out; raises
  :class:`~cleaners.article.Rejected` (with a code from :data:`~cleaners.article.REASON_CODES`).
* :func:`clean_raw` — what a corpus worker runs: a raw document to ``Article | Rejection``,
  never raising.

Imports :mod:`cleaners.article`, :mod:`cleaners.encoding`, :mod:`cleaners.extract`,
:mod:`cleaners.boilerplate`, :mod:`cleaners.language`, :mod:`cleaners.io.readers`,
:mod:`cleaners.settings`; never ``cleaners.corpus``, ``cleaners.views``, ``flows``, Prefect or
``sqlite3``.
"""

from __future__ import annotations

import re
import os
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaners.article import MIN_WORDS, Article, Rejected, Rejection
from cleaners.boilerplate import rules_for, strip_boilerplate
from cleaners.boilerplate.blocks import block_rules_for
from cleaners.encoding import GUESSED_METHODS, NotText, RepairLog, decode_bytes, garbled_reason
from cleaners.extract import ExtractionError, extract_html, looks_like_html, split_text
from cleaners.io.readers import DEFAULT_MAX_BYTES, RawDocument, read_file
from cleaners.language import detect_language
from cleaners.metadata import normalise_date, strip_site_suffix  # here before cleaners.metadata existed
from cleaners.metadata.resolve import resolve_metadata
from cleaners.words import has_letters

if TYPE_CHECKING:  # pydantic is imported when settings are read, not by clean_document (README "Start-up")
    from cleaners.settings import Settings

__all__ = ["Rejected", "clean_document", "clean_raw", "normalise_date", "strip_site_suffix"]

# File signatures ("magic numbers", from each format's specification, as file(1)'s magic
# database lists them) of binary files that scrapers save under text names.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or Office file)"),
    (b"\x1f\x8b", "gzip data without a .gz name"), (b"\x7fELF", "an executable"), (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"), (b"BZh", "bzip2 data"), (b"\xfd7zXZ\x00", "xz data"), (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
)
# Decoded bytes are not text when U+FFFD (a byte the charset could not map) is more than this
# share of the characters and more than this many: set by hand, so that a stray bad byte in a
# real page passes while binary data read as text does not.
_MAX_UNDECODABLE_SHARE = 0.02
_MAX_UNDECODABLE = 10


def clean_document(
    data: bytes | str | os.PathLike[str] | RawDocument,
    *,
    kind: str | None = None,
    url: str | None = None,
    meta: Mapping[str, str] | None = None,
    site: str | None = None,
    min_words: int = MIN_WORDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Clean one raw document into an :class:`Article` with its content id.

    ``data`` is bytes in any encoding, text, the :class:`~pathlib.Path` of a raw file, or a
    :class:`~cleaners.io.readers.RawDocument`.  A path is read as a run reads it
    (:func:`cleaners.io.readers.read_file`: ``.json`` records, ``.gz``, the ``max_bytes`` cap in
    bytes); a file that holds several documents (a ``.jsonl`` of many records) raises
    :class:`ValueError`, a path that is not a file :class:`FileNotFoundError` or
    :class:`IsADirectoryError`.  A raw document brings its ``kind`` and ``meta``; the arguments
    win over them.

    ``kind`` is ``"html"``, ``"text"`` or None to sniff.  ``meta`` holds a scraper record's
    fields (url, title, author, published, site); ``site`` is a fallback site name (the raw
    sub-folder).  Raises :class:`~cleaners.article.Rejected` — ``exc.rejection.code`` from
    :data:`~cleaners.article.REASON_CODES`, ``str(exc)`` a sentence a person understands — when
    there is no article to be had, e.g. when fewer than ``min_words`` words are left.

    >>> a = clean_document("Bridge reopens\\n\\nBridge reopens\\n\\n"
    ...     "The old bridge reopened to traffic on Monday after six months of repairs, the council said.\\n\\n"
    ...     "Follow us on social media")
    >>> a.title, a.text
    ('Bridge reopens', 'The old bridge reopened to traffic on Monday after six months of repairs, the council said.')
    >>> [r["rule"] for r in a.removed]
    ['repeated-headline', 'social-prompt']
    >>> clean_document("Too short.")
    Traceback (most recent call last):
    ...
    cleaners.article.Rejected: only 2 words of article text left after removing boilerplate (fewer than 10 words)

    A file, read as a run reads it (here a gzipped scraper record):

    >>> import gzip, json, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bridge.json.gz"
    >>> _ = path.write_bytes(gzip.compress(json.dumps({"title": "Bridge reopens | Gazette", "site": "Gazette",
    ...     "text": "The old bridge reopened to traffic on Monday after six months of repairs."}).encode()))
    >>> article = clean_document(path); article.title, article.site, article.site_name
    ('Bridge reopens', 'gazette', 'Gazette')
    >>> try:
    ...     clean_document(path, max_bytes=100)
    ... except Rejected as exc:
    ...     print(exc.rejection.code)
    too-large
    """
    if isinstance(data, os.PathLike):
        data = read_file(Path(data), max_bytes=max_bytes)
    charset = None
    if isinstance(data, RawDocument):
        if data.rejection is not None:
            raise Rejected(data.rejection.code, data.rejection.message)
        charset = data.charset
        meta = {**data.meta, **(meta or {})}
        kind = kind or data.kind
        data = data.data if data.data is not None else b""
    meta = dict(meta or {})
    if url and "url" not in meta:
        meta["url"] = url
    text, encoding = _to_text(data, charset)
    if not text.strip():
        raise Rejected("empty", "empty file" if not len(data) else "no text: the file holds only whitespace")
    if kind not in ("html", "text"):
        kind = "html" if looks_like_html(text) else "text"

    repairs = RepairLog()
    meta = {key: fixed for key, value in meta.items() if (fixed := _repair(value, repairs))}
    if kind == "html":  # repair what trafilatura extracts, never the markup itself
        try:
            extracted = extract_html(text, url=meta.get("url"))
        except ExtractionError as exc:
            raise Rejected(exc.code, str(exc)) from exc
        extracted.title = _repair(extracted.title, repairs)
        extracted.blocks = [[_repair(line, repairs) or "" for line in block] for block in extracted.blocks]
        for key in ("author", "description"):
            extracted.meta[key] = _repair(extracted.meta.get(key), repairs)
    else:
        text = _repair(text, repairs) or ""
        extracted = split_text(text, title=strip_site_suffix(meta.get("title"), meta), url=meta.get("url"))
    encoding["repairs"] = sorted(repairs)
    encoding["segments"] = repairs.segments + ([{"more": repairs.more}] if repairs.more else [])

    title = meta.get("title") or extracted.title
    blocks = extracted.blocks
    description = extracted.meta.get("description")
    # the text's language (else the page's declared one) chooses the rules' vocabulary
    language = detect_language("\n".join(line for block in blocks for line in block)) or _primary_subtag(
        extracted.meta.get("language"))
    stripped = strip_boilerplate(blocks, title=strip_site_suffix(title, meta), description=description,
                                 find_standfirst=kind == "text", rules=rules_for(language), hints=extracted.hints,
                                 block_rules=block_rules_for(language))
    if stripped.not_article:
        raise Rejected("not-an-article", stripped.not_article)
    found = resolve_metadata(meta, extracted.meta, title=title, blocks=stripped.blocks, removed=stripped.removed,
                             moved=stripped.moved, input_lines=[line for block in blocks for line in block],
                             language=language, site_hint=site)
    article = Article(
        title=found["title"],
        description=stripped.moved.get("description") or description,
        text="\n\n".join("\n".join(block) for block in found["blocks"]),
        author=found["author"],
        published=found["published"],
        url=found["url"],
        site=found["site"],
        language=language,
        removed=extracted.removed + [{**e, "at": e["at"] + len(extracted.removed)} for e in found["removed"]],
        encoding=encoding,
        kind=kind,
        authors=found["authors"],
        site_name=found["site_name"],
        fetched_url=found["fetched_url"],
    )
    if article.text.strip() and not has_letters(article.text):
        raise Rejected("no-letters", "no article text: the text holds no letters (only emoji, digits, symbols "
                                     "or punctuation)")
    _judge(encoding, article.title, article.text, language)
    words = article.word_count
    if words < min_words:
        what = "no article text" if words == 0 else f"only {words} words of article text"
        raise Rejected("too-short", f"{what} left after removing boilerplate (fewer than {min_words} words)")
    return article.with_id()


def clean_raw(doc: RawDocument, settings: Settings, site_hint: str | None = None) -> Article | Rejection:
    """One raw document to its article, or to the reason it has none; never raises.

    What a corpus worker runs for each document :func:`~cleaners.io.readers.read_item` yields
    (``settings.min_words`` applies).  A document the readers could not read comes back as its
    own rejection; a refusal of :func:`clean_document` as its :class:`~cleaners.article.Rejection`;
    a document too deep or too large to parse (:class:`RecursionError`, :class:`MemoryError`) as
    ``too-complex``; any other exception — a bug — as ``internal-error`` (status ``failed``),
    whose ``detail`` is the traceback (its last 5 frames), for the record's ``traceback``.
    ``site_hint`` is the fallback site name (the raw sub-folder).

    >>> from cleaners.settings import Settings
    >>> doc = RawDocument("a.txt", "0" * 64, data=b"Storm closes port\\n\\nThe ferry port "
    ...                   b"closed on Friday as the storm brought winds of 90mph to the coast.")
    >>> article = clean_raw(doc, Settings()); article.title, article.word_count
    ('Storm closes port', 16)
    >>> clean_raw(RawDocument("b.txt", "0" * 64, data=b"Too short."), Settings())
    Rejection(code='too-short', message='only 2 words of article text left after removing boilerplate (fewer than 10 words)')
    >>> failed = clean_raw(RawDocument("c.txt", data=b"x", meta={"title": 1}), Settings())  # a bug: meta not text
    >>> failed.code, failed.status, failed.message.split(":")[0], "Traceback" in failed.detail
    ('internal-error', 'failed', 'internal error while cleaning', True)
    """
    if doc.rejection is not None:
        return doc.rejection
    try:
        return clean_document(doc, site=site_hint, min_words=settings.min_words)
    except Rejected as exc:
        return exc.rejection
    except (RecursionError, MemoryError) as exc:
        return Rejection("too-complex", f"the document is too deeply nested or too large to parse "
                                        f"({type(exc).__name__})")
    except Exception as exc:  # noqa: BLE001 — a bug must not stop the run; the manifest says what happened
        return Rejection("internal-error", f"internal error while cleaning: {type(exc).__name__}: {exc}",
                         detail=traceback.format_exc(limit=5))


def _to_text(data: bytes | str, charset: str | None = None) -> tuple[str, dict[str, Any]]:
    """Bytes to text (charset detection only: repair comes after the kind is known); ``charset`` is a
    hint from the transport (:func:`~cleaners.encoding.decode_bytes`).

    Returns the text and the start of the article's ``encoding`` record (``detected``,
    ``method``, ``repairs``; ``stray_bytes`` and ``fallback`` for a UTF-8 file with bytes that are
    not UTF-8, each run decoded alone in the code page ``fallback``).  Raises :class:`~cleaners.article.Rejected` (``binary``) for
    bytes that are not text.
    """
    if isinstance(data, str):
        return data, {"detected": "unicode", "method": "str", "repairs": []}
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise Rejected("binary", f"not a text document: the bytes are {what}")
    try:
        decoded = decode_bytes(data, charset)
    except NotText as exc:
        raise Rejected("binary", str(exc)) from exc
    bad = decoded.text.count("\ufffd")
    if bad > _MAX_UNDECODABLE_SHARE * max(len(decoded.text), 1) and bad > _MAX_UNDECODABLE:
        raise Rejected("binary", f"not text: {bad} characters could not be decoded as {decoded.charset}")
    encoding = {"detected": decoded.charset, "method": decoded.method, "repairs": []}
    if decoded.stray:
        encoding.update(stray_bytes=decoded.stray, fallback=decoded.fallback)
    return decoded.text, encoding


def _repair(value: str | None, repairs: RepairLog) -> str | None:
    """A field repaired line by line (:meth:`~cleaners.encoding.RepairLog.repair`, which records
    the repairs of each line) and stripped."""
    if not value:
        return value
    return repairs.repair(value).strip()


def _judge(encoding: dict[str, Any], title: str | None, text: str, language: str | None = None) -> None:
    """Flag an article whose title and text still look garbled after repair: ``encoding["garbled"]``
    (bool) and, when true, ``encoding["garbled_reason"]`` (:func:`~cleaners.encoding.garbled_reason`;
    stricter when the code page was guessed, :data:`~cleaners.encoding.GUESSED_METHODS`)."""
    reason = garbled_reason([title or "", text], guessed=encoding["detected"] if encoding.get("method") in GUESSED_METHODS else None,
                            language=language)
    encoding["garbled"] = reason is not None
    if reason:
        encoding["garbled_reason"] = reason


def _primary_subtag(tag: str | None) -> str | None:
    """A declared language tag's ISO 639-1 part ("de-DE" -> "de"), or None.

    >>> _primary_subtag("de-DE"), _primary_subtag("EN_us"), _primary_subtag("deu"), _primary_subtag(None)
    ('de', 'en', None, None)
    """
    code = re.split(r"[-_]", tag or "", maxsplit=1)[0].lower()
    return code if len(code) == 2 and code.isalpha() else None
