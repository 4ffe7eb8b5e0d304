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
(:func:`finish_publication`), before anything else.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

STAGING = "staging"
COMMIT = "COMMIT.json"


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
    return hashlib.sha256(json_bytes(obj)).hexdigest()


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files a killed run may have left (``.<name>.*.tmp``)."""
    if folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    """Make the renames and removals in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
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
        finish_publication(clean_dir, state_dir)  # a killed run's generation first, if committed
        self.staging.mkdir(parents=True, exist_ok=True)
        self.targets: dict[str, str] = {}

    def write_json(self, name: str, obj: Any, folder: str) -> None:
        write_json(self.staging / name, obj)
        self.targets[name] = folder

    def write_jsonl(self, name: str, rows: Iterable[dict[str, Any]], folder: str = ".") -> int:
        count = write_jsonl(self.staging / name, rows)
        self.targets[name] = folder
        return count

    def commit(self, clean_dir: Path, delete: Iterable[str]) -> None:
        """Write the commit record (the generation is now decided), then publish it."""
        fsync_dir(self.staging)
        write_json(self.staging / COMMIT, {"targets": self.targets, "delete": sorted(delete)})
        finish_publication(clean_dir, self.staging.parent)


def finish_publication(clean_dir: str | os.PathLike[str], state_dir: str | os.PathLike[str]) -> bool:
    """Move a committed generation into place (again: every step may already be done).

    Articles first, then the manifest that names them, then the removal of what
    it no longer names.  An uncommitted staging folder is discarded.  Returns
    whether a committed generation was found.
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
    """Remove the staging folder, commit record last (so a kill here still rolls forward)."""
    staging = Path(state_dir) / STAGING
    if not staging.is_dir():
        return
    for path in staging.iterdir():
        if path.name != COMMIT:
            path.unlink(missing_ok=True)
    (staging / COMMIT).unlink(missing_ok=True)
    staging.rmdir()
