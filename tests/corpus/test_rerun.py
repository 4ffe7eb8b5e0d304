"""An unchanged re-run reads no document and rewrites nothing (issue 16's re-run target), while every
guarantee of a run holds: a changed file is cleaned again, the manifest has a row for every raw
document, a damaged output is repaired, and any change to the state is seen (its generation)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleaners import run_pipeline
from cleaners.corpus.store import Store

from ..helpers import read_manifest

FOOTER = "Photos of the week go up on the harbour board beside the old lighthouse steps."
STORIES = [
    ("Ferry returns", "The ferry to the island returned to service on Monday after a month of repairs to its engine."),
    ("School roof fixed", "Builders finished the new roof of the village school a week early, the council said."),
    ("Lifeboat crew honoured", "Five volunteers of the lifeboat station were given medals for a rescue in a storm."),
    ("Market moves indoors", "The Saturday market moved into the old church hall for the winter months this week."),
    ("Road closed by slip", "A landslip closed the coast road near the quarry overnight and it stays shut today."),
]


def _raw(tmp_path: Path) -> Path:
    """Five stories of one site sharing a footer line (a site template), and one copy of the first."""
    raw = tmp_path / "raw"
    (raw / "gazette").mkdir(parents=True)
    for n, (title, body) in enumerate(STORIES):
        (raw / "gazette" / f"{n}.txt").write_text(f"{title}\n\n{body}\n\n{FOOTER}\n")
    (raw / "copy.txt").write_text(f"{STORIES[0][0]}\n\n{STORIES[0][1]}\n")
    return raw


def _snapshot(clean: Path) -> dict[str, tuple[bytes, int]]:
    """Every output file's bytes and mtime (a rewrite with the same bytes still shows)."""
    files = [clean / "manifest.jsonl", *sorted((clean / "articles").iterdir())]
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}


def _refuse(*_: object, **__: object) -> None:
    raise AssertionError("an unchanged re-run read the documents")


