"""Site templates learned from the corpus: thresholds, persistence across runs, order independence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners import run_pipeline
from cleaners.corpus.store import Store
from cleaners.boilerplate.templates import MIN_DOCS, MIN_SHARE, MIN_SHARE_BODY, RULE, finalise, is_template, line_hash

from ..helpers import read_manifest

# Lines no rule knows: only learning can tell they are the site's template.
MASTHEAD = "The Quayside Gazette: your island, your voice"
FOOTER = "Drop in at the office on Pier Road with your news"
STORIES = {
    "ferry": ("Ferry timetable changes agreed", [
        "The harbour board approved the new ferry timetable on Tuesday after a long public consultation.",
        "Residents of the two islands had asked for an earlier crossing so that pupils reach school on time."]),
    "library": ("Library to close early", [
        "The council will close the old library two hours early on weekdays from next month, officials said.",
        "Campaigners said the change would hurt pupils who use the reading room after school each evening."]),
    "bridge": ("Bridge repairs finished early", [
        "Engineers finished repairs to the swing bridge on Friday, a week ahead of the schedule set in spring.",
        "Traffic will return to both lanes on Monday morning once the last safety checks have been carried out."]),
    "market": ("Market stalls return to square", [
        "Traders returned to the square on Saturday for the first market since the storm damaged the stalls.",
        "The market will run every Saturday until the end of October, the organisers said in a statement."]),
    "school": ("School roof replaced over summer", [
        "The roof of the primary school was replaced over the summer holidays at a cost of two hundred thousand.",
        "Pupils will return to their classrooms on Wednesday after a term spent in the village hall nearby."]),
    "harbour": ("Harbour dues frozen for boats", [
        "Harbour dues for fishing boats will stay at last year's level, the board decided at its meeting.",
        "Skippers had warned that a rise would force some of the smaller boats to leave the island for good."]),
}


def _story(key: str, *, masthead: bool = True, footer: bool = True, extra: str | None = None) -> str:
    title, paras = STORIES[key]
    lines = ([MASTHEAD] if masthead else []) + [title] + paras + ([extra] if extra else []) + (
        [FOOTER] if footer else [])
    return "\n\n".join(lines) + "\n"


def _write(raw: Path, rel: str, text: str) -> None:
    (raw / rel).parent.mkdir(parents=True, exist_ok=True)
    (raw / rel).write_text(text, encoding="utf-8")


def _stripped(article: dict) -> set[str]:
    return {r["text"] for r in article["removed"] if r["rule"] == RULE}


def _above(article: dict) -> set[str]:
    """Lines printed above a text dump's headline: they go before templates are learned."""
    return {r["text"] for r in article["removed"] if r["rule"] == "above-headline"}


def _articles(clean: Path) -> dict[str, dict]:
    """raw -> article as written (canonical documents)."""
    out = {}
    for row in read_manifest(clean):
        if row["status"] == "canonical":
            out[row["raw"]] = json.loads((clean / "articles" / f"{row['article_id']}.json").read_text())
    return out


def test_thresholds_are_the_stated_ones() -> None:
    assert (MIN_DOCS, MIN_SHARE, MIN_SHARE_BODY) == (3, 0.1, 0.6)
    assert not is_template(1, 1, False)  # a line in one article only is never a template
    assert not is_template(2, 2, False)  # nor in two
    assert is_template(3, 3, False)
    assert not is_template(3, 31, False) and is_template(4, 31, False)  # >= 10 % of the site's articles
    # a line that reads as a body paragraph needs 60 % of the site: follow-up stories reuse paragraphs
    assert not is_template(4, 7, True) and is_template(5, 7, True)


def test_finalise_strips_template_lines_but_never_the_title() -> None:
    base = {"title": "Market stalls return", "text": f"{MASTHEAD}\nMarket stalls return\n\nTraders returned.",
            "removed": [{"text": "Advertisement", "rule": "advertisement"}]}
    out = finalise(base, {line_hash(MASTHEAD), line_hash("market stalls return")})
    assert out.article["text"] == "Market stalls return\n\nTraders returned."
    assert [r["rule"] for r in out.article["removed"]] == [RULE, "advertisement"]  # in reading order
    assert out.article["removed"][0] == {"text": MASTHEAD, "rule": RULE, "at": 0}


