"""Every input shape a scraper writes, in that scraper's own field names, read to the right fields.

Each test writes a small file in the shape the scraper documents (news-please's
NewsArticle.get_dict, trafilatura's JSON output, newspaper4k's Article.to_json, Scrapy's JSON
feed export, a WARC of a crawl, RSS and Atom feeds) and checks keys, url, title, author,
published, site and text as newsclean reads and cleans them; damaged records get their own row
and the rest of the file is read.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import zstandard

from cleaners.corpus.run import run_pipeline
from cleaners.document import clean_raw
from cleaners.io.readers import WorkItem, read_item, split_key
from cleaners.settings import Settings

STORY = ("The harbour board reopened the north quay on Monday after six weeks of repairs to the sea wall, "
         "and the first ferries docked there before noon, the board's chair said.")
OTHER = ("Councillors voted on Tuesday to keep the town library open on Sundays through the winter, "
         "after a petition signed by more than two thousand residents reached the chamber.")


def _read(path: Path, rel: str | None = None, **kw):
    return list(read_item(WorkItem(rel or path.name, str(path)), **kw))


def _clean(doc):
    return clean_raw(doc, Settings(), None)


def test_news_please_record_maps_maintext_authors_date_publish_source_domain(tmp_path: Path) -> None:
    record = {"authors": ["Ann Lee", "Bo Li"], "date_download": "2024-05-02 08:00:00", "date_modify": "None",
              "date_publish": "2024-05-01 10:30:00", "description": "Quay reopens.", "filename": "x.json",
              "image_url": None, "language": "en", "localpath": None, "maintext": STORY,
              "source_domain": "www.gazette.example", "text": None, "title": "North quay reopens",
              "title_page": "North quay reopens | Gazette", "title_rss": None,
              "url": "https://www.gazette.example/news/quay"}
    path = tmp_path / "np.json"
    path.write_text(json.dumps(record))
    [doc] = _read(path)
    article = _clean(doc)
    assert doc.raw == "np.json"
    assert (article.url, article.title, article.author, article.site) == (
        "https://www.gazette.example/news/quay", "North quay reopens", "Ann Lee; Bo Li", "gazette.example")
    assert article.authors == ["Ann Lee", "Bo Li"]  # site: the registered domain (cleaners.metadata)
    assert article.published.startswith("2024-05-01") and article.text == STORY


def test_trafilatura_json_maps_source_to_url_and_source_hostname_to_site(tmp_path: Path) -> None:
    record = {"title": "North quay reopens", "author": "Ann Lee; Bo Li", "hostname": "gazette.example",
              "date": "2024-05-01", "fingerprint": "a1b2", "id": None, "license": None, "comments": "",
              "raw_text": STORY, "text": STORY, "language": "en", "image": None, "pagetype": "article",
              "filedate": "2024-05-02", "source": "https://gazette.example/news/quay", "source-hostname": "The Gazette",
              "excerpt": "Quay reopens.", "categories": "", "tags": ""}
    path = tmp_path / "out.json"
    path.write_text(json.dumps(record))
    [doc] = _read(path)
    article = _clean(doc)
    assert (article.url, article.site, article.author, article.published) == (
        "https://gazette.example/news/quay", "gazette.example", "Ann Lee; Bo Li", "2024-05-01")
    assert article.site_name == "The Gazette"
    assert article.title == "North quay reopens" and article.text == STORY


def test_newspaper4k_to_json_keeps_authors_publish_date_and_site_name(tmp_path: Path) -> None:
    record = {"url": "https://gazette.example/news/quay?utm=x", "read_more_link": "", "language": "en",
              "title": "North quay reopens", "top_image": "", "meta_img": "", "images": [], "movies": [],
              "keywords": [], "meta_keywords": [""], "tags": [], "authors": ["Ann Lee"],
              "publish_date": "2024-05-01T10:30:00+00:00", "summary": "", "meta_description": "Quay reopens.",
              "meta_lang": "en", "meta_favicon": "", "meta_site_name": "The Gazette",
              "canonical_link": "https://gazette.example/news/quay", "text": STORY}
    path = tmp_path / "n4k.json.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(json.dumps(record, indent=4).encode()))
    [doc] = _read(path)
    article = _clean(doc)
    assert (article.author, article.site, article.url) == (
        "Ann Lee", "gazette.example", "https://gazette.example/news/quay")  # the canonical URL
    assert article.site_name == "The Gazette" and article.fetched_url == "https://gazette.example/news/quay?utm=x"
    assert article.published.startswith("2024-05-01") and article.text == STORY


def test_scrapy_items_json_array_is_a_record_per_item_keyed_by_index(tmp_path: Path) -> None:
    items = [{"url": "https://gazette.example/a", "title": "North quay reopens", "body": STORY},
             {"url": "https://gazette.example/b", "title": "Library stays open", "body": OTHER}]
    path = tmp_path / "items.json"
    path.write_text("[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]")  # as JsonItemExporter writes it
    docs = _read(path)
    assert [d.raw for d in docs] == ["items.json#0", "items.json#1"]
    assert [split_key(d.raw) for d in docs] == [("items.json", "0"), ("items.json", "1")]
    assert [_clean(d).url for d in docs] == ["https://gazette.example/a", "https://gazette.example/b"]


def test_a_cut_short_array_keeps_its_items_and_reports_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text('[{"text": "one"}, {"text": "two"}, {"text": "thr')
    docs = _read(path)
    assert [(d.raw, d.rejection and d.rejection.code) for d in docs] == [
        ("items.json#0", None), ("items.json#1", None), ("items.json#2", "invalid-json")]
    assert "from element 2 on" in docs[-1].rejection.message


def test_user_field_mapping_reads_a_record_of_other_names(tmp_path: Path) -> None:
    path = tmp_path / "custom.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"article_body": STORY, "pub_date": "2024-05-01",
                                               "source": {"name": "The Gazette"}}).encode() + b"\n"))
    [plain] = _read(path)
    assert plain.rejection is not None and plain.rejection.code == "no-content"
    [doc] = _read(path, fields=Settings(fields=["text=article_body", "published=pub_date",
                                                "site=source.name"]).fields)
    article = _clean(doc)
    assert doc.raw == "custom.jsonl.gz#1"
    assert (article.text, article.published, article.site) == (STORY, "2024-05-01", "the gazette")  # no URL: the name as key
    assert article.site_name == "The Gazette"


# --- WARC -----------------------------------------------------------------------------------------------

def _warc_record(rec_type: str, rec_id: str, block: bytes, uri: str = "https://gazette.example/a",
                 content_type: str = "application/http; msgtype=response") -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {rec_type}\r\nWARC-Record-ID: <urn:uuid:{rec_id}>\r\n"
            f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def _http(body: bytes, content_type: str, status: str = "200 OK") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


PAGE = ("<html><head><title>Café reopens</title></head><body><article><h1>Café reopens</h1>"
        f"<p>{STORY} The café on the quay is open again.</p></article></body></html>")


def _crawl() -> list[bytes]:
    return [
        _warc_record("warcinfo", "00", b"software: wget/1.21\r\n", content_type="application/warc-fields"),
        _warc_record("request", "01", b"GET /a HTTP/1.1\r\nHost: gazette.example\r\n\r\n",
                     content_type="application/http; msgtype=request"),
        _warc_record("response", "02", _http(PAGE.encode("latin-1"), "text/html; charset=ISO-8859-1")),
        _warc_record("response", "03", _http(b"\x89PNG\r\n\x1a\n....", "image/png"), uri="https://gazette.example/i.png"),
        _warc_record("metadata", "04", b"outlinks: https://gazette.example/b\r\n",
                     content_type="application/warc-fields"),
        _warc_record("response", "05", _http(f"<html><body><p>{OTHER}</p></body></html>".encode(), "text/html"),
                     uri="https://gazette.example/b"),
    ]


def test_warc_responses_are_documents_and_the_rest_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(_crawl()))
    docs = _read(path)
    kept = [d for d in docs if not d.skip]
    assert [d.raw for d in kept] == ["crawl.warc#<urn:uuid:02>", "crawl.warc#<urn:uuid:05>"]
    assert split_key(kept[0].raw) == ("crawl.warc", "<urn:uuid:02>")
    assert sorted(d.skip for d in docs if d.skip) == ["warc metadata", "warc request",
                                                      "warc response not html or text", "warc warcinfo"]
    assert kept[0].charset == "ISO-8859-1" and kept[0].meta == {"url": "https://gazette.example/a",
                                                                "fetched": "2024-05-01T10:00:00Z"}
    article = _clean(kept[0])
    assert article.title == "Café reopens" and article.url == "https://gazette.example/a"
    assert "café on the quay" in article.text and article.encoding["method"] == "http-header"


def test_a_damaged_warc_gz_record_gets_a_row_and_the_next_records_are_read(tmp_path: Path) -> None:
    members = [gzip.compress(r) for r in _crawl()]
    members[2] = members[2][:40] + b"\x00" * 30 + members[2][70:]  # the first page's member is broken
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(members))
    docs = _read(path)
    rows = [(split_key(d.raw)[1], d.rejection and d.rejection.code) for d in docs if not d.skip]
    assert rows[-1] == ("<urn:uuid:05>", None)  # the page after the damage is read
    assert [code for _, code in rows[:-1]] == ["damaged-record"]
    assert "the records after it are read" in next(d for d in docs if d.rejection).rejection.message


def test_a_warc_cut_short_reports_the_last_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(_crawl())[:-60])
    docs = [d for d in _read(path) if not d.skip]
    assert [(split_key(d.raw)[1], d.rejection and d.rejection.code) for d in docs] == [
        ("<urn:uuid:02>", None), ("<urn:uuid:05>", "damaged-record")]


# --- feeds ----------------------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>The Gazette</title><link>https://gazette.example/</link><description>News</description>
<item><title>North quay reopens</title><link>https://gazette.example/a</link><guid>https://gazette.example/?p=1</guid>
<dc:creator>Ann Lee</dc:creator><pubDate>Wed, 01 May 2024 10:30:00 +0000</pubDate>
<description>Quay reopens.</description><content:encoded><![CDATA[<p>{STORY}</p>]]></content:encoded></item>
<item><title>Library stays open</title><link>https://gazette.example/b</link>
<description>Teaser only.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>The Gazette</title><id>urn:gazette</id>
<updated>2024-05-01T10:30:00Z</updated>
<entry><title>Library stays open</title><id>urn:gazette:2</id><link href="https://gazette.example/b"/>
<author><name>Bo Li</name></author><published>2024-05-02T09:00:00Z</published><updated>2024-05-02T09:00:00Z</updated>
<content type="html">&lt;p&gt;{OTHER}&lt;/p&gt;</content></entry></feed>"""


