"""Text repair, one segment (line) at a time: ftfy where its quick check says a line needs it,
then invisible characters out.

ftfy decides whether a segment is mojibake from the evidence in that segment; run on a whole
document, one correctly encoded character (a ``–`` in the headline) vetoes the repair of mojibake
elsewhere.  So text is repaired line by line, as ``ftfy.fix_text`` does, and what was done is
kept per line (:func:`repair_segments`).

Imports :mod:`cleaners.encoding.evidence` only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from cleaners.encoding.evidence import plausibility

# ftfy is imported on first use (:func:`ftfy_module`): text of plain ASCII lines never needs it, and
# its import is 0.04-0.05 s of CPU of `newsclean clean` on such a page (README "Start-up").


@cache
def ftfy_module() -> Any:
    """The ``ftfy`` module, imported on first use, with its sloppy code pages registered
    (``ftfy.bad_codecs``: the sloppy-windows-125x codecs :func:`undo_mojibake` encodes with)."""
    import ftfy
    import ftfy.bad_codecs  # noqa: F401
    import ftfy.badness  # noqa: F401 — is_bad, for needs_ftfy

    return ftfy


@cache
def ftfy_config() -> Any:
    """:data:`FTFY_CONFIG`: the ftfy configuration of :func:`repair_and_explain`.  ftfy's defaults straighten
    curly quotes and fold full-width characters: a news corpus keeps the publisher's typography, so
    both are off."""
    return ftfy_module().TextFixerConfig(
        unescape_html=True,
        uncurl_quotes=False,
        fix_character_width=False,
        normalization="NFC",
        explain=True,
    )


def __getattr__(name: str) -> Any:
    """``FTFY_CONFIG`` (:func:`ftfy_config`), made when first asked for (PEP 562)."""
    if name == "FTFY_CONFIG":
        return ftfy_config()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Plain ASCII without entities, carriage returns or control characters: nothing for ftfy to
# fix (tests/document/test_properties.py checks this against ftfy itself).
_NOTHING_TO_REPAIR = re.compile("[\t\n\x20-\x25\x27-\x7e]*")
# What ftfy's fixers other than the mojibake repair act on (entities, controls, ligatures, line
# separators, surrogates, terminal escapes: ftfy.chardata's tables); a line with none of these,
# in NFC and not ftfy.badness.is_bad, is left as it is without running ftfy
# (tests/document/test_encoding_properties.py checks this against ftfy itself).
@cache
def _ftfy_triggers() -> re.Pattern[str]:
    from ftfy.chardata import CONTROL_CHARS, LIGATURES

    return re.compile("[&\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ud800-\udfff\x80-\x9f"
                      + "".join(re.escape(chr(c)) for c in sorted({*CONTROL_CHARS, *LIGATURES})) + "]")
# At most this many ftfy passes in a segment: the second fixes what stray controls hid; the
# bound (set by hand) keeps the cost of pathological input finite.
_MAX_PASSES = 3

# Invisible characters that make two copies of one text differ: zero-width space, word joiner,
# soft hyphen, BOM / zero-width no-break space, bidirectional marks, embeddings, overrides and
# isolates (Unicode's Bidi_Control and Default_Ignorable_Code_Point properties).
_INVISIBLE = re.compile("[\u200b\u2060\u00ad\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\u180e]")
# Zero-width (non-)joiners are kept next to the letters of scripts that use them (Arabic, Persian,
# Syriac, Indic scripts, Sinhala, Myanmar, Khmer; Unicode's "Cursive Joining" and Indic conjunct
# behaviour) and inside emoji sequences (Unicode TS #51), removed everywhere else.
_JOINING = ("\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u0900-\u0dff\u1000-\u109f\u1780-\u17ff"
            "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff")
_STRAY_JOINER = re.compile(f"(?<![{_JOINING}])[\u200c\u200d](?![{_JOINING}])")


def repair_encoding(text: str) -> str:
    """Repair text: mojibake, HTML entities, control characters, NFC, invisible characters.

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
    """:func:`repair_encoding`, also returning the names of the repairs applied (in any line).

    >>> repair_and_explain("cafÃ©")
    ('café', ['fix_encoding'])
    >>> repair_and_explain("Quotas cut – skippers warn\\nsaid Jan DrÃ¥ge of TromsÃ¸")[0]  # each line alone
    'Quotas cut – skippers warn\\nsaid Jan Dråge of Tromsø'
    """
    fixed, segments = repair_segments(text)
    return fixed, list(dict.fromkeys(step for segment in segments for step in segment["steps"]))


