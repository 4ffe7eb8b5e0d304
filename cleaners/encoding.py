"""Step 1 — encoding repair: bytes to text whatever the charset, then ftfy.

``decode_bytes`` finds the charset (BOM, UTF-16 without BOM, strict UTF-8, the
declared ``<meta charset>``/XML declaration, Windows-1252 as the web's legacy
default, else charset-normalizer) and ``repair_encoding`` fixes what was already
broken in the text (mojibake, HTML entities, control characters, NFC) while
keeping typographic quotes and dashes as the publisher wrote them.

Imports no module of ``cleaners``; never ``cleaners.corpus``, ``cleaners.views``, ``flows``,
Prefect or ``sqlite3``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import ftfy
from ftfy import TextFixerConfig

#: The ftfy configuration of :func:`repair_and_explain`.  ftfy's defaults straighten curly quotes
#: and fold full-width characters: a news corpus keeps the publisher's typography, so both are off.
FTFY_CONFIG = TextFixerConfig(
    unescape_html=True,
    uncurl_quotes=False,
    fix_character_width=False,
    normalization="NFC",
    explain=True,
)

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
# Characters that are not letters yet sit between letters in real words.
_WORD_JOINERS = set("'’‘-‐‑·.")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
# Bytes over this share of control codes are binary data, not text (text holds almost none); set by hand.
_MAX_CONTROL_SHARE = 0.05
# How much of the head is searched for a charset declaration and sniffed for UTF-16: the HTML
# standard's prescan reads the first 1,024 bytes; 4,096 also finds a declaration after a long head.
_HEAD_BYTES = 4096
# UTF-16 without BOM: over this share of one byte position of each pair is NUL, under the
# second share of the other (ASCII-heavy text in UTF-16); set by hand.
_UTF16_NUL_SHARE, _UTF16_OTHER_SHARE = 0.4, 0.05
# A Windows-1252 reading is implausible when this share or more of its letters are not ASCII
# (Cyrillic read as 1252 is nearly all accented Latin); set by hand.
_WESTERN_MAX_NON_ASCII = 0.25
# charset-normalizer is given at most this many bytes (its time grows with the input); set by hand.
_DETECT_BYTES = 200_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Plain ASCII without entities, carriage returns or control characters: nothing for ftfy to
# fix (tests/document/test_properties.py checks this against ftfy itself).
_NOTHING_TO_REPAIR = re.compile("[\t\n\x20-\x25\x27-\x7e]*")
# At most this many ftfy passes in repair_and_explain: the second fixes what stray controls hid;
# the bound (set by hand) keeps the cost of pathological input finite.
_MAX_PASSES = 3


@dataclass
class Decoded:
    """Text decoded from bytes, with how it was decoded (no repair yet: see :func:`repair_and_explain`)."""

    text: str
    charset: str  # Python codec name, e.g. 'utf-8', 'cp1252', 'utf-16-le'
    method: str  # bom | http-header | declared | utf-8 | utf-16-sniffed | cp1252-default | detected


class NotText(ValueError):
    """The bytes are not text in any encoding (binary data); the message says why."""


def decode_bytes(data: bytes, hint: str | None = None) -> Decoded:
    """Decode raw bytes to text, finding the charset.

    ``hint`` is a charset the transport declared (a WARC response's HTTP ``Content-Type``): tried
    after a BOM and strict UTF-8 and before the page's own ``<meta charset>``, as the HTML standard
    ranks the HTTP header over the meta tag (method ``http-header``); a hint that does not decode
    the bytes is passed over.

    Raises :class:`NotText` for binary data.  Undecodable bytes of a BOM or sniffed UTF-16
    document become U+FFFD.

    >>> decode_bytes("Café – “quoted”".encode("cp1252")).text
    'Café – “quoted”'
    >>> decode_bytes(codecs.BOM_UTF16_LE + "hello".encode("utf-16-le")).charset
    'utf-16-le'
    >>> decode_bytes(b'<meta charset="iso-8859-1"><p>Caf\\xe9</p>').method
    'declared'
    >>> decode_bytes("Привет".encode("koi8-r"), hint="KOI8-R")
    Decoded(text='Привет', charset='KOI8-R', method='http-header')
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
    if western is not None and _looks_western(western):
        return Decoded(western, "cp1252", "cp1252-default")
    return _detect(data)


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


def _looks_western(text: str) -> bool:
    """Whether a Windows-1252 reading of the bytes is plausible.

    Text in another single-byte code page read as 1252 shows symbols inside words
    (``lu»ou``) or mostly non-ASCII letters (Cyrillic as ``Ïðèâåò``).

    >>> _looks_western("Größere Änderungen für Bürger – “gut”")
    True
    >>> _looks_western("Pøíliš žlu»ouèký kùò")
    False
    >>> _looks_western("Ïðèâåò, êàê äåëà?")
    False
    """
    letters = non_ascii = 0
    for i, ch in enumerate(text):
        if ch.isalpha():
            letters += 1
            non_ascii += ord(ch) > 127
        elif ord(ch) > 127 and ch not in _WORD_JOINERS and 0 < i < len(text) - 1:
            if text[i - 1].isalpha() and text[i + 1].isalpha():
                return False
    return letters == 0 or non_ascii / letters < _WESTERN_MAX_NON_ASCII


def _detect(data: bytes) -> Decoded:
    import charset_normalizer  # imported late: only legacy non-Western text needs it

    best = charset_normalizer.from_bytes(data[:_DETECT_BYTES]).best()
    if best is None:
        raise NotText("binary data, not text: no character encoding fits these bytes")
    return Decoded(data.decode(best.encoding, errors="replace"), best.encoding, "detected")


def repair_encoding(text: str) -> str:
    """Repair text: mojibake, HTML entities, control characters, NFC.

    Curly quotes and dashes are kept as written.

    >>> repair_encoding("The Mayorâ€™s plan &amp; cafÃ©")
    'The Mayor’s plan & café'
    >>> repair_encoding("“Quoted” – as written")
    '“Quoted” – as written'
    >>> repair_encoding("NUL\\x00byte")
    'NULbyte'
    """
    return repair_and_explain(text)[0]


def repair_and_explain(text: str) -> tuple[str, list[str]]:
    """:func:`repair_encoding`, also returning the names of the repairs applied.

    ftfy leaves lone surrogates and C1 controls that were not mojibake: they are removed (a
    surrogate becomes U+FFFD, a form feed a newline).  What is left can read as mojibake that
    the controls hid, so ftfy runs again until nothing changes (at most :data:`_MAX_PASSES`
    times): repairing repaired text changes nothing.

    >>> repair_and_explain("cafÃ©")
    ('café', ['fix_encoding'])
    >>> repair_and_explain("\x8d÷ß")[0] == repair_and_explain(repair_and_explain("\x8d÷ß")[0])[0]
    True
    """
    if _NOTHING_TO_REPAIR.fullmatch(text):
        return text, []
    steps: list[str] = []
    for _ in range(_MAX_PASSES):
        fixed, explanation = ftfy.fix_and_explain(text, config=FTFY_CONFIG)
        steps += [_step_name(action, parameter) for action, parameter in explanation or []]
        text = _BAD_CONTROLS.sub("", _LONE_SURROGATE.sub("\ufffd", fixed)).replace("\x0c", "\n")  # form feed
        if text == fixed:
            break
        steps.append("remove_stray_controls")
    return text, _dedupe_steps(steps)


def _step_name(action: str, parameter: str) -> str:
    if action == "apply":
        return parameter
    if action == "normalize":
        return f"normalize_{parameter.lower()}"
    return "fix_encoding"  # encode / decode / transcode steps undo mojibake


def _dedupe_steps(steps: list[str]) -> list[str]:
    return list(dict.fromkeys(steps))


def decode(data: bytes) -> str:
    """Bytes to repaired text: charset detection, then :func:`repair_encoding`.

    >>> decode("naïve “café” – £5".encode("cp1252"))
    'naïve “café” – £5'
    """
    return repair_encoding(decode_bytes(data).text)
