"""Opening raw files: regular files only, never blocking, decompressed, with size caps; their hashes.

The low layer of the readers (:mod:`cleaners.io.readers`): what opens a file, what a read error
becomes (:func:`io_rejection`), how a lines file is cut into slices.  Compression by name:
``.gz`` (gzip) and ``.zst`` (Zstandard, through the ``zstandard`` package).  Imports only
:mod:`cleaners.article` and :mod:`cleaners.io.walk` of the package.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import os
import stat
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

import zstandard

from cleaners.article import Rejection
from cleaners.io.walk import special_file

MiB = 1024 * 1024
#: What a damaged compressed stream raises while it is read (besides :class:`OSError`).
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error, zstandard.ZstdError)


def codec_of(name: str) -> tuple[str, str]:
    """A file name without its compression suffix, and the codec: ``"gz"``, ``"zst"`` or ``""``.

    >>> codec_of("a/feed.JSONL.gz"), codec_of("x.warc.zst"), codec_of("page.html")
    (('a/feed.JSONL', 'gz'), ('x.warc', 'zst'), ('page.html', ''))
    """
    lower = name.lower()
    for codec in ("gz", "zst"):
        if lower.endswith("." + codec):
            return name[: -len(codec) - 1], codec
    return name, ""


def decompressed(stream: BinaryIO, codec: Any) -> BinaryIO:
    """``stream`` read through its codec (``"gz"`` or ``True``: gzip; ``"zst"``: Zstandard; else as it is).

    A Zstandard stream is read across frames (``zstd`` writes one per file, ``pzstd`` several).

    >>> import io
    >>> decompressed(io.BytesIO(zstandard.ZstdCompressor().compress(b"a\\nb\\n")), "zst").readline()
    b'a\\n'
    """
    if codec is True or codec == "gz":
        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
    if codec == "zst":
        reader = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True, closefd=False)
        return io.BufferedReader(reader)  # type: ignore[arg-type, return-value]
    return stream


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
    with open_stream(path, gz) as stream:
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


class TooBig(Exception):
    pass


class NotRegular(OSError):
    """Opened something that is not a regular file (a FIFO, a device): not read."""

    def __init__(self, mode: int) -> None:
        super().__init__(errno.EINVAL, special_file(mode).message)
        self.mode = mode


def open_regular(path: str) -> tuple[BinaryIO, int]:
    """``path`` opened for reading, and its size; never blocks (``O_NONBLOCK``: a FIFO or a device
    is refused with :class:`NotRegular` after ``fstat``, before a byte is read).

    >>> stream, size = open_regular(__file__); stream.close(); size > 0
    True
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(st.st_mode)
        return os.fdopen(fd, "rb"), st.st_size
    except BaseException:
        os.close(fd)
        raise


@contextmanager
def open_stream(path: str, gz: bool) -> Iterator[BinaryIO]:
    """A regular file open for reading (:func:`open_regular`), decompressed when ``gz``; closed after.

    >>> with open_stream(__file__, "") as stream:
    ...     len(stream.read(4))
    4
    """
    stream, _ = open_regular(path)
    with stream:
        if gz:
            with decompressed(stream, gz) as unzipped:
                yield unzipped
        else:
            yield stream


def read_capped(path: str, gz: bool, max_bytes: int) -> bytes:
    """The file's bytes (decompressed), at most ``max_bytes``: the cap holds whatever its size reads
    as (a file of ``/proc`` says 0), since at most ``max_bytes + 1`` bytes are ever read.

    >>> read_capped(__file__, "", 10)
    Traceback (most recent call last):
    ...
    cleaners.io.files.TooBig: file is ... over the 10 bytes limit per document
    """
    stream, size = open_regular(path)
    with stream:
        if size > max_bytes:
            raise TooBig(f"file is {human_size(size)}, over the {human_size(max_bytes)} limit per document")
        with decompressed(stream, gz) as source:
            data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        if gz:
            name = "zstd" if gz == "zst" else "gzip"
            raise TooBig(f"{name + ' data' if gz == 'zst' else name} expands to over {human_size(max_bytes)} "
                         f"(the limit per document): a {name} bomb or an oversized page")
        raise TooBig(f"file is over the {human_size(max_bytes)} limit per document (it grew while read)")
    return data


def capped_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | TooBig]:
    """Lines of a stream; a line over ``max_bytes`` is yielded as a :class:`TooBig` and skipped.

    >>> import io
    >>> [type(x).__name__ for x in capped_lines(io.BytesIO(b"ab\\n" + b"x" * 20 + b"\\ncd\\n"), 5)]
    ['bytes', 'TooBig', 'bytes']
    """
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(MiB)) and not rest.endswith(b"\n"):
                pass
            yield TooBig(f"record is over the {human_size(max_bytes)} limit per document")
            continue
        yield line


def io_rejection(exc: BaseException, gz: bool) -> Rejection:
    """The rejection of a file that could not be read: ``corrupt-gzip``/``corrupt-zstd`` (``gz`` is the codec:
    ``True`` or ``"gz"``, ``"zst"``), ``vanished`` or ``read-error``.

    >>> io_rejection(EOFError("Compressed file ended before the end-of-stream marker was reached"), gz=True).code
    'corrupt-gzip'
    >>> io_rejection(FileNotFoundError(2, "No such file or directory"), gz=False)
    Rejection(code='vanished', message='file vanished while the run was reading it')
    >>> io_rejection(PermissionError(13, "Permission denied"), gz=False)
    Rejection(code='read-error', message='could not read the file: Permission denied')
    """
    if isinstance(exc, NotRegular):
        return special_file(exc.mode)
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        return Rejection("path-too-long", "path too long: the file's path is over the system's limit; not read")
    if gz == "zst" and isinstance(exc, (zstandard.ZstdError, EOFError)):
        return Rejection("corrupt-zstd", f"corrupt or truncated zstd file: {exc}")
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
        stream, _ = open_regular(path)
        with stream:
            while chunk := stream.read(MiB):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()
