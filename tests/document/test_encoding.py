"""Step 1: charset detection and encoding repair."""

from __future__ import annotations

import codecs
import json

import pytest

from cleaners.encoding import NotText, decode, decode_bytes, repair_and_explain, repair_encoding

TEXT = "Café owner’s “appeal” – won £5,000 in Zürich; naïve résumé"


@pytest.mark.parametrize(
    ("data", "charset", "method"),
    [
        (TEXT.encode("utf-8"), "utf-8", "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", "bom"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", "bom"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", "bom"),
        (TEXT.encode("utf-16-le"), "utf-16-le", "utf-16-sniffed"),
        (TEXT.encode("cp1252"), "cp1252", "cp1252-default"),
    ],
)
def test_decode_bytes_finds_the_charset(data: bytes, charset: str, method: str) -> None:
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.charset, decoded.method) == (TEXT, charset, method)


def test_declared_meta_charset_is_used_and_latin1_means_windows_1252() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>“Café” – £5</p></body></html>'
    decoded = decode_bytes(page.encode("cp1252"))
    assert decoded.method == "declared" and decoded.charset == "cp1252"
    assert "“Café” – £5" in decoded.text


def test_a_lying_declaration_falls_back_to_detection() -> None:
    page = '<meta charset="utf-8"><p>Caf\xe9 cr\xe8me</p>'.encode("latin-1")
    decoded = decode_bytes(page)
    assert "Café crème" in decoded.text and decoded.method == "cp1252-default"


def test_cyrillic_legacy_encoding_is_detected_not_read_as_western() -> None:
    text = "Правительство объявило о новых мерах поддержки для жителей региона после наводнения."
    assert decode_bytes(text.encode("cp1251")).text == text


def test_binary_bytes_are_not_text() -> None:
    with pytest.raises(NotText, match="binary data"):
        decode_bytes(bytes(range(256)) * 20)


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("The Mayorâ€™s plan", "The Mayor’s plan"),  # UTF-8 read as Windows-1252
        ("cafÃ© au lait", "café au lait"),
        ("Fish &amp; chips &#8211; &pound;5", "Fish & chips – £5"),  # entities
        ("tab\tand\x00NUL\x07bell", "tab\tandNULbell"),  # control characters, tab kept
        ("Cafe\u0301", "Café"),  # NFC
        ("“Curly” ‘quotes’ — dashes…", "“Curly” ‘quotes’ — dashes…"),  # kept as written
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ],
)
def test_repair_encoding(broken: str, fixed: str) -> None:
    assert repair_encoding(broken) == fixed


def test_repair_explains_what_it_did() -> None:
    assert repair_and_explain("The Mayorâ€™s plan")[1] == ["fix_encoding"]
    assert repair_and_explain("Nothing to do here.")[1] == []


def test_decode_is_detection_then_repair() -> None:
    mojibake_in_cp1252 = "The Mayorâ€™s plan".encode("cp1252")
    assert decode(mojibake_in_cp1252) == "The Mayor’s plan"


def _ftfy_cases(shared, name: str) -> list[dict]:
    return json.loads((shared / "eval" / "encoding" / "ftfy" / name).read_text())


def test_ftfy_negative_cases_come_back_unchanged(shared) -> None:
    """Already-correct text is left alone (ftfy's own `negative` cases)."""
    cases = [c for c in _ftfy_cases(shared, "negative.json") if c.get("expect", "pass") == "pass"]
    assert len(cases) > 20
    changed = [c["label"] for c in cases if not _same_but_for_our_settings(repair_encoding(c["original"]), c["fixed"])]
    assert not changed, changed


def test_ftfy_pass_cases_are_fixed(shared) -> None:
    """ftfy's in-the-wild and synthetic `pass` cases, minus the two settings we change on purpose."""
    cases = [c for name in ("in-the-wild.json", "synthetic.json") for c in _ftfy_cases(shared, name)
             if c.get("expect") == "pass"]
    failures = []
    for case in cases:
        got = repair_encoding(case["original"])
        if not _same_but_for_our_settings(got, case["fixed"]):
            failures.append(case["label"])
    assert len(cases) > 50
    assert not failures, failures


def _same_but_for_our_settings(got: str, expected: str) -> bool:
    """Equal, or different only where newsclean departs from ftfy's defaults on purpose.

    We keep curly quotes and full-width forms as the publisher wrote them, and we
    drop every C0/C1 control character (ftfy keeps a stray U+0081 in one case).
    """
    import re
    import unicodedata

    from ftfy.fixes import uncurl_quotes

    if got == expected:
        return True

    def norm(s: str) -> str:
        return uncurl_quotes(unicodedata.normalize("NFKC", re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", s)))

    return norm(got) == norm(expected)
