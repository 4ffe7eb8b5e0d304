"""What a decoded text looks like: the evidence for choosing a code page and for the garbled flag.

* :data:`ALPHABETS` — per language, the letters beyond ASCII that its writing uses and the legacy
  code pages it was written in (data, not code);
* :func:`letter_fit` — the language whose alphabet holds most of a text's non-ASCII letters, and
  the share it holds (text decoded with the wrong code page mixes letters of no one alphabet:
  Turkish read as Windows-1252 has ``ý þ ð`` beside ``ü ç``, which no language writes together);
* :func:`oddities` — counts of what wrong decoding leaves inside words: symbols between letters
  (``W³adze``), words of two scripts, a lower-case letter followed by an upper-case one outside
  ASCII (KOI8-R read as Windows-1251), C1 control characters, ftfy's badness (mojibake);
* :func:`garbled_reason` — why repaired text still looks garbled, or None.

Imports no module of ``cleaners``.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache


def _latin(letters: str) -> str:
    return letters + "".join(ch.upper() for ch in letters if len(ch.upper()) == 1)


_CYRILLIC, _GREEK = "\u0400-\u052f", "\u0370-\u03ff\u1f00-\u1fff"
_ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
_HEBREW, _THAI = "\u0590-\u05ff\ufb1d-\ufb4f", "\u0e00-\u0e7f"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA, _HANGUL = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f", "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"

#: Per language (ISO 639-1): a regular-expression class of the letters beyond ASCII its alphabet
#: uses (both cases), and its legacy code pages, likeliest first (Python codec names).  Letters:
#: each language's alphabet as Wikipedia's "<language> alphabet" / "<language> orthography" pages
#: list it; code pages: the Windows and ISO 8859 pages of Microsoft's "Code Page Identifiers" and
#: ISO 8859's part titles, plus the national multi-byte standards (Shift_JIS, EUC-JP, GB18030,
#: Big5, EUC-KR) and KOI8-R (RFC 1489).
ALPHABETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "en": ("", ("cp1252",)),
    "de": (_latin("äöüß"), ("cp1252", "iso8859_15")),
    "fr": (_latin("àâæçéèêëîïôœùûüÿ"), ("cp1252", "iso8859_15")),
    "es": (_latin("áéíóúñüª"), ("cp1252", "iso8859_15")),
    "it": (_latin("àèéìíîòóùú"), ("cp1252", "iso8859_15")),
    "pt": (_latin("áâãàçéêíóôõúü"), ("cp1252", "iso8859_15")),
    "ca": (_latin("àçéèíïòóúü"), ("cp1252", "iso8859_15")),
    "nl": (_latin("áéëïóöüèàíú"), ("cp1252", "iso8859_15")),
    "sv": (_latin("åäöé"), ("cp1252", "iso8859_15")),
    "da": (_latin("æøåé"), ("cp1252", "iso8859_15")),
    "fi": (_latin("äöåšž"), ("cp1252", "iso8859_15")),
    "is": (_latin("áðéíóúýþæö"), ("cp1252",)),
    "pl": (_latin("ąćęłńóśźż"), ("cp1250", "iso8859_2")),
    "cs": (_latin("áčďéěíňóřšťúůýž"), ("cp1250", "iso8859_2")),
    "sk": (_latin("áäčďéíĺľňóôŕšťúýž"), ("cp1250", "iso8859_2")),
    "hu": (_latin("áéíóöőúüű"), ("cp1250", "iso8859_2")),
    "ro": (_latin("ăâîșțşţ"), ("cp1250", "iso8859_16")),
    "hr": (_latin("čćđšž"), ("cp1250", "iso8859_2")),
    "sl": (_latin("čšžćđ"), ("cp1250", "iso8859_2")),
    "tr": (_latin("çğıöşüâîû") + "İ", ("cp1254", "iso8859_9")),
    "lt": (_latin("ąčęėįšųūž"), ("cp1257", "iso8859_13")),
    "lv": (_latin("āčēģīķļņšūž"), ("cp1257", "iso8859_13")),
    "et": (_latin("äöõüšž"), ("cp1257", "iso8859_15")),
    "ru": (_CYRILLIC, ("cp1251", "koi8_r", "iso8859_5")),
    "el": (_GREEK, ("cp1253", "iso8859_7")),
    "ar": (_ARABIC, ("cp1256", "iso8859_6")),
    "he": (_HEBREW, ("cp1255", "iso8859_8")),
    "th": (_THAI, ("cp874",)),
    "zh": (_HAN, ("gb18030", "big5")),  # before ja: text of Han alone reads as Chinese
    "ja": (_HAN + _KANA, ("shift_jis", "euc_jp")),
    "ko": (_HANGUL + _HAN, ("euc_kr",)),
}
# The letters of each alphabet as a pattern (compiled on first use: :func:`_slow_patterns`).
_ALPHABET_SOURCES = {lang: f"[{letters}]" for lang, (letters, _) in ALPHABETS.items() if letters}
# Letters beyond ASCII: word characters but digits, the underscore and the numbers that are not
# digits (superscripts, subscripts, fractions, number forms, circled numbers: "B₂" holds no letter).
_NON_ASCII_LETTER = re.compile("[^\\W\\d_\x00-\x7f\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f"
                               "\u2150-\u218f\u2460-\u24ff\u2776-\u2793]")
# Symbols that single-byte code pages put where another page has letters (Latin-1 punctuation but
# the acute accent ´, which people type as an apostrophe; ×, ÷, and Windows-1252's 0x80–0x9F
# symbols), found between two letters.
# Not the ellipsis: people glue words with it ("metal…ever").  Primes (′ ″) too (a multi-byte page's reading of another's "’").  Box drawing, block elements, geometric shapes and mathematical operators (what KOI8-R, a
# multi-byte page or a DOS page makes of other bytes) are odd between letters too, in runs of up to
# three.  Not ×: it stands between letters in dimensions ("B×H×T"); nor the dot and bullet
# operators ⋅ ∙: French inclusive writing puts them between letters ("militant⋅e⋅s").
_SYMBOL_IN_WORD = re.compile("(?<=[^\\W\\d_])(?:[\u00a1-\u00b3\u00b5\u00b6\u00b8-\u00bf\u00f7\u2020-\u2022"
                             "\u2030\u2032\u2033\u2039\u203a\u20ac\u2122\u201a\u201e]|[\u2200-\u2218\u221a-\u22c4\u22c6-\u22ff"
                             "\u2500-\u25ff]{1,3})"
                             "(?=[^\\W\\d_])")
_SCRIPT_CLASSES = {"latin": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff", "cyrillic": _CYRILLIC,
                   "greek": "\u0370-\u03bb\u03bd-\u03ff\u1f00-\u1fff",  # not μ: a unit's prefix ("μg")
                   "arabic": _ARABIC, "hebrew": _HEBREW, "thai": _THAI}
# CJK punctuation, compatibility and half-width forms (what a multi-byte page makes of another's "’").
_CJK_SYMBOLS = "\u3000-\u303f\ufe30-\ufe6f\uff01-\uffef"
_EAST_ASIAN = _HAN + _KANA + _HANGUL + _CJK_SYMBOLS
# Half-width katakana and punctuation (U+FF61–FF9F), one or two alone (no East Asian character
# beside them) next to an ASCII letter or digit: what Shift_JIS makes of Latin-1 symbols (bytes
# A1–DF), "1.5ｰC" for "1.5°C", "､100" for "€100"; Japanese writes half-width katakana in words.
_HALF_WIDTH = "\uff61-\uff9f"
_LONE_HALF_WIDTH = (f"(?<=[A-Za-z0-9])[{_HALF_WIDTH}]{{1,2}}(?![{_EAST_ASIAN}])"
                    f"|(?<![{_EAST_ASIAN}])[{_HALF_WIDTH}]{{1,2}}(?=[A-Za-z0-9])")
# Letters of two scripts in one word, one or two CJK characters or symbols between two Latin
# letters (Latin text read in a multi-byte page: "it﹊s", "it｡ﾇs"), or lone half-width katakana.
_MIXED_SCRIPTS = ("|".join(
    f"[{a}]\\w*?[{''.join(b for b_name, b in _SCRIPT_CLASSES.items() if b_name != a_name)}]"
    for a_name, a in _SCRIPT_CLASSES.items()) + f"|[A-Za-z][{_EAST_ASIAN}]{{1,2}}[A-Za-z]|{_LONE_HALF_WIDTH}")
# Latin letters beyond ASCII of Latin-1 and Latin Extended-A, by case.
_UPPER_EXT = "".join(ch for ch in map(chr, range(0xC0, 0x180)) if ch.isupper())
_LOWER_EXT = "".join(ch for ch in map(chr, range(0xDF, 0x180)) if ch.islower())
# A lower-case letter then an upper-case one, one of them beyond ASCII, inside a word; or an
# upper-case letter beyond ASCII between a capital and a lower-case letter (one symbol may sit
# before the lower-case one): UTF-8 read as Windows-1250 makes "Hôtel" "HĂ´tel", "Súper" "SĂşper".
_CASE_FLIP = (f"(?:[a-z{_LOWER_EXT}\u0430-\u045f\u03ac-\u03ce]"
              f"[{_UPPER_EXT}\u0400-\u042f\u0386-\u03ab]"
              f"|[{_LOWER_EXT}\u0430-\u045f\u03ac-\u03ce][A-Z]"
              f"|(?<=[A-Z{_UPPER_EXT}])[{_UPPER_EXT}][\u00a1-\u00bf]?[a-z{_LOWER_EXT}])")
_C1 = re.compile("[\x80-\x9f]")
# Symbols text almost never holds but ISO 8859-15 read as Windows-1252 (or Latin-1) gives: ¤ ¦ ¨ ¸
# (for € Š š ž), and ¼ ½ ¾ beside a letter but not after a digit (for Œ œ Ÿ: "½uvre", not "1½kg").
_RARE_SYMBOL = re.compile("[\u00a4\u00a6\u00a8\u00b8]|(?<![\\d\u00bc-\u00be])[\u00bc-\u00be](?=[^\\W\\d_])"
                          "|(?<=[^\\W\\d_])[\u00bc-\u00be]")
_REPLACEMENT = "\ufffd"


# Runs of non-space characters with a character beyond ASCII: every odd spot of oddities() is in
# one, so the rest of the text need not be searched.
_NON_ASCII_TOKEN = re.compile(r"\S*[^\x00-\x7f]\S*")


_WIDE_SPACE = re.compile(r"[^\S\x00-\x7f]")  # whitespace beyond ASCII (a no-break space, U+3000...)


def non_ascii_tokens(text: str) -> str:
    """The space-separated runs of ``text`` that hold a character beyond ASCII, joined by spaces.

    The matches of ``\\S*[^\\x00-\\x7f]\\S*``; where every space of the text is ASCII they are
    simply its ``split()`` chunks that are not ASCII (the same ``\\s``: ``str.isspace``), found
    without the regex's retries at every character of every ASCII word (3x faster on news text).
    A space beyond ASCII is itself such a character (a no-break space joins the words around it),
    so such a text goes through the regex.

    >>> non_ascii_tokens("The Mayor’s plan for the café, 5 km")
    'Mayor’s café,'
    >>> non_ascii_tokens("5\u00a0km to the café")  # the no-break space joins 5 and km
    '5\xa0km café'
    """
    if text.isascii():
        return ""
    if _WIDE_SPACE.search(text):
        return " ".join(_NON_ASCII_TOKEN.findall(text))
    return " ".join(chunk for chunk in text.split() if not chunk.isascii())


@dataclass(frozen=True)
class Fit:
    """The language whose alphabet holds most non-ASCII letters of a text (``language`` is None
    when the text has none), the share it holds (0–1; 1.0 without such letters) and their count."""

    language: str | None
    share: float
    letters: int


@dataclass(frozen=True)
class _SlowPatterns:
    alphabets: dict[str, re.Pattern[str]]  # by language, as ALPHABETS
    mixed_scripts: re.Pattern[str]
    case_flip: re.Pattern[str]


@cache
def _slow_patterns() -> _SlowPatterns:
    """The patterns of this module that take longest to compile (about half of its import: 0.02-0.04 s
    of CPU, ``re.compile`` timed), compiled on first use: text of ASCII letters alone never needs them,
    and ``newsclean clean`` on an English page is done before then (README "Start-up")."""
    return _SlowPatterns({lang: re.compile(source) for lang, source in _ALPHABET_SOURCES.items()},
                         re.compile(_MIXED_SCRIPTS), re.compile(_CASE_FLIP))


def letter_fit(text: str) -> Fit:
    """Which alphabet holds a text's non-ASCII letters (:data:`ALPHABETS`).

    >>> letter_fit("İzmir'de toplu taşıma ücretleri")
    Fit(language='tr', share=1.0, letters=4)
    >>> letter_fit("Ýzmir'de toplu taþýma ücretleri").share < 1
    True
    >>> letter_fit("plain ASCII").language is None
    True
    """
    letters = "".join(_NON_ASCII_LETTER.findall(text))
    if not letters:
        return Fit(None, 1.0, 0)
    best, held = None, -1
    for lang, pattern in _slow_patterns().alphabets.items():
        n = len(pattern.findall(letters))
        if n > held:
            best, held = lang, n
    return Fit(best, held / len(letters), len(letters))


def oddities(text: str) -> dict[str, int]:
    """Counts of what wrong decoding leaves in text; keys ``symbol-in-word``, ``mixed-scripts``,
    ``case-flip``, ``c1-control``, ``rare-symbol`` (¤ ¦ ¨ ¸), ``mojibake`` (ftfy's :func:`ftfy.badness.badness`).

    >>> oddities("Władze miasta ogłosiły")["symbol-in-word"]
    0
    >>> oddities("W³adze miasta og³osi³y")["symbol-in-word"]
    3
    >>> oddities("Bнимание: пРАВИТЕЛЬСТВО")["mixed-scripts"], oddities("пРАВИТЕЛЬСТВО")["case-flip"]
    (1, 1)
    """
    return _oddities(non_ascii_tokens(text))


def _oddities(text: str) -> dict[str, int]:
    from ftfy.badness import badness  # here: ASCII text is never looked at (README "Start-up")

    slow = _slow_patterns()
    return {
        "symbol-in-word": len(_SYMBOL_IN_WORD.findall(text)),
        "mixed-scripts": len(slow.mixed_scripts.findall(text)),
        "case-flip": len(slow.case_flip.findall(text)),
        "c1-control": len(_C1.findall(text)),
        "rare-symbol": len(_RARE_SYMBOL.findall(text)),
        "mojibake": badness(text),
    }


def plausibility(text: str) -> float:
    """How much a decoded text reads as one language: the share of its non-ASCII letters that one
    alphabet holds, less three times the odd spots per such letter (the weight set by hand: one odd
    spot outweighs a stray foreign letter).  Odd spots: :func:`oddities`, and Cyrillic
    letters standing alone in Latin text (:func:`stray_letters`: what UTF-8 read as Windows-1251
    makes of ``£``, ``·``, ``©``).  At most 1.0.

    >>> plausibility("Zażółć gęślą jaźń") > plausibility("Za¿ó³æ gêœl¹ jaŸñ")
    True
    >>> plausibility("Shell is to pay $1m (£522,000) to") > plausibility("Shell is to pay $1m (ВЈ522,000) to")
    True
    """
    return reading_evidence(text)[0]


def reading_evidence(text: str) -> tuple[float, int, Fit]:
    """``(plausibility, odd spots, letter fit)`` of a decoded text (:func:`plausibility`).

    >>> reading_evidence("Za¿ó³æ gêœl¹ jaŸñ")[1], reading_evidence("Zażółć gęślą jaźń")[:2]
    (4, (1.0, 0))
    """
    tokens = non_ascii_tokens(text)  # every letter and odd spot counted lies in these runs
    fit = letter_fit(tokens)
    odd = sum(_oddities(tokens).values()) + _stray_letters(text, tokens)
    return fit.share - 3 * odd / max(fit.letters, 1), odd, fit


# The garbled flag: over this many odd spots, and over this share of the non-ASCII letters
# (so a long text with one odd name is not flagged); better_reading() looks only at texts with at
# least this many non-ASCII letters.  Set by hand against bench/encodings.py (precision and
# recall both measured; letters outside one alphabet alone flagged German with French names).
GARBLED_MIN_ODD = 2
GARBLED_ODD_SHARE = 0.01
GARBLED_MIN_FOREIGN = 4


# One or two Cyrillic letters standing alone (not in a word of their script), one of them upper
# case, as UTF-8 read as Windows-1251 leaves them in Latin text (its lead bytes C2-DF are the
# capitals В-Я): "В·", "ВЈ5.7bn", "вЂ™".  Not Greek: a lone "ρ" or "π" is a formula's letter.
_STRAY_SCRIPT = re.compile("(?<![^\\W\\d_])(?:[\u0400-\u042f\u0460-\u052f][\u0400-\u052f]?"
                           "|[\u0430-\u045f][\u0400-\u042f])(?![^\\W\\d_])")
# Latin text: at least this share of its letters are ASCII (set by hand).
_LATIN_SHARE = 0.9


# A Cyrillic word (three letters or more).
_SCRIPT_WORD = re.compile(f"[{_CYRILLIC}]{{3}}")
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def _latin_text(text: str, tokens: str, share: float = _LATIN_SHARE) -> bool:
    """Whether this share of the letters of ``text`` (nine in ten) are ASCII (``tokens``: its non-ASCII runs)."""
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    return ascii_letters >= share * (ascii_letters + len(_NON_ASCII_LETTER.findall(tokens)))


def stray_letters(text: str) -> int:
    """Runs of one or two Cyrillic letters, one upper case, standing alone (no letter beside them)
    in Latin text (nine in ten letters ASCII, or half of them and no Cyrillic word of three
    letters): what UTF-8 read as Windows-1251 leaves of ``£ · © ×`` and the no-break space.  0 in
    Cyrillic text (where ``В`` and ``и`` are words), and for the "г." of a quoted Russian date.

    >>> stray_letters("Tesco bought the stores for $11bn (ВЈ5.7bn) В· more"), stray_letters("В Москве и")
    (2, 0)
    >>> stray_letters("Density (ρ) is mass over volume"), stray_letters("@x_campos 16 мая 2018 г. on Twitter")
    (0, 0)
    """
    return _stray_letters(text, non_ascii_tokens(text))


def _stray_letters(text: str, tokens: str) -> int:
    if not tokens or not _STRAY_SCRIPT.search(tokens):
        return 0
    latin = _latin_text(text, tokens) or (not _SCRIPT_WORD.search(tokens) and _latin_text(text, tokens, 0.5))
    return len(_STRAY_SCRIPT.findall(tokens)) if latin else 0


# Letters beyond ASCII of the Latin script (Latin-1 to Latin Extended-B, Latin Extended Additional).
_LATIN_EXT_LETTER = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
# The letters of the Western alphabets (those first written in Windows-1252 but Icelandic, whose
# ð þ ý are what Windows-1254's ğ ş ı read as): names and loanwords of any text in a Western page ("café").
_WESTERN_LETTERS = re.compile("[" + "".join(
    letters for lang, (letters, pages) in ALPHABETS.items() if pages[0] == "cp1252" and lang != "is") + "]")
_WESTERN_PAGES = frozenset({"cp1252", "iso8859-15", "iso8859-1"})
_MULTI_BYTE_PAGES = frozenset({"shift_jis", "euc_jp", "gb18030", "big5", "euc_kr"})
# The single-byte pages of ALPHABETS: the other readings of a guessed page's bytes.
_SINGLE_BYTE_PAGES = tuple(dict.fromkeys(p for _, pages in ALPHABETS.values() for p in pages
                                         if p not in _MULTI_BYTE_PAGES))


def unsure_letters(text: str, language: str | None, page: str) -> str:
    """The Latin letters beyond ASCII of ``text``, decoded in the single-byte ``page``, whose
    bytes another single-byte page reads as other letters while it reads every other letter of the
    text alike, and that are not letters of ``language`` (ISO 639-1, :data:`ALPHABETS`; else the
    one :func:`letter_fit` finds) nor of a Western alphabet in a Western page or at Windows-1252's
    byte for it (ISO 8859-15's "œ" in French names is sure).  Nothing in the
    bytes tells those pages apart: German in Windows-1254 (for "Erdoğan") reads as 1252 but for
    "Erdoðan"; English with a few letters of a Cyrillic page read as 1250 gives "thiľ".  Names
    and loanwords in a Western page ("Muñoz", "Citroën") and Czech names in a Polish text (no
    other page reads ą ś ź as Windows-1250 does) are sure.  In order of first appearance.

    >>> unsure_letters("Die Pläne Erdoðans, sagte Müller im Café Muñoz", "de", "cp1252")
    'ð'
    >>> unsure_letters("not sure thiľ is wondĺrful, said the café owner", "en", "cp1250")
    'ľĺ'
    >>> unsure_letters("Władze ogłosiły, że Dvořák i Čapek są ważni, mówią źródła", "pl", "cp1250")
    ''
    """
    try:
        page = codecs.lookup(page).name
    except LookupError:
        return ""
    letters = dict.fromkeys(_NON_ASCII_LETTER.findall(non_ascii_tokens(text)))
    if not letters or page.replace("-", "_") in _MULTI_BYTE_PAGES:
        return ""
    try:
        raw = {ch: ch.encode(page) for ch in letters}
    except UnicodeEncodeError:
        return ""
    alphabet = ALPHABETS.get(language or letter_fit("".join(letters)).language or "en", ("", ()))[0]
    own = re.compile(f"[{alphabet}]") if alphabet else None
    western = page in _WESTERN_PAGES
    foreign = [ch for ch in letters if _LATIN_EXT_LETTER.match(ch) and not (own and own.match(ch)) and not (
        _WESTERN_LETTERS.match(ch) and (western or raw[ch].decode("cp1252", errors="replace") == ch))]
    if not foreign:
        return ""
    trusted = [ch for ch in letters if ch not in foreign]
    unsure: set[str] = set()
    for other in _SINGLE_BYTE_PAGES:
        if codecs.lookup(other).name == page:
            continue
        if all(raw[ch].decode(other, errors="replace") == ch for ch in trusted):
            unsure.update(ch for ch in foreign if raw[ch].decode(other, errors="replace") != ch)
    return "".join(ch for ch in foreign if ch in unsure)


def garbled_reason(texts: Iterable[str], *, guessed: str | None = None, language: str | None = None) -> str | None:
    """Why repaired text still looks garbled (a sentence), or None when it reads as text.

    Evidence: replacement characters (U+FFFD: bytes no decoding could map), the odd spots of
    :func:`oddities`, and a single-byte reading that is clearly more plausible (:func:`better_reading`).
    When the code page was ``guessed`` from the bytes (its name; no BOM, header, declaration or
    valid UTF-8), one word of two scripts in Latin text is enough, and so are letters another page reads
    otherwise, foreign to the text's ``language`` (ISO 639-1; :func:`unsure_letters`): the guess
    then has evidence against it or none for it.

    >>> garbled_reason(["İzmir'de toplu taşıma ücretlerine yüzde 20 zam"]) is None
    True
    >>> garbled_reason(["Ýzmir'de toplu taþýma ücretlerine yüzde 20 zam yapýlacaðýný"])
    'reads as tr when its cp1252 bytes are decoded as cp1254'
    >>> garbled_reason(["Tesco bought the stores for $11bn (ВЈ5.7bn) В· more below"])
    'odd spots: 2 stray Cyrillic letters in Latin text'
    >>> garbled_reason(["caf\\ufffd au lait"])
    '1 replacement character (U+FFFD)'
    >>> garbled_reason(["Die Pläne Erdoðans"], language="de") is None
    True
    >>> garbled_reason(["Die Pläne Erdoðans"], guessed="cp1252", language="de")
    'letters another code page reads otherwise, foreign to de (ð), in text whose code page was guessed'
    """
    full = "\n".join(t for t in texts if t)
    text = non_ascii_tokens(full)
    if not text:
        return None
    bad = text.count(_REPLACEMENT)
    if bad:
        return f"{bad} replacement character{'s' if bad > 1 else ''} (U+FFFD)"
    fit = letter_fit(text)
    odd = {k: v for k, v in oddities(text).items() if v}
    total = sum(odd.values())
    if total >= GARBLED_MIN_ODD and total > GARBLED_ODD_SHARE * max(fit.letters, 1) or guessed and odd.get(
            "mixed-scripts") and _latin_text(full, text):
        return "odd spots: " + ", ".join(f"{v} {k}" for k, v in odd.items()) + (
            " in text whose code page was guessed" if total < GARBLED_MIN_ODD else "")
    stray = stray_letters(full)
    if stray >= GARBLED_MIN_ODD:
        return f"odd spots: {stray} stray Cyrillic letters in Latin text"
    misread = better_reading(text, language)
    if misread is not None:
        return f"reads as {misread[2]} when its {misread[0]} bytes are decoded as {misread[1]}"
    unsure = unsure_letters(text, language, guessed) if guessed else ""
    if unsure:
        return (f"letters another code page reads otherwise, foreign to {language or 'its language'} "
                f"({unsure[:10]}), in text whose code page was guessed")
    return None


#: The single-byte code pages :func:`better_reading` re-decodes text between.
SINGLE_BYTE = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "iso8859_2", "koi8_r")
_NON_ASCII_WORD = re.compile(r"\w*[^\W\d_\x00-\x7f]\w*")
# A re-decoded reading must be this much more plausible to count (set by hand), and at most
# this many characters of non-ASCII words are tried.
_BETTER_BY = 0.1
_REREAD_CHARS = 4000


def better_reading(text: str, language: str | None = None) -> tuple[str, str, str] | None:
    """When text was decoded with the wrong single-byte code page: ``(page it fits, page that
    reads better, language)``, found by encoding its non-ASCII words back and decoding them in
    each other page of :data:`SINGLE_BYTE`; None when no other reading is clearly better or all
    its non-ASCII letters already fit one alphabet.  When the text's ``language`` is known (from
    its words, ISO 639-1, one of :data:`ALPHABETS`), a reading counts only if its letters fit that
    language's alphabet (German with a Turkish name, "Özoğuz", is not Estonian "Özošuz").

    >>> better_reading("Ýzmir'de toplu taþýma ücretlerine zam yapýlacaðýný açýkladý")
    ('cp1252', 'cp1254', 'tr')
    >>> better_reading("Ríkisstjórnin tilkynnti nýjar aðgerðir. Þetta er það.") is None
    True
    >>> better_reading("Der Bundestag hat Aydan Özoğuz gewählt. Özoğuz gehört dem Bundestag seit Jahren an", "de")
    """
    sample = " ".join(_NON_ASCII_WORD.findall(text[:200_000]))[:_REREAD_CHARS]
    fit = letter_fit(sample)
    if fit.letters < GARBLED_MIN_FOREIGN or fit.share == 1:
        return None
    base = plausibility(sample)
    for page in SINGLE_BYTE:
        try:
            raw = sample.encode(page)
        except UnicodeEncodeError:
            continue
        for other in SINGLE_BYTE:
            try:
                reading = raw.decode(other)
            except UnicodeDecodeError:
                continue
            if other != page and plausibility(reading) > base + _BETTER_BY:
                read_as = letter_fit(reading).language or ""
                if language in ALPHABETS and read_as != language:
                    continue
                return page, other, read_as
    return None
