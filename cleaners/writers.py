"""Step 5 — output: atomic files, the manifest and the canonical articles.

Every file is written to a temporary name in the same folder, flushed to disk and
renamed over the target, so a reader sees the old file or the new one, never half
of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def _file_mode() -> int:
    """The mode ``open()`` would give a new file under this process's umask (mkstemp's is 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()


@contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` to write; on success it is flushed to disk and renamed over ``path``.

    On error the temporary file is removed and ``path`` is untouched.  The file gets
    the usual permissions (``0666`` less the umask), like any file the user creates.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.bin"
    >>> with atomic_target(path) as tmp:
    ...     _ = tmp.write_bytes(b"done")
    >>> path.read_bytes(), [p.name for p in path.parent.iterdir()]
    (b'done', ['out.bin'])
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as done:
            os.fchmod(done.fileno(), FILE_MODE)
            os.fsync(done.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` atomically (temporary file, fsync, rename).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write(path, [b"a", b"b"]); path.read_bytes(), [p.name for p in path.parent.iterdir()]
    (b'ab', ['out.txt'])
    >>> oct(path.stat().st_mode & 0o777) == oct(FILE_MODE)
    True
    """
    with atomic_target(path) as tmp, open(tmp, "wb") as out:
        for chunk in chunks:
            out.write(chunk)


def json_bytes(obj: Any) -> bytes:
    """Pretty, stable JSON (UTF-8, sorted keys are not used: field order is the contract's).

    >>> json_bytes({"b": "café", "a": 1})
    b'{\\n  "b": "caf\\xc3\\xa9",\\n  "a": 1\\n}\\n'
    """
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_json(path: str | os.PathLike[str], obj: Any) -> str:
    """Write one JSON file atomically; return the digest of what was written.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> write_json(path, {"id": "x"}) == digest_of({"id": "x"}), path.read_text()
    (True, '{\\n  "id": "x"\\n}\\n')
    """
    data = json_bytes(obj)
    atomic_write(path, [data])
    return hashlib.sha256(data).hexdigest()


def write_jsonl(path: str | os.PathLike[str], rows: Iterable[dict[str, Any]]) -> int:
    """Write JSON lines atomically, streaming the rows; return how many were written.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "m.jsonl"
    >>> write_jsonl(path, ({"n": n} for n in range(3))), path.read_text().splitlines()[-1]
    (3, '{"n": 2}')
    """
    count = 0

    def lines() -> Iterable[bytes]:
        nonlocal count
        for row in rows:
            count += 1
            yield (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")

    atomic_write(path, lines())
    return count


def digest_of(obj: Any) -> str:
    """SHA-256 of an object's JSON as :func:`write_json` writes it (to skip rewriting unchanged files).

    >>> digest_of({"a": 1}) == digest_of({"a": 1}) != digest_of({"a": 2})
    True
    """
    return hashlib.sha256(json_bytes(obj)).hexdigest()


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files a killed run may have left (``.<name>.*.tmp``).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / ".a.json.x1.tmp").write_text("half"), (folder / "a.json").write_text("{}")
    >>> remove_stale_temporaries(folder); [p.name for p in folder.iterdir()]
    ['a.json']
    """
    if folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
