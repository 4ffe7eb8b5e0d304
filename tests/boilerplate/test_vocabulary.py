"""The label vocabulary: every required language has every kind of row, and a language's rows
apply to its articles only (English to all).  The rows' examples run in test_rules.py."""

from __future__ import annotations

import pytest

from cleaners.boilerplate import RULES, rules_for, strip_boilerplate
from cleaners.boilerplate.vocabulary import SHAPES, VOCABULARY

LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "tr", "ru")
# promo labels and "read more", "updated", newsletter, share/follow, comments, captions and credits,
# copyright, navigation, advertisement
KINDS = {"inline-promo", "dateline-stamp", "newsletter-prompt", "social-prompt", "comments-prompt", "photo-caption",
         "copyright", "prev-next-navigation", "advertisement"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_kind_of_row(lang: str) -> None:
    assert {row.rule for row in VOCABULARY if row.language == lang} == KINDS


def test_rows_extend_rules_that_exist_with_known_shapes() -> None:
    names = {rule.name for rule in RULES}
    assert all(row.rule in names and row.shape in SHAPES for row in VOCABULARY)


def test_a_language_table_holds_its_own_rows_and_english_only() -> None:
    for lang in LANGUAGES:
        assert {r.language for r in rules_for(lang)} == {None, "en", lang}
    assert {r.language for r in rules_for(None)} == {None, "en"}


BODY = ["Der Hafenausschuss hat am Dienstag den neuen Fahrplan für die Fähren nach langer Anhörung beschlossen.",
        "Die Bewohner der Inseln hatten eine frühere Überfahrt gefordert, damit die Schüler pünktlich ankommen."]


def test_the_language_decides_which_labels_strip() -> None:
    blocks = [[BODY[0]], ["Mehr zum Thema – Fährpreise steigen im Mai"], [BODY[1]]]
    assert [r["rule"] for r in strip_boilerplate(blocks, rules=rules_for("de")).removed] == ["inline-promo"]
    assert strip_boilerplate(blocks, rules=rules_for("en")).removed == []
    assert strip_boilerplate(blocks, rules=rules_for(None)).removed == []


def test_a_stamp_moves_its_date_to_published() -> None:
    blocks = [["Aktualisiert am 3. Mai 2026, 14:05 Uhr"], [BODY[0]], [BODY[1]]]
    out = strip_boilerplate(blocks, rules=rules_for("de"))
    assert out.moved["published"] == "3. Mai 2026, 14:05 Uhr"
    assert out.removed[0]["rule"] == "dateline-stamp" and out.removed[0]["to"] == "published"