def test_site_template_is_learned_and_stripped(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    for key in ("ferry", "library", "bridge"):
        _write(raw, f"gazette/{key}.txt", _story(key))
    _write(raw, "courier/market.txt", _story("market"))  # another site: learns nothing from the gazette
    summary = run_pipeline(raw, clean)
    articles = _articles(clean)
    for key in ("ferry", "library", "bridge"):
        article = articles[f"gazette/{key}.txt"]
        assert article["text"] == "\n\n".join(STORIES[key][1])
        assert article["title"] == STORIES[key][0]
        assert _stripped(article) == {FOOTER} and _above(article) == {MASTHEAD}
    assert _stripped(articles["courier/market.txt"]) == set()  # one article of its site: never stripped
    assert FOOTER in articles["courier/market.txt"]["text"]
    assert summary.as_dict()["removed_by_rule"][RULE] == 3
    assert summary.as_dict()["site_templates"] == {"sites": 1, "lines": 2, "articles_refinalised": 3, "rejected": 0}


def test_two_articles_are_not_enough(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    for key in ("ferry", "library"):
        _write(raw, f"gazette/{key}.txt", _story(key))
    run_pipeline(raw, clean)
    assert all(FOOTER in a["text"] and not _stripped(a) for a in _articles(clean).values())


def test_a_template_learned_today_strips_tomorrows_single_article(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    for key in ("ferry", "library", "bridge"):
        _write(tmp_path / "today", f"gazette/{key}.txt", _story(key))
    run_pipeline(tmp_path / "today", clean)
    _write(tmp_path / "tomorrow", "gazette/market.txt", _story("market", extra="A one-line quote stays."))
    summary = run_pipeline(tmp_path / "tomorrow", clean)
    market = _articles(clean)["gazette/market.txt"]
    assert market["text"] == "\n\n".join([*STORIES["market"][1], "A one-line quote stays."])
    assert _stripped(market) == {FOOTER} and _above(market) == {MASTHEAD}
    assert summary.tally.removed[RULE] == 1  # only the new article changed this run
    assert len(read_manifest(clean)) == 4


def test_site_comes_from_the_record_url_before_the_folder(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    for k, key in enumerate(("ferry", "library", "bridge")):  # three scrapers, three folders, one site
        title, paras = STORIES[key]
        record = {"url": f"https://www.gazette.example/{key}", "title": title,
                  "text": "\n\n".join([MASTHEAD, *paras, FOOTER])}
        _write(raw, f"scraper{k}/{key}.json", json.dumps(record))
    run_pipeline(raw, clean)
    assert all(MASTHEAD not in a["text"] and FOOTER not in a["text"] for a in _articles(clean).values())


def test_a_paragraph_shared_by_a_few_articles_of_a_large_site_survives(tmp_path: Path) -> None:
    """A paragraph reused by three follow-up stories is content, not the site's template."""
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    shared = "The inquiry into the ferry collision will publish its final report in the spring, officials said."
    for key in STORIES:
        _write(raw, f"gazette/{key}.txt", _story(key, extra=shared if key in ("ferry", "bridge", "market") else None))
    run_pipeline(raw, clean)
    articles = _articles(clean)
    assert all(shared in articles[f"gazette/{k}.txt"]["text"] for k in ("ferry", "bridge", "market"))
    assert all(_stripped(a) == {FOOTER} and _above(a) == {MASTHEAD} for a in articles.values())


def test_template_that_swallows_an_article_rejects_it_with_a_reason(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    index = "\n\n".join([MASTHEAD, "Latest stories from the island", *STORIES["ferry"][1], FOOTER])
    for key in ("library", "bridge", "market"):
        title, paras = STORIES[key]
        _write(raw, f"gazette/{key}.txt", "\n\n".join([MASTHEAD, title, *STORIES["ferry"][1], *paras, FOOTER]))
    _write(raw, "gazette/index.txt", index)
    run_pipeline(raw, clean, )
    rows = {r["raw"]: r for r in read_manifest(clean)}
    assert rows["gazette/index.txt"]["status"] == "rejected"
    assert "site's template lines" in rows["gazette/index.txt"]["reason"]


@pytest.mark.parametrize("split", [(0, 1), (1, 0)])
def test_two_runs_equal_one_run_with_templates(tmp_path: Path, split: tuple[int, int]) -> None:
    """Templates that appear only once the second run's articles arrive re-finalise the first
    run's articles: the end state is the one a single run over everything gives."""
    files = {f"gazette/{key}.txt": _story(key) for key in STORIES}
    files["gazette/copy-of-ferry.txt"] = _story("ferry", masthead=False)  # a copy: dedup sees final texts
    files["courier/ferry.txt"] = _story("ferry", masthead=False, footer=False)
    for rel, text in files.items():
        _write(tmp_path / "all", rel, text)
    run_pipeline(tmp_path / "all", tmp_path / "one")
    names = sorted(files)
    parts = (names[:2], names[2:])
    for k in split:
        for rel in parts[k]:
            _write(tmp_path / f"hour{k}", rel, files[rel])
        run_pipeline(tmp_path / f"hour{k}", tmp_path / "two")
    assert read_manifest(tmp_path / "one") == read_manifest(tmp_path / "two")
    assert {p.name: p.read_bytes() for p in (tmp_path / "one" / "articles").iterdir()} == {
        p.name: p.read_bytes() for p in (tmp_path / "two" / "articles").iterdir()}
    statuses = {r["raw"]: r["status"] for r in read_manifest(tmp_path / "one")}
    assert statuses["gazette/copy-of-ferry.txt"] == "duplicate"


def test_a_changed_file_replaces_its_lines_in_the_counts(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    for key in ("ferry", "library", "bridge"):
        _write(raw, f"gazette/{key}.txt", _story(key))
    run_pipeline(raw, clean)
    _write(raw, "gazette/bridge.txt", _story("bridge", masthead=False, footer=False) + "\nUpdated.\n")
    run_pipeline(raw, clean)
    with Store(clean) as store:
        n = store.db.execute("SELECT COUNT(*) FROM doc_lines WHERE hash = ?", (line_hash(FOOTER),)).fetchone()[0]
    assert n == 2
    articles = _articles(clean)
    assert all(FOOTER in articles[f"gazette/{k}.txt"]["text"] for k in ("ferry", "library"))  # 2 of 3: no template
    assert not any(_stripped(a) for a in articles.values())


def test_clean_one_file_with_a_clean_dirs_templates_explains_them(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    for key in ("ferry", "library", "bridge"):
        _write(tmp_path / "raw", f"gazette/{key}.txt", _story(key))
    run_pipeline(tmp_path / "raw", tmp_path / "clean")
    _write(tmp_path / "new", "gazette/market.txt", _story("market"))
    before = (tmp_path / "clean" / ".newsclean" / "state.db").read_bytes()
    result = CliRunner().invoke(app, ["clean", str(tmp_path / "new" / "gazette" / "market.txt"), "--explain",
                                      "--state", str(tmp_path / "clean")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == STORIES["market"][0]  # the masthead is no longer taken for the headline
    assert f"[site-template] {FOOTER}" in lines
    assert lines.index(f"[site-template] {FOOTER}") > lines.index(STORIES["market"][1][1])  # in reading order
    assert (tmp_path / "clean" / ".newsclean" / "state.db").read_bytes() == before  # read, never written
    plain = CliRunner().invoke(app, ["clean", str(tmp_path / "new" / "gazette" / "market.txt")])
    assert FOOTER in plain.output  # without --state: the rules alone


def test_the_boilerplate_benchmark_meets_its_targets_on_a_small_corpus(shared: Path, tmp_path: Path) -> None:
    """bench/boilerplate.py end to end on 150 documents (the README's figures use 2,000)."""
    from bench.boilerplate import main

    out = tmp_path / "figures.json"
    main(["--n", "150", "--source", str(shared / "eval" / "news" / "bbc"), "--json", str(out), "--show", "0"])
    figures = json.loads(out.read_text())
    final, base = figures["sets"]["all"]["final"], figures["sets"]["all"]["base"]
    assert final["docs"] == 150
    assert final["f1"] >= 0.99 and final["recall"] >= 0.995
    assert final["precision"] > base["precision"]  # the learned templates strip what the rules leave
    assert figures["removed_by_rule"].get(RULE, 0) > 0
