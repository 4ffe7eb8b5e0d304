"""Encodings (issue 14): repair per segment, code pages on evidence, stray bytes, the garbled flag,
invisible characters.  Inputs written here in the shape of cases/05 and cases/06, other words and pages."""

from __future__ import annotations

import json

import pytest

from cleaners import clean_document, run_pipeline
from cleaners.encoding import decode_bytes, garbled_reason, remove_invisible, repair_and_explain
from cleaners.views.report import build_report

# --- cases/05 shape: correct typography in one line, mojibake of names in others -------------------

DUMP = (
    "Harbour levy raised again – traders warn of closures\n\n"
    "By Astrid Lund\n\n"
    "Traders on the quay say the new levy – the second this year – will close small stalls before winter.\n\n"
    "\"We cannot pay twice,\" said Per Ã…sberg, who sells fish near BodÃ¸ with his daughter.\n\n"
    "The harbour board said the money would repair the breakwater damaged in the January storms.\n\n"
    "Ã…sberg said he would sell the stall to his neighbour, SÃ¸ren Ã†ble, if the levy stays.\n"
)


def test_mojibake_is_repaired_line_by_line_although_another_line_has_a_correct_dash() -> None:
    fixed, _ = repair_and_explain(DUMP)
    assert "Per Åsberg" in fixed and "Bodø" in fixed and "Åsberg said" in fixed and "Søren Æble" in fixed
    assert fixed.count("–") == 3  # the dashes as written


@pytest.mark.parametrize("wrap", ["text", "json", "html"])
def test_text_dumps_records_and_pages_are_all_repaired_with_segments_explained(wrap: str) -> None:
    if wrap == "json":
        data, kind = json.dumps({"title": "Harbour levy raised again", "text": DUMP}).encode(), None
        article = clean_document(json.loads(data)["text"], kind="text")
    elif wrap == "html":
        paras = "".join(f"<p>{p}</p>" for p in DUMP.split("\n\n")[1:])
        page = f"<html><head><title>Harbour levy</title></head><body><article><h1>Harbour levy raised</h1>{paras}</article></body></html>"
        article = clean_document(page.encode("utf-8"), kind="html")
    else:
        article = clean_document(DUMP.encode("utf-8"))
    assert "Per Åsberg" in article.text and "Søren Æble" in article.text and "Ã" not in article.text
    segments = article.encoding["segments"]
    assert any("Åsberg" in s["text"] and s["steps"] == ["fix_encoding"] for s in segments)
    assert not any("–" in s["text"] for s in segments)  # the lines with correct dashes were not touched
    assert article.encoding["garbled"] is False


# --- cases/06 shape: a legacy code page without any declaration ------------------------------------

TEXTS = {
    "tr": "Ankara'da şehir içi otobüs ücretlerine yüzde 15 artış yapıldı. Büyükşehir Belediyesi, yeni "
          "tarifenin önümüzdeki ay uygulanacağını açıkladı. Öğrenciler için indirimli kartların fiyatı "
          "değişmeyecek, dedi Işıl Doğan.",
    "pl": "Władze Gdańska ogłosiły, że remont wiaduktu potrwa do końca października. Mieszkańcy skarżą się "
          "na korki i zwiększony hałas w pobliżu szkoły, a kierowcy szukają objazdów przez Oliwę.",
    "cs": "Vláda schválila nový zákon o dani z přidané hodnoty, který vstoupí v platnost příští rok. "
          "Ministr řekl, že změny se dotknou hlavně malých podniků a živnostníků v Brně a Ostravě.",
    "ru": "Правительство объявило о новых мерах поддержки для жителей области после наводнения. "
          "Министр заявил, что выплаты начнутся в понедельник, а ремонт дорог займёт всё лето.",
    "el": "Η κυβέρνηση ανακοίνωσε νέα μέτρα στήριξης για τους κατοίκους της περιοχής μετά τις πλημμύρες. "
          "Ο υπουργός δήλωσε ότι οι πληρωμές θα ξεκινήσουν τη Δευτέρα.",
    "ar": "أعلنت الحكومة عن إجراءات دعم جديدة لسكان المنطقة بعد الفيضانات. وقال الوزير إن المدفوعات "
          "ستبدأ يوم الاثنين المقبل وإن إصلاح الطرق سيستغرق الصيف كله.",
    "ja": "政府は洪水の後、地域住民のための新たな支援策を発表した。大臣は、支払いは月曜日に始まり、"
          "道路の修理は夏の間続くと述べた。",
    "zh": "政府宣布在洪水过后为该地区居民提供新的支持措施。部长表示，付款将于周一开始，道路维修将持续整个夏天。",
    "zh-tw": "政府宣布在洪水過後為該地區居民提供新的支持措施。部長表示，付款將於週一開始，道路維修將持續整個夏天。",
    "ko": "정부는 홍수 이후 지역 주민들을 위한 새로운 지원 대책을 발표했다. 장관은 지급이 월요일에 시작되고 "
          "도로 보수는 여름 내내 계속될 것이라고 말했다.",
    "de": "Die Regierung kündigte für die Bewohner der Region nach dem Hochwasser neue Hilfsmaßnahmen an. "
          "Der Minister sagte, die Zahlungen würden am Montag beginnen – „so schnell wie möglich“.",
}
PAGES = [("tr", "cp1254"), ("tr", "iso8859_9"), ("pl", "cp1250"), ("pl", "iso8859_2"), ("cs", "cp1250"),
         ("cs", "iso8859_2"), ("ru", "cp1251"), ("ru", "koi8_r"), ("el", "cp1253"), ("ar", "cp1256"),
         ("ja", "shift_jis"), ("ja", "euc_jp"), ("zh", "gb18030"), ("zh-tw", "big5"), ("ko", "euc_kr"),
         ("de", "cp1252")]


