"""Languages written without spaces and texts without letters (issue 13: "Languages without spaces").

What a word is per script is :mod:`cleaners.words` (README, "What a word is"): a Chinese or
Japanese character, a Thai word of PyThaiNLP's segmenter, a grapheme cluster for Lao, Khmer and
Myanmar, a run of letters and digits elsewhere.  Inputs written for these tests.
"""

from __future__ import annotations

import pytest

from cleaners import clean_document
from cleaners.article import Rejected
from cleaners.words import count_words, has_letters, tokens

# A short Chinese story: headline, four paragraphs, a reporter credit (about 150 characters).
ZH = """南湖区公交线路下周调整

南湖区交通局周三表示，从下周一起，区内五条公交线路将调整走向并增加班次。

交通局说，调整主要是为了方便新建住宅区的居民出行，早晚高峰发车间隔缩短至八分钟。

部分老线路的站点将合并，乘客可在车站和官方网站查询新的线路图。

交通局称，调整后三个月内将收集乘客意见，并视情况作进一步修改。

（记者 王明）"""

JA = """港北区でバスの路線を変更

港北区の交通局は水曜日、来週の月曜日から区内の五つのバス路線の経路を変え、便数を増やすと発表した。

新しい住宅地に住む人たちが通勤しやすくなるようにするためで、朝と夕方の運行間隔は八分に短くなる。

一部の古い停留所は統合され、利用者は駅や公式サイトで新しい路線図を確認できる。"""

TH = """เขตหนองแขมปรับเส้นทางรถเมล์

สำนักงานขนส่งเขตหนองแขมประกาศเมื่อวันพุธว่า ตั้งแต่วันจันทร์หน้า รถเมล์ห้าสายในเขตจะเปลี่ยนเส้นทางและเพิ่มจำนวนเที่ยว

การปรับครั้งนี้มีขึ้นเพื่อให้ผู้อยู่อาศัยในหมู่บ้านใหม่เดินทางได้สะดวกขึ้น ช่วงเช้าและเย็นรถจะออกทุกแปดนาที"""


@pytest.mark.parametrize("text, language", [(ZH, "zh"), (JA, "ja"), (TH, "th")], ids=["zh", "ja", "th"])
def test_articles_without_spaces_are_accepted_with_their_language(text: str, language: str) -> None:
    article = clean_document(text)  # min_words 10: rejected as "only 5 words" when words were split on spaces
    assert article.language == language
    assert article.word_count >= 40, article.word_count
    assert len(article.text.split()) < 10  # what the old count saw


def test_a_chinese_or_japanese_character_is_a_word_and_thai_is_segmented() -> None:
    assert count_words("地铁票价上调") == 6 and tokens("地铁票价") == ["地", "铁", "票", "价"]
    assert count_words("東京都は発表した") == 8
    thai = tokens("ประชาชนได้รับผลกระทบ")
    assert thai == ["ประชาชน", "ได้รับ", "ผลกระทบ"]  # PyThaiNLP newmm: three words, not 20 characters
    assert count_words("ประชาชนได้รับผลกระทบ") == 3


def test_mixed_scripts_count_each_part_by_its_own_rule() -> None:
    assert count_words("NBA 总决赛 Game 7 今晚开打") == 3 + 3 + 4  # NBA, Game, 7; 总决赛; 今晚开打
    assert tokens("iPhone 16 发布") == ["iphone", "16", "发", "布"]


def test_spaced_scripts_count_as_before_except_lone_symbols() -> None:
    text = "The Mayor's plan, agreed on 12 May — at 90mph — was \"final\"."
    assert count_words(text) == len(text.split()) - 2  # the two lone dashes are not words
    assert count_words("Совет города одобрил план") == 4


@pytest.mark.parametrize("text", ["🔥🔥🔥\n\n" + " ".join(["😀🎉🚢⚓️🌊"] * 40),
                                  "2026-11-30 12:00\n\n" + " ".join(["12.5 % — 40 / 7 ★"] * 20),
                                  "!!!\n\n" + "… ··· ??? ### *** ~~~ " * 10],
                         ids=["emoji", "digits-and-symbols", "punctuation"])
def test_a_text_with_no_letters_is_rejected_with_its_own_reason(text: str) -> None:
    with pytest.raises(Rejected) as exc:
        clean_document(text, min_words=0)  # whatever min_words says
    assert exc.value.rejection.code == "no-letters"
    assert "holds no letters" in exc.value.rejection.message


def test_letters_of_any_script_are_letters() -> None:
    assert has_letters("价") and has_letters("ก") and has_letters("Ω") and has_letters("a 🔥")
    assert not has_letters("🔥 12:30 — 45% ½")


def test_a_few_letters_among_emoji_are_judged_by_min_words() -> None:
    with pytest.raises(Rejected) as exc:
        clean_document("Wow\n\n" + " ".join(["😀 ok 🎉"] * 3))
    assert exc.value.rejection.code == "too-short"
