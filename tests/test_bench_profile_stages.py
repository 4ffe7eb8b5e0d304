"""bench.profile_stages: every document a run reads is cleaned once, the stages are found in the
profile, and the digest changes with the outputs and only with them."""

import cProfile
import pstats
from pathlib import Path

from bench.profile_stages import run, stage_seconds

STORY = ("The ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said. "
         "Crews worked through the night to secure the harbour wall before the next high tide.")


def _raw(tmp_path: Path, headline: str) -> Path:
    raw = tmp_path / "raw"
    (raw / "gazette.example").mkdir(parents=True, exist_ok=True)
    (raw / "gazette.example" / "a.txt").write_text(f"{headline}\n\n{STORY}\n", encoding="utf-8")
    (raw / "gazette.example" / "b.jsonl").write_text(
        '{"title": "Bridge reopens", "text": "%s"}\n{"title": "Pier shut", "text": "%s"}\n' % (STORY, STORY),
        encoding="utf-8")
    return raw


def test_profiles_every_document_by_stage(tmp_path: Path) -> None:
    profiler = cProfile.Profile()
    n, digest, cpu = run(_raw(tmp_path, "Storm closes port"), profiler)
    assert n == 3 and len(digest) == 16 and cpu > 0  # the text file and both records of the .jsonl
    stages = {label: (calls, seconds) for label, calls, seconds in stage_seconds(pstats.Stats(profiler))}
    assert stages["clean_document (all)"][0] == 3
    assert stages["strip_boilerplate (rule engine)"][0] == 3
    assert stages["extract_html (all HTML extraction)"] == (0, 0.0)  # no HTML here


def test_digest_follows_the_outputs(tmp_path: Path) -> None:
    first = run(_raw(tmp_path / "1", "Storm closes port"), None)[1]
    again = run(_raw(tmp_path / "2", "Storm closes port"), None)[1]
    other = run(_raw(tmp_path / "3", "Storm shuts harbour"), None)[1]
    assert first == again != other
