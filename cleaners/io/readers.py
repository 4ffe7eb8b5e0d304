"""Reading raw/: finding the files, opening every input shape, one :class:`RawDocument` each.

Shapes (``docs`` and the contract): ``.html``/``.htm``, ``.txt``, ``.json`` (one
scraper record), ``.jsonl`` (one record per line, read as a stream), and ``.gz`` of
any of them.  Nothing here raises on bad input: a document that cannot be read
comes back with ``rejection`` set, a :class:`~cleaners.article.Rejection` whose code
is countable and whose message is a sentence a person understands.

Owns: file walking, shapes, size caps, JSON records and slices of ``.jsonl`` files.
Imports only :mod:`cleaners.article` of the package; never ``cleaners.corpus``,
``cleaners.views``, ``flows``, Prefect or ``sqlite3``.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import itertools
import json
import os
import stat
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cleaners.article import Rejection
from cleaners.io.walk import Entry, display_name, forbidden, inside, scan, special_file, walk  # noqa: F401 (re-exported)

MiB = 1024 * 1024
#: The default size cap per document (file, decompressed gzip, or one ``.jsonl`` record), in
#: bytes; set by hand, far above a news page and low enough that a worker holds one in memory
#: (the ``max_bytes`` setting changes it).
DEFAULT_MAX_BYTES = 16 * MiB
# The shapes newsclean reads, by extension (the contract's input shapes, plus common aliases).
HTML_EXTS = {".html", ".htm", ".xhtml"}
TEXT_EXTS = {".txt", ".text"}
RECORD_EXTS = {".json"}
LINES_EXTS = {".jsonl", ".ndjson"}
SUPPORTED = HTML_EXTS | TEXT_EXTS | RECORD_EXTS | LINES_EXTS
# A record's content is its first of these fields holding text ('html' is read as HTML, the
# others sniffed); its metadata fields come from these keys, first found wins (scrapers' names).
CONTENT_KEYS = ("html", "text", "content", "body")
META_KEYS = {"url": ("url", "link"), "title": ("title", "headline"), "author": ("author", "byline"),
             "published": ("published", "date", "published_at", "pubdate"), "site": ("site", "source")}
MAX_FIELD = 2000  # characters kept of a record's metadata field (a title or author is far shorter)


@dataclass
class RawDocument:
    """One raw document: a file, or one record of a ``.jsonl`` file.

    Either ``data`` holds the document (bytes of a file, or a record's text) or ``rejection``
    says why it could not be read; never both.
    """

    raw: str  # the record key (:func:`record_key`): the file's path relative to RAW_DIR, '#line' for a jsonl record
    sha256: str = ""  # hex SHA-256 of the bytes as stored ('' when they could not be read)
    kind: str | None = None  # 'html' | 'text' | None (sniff)
    data: bytes | str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # a record's url, title, author, published, site
    rejection: Rejection | None = None  # set when the document cannot be read


@dataclass(frozen=True)
class WorkItem:
    """A unit of work: a file, or a slice of a ``.jsonl`` file's lines (1-based, inclusive)."""

    rel: str
    path: str
    first_line: int = 0
    last_line: int = 0
    offset: int = 0  # byte offset of ``first_line`` in the (decompressed) stream, when known
    rejection: Rejection | None = field(default=None, repr=False)  # set by the walk for what is not read (:class:`Entry`)


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


def shape_of(name: str) -> tuple[str, bool]:
    """The file's shape by extension, and whether it is gzipped.

    >>> shape_of("a/b.JSONL.gz")
    ('.jsonl', True)
    >>> shape_of("page.htm")
    ('.htm', False)
    """
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    return os.path.splitext(lower)[1], gz


def unsupported(ext: str) -> Rejection:
    """The rejection of a file type newsclean does not read (``unsupported-type``).

    >>> unsupported(".pdf").message
    "unsupported file type ('.pdf'): expected .html, .htm, .txt, .json, .jsonl, or any of them gzipped"
    """
    got = f"'{ext}'" if ext else "no extension"
    return Rejection("unsupported-type", f"unsupported file type ({got}): expected .html, .htm, .txt, .json, "
                     ".jsonl, or any of them gzipped")


def read_item(item: WorkItem, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument]:
    """Read one work item into raw documents; never raises for bad input.

    ``max_bytes`` caps each document (the file, its decompressed gzip, or one record), in bytes.

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
        yield RawDocument(key, sha_file(item.path), rejection=unsupported(ext))
        return
    if ext in LINES_EXTS:
        yield from _read_lines(item, gz, max_bytes)
        return
    try:
        data = _read_capped(item.path, gz, max_bytes)
    except _TooBig as exc:
        yield RawDocument(key, sha_file(item.path), rejection=Rejection("too-large", str(exc)))
        return
    except (OSError, EOFError, zlib.error) as exc:
        yield RawDocument(key, sha_file(item.path), rejection=_io_rejection(exc, gz))
        return
    sha = sha_file(item.path) if gz else hashlib.sha256(data).hexdigest()  # of the bytes as stored
    if ext in RECORD_EXTS:
        yield record_document(key, sha, data)
    else:
        yield RawDocument(key, sha, "html" if ext in HTML_EXTS else "text", data)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
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
    docs = list(itertools.islice(read_item(WorkItem(display_name(path.name), str(path)), max_bytes=max_bytes), 2))
    if len(docs) > 1:
        raise ValueError(f"{path} holds more than one document (a record per line): read them with "
                         "cleaners.io.readers.read_item, or print each with `newsclean clean FILE`")
    if not docs:  # a .jsonl of blank lines
        return RawDocument(record_key(display_name(path.name)), sha_file(str(path)),
                           rejection=Rejection("empty", "no records: the file holds only blank lines"))
    return docs[0]


def record_document(raw: str, sha: str, data: bytes) -> RawDocument:
    """A scraper record (JSON object) to a raw document.

    >>> record_document("r.json", "", b'{"text": "Body", "url": "https://x.example/a"}').meta
    {'url': 'https://x.example/a'}
    >>> record_document("r.json", "", b'{"text": ').rejection
    Rejection(code='invalid-json', message='invalid JSON: Expecting value at line 1 column 10')
    >>> record_document("r.json", "", b'[1, 2]').rejection
    Rejection(code='not-a-record', message='JSON record is a list, not an object with html, text, content or body')
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
    if not isinstance(obj, dict):
        return RawDocument(raw, sha, rejection=Rejection(
            "not-a-record", f"JSON record is a {_json_type(obj)}, not an object with html, text, content or body"))
    meta = _record_meta(obj)
    for key in CONTENT_KEYS:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return RawDocument(raw, sha, "html" if key == "html" else None, value, meta)
    return RawDocument(raw, sha, meta=meta, rejection=Rejection(
        "no-content", "JSON record has no html, text, content or body field with text in it"))


def _record_meta(obj: dict[str, Any]) -> dict[str, str]:
    meta = {}
    for name, keys in META_KEYS.items():
        for key in keys:
            value = obj.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
                meta[name] = " ".join(str(value).split())[:MAX_FIELD]
                break
    return meta


def _json_type(obj: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean",
            type(None): "null"}.get(type(obj), type(obj).__name__)


def _read_lines(item: WorkItem, gz: bool, max_bytes: int) -> Iterator[RawDocument]:
    """The records of a slice of a lines file, keyed ``path#line``.

    A read error (a truncated or damaged gzip, an I/O error) keeps every record read before
    it and is reported on a row of its own, keyed by the first line that could not be read
    (``feed.jsonl.gz#31``: "... from line 31 on"): no record has that key, so the error never
    replaces one.  An error past the slice's last line is left to the next slice, which meets it too.
    """
    first, last = item.first_line or 1, item.last_line or 0
    lineno = first - 1  # the last line read
    try:
        with _open(item.path, gz) as stream:
            start = 1
            if item.offset:  # jump to the slice (plain files seek; gzip decompresses up to it)
                stream.seek(item.offset)
                start = first
            for lineno, line in enumerate(_capped_lines(stream, max_bytes), start=start):
                if lineno < first:
                    continue
                if last and lineno > last:
                    return
                raw = record_key(item.rel, lineno)
                if isinstance(line, _TooBig):
                    yield RawDocument(raw, rejection=Rejection("too-large", f"line {lineno}: {line}"))
                    continue
                if not line.strip():
                    continue  # blank lines are not documents
                yield record_document(raw, hashlib.sha256(line).hexdigest(), line)
    except (OSError, EOFError, zlib.error) as exc:
        broken = max(lineno + 1, first)  # the first line not read
        if last and broken > last:
            return
        rejection = _io_rejection(exc, gz)
        if broken > 1:
            rejection = Rejection(rejection.code, f"{rejection.message} (from line {broken} on)")
        yield RawDocument(record_key(item.rel, broken), sha_file(item.path), rejection=rejection)


def line_slices(path: str, gz: bool, lines: int, min_bytes: int = 0) -> tuple[list[tuple[int, int]], int]:
    """Cut a file of lines into slices of at least ``lines`` lines and ``min_bytes`` bytes.

    Returns ``([(first_line, byte_offset), ...], number_of_lines)``, read as a stream
    in chunks (a file of a million records is never held whole).  A slice starts
    at a line boundary, so a reader can seek straight to it.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.jsonl"
    >>> _ = path.write_bytes(b"{}\\n" * 5)
    >>> line_slices(str(path), gz=False, lines=2)
    ([(1, 0), (3, 6), (5, 12)], 5)
    """
    starts = [(1, 0)]
    n = 0
    pos = 0  # byte offset of the current chunk
    last = b"\n"
    since_line, since_pos = 1, 0
    with _open(path, gz) as stream:
        while chunk := stream.read(MiB):
            i = chunk.find(b"\n")
            while i != -1:
                n += 1
                end = pos + i + 1  # the next line starts here
                if n + 1 - since_line >= lines and end - since_pos >= min_bytes:
                    since_line, since_pos = n + 1, end
                    starts.append((since_line, since_pos))
                i = chunk.find(b"\n", i + 1)
            pos += len(chunk)
            last = chunk[-1:]
    n += last != b"\n"
    if starts[-1][0] > n:  # the file ends on a slice boundary
        starts.pop()
    return starts, n


def human_size(n: int) -> str:
    """A byte count for people.

    >>> human_size(100), human_size(16 * MiB), human_size(31_600_000)
    ('100 bytes', '16 MB', '30.1 MB')
    """
    if n < 1024:
        return f"{n} bytes"
    if n < MiB:
        return f"{n / 1024:.1f} KB".replace(".0 KB", " KB")
    return f"{n / MiB:.1f} MB".replace(".0 MB", " MB")


class _TooBig(Exception):
    pass


class _NotRegular(OSError):
    """Opened something that is not a regular file (a FIFO, a device): not read."""

    def __init__(self, mode: int) -> None:
        super().__init__(errno.EINVAL, special_file(mode).message)
        self.mode = mode


def _open_regular(path: str) -> tuple[BinaryIO, int]:
    """``path`` opened for reading, and its size; never blocks (``O_NONBLOCK``: a FIFO or a device
    is refused with :class:`_NotRegular` after ``fstat``, before a byte is read)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _NotRegular(st.st_mode)
        return os.fdopen(fd, "rb"), st.st_size
    except BaseException:
        os.close(fd)
        raise


@contextmanager
def _open(path: str, gz: bool) -> Iterator[BinaryIO]:
    """A regular file open for reading (:func:`_open_regular`), decompressed when ``gz``; closed after."""
    stream, _ = _open_regular(path)
    with stream:
        if gz:
            with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                yield unzipped  # type: ignore[misc]
        else:
            yield stream


def _read_capped(path: str, gz: bool, max_bytes: int) -> bytes:
    """The file's bytes (decompressed), at most ``max_bytes``: the cap holds whatever its size reads
    as (a file of ``/proc`` says 0), since at most ``max_bytes + 1`` bytes are ever read."""
    stream, size = _open_regular(path)
    with stream:
        if size > max_bytes:
            raise _TooBig(f"file is {human_size(size)}, over the {human_size(max_bytes)} limit per document")
        with (gzip.GzipFile(fileobj=stream, mode="rb") if gz else stream) as source:
            data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        if gz:
            raise _TooBig(f"gzip expands to over {human_size(max_bytes)} (the limit per document): "
                          "a gzip bomb or an oversized page")
        raise _TooBig(f"file is over the {human_size(max_bytes)} limit per document (it grew while read)")
    return data


def _capped_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | _TooBig]:
    """Lines of a stream; a line over ``max_bytes`` is yielded as a :class:`_TooBig` and skipped."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(MiB)) and not rest.endswith(b"\n"):
                pass
            yield _TooBig(f"record is over the {human_size(max_bytes)} limit per document")
            continue
        yield line


def _io_rejection(exc: BaseException, gz: bool) -> Rejection:
    """The rejection of a file that could not be read: ``corrupt-gzip``, ``vanished`` or ``read-error``.

    >>> _io_rejection(EOFError("Compressed file ended before the end-of-stream marker was reached"), gz=True).code
    'corrupt-gzip'
    >>> _io_rejection(FileNotFoundError(2, "No such file or directory"), gz=False)
    Rejection(code='vanished', message='file vanished while the run was reading it')
    >>> _io_rejection(PermissionError(13, "Permission denied"), gz=False)
    Rejection(code='read-error', message='could not read the file: Permission denied')
    """
    if isinstance(exc, _NotRegular):
        return special_file(exc.mode)
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        return Rejection("path-too-long", "path too long: the file's path is over the system's limit; not read")
    if gz and isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)):
        return Rejection("corrupt-gzip", f"corrupt or truncated gzip file: {exc}")
    if isinstance(exc, FileNotFoundError):
        return Rejection("vanished", "file vanished while the run was reading it")
    return Rejection("read-error", f"could not read the file: {exc.strerror or exc}" if isinstance(exc, OSError)
                     else str(exc))


def sha_file(path: str) -> str:
    """SHA-256 of a file's bytes, read as a stream ('' when it cannot be read).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = path.write_bytes(b"abc")
    >>> sha_file(str(path))[:16], sha_file(str(path) + ".missing")
    ('ba7816bf8f01cfea', '')
    """
    digest = hashlib.sha256()
    try:
        stream, _ = _open_regular(path)
        with stream:
            while chunk := stream.read(MiB):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()
