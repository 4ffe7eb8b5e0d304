"""Language of an article's text, by the share of each language's commonest words.

A small, dependency-free guesser for the ``language`` field: news text is long
enough that function words decide it.  Returns an ISO 639-1 code or None.

Imports no module of ``cleaners``; never ``cleaners.corpus``, ``cleaners.views``, ``flows``,
Prefect or ``sqlite3``.
"""

from __future__ import annotations

import re
from collections import Counter

# The commonest function words of each language (data, not code): the top of each language's
# frequency list, trimmed by hand to words that are not also common in the others.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in a is that for it was on with as he said his at by from be have are this an but not they".split()),
    "de": frozenset("der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass".split()),
    "fr": frozenset("le de la et les des en un une du est que pour dans qui au sur par pas plus il ne ce se avec sont aux".split()),
    "es": frozenset("de la que el en y a los del se las por un para con no una su al es lo como más pero sus le".split()),
    "it": frozenset("di e il la che in a per un del non è una le si da con i sono al della ha dei anche nel alla".split()),
    "pt": frozenset("de a o que e do da em um para é com não uma os no se na por mais as dos como mas ao ele".split()),
    "nl": frozenset("de van het een en in is dat op te zijn voor met die niet aan er om ook als dan bij maar".split()),
    "sv": frozenset("och i att det som en på är av för med till den har de inte om ett var men från".split()),
    "pl": frozenset("i w na z do nie się że to jest o jak po co od przez za ale dla jego jej".split()),
    "tr": frozenset("ve bir bu da de için ile olarak çok daha gibi en ne ama kadar sonra olan".split()),
}
_WORD = re.compile(r"\w+", re.UNICODE)
# Unicode blocks of scripts that name their language outright (the Unicode code charts).
_SCRIPTS = (("ru", "\u0400", "\u04ff"), ("el", "\u0370", "\u03ff"), ("ar", "\u0600", "\u06ff"),
            ("he", "\u0590", "\u05ff"), ("zh", "\u4e00", "\u9fff"), ("ja", "\u3040", "\u30ff"),
            ("ko", "\uac00", "\ud7af"), ("hi", "\u0900", "\u097f"), ("th", "\u0e00", "\u0e7f"))
# Counting by regex and Counter keeps the per-character and per-word work in C: this guess
# took a third of a document's cleaning time as Python loops (bench/perf.py profile).
_SCRIPT_RES = tuple((code, re.compile(f"[{lo}-{hi}]")) for code, lo, hi in _SCRIPTS)


# A script decides when its letters are over this share of the sample's letters; function words
# decide when the best language's count is at least 2 and this share of the sample's words.  Both
# set by hand when the guesser was written.
SCRIPT_MIN_SHARE = 0.4
# Japanese prose writes its particles, verb endings and loanwords in kana, so even a kanji-heavy
# news text holds well over a tenth of kana; Chinese writes none.  Set by hand (issue 13).
KANA_MIN_SHARE = 0.1
_KANA = re.compile("[\u3040-\u30ff]")
STOPWORD_MIN_SHARE = 0.08


def detect_language(text: str, *, sample: int = 5000) -> str | None:
    """Guess the language of a text from its first ``sample`` characters.

    Returns an ISO 639-1 code, or None when the text has fewer than 5 words or no language
    stands out.

    >>> detect_language("The council said it was not going to close the library in the spring.")
    'en'
    >>> detect_language("Le conseil a dit que la bibliothèque ne sera pas fermée pour le moment.")
    'fr'
    >>> detect_language("12 34") is None
    True
    >>> detect_language("東京都は月曜日、地下鉄の運賃を来月から引き上げると発表した。"), detect_language("地铁票价下月起上调。")
    ('ja', 'zh')
    """
    chunk = text[:sample]
    letters = "".join(filter(str.isalpha, chunk))
    if not letters:
        return None
    if _KANA.search(letters) and len(_KANA.findall(letters)) > KANA_MIN_SHARE * len(letters):
        return "ja"  # Japanese mixes kana with Han characters; Chinese has no kana
    for code, script in _SCRIPT_RES:
        if len(script.findall(letters)) > SCRIPT_MIN_SHARE * len(letters):
            return "uk" if code == "ru" and any(ch in chunk for ch in "їєґі") else code
    words = [w.casefold() for w in _WORD.findall(chunk)]
    if len(words) < 5:
        return None
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stop) for lang, stop in STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= max(2, STOPWORD_MIN_SHARE * len(words)) else None