def test_rss_items_with_content_encoded_are_articles_and_summaries_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "gazette.xml"  # an .xml whose root is rss
    path.write_text(RSS)
    docs = _read(path)
    assert [d.raw for d in docs] == ["gazette.xml#https://gazette.example/?p=1", "gazette.xml#1"]
    article = _clean(docs[0])
    assert (article.url, article.title, article.author, article.site) == (
        "https://gazette.example/a", "North quay reopens", "Ann Lee", "gazette.example")
    assert article.site_name == "The Gazette"
    assert article.published.startswith("2024-05-01") and article.text == STORY
    assert docs[1].rejection.code == "summary-only"


def test_atom_entry_content_is_an_article(tmp_path: Path) -> None:
    path = tmp_path / "gazette.atom"
    path.write_text(ATOM)
    [doc] = _read(path)
    article = _clean(doc)
    assert doc.raw == "gazette.atom#urn:gazette:2"
    assert (article.url, article.author, article.text) == ("https://gazette.example/b", "Bo Li", OTHER)
    assert article.published.startswith("2024-05-02")


def test_an_xml_file_that_is_not_a_feed_is_rejected_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    [doc] = _read(path)
    assert doc.rejection.code == "unsupported-type" and "not a feed" in doc.rejection.message


# --- a whole run ----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_run_pipeline_over_a_folder_mixing_shapes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "crawl.warc.gz").write_bytes(b"".join(gzip.compress(r) for r in _crawl()))
    (raw / "gazette.rss").write_text(RSS)
    (raw / "items.json").write_text(json.dumps([
        {"url": "https://gazette.example/c", "title": "Bus lane plan dropped", "body":
         "The county dropped its plan for a bus lane on the high street on Wednesday after traders objected "
         "to the loss of forty parking spaces outside their shops."}]))
    (raw / "np.json").write_text(json.dumps({"maintext": OTHER, "title": "Library stays open",
                                             "date_publish": "2024-05-02 09:00:00", "authors": ["Bo Li"],
                                             "source_domain": "gazette.example",
                                             "url": "https://gazette.example/b2"}))
    summary = run_pipeline(raw, tmp_path / "clean").as_dict()
    rows = {r["raw"]: r for r in map(json.loads, (tmp_path / "clean" / "manifest.jsonl").read_text().splitlines())}
    assert set(rows) == {"crawl.warc.gz#<urn:uuid:02>", "crawl.warc.gz#<urn:uuid:05>",
                         "gazette.rss#https://gazette.example/?p=1", "gazette.rss#1", "items.json#0", "np.json"}
    assert summary["not_documents"] == {"warc metadata": 1, "warc request": 1, "warc response not html or text": 1,
                                        "warc warcinfo": 1}
    assert rows["gazette.rss#1"]["reason_code"] == "summary-only"
    # the WARC page and the feed item carry the same story: one canonical, one duplicate
    assert {rows["crawl.warc.gz#<urn:uuid:02>"]["status"], rows["gazette.rss#https://gazette.example/?p=1"]["status"]} \
        == {"canonical", "duplicate"}
    assert rows["items.json#0"]["status"] == "canonical"


