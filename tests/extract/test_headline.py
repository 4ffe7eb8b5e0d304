"""The headline of a text dump is found, not assumed: page tops of several shapes and languages.

Every dump here is written for the test, in the shape lenient scrapers leave (one block per line):
what the page printed above the story (menus, date and time, weather, slogan, back-links, a quote
from the story), the headline, then the story.
"""

from __future__ import annotations

import pytest

from cleaners import clean_document
from cleaners.extract import split_text
from cleaners.extract.headline import ABOVE_RULE, FEATURES, find_headline, slug_words

ENGLISH = """\
Home | World | Business | Sport | Weather

Tuesday 14 May 2024 09:41 BST

London 14°C Partly cloudy

Harbour ferry strike called off after late-night talks

The harbour ferry strike planned for Wednesday has been called off after late-night talks between the unions and the operator.

Union officials said the operator had agreed to review rotas and to hire twelve more crew before the summer timetable begins.

Passengers who booked alternative crossings can claim a refund from the operator until the end of the month.
"""

GERMAN = """\
Ihre Zeitung für die Region – seit 1949

« Zurück zur Übersicht

12.03.2024 · 14:05 Uhr

Stadtrat beschließt neuen Radweg entlang der Uferstraße

Der Stadtrat hat am Dienstagabend mit großer Mehrheit beschlossen, entlang der Uferstraße einen neuen Radweg zu bauen.

Die Bauarbeiten für den Radweg sollen im Herbst beginnen und nach Angaben der Verwaltung rund acht Monate dauern.

Anwohner hatten sich seit Jahren für einen sicheren Weg zwischen Altstadt und Bahnhof eingesetzt, sagte die Bürgermeisterin.
"""

FRENCH_QUOTE = """\
Accueil › Société › Éducation

« Nous voulons que chaque élève mange un repas chaud à midi »

Les cantines scolaires serviront des repas gratuits dès la rentrée

La mairie a annoncé lundi que les cantines scolaires de la ville serviront des repas gratuits à tous les élèves dès la rentrée.

« Nous voulons que chaque élève mange un repas chaud à midi », a déclaré l'adjointe chargée de l'éducation lors du conseil municipal.

Le coût de la mesure est estimé à deux millions d'euros par an, financés par le budget de la ville.
"""

SPANISH_SLUG = """\
Última hora

Lo más leído

El Gobierno aprueba la subida del salario mínimo para 2025

Economía

La subida beneficiará a más de dos millones de trabajadores, según el ministerio de Trabajo, que la aprobó este martes.

El Consejo de Ministros aprobó este martes la subida del salario mínimo para el próximo año tras meses de negociación con los sindicatos.

La patronal criticó la medida y advirtió de que podría frenar la creación de empleo en las pequeñas empresas del país.
"""
SPANISH_URL = "https://diario.example/economia/2024/12/03/gobierno-aprueba-subida-salario-minimo-2025.html"

POLISH_REPEAT = """\
Wiadomości Sport Pogoda Kultura

Kraków: 8°C

Nowy most na Wiśle otwarty dla ruchu

Nowy most na Wiśle otwarty dla ruchu

Nowy most na Wiśle został w poniedziałek otwarty dla ruchu samochodowego po trzech latach budowy i licznych opóźnieniach.

Według urzędu miasta przez most będzie codziennie przejeżdżać nawet trzydzieści tysięcy samochodów w godzinach szczytu.
"""


def _above(extracted) -> list[str]:
    return [r["text"] for r in extracted.removed if r["rule"] == ABOVE_RULE]


# A bare date line above the headline is left to the rule table's ``dateline`` rule, which reads it
# as the article's date (``published``) rather than throwing it away as page furniture.
DATELINES = {"en-menu-date-weather": "Tuesday 14 May 2024 09:41 BST", "de-slogan-backlink-date": "12.03.2024 · 14:05 Uhr"}


