"""``link-line``: a line that is mostly a link and no body paragraph goes (the HTML tells the link share)."""

from cleaners.boilerplate import strip_boilerplate
from cleaners.boilerplate.blocks import LineHint
from cleaners.boilerplate.layout import link_lines

EN = [
    "The harbour board voted on Tuesday to close the north pier to cars from the first of June.",
    "Cars will park at the old station instead, a walk of ten minutes from the ferry terminal.",
    "The pier was built in 1904 and has needed repairs to its deck every winter since 2015.",
]
ES = [
    "El consejo del puerto votó el martes cerrar el muelle norte a los coches a partir de junio.",
    "Los coches aparcarán en la antigua estación, a diez minutos a pie de la terminal de transbordadores.",
    "El muelle se construyó en 1904 y necesita reparaciones en su cubierta cada invierno desde 2015.",
]


def strip(lines: list[str], links: list[float]):
    return strip_boilerplate([[line] for line in lines], hints=[LineHint(0, share) for share in links],
                             find_standfirst=False)


def test_a_teaser_link_between_the_paragraphs_goes_as_link_line():
    teaser = "Ferry fares to rise by a fifth from May"
    out = strip([EN[0], teaser, *EN[1:]], [0.0, 1.0, 0.0, 0.0])
    assert out.text.split("\n\n") == EN
    assert [(r["text"], r["rule"]) for r in out.removed] == [(teaser, "link-line")]


def test_a_label_with_its_linked_headline_goes_in_any_language():
    teaser = "Lea también: Nuevo horario de los transbordadores en verano"
    out = strip([ES[0], ES[1], teaser, ES[2]], [0.0, 0.0, 0.8, 0.0])
    assert out.text.split("\n\n") == ES and [r["rule"] for r in out.removed] == ["link-line"]


def test_a_paragraph_of_the_story_that_is_a_link_stays_and_so_does_a_line_with_few_links():
    assert strip(ES, [1.0, 0.0, 0.0]).removed == []
    assert strip([EN[0], "Fares rise by a fifth, the board said", *EN[1:]], [0.0, 0.3, 0.0, 0.0]).removed == []


def test_without_the_html_no_line_is_a_link():
    assert link_lines([EN[0], "Ferry fares to rise by a fifth from May"], None) == []
    assert strip_boilerplate([[EN[0]], ["Ferry fares to rise by a fifth from May"], [EN[1]]],
                             find_standfirst=False).removed == []
