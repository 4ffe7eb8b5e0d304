"""Scoring features of the headline search (cleaners/extract/features.py, slug.py, headline.py).

Every dump here is written for the test in the shape lenient scrapers leave (one block per line):
what the page printed above the story, the headline, the story, what it printed below.
"""

from __future__ import annotations

import pytest

from cleaners.extract import split_text
from cleaners.extract.features import FEATURES, features
from cleaners.extract.slug import slug_precision, slug_words

BODY_EN = ("The harbour ferry strike planned for Wednesday has been called off after late-night talks between the "
           "unions and the operator.\n\nUnion officials said the operator had agreed to review rotas and to hire "
           "twelve more crew before the summer timetable begins.\n\nPassengers who booked alternative crossings can "
           "claim a refund from the operator until the end of the month.\n")


def _kept(extracted) -> list[str]:
    return [line for block in extracted.blocks for line in block]


# --- a headline printed only below the story's start (a recipe card, hidden page metadata) ---

RECIPE_CARD = """\
Share it!

Pin it!

The cake is so light and fluffy, and it is smoother than any frosting I have made before.

My best friend asked me to make a chocolate cake for her husband's birthday last week, so I tried a new frosting.

It is cooked on the stove first and then beaten with soft butter until it is light, which takes about ten minutes.

It keeps in the fridge for a week, and you can freeze what is left over for up to three months.

4.7 from 21 votes

Chocolate Buttercream Frosting without Powdered Sugar

Print Rate
"""
RECIPE_URL = "https://example.org/chocolate-buttercream-frosting-without-powdered-sugar/"


def test_a_headline_printed_only_below_the_story_wins_over_a_weak_line_above() -> None:
    extracted = split_text(RECIPE_CARD, url=RECIPE_URL)
    assert extracted.title == "Chocolate Buttercream Frosting without Powdered Sugar"
    assert _kept(extracted)[0] == "Share it!"  # nothing above is removed: the lines above it are the story's page
    assert extracted.removed == []


@pytest.mark.parametrize(("top", "url", "title"), [
    # German: a caption above the body, the headline again in the page's metadata below
    pytest.param("Von Anna Berg\n\nAktualisiert am 28.01.2020\n\nAuch die Sängerin gehört zu den Unterstützern. Bild: dpa",
                 "https://example.org/wirtschaft/kuenstler-fordern-neues-modell-fuer-streaming-16604622.html",
                 "Künstler fordern neues Modell für Streaming", id="german-caption"),
    # Spanish: a media prompt above the body
    pytest.param("Publicado el 03/05/2022\n\nComentar\n\nESCUCHA LA NOTICIA",
                 "https://example.org/actualidad/20220503/juicio-entra-recta-final-sentencia-este-miercoles",
                 "Juicio entra en la recta final; sentencia este miércoles", id="spanish-prompt"),
])
def test_the_late_headline_rule_in_other_languages(top, url, title) -> None:
    body = ("\n\n".join(f"Absatz {n}: " + "Der Text der Geschichte geht hier weiter und erzählt, was geschah. " * 2
                        for n in range(6)))
    dump = f"{top}\n\n{body}\n\nWeitere Themen\n\n{title}\n\nZur Startseite\n"
    assert split_text(dump, url=url).title == title


def test_a_line_above_that_spells_half_the_slug_keeps_the_title() -> None:
    dump = RECIPE_CARD.replace("Pin it!", "Chocolate Buttercream Frosting")  # half the slug's words, above the body
    assert split_text(dump, url=RECIPE_URL).title == "Chocolate Buttercream Frosting"
    assert split_text(RECIPE_CARD).title != "Chocolate Buttercream Frosting without Powdered Sugar"  # no URL: no clue


# --- the line that holds little but the slug's words (slug-only) ---