@pytest.mark.parametrize(("dump", "url", "headline", "above"), [
    pytest.param(ENGLISH, None, "Harbour ferry strike called off after late-night talks",
                 ["Home | World | Business | Sport | Weather", "London 14°C Partly cloudy"], id="en-menu-date-weather"),
    pytest.param(GERMAN, None, "Stadtrat beschließt neuen Radweg entlang der Uferstraße",
                 ["Ihre Zeitung für die Region – seit 1949", "« Zurück zur Übersicht"],
                 id="de-slogan-backlink-date"),
    pytest.param(FRENCH_QUOTE, None, "Les cantines scolaires serviront des repas gratuits dès la rentrée",
                 ["Accueil › Société › Éducation", "« Nous voulons que chaque élève mange un repas chaud à midi »"],
                 id="fr-breadcrumb-pullquote"),
    pytest.param(SPANISH_SLUG, SPANISH_URL, "El Gobierno aprueba la subida del salario mínimo para 2025",
                 ["Última hora", "Lo más leído"], id="es-url-slug"),
    pytest.param(POLISH_REPEAT, None, "Nowy most na Wiśle otwarty dla ruchu",
                 ["Wiadomości Sport Pogoda Kultura", "Kraków: 8°C"], id="pl-repeated-headline"),
])
def test_the_headline_is_found_and_the_lines_above_it_are_removed(dump, url, headline, above, request) -> None:
    extracted = split_text(dump, url=url)
    assert extracted.title == headline
    assert _above(extracted) == above
    kept = [line for block in extracted.blocks for line in block]
    assert not set(above) & set(kept)
    assert kept.count(headline) == dump.count(headline) - 1  # it left the blocks; a copy stays for the rules
    article = clean_document(dump, kind="text", url=url)
    assert headline not in article.text
    dateline = DATELINES.get(request.node.callspec.id)
    if dateline:
        assert [r["rule"] for r in article.removed if r["text"] == dateline] == ["dateline"]
        assert article.published is not None


def test_the_lines_above_are_in_the_articles_removed_list_first_in_reading_order() -> None:
    article = clean_document(GERMAN, kind="text")
    assert article.title == "Stadtrat beschließt neuen Radweg entlang der Uferstraße"
    assert [(r["text"], r["rule"], r["at"]) for r in article.removed[:3]] == [
        ("Ihre Zeitung für die Region – seit 1949", ABOVE_RULE, 0), ("« Zurück zur Übersicht", ABOVE_RULE, 1),
        ("12.03.2024 · 14:05 Uhr", "dateline", 2)]
    assert article.text.startswith("Der Stadtrat hat am Dienstagabend")
    assert all(r["at"] >= 3 for r in article.removed[3:])  # the rules' positions come after


def test_a_pull_quote_above_the_headline_is_not_the_headline_and_the_body_keeps_the_quote() -> None:
    article = clean_document(FRENCH_QUOTE, kind="text")
    assert article.title == "Les cantines scolaires serviront des repas gratuits dès la rentrée"
    assert "« Nous voulons que chaque élève mange un repas chaud à midi », a déclaré" in article.text


def test_a_byline_above_the_headline_is_left_for_the_rules_and_becomes_the_author() -> None:
    dump = "News | Local | Sport\n\nBy Ann Porter\n\n" + ENGLISH.split("\n\n", 3)[3]
    article = clean_document(dump, kind="text")
    assert article.title == "Harbour ferry strike called off after late-night talks"
    assert article.author == "Ann Porter"
    assert [r["text"] for r in article.removed if r["rule"] == ABOVE_RULE] == ["News | Local | Sport"]


def test_a_record_title_wins_and_still_marks_where_the_story_starts() -> None:
    record_title = "Ferry strike off"  # the record's own title, not a line of the dump
    article = clean_document(ENGLISH, kind="text", meta={"title": record_title})
    assert article.title == record_title
    assert not [r for r in article.removed if r["rule"] == ABOVE_RULE]  # no line equals it: nothing assumed

    exact = "Harbour ferry strike called off after late-night talks"
    article = clean_document(ENGLISH.replace("London 14°C Partly cloudy", "Strike over, ferries sail"),
                             kind="text", meta={"title": exact})
    assert article.title == exact  # the record's title, not the scorer's choice
    assert [r["text"] for r in article.removed if r["rule"] == ABOVE_RULE] == [
        "Home | World | Business | Sport | Weather", "Strike over, ferries sail"]
    assert [r["rule"] for r in article.removed if r["text"] == exact] == ["repeated-headline"]


def test_a_dump_that_starts_with_the_story_has_no_headline_and_loses_nothing() -> None:
    body = ENGLISH.split("\n\n", 4)[4]
    extracted = split_text(body)
    assert extracted.title is None and extracted.removed == []
    assert [line for block in extracted.blocks for line in block] == [p.strip() for p in body.split("\n\n") if p]


def test_slug_words_and_the_feature_table() -> None:
    assert slug_words(SPANISH_URL) == ["economia", "gobierno", "aprueba", "subida", "salario", "minimo"]
    assert slug_words("https://example.org/schoene-aussicht") == ["schoene", "aussicht"]
    names = [f.name for f in FEATURES]
    assert len(names) == len(set(names)) and all(f.source for f in FEATURES)
    # the slug alone picks between two headline-like lines of the same shape
    lines = ["Council sets new budget", "Mayor opens the new library", "The mayor opened the new library on "
             "Monday after three years of building work, the council said.", "It has room for ten thousand "
             "books and a hall for concerts, talks and exhibitions, the mayor said."]
    assert find_headline(lines, url="https://example.org/news/council-sets-new-budget") == 0
    assert find_headline(lines) == 1


