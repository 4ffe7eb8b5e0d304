"""Encodings (issue 14), the evidence that decides between readings: symbols UTF-8 read as 1250/1251
leaves in Latin text, a page ftfy undid trusted for the other lines, ISO 8859-15 against
Windows-1252, Latin text with a few CJK words in a multi-byte page, and what must not be flagged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import clean_document
from cleaners.encoding import (
    decode_bytes,
    garbled_reason,
    oddities,
    repair_encoding,
    stray_letters,
    unsure_letters,
)


def as_mojibake(text: str, page: str) -> str:
    """``text``'s UTF-8 bytes read as ``page`` (ftfy's sloppy codecs: every byte maps)."""
    import ftfy.bad_codecs  # noqa: F401

    return text.encode("utf-8").decode(f"sloppy-windows-{page[2:]}")


@pytest.mark.parametrize("line", [
    "The chain paid $9bn (£4.1bn) for the shops · analysts approved",
    "© Harbour Wire 2024",
    "The ferry costs about £35 per car, said the port",
    "Timber, W×H×D: ca. 80×40×2 cm",
])
def test_symbols_utf8_read_as_1251_in_latin_text_are_repaired(line: str) -> None:
    broken = as_mojibake(line, "cp1251")  # £ -> ВЈ, · -> В·, © -> В©, × -> Г—
    assert broken != line
    assert repair_encoding(broken) == line


def test_cyrillic_text_with_one_letter_words_is_left_alone() -> None:
    text = "В Москве и области ожидается снег. А в Петербурге — дождь."
    assert repair_encoding(text) == text and stray_letters(text) == 0 and garbled_reason([text]) is None


@pytest.mark.parametrize("line", [
    "Guests stayed at the Hôtel Lumière in Nice before the show",
    "Súper happy to announce the new release for everyone",
    "Follow us or subscribe here: aquí a nuestra newsletter",
])
def test_a_french_or_spanish_word_utf8_read_as_1250_in_latin_text_is_repaired(line: str) -> None:
    assert repair_encoding(as_mojibake(line, "cp1250")) == line


def test_a_page_ftfy_undid_in_one_line_decides_ties_in_the_others() -> None:
    text = ("Les actions à mener\n"  # à + no-break space as 1250 mojibake: Ă + NBSP, as plausible alone
            "Malgré les acquis réalisés depuis l’indépendance, la participation a reculé.")
    assert repair_encoding(as_mojibake(text, "cp1250")) == text


def test_a_line_repaired_before_the_page_was_known_is_repaired_again_from_what_it_was() -> None:
    # the soft hyphen of "í" (C3 AD read as 1250: Ă + SHY) must not be removed before the line is undone
    text = "Síganos aquí\nLa región recibió más lluvias de lo previsto según el informe."
    assert repair_encoding(as_mojibake(text, "cp1250")) == text


GERMAN = ("Die Gemeinde hat am Dienstag den Haushalt für das kommende Jahr beschlossen. Größere "
          "Änderungen gibt es bei den Gebühren für Müll und Straßenreinigung, die Bürger zahlen. ")


def test_iso_8859_15_is_told_from_windows_1252_by_a_euro_sign_past_the_scored_head() -> None:
    text = GERMAN * 200 + "Der Beitrag steigt auf 400€ im Jahr."  # over 16,000 characters before the €
    decoded = decode_bytes(text.encode("iso8859_15"))
    assert decoded.text == text and decoded.charset == "iso8859-15"


def test_iso_8859_15_oe_ligature_is_not_read_as_a_fraction() -> None:
    text = "Les moyens à mettre en œuvre pour rendre la cité plus sûre, a déclaré le maire à la presse."
    assert decode_bytes(text.encode("iso8859_15")).text == text


def test_dimensions_with_a_multiplication_sign_are_plain_western_text() -> None:
    text = GERMAN + "Der Grill misst B×H×T: ca. 53×49×31 cm."
    decoded = decode_bytes(text.encode("iso8859_15"))
    assert decoded.text == text
    assert garbled_reason([text]) is None


@pytest.mark.parametrize("page", ["euc_jp", "shift_jis"])
def test_english_with_a_few_japanese_words_in_a_japanese_page(page: str) -> None:
    text = ("It’s a short trip to 出塚水産 (a fish cake shop) in the port town, and it’s the best "
            "thing I’ve eaten this year. If you’ve read our article, you’ll know why we went back.\n") * 3
    assert decode_bytes(text.encode(page)).text == text


@pytest.mark.parametrize("reading", ["I│fm feeling it", "What║╞s new", "you∏ll know", "it﹊s fine", "Whatกฆs New"])
def test_symbols_and_letters_of_another_script_inside_latin_words_are_odd(reading: str) -> None:
    assert sum(oddities(reading).values()) > 0


@pytest.mark.parametrize("text", [
    "That was metal…ever! The crowd went wild…and the band played on.",
    "Eine Portion enthält 50 μg Vitamin K und 2 μg Vitamin B12 pro Tag, sagt die Studie.",
    "Die Dichte (ρ) ist Masse durch Volumen: ρ = 2,5 g/cm³ für Glas und ρ = 7,9 g/cm³ für Eisen.",
    "Thanks for the invite! — Alex (@alex) 16 мая 2018 г.\nGreat to see you all. — Sam 7 января 2018 г.",
    "Der Grill misst B×H×T: ca. 53×49×31 cm und wiegt 12 kg.",
    "L’École des Beaux-Arts and McDonald’s in İstanbul; ÖVP leaders met in ŁÓDŹ.",
])
def test_clean_real_text_is_not_flagged(text: str) -> None:
    assert garbled_reason([text]) is None
    assert clean_document(text.encode("utf-8"), kind="text", min_words=1).encoding["garbled"] is False


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. é’ü€\t\n\x1c\u00a0\u3000\u2028"))))
def test_non_ascii_tokens_are_the_regex_matches_whatever_the_spaces(text: str) -> None:
    """The split() fast path gives what the \\S*[^\\x00-\\x7f]\\S* matches give, also with spaces beyond ASCII."""
    import re

    from cleaners.encoding.evidence import non_ascii_tokens

    expected = "" if text.isascii() else " ".join(re.findall(r"\S*[^\x00-\x7f]\S*", text))
    assert non_ascii_tokens(text) == expected


@pytest.mark.parametrize("page", ["cp1252", "cp1250"])
@pytest.mark.parametrize("line", [
    "Start your Customer Journey™ at the till, said the store",
    "| Vitamin B₂ | 0,4 mg | (36 %) |",
])
def test_mojibake_of_a_symbol_alone_in_its_line_is_repaired(line: str, page: str) -> None:
    # no letter changes between the readings ("â„¢" / "™"), so plausibility ties; the three-byte
    # sequence decides
    broken = as_mojibake(line, page)
    assert broken != line
    assert repair_encoding(broken) == line


def test_repairs_of_symbols_never_touch_text_that_is_not_a_utf8_sequence() -> None:
    for text in ("Voilà…» dit-il", "Il a dit «l’été» à Paris", "Größe: 3×4 m²"):
        assert repair_encoding(text) == text


def test_subscripts_superscripts_and_fractions_are_not_letters() -> None:
    from cleaners.encoding import letter_fit

    assert letter_fit("B₂, H₂O, 5 m² and ½ cup").letters == 0
    assert letter_fit("Größe").letters == 2


@pytest.mark.parametrize("reading", ["the below 1.5ｰC target", "at least ､100 billion", "costs 5ｵ more"])
def test_lone_half_width_katakana_beside_latin_text_is_odd(reading: str) -> None:
    # Shift_JIS reads Latin-1 symbols (bytes A1-DF) as half-width katakana: "1.5°C" -> "1.5ｰC"
    assert oddities(reading)["mixed-scripts"] == 1


@pytest.mark.parametrize("text", ["PCﾃﾞｼﾞﾀﾙｶﾒﾗ 2台", "ﾃﾞｰﾀ 5件", "新型ｽﾏﾎ3機種"])
def test_half_width_katakana_words_are_not_odd(text: str) -> None:
    assert oddities(text)["mixed-scripts"] == 0


TURKISH_NAME_IN_GERMAN = (GERMAN + "Die Pläne Erdoğans lehnt die Gemeinde ab, sagte der Bürgermeister.\n") * 2


def test_a_letter_of_another_page_in_a_guessed_western_text_is_flagged_when_not_recovered() -> None:
    # German in Windows-1254 (for the ğ): its bytes read as Windows-1252 just as well but for one
    # letter ("Erdoðans"); nothing in the bytes tells the pages apart, so the article says it is unsure
    article = clean_document(TURKISH_NAME_IN_GERMAN.encode("cp1254"), kind="text", min_words=1)
    assert article.encoding["method"] in ("cp1252-default", "detected")
    if "Erdoğans" not in article.text:
        assert article.encoding["garbled"] is True
        assert "guessed" in article.encoding["garbled_reason"]
    utf8 = clean_document(TURKISH_NAME_IN_GERMAN.encode("utf-8"), kind="text", min_words=1)
    assert "Erdoğans" in utf8.text and utf8.encoding["garbled"] is False  # UTF-8: nothing was guessed


def test_english_with_a_stray_letter_of_a_central_european_page_is_flagged() -> None:
    reading = "We were not sure thiľ site is wondĺrful, said the owner of the café."
    assert garbled_reason([reading]) is None  # one text alone could be real Slovak names
    assert "guessed" in garbled_reason([reading], guessed="cp1250", language="en")


def test_german_read_in_a_baltic_page_for_a_turkish_name_is_flagged() -> None:
    # cp1254 bytes read as cp1257: "Özošuz" for "Özoğuz"; š is Finnish, but its byte is ð in 1252
    reading = GERMAN + "Der Bundestag hat Aydan Özošuz gewählt."
    assert unsure_letters(reading, "de", "cp1257") == "š"
    assert unsure_letters(GERMAN + "Die Firma Škoda baut Autos.", "de", "cp1252") == ""  # same byte in 1252


def test_czech_names_in_a_polish_text_are_sure() -> None:
    text = "Władze ogłosiły, że Dvořák i Čapek są ważni dla kultury, mówią źródła w Pradze."
    assert unsure_letters(text, "pl", "cp1250") == ""  # no other page reads ą ś ź as 1250 does
    assert garbled_reason([text], guessed="cp1250", language="pl") is None


@pytest.mark.parametrize("page", ["cp1252", "iso8859_15"])
def test_western_loanwords_and_names_in_a_guessed_text_are_not_flagged(page: str) -> None:
    text = GERMAN + "Im Café sprach Señor Muñoz über den Citroën, den Crème brûlée und Ångström.\n"
    article = clean_document(text.encode(page), kind="text", min_words=1)
    assert article.encoding["method"] in ("cp1252-default", "detected")
    assert "Muñoz" in article.text and article.encoding["garbled"] is False


def test_one_word_of_two_scripts_is_enough_when_the_page_was_guessed() -> None:
    reading = GERMAN + "You are wond巒ful, thanks!"  # KOI8-R bytes of a Cyrillic "е" read as Big5
    assert garbled_reason([reading]) is None
    assert garbled_reason([reading], guessed="big5", language="de").startswith("odd spots: 1 mixed-scripts")


def test_latin_names_listed_in_chinese_are_not_flagged_when_the_page_was_guessed() -> None:
    text = ("她经常翻唱如Sheryl Crow、Alanis Morrissette、Tori Amos等创作女歌手的歌曲，吸引了很多听众。"
            + "她在音乐生涯的早期经常在城市的小酒吧里演出，并且慢慢地积累了自己的听众。" * 8)
    assert oddities(text)["mixed-scripts"] == 2  # "w、A", "e、T": but it is not Latin text
    assert garbled_reason([text]) is None
    assert garbled_reason([text], guessed="gb18030", language="zh") is None


def test_a_french_name_in_an_iso_8859_15_german_text_is_sure() -> None:
    text = GERMAN + "Der Koch Jérôme Bœuf eröffnet ein Restaurant."  # œ: byte BD, "½" in Windows-1252
    assert unsure_letters(text, "de", "iso8859-15") == ""


def test_one_case_flip_is_not_enough_even_when_the_page_was_guessed() -> None:
    reading = GERMAN + "Das Kürzel NDüV steht für die Verordnung."  # real text has such abbreviations
    assert garbled_reason([reading], guessed="cp1252", language="de") is None


def test_a_better_reading_must_be_in_the_language_of_the_words() -> None:
    text = GERMAN + "Der Bundestag hat Aydan Özoğuz gewählt. Özoğuz gehört dem Bundestag seit Jahren an."
    assert garbled_reason([text], language="de") is None  # not Estonian "Özošuz"
    turkish = "Ýzmir'de toplu taþýma ücretlerine yüzde 20 zam yapýlacaðýný açýkladý"
    assert "cp1254" in garbled_reason([turkish], language="tr")


def test_inclusive_writing_dots_between_letters_are_not_odd() -> None:
    text = "Prendre contact avec les militant⋅e⋅s et les élu∙e∙s près de chez vous."
    assert oddities(text)["symbol-in-word"] == 0 and garbled_reason([text]) is None
    assert repair_encoding(as_mojibake(text, "cp1251")) == text