@pytest.mark.parametrize(("lang", "page"), PAGES)
def test_legacy_code_pages_are_decided_on_evidence(lang: str, page: str) -> None:
    text = TEXTS[lang]
    assert decode_bytes(text.encode(page)).text == text


@pytest.mark.parametrize("page", ["cp1254", "iso8859_9"])
def test_turkish_without_declaration_comes_out_right_as_dump_and_page(page: str) -> None:
    title = "Ankara'da otobüs ücretlerine yüzde 15 zam"
    dump = f"{title}\n\n{TEXTS['tr']}\n"
    article = clean_document(dump.encode(page))
    assert article.title == title and "yapıldı" in article.text and "Işıl Doğan" in article.text
    page_html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{TEXTS['tr']}</p></body></html>"
    article = clean_document(page_html.encode(page), kind="html")
    assert "uygulanacağını" in article.text and article.encoding["garbled"] is False


def test_a_utf8_file_with_one_stray_latin1_byte_loses_nothing_else() -> None:
    text = "Der Bürgermeister sagte, die Brücke über die Straße werde im März eröffnet. "
    data = text.encode("utf-8") * 3 + b"Caf\xe9 geschlossen."  # one é in Latin-1
    decoded = decode_bytes(data)
    assert decoded.text == text * 3 + "Café geschlossen." and decoded.method == "utf-8-stray-bytes"
    article = clean_document(data)
    assert article.encoding["stray_bytes"] == 1 and "Café" in article.text and "Brücke" in article.text


def test_a_stray_byte_in_cyrillic_text_is_read_in_the_cyrillic_page() -> None:
    text = TEXTS["ru"]
    data = text.encode("utf-8") + " Ответ".encode("cp1251")[:2] + "твет".encode("utf-8")
    assert decode_bytes(data).text == text + " Ответ"


# --- the garbled flag --------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "wrong"), [("tr", "cp1252"), ("pl", "cp1252"), ("ru", "cp1252"),
                                             ("ru", "cp1250"), ("cs", "cp1252")])
def test_text_left_in_the_wrong_code_page_is_flagged(lang: str, wrong: str) -> None:
    misread = TEXTS[lang].encode({"tr": "cp1254", "pl": "cp1250", "cs": "cp1250", "ru": "cp1251"}[lang]).decode(wrong)
    assert garbled_reason([misread]) is not None


def test_replacement_characters_are_flagged_and_counted_in_the_report(tmp_path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ok.txt").write_text("Bridge reopens\n\nThe old bridge reopened to traffic on Monday after six "
                                "months of repairs, the council said in Zürich.\n")
    (raw / "bad.txt").write_text("Ferry delayed\n\nThe morning ferry was delayed by two hours on "
                                 "Tuesday because of fog in the har\ufffd\ufffdour, the operator said.\n")
    run_pipeline(raw, tmp_path / "clean")
    report = build_report(tmp_path / "clean")
    assert report["garbled"]["count"] == 1
    assert report["garbled"]["examples"][0]["raw"] == "bad.txt"
    assert "replacement" in report["garbled"]["examples"][0]["reason"]


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_correct_text_is_not_flagged(lang: str) -> None:
    assert garbled_reason([TEXTS[lang]]) is None


# --- invisible characters ----------------------------------------------------------------------------


def test_copies_with_and_without_invisible_characters_are_one_text() -> None:
    plain = "Bridge reopens\n\nThe old bridge reopened to traffic on Monday after six months of repairs."
    dirty = ("\ufeffBridge\u200b reopens\n\nThe old bri\u00addge re\u200eopened to traffic on Mon\u2060day "
             "after six \u202amonths\u202c of repairs.\u200f")
    assert clean_document(dirty).id == clean_document(plain).id


def test_joiners_stay_where_a_script_needs_them() -> None:
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    hindi = "क्\u200dष"  # ZWJ in a Devanagari conjunct
    family = "👨\u200d👩\u200d👧"
    assert remove_invisible(persian) == persian and remove_invisible(hindi) == hindi
    assert remove_invisible(family) == family
    assert remove_invisible("co\u200dop\u200cer\u00adate") == "cooperate"
