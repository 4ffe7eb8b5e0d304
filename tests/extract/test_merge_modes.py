"""merge_modes: the blocks only one of trafilatura's two modes kept, put back into the chosen mode's text."""

import lxml.html

from cleaners.extract.html import leaf_blocks
from cleaners.extract.modes import merge_modes

EN = [
    "The harbour board voted on Tuesday to close the north pier to cars from the first of June.",
    "Cars will park at the old station instead, a walk of ten minutes from the ferry terminal.",
    "The pier was built in 1904 and has needed repairs to its deck every winter since 2015.",
]
QUESTION = "What happens to the fishing boats?"
DE = [
    "Der Stadtrat hat am Dienstag beschlossen, die Brücke am Hafen ab Juni für Lastwagen zu sperren.",
    "Die Lastwagen sollen künftig über die Ringstraße fahren, was die Fahrt um zwanzig Minuten verlängert.",
    "Die Brücke wurde 1911 gebaut und muss seit Jahren jeden Winter ausgebessert werden.",
]


def tree_of(body: str) -> list:
    return leaf_blocks(lxml.html.fromstring(f"<html><body><main>{body}</main></body></html>"))


def test_a_heading_of_the_story_that_the_precision_mode_dropped_is_put_back_in_place():
    leaves = tree_of(f"<article><p>{EN[0]}</p><p>{EN[1]}</p><h2>{QUESTION}</h2><p>{EN[2]}</p></article>")
    default = "\n".join([EN[0], EN[1], QUESTION, EN[2]])
    assert merge_modes(EN, default, leaves) == [EN[0], EN[1], QUESTION, EN[2]]


def test_a_box_between_the_paragraphs_stays_out():
    box = "Lesen Sie unsere Zeitung jetzt auch als E-Paper an jedem Kiosk und im Abo."
    leaves = tree_of(f"<article><div class='text'><p>{DE[0]}</p><div class='box'><p>{box}</p></div>"
                     f"<p>{DE[1]}</p><p>{DE[2]}</p></div></article>")
    assert merge_modes(DE, "\n".join([DE[0], box, DE[1], DE[2]]), leaves) == DE


def test_a_linked_teaser_among_the_paragraphs_stays_out():
    teaser = "Hafen: Neue Fähre fährt ab Mai nach Helgoland"
    leaves = tree_of(f"<article><p>{DE[0]}</p><p><a href='/faehre'>{teaser}</a></p><p>{DE[1]}</p>"
                     f"<p>{DE[2]}</p></article>")
    assert merge_modes(DE, "\n".join([DE[0], teaser, DE[1], DE[2]]), leaves) == DE


def test_a_quote_figure_or_aside_among_the_paragraphs_stays_out():
    line = "Die Fähre fährt weiter, sagte die Bürgermeisterin."
    for wrap in ("blockquote", "figure", "aside"):
        leaves = tree_of(f"<article><p>{DE[0]}</p><{wrap}><p>{line}</p></{wrap}><p>{DE[1]}</p><p>{DE[2]}</p></article>")
        assert merge_modes(DE, "\n".join([DE[0], line, DE[1], DE[2]]), leaves) == DE, wrap


def test_below_the_last_shared_line_only_a_paragraph_of_the_story_is_put_back():
    more = "Fishing boats may still unload at the pier before eight in the morning, the board said."
    label = "Support our reporting"
    box = "If you enjoyed this story, please consider supporting our work with a small monthly gift."
    leaves = tree_of(f"<article><div class='story'><p>{EN[0]}</p><p>{EN[1]}</p><p>{EN[2]}</p><p>{more}</p>"
                     f"<p>{label}</p></div><div class='support'><p>{box}</p></div></article>")
    assert merge_modes(EN, "\n".join([*EN, more, label, box]), leaves) == [*EN, more]


def test_a_kept_paragraph_in_the_other_modes_version_is_not_put_back_twice():
    # the precision mode left a link's words out of the second paragraph; the default mode kept them
    kept = [EN[0], "Cars will park at the old station instead, a walk of ten minutes.", EN[2]]
    leaves = tree_of(f"<article><p>{EN[0]}</p><p>{EN[1]}</p><p>{EN[2]}</p></article>")
    assert merge_modes(kept, "\n".join(EN), leaves) == kept


def test_the_precision_modes_own_lines_are_put_back_into_the_default_text():
    extra = "Koch-/Backzeit ca. 1 Stunde 20 Minuten"
    assert merge_modes(DE, "\n".join([DE[0], extra, DE[1]])) == [DE[0], extra, DE[1], DE[2]]
    assert merge_modes(DE[1:], "\n".join([extra, DE[1]])) == [extra, DE[1], DE[2]]


def test_when_the_modes_share_no_line_only_the_precision_modes_story_is_put_in_front():
    warnings = ["Warning: undefined constant in plugin.php on line 928", "Warning: undefined constant"]
    assert merge_modes(warnings, "\n".join(EN)) == [*EN, *warnings]
    scores = ["| Hafen 2-1 Nord | Morgen |", "| Süd 0-0 West | Heute |"]
    assert merge_modes(EN, "\n".join(scores)) == EN
    assert merge_modes(EN, "\n".join(DE), tree_of("".join(f"<p>{line}</p>" for line in DE))) == EN
    assert merge_modes(EN, None) == EN


def test_a_lone_word_among_the_paragraphs_stays_out():
    leaves = tree_of(f"<article><p>{DE[0]}</p><div>Einfach</div><p>{DE[1]}</p><p>{DE[2]}</p></article>")
    assert merge_modes(DE, "\n".join([DE[0], "Einfach", DE[1], DE[2]]), leaves) == DE
