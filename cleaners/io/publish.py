"""Step 5 — output: atomic files, the manifest and the canonical articles.

Every file is written to a temporary name in the same folder, flushed to disk and
renamed over the target, so a reader sees the old file or the new one, never half
of one.

A run's outputs are published as one generation (:class:`Publication`): the new
articles and the new manifest are first written in full to a staging folder
inside the state folder (invisible to readers), then a commit record is written,
and only then are they renamed into place and the articles the new manifest no
longer names removed.  A run killed before the commit record changed nothing a
reader can see; a run killed after it is finished by the next run
(:func:`roll_forward`), before anything else.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

ARTICLES = "articles"  # CLEAN_DIR/articles/: one JSON file per canonical article
STAGING = "staging"
COMMIT = "COMMIT.json"


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


#: Where orjson's bytes may differ from ``json.dumps``'s: a float of 1e-9 to 1e-4 (orjson writes
#: ``0.00001`` and ``1e-9``, json ``1e-05`` and ``1e-09``).  Such output (or text that looks like it)
#: is made again by ``json``, so the bytes are always ``json.dumps``'s (tests/io/test_json_bytes.py).
#: A literal first, the digit before it checked last: the regex engine then skips to each ``e-``
#: (a leading ``\d`` made the search cost 4x the encoding).
TINY_EXPONENT = re.compile(rb"e-\d(?!\d)(?<=\de-\d)")
TINY_FIXED = b"0.0000"


def fast_json(obj: Any, indent: bool) -> bytes | None:
    """``obj`` as orjson writes it (UTF-8; ``indent``: two spaces, else compact), or None where its
    bytes might not be ``json.dumps``'s (:data:`TINY_EXPONENT`, :data:`TINY_FIXED`; what orjson refuses: an integer
    over 64 bits, a key that is no string, a lone surrogate).

    >>> fast_json({"a": [1, "é"]}, indent=False), fast_json({"x": 1e-05}, indent=False), fast_json({1: 2}, indent=True)
    (b'{"a":[1,"\\xc3\\xa9"]}', None, None)
    """
    try:
        data = orjson.dumps(obj, option=orjson.OPT_INDENT_2 if indent else 0)
    except TypeError:  # orjson.JSONEncodeError
        return None
    return None if TINY_FIXED in data or TINY_EXPONENT.search(data) else data


def json_bytes(obj: Any) -> bytes:
    """Pretty, stable JSON (UTF-8, sorted keys are not used: field order is the contract's): the
    bytes of ``json.dumps(obj, ensure_ascii=False, indent=2)`` and a newline, made by orjson when
    it writes the same (:func:`fast_json`: ``indent`` sends ``json`` to its pure-Python encoder, 15x
    slower).  One difference: a NaN or infinity (no JSON value; an article holds none) is ``null``,
    not ``NaN``.

    >>> json_bytes({"b": "café", "a": 1})
    b'{\\n  "b": "caf\\xc3\\xa9",\\n  "a": 1\\n}\\n'
    >>> json_bytes({"s": 1e-05, "e": []})
    b'{\\n  "s": 1e-05,\\n  "e": []\\n}\\n'
    """
    data = fast_json(obj, indent=True)
    if data is None:
        return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return data + b"\n"


def write_json(path: str | os.PathLike[str], obj: Any) -> str:
    """Write one JSON file atomically; return the digest of what was written.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> write_json(path, {"id": "x"}) == hashlib.sha256(path.read_bytes()).hexdigest(), path.read_text()
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
    """A fingerprint of a JSON object, to tell whether its file must be rewritten.

    Compact JSON, so that the C encoder does it (``indent`` makes ``json`` fall back to pure
    Python: 10x slower, and the bulk of an unchanged re-run's time before this).

    >>> digest_of({"a": [1, "é"]}) == digest_of({"a": [1, "é"]}) != digest_of({"a": [1]})
    True
    """
    data = fast_json(obj, indent=False)  # the same bytes as json's compact form
    if data is None:
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


#: A temporary file of :func:`atomic_target`: ``.<target name>.<random>.tmp``.
TEMPORARY = re.compile(r"\.(?P<target>.+)\.[^./]+\.tmp")


def remove_stale_temporaries(folder: Path, ours: Callable[[str], bool]) -> None:
    """Remove the temporary files a killed run of newsclean may have left in ``folder``: only those
    named as :func:`atomic_target` names them (``.<name>.<random>.tmp``) for a target ``name``
    that ``ours(name)`` says newsclean writes there.  Anything else is left alone, whoever wrote it.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / ".a.json.x1abc_9z.tmp").write_text("half"), (folder / "a.json").write_text("{}")
    >>> _ = (folder / ".mine.tmp").write_text("a user's"), (folder / ".notes.txt.x1abc_9z.tmp").write_text("a user's")
    >>> remove_stale_temporaries(folder, lambda name: name.endswith(".json")); sorted(p.name for p in folder.iterdir())
    ['.mine.tmp', '.notes.txt.x1abc_9z.tmp', 'a.json']
    """
    if folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            match = TEMPORARY.fullmatch(tmp.name)
            if match and ours(match["target"]) and tmp.is_file() and not tmp.is_symlink():
                tmp.unlink(missing_ok=True)


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    """Make the renames and removals in ``folder`` durable.

    >>> import tempfile
    >>> fsync_dir(tempfile.mkdtemp())
    """
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: str | os.PathLike[str], names: Iterable[str]) -> None:
    """Make the files ``names`` in ``folder`` durable: one ``syncfs`` of their file system where
    the C library has it (Linux), else an ``fsync`` per file.

    One call instead of one per article: an fsync per staged file was most of the write
    step's time (1,300 articles: ~1 s of 1.3-2.4 s, ``bench.perf``).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()); _ = (folder / "a.json").write_text("{}")
    >>> sync_folder(folder, ["a.json"])
    """
    if _syncfs(folder):
        return
    for name in names:
        fd = os.open(Path(folder) / name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _syncfs(folder: str | os.PathLike[str]) -> bool:
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):  # no C library symbol (not Linux)
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        return syncfs(fd) == 0
    finally:
        os.close(fd)