# The lede right below a short headline repeats the URL slug's words too; being prose (two
# sentences, or 14+ words ending with a full stop) it is the body's start, not a headline.
LEDE_AT_BODY = """\
Home › Travel › Ferries

Harbour ferries

Harbour ferries are back on the water after the strike ended on Tuesday. The first boats sail at six.

The operator said all crossings would run to the summer timetable from Wednesday after two weeks of cancellations.

Passengers who booked alternative crossings can claim a refund from the operator until the end of the month.
"""


@pytest.mark.parametrize("lede", [
    pytest.param("Harbour ferries are back on the water after the strike ended on Tuesday. The first boats sail at six.",
                 id="two-sentences"),
    pytest.param("Harbour ferries are back on the water after the strike that ended on Tuesday night in the port.",
                 id="long-sentence"),
])
def test_a_lede_that_repeats_the_slug_is_not_taken_for_the_headline(lede) -> None:
    dump = LEDE_AT_BODY.replace(LEDE_AT_BODY.split("\n\n")[2], lede)
    extracted = split_text(dump, url="https://example.org/strike/harbour-ferries")
    assert extracted.title == "Harbour ferries"
    assert [line for block in extracted.blocks for line in block][0] == lede


def test_a_short_headline_of_two_sentences_at_the_body_start_is_still_a_headline() -> None:
    dump = ("News | Sport\n\nThe strike is over. Are the ferries safe?\n\n" + LEDE_AT_BODY.split("\n\n", 3)[3])
    extracted = split_text(dump, url="https://example.org/news/the-strike-is-over-are-the-ferries-safe")
    assert extracted.title == "The strike is over. Are the ferries safe?"


@pytest.mark.parametrize(("glued", "headline"), [
    pytest.param("Forum>Boats>Which outboard motor for a small dinghy?", "Which outboard motor for a small dinghy?",
                 id="separators-without-spaces"),
    pytest.param("Sie sind hier: Startseite » Verkehr » Neuer Radweg", "Neuer Radweg", id="one-word-after-breadcrumb"),
    pytest.param("StartseiteVerkehrNeuer Radweg entlang der Uferstraße eröffnet",
                 "Neuer Radweg entlang der Uferstraße eröffnet", id="glued-words"),
    pytest.param("Verkehr Neuer Radweg entlang der Uferstraße eröffnet", "Neuer Radweg entlang der Uferstraße eröffnet",
                 id="kicker-word"),
])
def test_a_breadcrumb_or_kicker_glued_to_the_headline_is_cut_off_when_the_page_prints_it_alone(glued, headline) -> None:
    body = ("Der Stadtrat hat am Dienstagabend den neuen Radweg entlang der Uferstraße offiziell für den Verkehr "
            "freigegeben.\n\nDie Bauarbeiten hatten rund acht Monate gedauert und kosteten nach Angaben der "
            "Verwaltung zwei Millionen Euro.\n")
    slug = "https://example.org/" + "-".join(headline.lower().rstrip("?").split())
    for dump in (f"Anmelden\n\n{glued}\n\n{headline}\n\n{body}", f"Anmelden\n\n{headline}\n\n{glued}\n\n{body}"):
        assert split_text(dump, url=slug).title == headline


def test_a_tag_that_ends_the_headline_is_not_the_headline() -> None:
    dump = ("Spanien >\n\nRioja\n\nDie Weinregion Rioja, Spanien\n\nDie Region liegt im Norden Spaniens am Mittellauf "
            "des Ebro und ist für ihre Rotweine bekannt.\n\nDie Weine reifen oft lange in Fässern aus Eiche, bevor "
            "sie verkauft werden.\n")
    assert split_text(dump, url="https://example.org/weinregion-rioja-spanien").title == "Die Weinregion Rioja, Spanien"


# The headline stands right above its byline and date; a standfirst on the other side of them is
# nearer the body and echoes it more, but does not head the byline.
HEADLINE_OVER_BYLINE = """\
Aktuelles Allgemein

Solidarität im Viertel

von Anna Berg

31. März 2020

Nachbarn im Viertel rufen zu gegenseitiger Hilfe beim Einkaufen und bei Erledigungen auf!

Seit Montag helfen Nachbarn im Viertel älteren Menschen beim Einkaufen, bei Botengängen und beim Gang zur Apotheke.

Wer Hilfe braucht oder helfen möchte, meldet sich bei der Initiative im Viertel per Telefon oder über die Website.
"""


def test_the_line_that_heads_the_byline_beats_a_standfirst_below_it() -> None:
    extracted = split_text(HEADLINE_OVER_BYLINE, url="https://example.org/blog/2020/03/31/solidaritaet-im-viertel/")
    assert extracted.title == "Solidarität im Viertel"


