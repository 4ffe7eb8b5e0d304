"""Titles, canonical URLs and site keys."""

from __future__ import annotations

import pytest

from cleaners import clean_document
from cleaners.boilerplate.templates import template_site
from cleaners.metadata import canonical_url, site_key, strip_site_suffix

BODY = ("<p>The county council approved a new cycle lane along the river path on Tuesday evening after a long debate.</p>"
        "<p>Work will start in the spring and the lane should open before the summer holidays, officials said.</p>")


@pytest.mark.parametrize(("title", "names", "expected"), [
    ("Cycle lane approved - Riverside Courier", ["Riverside Courier"], "Cycle lane approved"),
    ("Cycle lane approved | riverside-courier.example", ["https://riverside-courier.example/a"], "Cycle lane approved"),
    ("Riverside Courier | Cycle lane approved", ["Riverside Courier"], "Cycle lane approved"),
    ("Cycle lane approved - council defeats objection", ["Riverside Courier"], "Cycle lane approved - council defeats objection"),
    ("Lisbon - Sights and walks", ["https://lisbon-guide.example/"], "Lisbon - Sights and walks"),
])
def test_title_tail_cut_only_when_it_is_the_site(title: str, names: list[str], expected: str) -> None:
    assert strip_site_suffix(title, names) == expected


def test_html_title_from_title_element_loses_only_the_site_name() -> None:
    page = (f"<html><head><title>Cycle lane approved – Riverside Courier</title>"
            f"<meta property='og:site_name' content='Riverside Courier'></head><body><div>{BODY}</div></body></html>")
    article = clean_document(page, url="https://www.riverside-courier.co.uk/news/cycle-lane")
    assert article.title == "Cycle lane approved"
    assert article.site == "riverside-courier.co.uk" and article.site_name == "Riverside Courier"


def test_canonical_url_from_the_page_and_fetched_url_kept() -> None:
    fetched = "https://amp.riverside-courier.co.uk/news/cycle-lane/amp?utm_source=twitter&utm_medium=social"
    page = (f"<html><head><title>Cycle lane approved</title><link rel='canonical' "
            f"href='https://www.riverside-courier.co.uk/news/cycle-lane'></head><body><div>{BODY}</div></body></html>")
    article = clean_document(page, url=fetched)
    assert article.url == "https://www.riverside-courier.co.uk/news/cycle-lane"
    assert article.fetched_url == fetched


def test_amp_and_tracking_variants_have_one_canonical_form() -> None:
    variants = ["https://www.courier.co.uk/news/story?utm_campaign=x", "https://www.courier.co.uk/news/story/amp",
                "https://www.courier.co.uk/news/story?amp", "https://www.courier.co.uk/news/story#comments"]
    assert {canonical_url(v) for v in variants} == {"https://www.courier.co.uk/news/story"}


def test_site_key_is_the_registered_domain_and_groups_templates() -> None:
    assert site_key("https://news.courier.co.uk/a") == site_key("www.courier.co.uk") == "courier.co.uk"
    assert template_site({"site": "courier.co.uk", "url": "https://news.courier.co.uk/a"}, "x/a.html") == "courier.co.uk"


def test_folder_name_only_when_nothing_else_is_known() -> None:
    text = "Cycle lane approved\n\n" + BODY.replace("<p>", "").replace("</p>", "\n\n")
    assert clean_document(text, kind="text", site="courier-folder").site == "courier-folder"
    named = clean_document(text, kind="text", site="courier-folder", meta={"site": "Riverside Courier"})
    assert (named.site, named.site_name) == ("riverside courier", "Riverside Courier")
    hosted = clean_document(text, kind="text", site="courier-folder", url="https://www.courier.co.uk/x")
    assert hosted.site == "courier.co.uk"
