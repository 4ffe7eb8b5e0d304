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
