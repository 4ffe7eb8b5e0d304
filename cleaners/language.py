"""Language of an article's text: py3langid (langid.py's model, 140 languages), loaded on first use.

:func:`detect_language` gives the ``language`` field and chooses the boilerplate vocabulary
(:func:`cleaners.boilerplate.rules.rules_for`).  It returns an ISO 639-1 code, or None when the
text is too short or the model is not sure: no language rather than a wrong one.

Cost (measured on the 2-core development machine, ``python -X importtime`` and a timing loop):
importing this module costs nothing extra (py3langid is imported on the first call); the first
call loads the model, 0.7 s of CPU and about 80 MB of memory once per process; then a call
costs about 0.2-0.4 ms on the :data:`SAMPLE_CHARS` sample (the stopword guesser it replaced: 0.3 ms).

Imports no module of ``cleaners``; never ``cleaners.corpus``, ``cleaners.views``, ``flows``,
Prefect or ``sqlite3``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# How much text the model reads: body-like lines (at least BODY_LINE_CHARS characters) first,
# up to this many characters.  The time grows with the sample (py3langid walks it byte by byte in
# Python: 0.4 ms for 200 characters, 1.3 ms for 1,000); the answer does not: on trafilatura-eval's
# 990 pages (gold snippets as text) a 200- or 300-character sample gives the same language as a
# 5,000-character one on every page, 150 characters on 986.  Set by hand from that measurement;
# lowered from 300 to 200 (2026-11-30): the same answer as 300 on all 557 BBC texts (every 4th),
# the 990 trafilatura-eval snippet sets and the 181 AEB article bodies, 0.20 against 0.27 ms a text.
SAMPLE_CHARS = 200
BODY_LINE_CHARS = 60
# Short-text rule: below this many letters no guess is made (a headline or a label alone is not
# enough: "Bonjour" or "The cat" come out with a probability under 0.2).  Set by hand on the
# short texts of tests/document/test_language.py.
MIN_LETTERS = 12
# Low-confidence rule: py3langid's probability (``norm_probs=True``: a softmax of the naive-Bayes
# scores at temperature sqrt(bytes), the library's own calibration) must reach this, else None.
# Labels and greetings alone score under 0.2 ("Bonjour" 0.15, "The cat" 0.10); the lowest
# one-language headline in the tests scores 0.64 (18 Chinese characters), a paragraph 0.91.  Set by
# hand between the two on tests/document/test_language.py.
MIN_CONFIDENCE = 0.5

# py3langid labels that are not ISO 639-1 codes, mapped to the 639-1 code of their macrolanguage
# (ISO 639-3 tables); any other label of three letters gives None, as does "zxx" (no language).
MACROLANGUAGE = {"ary": "ar", "arz": "ar", "wuu": "zh", "yue": "zh", "uzs": "uz", "gug": "gn"}


@cache
def identifier() -> Any:
    """py3langid's identifier with normalised probabilities, loaded once per process (0.7 s).

    >>> label, probability = identifier().classify("Der Stadtrat hat die Brücke am Montag gesperrt.")
    >>> label, probability > 0.9
    ('de', True)
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """What the model reads: the text's body-like lines (``BODY_LINE_CHARS``+ characters) up to
    ``limit`` characters, else the text's start (menus and labels are short lines).

    >>> language_sample("Menu\\n" + "A long body line of the story, long enough to count. " * 2, 40)
    'A long body line of the story, long enou'
    >>> language_sample("short\\nlines", 40)
    'short\\nlines'
    """
    parts: list[str] = []
    size = 0
    for line in text.splitlines():
        line = line.strip()
        if len(line) >= BODY_LINE_CHARS:
            parts.append(line)
            size += len(line) + 1
            if size >= limit:
                break
    return " ".join(parts)[:limit] if parts else text[:limit]


def detect_language(text: str, *, sample: int = SAMPLE_CHARS) -> str | None:
    """The language of a text: an ISO 639-1 code, or None when unsure.

    Reads :func:`language_sample` (``sample`` characters).  None when the sample has fewer than
    :data:`MIN_LETTERS` letters or the model's probability is under :data:`MIN_CONFIDENCE`.

    >>> detect_language("The council said it was not going to close the library in the spring.")
    'en'
    >>> detect_language("Le conseil a dit que la bibliothèque ne sera pas fermée pour le moment.")
    'fr'
    >>> detect_language("12 34") is None, detect_language("Bonjour") is None
    (True, True)
    """
    chunk = language_sample(text, sample)
    if sum(ch.isalpha() for ch in chunk) < MIN_LETTERS:
        return None
    label, probability = identifier().classify(chunk)
    if probability < MIN_CONFIDENCE:
        return None
    label = MACROLANGUAGE.get(label, label)
    return label if len(label) == 2 else None
