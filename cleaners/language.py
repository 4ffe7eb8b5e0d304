"""Language of an article's text: py3langid (langid.py's model, 140 languages), loaded on first use.

:func:`detect_language` gives the ``language`` field and chooses the boilerplate vocabulary
(:func:`cleaners.boilerplate.rules.rules_for`).  It returns an ISO 639-1 code, or None when the
text is too short or the model is not sure: no language rather than a wrong one.

Cost (measured on the 2-core development machine, ``python -X importtime`` and a timing loop):
importing this module costs nothing extra (py3langid is imported on the first call); then a call
costs about 0.2-0.4 ms on the :data:`SAMPLE_CHARS` sample (the stopword guesser it replaced: 0.3 ms).
The first call loads the model: py3langid's own loader decompresses it (LZMA, 4.6 MB to 68 MB)
in 0.5 s of CPU in every process, so :func:`identifier` does that once per machine, into
:func:`model_cache` (plain ``.npy`` arrays), and then maps those files into memory: 0.012 s,
the same answers (same arrays), the pages shared by every process that reads them.

Imports no module of ``cleaners``; never ``cleaners.corpus``, ``cleaners.views``, ``flows``,
Prefect or ``sqlite3``.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path
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


# The model's arrays as py3langid's public loader (py3langid.modelio.load_model) returns them.
MODEL_PARTS = ("ptc", "pc", "classes", "nextmove", "row", "output")


@cache
def identifier() -> Any:
    """py3langid's identifier with normalised probabilities, loaded once per process.

    From :func:`model_cache` when it can be read or written (0.012 s of CPU), else with
    py3langid's own loader (``from_model_file``: 0.5 s).

    >>> label, probability = identifier().classify("Der Stadtrat hat die Brücke am Montag gesperrt.")
    >>> label, probability > 0.9
    ('de', True)
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    arrays = cached_model()
    if arrays is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # The constructor's own arguments (what from_model_file passes it); the DFA tables as
    # memoryviews of the mapped arrays, indexed like the array.array the loader makes.
    return LanguageIdentifier(arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), memoryview(arrays["nextmove"]),
                              arrays["output"].tolist(), norm_probs=True, tk_row=memoryview(arrays["row"]))


def model_cache() -> Path:
    """Where the decompressed model is kept: ``$XDG_CACHE_HOME/newsclean`` (default ``~/.cache/newsclean``),
    one folder per py3langid version and model file size (a new model is decompressed again).

    >>> model_cache().parent.name, model_cache().name.startswith("py3langid-")
    ('newsclean', True)
    """
    import importlib.metadata

    from py3langid.langid import MODEL_DIR, MODEL_FILE

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsclean"
    size = (MODEL_DIR / MODEL_FILE).stat().st_size
    return base / f"py3langid-{importlib.metadata.version('py3langid')}-{size}"


def cached_model() -> dict[str, Any] | None:
    """The model's arrays mapped read-only from :func:`model_cache`, written there first if missing;
    None when the folder can be neither read nor written (the caller loads the model itself).

    Written whole into a temporary folder, then renamed: a reader never sees half a model, and
    processes that race to write it keep the first complete one.

    >>> arrays = cached_model()  # 142 classes (labels) scored over 100,053 byte n-gram features
    >>> arrays["pc"].shape, arrays["ptc"].shape
    ((142,), (100053, 142))
    """
    import numpy as np

    try:
        folder = model_cache()
        if not (folder / "done").is_file():
            from py3langid.langid import MODEL_DIR, MODEL_FILE
            from py3langid.modelio import load_model

            folder.parent.mkdir(parents=True, exist_ok=True)
            values = load_model(MODEL_DIR / MODEL_FILE)
            with tempfile.TemporaryDirectory(dir=folder.parent, ignore_cleanup_errors=True) as tmp:
                for name, value in zip(MODEL_PARTS, values):
                    np.save(Path(tmp) / f"{name}.npy", np.asarray(value), allow_pickle=False)
                (Path(tmp) / "done").write_text("")
                try:
                    os.rename(tmp, folder)
                except OSError:  # another process was first (or a stale folder without "done")
                    if not (folder / "done").is_file():
                        return None
        return {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in MODEL_PARTS}
    except (OSError, ValueError):
        return None


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