def test_feed_keys_stay_unique_when_guids_repeat(tmp_path: Path) -> None:
    item = f"<item><guid>1</guid><content:encoded><![CDATA[<p>{STORY}</p>]]></content:encoded></item>"
    path = tmp_path / "f.rss"
    path.write_text('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                    f"{item}{item}<item><description>x</description></item></channel></rss>")
    keys = [d.raw for d in _read(path)]
    assert keys == ["f.rss#1", "f.rss#1@1", "f.rss#2"] and len(set(keys)) == 3


def test_a_warc_payload_over_the_cap_is_too_large_and_the_next_record_is_read(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(_crawl()))
    docs = [d for d in _read(path, max_bytes=300) if not d.skip]  # the first page is ~450 bytes, the second ~250
    assert [(split_key(d.raw)[1], d.rejection and d.rejection.code) for d in docs] == [
        ("<urn:uuid:02>", "too-large"), ("<urn:uuid:05>", None)]


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("damaged", [False, True])
def test_warc_slices_cut_anywhere_read_every_record_once(tmp_path: Path, gz: bool, damaged: bool) -> None:
    """The plan cuts a big WARC into byte ranges without reading it; wherever the cuts fall, the slices
    together give the records (and damaged-record rows) of the whole file, each once."""
    records = [gzip.compress(r) for r in _crawl()] if gz else _crawl()
    if damaged:
        records[2] = records[2][:40] + b"\x00" * 30 + records[2][70:]
    data = b"".join(records)
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data)
    whole = [(d.raw, d.skip, d.rejection and d.rejection.code) for d in _read(path)]
    for step in (61, 97, 250, 600):
        cuts = list(range(0, len(data), step))
        sliced = [(d.raw, d.skip, d.rejection and d.rejection.code)
                  for start, end in zip(cuts, cuts[1:] + [0])
                  for d in read_item(WorkItem(path.name, str(path), offset=start, end=end))]
        assert sliced == whole, step


@pytest.mark.slow
def test_a_warc_cut_into_slices_runs_like_a_whole_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaners.corpus.plan as plan

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "crawl.warc.gz").write_bytes(b"".join(gzip.compress(r) for r in _crawl()))
    monkeypatch.setattr(plan, "WARC_SLICE_BYTES", 300)  # ~5 ranges for this small crawl
    assert len(plan.warc_items_of("crawl.warc.gz", str(raw / "crawl.warc.gz"))) > 3
    summary = run_pipeline(raw, tmp_path / "clean").as_dict()
    rows = [json.loads(line) for line in (tmp_path / "clean" / "manifest.jsonl").read_text().splitlines()]
    assert sorted(r["raw"] for r in rows) == ["crawl.warc.gz#<urn:uuid:02>", "crawl.warc.gz#<urn:uuid:05>"]
    assert sum(summary["not_documents"].values()) == 4
    assert run_pipeline(raw, tmp_path / "clean").as_dict()["unchanged_files"] == 1  # every range marked done