class Publication:
    """One generation of outputs: staged in full, then committed, then moved into place.

    ``targets`` maps a staged file's name to the folder (under the clean dir)
    it is published to; ``delete`` lists files (relative to the clean dir) that
    the new generation drops.
    """

    def __init__(self, clean_dir: Path, state_dir: Path) -> None:
        self.staging = Path(state_dir) / STAGING
        roll_forward(clean_dir, state_dir)  # a killed run's generation first, if committed
        self.staging.mkdir(parents=True, exist_ok=True)
        self.targets: dict[str, str] = {}

    def write_json(self, name: str, obj: Any, folder: str) -> None:
        """Stage one JSON file: written in place (the staging folder is private until the commit
        record exists, and an uncommitted one is discarded), made durable at :meth:`commit`."""
        fd = os.open(self.staging / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)  # 0666 less the umask
        with open(fd, "wb") as out:
            out.write(json_bytes(obj))
        self.targets[name] = folder

    def write_jsonl(self, name: str, rows: Iterable[dict[str, Any]], folder: str = ".") -> int:
        count = write_jsonl(self.staging / name, rows)
        self.targets[name] = folder
        return count

    def commit(self, clean_dir: Path, delete: Iterable[str]) -> None:
        """Write the commit record (the generation is now decided), then publish it."""
        sync_folder(self.staging, self.targets)
        fsync_dir(self.staging)
        write_json(self.staging / COMMIT, {"targets": self.targets, "delete": sorted(delete)})
        roll_forward(clean_dir, self.staging.parent)


def roll_forward(clean_dir: str | os.PathLike[str], state_dir: str | os.PathLike[str]) -> bool:
    """Move a committed generation into place (again: every step may already be done).

    Articles first, then the manifest that names them, then the removal of what
    it no longer names.  An uncommitted staging folder is discarded.  Returns
    whether a committed generation was found.

    >>> import tempfile, pathlib
    >>> clean = pathlib.Path(tempfile.mkdtemp()); state = clean / ".newsclean"; (clean / "articles").mkdir()
    >>> staging = state / STAGING; staging.mkdir(parents=True)
    >>> _ = (staging / "x.json").write_text("{}"); _ = (staging / "manifest.jsonl").write_text("")
    >>> _ = write_json(staging / COMMIT, {"targets": {"x.json": "articles", "manifest.jsonl": "."}, "delete": []})
    >>> roll_forward(clean, state), (clean / "articles" / "x.json").exists(), staging.exists()
    (True, True, False)
    >>> roll_forward(clean, state)  # nothing committed: nothing to do
    False
    """
    clean_dir, staging = Path(clean_dir), Path(state_dir) / STAGING
    try:
        record = json.loads((staging / COMMIT).read_bytes())
    except (FileNotFoundError, ValueError):
        discard_staging(state_dir)
        return False
    targets = record["targets"]
    for last in (False, True):  # articles, then the manifest that names them
        moved = set()
        for name in sorted(n for n, folder in targets.items() if (folder == ".") == last):
            if (staging / name).exists():
                os.replace(staging / name, clean_dir / targets[name] / name)
                moved.add(clean_dir / targets[name])
        for folder in moved:
            fsync_dir(folder)
    removed = set()
    for rel in record["delete"]:
        (clean_dir / rel).unlink(missing_ok=True)
        removed.add((clean_dir / rel).parent)
    for done in removed:
        fsync_dir(done)
    discard_staging(state_dir)
    return True


def discard_staging(state_dir: str | os.PathLike[str]) -> None:
    """Remove the staging folder, commit record last (so a kill here still rolls forward).

    >>> import tempfile, pathlib
    >>> state = pathlib.Path(tempfile.mkdtemp()); (state / STAGING).mkdir()
    >>> _ = (state / STAGING / "a.json").write_text("{}")
    >>> discard_staging(state); (state / STAGING).exists()
    False
    """
    staging = Path(state_dir) / STAGING
    if not staging.is_dir():
        return
    for path in staging.iterdir():
        if path.name != COMMIT:
            path.unlink(missing_ok=True)
    (staging / COMMIT).unlink(missing_ok=True)
    staging.rmdir()
