"""Published dates: weighed candidates; a reader comment's or a script's date never wins (cases/14's kind)."""

from __future__ import annotations

import lxml.html
import pytest

from cleaners import clean_document
from cleaners.dedup.cluster import canonical_key
from cleaners.metadata import choose_published, date_in_text, normalise_date
from cleaners.metadata.page import page_metadata

PARAS = ("<p>Die Stadtwerke erhöhen zum ersten Juli die Preise für Fernwärme um durchschnittlich acht Prozent, "
         "teilte das Unternehmen am Montag mit.</p><p>Begründet wird der Schritt mit gestiegenen Kosten für "
         "Gas und für die Wartung des Leitungsnetzes in der Innenstadt.</p>")


def _page(byline: str, *, comment: str = "", head: str = "") -> str:
    return (f"<html><head><title>Fernwärme wird teurer</title>{head}<script>var cfg = {{\"expires\": \"2031-01-31\", "
            f"\"offerEnds\": \"2031-02-01\"}};</script></head><body><article><h1>Fernwärme wird teurer</h1>"
            f"<p class='byline'>{byline}</p><div class='text'>{PARAS}</div></article>"
            f"<section class='comments'><h2>Kommentare</h2>{comment}</section></body></html>")


@pytest.mark.parametrize("byline", ["Von Karla Jung – veröffentlicht am 7. April 2025, 10:05 Uhr",
                                    "Von Karla Jung, 07.04.2025"])
def test_byline_date_beats_a_reader_comment_and_a_script(byline: str) -> None:
    comment = "<div class='comment'><p class='author'>Leser42 – 9. September 2025</p><p>Schon wieder teurer.</p></div>"
    article = clean_document(_page(byline, comment=comment))
    assert article.published == "2025-04-07"
    assert article.author == "Karla Jung"
    assert byline not in article.text


def test_article_metadata_wins_and_keeps_its_timezone() -> None:
    head = "<meta property='article:published_time' content='2025-04-06T22:30:00-04:00'>"
    article = clean_document(_page("Von Karla Jung", head=head))
    assert article.published == "2025-04-06T22:30:00-04:00"


def test_url_date_when_the_page_gives_none() -> None:
    article = clean_document(_page("Von Karla Jung"), url="https://www.stadt.example/2025/04/07/fernwaerme")
    assert article.published == "2025-04-07"


@pytest.mark.parametrize(("text", "language", "iso"), [
    ("publié le 7 avril 2025 à 10h05", "fr", "2025-04-07"), ("7 de abril de 2025", "es", "2025-04-07"),
    ("7 aprile 2025", "it", "2025-04-07"), ("7 de abril de 2025", "pt", "2025-04-07"),
    ("7 april 2025", "nl", "2025-04-07"), ("7 kwietnia 2025", "pl", "2025-04-07"),
    ("7 Nisan 2025", "tr", "2025-04-07"), ("7 апреля 2025", "ru", "2025-04-07"),
    ("7. April 2025", "de", "2025-04-07"), ("April 7th, 2025", "en", "2025-04-07"),
])
def test_dates_in_bylines_of_every_covered_language(text: str, language: str, iso: str) -> None:
    assert date_in_text(text, [language]) == iso


def test_published_is_iso_a_date_stays_a_date_a_timestamp_keeps_its_zone() -> None:
    assert normalise_date("2025-04-07") == "2025-04-07"
    assert normalise_date("2025-04-07T10:05:00+02:00") == "2025-04-07T10:05:00+02:00"


def test_canonical_policy_compares_published_as_dates() -> None:
    docs = [{"raw": "b", "words": 100, "published": "2025-04-07"},
            {"raw": "a", "words": 100, "published": "2025-04-07T23:00:00+02:00"},
            {"raw": "c", "words": 100, "published": "2025-04-06T09:00:00+02:00"}]
    assert [d["raw"] for d in sorted(docs, key=canonical_key)] == ["c", "a", "b"]


def test_utc_timestamp_gives_way_to_the_local_day_the_url_shows() -> None:
    head = "<meta property='article:published_time' content='2025-04-08T02:25:00Z'>"
    article = clean_document(_page("Von Karla Jung", head=head), url="https://www.stadt.example/2025/04/07/fernwaerme")
    assert article.published == "2025-04-07"


def test_utc_midnight_of_an_eastern_zone_is_the_next_day() -> None:
    head = "<meta property='article:published_time' content='2025-04-06T22:00:00+00:00'>"
    assert clean_document(_page("Von Karla Jung", head=head)).published == "2025-04-07"


def test_utc_timestamp_in_the_pages_own_offset_when_it_declares_it() -> None:
    head = ("<meta property='article:published_time' content='2025-04-06T22:30:00Z'>"
            "<meta name='date' content='Mon, 07 Apr 2025 00:30:00 +0200'>")
    assert clean_document(_page("Von Karla Jung", head=head)).published == "2025-04-07T00:30:00+02:00"


def test_a_placeholder_timestamp_at_the_first_day_of_the_calendar_does_not_stop_the_page() -> None:
    # CMS defaults such as 0001-01-01T00:00:00Z have no day before them: the page is still cleaned.
    head = "<meta property='article:published_time' content='0001-01-01T00:00:00Z'>"
    article = clean_document(_page("Von Karla Jung", head=head), url="https://www.stadt.example/2025/04/07/fernwaerme")
    assert "Fernwärme" in article.text


def _story(under_headline: str, *, head: str = "", body: str = PARAS) -> str:
    return (f"<html><head><title>Fernwärme wird teurer</title>{head}</head><body><article>"
            f"<h1>Fernwärme wird teurer</h1>{under_headline}<div class='text'>{body}</div></article></body></html>")


