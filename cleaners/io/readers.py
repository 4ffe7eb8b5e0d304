"""Reading raw/: finding the files, opening every input shape, one :class:`RawDocument` per document.

Shapes, by extension: ``.html``/``.htm``, ``.txt``, ``.json`` (one scraper record, or a JSON
array of records such as Scrapy's ``-o items.json``: ``path#0``, ``path#1``, ... streamed),
``.jsonl`` (one record per line, streamed: ``path#1``, ...), WARC (``.warc``, ``.warc.gz``: a
document per HTML or text ``response``, :mod:`cleaners.io.warc`), feeds (``.rss``, ``.atom``,
``.xml`` whose root is a feed: a document per item, :mod:`cleaners.io.feeds`), and ``.gz`` or
``.zst`` of any of them.  A record's fields are read through the scraper table of
:mod:`cleaners.io.formats` (news-please, trafilatura, newspaper4k, generic) and the user's
mapping (``fields``).  Nothing here raises on bad input: a document that cannot be read comes
back with ``rejection`` set, a :class:`~cleaners.article.Rejection` whose code is countable and
whose message is a sentence a person understands; a WARC record that is no document comes back
with ``skip`` set (counted, no row).

Owns: shapes, size caps, JSON records, arrays and slices of ``.jsonl`` files.  Imports only
:mod:`cleaners.article` and :mod:`cleaners.io` of the package; never ``cleaners.corpus``,
``cleaners.views``, ``flows``, Prefect or ``sqlite3``.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaners.article import Rejection
from cleaners.io.feeds import FEED_EXTS, FEED_FACTOR, feed_items, is_feed
from cleaners.io.files import (  # noqa: F401 (re-exported: the readers' file layer)
    READ_ERRORS, MiB, TooBig, capped_lines, codec_of, human_size, io_rejection, line_slices, open_regular,
    open_stream, read_capped, sha_file,
)
from cleaners.io.formats import MAX_FIELD, map_record  # noqa: F401 (re-exported)
from cleaners.io.walk import Entry, display_name, forbidden, inside, scan, special_file, walk  # noqa: F401 (re-exported)
from cleaners.io.warc import warc_items

#: The default size cap per document (file, decompressed gzip, or one ``.jsonl`` record), in
#: bytes; set by hand, far above a news page and low enough that a worker holds one in memory
#: (the ``max_bytes`` setting changes it).
DEFAULT_MAX_BYTES = 16 * MiB
# The shapes newsclean reads, by extension (the contract's input shapes, plus common aliases).
HTML_EXTS = {".html", ".htm", ".xhtml"}
TEXT_EXTS = {".txt", ".text"}
RECORD_EXTS = {".json"}
LINES_EXTS = {".jsonl", ".ndjson"}
WARC_EXTS = {".warc"}
XML_EXTS = {".xml"}  # a feed when its root element says so (:func:`cleaners.io.feeds.is_feed`)
SUPPORTED = HTML_EXTS | TEXT_EXTS | RECORD_EXTS | LINES_EXTS | WARC_EXTS | FEED_EXTS | XML_EXTS
#: Shapes whose one file holds many documents (each read as a batch of its own, :func:`many_documents`).
MANY_EXTS = WARC_EXTS | FEED_EXTS | XML_EXTS
Fields = Sequence[tuple[str, str]]  # a user mapping: (newsclean field, record key), cleaners.io.formats.parse_fields


@dataclass
class RawDocument:
    """One raw document: a file, one record of a ``.jsonl``, a JSON array, a WARC or a feed.

    Either ``data`` holds the document (bytes of a file, or a record's text) or ``rejection``
    says why it could not be read; never both.  ``skip`` set (and neither) marks a WARC record
    that is not a document (a request, metadata, an image): counted by what it is, no manifest row.
    """

    raw: str  # the record key (:func:`record_key`): the file's path relative to RAW_DIR, '#locator' for a record
    sha256: str = ""  # hex SHA-256 of the bytes as stored ('' when they could not be read)
    kind: str | None = None  # 'html' | 'text' | None (sniff)
    data: bytes | str | None = None
    # a record's url, title, author, published, site; a WARC record's fetched (WARC-Date, not in the article)
    meta: dict[str, str] = field(default_factory=dict)
    rejection: Rejection | None = None  # set when the document cannot be read
    charset: str | None = None  # a hint for decoding ``data`` (a WARC response's HTTP Content-Type charset)
    skip: str = ""  # what a record that is not a document is ("warc request"): counted, no row


@dataclass(frozen=True)
class WorkItem:
    """A unit of work: a file, a slice of a ``.jsonl`` file's lines (1-based, inclusive), or a byte range
    of a WARC (``offset`` to ``end``: the records that start in it)."""

    rel: str
    path: str
    first_line: int = 0
    last_line: int = 0
    offset: int = 0  # byte offset of ``first_line`` in the (decompressed) stream, when known; a WARC slice's start
    end: int = 0  # a WARC slice's end (bytes as stored; 0: the end of the file)
    rejection: Rejection | None = field(default=None, repr=False)  # set by the walk for what is not read (:class:`Entry`)
    sha256: str = field(default="", repr=False)  # the file's SHA-256 when the plan already read it for that ("": not yet)


def record_key(rel: str, locator: int | str | None = None) -> str:
    """The key of a raw document (the manifest's ``raw``): one grammar for every shape.

    ``rel`` is the file's path relative to RAW_DIR (``/``-separated, :func:`display_name`);
    ``locator`` says where in the file the document is: the line number for a ``.jsonl``
    record (from 1), the index for an element of a JSON array, the record id for a WARC
    record; ``None`` for a whole file.  The key is ``rel`` with every ``#`` doubled, then
    ``#`` and the locator when there is one.  A name without ``#`` keeps its key as it is
    (``site/story.html``, ``feed.jsonl#2``), so no clean dir's keys change; a name with one
    cannot be taken for a record (``feed.jsonl#2`` the file is ``feed.jsonl##2``).  The first
    ``#`` not doubled starts the locator, so the key reads back (:func:`split_key`); a locator
    never starts with ``#``.

    >>> record_key("site/story.html"), record_key("feed.jsonl", 2), record_key("feed.jsonl#2")
    ('site/story.html', 'feed.jsonl#2', 'feed.jsonl##2')
    >>> record_key("a#b.jsonl", 7)
    'a##b.jsonl#7'
    """
    key = rel.replace("#", "##")
    if locator is None:
        return key
    locator = str(locator)
    if not locator or locator.startswith("#"):
        raise ValueError(f"a record locator is not empty and does not start with '#': {locator!r}")
    return f"{key}#{locator}"


def split_key(key: str) -> tuple[str, str | None]:
    """The file (relative to RAW_DIR) and the locator of a record key: :func:`record_key` reversed.

    >>> split_key("feed.jsonl#2"), split_key("feed.jsonl##2"), split_key("a##b.jsonl#7")
    (('feed.jsonl', '2'), ('feed.jsonl#2', None), ('a#b.jsonl', '7'))
    >>> all(split_key(record_key(rel, loc)) == (rel, loc) for rel in ("x", "x#", "#", "a##b") for loc in (None, "1"))
    True
    """
    i = 0
    while (i := key.find("#", i)) != -1:
        if key.startswith("##", i):
            i += 2
            continue
        return key[:i].replace("##", "#"), key[i + 1:]
    return key.replace("##", "#"), None


def shape_of(name: str) -> tuple[str, str]:
    """The file's shape by extension, and its compression (``"gz"``, ``"zst"`` or ``""``).

    >>> shape_of("a/b.JSONL.gz"), shape_of("crawl.warc.zst"), shape_of("page.htm")
    (('.jsonl', 'gz'), ('.warc', 'zst'), ('.htm', ''))
    """
    base, codec = codec_of(name)
    return os.path.splitext(base.lower())[1], codec


def many_documents(rel: str, path: str | None = None) -> bool:
    """Whether a file may hold many documents read in one pass (a WARC, a feed, a ``.json`` whose first
    character opens an array, looked at in ``path``): the plan gives such a file a batch of its own.

    >>> many_documents("crawl.warc.gz"), many_documents("items.json"), many_documents("a.html")
    (True, False, False)
    """
    ext, codec = shape_of(rel)
    if ext in RECORD_EXTS:
        return path is not None and _starts_array(path, codec)
    return ext in MANY_EXTS


def unsupported(ext: str) -> Rejection:
    """The rejection of a file type newsclean does not read (``unsupported-type``).

    >>> print(unsupported(".pdf").message)  # doctest: +NORMALIZE_WHITESPACE
    unsupported file type ('.pdf'): expected .html, .htm, .txt, .json, .jsonl, .warc, .rss, .atom,
    .xml (a feed), or any of them gzipped or zstd-compressed
    """
    got = f"'{ext}'" if ext else "no extension"
    return Rejection("unsupported-type", f"unsupported file type ({got}): expected .html, .htm, .txt, .json, "
                     ".jsonl, .warc, .rss, .atom, .xml (a feed), or any of them gzipped or zstd-compressed")


def read_item(item: WorkItem, *, max_bytes: int = DEFAULT_MAX_BYTES, fields: Fields = ()) -> Iterator[RawDocument]:
    """Read one work item into raw documents; never raises for bad input.

    ``max_bytes`` caps each document (the file, its decompressed gzip, or one record), in bytes;
    ``fields`` is the user's field mapping for JSON records (:func:`cleaners.io.formats.parse_fields`).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "feed.jsonl"
    >>> _ = path.write_text('{"text": "one"}\\nnot json\\n')
    >>> [(d.raw, d.rejection and d.rejection.code) for d in read_item(WorkItem("feed.jsonl", str(path)))]
    [('feed.jsonl#1', None), ('feed.jsonl#2', 'invalid-json')]
    """
    key = record_key(item.rel)
    if item.rejection is not None:
        yield RawDocument(key, rejection=item.rejection)
        return
    ext, gz = shape_of(item.rel)
    if ext not in SUPPORTED:
        yield RawDocument(key, item.sha256 or sha_file(item.path), rejection=unsupported(ext))  # hashed once, not twice
        return
    if ext in LINES_EXTS:
        yield from _read_lines(item, gz, max_bytes, fields)
        return
    if ext in WARC_EXTS:
        yield from _read_warc(item, gz, max_bytes)
        return
    if ext in RECORD_EXTS and _starts_array(item.path, gz):
        yield from _read_array(item, gz, max_bytes, fields)
        return
    cap = max_bytes * FEED_FACTOR if ext in FEED_EXTS | XML_EXTS else max_bytes
    try:
        data = read_capped(item.path, gz, cap)
    except TooBig as exc:
        yield RawDocument(key, sha_file(item.path), rejection=Rejection("too-large", str(exc)))
        return
    except READ_ERRORS as exc:
        yield RawDocument(key, sha_file(item.path), rejection=io_rejection(exc, gz))
        return
    sha = sha_file(item.path) if gz else hashlib.sha256(data).hexdigest()  # of the bytes as stored
    if ext in RECORD_EXTS:
        yield record_document(key, sha, data, fields)
    elif ext in FEED_EXTS or (ext in XML_EXTS and is_feed(data)):
        yield from _read_feed(item, sha, data, max_bytes)
    elif ext in XML_EXTS:
        yield RawDocument(key, sha, rejection=Rejection(
            "unsupported-type", "unsupported file type ('.xml' that is not a feed): newsclean reads .xml files "
                                "whose root element is rss, feed or rdf:RDF"))
    else:
        yield RawDocument(key, sha, "html" if ext in HTML_EXTS else "text", data)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, fields: Fields = ()) -> RawDocument:
    """The one raw document of a file, read as a run reads it (:func:`read_item`).

    Bad input comes back as a rejection, as in a run.  Raises :class:`FileNotFoundError` or
    :class:`IsADirectoryError` when ``path`` is not a file, and :class:`ValueError` when it holds
    more than one document (a ``.jsonl`` with several records: :func:`read_item` reads them all).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "one.jsonl").write_text('{"text": "Body"}\\n\\n')
    >>> read_file(folder / "one.jsonl").raw  # one record (blank lines are no documents)
    'one.jsonl#1'
    >>> _ = (folder / "feed.jsonl").write_text('{"text": "one"}\\n{"text": "two"}\\n')
    >>> read_file(folder / "feed.jsonl")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ...feed.jsonl holds more than one document (a record per line): read them with cleaners.io.readers.read_item, or print each with `newsclean clean FILE`
    >>> read_file(folder / "missing.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] No such file or directory: '...missing.txt'
    """
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    docs = list(itertools.islice((d for d in read_item(WorkItem(display_name(path.name), str(path)),
                                                       max_bytes=max_bytes, fields=fields) if not d.skip), 2))
    if len(docs) > 1:
        raise ValueError(f"{path} holds more than one document (a record per line): read them with "
                         "cleaners.io.readers.read_item, or print each with `newsclean clean FILE`")
    if not docs:  # a .jsonl of blank lines
        return RawDocument(record_key(display_name(path.name)), sha_file(str(path)),
                           rejection=Rejection("empty", "no records: the file holds only blank lines"))
    return docs[0]


def record_document(raw: str, sha: str, data: bytes | str, fields: Fields = ()) -> RawDocument:
    """A scraper record (JSON object) to a raw document, its fields read by :func:`cleaners.io.formats.map_record`.

    >>> record_document("r.json", "", b'{"text": "Body", "url": "https://x.example/a"}').meta
    {'url': 'https://x.example/a'}
    >>> record_document("r.json", "", b'{"text": ').rejection
    Rejection(code='invalid-json', message='invalid JSON: Expecting value at line 1 column 10')
    >>> record_document("r.json", "", b'"text"').rejection
    Rejection(code='not-a-record', message='JSON record is a string, not an object with html, text, content or body')
    >>> print(record_document("r.json", "", b'{"maintext": null, "date_publish": "2024-05-01"}').rejection)
    ... # doctest: +NORMALIZE_WHITESPACE
    news-please record has no maintext or text field with text in it
    (name the field holding the article with --field text=KEY)
    """
    try:
        obj = json.loads(data)
    except RecursionError:
        return RawDocument(raw, sha, rejection=Rejection("invalid-json", "invalid JSON: nested too deeply to read"))
    except UnicodeDecodeError:
        return RawDocument(raw, sha, rejection=Rejection("invalid-json", "invalid JSON: not UTF-8 text"))
    except json.JSONDecodeError as exc:
        return RawDocument(raw, sha, rejection=Rejection(
            "invalid-json", f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"))
    return object_document(raw, sha, obj, fields)


def object_document(raw: str, sha: str, obj: Any, fields: Fields = ()) -> RawDocument:
    """A parsed JSON value (a record) to a raw document: its format recognised, its fields mapped.

    >>> doc = object_document("a.json#0", "", {"article_body": "Body", "pub_date": "2024-05-01"},
    ...                       [("text", "article_body"), ("published", "pub_date")])
    >>> doc.data, doc.meta
    ('Body', {'published': '2024-05-01'})
    """
    if not isinstance(obj, dict):
        return RawDocument(raw, sha, rejection=Rejection(
            "not-a-record", f"JSON record is a {_json_type(obj)}, not an object with html, text, content or body"))
    mapped = map_record(obj, fields)
    if mapped.content is not None:
        return RawDocument(raw, sha, mapped.kind, mapped.content, mapped.meta)
    keys = list(mapped.content_keys)
    names = ", ".join(keys[:-1]) + f" or {keys[-1]}" if len(keys) > 1 else (keys[0] if keys else "content")
    what = "JSON record" if mapped.format == "generic" else f"{mapped.format} record"
    hint = " (name the field holding the article with --field text=KEY)"
    return RawDocument(raw, sha, meta=mapped.meta, rejection=Rejection(
        "no-content", f"{what} has no {names} field with text in it{hint if mapped.format != 'generic' else ''}"))


def _json_type(obj: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean",
            type(None): "null"}.get(type(obj), type(obj).__name__)


def _read_lines(item: WorkItem, gz: str, max_bytes: int, fields: Fields) -> Iterator[RawDocument]:
    """The records of a slice of a lines file, keyed ``path#line``.

    A read error (a truncated or damaged gzip, an I/O error) keeps every record read before
    it and is reported on a row of its own, keyed by the first line that could not be read
    (``feed.jsonl.gz#31``: "... from line 31 on"): no record has that key, so the error never
    replaces one.  An error past the slice's last line is left to the next slice, which meets it too.
    """
    first, last = item.first_line or 1, item.last_line or 0
    lineno = first - 1  # the last line read
    try:
        with open_stream(item.path, gz) as stream:
            start = 1
            if item.offset and gz != "zst":  # jump to the slice (plain files seek; gzip decompresses up to it)
                stream.seek(item.offset)
                start = first
            for lineno, line in enumerate(capped_lines(stream, max_bytes), start=start):
                if lineno < first:
                    continue
                if last and lineno > last:
                    return
                raw = record_key(item.rel, lineno)
                if isinstance(line, TooBig):
                    yield RawDocument(raw, rejection=Rejection("too-large", f"line {lineno}: {line}"))
                    continue
                if not line.strip():
                    continue  # blank lines are not documents
                yield record_document(raw, hashlib.sha256(line).hexdigest(), line, fields)
    except READ_ERRORS as exc:
        broken = max(lineno + 1, first)  # the first line not read
        if last and broken > last:
            return
        rejection = io_rejection(exc, gz)
        if broken > 1:
            rejection = Rejection(rejection.code, f"{rejection.message} (from line {broken} on)")
        yield RawDocument(record_key(item.rel, broken), sha_file(item.path), rejection=rejection)




def _starts_array(path: str, gz: str) -> bool:
    """Whether a ``.json`` file's first non-blank character opens a JSON array (a file of records)."""
    try:
        with open_stream(path, gz) as stream:
            head = stream.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except READ_ERRORS:
        return False  # read as one record, which reports the error
    return head.startswith(b"[")


def _read_array(item: WorkItem, gz: str, max_bytes: int, fields: Fields) -> Iterator[RawDocument]:
    """The records of a JSON array, keyed ``path#0``, ``path#1``, ... (the index in the array), streamed
    by ijson so that a file of a million items is never held whole.

    An element's ``sha256`` is that of its JSON re-written with sorted keys (its own bytes are not kept
    by the stream); an element over ``max_bytes`` (so written) is ``too-large``.  A read or parse error
    keeps the elements before it and is reported on a row of its own keyed by the first index not read
    (``items.json#7``: "... from element 7 on").
    """
    import ijson  # imported late: only arrays need it

    broken = 0  # the first element not read
    try:
        with open_stream(item.path, gz) as stream:
            for index, obj in enumerate(ijson.items(stream, "item", use_float=True)):
                broken = index + 1
                raw = record_key(item.rel, index)
                text = json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8", "replace")
                if len(text) > max_bytes:
                    yield RawDocument(raw, rejection=Rejection(
                        "too-large", f"element {index}: record is over the {human_size(max_bytes)} limit per document"))
                    continue
                yield object_document(raw, hashlib.sha256(text).hexdigest(), obj, fields)
    except (ijson.JSONError, RecursionError, *READ_ERRORS) as exc:
        if isinstance(exc, RecursionError):
            rejection = Rejection("too-complex", "the array's element is nested too deeply to read")
        else:
            rejection = io_rejection(exc, gz) if isinstance(exc, READ_ERRORS) else Rejection(
                "invalid-json", f"invalid JSON: {' '.join(str(exc).split())[:200]}")
        yield RawDocument(record_key(item.rel, broken), sha_file(item.path), rejection=Rejection(
            rejection.code, f"{rejection.message} (from element {broken} on)"))


def _read_warc(item: WorkItem, gz: str, max_bytes: int) -> Iterator[RawDocument]:
    """The documents of a WARC file or of a slice of it (:func:`cleaners.io.warc.warc_items`), keyed
    ``path#<WARC-Record-ID>``; records that are no documents come back with ``skip`` set."""
    if gz == "zst":
        yield RawDocument(record_key(item.rel), sha_file(item.path), rejection=Rejection(
            "unsupported-type", "unsupported file type ('.warc.zst'): WARC is read plain or gzipped (.warc.gz)"))
        return
    seen: set[str] = set()
    try:
        stream, _ = open_regular(item.path)
        with stream:
            for rec in warc_items(stream, max_bytes, item.offset, item.end):
                locator = rec.locator if rec.locator not in seen else f"{rec.locator}-{len(seen)}"
                seen.add(locator)
                raw = record_key(item.rel, locator)
                if rec.skip:
                    yield RawDocument(raw, skip=rec.skip)
                elif rec.rejection is not None:
                    yield RawDocument(raw, meta=rec.meta, rejection=rec.rejection)
                else:
                    yield RawDocument(raw, hashlib.sha256(rec.data or b"").hexdigest(), rec.kind, rec.data,
                                      rec.meta, charset=rec.charset)
    except OSError as exc:  # keyed by the slice, so that two slices' errors keep two rows
        locator = "read-error" if seen else (f"byte-{item.offset}" if item.offset else None)
        yield RawDocument(record_key(item.rel, locator), sha_file(item.path), rejection=io_rejection(exc, ""))


def _read_feed(item: WorkItem, sha: str, data: bytes, max_bytes: int) -> Iterator[RawDocument]:
    """The items of a feed (:func:`cleaners.io.feeds.feed_items`), keyed ``path#<guid or index>``."""
    for entry in feed_items(data, max_bytes):
        raw = record_key(item.rel, entry.locator)
        if entry.rejection is not None:
            yield RawDocument(raw, sha, meta=entry.meta, rejection=entry.rejection)
        else:
            text = entry.data or ""
            yield RawDocument(raw, hashlib.sha256(text.encode("utf-8", "replace")).hexdigest(), entry.kind, text,
                              entry.meta)
