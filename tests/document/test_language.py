"""Language identification (cleaners.language): short and long texts in 16 languages, no guess on
too little text, ISO 639-1 codes only, and the model loaded on first use, not on import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cleaners.language import MACROLANGUAGE, detect_language, language_sample

from .language_samples import LONG, SHORT, UNSURE


def test_the_samples_cover_twelve_languages_and_more() -> None:
    assert len(SHORT) >= 12 and SHORT.keys() == LONG.keys()


@pytest.mark.parametrize("lang", sorted(LONG))
def test_a_news_paragraph_is_identified(lang: str) -> None:
    assert detect_language(LONG[lang]) == lang


@pytest.mark.parametrize("lang", sorted(SHORT))
def test_a_headline_alone_is_identified(lang: str) -> None:
    assert detect_language(SHORT[lang]) == lang


@pytest.mark.parametrize("text", UNSURE)
def test_too_little_text_gives_no_language_rather_than_a_wrong_one(text: str) -> None:
    assert detect_language(text) is None


def test_menus_above_the_story_do_not_decide() -> None:
    """Short English menu lines above a German story: the body-like lines are what the model reads."""
    dump = "\n".join(["Home", "News", "Sport", "Weather", "Sign in", "Subscribe", LONG["de"]])
    assert detect_language(dump) == "de"
    assert language_sample(dump).startswith("Der Hafenausschuss")


def test_codes_are_iso_639_1_or_none() -> None:
    assert all(len(code) == 2 for code in MACROLANGUAGE.values())
    # Cantonese/Wu (py3langid: yue, wuu) are reported as their macrolanguage, Chinese
    assert detect_language("我哋今日去咗海邊食嘢，天氣好好，大家都好開心，之後仲去咗睇戲添。") in ("zh", None)


def test_importing_the_package_does_not_load_the_model() -> None:
    """py3langid (0.7 s and ~80 MB for its model) is imported on the first detection only."""
    code = "import sys, cleaners, cleaners.language, cleaners.document; print('py3langid' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
