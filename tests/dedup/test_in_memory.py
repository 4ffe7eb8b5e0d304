"""Near-duplicate search in memory (issue 15): the same clusters as a run, without a clean dir."""

from __future__ import annotations

from pathlib import Path

from cleaners import Article, DuplicateIndex, Settings, clean_raw, find_duplicates, run_pipeline
from cleaners.corpus.store import Store
from cleaners.duplicates import learn_templates
from cleaners.io.readers import WorkItem, read_item, scan

from ..helpers import PARAS, RAW_SAMPLES, STORY, write_file


def _rule_cleaned(raw: Path, settings: Settings) -> dict[str, Article]:
    """What a run's clean step makes of every document under ``raw``: key -> article (rejections left out)."""
    out = {}
    for entry in scan(raw):
        if entry.rejection is not None:
            continue
        site_hint = entry.rel.split("/")[0] if "/" in entry.rel else None
        for doc in read_item(WorkItem(entry.rel, str(entry.path)), max_bytes=settings.max_bytes):
            article = clean_raw(doc, settings, site_hint)
            if isinstance(article, Article):
                out[doc.raw] = article
    return out


def _run_clusters(raw: Path, clean: Path) -> set[tuple[str, tuple[str, ...]]]:
    run_pipeline(raw, clean)
    with Store(clean, readonly=True) as store:
        rows = store.db.execute("SELECT raw, canonical FROM docs WHERE status = 'ok'").fetchall()
    groups: dict[str, list[str]] = {}
    for raw_key, canonical in rows:
        groups.setdefault(canonical or raw_key, []).append(raw_key)
    return {(c, tuple(sorted(m))) for c, m in groups.items() if len(m) > 1}


def test_find_duplicates_gives_the_clusters_run_stores_on_the_bundled_samples(tmp_path: Path) -> None:
    expected = _run_clusters(RAW_SAMPLES, tmp_path / "clean")
    assert expected, "the bundled samples hold copies"
    found = {(c.canonical, c.members) for c in find_duplicates(_rule_cleaned(RAW_SAMPLES, Settings()))}
    assert found == expected


def test_with_site_templates_and_updates_it_matches_run(tmp_path: Path) -> None:
    """A site whose end matter is a template, a re-fetch with an update, syndicated copies on other sites."""
    raw = tmp_path / "raw"
    end = "\n\nThe Kestrel Courier: news from the valley since 1921\n\nSend us your stories and photos any time"
    for n, para in enumerate(PARAS):
        write_file(raw, f"courier/story-{n}.txt", f"Valley story number {n}\n\n{para} {para}{end}")
    write_file(raw, "courier/fire.txt", "Timber yard fire\n\n" + STORY + end)
    write_file(raw, "wire/fire.txt", "Blaze at timber yard\n\n" + STORY.replace("40 residents", "forty residents"))
    write_file(raw, "herald/fire.txt", "Fire at yard\n\n" + "\n\n".join(PARAS[:4]))
    expected = _run_clusters(raw, tmp_path / "clean")
    assert any(len(m) >= 3 for _, m in expected)  # the fire story's copies (and a valley story it holds)
    articles = _rule_cleaned(raw, Settings())
    assert {(c.canonical, c.members) for c in find_duplicates(articles)} == expected
    assert learn_templates({k: a.to_dict() for k, a in articles.items()})["courier"][0]  # the end matter


def test_the_index_fed_in_steps_ends_as_one_call(tmp_path: Path) -> None:
    articles = _rule_cleaned(RAW_SAMPLES, Settings())
    keys = sorted(articles)
    index = DuplicateIndex()
    for half in (keys[::2], keys[1::2]):
        index.add_many({k: articles[k] for k in half})
        index.clusters()
    assert index.clusters() == find_duplicates(articles)


def test_distinct_stories_are_not_clustered_and_a_sequence_is_keyed_by_position() -> None:
    docs = [Article(title=f"Story {n}", text=para) for n, para in enumerate(PARAS)]
    assert find_duplicates(docs) == []
    docs.append(Article(title="Story 0 again", text=PARAS[0]))
    (cluster,) = find_duplicates(docs)
    assert cluster.members == ("0", "5") and cluster.overlaps["5"].jaccard == 1.0