def test_slug_precision_counts_the_lines_words_in_the_slug() -> None:
    slug = tuple(slug_words("https://example.org/downloads/bestcrypt-13003274.html", segments=1))
    assert slug == ("bestcrypt",)
    assert slug_precision("BestCrypt", slug) == 1.0
    assert slug_precision("Alternativen zu BestCrypt", slug) == pytest.approx(1 / 2)  # "zu": under 3 letters
    assert slug_precision("Calendário Stock Car 2018", ("calendario", "stock", "car")) == 1.0  # a year is no word
    assert "slug-only" in {f.name for f in FEATURES}


@pytest.mark.parametrize(("lines", "url", "title"), [
    # German: a product page; "Alternativen zu …" spells the slug as much as the product's name
    pytest.param(["Sicherheit", "Vorteile", "Alternativen zu CryptoSafe", "Beschreibung", "CryptoSafe"],
                 "https://example.org/downloads/CryptoSafe_13003274.html", "CryptoSafe", id="german-product"),
    # English: a place's page under a region line that ends with the place
    pytest.param(["Bike hotels", "Austria Tyrol Ischgl", "Ischgl", "Spot rating"],
                 "https://example.org/bike-regions/ischgl/", "Ischgl", id="english-place"),
])
def test_the_line_of_only_slug_words_beats_one_with_more_words(lines, url, title) -> None:
    body = ("Das Programm legt verschlüsselte Laufwerke an, die sich wie eine zusätzliche Festplatte im System "
            "verhalten und nur mit dem richtigen Passwort geöffnet werden können.\n\nNeben bekannten Verfahren "
            "unterstützt es auch dynamische Container, die mit ihrem Inhalt wachsen und wieder schrumpfen.\n")
    dump = "\n\n".join(lines) + "\n\n" + body
    assert split_text(dump, url=url).title == title


def test_the_urls_section_is_not_its_slug() -> None:
    # French: a glossary entry under the glossary's name, which is the URL's section, not its slug
    body = ("Une batterie de stockage garde l'électricité produite par les panneaux solaires pour la soirée et la "
            "nuit, quand le soleil ne brille plus.\n\nLe lexique explique aussi les onduleurs, les compteurs et les "
            "tarifs de rachat de l'électricité solaire en France.\n")
    dump = "Nous contacter\n\nLe lexique solaire.\n\nBatterie de stockage\n\n" + body
    assert split_text(dump, url="https://example.org/lexique-solaire/stockage/").title == "Batterie de stockage"


def test_a_section_word_of_the_url_does_not_count_as_the_slug() -> None:
    values = features("Blog", slug=["blog", "cdpath", "replacement"], slug_end=["cdpath", "replacement"], repeats=1,
                      body_words=set(), body_text="", near_meta=False, rank_from_body=0)
    assert values["slug"] > 0 and values["slug-only"] == 0.0


# --- a teaser under a promo heading ---

def test_a_line_under_a_promo_heading_is_a_teaser_not_the_headline() -> None:
    dump = "Ferry strike called off\n\nMore on this story\n\nHarbour operator to hire twelve more crew\n\n" + BODY_EN
    assert split_text(dump).title == "Ferry strike called off"
    values = features("Harbour operator to hire twelve more crew", slug=[], repeats=1, body_words=set(), body_text="",
                      near_meta=False, rank_from_body=0, under_promo=True)
    assert values["teaser"] == 1.0


# --- a breadcrumb glued to the headline, the headline printed alone too ---

def test_a_glued_breadcrumb_without_separator_is_cut_when_the_page_prints_both_parts_in_that_order() -> None:
    top = "Bike-Hotels\n\nÖsterreich Tirol\n\nIschgl\n\nSpot Rating\n\n80%\n\nReiseinfos\n\nÖsterreich Tirol Ischgl\n\n"
    body = ("Wer am liebsten bergab fährt, ist in Ischgl in seinem Element, dafür sorgen die Bahnen und die Strecken.\n\n"
            "Wer bei Ischgl zuerst an den Winter denkt, war offenbar noch nie im Sommer hier oben in den Bergen.\n")
    assert split_text(top + body, url="https://example.org/region/ischgl/").title == "Ischgl"
    # the parts in the other order: the shorter line is a tag that happens to end the headline
    tag_first = top.replace("Österreich Tirol\n\nIschgl", "Ischgl\n\nÖsterreich Tirol")
    assert split_text(tag_first + body, url="https://example.org/region/ischgl/").title == "Österreich Tirol Ischgl"


