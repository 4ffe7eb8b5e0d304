"""Steps 1–3 on whole documents: the seeds against their gold, and every input shape of raw/."""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

import pytest

from bench.metrics import ngram_prf
from cleaners import Rejected, clean_document
from cleaners.extract import split_text

from .helpers import RAW_SAMPLES


def _seeds(shared: Path) -> list[tuple[Path, dict]]:
    pairs = [(p, json.loads(p.with_suffix(".gold.json").read_text())) for p in sorted((shared / "seeds").glob("*.txt"))]
    assert len(pairs) == 2
    return pairs


def test_seeds_match_their_gold(shared: Path) -> None:
    """Title exact, body word-4-gram F1 >= 0.98 (shared/eval/README.md's metric), metadata moved, not lost."""
    for path, gold in _seeds(shared):
        article = clean_document(path.read_bytes())
        assert article.title == gold["title"]
        _, _, f1 = ngram_prf(article.text, gold["body"])
        assert f1 >= 0.98, (path.name, f1)
        assert article.description == gold["description"]
        assert article.author == gold["author"]
        removed = {r["text"].split()[0] for r in article.removed}
        for lines in gold["removed"].values():
            for line in lines:
                assert line.split()[0] in removed, line


def test_removed_lines_are_recorded_with_their_rule(shared: Path) -> None:
    path, gold = next(p for p in _seeds(shared) if "g20" in p[0].name)
    article = clean_document(path.read_bytes())
    rules = {r["text"]: r["rule"] for r in article.removed}
    assert rules[gold["removed"]["PREV/NEXT navigation"][0]] == "prev-next-navigation"
    assert rules[gold["removed"]["photo caption"][0]] == "photo-caption"
    assert rules[gold["removed"]["video teaser"][0]] == "media-teaser"


def _sample(rel: str) -> bytes:
    return (RAW_SAMPLES / rel).read_bytes()


def test_windows_1252_text_is_decoded() -> None:
    article = clean_document(_sample("valemercury/cafe-owner-wins-rates-appeal.txt"))
    assert article.encoding["detected"] == "cp1252"
    assert "’" in article.text and "\ufffd" not in article.text


def test_mojibake_text_is_repaired() -> None:
    article = clean_document(_sample("eastbrookobserver/robotics-team-national-final.txt"))
    assert "fix_encoding" in article.encoding["repairs"]
    assert "â€" not in article.text and "Ã" not in article.text
    assert "’" in article.text


def test_html_page_gives_text_and_metadata() -> None:
    article = clean_document(_sample("northlandpost/kettleby-rail-tunnel-reopens.html"))
    assert article.kind == "html"
    assert article.title and article.author and article.published and article.url and article.site
    assert article.language == "en"
    assert article.title not in article.text.split("\n\n")[0]  # the repeated headline is gone
    assert len(article.text.split()) > 150


def test_html_extraction_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    page = _sample("northlandpost/kettleby-rail-tunnel-reopens.html")
    assert clean_document(page, url="http://169.254.169.254/latest/meta-data").text
    assert clean_document(page, url="file:///etc/passwd").text


def test_json_record_fields_become_metadata() -> None:
    from cleaners.io.readers import record_document

    doc = record_document("r.json", "", _sample("meridianwire/lowmoor-reservoir-record-low.json"))
    article = clean_document(doc.data, kind=doc.kind, meta=doc.meta)
    record = json.loads(_sample("meridianwire/lowmoor-reservoir-record-low.json"))
    assert article.url == record["url"]
    assert article.author == record["author"]
    assert article.published.startswith(record["published"][:10])
    assert article.title == record["title"].split(" | ")[0]  # the site suffix is dropped


def test_gzipped_text() -> None:
    article = clean_document(gzip.decompress(_sample("westshorerecord/late-frost-orchard-blossom.txt.gz")))
    assert article.title and len(article.text.split()) > 150


def test_text_dump_headline_is_the_repeated_line_not_the_masthead() -> None:
    extracted = split_text(_sample("lakesidetimes/lowmoor-water-sharing-deal.txt").decode())
    assert extracted.title.startswith("Record low at Lowmoor")


@pytest.mark.parametrize("data", [b"", b"   \n\n ", "Only a headline"])
def test_no_article_is_rejected_with_a_reason(data) -> None:
    with pytest.raises(Rejected) as exc:
        clean_document(data)
    assert str(exc.value)


def test_ids_are_stable_and_content_based() -> None:
    data = _sample("harbourgazette/ferry-fares-rise-skerry-isle.txt")
    assert clean_document(data).id == clean_document(data).id
    assert clean_document(data).id != clean_document(_sample("harbourgazette/storm-orla-floods-quayside.txt")).id