UPDATE = "<meta property='article:published_time' content='2025-04-09T08:00:00+02:00'>"


@pytest.mark.parametrize("shown", ["<time>7. April 2025, 10:05 Uhr</time>", "<span>Stand: 07.04.2025</span>",
                                   "<div><span>Karla Jung</span><span>April 7, 2025</span></div>"])
def test_date_shown_under_the_headline_beats_the_metadata_day(shown: str) -> None:
    assert clean_document(_story(shown, head=UPDATE)).published == "2025-04-07"


def test_shown_date_on_the_metadata_day_keeps_the_metadata_timestamp() -> None:
    head = "<meta property='article:published_time' content='2025-04-07T10:05:00+02:00'>"
    assert clean_document(_story("<time>7. April 2025</time>", head=head)).published == "2025-04-07T10:05:00+02:00"


def test_a_date_inside_a_sentence_of_the_story_is_not_the_shown_date() -> None:
    body = "<p>Der Stadtrat hatte die Erhöhung bereits am 2. März 2025 beschlossen, teilte das Unternehmen mit.</p>" + PARAS
    assert clean_document(_story("", head=UPDATE, body=body)).published == "2025-04-09T08:00:00+02:00"


def test_a_short_date_line_far_below_the_headline_is_not_the_shown_date() -> None:
    body = PARAS * 3 + "<p>2. März 2025</p>"
    assert clean_document(_story("", head=UPDATE, body=body)).published == "2025-04-09T08:00:00+02:00"


def test_a_page_without_h1_shows_its_date_under_the_first_h2() -> None:
    page = _story("<span>07.04.2025</span>", head=UPDATE).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    assert clean_document(page).published == "2025-04-07"


def test_a_paragraph_opening_with_its_dateline_shows_the_date() -> None:
    body = "<p>07.04.2025 – Die Stadtwerke erhöhen zum ersten Juli die Preise für Fernwärme, teilte das Unternehmen mit.</p>"
    assert clean_document(_story("", head=UPDATE, body=body + PARAS)).published == "2025-04-07"


def test_the_date_under_the_headline_not_under_a_logo_h1() -> None:
    page = _story("<span>07.04.2025</span>", head=UPDATE).replace(
        "<body>", "<body><header><h1>Stadtblatt</h1><span>Heute: 09.04.2025</span></header>")
    assert clean_document(page).published == "2025-04-07"


# The date a page marks (class words, itemprop) beside the one it shows: an update or a hidden stamp is
# not the publication (nmb/courgage/hrjournal kind on trafilatura's eval pages: the marks decide).
def test_a_hidden_modification_stamp_above_the_shown_date_is_not_the_shown_date() -> None:
    shown = "<time itemprop='dateModified' class='hidden'>2025-04-09 14:15:57</time><span>07.04.2025 10:20</span>"
    assert clean_document(_story(shown, head=UPDATE)).published == "2025-04-07"


def test_an_updated_stamp_gives_way_to_the_published_one_beside_it() -> None:
    shown = "<time class='updated'>9. April 2025</time><time class='entry-date published'>7. April 2025</time>"
    assert clean_document(_story(shown, head=UPDATE)).published == "2025-04-07"


def test_a_date_marked_updated_alone_is_still_the_shown_date() -> None:
    # hAtom themes put class "updated" on the publication date itself: a later date in the story does not win.
    shown = "<span class='entry-meta-date updated'><a href='/2025/04/'>7. April 2025</a></span>"
    body = "<p><strong>am 22. April 2025</strong></p>" + PARAS
    assert clean_document(_story(shown, head=UPDATE, body=body)).published == "2025-04-07"


def test_a_field_whose_label_is_hidden_is_shown() -> None:
    shown = "<div class='field field--name-field-date field-label-hidden'><time>7. April 2025</time></div>"
    assert clean_document(_story(shown, head=UPDATE)).published == "2025-04-07"


def test_a_date_labelled_as_the_publication_below_the_story_beats_the_metadata_day() -> None:
    footer = "<p class='meta'>Zuletzt geändert: 08.04.2025 - 14:49<br>Erschienen am: 07.04.2025<br>Gelesen: 61</p>"
    assert clean_document(_story("", head=UPDATE, body=PARAS * 3 + footer)).published == "2025-04-07"


def test_a_label_with_its_date_in_the_next_element() -> None:
    footer = "<p class='meta'><span>Published on</span> <time datetime='2025-04-07'>April 7, 2025</time></p>"
    assert clean_document(_story("", head=UPDATE, body=PARAS * 3 + footer)).published == "2025-04-07"


def test_a_label_in_a_sidebar_or_a_sentence_is_not_the_publication() -> None:
    aside = "<aside><p>Veröffentlicht am 01.04.2025</p></aside>"
    sentence = "<p>Veröffentlicht am 02.04.2025 hatte die Behörde einen Bericht, den niemand las, wie man hört.</p>"
    assert clean_document(_story("", head=UPDATE, body=PARAS * 3 + sentence + aside)).published \
        == "2025-04-09T08:00:00+02:00"


def test_a_date_just_above_the_headline_beats_only_the_extractor() -> None:
    tree = lxml.html.fromstring("<html><body><div class='meta'><time class='entry-date published'>7. April 2025"
                                "</time><time class='updated'>9. April 2025</time><span>von</span><a>Karla</a></div>"
                                "<h1>Fernwärme wird teurer</h1><p>Text.</p></body></html>")
    above = page_metadata(tree)["above_date"]
    assert above == "2025-04-07"
    assert choose_published([("above", above), ("extractor", "2025-03-01")]) == "2025-04-07"
    assert choose_published([("url", "2025-04-06"), ("above", above)]) == "2025-04-06"
