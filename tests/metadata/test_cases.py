"""The metadata expectations of the reported cases in ../shared/cases (12, 14, and the author/date of 01 and 03)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import clean_document

CASE12 = {"page.html", "page-b.html", "page-d.html", "page-e.html", "page-f.html", "dump-c.txt"}


def _case(shared: Path, name: str) -> Path:
    folder = next((shared / "cases").glob(f"{name}*"), None)
    if folder is None:
        pytest.skip(f"case {name} not in {shared}/cases")
    return folder


@pytest.mark.parametrize("name", sorted(CASE12))
def test_case12_author_is_the_bylines_name_only(shared: Path, name: str) -> None:
    article = clean_document(_case(shared, "12-") / name)
    assert article.author == "Marisol Okafor"
    assert article.published == "2026-02-06"
    for junk in ("Email the author", "mokafor@", "February 6, 2026"):
        assert junk not in article.text


def test_case12_separator_and_credit_sentence(shared: Path) -> None:
    folder = _case(shared, "12-")
    assert clean_document(folder / "page-g.html").author == "Lucas Ferreira-Hunt"
    assert clean_document(folder / "page-h.html").author in ("Harbour Wire", "Emma Strand")


@pytest.mark.parametrize("name", ["page.html", "page-en.html", "page-en-nocomments.html"])
def test_case14_date_from_the_byline_not_the_comment_or_script(shared: Path, name: str) -> None:
    article = clean_document(_case(shared, "14-") / name)
    assert article.published == "2025-03-14"
    assert article.author == "Aurélie Vasseur"
    assert "Aurélie Vasseur" not in article.text


@pytest.mark.parametrize(("case", "name", "published"), [
    ("01-", "page.html", "2026-05-02"), ("01-", "page-b.html", "2026-05-03"), ("01-", "dump-c.txt", "2026-05-03"),
    ("03-", "page.html", "2026-04-18")])
def test_cases_01_and_03_author_and_date(shared: Path, case: str, name: str, published: str) -> None:
    article = clean_document(_case(shared, case) / name)
    assert article.author == ("Priya Halvorsen" if case == "01-" else "Oskar Lindqvist")
    assert article.published[:10] == published
    if name.endswith(".txt"):
        assert published not in article.text and "3 May 2026" not in article.text
