"""Steps 1–3 on whole documents: the seeds against their gold, and every input shape of raw/."""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

import pytest

from bench.metrics import ngram_prf
from cleaners import RawDocument, Rejected, Rejection, Settings, clean_document, clean_raw
from cleaners.extract import split_text
from cleaners.io.readers import record_document

from ..helpers import RAW_SAMPLES


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


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty"), (b"   \n\n ", "empty"), ("Only a headline", "too-short"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"), (bytes(range(32)) * 40, "binary"),
    ("<html><head><title>Gazette</title></head><body><script>ads()</script></body></html>", "no-text"),
])
def test_no_article_is_rejected_with_a_code_and_a_reason(data, code) -> None:
    with pytest.raises(Rejected) as exc:
        clean_document(data)
    assert exc.value.rejection.code == code
    assert str(exc.value) and exc.value.rejection.message == str(exc.value)


def test_a_path_is_cleaned_like_its_bytes() -> None:
    path = RAW_SAMPLES / "harbourgazette/ferry-fares-rise-skerry-isle.txt"
    assert clean_document(path) == clean_document(path.read_bytes())


def test_a_json_record_path_brings_its_metadata() -> None:
    path = RAW_SAMPLES / "meridianwire/lowmoor-reservoir-record-low.json"
    doc = record_document(path.name, "", path.read_bytes())
    article = clean_document(path)
    assert article == clean_document(doc.data, kind=doc.kind, meta=doc.meta)
    assert article.url == json.loads(path.read_bytes())["url"]


def test_a_gzipped_path_is_decompressed() -> None:
    path = RAW_SAMPLES / "westshorerecord/late-frost-orchard-blossom.txt.gz"
    assert clean_document(path) == clean_document(gzip.decompress(path.read_bytes()))


def test_a_path_over_the_size_cap_is_rejected_as_in_a_run(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(_sample("harbourgazette/ferry-fares-rise-skerry-isle.txt"))
    with pytest.raises(Rejected) as exc:
        clean_document(path, max_bytes=100)
    assert exc.value.rejection.code == "too-large"
    assert str(exc.value).endswith("over the 100 bytes limit per document")


def test_a_path_of_several_records_says_to_use_the_readers(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps({"title": f"Story {i}", "text": "word " * 20}) + "\n" for i in range(3)))
    with pytest.raises(ValueError, match="more than one document") as exc:
        clean_document(path)
    assert "cleaners.io.readers.read_item" in str(exc.value) and "newsclean clean" in str(exc.value)
    assert not isinstance(exc.value, Rejected)  # a usage error, not a rejected document


def test_a_path_of_one_record_is_that_record(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"title": "Ferry fares rise", "text": "The ferry fares rose " * 5}).encode()
                                   + b"\n\n"))
    assert clean_document(path).title == "Ferry fares rise"


def test_a_missing_path_is_not_a_rejection(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        clean_document(tmp_path / "missing.txt")


def test_a_raw_document_brings_its_kind_and_meta_and_arguments_win() -> None:
    doc = RawDocument("a.json", data="The ferry fares rose by ten percent on Monday, the harbour board said today.",
                      meta={"title": "Ferry fares rise", "author": "Ann Lee"})
    article = clean_document(doc, meta={"author": "Tom Hale"})
    assert (article.title, article.author) == ("Ferry fares rise", "Tom Hale")


def test_a_raw_document_the_readers_rejected_raises_its_rejection() -> None:
    doc = RawDocument("x.pdf", rejection=Rejection("unsupported-type", "unsupported file type ('.pdf')"))
    with pytest.raises(Rejected) as exc:
        clean_document(doc)
    assert exc.value.rejection == doc.rejection


def test_clean_raw_returns_the_article_or_the_rejection() -> None:
    good = RawDocument("a.txt", data=_sample("harbourgazette/ferry-fares-rise-skerry-isle.txt"))
    assert clean_raw(good, Settings()) == clean_document(good.data)
    assert clean_raw(RawDocument("b.txt", data=b"Too short."), Settings()).code == "too-short"
    assert isinstance(clean_raw(good, Settings(min_words=100_000)), Rejection)  # the settings' min_words applies


def test_clean_raw_uses_the_site_hint_as_the_last_resort() -> None:
    doc = RawDocument("gazette/a.txt", data=_sample("harbourgazette/ferry-fares-rise-skerry-isle.txt"))
    assert clean_raw(doc, Settings(), "gazette").site == "gazette"


def test_a_bug_is_an_internal_error_with_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaners.document

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(cleaners.document, "strip_boilerplate", broken)
    result = clean_raw(RawDocument("a.txt", data=_sample("harbourgazette/ferry-fares-rise-skerry-isle.txt")), Settings())
    assert result.code == "internal-error" and result.status == "failed"
    assert result.message == "internal error while cleaning: KeyError: 'boom'"
    assert "Traceback" in result.detail and "in broken" in result.detail


def test_the_traceback_of_a_bug_reaches_the_record(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import cleaners.document
    from cleaners.corpus.clean import clean_batch
    from cleaners.io.readers import WorkItem

    monkeypatch.setattr(cleaners.document, "detect_language", lambda text: 1 / 0)
    path = tmp_path / "a.txt"
    path.write_bytes(_sample("harbourgazette/ferry-fares-rise-skerry-isle.txt"))
    (record,) = clean_batch([WorkItem("a.txt", str(path))], Settings())
    assert (record.status, record.rejection.code) == ("failed", "internal-error")
    assert "ZeroDivisionError" in record.traceback


@pytest.mark.parametrize("error", [RecursionError, MemoryError])
def test_a_document_too_deep_or_too_large_to_parse_is_too_complex(monkeypatch: pytest.MonkeyPatch, error) -> None:
    import cleaners.document

    def too_deep(*args, **kwargs):
        raise error

    monkeypatch.setattr(cleaners.document, "split_text", too_deep)
    result = clean_raw(RawDocument("a.txt", data=b"Some text of a story"), Settings())
    assert (result.code, result.status) == ("too-complex", "rejected")
    assert result.message == f"the document is too deeply nested or too large to parse ({error.__name__})"



def test_ids_are_stable_and_content_based() -> None:
    data = _sample("harbourgazette/ferry-fares-rise-skerry-isle.txt")
    assert clean_document(data).id == clean_document(data).id
    assert clean_document(data).id != clean_document(_sample("harbourgazette/storm-orla-floods-quayside.txt")).id