def repair_segments(text: str, trusted: set[str] | None = None) -> tuple[str, list[dict]]:
    """Repair ``text`` line by line; returns the text and, for each line repaired,
    ``{"line": index from 0, "steps": [names of the repairs]}``.

    >>> repair_segments("fine line\\ncafÃ© line")
    ('fine line\\ncafé line', [{'line': 1, 'steps': ['fix_encoding']}])
    """
    if _NOTHING_TO_REPAIR.fullmatch(text):
        return text, []
    trusted = set() if trusted is None else trusted
    before = set(trusted)
    out, segments = [], {}
    lines = text.split("\n")
    for index, line in enumerate(lines):
        out.append(line)
        segments[index] = []
        fixed, steps = repair_segment(line, trusted)
        out[index], segments[index] = fixed, steps
    if trusted - before:  # mojibake found in some line: every line gets a second look, from what it
        for index, line in enumerate(lines):  # was (an invisible character removed may have hidden it)
            fixed, steps = repair_segment(line, trusted)
            if fixed != out[index]:
                out[index], segments[index] = fixed, steps
    return "\n".join(out), [{"line": i, "steps": steps} for i, steps in segments.items() if steps]


def repair_segment(segment: str, trusted: set[str] | None = None) -> tuple[str, list[str]]:
    """One segment (a line) repaired: ftfy (:data:`FTFY_CONFIG`) when :func:`needs_ftfy`, then
    :func:`undo_mojibake` (``trusted``: its code pages found in this document) and
    :func:`remove_invisible`; returns the text and the names of the repairs applied.

    ftfy leaves lone surrogates and C1 controls that were not mojibake: they are removed (a
    surrogate becomes U+FFFD, a form feed a newline), and so are invisible characters.  What is
    left can read as mojibake that they hid, so ftfy runs again until nothing changes (at most :data:`_MAX_PASSES`
    times): repairing repaired text changes nothing.

    >>> repair_segment("\\x8d÷ß")[0] == repair_segment(repair_segment("\\x8d÷ß")[0])[0]
    True
    >>> repair_segment("zero\\u200bwidth soft\\u00adhyphen")
    ('zerowidth softhyphen', ['remove_invisible'])
    """
    steps: list[str] = []
    for _ in range(_MAX_PASSES):
        before = segment
        if needs_ftfy(segment):
            fixed, explanation = ftfy_module().fix_and_explain(segment, config=ftfy_config())
            steps += [_step_name(action, parameter) for action, parameter in explanation or []]
            if trusted is not None:  # the page ftfy undid is evidence for the document's other lines
                trusted.update(p for action, p in explanation or [] if action == "encode" and p in _MOJIBAKE_PAGES)
            segment = _BAD_CONTROLS.sub("", _LONE_SURROGATE.sub("\ufffd", fixed)).replace("\x0c", "\n")
            if segment != fixed:
                steps.append("remove_stray_controls")
        if not segment.isascii():
            undone = undo_mojibake(segment, trusted)
            if undone != segment:
                steps.append("fix_encoding")
                segment = undone
        visible = remove_invisible(segment)
        if visible != segment:
            steps.append("remove_invisible")
            segment = visible
        if segment == before:  # stable: a further pass changes nothing (removing a character can
            break  # expose mojibake that ftfy or undo_mojibake reads only without it)
    return segment, list(dict.fromkeys(steps))


# Mojibake ftfy's quick check misses (UTF-8 read as Windows-1250 or 1251 in Western text:
# ``ĂĽberall``, ``Гјberall``): the line, encoded back in one of these pages, is valid UTF-8.
_MOJIBAKE_PAGES = ("sloppy-windows-1252", "sloppy-windows-1250", "sloppy-windows-1251")


def undo_mojibake(segment: str, trusted: set[str] | None = None) -> str:
    """``segment`` as UTF-8 when, encoded in a page of :data:`_MOJIBAKE_PAGES`, its bytes are valid
    UTF-8 with characters beyond ASCII and that reading is more plausible
    (:func:`~cleaners.encoding.evidence.plausibility`: the letters of one alphabet, nothing odd
    inside words), or as plausible and the page is in ``trusted`` (another line of the same
    document was clearly mojibake in it; pages found clearly are added to ``trusted``).
    ``NICIODATĂ`` before a no-break space stays: ``NICIODATà`` is no more plausible.

    >>> undo_mojibake("Ob Energie oder Telekommunikation: ĂĽberall"), undo_mojibake("DammtorstraГџe 29")
    ('Ob Energie oder Telekommunikation: überall', 'Dammtorstraße 29')
    >>> undo_mojibake("für Bürger – “gut”"), undo_mojibake("NICIODATĂ\\xa0")
    ('für Bürger – “gut”', 'NICIODATĂ\\xa0')
    >>> seen = set(); _ = undo_mojibake("StraГџe und BrГјcke", seen); undo_mojibake("Ja рџ™‚", seen)
    'Ja 🙂'
    """
    ftfy_module()  # its sloppy code pages registered
    for page in _MOJIBAKE_PAGES:
        try:
            fixed = segment.encode(page).decode("utf-8")
        except UnicodeError:
            continue
        fixed = unicodedata.normalize("NFC", fixed)
        if fixed == segment or fixed.isascii():
            continue
        gain = plausibility(fixed) - plausibility(segment)
        if gain > 0 and trusted is not None:
            trusted.add(page)
        if gain > 0 or (gain == 0 and ((trusted and page in trusted) or symbols_from_sequences(segment, fixed))):
            return fixed
    return segment


