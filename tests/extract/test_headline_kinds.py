"""Kinds of real dumps the headline search misread (issue 13), each with dumps written for the test
in the shape lenient scrapers leave (one block per line): what the page printed above the story,
the headline, the story, what it printed below.  No wording of any real page.
"""

from __future__ import annotations

import pytest

from cleaners.boilerplate import matching_rule
from cleaners.extract import split_text
from cleaners.extract.features import digit_share
from cleaners.extract.slug import slug_digits

BODY_EN = ("The new issue looks back at a year of concerts in small clubs across the north of the country and "
           "talks to the players who kept them open.\n\nThe editors also tested four small amplifiers for home "
           "use and found that the cheapest one was the quietest of them all.\n\nReaders can order the issue "
           "online or find it at newsagents from Thursday.\n")
BODY_DE = ("Die Woche begann mit Regen im ganzen Land, und erst am Donnerstag zeigte sich wieder die Sonne über den "
           "Bergen im Süden.\n\nIm Norden mussten mehrere Fähren wegen des Sturms im Hafen bleiben, wie die "
           "Reederei am Mittwoch mitteilte.\n\nFür das Wochenende erwarten die Meteorologen milde Temperaturen "
           "und nur wenig Wind.\n")


# --- a headline holding digits the URL spells is not a date line ---

@pytest.mark.parametrize(("dump", "url", "title"), [
    pytest.param(f"Magazine\n\nJazz Monthly 04/2023\n\nby Ann Porter, 3 May 2023\n\nPhoto: Ann Porter\n\n"
                 f"The new issue of Jazz Monthly is out!\n\n{BODY_EN}",
                 "https://example.org/magazine/jazz-monthly-04-2023/", "Jazz Monthly 04/2023", id="english-issue"),
    pytest.param(f"Startseite\n\nMärz 2024\n\nHeft 03/2024\n\nvon Anna Berg, 22. März 2024\n\n{BODY_DE}",
                 "https://example.org/2024/03/22/heft-03-2024/", "Heft 03/2024", id="german-issue"),
])
def test_a_headline_with_the_numbers_its_url_spells_is_not_read_as_a_date(dump, url, title) -> None:
    assert split_text(dump, url=url).title == title


def test_the_slugs_numbers_do_not_make_a_date_line_a_headline() -> None:
    dump = f"Magazine\n\n04/2023\n\nJazz Monthly turns fifty\n\nby Ann Porter\n\n{BODY_EN}"
    assert split_text(dump, url="https://example.org/magazine/jazz-monthly-04-2023/").title == "Jazz Monthly turns fifty"


def test_digits_of_the_slug_do_not_count_in_the_digit_share() -> None:
    runs = slug_digits("https://example.org/2024/03/22/heft-12-2024/")
    assert runs == frozenset({"12", "2024"})  # the date folders hold no letters: not the slug's
    assert digit_share("Heft 12/2024", runs) == 0.0
    assert digit_share("Heft 12/2024") > 0.3
    assert digit_share("22.03.2024", runs) > 0.3  # 22 and 03 are not the slug's


def test_a_slash_between_digits_is_not_a_breadcrumb_separator() -> None:
    assert matching_rule("Jazz Monthly 04/2023") is None
    assert matching_rule("Revista 05/2024") is None
    assert matching_rule("News / UK / Politics") == "breadcrumb"
    assert matching_rule("Noticias/2024/Deportes") == "breadcrumb"


# --- a headline at the body's start, with the date (and the author) printed right under it ---

BLOG_EN = ("The workshop brings together historians of labour and of the sea to ask how the unions of the harbour "
           "towns grew, and why some of them lasted longer than the trades they spoke for.\n\nSpeakers come from "
           "six countries; the papers will be published in a volume next year.\n\nThe programme of the workshop "
           "(PDF)\n")
BLOG_DE = ("Die Tagung bringt Historikerinnen und Historiker der Arbeit und der Seefahrt zusammen und fragt, wie die "
           "Gewerkschaften der Hafenstädte wuchsen und warum manche länger bestanden als ihre Gewerbe.\n\nDie "
           "Vortragenden kommen aus sechs Ländern; die Beiträge erscheinen im nächsten Jahr in einem Band.\n\n"
           "Das Programm der Tagung (PDF)\n")


@pytest.mark.parametrize(("dump", "title"), [
    pytest.param("Search for:\n\nPosts, Our research, Events\n\nWorkshop: Ferry unions in the harbour towns of the "
                 "nineteenth century (12 and 13 March 2015, Hull)\n\n28 January 2015 annp Leave a comment\n\n" + BLOG_EN,
                 "Workshop: Ferry unions in the harbour towns of the nineteenth century (12 and 13 March 2015, Hull)",
                 id="english"),
    pytest.param("Suche nach:\n\nBeiträge, Forschung, Termine\n\nTagung: Fährleute und Gewerkschaften in den "
                 "Hafenstädten des 19. Jahrhunderts (12. und 13. März 2015, Kiel)\n\n28. Januar 2015 annab Schreibe "
                 "einen Kommentar\n\n" + BLOG_DE,
                 "Tagung: Fährleute und Gewerkschaften in den Hafenstädten des 19. Jahrhunderts (12. und 13. März 2015, "
                 "Kiel)", id="german"),
])
def test_a_long_headline_over_a_dated_line_at_the_body_start_is_the_headline(dump, title) -> None:
    assert split_text(dump, url="https://example.org/822").title == title