def test_a_glued_breadcrumb_at_the_body_start_gives_way_to_the_headline_right_below() -> None:
    # a forum thread whose title reads like a body line (small letter first), so the body seems to start
    # with the glued line
    dump = ("Anmelden\n\nForum>Boote>welcher Außenborder passt für mein kleines Dingi aus Holz ?\n\n"
            "welcher Außenborder passt für mein kleines Dingi aus Holz ?\n\nsegler2228.09.1912:44\n\n"
            "hallo, hat jemand eine idee welcher motor für mein kleines dingi aus holz passt? ich habe bisher nur "
            "gerudert und möchte jetzt weiter hinaus.\n\nHilfreich?-3\n\nKommentare\n\n"
            "Ich fahre seit Jahren einen kleinen Zweitakter mit zwei PS und bin damit sehr zufrieden gewesen.\n")
    url = "https://example.org/forum/welcher-aussenborder-passt-fuer-mein-kleines-dingi-aus-holz-338679.html"
    extracted = split_text(dump, url=url)
    assert extracted.title == "welcher Außenborder passt für mein kleines Dingi aus Holz ?"
    assert _kept(extracted)[0] == "segler2228.09.1912:44"


# --- a headline written as a sentence, which the URL spells out ---

SENTENCE_HEADLINE = """\
HomeNetworkWhen the network on Windows is very slow, switching off the autotuning function can help.

When the network on Windows is very slow, switching off the autotuning function can help.

How the network gets faster again

16 May 2019 Mark Miller Network, Windows

Windows Vista brought in the autotuning function, and it is still there in every later version of Windows today.

Some older routers and firewalls do not handle it well, and then the network becomes very slow for no clear reason.
"""


def test_a_sentence_headline_the_url_spells_out_is_the_headline_not_the_body_start() -> None:
    url = "https://example.org/when-the-network-on-windows-is-very-slow-switching-off-the-autotuning-function-can-help/"
    extracted = split_text(SENTENCE_HEADLINE, url=url)
    assert extracted.title == SENTENCE_HEADLINE.split("\n\n")[1]
    assert [e["text"] for e in extracted.removed] == [SENTENCE_HEADLINE.split("\n\n")[0]]
    # a lede that repeats the slug's words among many others is prose, not the headline
    assert split_text(SENTENCE_HEADLINE, url="https://example.org/windows-network-slow-autotuning-help/").title != (
        SENTENCE_HEADLINE.split("\n\n")[1])


# --- a headline printed twice under a stray paragraph (a cookie notice read as the body's start) ---

COOKIE_TOP = """\
Les cookies sont désactivés dans votre navigateur. Veuillez activer les cookies dans les paramètres de votre navigateur.

Nouveaux clients : 20 % de remise de bienvenue

Accueil|Magazine|Conseils malins|Rangement magique

Les meilleures astuces de la reine du rangement pour votre armoire & co.

Elle est la reine du rangement et, depuis 2019, aussi une star des séries. Elle rend visite à des familles débordées.

Les meilleures astuces de la reine du rangement pour votre armoire & co.

Celui qui n'a jamais entendu parler d'elle est soit si ordonné qu'il n'a pas besoin de conseils, soit l'inverse.

Ranger pour un avenir meilleur, c'est sa conviction profonde, et elle la partage avec des millions de lecteurs.
"""


def test_a_headline_printed_twice_under_a_stray_paragraph_is_the_headline() -> None:
    extracted = split_text(COOKIE_TOP, url="https://example.org/magazine/conseils-malins/rangement-magique/")
    assert extracted.title == "Les meilleures astuces de la reine du rangement pour votre armoire & co."
    assert extracted.removed[0]["text"].startswith("Les cookies sont désactivés")


