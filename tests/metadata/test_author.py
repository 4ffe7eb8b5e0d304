"""Authors: bylines of every common shape and language, junk and credit sentences out (cases/12's kind)."""

from __future__ import annotations

import pytest

from cleaners import clean_document
from cleaners.metadata import BYLINES, clean_authors, parse_byline

BODY = ("<p>The county council approved a new cycle lane along the river path on Tuesday evening after a long debate.</p>"
        "<p>Work will start in the spring and the lane should open before the summer holidays, officials said.</p>"
        "<p>Residents who objected to the loss of parking spaces said they would ask for the decision to be reviewed.</p>")


def _page(byline: str, aside: str = "", head: str = "") -> str:
    return (f"<html><head><title>Cycle lane approved | Riverside Courier</title>{head}</head><body>"
            f"<header><a href='/'>Riverside Courier</a></header><main><article><h1>Cycle lane approved</h1>{byline}"
            f"<div class='story'>{BODY}</div></article></main><aside class='sidebar'>{aside}</aside></body></html>")


@pytest.mark.parametrize(("row", "line", "names"), [(row, line, names) for row in BYLINES for line, names in row.examples])
def test_every_byline_row_reads_its_examples(row, line: str, names: tuple[str, ...]) -> None:
    parsed = parse_byline(line)
    assert parsed is not None, (row.language, line)
    assert tuple(parsed[0]) == names


@pytest.mark.parametrize("line", ["By Tuesday the river had burst its banks in three places.",
                                  "Par ailleurs, la mairie a annoncé des travaux.", "Di solito il treno arriva in orario."])
def test_sentences_opening_like_a_byline_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(("value", "names"), [
    ("Tomás Reyes ·", ["Tomás Reyes"]),
    ("Tomás Reyes; Email The Author; treyes@courier.example", ["Tomás Reyes"]),
    ("Valley Press Agency; With Additional Reporting By Hanna Berg", ["Hanna Berg"]),
    ("From Valley Press Agency, with reporting by Hanna Berg and Ola Lind", ["Hanna Berg", "Ola Lind"]),
    ("By Tomás Reyes | Senior Reporter", ["Tomás Reyes"]),
    ("View all posts by Tomás Reyes", ["Tomás Reyes"]),
    ("Tomás Reyes, Transport Correspondent", ["Tomás Reyes"]),
    ("4 hours ago · by Ines Moll", ["Ines Moll"]),
    ("Follow @treyes", []),
])
def test_author_values_are_cleaned_to_names(value: str, names: list[str]) -> None:
    assert clean_authors(value) == names


@pytest.mark.parametrize("byline", [
    "<div class='byline'><span class='author vcard'>Tomás Reyes</span> <a href='mailto:t@courier.example'>"
    "Email the author</a> <span>t@courier.example</span> <span class='date'>Published March 3, 2026</span></div>",
    "<p class='byline'>By Tomás Reyes · March 3, 2026</p>",
    "<p class='byline'>By Tomás Reyes | Senior Reporter</p>",
    "<p class='byline'>By <span class='author'>Tomás Reyes</span>, Transport Editor <time datetime='2026-03-03'>"
    "3 March</time></p>",
])
def test_page_bylines_give_the_name_and_never_a_sidebar_author(byline: str) -> None:
    aside = "<ul><li><a href='/x'>Other story</a> <span class='author'>2 hours ago · by Ines Moll</span></li></ul>"
    article = clean_document(_page(byline, aside), url="https://www.courier.example/2026/03/03/cycle-lane")
    assert article.author == "Tomás Reyes" and article.authors == ["Tomás Reyes"]
    assert article.published == "2026-03-03"
    assert "Email the author" not in article.text and "@" not in article.text


def test_several_authors_are_a_list_beside_the_joined_string() -> None:
    article = clean_document(_page("<p class='byline'>By Tomás Reyes and Ines Moll</p>"))
    assert article.authors == ["Tomás Reyes", "Ines Moll"]
    assert article.author == "Tomás Reyes; Ines Moll"


def test_text_dump_byline_block_is_moved_out_of_the_text() -> None:
    dump = ("Cycle lane approved\n\nTomás Reyes\nEmail the author\nt.reyes@courier.example\nMarch 3, 2026\n\n"
            + "\n\n".join(p.removeprefix("<p>").removesuffix("</p>") for p in BODY.split("</p><p>")))
    article = clean_document(dump, kind="text")
    assert article.author == "Tomás Reyes" and article.published == "2026-03-03"
    for gone in ("Tomás Reyes", "Email the author", "t.reyes@courier.example", "March 3, 2026"):
        assert gone not in article.text
    assert {r["rule"] for r in article.removed} >= {"byline", "author-contact", "dateline"}


def _ld(data: str) -> str:
    return f"<script type='application/ld+json'>{data}</script>"


def test_jsonld_person_is_the_author_not_the_publisher_the_extractor_adds() -> None:
    head = ("<meta name='publisher' content='Riverside Media Group'>"
            + _ld('{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Tomás R. Reyes"}],'
                  ' "publisher": {"@type": "Organization", "name": "Riverside Media Group"}}'))
    article = clean_document(_page("<p class='byline'>By Tomás R Reyes</p>", head=head),
                             url="https://www.courier.example/cycle-lane")
    assert article.author == "Tomás R. Reyes"  # the page's spelling, the initial's dot kept


def test_a_photo_credit_in_jsonld_is_not_the_author() -> None:
    head = _ld('{"@type": "ImageObject", "author": "Ines Moll, Riverside Photo Agency"}')
    article = clean_document(_page("<p class='byline'>By Tomás Reyes</p>", head=head))
    assert article.author == "Tomás Reyes"


def test_jsonld_author_given_by_id_is_found_in_the_graph() -> None:
    head = _ld('{"@graph": [{"@type": "Article", "author": {"@id": "#p1"}},'
               ' {"@type": "Person", "@id": "#p1", "name": "Ines Moll"}]}')
    assert clean_document(_page("", head=head)).author == "Ines Moll"


def test_only_the_site_named_as_author_gives_way_to_a_person() -> None:
    head = "<meta property='og:site_name' content='Riverside Courier'><meta name='author' content='Riverside Courier'>"
    article = clean_document(_page("<p class='byline'>By Tomás Reyes</p>", head=head),
                             url="https://www.riversidecourier.example/cycle-lane")
    assert article.author == "Tomás Reyes"


def test_a_handle_in_the_author_element_is_the_author() -> None:
    byline = "<p class='meta'>von <span class='author vcard'><a rel='author' href='/u/tr'>treyes84</a></span></p>"
    assert clean_document(_page(byline)).author == "treyes84"


@pytest.mark.parametrize(("value", "names"), [
    ("Facebook Com; Tomás Reyes", ["Tomás Reyes"]),
    ("Tomás Reyes; PhD", ["Tomás Reyes"]),
    ("Interview Tomás Reyes", ["Tomás Reyes"]),
    ("Redacci&oacute;n Ribera", ["Redacción Ribera"]),
    ("'Tomás Reyes; Ines Moll", ["Tomás Reyes", "Ines Moll"]),
    ("Tomás Reyes Stand", ["Tomás Reyes"]),
    ("Tomás Reyes Courier Staff", ["Tomás Reyes"]),
    ("Perry Hale Jr.", ["Perry Hale Jr."]),
])
def test_scraper_junk_around_names_is_removed(value: str, names: list[str]) -> None:
    assert clean_authors(value) == names
