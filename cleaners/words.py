"""What a "word" is, per script: the unit of ``min_words``, of word counts and of near-duplicate shingles.

* **Scripts written with spaces** (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Hangul, …):
  a word is a run of letters and digits (a regex ``\\w+`` after NFKC and casefolding) — exactly
  the words newsclean counted and shingled before scripts were told apart.
* **Chinese and Japanese** (Han ideographs, Hiragana, Katakana): **one character is one word**.
  No segmenter: characters are deterministic (a stored signature never depends on a
  dictionary's version) and a one-character edit then changes only the shingles that hold
  that character (ChenghaoMou/text-dedup#103: character n-grams or a segmenter for Chinese).
  A Chinese word is 1.5–2 characters on average, so ``min_words`` counts somewhat more
  generously here than for spaced scripts.
* **Thai**: the words of PyThaiNLP's dictionary segmenter ``newmm`` (maximal matching on
  its bundled dictionary; :func:`thai_words`), when PyThaiNLP is installed (a dependency of
  newsclean); else, and for **Lao, Khmer and Myanmar**, which have no segmenter here, one
  *grapheme cluster* (a base letter with its vowel and tone marks, the ``regex`` module's ``\\X``)
  is one word.
* Emoji, symbols and punctuation are never words: a text of emoji only has no words, and
  :func:`has_letters` tells a text with no letters at all.

:func:`tokens` gives the words (casefolded) for shingles and exact-copy hashes;
:func:`count_words` counts them for ``min_words`` (for spaced scripts it counts
whitespace-separated chunks holding a letter or digit, so ``Mayor's`` and ``90mph`` are one word
each, as before).

Imports no module of ``cleaners``: the per-document packages and :mod:`cleaners.dedup` use it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

# Unicode blocks (the Unicode code charts): Han (CJK Unified Ideographs, Extension A, Compatibility
# Ideographs, Extensions B-H), Hiragana, Katakana and its Phonetic Extensions.  NFKC has already
# turned half-width Katakana into full-width.
_CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\u31f0-\u31ff\U00020000-\U0003134f"
_THAI_CHARS = "\u0e00-\u0e7f"
_CLUSTER_CHARS = "\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff"  # Lao, Myanmar, Khmer
_NO_SPACE = f"{_CJK_CHARS}{_THAI_CHARS}{_CLUSTER_CHARS}"
_HAS_NO_SPACE = re.compile(f"[{_NO_SPACE}]")
_WORD = re.compile(r"\w+")
_PARTS = re.compile(f"([{_CJK_CHARS}])|([{_THAI_CHARS}]+)|([{_CLUSTER_CHARS}]+)|((?:(?![{_NO_SPACE}])\\w)+)")
_CHUNK_WITHOUT_WORD = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")  # a whitespace-separated chunk of no letter or digit
_ASCII_LETTER = re.compile("[A-Za-z]")  # letters (Unicode category L) all the same: has_letters' quick answer


@functools.cache
def _regex_patterns() -> tuple[Any, Any]:
    """A letter of any script (Unicode category L) and a grapheme cluster, in the ``regex`` module's syntax;
    imported on first use (0.02-0.04 s of CPU that `newsclean clean` on a Latin-script page does not need)."""
    import regex

    return regex.compile(r"\p{L}"), regex.compile(r"\X")


def normalise(text: str) -> str:
    """NFKC and casefolded: the form every token is taken from.

    >>> normalise("Ｆｕｌｌ－width ｶﾀｶﾅ")
    'full-width カタカナ'
    """
    return unicodedata.normalize("NFKC", text).casefold()


def tokens(text: str) -> list[str]:
    """The words of a text, casefolded, per script (module docstring); punctuation, emoji and spaces dropped.

    >>> tokens("The “Mayor’s” plan — 2026!")
    ['the', 'mayor', 's', 'plan', '2026']
    >>> tokens("滨江地铁起步价将涨至三元，NBA")
    ['滨', '江', '地', '铁', '起', '步', '价', '将', '涨', '至', '三', '元', 'nba']
    >>> tokens("東京都は月曜日、新しい計画を発表した。")[:6]
    ['東', '京', '都', 'は', '月', '曜']
    >>> tokens("😀🎉🚢⚓️🌊 !!!")
    []
    """
    text = normalise(text)
    if not _HAS_NO_SPACE.search(text):
        return _WORD.findall(text)
    out: list[str] = []
    for cjk, thai, other, word in _PARTS.findall(text):
        if cjk:
            out.append(cjk)
        elif thai:
            out.extend(thai_words(thai))
        elif other:
            out.extend(clusters(other))
        else:
            out.append(word)
    return out


def unspaced(text: str) -> bool:
    """Whether ``text`` holds letters of a script written without spaces between words (Chinese,
    Japanese, Thai, Lao, Khmer, Myanmar), whose words :func:`count_words` counts its own way.

    >>> unspaced("滨江市交通局"), unspaced("Bridge reopens")
    (True, False)
    """
    return _HAS_NO_SPACE.search(text) is not None


def count_words(text: str) -> int:
    """Words of a text (the unit of ``min_words``): per script, as the module docstring says.

    In spaced scripts a word is a whitespace-separated chunk holding a letter or digit (a lone
    dash, bullet or emoji is not a word); a character of Chinese or Japanese is a word; Thai
    counts its segmenter's words.

    >>> count_words("The Mayor's plan — 90mph winds 😀")
    5
    >>> count_words("滨江市交通局周一宣布。")
    10
    >>> count_words("🔥🔥🔥\\n\\n😀🎉🚢⚓️🌊 😀🎉🚢⚓️🌊"), count_words("")
    (0, 0)
    """
    if not _HAS_NO_SPACE.search(text):
        return len(text.split()) - len(_CHUNK_WITHOUT_WORD.findall(text))
    text = normalise(text)
    n = 0
    for cjk, thai, other, _ in _PARTS.findall(text):
        if cjk:
            n += 1
        elif thai:
            n += len(thai_words(thai))
        elif other:
            n += len(clusters(other))
    spaced = re.sub(f"[{_NO_SPACE}]+", " ", text)
    return n + len(spaced.split()) - len(_CHUNK_WITHOUT_WORD.findall(spaced))


def has_letters(text: str) -> bool:
    """Whether a text holds at least one letter of any script (digits, emoji and symbols are not letters).

    >>> has_letters("🔥 12:30 — 45%"), has_letters("滨江"), has_letters("ก"), has_letters("Ω")
    (False, True, True, True)
    """
    return _ASCII_LETTER.search(text) is not None or _regex_patterns()[0].search(text) is not None


def clusters(text: str) -> list[str]:
    """Grapheme clusters (``regex``'s ``\\X``) that hold a letter or digit: a base letter with its marks.

    >>> clusters("ສະບາຍດີ")  # Lao: a vowel sign written after its letter is a cluster of its own
    ['ສ', 'ະ', 'ບ', 'າ', 'ຍ', 'ດີ']
    """
    return [c for c in _regex_patterns()[1].findall(text) if not c.isspace() and any(ch.isalnum() for ch in c)]


def thai_words(text: str) -> list[str]:
    """Thai words: PyThaiNLP's ``newmm`` segmenter (dictionary maximal matching) when it is installed,
    else grapheme clusters (:func:`clusters`).  Its dictionary loads once per process (1–3 s, only
    when Thai text is met).

    >>> thai_words("ประชาชนได้รับผลกระทบ")
    ['ประชาชน', 'ได้รับ', 'ผลกระทบ']
    """
    segment = _thai_segmenter()
    if segment is None:
        return clusters(text)
    return [w for w in segment(text) if any(ch.isalnum() for ch in w)]


@functools.lru_cache(maxsize=1)
def _thai_segmenter():
    try:
        from pythainlp.tokenize import word_tokenize
    except ImportError:  # pragma: no cover - PyThaiNLP is a dependency; clusters are the fallback
        return None
    return functools.partial(word_tokenize, engine="newmm", keep_whitespace=False)
