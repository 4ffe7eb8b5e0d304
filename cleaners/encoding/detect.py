"""Bytes to text: which charset, decided on evidence, and a local fallback for stray bytes.

:func:`decode_bytes` tries, in order: a BOM; UTF-16 without BOM; binary data (refused); UTF-8 —
strict, or, when the valid multi-byte characters outnumber the invalid bytes, UTF-8 with each
run of invalid bytes decoded alone in the code page of the text's language (a UTF-8 file with a
stray Latin-1 ``é`` keeps every other letter); the declared ``<meta charset>``/XML declaration;
Windows-1252 when its reading is plain Western text (every non-ASCII letter in one Western
alphabet, nothing odd inside words: no detector needed); else every candidate code page of
:data:`~cleaners.encoding.evidence.ALPHABETS` and charset-normalizer's answers, each reading
scored by :func:`~cleaners.encoding.evidence.plausibility` (the language the text reads as,
mojibake and odd spots left), charset-normalizer's first answer winning ties.

Imports :mod:`cleaners.encoding.evidence` only.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from cleaners.encoding.evidence import ALPHABETS, letter_fit, oddities, reading_evidence

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
# The WHATWG Encoding Standard (encoding.spec.whatwg.org, "Encodings" table): these labels mean
# windows-1252 on the web.
_WEB_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                "ascii": "cp1252", "us-ascii": "cp1252", "iso8859-1": "cp1252"}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
# Bytes over this share of control codes are binary data, not text (text holds almost none); set by hand.
_MAX_CONTROL_SHARE = 0.05
# How much of the head is searched for a charset declaration and sniffed for UTF-16: the HTML
# standard's prescan reads the first 1,024 bytes; 4,096 also finds a declaration after a long head.
_HEAD_BYTES = 4096
# UTF-16 without BOM: over this share of one byte position of each pair is NUL, under the
# second share of the other (ASCII-heavy text in UTF-16); set by hand.
_UTF16_NUL_SHARE, _UTF16_OTHER_SHARE = 0.4, 0.05
# charset-normalizer and the candidate readings see at most this many bytes (time grows with
# the input; 64 kB is a long article); set by hand.
_SAMPLE_BYTES = 65_536
# charset-normalizer's first answer gets this much plausibility on top (it wins ties and near
# ties), Windows-1252 (the web's legacy default) half of it; set by hand against bench/encodings.py.
_DETECTOR_BONUS = 0.02
# Languages whose Windows-1252 reading is taken without asking a detector (Icelandic is not: its
# ð þ ý are what Turkish in Windows-1254 reads as), and the share of the reading's non-ASCII
# letters one of their alphabets must hold (German with a French "Rosé" passes); set by hand.
# A reading whose language is written in the page it was read in gets this much on top (more than
# the detector's bonus: German with a French brand name "SEKRÈ" is Windows-1252, not 1250's
# "SEKRČ"); set by hand against bench/encodings.py.
_LANGUAGE_BONUS = 0.05
# charset-normalizer's names for the supersets and variants of the pages of ALPHABETS.
_FAMILY = {"cp932": "shift_jis", "shift_jis_2004": "shift_jis", "euc_jis_2004": "euc_jp", "cp949": "euc_kr",
           "gbk": "gb18030", "gb2312": "gb18030", "cp950": "big5", "big5hkscs": "big5", "latin_1": "cp1252",
           "iso8859_1": "cp1252"}
# A multi-byte page that decodes the bytes strictly is evidence of its own (a single-byte page
# decodes anything): it gets the detector's bonus.
_MULTI_BYTE = frozenset({"shift_jis", "euc_jp", "gb18030", "big5", "euc_kr"})
_WESTERN = frozenset(lang for lang, (_, pages) in ALPHABETS.items() if pages[0] == "cp1252") - {"is"}
_WESTERN_MIN_SHARE = 0.9
#: Every code page a legacy file is tried in (besides charset-normalizer's answers).
CANDIDATES: tuple[str, ...] = tuple(dict.fromkeys(p for _, pages in ALPHABETS.values() for p in pages))
_STRAY = re.compile("[\udc80-\udcff]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Candidate readings are scored on this many characters; set by hand (enough letters to tell
# alphabets apart, cheap for thirty readings).
_SCORE_CHARS = 16_384
# At most this many readings that tie with the best on the scored head are weighed again on the
# whole sample; set by hand.
_RESCORE = 6
# Around a stray byte, this many characters show the script it belongs to; set by hand.
_STRAY_CONTEXT = 2000


#: The :attr:`Decoded.method` values whose code page is a guess from the bytes alone (no BOM,
#: transport header, declaration or valid UTF-8; a UTF-8 file with stray bytes is sure but for
#: them): the garbled flag weighs their evidence more.
GUESSED_METHODS = frozenset({"detected", "cp1252-default"})


@dataclass
class Decoded:
    """Text decoded from bytes, with how it was decoded (no repair yet: see
    :func:`~cleaners.encoding.repair.repair_and_explain`).  ``stray`` counts the runs of bytes that
    were not UTF-8 in a UTF-8 file, each decoded alone in ``fallback``."""

    text: str
    charset: str  # Python codec name, e.g. 'utf-8', 'cp1252', 'utf-16-le'
    method: str  # bom | http-header | declared | utf-8 | utf-8-stray-bytes | utf-16-sniffed | cp1252-default | detected
    stray: int = 0
    fallback: str | None = None


class NotText(ValueError):
    """The bytes are not text in any encoding (binary data); the message says why."""


def decode_bytes(data: bytes, hint: str | None = None) -> Decoded:
    """Decode raw bytes to text, finding the charset.

    ``hint`` is a charset the transport declared (a WARC response's HTTP ``Content-Type``): tried
    after a BOM, strict UTF-8 and UTF-8 with stray bytes, and before the page's own ``<meta
    charset>``, as the HTML standard ranks the HTTP header over the meta tag (method
    ``http-header``); a hint that does not decode the bytes is passed over.

    Raises :class:`NotText` for binary data.  Undecodable bytes of a BOM or sniffed UTF-16
    document become U+FFFD.

    >>> decode_bytes("Café – “quoted”".encode("cp1252")).text
    'Café – “quoted”'
    >>> decode_bytes(codecs.BOM_UTF16_LE + "hello".encode("utf-16-le")).charset
    'utf-16-le'
    >>> decode_bytes(b'<meta charset="iso-8859-1"><p>Caf\\xe9</p>').method
    'declared'
    >>> decode_bytes("İzmir'de toplu taşıma ücretlerine zam yapılacağını açıkladı".encode("cp1254")).charset
    'cp1254'
    >>> d = decode_bytes("Größere Änderungen für Bürger".encode() + b" caf\\xe9"); d.text, d.method
    ('Größere Änderungen für Bürger café', 'utf-8-stray-bytes')
    >>> d = decode_bytes("Привет".encode("koi8-r"), hint="KOI8-R"); d.text, d.charset, d.method
    ('Привет', 'KOI8-R', 'http-header')
    """
    for bom, charset in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(charset, errors="replace"), charset, "bom")
    sniffed = _sniff_utf16(data)
    if sniffed:
        return Decoded(data.decode(sniffed, errors="replace"), sniffed, "utf-16-sniffed")
    control_share = sum(data.count(b) for b in _CONTROL_BYTES) / max(len(data), 1)
    if control_share > _MAX_CONTROL_SHARE:
        raise NotText(f"binary data, not text: {control_share:.0%} of the bytes are control codes")
    try:  # valid UTF-8 beats a declaration: pages often declare latin-1 and serve UTF-8
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _utf8_with_stray_bytes(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    if hint:
        try:
            return Decoded(data.decode(hint), hint, "http-header")
        except (UnicodeDecodeError, LookupError):
            pass  # the header lies or names no codec Python knows; look further
    declared = _declared_charset(data[:_HEAD_BYTES])
    if declared:
        try:
            return Decoded(data.decode(declared), declared, "declared")
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration lies; detect instead
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _plain_western(western[:_SAMPLE_BYTES]):
        return Decoded(western, "cp1252", "cp1252-default")
    return _detect(data)


def _utf8_with_stray_bytes(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid bytes: each run of them decoded in the code page of the language
    the rest reads as (:func:`~cleaners.encoding.evidence.letter_fit`); None when the invalid
    bytes are not outnumbered by valid multi-byte characters (then the file is not UTF-8)."""
    text = data.decode("utf-8", errors="surrogateescape")
    runs = _STRAY.findall(text)
    stray_bytes = sum(map(len, runs))
    valid = len(_NON_ASCII.findall(text)) - stray_bytes
    if valid < stray_bytes:
        return None
    fit = letter_fit(_STRAY.sub("", text[:_STRAY_CONTEXT * 4]))
    page = ALPHABETS[fit.language or "en"][1][0]
    if page.startswith(("shift", "euc", "gb", "big")):  # a multi-byte page cannot decode a lone byte
        page = "cp1252"

    def fallback(match: re.Match[str]) -> str:
        return bytes(ord(ch) - 0xDC00 for ch in match.group()).decode(page, errors="replace")

    return Decoded(_STRAY.sub(fallback, text), "utf-8", "utf-8-stray-bytes", stray=len(runs), fallback=page)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: one byte of each ASCII pair is NUL.

    >>> _sniff_utf16("plain text here".encode("utf-16-le"))
    'utf-16-le'
    >>> _sniff_utf16(b"plain text here") is None
    True
    """
    sample = data[:_HEAD_BYTES]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > _UTF16_NUL_SHARE * half and even.count(0) < _UTF16_OTHER_SHARE * half:
        return "utf-16-le"
    if even.count(0) > _UTF16_NUL_SHARE * half and odd.count(0) < _UTF16_OTHER_SHARE * half:
        return "utf-16-be"
    return None


def _declared_charset(head: bytes) -> str | None:
    match = _DECLARED.search(head)
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _WEB_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _plain_western(text: str) -> bool:
    """Whether a Windows-1252 reading is plain Western text: nine in ten of its non-ASCII letters
    or more belong to one Western alphabet and nothing odd sits inside words (no symbol between
    letters, no C1 control, no case flip, no ¤ ¦ ¨ ¸).

    >>> _plain_western("Größere Änderungen für Bürger – “gut”")
    True
    >>> _plain_western("Pøíliš žlu»ouèký kùò")
    False
    >>> _plain_western("Ïðèâåò, êàê äåëà?")
    False
    >>> _plain_western("Ýzmir'de toplu taþýma ücretleri")
    False
    """
    fit = letter_fit(text)
    if fit.letters and (fit.share < _WESTERN_MIN_SHARE or fit.language not in _WESTERN):
        return False
    odd = oddities(text)
    return not (odd["symbol-in-word"] or odd["c1-control"] or odd["case-flip"] or odd["rare-symbol"])


def _detect(data: bytes) -> Decoded:
    """The most plausible reading among :data:`CANDIDATES` and charset-normalizer's answers."""
    import charset_normalizer  # imported late: only legacy non-Western text needs it

    sample = data[:_SAMPLE_BYTES]
    answers = [match.encoding for match in charset_normalizer.from_bytes(sample)]
    if not answers and not any(_decodes(sample, page) for page in CANDIDATES):
        raise NotText("binary data, not text: no character encoding fits these bytes")
    scored = []  # (score, odd spots, letter share, page)
    for page in dict.fromkeys([*answers[:3], *CANDIDATES]):
        reading = _decodes(sample, page)
        if reading is None:
            continue
        score, odd, fit = reading_evidence(reading[:_SCORE_CHARS])
        score += _LANGUAGE_BONUS if fit.language and _family(page) in ALPHABETS[fit.language][1] else 0
        score += _DETECTOR_BONUS if _family(page) in _MULTI_BYTE else 0
        score += _DETECTOR_BONUS if answers and page == answers[0] else 0
        score += _DETECTOR_BONUS / 2 if page == "cp1252" else 0
        scored.append((score, odd, fit.share, page))
    if not scored:
        raise NotText("binary data, not text: no character encoding fits these bytes")
    first = max(scored, key=lambda s: s[0])  # the first of equal scores
    # The bonuses are priors: a reading whose letters fit as well with fewer odd spots beats them
    # (ISO 8859-15 read as Windows-1252 differs by a "¤" for "€" in a long text).  Readings the
    # scored head cannot tell apart from the first are weighed again on the whole sample.
    better = [s for s in scored if s[1] < first[1] and s[2] >= first[2]]
    tied = [first] + [s for s in scored if s[1:3] == first[1:3] and s is not first][:_RESCORE - 1]
    if not better and len(tied) > 1 and len(sample) > _SCORE_CHARS:
        tied = [(score, *_odd_and_share(sample, page), page) for score, _, _, page in tied]
        better = [s for s in tied if s[1] < tied[0][1] and s[2] >= tied[0][2]]
    best = max(better, key=lambda s: (-s[1], s[0]))[3] if better else first[3]
    return Decoded(data.decode(best, errors="replace"), codecs.lookup(best).name, "detected")


def _odd_and_share(sample: bytes, page: str) -> tuple[int, float]:
    """Odd spots and letter share of the whole sample read in ``page`` (:func:`reading_evidence`)."""
    _, odd, fit = reading_evidence(_decodes(sample, page) or "")
    return odd, fit.share


def _family(page: str) -> str:
    """The page of :data:`~cleaners.encoding.evidence.ALPHABETS` a codec name stands for.

    >>> _family("cp932"), _family("iso8859-2"), _family("cp1254")
    ('shift_jis', 'iso8859_2', 'cp1254')
    """
    try:
        name = codecs.lookup(page).name.replace("-", "_")
    except LookupError:
        return page
    return _FAMILY.get(name, name)


def _decodes(data: bytes, page: str) -> str | None:
    """``data`` in ``page``, or None when it is not valid there (a multi-byte page may cut the
    sample's last character: that one is forgiven)."""
    try:
        return data.decode(page)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 4 and len(data) == _SAMPLE_BYTES:
            return data[:exc.start].decode(page, errors="replace")
        return None
    except LookupError:
        return None
