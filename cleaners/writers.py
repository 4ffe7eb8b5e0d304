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
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def atomic_write(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` atomically (temporary file, fsync, rename)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def json_bytes(obj: Any) -> bytes:
    """Pretty, stable JSON (UTF-8, sorted keys are not used: field order is the contract's)."""
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_json(path: str | os.PathLike[str], obj: Any) -> str:
    """Write one JSON file atomically; return the digest of what was written."""
    data = json_bytes(obj)
    atomic_write(path, [data])
    return hashlib.sha256(data).hexdigest()


def write_jsonl(path: str | os.PathLike[str], rows: Iterable[dict[str, Any]]) -> int:
    """Write JSON lines atomically, streaming the rows; return how many were written."""
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
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files a killed run may have left (``.<name>.*.tmp``)."""
    if folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