def test_unchanged_rerun_reads_no_document_and_rewrites_nothing(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    raw, clean = _raw(tmp_path), tmp_path / "clean"
    first = run_pipeline(raw, clean).as_dict()
    assert first["site_templates"]["lines"] >= 1  # the footer was learned as the site's template
    before = _snapshot(clean)
    for name in ("documents", "manifest_rows", "canonical_clusters", "site_line_counts", "assign_stories"):
        monkeypatch.setattr(Store, name, _refuse)
    again = run_pipeline(raw, clean).as_dict()
    assert _snapshot(clean) == before
    for key in ("documents", "by_status", "articles", "cluster_sizes"):
        assert again[key] == first[key], key
    assert again["site_templates"] == {**first["site_templates"], "articles_refinalised": 0}
    assert again["processed_this_run"] == {} and again["articles_written"] == 0


def test_changed_file_after_settled_runs_is_cleaned_again_and_the_manifest_is_complete(tmp_path: Path) -> None:
    raw, clean = _raw(tmp_path), tmp_path / "clean"
    run_pipeline(raw, clean)
    run_pipeline(raw, clean)  # settled: the next run would take the short way if nothing changed
    path = raw / "gazette" / "3.txt"
    path.write_text("Market stays outdoors\n\nThe Saturday market will stay on the square all winter after "
                    f"traders voted against the move to the church hall.\n\n{FOOTER}\n")
    os.utime(path, ns=(1, 1))  # whatever its time: the size differs, so its content hash decides
    again = run_pipeline(raw, clean).as_dict()
    assert again["processed_this_run"] == {"ok": 1}
    rows = {r["raw"]: r for r in read_manifest(clean)}
    assert sorted(rows) == ["copy.txt", *(f"gazette/{n}.txt" for n in range(5))]
    text = json.loads((clean / "articles" / f"{rows['gazette/3.txt']['article_id']}.json").read_text())["text"]
    assert "stay on the square" in text and FOOTER not in text  # the site's template still applies


def test_unchanged_rerun_repairs_a_deleted_manifest_and_article(tmp_path: Path) -> None:
    raw, clean = _raw(tmp_path), tmp_path / "clean"
    run_pipeline(raw, clean)
    run_pipeline(raw, clean)
    manifest = (clean / "manifest.jsonl").read_bytes()
    article = next((clean / "articles").iterdir())
    content = article.read_bytes()
    (clean / "manifest.jsonl").unlink()
    article.unlink()
    run_pipeline(raw, clean)
    assert (clean / "manifest.jsonl").read_bytes() == manifest and article.read_bytes() == content
    article.write_bytes(content[:10])  # a damaged article, the state unchanged
    run_pipeline(raw, clean)
    assert article.read_bytes() == content


def test_the_generation_moves_with_every_transaction_that_changed_the_state_and_only_then(tmp_path: Path) -> None:
    raw, clean = _raw(tmp_path), tmp_path / "clean"
    run_pipeline(raw, clean)
    with Store(clean) as store:
        start = store.meta("generation")
        store.forget_files([])  # a transaction that changes nothing
        with store.transaction() as db:
            db.execute("UPDATE docs SET similarity = 0.5 WHERE raw = 'nothing-has-this-name'")
        assert store.meta("generation") == start
        with store.transaction() as db:
            db.execute("UPDATE docs SET similarity = 0.5 WHERE raw = 'copy.txt'")
        moved = store.meta("generation")
        assert int(moved) > int(start)
    with Store(clean) as store:  # opening the state is no change
        assert store.meta("generation") == moved


def test_a_run_that_changed_the_state_without_finishing_is_not_taken_as_settled(tmp_path: Path) -> None:
    raw, clean = _raw(tmp_path), tmp_path / "clean"
    first = run_pipeline(raw, clean).as_dict()
    manifest = (clean / "manifest.jsonl").read_bytes()
    with Store(clean) as store:  # what a run killed after its plan leaves: a file's documents forgotten
        store.forget_files(["gazette/2.txt"])
    again = run_pipeline(raw, clean).as_dict()
    assert again["processed_this_run"] == {"ok": 1}
    assert (clean / "manifest.jsonl").read_bytes() == manifest
    assert again["by_status"] == first["by_status"]


def test_the_report_of_an_unchanged_state_is_read_back_and_a_changed_one_is_built_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaners.views.report.data import build_report

    raw, clean = _raw(tmp_path), tmp_path / "clean"
    run_pipeline(raw, clean)
    first = build_report(clean)
    run_pipeline(raw, clean)  # unchanged
    with monkeypatch.context() as patch:
        patch.setattr(Store, "documents", _refuse)
        again = build_report(clean, run={"documents": 6})
    assert {**again, "generated": None, "run": None} == {**first, "generated": None, "run": None}
    assert again["run"] == {"documents": 6}
    assert build_report(clean, top_clusters=1)["clusters"] == first["clusters"][:1]  # other options: built
    (raw / "gazette" / "4.txt").write_text("Binary file\n\n\x00\x01")  # now a rejection
    run_pipeline(raw, clean)
    changed = build_report(clean)
    assert changed["by_status"]["rejected"] == first["by_status"]["rejected"] + 1
    assert changed["rejections"] and not first["rejections"]


def test_a_file_of_an_unsupported_type_is_hashed_once_for_its_row(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A big file newsclean does not read (a video among the scrapes) costs one pass over its bytes:
    the plan's hash is its row's ``sha256``; the reader does not hash it again."""
    import hashlib

    import cleaners.corpus.plan as plan
    import cleaners.io.readers as readers

    raw, clean = _raw(tmp_path), tmp_path / "clean"
    video = raw / "clip.mp4"
    video.write_bytes(b"\x00\x01" * 50_000)
    hashed: list[str] = []
    for module in (plan, readers):
        real = module.sha_file
        monkeypatch.setattr(module, "sha_file", lambda path, real=real: hashed.append(Path(path).name) or real(path))
    run_pipeline(raw, clean, workers=1)
    rows = {row["raw"]: row for row in read_manifest(clean)}
    assert rows["clip.mp4"]["reason_code"] == "unsupported-type"
    assert rows["clip.mp4"]["sha256"] == hashlib.sha256(video.read_bytes()).hexdigest()
    assert hashed.count("clip.mp4") == 1


def test_anything_to_clean_is_false_only_for_an_unchanged_raw_dir(tmp_path: Path) -> None:
    """What `newsclean run` asks before it starts the process pool's fork server: nothing to clean only when
    the state knows every file as it is, under the same settings."""
    from cleaners.corpus.plan import anything_to_clean
    from cleaners.settings import Settings

    raw, clean = _raw(tmp_path), tmp_path / "clean"
    assert anything_to_clean(raw, clean, Settings())  # no state yet
    run_pipeline(raw, clean)
    assert not anything_to_clean(raw, clean, Settings())
    assert anything_to_clean(raw, clean, Settings(min_words=50))  # other settings: every file again
    story = raw / "gazette" / "0.txt"
    os.utime(story, ns=(story.stat().st_atime_ns, story.stat().st_mtime_ns + 1_000_000_000))
    assert anything_to_clean(raw, clean, Settings())  # a touched file: the plan must look at it
    run_pipeline(raw, clean)
    assert not anything_to_clean(raw, clean, Settings())
    (raw / "new.txt").write_text(f"{STORIES[1][0]}\n\n{STORIES[1][1]}\n")
    assert anything_to_clean(raw, clean, Settings())


def test_an_unchanged_rerun_says_which_of_its_processed_entries_are_unreadable_ones_rejected_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flows.output import print_summary

    raw, clean = _raw(tmp_path), tmp_path / "clean"
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("not for the corpus")
    (raw / "link-out.txt").symlink_to(secret)  # a link out of RAW_DIR: rejected, never read, every run
    first = run_pipeline(raw, clean).as_dict()
    again = run_pipeline(raw, clean).as_dict()
    assert first["unreadable_entries"] == again["unreadable_entries"] == 1
    assert again["processed_this_run"] == {"rejected": 1} and again["articles_written"] == 0
    print_summary(again, clean)
    line = next(line for line in capsys.readouterr().out.splitlines() if "processed this run" in line)
    assert line.startswith("1 processed this run (1 of them entries that cannot be read, rejected again every run)")