def test_separators_between_words_without_spaces_make_a_menu() -> None:
    values = features("Accueil|Magazine|Conseils malins|Rangement magique", slug=[], repeats=1, body_words=set(),
                      body_text="", near_meta=False, rank_from_body=0)
    assert values["menu"] == 1.0
    assert features("Rock|Pop", slug=[], repeats=1, body_words=set(), body_text="", near_meta=False,
                    rank_from_body=0)["menu"] == 0.0  # one separator: a name can hold one


# --- a question headline under a stray standfirst, the slug's own segment spelling it ---

QUESTION_UNDER_STANDFIRST = """\
Welke regels gelden er in de verschillende provincies voor een bezoek aan de kapper? Bij ons vindt u het overzicht.

3G, 2G of 2G Plus: wat geldt er nu eigenlijk bij de kapper?

Corona op het werk - Dossiers

Januari 2022

Corona en de nieuwe variant houden het land nog altijd in hun greep, en de regels veranderen bijna elke week.

De provincies hebben nieuwe verordeningen uitgevaardigd, en die regelen ook het bezoek aan de kapper en de salon.
"""


def test_a_question_headline_under_a_stray_standfirst_is_found_by_the_slugs_last_segment() -> None:
    url = "https://example.org/dossiers/corona-op-het-werk/2g-3g-wat-geldt-bij-de-kapper"
    extracted = split_text(QUESTION_UNDER_STANDFIRST, url=url)
    assert extracted.title == "3G, 2G of 2G Plus: wat geldt er nu eigenlijk bij de kapper?"
    assert extracted.removed[0]["text"].startswith("Welke regels gelden")


# --- a headline printed twice is not a pull-quote though a body line quotes it ---

def test_a_headline_printed_twice_is_not_a_pull_quote_when_a_credit_line_names_it() -> None:
    headline = "Il mio anno senza acquisti: bilancio, lezioni e piani per il 2020"
    dump = (f"{headline}\n\n{headline}\n\n17 febbraio 2020 Anna Rossi 4 commenti\n\nIl mio anno senza acquisti: "
            "bilancio e lezioni\n\nIl 2019 per me è stato l'anno senza acquisti, e forse avete letto anche il mio "
            "resoconto di metà anno.\n\nAbbiamo speso meno soldi dell'anno prima, e questo risultato mi ha sorpresa "
            f"parecchio.\n\nTutte le foto: {headline} di Anna Rossi con una foto gratuita di Unsplash\n")
    assert split_text(dump, url="https://example.org/anno-senza-acquisti-bilancio/").title == headline


# --- a one-word headline the URL is named after ---

def test_a_one_word_headline_that_the_url_names_beats_a_slogan_nearer_the_body() -> None:
    dump = ("References\n\nContact\n\nCoaching\n\nTraining just for you\n\nIn a telephone lesson you practise speaking "
            "freely and refresh what you learned at school, with a trainer who listens to every word.\n\nHow does "
            "it work?\n\nThe lesson is an intensive training for one person, and it takes place whenever it suits "
            "you best.\n")
    assert split_text(dump, url="https://example.org/by-phone/coaching/").title == "Coaching"
    assert split_text(dump, url="https://example.org/by-phone/").title == "Training just for you"


def test_of_two_printings_that_differ_in_letter_case_the_first_is_the_headline() -> None:
    dump = ("Wednesday, October 16, 2019\n\nMeta-Programming In Lisp Using Advice\n\nMeta-Programming In Lisp Using "
            "advice\n\n1 Introduction\n\nThis blog article on meta programming in Python reminded me to write up the "
            "same for Lisp, where decorators are called advice.\n\nAdvice came to Lisp in the summer of 1994, when a "
            "module for it shipped with the editor for the first time.\n")
    url = "https://example.org/2019/10/meta-programming-in-lisp-using.html"
    assert split_text(dump, url=url).title == "Meta-Programming In Lisp Using Advice"