def symbols_from_sequences(segment: str, fixed: str) -> bool:
    """Whether the UTF-8 reading ``fixed`` of ``segment`` only turns runs of characters into
    symbols of three UTF-8 bytes or more (``â„¢`` → ``™``, ``â‚‚`` → ``₂``): no letter changes, so
    plausibility cannot tell the readings apart, but a letter followed by two symbols that together
    are one valid UTF-8 sequence is mojibake, not text.

    >>> symbols_from_sequences("Journeyâ„¢ begins", "Journey™ begins"), symbols_from_sequences("Ã©t", "ét")
    (True, False)
    """
    new = set(fixed) - set(segment)
    return bool(new) and all(ord(ch) >= 0x800 and not unicodedata.category(ch).startswith("L") for ch in new)


def needs_ftfy(segment: str) -> bool:
    """ftfy's quick check, and ours: whether ftfy could change ``segment`` at all.

    >>> needs_ftfy("Größere Änderungen – “gut”"), needs_ftfy("cafÃ©"), needs_ftfy("Fish &amp; chips")
    (False, True, True)
    """
    if _NOTHING_TO_REPAIR.fullmatch(segment):
        return False
    return (bool(_ftfy_triggers().search(segment)) or not unicodedata.is_normalized("NFC", segment)
            or ftfy_module().badness.is_bad(segment))


def remove_invisible(text: str) -> str:
    """``text`` without zero-width spaces, word joiners, soft hyphens, BOMs and bidirectional
    marks, and without zero-width (non-)joiners except where a script or an emoji sequence needs them.

    >>> remove_invisible("\\ufeffnews\\u200b \\u200eflash\\u200f, co\\u00adoperate")
    'news flash, cooperate'
    >>> remove_invisible("می\\u200cخواهم") == "می\\u200cخواهم"  # Persian keeps its ZWNJ
    True
    >>> remove_invisible("👩\\u200d💻 x\\u200dy")  # an emoji sequence keeps its ZWJ
    '👩\\u200d💻 xy'
    """
    if text.isascii():
        return text
    return _STRAY_JOINER.sub("", _INVISIBLE.sub("", text))


def _step_name(action: str, parameter: str) -> str:
    if action == "apply":
        return parameter
    if action == "normalize":
        return f"normalize_{parameter.lower()}"
    return "fix_encoding"  # encode / decode / transcode steps undo mojibake



# A segment's explanation keeps at most this many characters of the repaired line, and an
# article at most this many segments (set by hand: enough to find them, small in the JSON).
_SEGMENT_CHARS = 80
_MAX_SEGMENTS = 50


class RepairLog:
    """The repairs of one document, segment by segment: :meth:`repair` repairs a field or a text
    (:func:`repair_segments`) and records each repaired line as ``{"segment": running number of
    the line in the document, "text": its first 80 characters repaired, "steps": [...]}``
    (:attr:`segments`, at most 50, :attr:`more` counts the rest); iterating gives the names of all
    steps applied.

    >>> log = RepairLog(); log.repair("Headline – fine\\nJan DrÃ¥ge")
    'Headline – fine\\nJan Dråge'
    >>> sorted(log), log.segments
    (['fix_encoding'], [{'segment': 1, 'text': 'Jan Dråge', 'steps': ['fix_encoding']}])
    """

    def __init__(self) -> None:
        self.steps: dict[str, None] = {}
        self.segments: list[dict] = []
        self.more = 0
        self.lines = 0
        self.trusted: set[str] = set()  # pages undo_mojibake found clear mojibake in, in this document

    def __iter__(self):
        return iter(self.steps)

    def update(self, steps: list[str]) -> None:
        """Add step names (as a set would)."""
        self.steps.update(dict.fromkeys(steps))

    def repair(self, value: str) -> str:
        """``value`` repaired line by line, its repairs recorded."""
        fixed, segments = repair_segments(value, self.trusted)
        lines = fixed.split("\n")
        for segment in segments:
            self.update(segment["steps"])
            if len(self.segments) < _MAX_SEGMENTS:
                self.segments.append({"segment": self.lines + segment["line"],
                                      "text": lines[segment["line"]][:_SEGMENT_CHARS], "steps": segment["steps"]})
            else:
                self.more += 1
        self.lines += len(lines)
        return fixed
