"""Small helpers the tests share."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW_SAMPLES = ROOT / "raw"  # the bundled samples
SHARED = Path(os.environ.get("NEWSCLEAN_SHARED", ROOT.parent / "shared"))  # evaluation data, beside the project


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder with the SHA-256 of its bytes and its mode: to prove it was not written."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest() + oct(path.stat().st_mode)
    return out


def read_manifest(clean_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (clean_dir / "manifest.jsonl").read_text().splitlines()]


# Peak RSS of a test's subprocess, in MB.  Not ru_maxrss of RUSAGE_SELF: Linux carries the
# high-water mark of the forked parent (pytest, hundreds of MB after the flow tests) across
# exec; VmHWM is the new program's own.  Children (pool workers) are counted by RUSAGE_CHILDREN.
PEAK_RSS_SNIPPET = '''
def peak_rss_mb():
    import resource
    with open("/proc/self/status") as status:
        own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
'''


# A news story of five paragraphs that the near-duplicate tests copy, trim and embed.
PARAS = [
    "Firefighters spent the night tackling a blaze at a timber yard on the edge of the town, the fire service said.",
    "About 40 residents were moved from nearby homes as a precaution and spent the night in the sports centre.",
    "The cause of the fire is not yet known, and an investigation will begin once the site is safe to enter.",
    "The yard's owner said the business had been in the family for three generations and would be rebuilt.",
    "Roads around the yard are expected to stay closed until Thursday while engineers check a damaged wall.",
]
STORY = "\n\n".join(PARAS)


def write_file(raw: Path, rel: str, text: str) -> None:
    """Write ``text`` to ``raw/rel``, making its folders."""
    (raw / rel).parent.mkdir(parents=True, exist_ok=True)
    (raw / rel).write_text(text)
