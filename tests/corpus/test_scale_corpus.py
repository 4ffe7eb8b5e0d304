"""The scaling corpus: ``bench.corpus`` with fresh stories grows by new stories, not by re-cut old ones."""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import combinations
from pathlib import Path

from bench.corpus import generate


def _gold(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()]


def _shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def test_default_stories_are_unchanged_by_the_fresh_option(story_source: Path, tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 900, 1, story_source)
    b = generate(tmp_path / "b", 900, 1, story_source, stories="recombined")
    digest = lambda p: json.loads((p / "corpus.json").read_text())["summary"]["digest"]  # noqa: E731
    assert digest(a) == digest(b)


def test_fresh_stories_share_almost_no_shingles_and_keep_cluster_sizes(story_source: Path, tmp_path: Path) -> None:
    rows = _gold(generate(tmp_path / "c", 1500, 2, story_source, stories="fresh"))
    fresh = {}
    for row in rows:
        if row["origin"] == "fresh" and row["variant"] == "original":
            fresh[row["story"]] = _shingles(row["body"])
    assert len(fresh) > 100  # the 400 sources were used up: the rest are fresh stories
    worst = max(len(a & b) / len(a | b) for a, b in combinations(list(fresh.values())[:150], 2))
    assert worst < 0.2  # unrelated texts: far below the near-duplicate thresholds (0.3 LSH, 0.6 Jaccard)
    sizes = Counter(Counter(row["story"] for row in rows if row["origin"] == "fresh").values())
    assert max(sizes) <= 6  # the syndication sizes of bench.corpus, whatever the corpus size
