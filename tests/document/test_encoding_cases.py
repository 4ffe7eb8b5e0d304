"""cases/05 and cases/06 of ../shared (encodings, issue 14) as tests; they skip where ../shared is absent."""

from __future__ import annotations

import json

import pytest

from cleaners import clean_document

from ..helpers import SHARED

CASE05 = SHARED / "cases" / "05-partial-mojibake-with-correct-dash"
CASE06 = SHARED / "cases" / "06-turkish-cp1254-read-as-cp1252"


@pytest.mark.skipif(not CASE05.is_dir(), reason="../shared/cases is not here")
@pytest.mark.parametrize("name", ["story.txt", "record.json", "page.html"])
def test_case05_mojibake_beside_correct_dashes_is_repaired(name: str) -> None:
    data = (CASE05 / name).read_bytes()
    if name.endswith(".json"):
        record = json.loads(data)
        article = clean_document(record["text"], kind="text")
    else:
        article = clean_document(data)
    for word in ("Jan Dråge", "Dråge said", "Tromsø", "Øverland"):
        assert word in article.text, word
    assert "Ã" not in article.text and "–" in (article.title or "") + article.text


@pytest.mark.skipif(not CASE06.is_dir(), reason="../shared/cases is not here")
@pytest.mark.parametrize("name", ["haber.txt", "haber.html"])
def test_case06_turkish_without_declaration(name: str) -> None:
    article = clean_document((CASE06 / name).read_bytes())
    assert article.title == "İzmir'de toplu taşıma ücretlerine yüzde 20 zam"
    expected = (CASE06 / "expected-text.utf8.txt").read_text(encoding="utf-8")
    body = [line for line in expected.split("\n") if len(line) > 80]
    assert body and all(line.strip() in article.text for line in body)
    assert article.encoding["detected"] in ("cp1254", "iso8859-9") and article.encoding["garbled"] is False
