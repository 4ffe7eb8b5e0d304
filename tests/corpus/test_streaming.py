"""The write and deduplicate steps read the state as they go: what they read equals the documents' view."""

from __future__ import annotations

from pathlib import Path

from cleaners.corpus.run import run_pipeline
from cleaners.corpus.site_templates import SETTLED, learn_site_templates, template_chunks
from cleaners.corpus.store import Store

STORY = ("The ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said. "
         "Crossings to the islands resume on Sunday if the forecast holds, the operator added in a statement.")


def _clean(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "gazette").mkdir(parents=True)
    (raw / "gazette" / "a.txt").write_text(f"Storm closes port\n\n{STORY}\n")
    (raw / "gazette" / "b.txt").write_text(f"Port shut by storm\n\n{STORY}\n")
    (raw / "courier.txt").write_text("Library reopens\n\nThe town library reopened on Monday after a year of "
                                     "repairs to its roof, with longer hours on Saturdays and a new reading room.\n")
    (raw / "empty.txt").write_text("")
    clean = tmp_path / "clean"
    run_pipeline(raw, clean)
    return clean


def test_manifest_rows_say_what_the_documents_view_says(tmp_path: Path) -> None:
    with Store(_clean(tmp_path)) as store:
        docs = list(store.documents())
        ids = {d.raw: d.article_id for d in docs if d.article}
        expected = [{"raw": d.raw, "sha256": d.sha256, "status": d.status, "article_id": d.article_id,
                     "canonical_id": ids.get(d.canonical_raw) if d.canonical_raw else None,
                     "similarity": d.similarity, "containment": d.containment,
                     "reason": d.reason, "reason_code": d.reason_code} for d in docs]
        rows = list(store.manifest_rows())
    assert rows == expected
    assert [r["status"] for r in rows] == ["canonical", "rejected", "canonical", "duplicate"]
    assert rows[3]["canonical_id"] == rows[2]["article_id"] and rows[1]["reason_code"] == "empty"


def test_canonical_clusters_give_each_canonical_its_article_and_members_in_order(tmp_path: Path) -> None:
    with Store(_clean(tmp_path)) as store:
        clusters = [(c, article["id"], [m.raw for m in members]) for c, article, members in store.canonical_clusters()]
        ids = {d.raw: d.article_id for d in store.documents() if d.article}
        assert clusters == [("courier.txt", ids["courier.txt"], ["courier.txt"]),
                            ("gazette/a.txt", ids["gazette/a.txt"], ["gazette/a.txt", "gazette/b.txt"])]
        # a canonical whose own row names another (left by an interrupted change): its article is still read
        store.db.execute("UPDATE docs SET canonical = 'gazette/b.txt' WHERE raw = 'gazette/a.txt'")
        clusters = [(c, article["id"], [m.raw for m in members]) for c, article, members in store.canonical_clusters()]
    assert clusters == [("courier.txt", ids["courier.txt"], ["courier.txt"]),
                        ("gazette/a.txt", ids["gazette/a.txt"], ["gazette/b.txt"]),
                        ("gazette/b.txt", ids["gazette/b.txt"], ["gazette/a.txt"])]


def test_template_chunks_read_the_articles_of_one_chunk_at_a_time(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    (raw / "gazette").mkdir(parents=True)
    footer = "Sign up for the Gazette's morning briefing, delivered free to your inbox every weekday."
    for n in range(9):
        (raw / "gazette" / f"{n}.txt").write_text(
            f"Council story {n}\n\nThe council met on day {n} to talk about the plan for bus lane number {n} "
            f"and the cost of road works on street {n * 7}, which residents asked about in a letter.\n\n{footer}\n")
    clean = tmp_path / "clean"
    run_pipeline(raw, clean)
    read: list[int] = []
    original = Store.template_bases
    monkeypatch.setattr(Store, "template_bases", lambda self, raws: read.append(len(raws)) or original(self, raws))
    with Store(clean) as store:
        # as if no template had been applied yet
        store.db.execute("UPDATE doc_templates SET applied = ''")
        store.db.execute("DELETE FROM site_templates")
        store.db.execute("DELETE FROM meta WHERE key = ?", (SETTLED,))
        learned = learn_site_templates(store)
        chunks = list(template_chunks(store, learned, chunk_size=4))
    assert learned.stats.lines >= 1
    assert [len(c.jobs) for c in chunks] == [4, 4, 1] and read == [4, 4, 1]
    jobs = [job for c in chunks for job in c.jobs]
    assert sorted(raw for _, raw, *_ in jobs) == [f"gazette/{n}.txt" for n in range(9)]
    assert all(footer in base and hits for _, _, base, hits, _, _ in jobs)  # its rule-only article; the footer's line
