"""Small helpers the tests share."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder with the SHA-256 of its bytes and its mode: to prove it was not written."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest() + oct(path.stat().st_mode)
    return out


def read_manifest(clean_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (clean_dir / "manifest.jsonl").read_text().splitlines()]