QUOTED_HEADLINE = """\
Start | Politik | Schule

„Welches Europa wir wollen“

Facebook Twitter E-Mail

Die Juniorwahl zur Europawahl

Zwei Tage vor der Europawahl stimmten auch die Schüler unseres Gymnasiums über die Zukunft Europas ab.

Wie bei einer richtigen Wahl gab es Wahlbenachrichtigungen, Wählerlisten, Stimmzettel und eine Urne für die Europawahl.
"""


def test_a_quoted_headline_that_the_url_slug_spells_is_the_headline() -> None:
    extracted = split_text(QUOTED_HEADLINE, url="https://example.org/welches-europa-wir-wollen/")
    assert extracted.title == "„Welches Europa wir wollen“"
    assert split_text(QUOTED_HEADLINE).title == "Die Juniorwahl zur Europawahl"  # no slug: a quote is a quote


# A headline the page prints again on a line of its own further down (a table of contents, a
# repeated heading) is not a pull-quote: only a line found inside a longer body line is one.
HEADLINE_AGAIN_IN_BODY = """\
Blog | Rezepte | Über mich

Mein Jahr ohne Konsum: Fazit und Pläne für 2020

17. Februar 2020

Inhalt

Das Jahr 2019 stand für mich unter dem Motto Konsumsparen, und hier ist mein Fazit nach zwölf Monaten.

Ich habe weniger gekauft, mehr repariert und vieles verschenkt, was ich nicht mehr brauchte.

Mein Jahr ohne Konsum: Fazit und Pläne für 2020

Für das neue Jahr habe ich mir vorgenommen, auch bei Lebensmitteln weniger wegzuwerfen.
"""


def test_a_headline_printed_again_alone_in_the_body_is_not_a_pull_quote() -> None:
    assert split_text(HEADLINE_AGAIN_IN_BODY).title == "Mein Jahr ohne Konsum: Fazit und Pläne für 2020"
    quoted = HEADLINE_AGAIN_IN_BODY.replace("\n\nMein Jahr ohne Konsum: Fazit und Pläne für 2020\n\nFür",
                                            "\n\nSie schrieb: Mein Jahr ohne Konsum: Fazit und Pläne für 2020, und dann ging es los.\n\nFür")
    assert split_text(quoted).title != "Mein Jahr ohne Konsum: Fazit und Pläne für 2020"  # inside a paragraph: a quote


# A stray paragraph (an advert's teaser, a blog's description) above the headline looks like the
# body's start; the short line under it that spells the URL slug is the headline.
STRAY_ABOVE = """\
Reinigung Meisterbetrieb

Unser Team sorgt rund um die Uhr für die Zufriedenheit unserer Kunden, rufen Sie uns noch heute an!

Villacher Reinigungsfirma expandiert nach Wien

Die vor vier Jahren in Villach gegründete Reinigungsfirma eröffnet im Frühjahr eine Niederlassung in Wien.

Der Gründer begann als Hausmeisterservice und beschäftigt heute mehr als vierzig Mitarbeiterinnen und Mitarbeiter.
"""
STRAY_URL = "https://example.org/lokales/villacher-reinigungsfirma-expandiert-nach-wien/"


def test_a_headline_under_a_stray_paragraph_is_found_and_the_paragraph_goes_above_it() -> None:
    extracted = split_text(STRAY_ABOVE, url=STRAY_URL)
    assert extracted.title == "Villacher Reinigungsfirma expandiert nach Wien"
    assert _above(extracted) == ["Reinigung Meisterbetrieb", STRAY_ABOVE.split("\n\n")[1]]
    kept = [line for block in extracted.blocks for line in block]
    assert kept[0].startswith("Die vor vier Jahren")
    # with a headline above the paragraph, a slug-like line under the lede is a sub-heading: nothing moves
    dump = STRAY_ABOVE.replace("Reinigung Meisterbetrieb", "Reinigungsfirma expandiert nach Wien")
    assert split_text(dump, url=STRAY_URL).title == "Reinigungsfirma expandiert nach Wien"


def test_a_headline_a_rule_would_strip_is_still_the_headline_when_the_url_spells_it() -> None:
    dump = ("Latest articles\n\nVIDEO: Harbour ferries return after the strike\n\nBy Ann Porter\n\n"
            + LEDE_AT_BODY.split("\n\n", 3)[3])
    url = "https://example.org/2024/05/14/video-harbour-ferries-return-after-the-strike/"
    assert split_text(dump, url=url).title == "VIDEO: Harbour ferries return after the strike"
    assert split_text(dump).title != "VIDEO: Harbour ferries return after the strike"  # no URL: the rule holds
