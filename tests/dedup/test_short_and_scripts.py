"""Near-duplicates of short briefs and of texts without spaces; states signed under an older version (issue 13).

Inputs written for these tests in the shape of the reported cases (``cases/10``: two copies of a
short Chinese story with a few small edits and other credit lines).
"""

from __future__ import annotations

import json
from pathlib import Path

from cleaners import Settings, run_pipeline
from cleaners import dedup
from cleaners.corpus.store import Store
from cleaners.dedup.verify import Verifier

from ..helpers import read_manifest, write_file

ZH = ["南湖区交通局周三表示，从下周一起，区内五条公交线路将调整走向并增加班次。",
      "交通局说，调整主要是为了方便新建住宅区的居民出行，早晚高峰发车间隔缩短至八分钟。",
      "部分老线路的站点将合并，乘客可在车站和官方网站查询新的线路图。",
      "交通局称，调整后三个月内将收集乘客意见，并视情况作进一步修改。"]
# The same story re-titled, with four small edits (a word added, two synonyms, a particle) and another credit.
ZH_EDITED = [ZH[0].replace("周三", "周三正式"), ZH[1].replace("方便", "便利"),
             ZH[2].replace("和", "及"), ZH[3].replace("进一步", "下一步")]


def _clusters(clean: Path) -> dict[str, str]:
    return {r["raw"]: r["status"] for r in read_manifest(clean)}


def test_a_short_chinese_story_and_its_edited_copy_are_one_cluster(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_file(raw, "south-daily/bus.txt", "南湖区公交线路下周调整\n\n" + "\n\n".join(ZH) + "\n\n（本报记者 王明）")
    write_file(raw, "evening/bus.txt", "南湖五条公交线路将改线\n\n" + "\n\n".join(ZH_EDITED) + "\n\n——记者 王明 报道")
    run_pipeline(raw, tmp_path / "clean")
    rows = {r["raw"]: r for r in read_manifest(tmp_path / "clean")}
    assert sorted(r["status"] for r in rows.values()) == ["canonical", "duplicate"], rows
    articles = [json.loads(p.read_text()) for p in (tmp_path / "clean" / "articles").glob("*.json")]
    assert [a["language"] for a in articles] == ["zh"]


def test_two_different_chinese_stories_stay_apart(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_file(raw, "south-daily/bus.txt", "南湖区公交线路下周调整\n\n" + "\n\n".join(ZH))
    other = ["北山区图书馆周五宣布，从七月起每周一闭馆，以节省开支并安排设备维修。",
             "馆方表示，周末开放时间将延长两小时，读者可通过网站预约借书服务。",
             "部分读者认为闭馆会带来不便，但也有人支持延长周末的开放时间。"]
    write_file(raw, "south-daily/library.txt", "北山区图书馆周一闭馆\n\n" + "\n\n".join(other))
    run_pipeline(raw, tmp_path / "clean")
    assert sorted(_clusters(tmp_path / "clean").values()) == ["canonical", "canonical"]


BRIEF = ("A 34-year-old man was arrested on Monday after a break-in at a bakery on Mill Lane, police said. "
         "Officers found cigarettes taken from the shop in a nearby car. He is due to appear before magistrates "
         "in Kendal next week.")


def _verify(a: str, b: str):
    texts = {"a": a, "b": b}
    return Verifier(lambda c: {"text": texts[c]}, 5, 0.6, 0.8).match("a", "b")


def test_a_corrected_rerun_of_a_brief_is_a_copy() -> None:
    assert len(BRIEF.split()) < 60
    fixed = BRIEF.replace("Monday", "Tuesday").replace("cigarettes", "cigars")
    assert _verify(BRIEF, fixed) is not None
    assert _verify(BRIEF, fixed + " This story has been corrected.") is not None
    # The shingle rule alone (5-word shingles) would have missed it: Jaccard well under 0.6.
    assert dedup.overlap(dedup.shingles(BRIEF), dedup.shingles(fixed)).jaccard < 0.6


def test_two_briefs_of_one_template_are_not_copies() -> None:
    other = (BRIEF.replace("34-year-old", "51-year-old").replace("Monday", "Friday").replace("bakery", "garage")
             .replace("Mill Lane", "Station Road").replace("cigarettes", "tools").replace("Kendal", "Ludlow"))
    assert _verify(BRIEF, other) is None
    three = BRIEF.replace("Monday", "Friday").replace("bakery", "garage").replace("Kendal", "Ludlow")
    assert _verify(BRIEF, three) is None  # three places apart: another event


def test_a_corrected_brief_is_always_an_lsh_candidate() -> None:
    from cleaners.dedup.index import MemoryLsh

    fixed = BRIEF.replace("Monday", "Tuesday").replace("cigarettes", "cigars") + " This story has been corrected."
    assert dedup.overlap(dedup.shingles(BRIEF), dedup.shingles(fixed)).jaccard < 0.6  # 5-grams alone: borderline
    a, b = (dedup.lean_minhash(dedup.signature(dedup.signature_shingles(t))) for t in (BRIEF, fixed))
    assert a.jaccard(b) >= 0.6  # with word pairs too
    index = MemoryLsh(0.3, 128)
    index.insert("brief", a)
    assert index.query(b) == {"brief"}


def test_a_state_signed_under_an_older_version_is_re_signed_not_mixed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_file(raw, "south-daily/bus.txt", "南湖区公交线路下周调整\n\n" + "\n\n".join(ZH))
    run_pipeline(raw, tmp_path / "clean")
    with Store(tmp_path / "clean") as store:  # make it look like a state of version 1: old words, old hashes
        good = store.db.execute("SELECT raw, words, text_hash, signature FROM docs").fetchall()
        store.db.execute("UPDATE docs SET words = 5, text_hash = 'old', signature = zeroblob(512)")
        store.db.execute("DELETE FROM meta WHERE key = 'signature_version'")
        store.db.commit()
    # The edited copy arrives in a later run: it must be compared with re-made signatures.
    write_file(raw, "evening/bus.txt", "南湖五条公交线路将改线\n\n" + "\n\n".join(ZH_EDITED))
    run_pipeline(raw, tmp_path / "clean")
    with Store(tmp_path / "clean", readonly=True) as store:
        assert store.meta("signature_version") == str(dedup.SIGNATURE_VERSION)
        again = dict((r[0], tuple(r[1:])) for r in store.db.execute("SELECT raw, words, text_hash, signature FROM docs"))
    assert all(again[r[0]] == tuple(r[1:]) for r in good)
    assert sorted(_clusters(tmp_path / "clean").values()) == ["canonical", "duplicate"]
