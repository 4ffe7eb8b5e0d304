"""Kinds of junk a lenient scraper's text dump keeps around a real story (issue 13, AEB text dumps):
what follows the story's end, date-and-time stamp lines, photo captions and their credits.

Inputs are written for these tests in the shape of a dump (one block a line, blank lines between);
each kind is checked in the page it comes in, and beside the story lines that must stay.
"""

from __future__ import annotations

from cleaners import clean_document
from cleaners.boilerplate import strip_boilerplate
from cleaners.boilerplate.layout import END_MARKERS, END_RULE, after_the_end

STORY = [
    "The harbour board approved the new ferry timetable on Tuesday after a long public consultation.",
    "Residents of the two islands had asked for an earlier crossing so that pupils reach school on time.",
    "The first sailings under the new timetable will leave the mainland at a quarter past six next month.",
]


def _dump(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def _rules(article: object) -> dict[str, str]:
    return {r["text"]: r["rule"] for r in article.removed}  # type: ignore[attr-defined]


def test_teasers_and_widget_titles_after_the_story_end_go_as_after_the_end() -> None:
    """After the last paragraph, a share bar ends the story: the headlines, widget titles and a tag
    line without its colon under it are the page's, recorded as ``after-the-end``."""
    after = ["Island school to stay open after vote", "Most Watched Videos", "Tags Ferry Harbour Islands"]
    article = clean_document(_dump("Ferry timetable approved", *STORY, "Share this article", *after), kind="text")
    assert article.text == "\n\n".join(STORY)
    removed = _rules(article)
    assert removed["Share this article"] == "social-prompt"
    assert all(removed[line] == END_RULE for line in after)


def test_a_sentence_after_the_end_marker_stays() -> None:
    """A short last paragraph printed after a share bar ends like a sentence: it stays; the widget
    title after it goes."""
    out = strip_boilerplate([[line] for line in [*STORY, "Share this", "Officials declined to comment.", "Most watched"]],
                            find_standfirst=False)
    assert out.text.endswith("Officials declined to comment.")
    assert [r["rule"] for r in out.removed] == ["social-prompt", END_RULE]


def test_nothing_goes_after_the_end_without_a_marker_or_before_the_last_paragraph() -> None:
    """Headline-like lines under the story with no end marker above them stay (a story may end with
    a list); a dateline or byline is no end marker; a marker between paragraphs ends nothing."""
    lines = [*STORY, "Timetable from May", "Mondays to Fridays"]
    assert after_the_end(lines, [None] * len(lines)) == []
    assert after_the_end(lines + ["More news"], [None] * 3 + ["dateline"] + [None] * 2) == []
    mid = [STORY[0], "Advertisement", "Ferry fares", STORY[1]]
    assert after_the_end(mid, [None, "advertisement", None, None]) == []
    assert {"dateline", "byline", "page-control", "photo-caption"}.isdisjoint(END_MARKERS)


def test_a_story_list_after_an_inline_promo_or_an_advertisement_slot_stays() -> None:
    """Sites print "Related: <headline>", media teasers and advertisement slots inside the story:
    the fixtures list after them is the story's, though no line of it is a sentence."""
    lines = [*STORY, "Related: Harbour fees to rise", "Rovers v Athletic", "Advertisement", "Story continues below",
             "United v City or Town", "Harbour seals return – video", "Winners meet in the final", "Share this article"]
    out = strip_boilerplate([[line] for line in lines], find_standfirst=False)
    for line in ("Rovers v Athletic", "United v City or Town", "Winners meet in the final"):
        assert line in out.text.split("\n\n")
    assert END_RULE not in {r["rule"] for r in out.removed}


def test_an_up_next_heading_of_the_story_is_no_end_marker() -> None:
    """A page control ("UP NEXT", "Close") may head the story's own last lines: they stay."""
    out = strip_boilerplate([[line] for line in [*STORY, "UP NEXT", "Islanders: host the Rovers on Friday"]],
                            find_standfirst=False)
    assert "Islanders: host the Rovers on Friday" in out.text


def test_date_and_time_stamp_lines_go_and_a_byline_keeps_its_author() -> None:
    """A name, agency or label with a date and a clock time is a stamp (``timestamp-line``); a
    "By …" line stays the byline's, so its name still goes to ``author``."""
    stamps = ["Harbour Wire Published Monday, May 4, 2026 8:22AM EST", "Jane Roe 2026-05-04 14:35:08",
              "May 4, 2026 at 9:24 pm ET • 2 min read", "Dienstag, 5. Mai 2026 um 14.05 Uhr, Hafenstadt"]
    article = clean_document(_dump("Ferry timetable approved", "By Ann Porter - 05/04/26 06:56 AM EST", *stamps[:2],
                                   STORY[0], stamps[2], *STORY[1:], stamps[3]), kind="text")
    assert article.text == "\n\n".join(STORY)
    removed = _rules(article)
    assert all(removed[line] == "timestamp-line" for line in stamps)
    assert removed["By Ann Porter - 05/04/26 06:56 AM EST"] == "byline" and article.author == "Ann Porter"


def test_a_story_sentence_with_a_date_and_a_time_stays() -> None:
    lines = [*STORY, "The last ferry left at 22:05 on 3 May 2026.", "Polls close at 8 p.m. on May 5, 2026."]
    out = strip_boilerplate([[line] for line in lines], find_standfirst=False)
    assert out.text == "\n\n".join(lines)


def test_captions_with_their_credits_and_credit_lines_go() -> None:
    """A caption whose credit ends it (in brackets, after a comma or "via", with the gallery's
    "less" toggle), an agency's name alone and a broadcaster's "Image copyright" line go as
    ``photo-caption``; the story's sentences naming an agency stay."""
    captions = ["Crews clear the pier on Monday, May 4, 2026. (AP Photo/Sam Reed) less",
                "A ferry leaves the harbour at dawn. (AP)", "Getty Images", "Jon Marsh, AP",
                "Image copyright Harbour Board", "In this May 3, 2026, file photo, the old pier is seen from the air."]
    kept = ["Reuters reported the vote on Tuesday, citing two members of the board.",
            "The board said it had sent the photographs to AP."]
    article = clean_document(_dump("Ferry timetable approved", STORY[0], *captions[:3], STORY[1], *kept,
                                   *captions[3:], STORY[2]), kind="text")
    assert article.text == "\n\n".join([STORY[0], STORY[1], *kept, STORY[2]])
    removed = _rules(article)
    assert all(removed[line] == "photo-caption" for line in captions)


def test_a_promo_heading_with_a_qualifier_opens_a_teaser_block() -> None:
    """A promo label with a short "from …" / "in …" qualifier ("Latest from our reporters", "More in
    Business", "Weitere Artikel aus dem Ressort") heads a teaser box like the bare label: the teaser
    headlines and their "2 hours ago · by …" lines go with it as ``promo-block``."""
    for heading, teasers, title in (
        ("Latest from our reporters", ["Museum reopens its east wing", "1 hour ago · by Tom Ellery",
                                       "Five walks along the old railway", "3 hours ago · by Priya Das"],
         "Ferry timetable approved"),
        ("Most read in Business", ["Bakery chain to close six shops", "Port fees rise for a second year"],
         "Ferry timetable approved"),
    ):
        article = clean_document(_dump(title, *STORY, heading, *teasers), kind="text")
        assert article.text == "\n\n".join(STORY), heading
        assert all(rule == "promo-block" for line, rule in _rules(article).items() if line in (heading, *teasers))
        assert set(_rules(article)) >= {heading, *teasers}
    german = [
        "Die Hafenbehörde hat am Dienstag den neuen Fahrplan für die Fähren zu beiden Inseln beschlossen.",
        "Die Bewohner hatten eine frühere Abfahrt gefordert, damit die Schüler pünktlich zur Schule kommen.",
        "Die ersten Fähren nach dem neuen Fahrplan legen im nächsten Monat um Viertel nach sechs ab.",
    ]
    teasers = ["Museum öffnet den Ostflügel wieder", "vor 2 Stunden · von Tom Ellery", "Fünf Wanderungen an der alten Bahn"]
    article = clean_document(_dump("Neuer Fahrplan für die Fähren", *german, "Weitere Artikel aus dem Ressort Hamburg",
                                   *teasers), kind="text")
    assert article.text == "\n\n".join(german)


def test_a_crosshead_that_starts_like_a_promo_label_stays_with_its_paragraphs() -> None:
    """A heading of that shape over body paragraphs ("Latest in the investigation") opens no teaser box:
    the paragraphs under it stay (the heading line itself is the line rules' to judge)."""
    body = ["The judge said the company had failed to keep proper records of the ferry's safety checks.",
            "A spokesman for the operator said the firm would study the ruling before deciding whether to appeal."]
    article = clean_document(_dump("Ferry operator fined", *STORY, "Latest in the investigation", *body), kind="text")
    assert article.text.startswith("\n\n".join(STORY)) and article.text.endswith("\n\n".join(body))
    assert not any(r["rule"] == "promo-block" for r in article.removed)


def test_an_authors_own_picks_are_no_promo_box() -> None:
    """"<label> von <name>" / "<label> by <name>" heads the author's own list, which is the article's:
    only a source or section after the label ("from our writers", "aus dem Ressort") makes a promo box."""
    picks = ["Ein Roman über die Fähren der Nordsee", "Ein Film über den Bau der Brücke"]
    german = [
        "Die Hafenbehörde hat am Dienstag den neuen Fahrplan für die Fähren zu beiden Inseln beschlossen.",
        "Die Bewohner hatten eine frühere Abfahrt gefordert, damit die Schüler pünktlich zur Schule kommen.",
        "Die ersten Fähren nach dem neuen Fahrplan legen im nächsten Monat um Viertel nach sechs ab.",
    ]
    article = clean_document(_dump("Neuer Fahrplan für die Fähren", *german, "Empfehlungen von Anna:", *picks),
                             kind="text")
    assert not any(r["rule"] == "promo-block" for r in article.removed)
    assert all(pick in article.text for pick in picks)