def test_a_paragraph_over_a_dated_line_is_still_no_headline() -> None:
    lede = ("The workshop brings together historians of labour and of the sea to ask how the unions of the harbour "
            "towns grew over the century.")
    dump = f"Posts, Our research, Events\n\nFerry unions in the harbour towns\n\n{lede}\n\n28 January 2015 annp\n\n{BLOG_EN}"
    assert split_text(dump, url="https://example.org/822").title == "Ferry unions in the harbour towns"


# --- a bare domain name (the site's name printed as its logo) is not the headline ---

@pytest.mark.parametrize(("dump", "url", "title"), [
    pytest.param("Puppies\n\npuppytips24.com\n\nBuying a puppy – tips for every breed\n\n"
                 "Nice that you found this page. I have seen friends buy sick puppies from dealers too often, so I "
                 "wrote down what to look for.\n\nIf you want to buy a puppy, read about each breed on my pages "
                 "before you call a breeder.\n",
                 "https://archive.example.org/web/20160401095740/http://www.puppytips24.com/",
                 "Buying a puppy – tips for every breed", id="english"),
    pytest.param("Welpen\n\nwelpentipps24.de\n\nWelpen kaufen – Tipps zu jeder Rasse\n\n"
                 "Schön, dass Du diese Seite gefunden hast. Ich habe zu oft erlebt, dass Bekannte kranke Welpen bei "
                 "Händlern kaufen.\n\nWillst Du einen Welpen kaufen, lies vorher über jede Rasse auf meinen Seiten "
                 "nach.\n",
                 "https://archive.example.org/web/20160401095740/http://www.welpentipps24.de/",
                 "Welpen kaufen – Tipps zu jeder Rasse", id="german"),
])
def test_a_bare_domain_name_is_the_sites_logo_not_the_headline(dump, url, title) -> None:
    assert split_text(dump, url=url).title == title


# --- a line followed by a link to the rest of it ("Read more…") is a teaser, not the headline ---

@pytest.mark.parametrize(("dump", "title"), [
    pytest.param("Printing for industry and logistics!\n\nLearn more…\n\nPrinters and print servers from the experts\n\n"
                 "We are your partner for printers and printing for industry, trade, services and logistics.\n\n"
                 "We advise independently of any maker and always plan with the solution in mind, for one desk "
                 "or a whole plant.\n", "Printers and print servers from the experts", id="english"),
    pytest.param("Wir sind für Sie da!\n\nMehr erfahren...\n\nDrucker und Druckserver vom Fachmann\n\n"
                 "Wir sind Ihr Partner rund um Drucker und Drucklösungen für Industrie, Handel und Logistik.\n\n"
                 "Wir beraten herstellerunabhängig und planen immer lösungsorientiert, für einen Platz oder ein "
                 "ganzes Werk.\n", "Drucker und Druckserver vom Fachmann", id="german"),
])
def test_a_line_over_a_read_more_link_is_a_teaser(dump, title) -> None:
    assert split_text(dump, url="https://example.org").title == title


# --- a single word printed twice close together is a menu's entry (a header and a mobile menu) ---

@pytest.mark.parametrize(("dump", "title"), [
    pytest.param("Imprint\n\noffice@example.org\n\nImprint\n\nWelcome!\n\nI am Ann Porter, a lawyer for "
                 "software and data protection. I advise start-ups and small firms on contracts.\n\n"
                 "Clients say I answer quickly and explain the law in plain words, without any jargon.\n",
                 "Welcome!", id="english"),
    pytest.param("Contact\n\nbureau@example.org\n\nContact\n\nBienvenue !\n\n"
                 "Je suis Anne Portier, avocate en droit du logiciel. Je conseille les jeunes entreprises sur leurs "
                 "contrats.\n\nMes clients disent que je réponds vite et que j'explique le droit simplement.\n",
                 "Bienvenue !", id="french"),
])
def test_a_single_word_printed_twice_is_a_menu_entry_not_the_headline(dump, title) -> None:
    assert split_text(dump, url="https://example.org/index.html").title == title


def test_a_one_word_headline_the_url_names_still_counts_when_printed_twice() -> None:
    dump = ("Menu\n\nIschgl\n\nIschgl\n\nWer am liebsten bergab fährt, ist in Ischgl in seinem Element, dafür "
            "sorgen die Bahnen.\n\nWer bei Ischgl zuerst an den Winter denkt, war noch nie im Sommer hier oben.\n")
    assert split_text(dump, url="https://example.org/region/ischgl/").title == "Ischgl"
