"""Each language's promo labels, end to end (clean_document on a text dump and on an HTML page):
the inline teaser goes with its label, the body stays, the language is found (cases/02's kind:
"Mehr zum Thema – ..." and "Lesen Sie auch: ..." between paragraphs of a German story).
Inputs written here; none copied from ../shared."""

from __future__ import annotations

import re

import pytest

from cleaners import clean_document

from .language_samples import LONG

# A headline and an inline teaser (label + another story's headline) in each language of the vocabulary.
HEADLINES = {
    "en": "Ferry timetable approved after long consultation",
    "de": "Neuer Fährfahrplan nach langer Anhörung beschlossen",
    "fr": "Le nouvel horaire des ferries approuvé après une longue consultation",
    "es": "Aprobado el nuevo horario de los transbordadores",
    "it": "Approvato il nuovo orario dei traghetti",
    "pt": "Aprovado o novo horário dos ferries",
    "nl": "Nieuwe dienstregeling veerboten goedgekeurd",
    "pl": "Nowy rozkład promów zatwierdzony",
    "tr": "Feribotların yeni tarifesi onaylandı",
    "ru": "Утверждено новое расписание паромов",
}
TEASERS = {
    "en": ["More on this topic – Bridge tolls to rise in May", "Further reading: Ten years of the island ferry"],
    "de": ["Mehr zum Thema – Fährpreise steigen im Mai", "Lesen Sie auch: Die Brücke bleibt bis Juni gesperrt"],
    "fr": ["À lire aussi : Les tarifs du ferry augmentent en mai", "Sur le même sujet – Le pont reste fermé"],
    "es": ["Leer más: Suben las tarifas del ferri en mayo", "Te puede interesar – El puente seguirá cerrado"],
    "it": ["Leggi anche: Aumentano le tariffe del traghetto", "Potrebbe interessarti – Il ponte resta chiuso"],
    "pt": ["Leia também: Sobem as tarifas do ferry em maio", "Saiba mais – A ponte continua fechada"],
    "nl": ["Lees ook: Veerboot wordt in mei duurder", "Meer over dit onderwerp – De brug blijft dicht"],
    "pl": ["Czytaj też: Promy drożeją od maja", "Zobacz także – Most pozostaje zamknięty"],
    "tr": ["Ayrıca okuyun: Feribot ücretleri mayısta artıyor", "İlgili haberler – Köprü kapalı kalacak"],
    "ru": ["Читайте также: Паромы подорожают в мае", "По теме – Мост останется закрытым"],
}
LANGUAGES = sorted(TEASERS)


def _paragraphs(lang: str) -> list[str]:
    """The language's sample paragraph, one sentence per paragraph (each 10+ words)."""
    text = LONG[lang]
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def test_every_vocabulary_language_is_covered() -> None:
    assert set(LANGUAGES) == {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "ru"} <= set(LONG)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_inline_teasers_go_and_the_body_stays_in_a_text_dump(lang: str) -> None:
    body = _paragraphs(lang)
    first, second = TEASERS[lang]
    dump = "\n\n".join([HEADLINES[lang], body[0], first, *body[1:-1], second, body[-1]])
    article = clean_document(dump.encode(), kind="text", min_words=10)
    assert article.language == lang
    assert [r["text"] for r in article.removed if r["rule"] == "inline-promo"] == [first, second]
    assert article.text.split("\n\n") == body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_inline_teasers_go_and_the_body_stays_in_an_html_page(lang: str) -> None:
    """The shape of cases/02: a bold label and a link in a paragraph between the story's paragraphs."""
    body = _paragraphs(lang)
    label, _, link = re.split(r"(\s*[:–]\s*)", TEASERS[lang][0], maxsplit=1)
    teaser = f"<p><strong>{label}</strong>{TEASERS[lang][0][len(label):-len(link)]}<a href='/x'>{link}</a></p>"
    paras = [f"<p>{p}</p>" for p in body]
    html = (f"<html><head><title>{HEADLINES[lang]}</title></head><body><article><h1>{HEADLINES[lang]}</h1>"
            f"{paras[0]}{teaser}{''.join(paras[1:])}</article></body></html>")
    article = clean_document(html.encode(), kind="html", min_words=10)
    assert article.language == lang
    assert TEASERS[lang][0] not in article.text and link not in article.text
    assert all(p in article.text for p in body)


def test_a_german_label_does_not_judge_an_english_story() -> None:
    """"Source:" is a credit line in French ("Source : Insee") but a sentence in an English story;
    "Stand:" a German stamp.  English articles get the English table only."""
    body = _paragraphs("en")
    lines = ["Source: two officials who spoke on condition of anonymity.", "Stand: 3 May 2026"]
    dump = "\n\n".join([HEADLINES["en"], body[0], *lines, body[1]])
    article = clean_document(dump.encode(), kind="text", min_words=10)
    assert article.language == "en"
    assert all(line in article.text for line in lines), article.removed


def test_english_labels_apply_to_every_language() -> None:
    body = _paragraphs("de")
    dump = "\n\n".join([HEADLINES["de"], body[0], "Read more: Ferry fares rise again", body[1]])
    article = clean_document(dump.encode(), kind="text", min_words=10)
    assert article.language == "de"
    assert [r["rule"] for r in article.removed] == ["inline-promo"]
