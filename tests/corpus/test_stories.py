"""Stories are never lost: re-fetches, copies, short briefs sharing an end matter, updates, damaged outputs.

Every input here is invented for these tests (sites, people, wording).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners import run_pipeline
from cleaners.dedup import stories

from ..helpers import read_manifest, write_file

# A long story of one site, and a second story of the same site.
KILN = ("Kiln fire gutts pottery works on Tarrant Lane",
        ["Crews from three stations fought a fire through the night at the Tarrant Lane pottery works, where a kiln "
         "shed collapsed shortly after two in the morning.",
         "Nobody was inside the building when the roof came down, the fire service said, but two neighbouring "
         "cottages were cleared as a precaution and their families spent the night with relatives.",
         "The works has made glazed tiles on the site since 1921 and employs 46 people, most of whom live within "
         "walking distance of the lane.",
         "Its manager, Odile Trevanion, said the main showroom and the clay store had been saved and that she hoped "
         "to restart production in a temporary shed within a month.",
         "Investigators will examine the kiln's gas supply on Wednesday, and the lane will stay closed to traffic "
         "until the damaged gable wall has been made safe.",
         "A fund set up by customers to help staff through the closure had raised more than four thousand pounds "
         "by the evening, the works said in a statement."])
TOLLS = ("Causeway tolls to rise by forty pence in spring",
         ["Drivers crossing the Wenlow causeway will pay forty pence more from April, after the trust that runs it "
          "approved its first increase in six years.",
          "The trust said rising repair costs on the tidal barrier had made the rise unavoidable, and that residents "
          "holding a permit would be spared until the following year.",
          "Traders in Wenlow market said the change would hit delivery firms hardest, and asked for a discount on "
          "early-morning crossings before the new charges begin."])


def page(story: tuple[str, list[str]], extra: str = "") -> str:
    """A text dump of a story: headline, paragraphs, and an optional trailing line (a stamp)."""
    title, paras = story
    return title + "\n\n" + "\n\n".join(paras) + ("\n\n" + extra if extra else "") + "\n"


def words_of(text: str) -> set[str]:
    return set(text.casefold().split())


def by_raw(clean: Path) -> dict[str, dict]:
    return {r["raw"]: r for r in read_manifest(clean)}


def article(clean: Path, article_id: str) -> dict:
    return json.loads((clean / "articles" / f"{article_id}.json").read_text())


# ---- item 1: template evidence counts each story once -------------------------------------------------

def _assert_one_story_kept(clean: Path, fetches: list[str], other: str) -> None:
    rows = by_raw(clean)
    canon = [raw for raw in fetches if rows[raw]["status"] == "canonical"]
    assert len(canon) == 1, {raw: rows[raw]["status"] for raw in fetches}
    kept = article(clean, rows[canon[0]]["article_id"])
    for para in KILN[1]:
        assert para in kept["text"], para  # every paragraph of the story survives
    assert not [e for e in kept["removed"] if e["rule"] == "site-template"]
    for raw in fetches:
        if raw != canon[0]:
            assert rows[raw]["status"] == "duplicate" and rows[raw]["canonical_id"] == rows[canon[0]]["article_id"]
    assert rows[other]["status"] == "canonical"


def test_three_fetches_of_one_story_keep_its_body_in_one_run(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    fetches = [f"ridgepost/kiln-{n}.txt" for n in (1, 2, 3)]
    for n, rel in enumerate(fetches, 1):
        write_file(raw, rel, page(KILN, f"Updated at 0{n}:30"))
    write_file(raw, "ridgepost/tolls.txt", page(TOLLS))
    run_pipeline(raw, tmp_path / "clean")
    _assert_one_story_kept(tmp_path / "clean", fetches, "ridgepost/tolls.txt")


def test_three_fetches_of_one_story_keep_its_body_across_runs(tmp_path: Path) -> None:
    """The first fetch today, two more tomorrow: the same end as one run."""
    raw = tmp_path / "raw"
    fetches = [f"ridgepost/kiln-{n}.txt" for n in (1, 2, 3)]
    write_file(raw, fetches[0], page(KILN, "Updated at 01:30"))
    write_file(raw, "ridgepost/tolls.txt", page(TOLLS))
    run_pipeline(raw, tmp_path / "clean")
    for n, rel in enumerate(fetches[1:], 2):
        write_file(raw, rel, page(KILN, f"Updated at 0{n}:30"))
    run_pipeline(raw, tmp_path / "clean")
    _assert_one_story_kept(tmp_path / "clean", fetches, "ridgepost/tolls.txt")
    run_pipeline(raw, tmp_path / "one")
    assert read_manifest(tmp_path / "clean") == read_manifest(tmp_path / "one")


def test_many_copies_of_one_page_in_a_folder_are_not_its_sites_template(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    copies = [f"ridgepost/copy-{n:02d}.txt" for n in range(15)]
    for rel in copies:
        write_file(raw, rel, page(KILN))
    write_file(raw, "ridgepost/tolls.txt", page(TOLLS))
    run_pipeline(raw, tmp_path / "clean")
    _assert_one_story_kept(tmp_path / "clean", copies, "ridgepost/tolls.txt")


def test_stories_of_one_feed_fetched_again_and_again_stay_apart_with_their_bodies(tmp_path: Path) -> None:
    """A JSONL feed polled hourly: one story in every poll, two others once: three canonicals, full bodies."""
    raw = tmp_path / "raw"
    third = ("Lifeboat station wins grant for a new slipway",
             ["The lifeboat station at Carrow Point has been awarded a grant to replace its slipway, which was "
              "cracked by winter storms and has kept the boat on a trailer since January.",
              "Volunteers said the new slipway would cut launch times by several minutes, which could matter on the "
              "busiest summer weekends when swimmers get into difficulty off the point.",
              "Work is due to start in September and will take about ten weeks, the charity said."])
    rows = []
    for hour in range(5):
        for n, (title, paras) in enumerate((KILN, TOLLS, third)):
            if n == 0 or hour == n:
                rows.append({"url": f"https://ridgepost.example/news/{n}", "title": title,
                             "text": "\n\n".join(paras), "published": "2026-03-02"})
    write_file(raw, "ridgepost/feed.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    run_pipeline(raw, tmp_path / "clean")
    canon = [r for r in read_manifest(tmp_path / "clean") if r["status"] == "canonical"]
    assert len(canon) == 3
    texts = [article(tmp_path / "clean", r["article_id"])["text"] for r in canon]
    for _, paras in (KILN, TOLLS, third):
        assert any(all(p in text for p in paras) for text in texts)
    assert all(r["status"] == "duplicate" for r in read_manifest(tmp_path / "clean") if r not in canon)


def test_story_groups_join_by_url_text_class_or_body() -> None:
    a = {"title": "T", "url": "https://www.x.example/a/?utm_source=feed", "text": "Short line"}
    keys = {"r1": stories.story_keys(a, "h1"), "r2": stories.story_keys(dict(a, url="http://x.example/a"), "h2"),
            "r3": stories.story_keys(dict(a, url=None), "h3")}
    assert stories.story_groups(keys) == {"r1": "r1", "r2": "r1", "r3": "r3"}


# ---- item 2: different stories never merge on what is not the story -----------------------------------

END_MATTER = [
    "The Fenwick Herald is a reader-funded newsroom that has reported on the towns and farms of the upper dale since 2009.",
    "Everything we publish is free to read, because hundreds of readers chip in every month to pay for our reporting.",
    "If this story was useful to you, please think about joining them with a regular gift, however small it may be.",
    "Other newsrooms may reprint this article at no cost, provided they credit the Fenwick Herald and keep the text as it is.",
    "Pictures on this page belong to their photographers and cannot be reprinted without asking them first for permission.",
    "When we get something wrong we put it right quickly and add a note at the bottom of the story to say what changed.",
    "No advertiser or donor is ever told in advance what we are going to write about or allowed to see a story before it runs.",
]
BRIEFS = [
    ("Swimming pool reopens after roof repairs",
     "Dalebridge swimming pool reopened on Saturday after a six-week closure for roof repairs costing £85,000, the "
     "leisure trust said. Early-morning lane swimming returns next week and lessons for children restart in May."),
    ("Bus route to Ashby Moor saved for another year",
     "The number 14 bus to Ashby Moor will keep running until next spring after the parish council agreed to share "
     "its cost with the operator. Fewer than forty people use it each day, but many have no other way into town."),
    ("Farm shop wins county award for local cheese",
     "A farm shop near Kettlesike has won the county food award for a soft cheese made from the milk of its own "
     "herd. The owners said orders had tripled since the judges' visit and that they would hire two more staff."),
]


def brief(n: int) -> str:
    title, body = BRIEFS[n]
    return f"{title}\n\nBy Ellis Marrow\n\n{body}\n\n" + "\n\n".join(END_MATTER) + "\n"


def test_two_briefs_sharing_a_long_end_matter_stay_two_stories_then_the_end_matter_is_learned(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    write_file(raw, "fenwickherald/pool.txt", brief(0))
    write_file(raw, "fenwickherald/bus.txt", brief(1))
    run_pipeline(raw, clean)
    assert {r["raw"]: r["status"] for r in read_manifest(clean)} == {
        "fenwickherald/pool.txt": "canonical", "fenwickherald/bus.txt": "canonical"}
    write_file(raw, "fenwickherald/cheese.txt", brief(2))
    run_pipeline(raw, clean)
    rows = read_manifest(clean)
    assert [r["status"] for r in rows] == ["canonical"] * 3
    for row in rows:
        art = article(clean, row["article_id"])
        assert sum(e["rule"] == "site-template" for e in art["removed"]) == len(END_MATTER)
        assert BRIEFS[[t for t, _ in BRIEFS].index(art["title"])][1] in art["text"]
    run_pipeline(raw, tmp_path / "one")
    assert read_manifest(tmp_path / "one") == rows


def test_a_retitled_copy_on_the_same_site_is_still_a_copy(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    write_file(raw, "fenwickherald/pool.txt", brief(0))
    write_file(raw, "fenwickherald/pool-again.txt", brief(0).replace(BRIEFS[0][0], "Pool open again after repairs"))
    run_pipeline(raw, clean)
    assert sorted(r["status"] for r in read_manifest(clean)) == ["canonical", "duplicate"]


def test_different_stories_rule() -> None:
    end = "\n".join(END_MATTER)
    a = {"site": "fh", "title": BRIEFS[0][0], "text": BRIEFS[0][1] + "\n" + end, "url": None}
    b = {"site": "fh", "title": BRIEFS[1][0], "text": BRIEFS[1][1] + "\n" + end, "url": None}
    assert stories.different_stories(a, b)
    assert not stories.different_stories(a, dict(b, title=a["title"]))  # same headline: the text decides
    assert not stories.different_stories(a, dict(b, text=a["text"]))  # same opening: the text decides
    assert not stories.different_stories(a, dict(b, site="elsewhere"))  # other sites: the text decides
    same_page = {"url": "https://fh.example/news/1"}
    assert not stories.different_stories(dict(a, **same_page), dict(b, **same_page))  # one URL: one story


# ---- item 3: a run leaves articles/ equal to what the state says ----------------------------------------

def test_damaged_article_files_are_repaired_and_untouched_ones_are_not_rewritten(tmp_path: Path) -> None:
    import os

    raw, clean = tmp_path / "raw", tmp_path / "clean"
    write_file(raw, "ridgepost/kiln.txt", page(KILN))
    write_file(raw, "ridgepost/tolls.txt", page(TOLLS))
    write_file(raw, "fenwickherald/pool.txt", brief(0))
    run_pipeline(raw, clean)
    files = sorted((clean / "articles").glob("*.json"))
    good = {p.name: p.read_bytes() for p in files}
    truncated, garbled, touched = files
    truncated.write_bytes(good[truncated.name][: len(good[truncated.name]) // 2])
    garbled.write_bytes(bytes(len(good[garbled.name])))  # same size, other bytes, new mtime
    os.utime(touched, ns=(1, 1))  # other mtime, same bytes: compared, not rewritten
    summary = run_pipeline(raw, clean).as_dict()
    assert {p.name: p.read_bytes() for p in (clean / "articles").glob("*.json")} == good
    assert summary["articles_written"] == 2
    assert run_pipeline(raw, clean).as_dict()["articles_written"] == 0  # the touched file's new stat is recorded


# ---- item 4: an update is not a copy ---------------------------------------------------------------------

URL = "https://ridgepost.example/news/kiln-fire"


def fetch(paras: list[str], published: str = "2026-03-02") -> str:
    return json.dumps({"url": URL, "title": KILN[0], "published": published, "text": "\n\n".join(paras)})


CORRECTED = [p.replace("46 people", "64 people") for p in KILN[1][:-1]]  # a fixed figure, a paragraph dropped


@pytest.mark.parametrize("runs", [1, 2])
def test_a_newer_fetch_of_a_url_becomes_the_canonical_text_and_the_older_stays_in_sources(tmp_path: Path,
                                                                                         runs: int) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    write_file(raw, "ridgepost/fetch-09.json", fetch(KILN[1]))
    if runs == 2:
        run_pipeline(raw, clean)  # today: the first fetch
    write_file(raw, "ridgepost/fetch-10.json", fetch(CORRECTED))  # tomorrow: the corrected story (natural order)
    write_file(raw, "ridgepost/fetch-11.json", fetch(KILN[1][:2]))  # and a truncated fetch
    run_pipeline(raw, clean)
    rows = by_raw(clean)
    assert rows["ridgepost/fetch-10.json"]["status"] == "canonical"
    assert rows["ridgepost/fetch-09.json"]["status"] == rows["ridgepost/fetch-11.json"]["status"] == "duplicate"
    kept = article(clean, rows["ridgepost/fetch-10.json"]["article_id"])
    assert "64 people" in kept["text"] and "46 people" not in kept["text"]
    assert {s["raw"] for s in kept["sources"]} == set(rows)


def test_a_truncated_newer_fetch_does_not_replace_the_full_story(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    write_file(raw, "ridgepost/fetch-1.json", fetch(KILN[1]))
    write_file(raw, "ridgepost/fetch-2.json", fetch(KILN[1][:3]))  # half the story: a cut-off page
    run_pipeline(raw, clean)
    rows = by_raw(clean)
    assert rows["ridgepost/fetch-1.json"]["status"] == "canonical"
    assert rows["ridgepost/fetch-2.json"]["status"] == "duplicate"


def test_version_order_and_truncation_threshold() -> None:
    docs = [{"raw": "f.jsonl#9", "url": URL, "words": 100, "published": None},
            {"raw": "f.jsonl#10", "url": URL, "words": 75, "published": None},
            {"raw": "f.jsonl#11", "url": URL, "words": 74, "published": None}]
    assert stories.preferred_versions(docs)["f.jsonl#9"] == "f.jsonl#10"  # 75 % of the longest: an update
    dated = [dict(docs[0], published="2026-03-03"), dict(docs[1], published="2026-03-02")]
    assert stories.preferred_versions(dated)["f.jsonl#9"] == "f.jsonl#9"  # the later date wins over file order
