"""The URL slug of a page: its words, and how much of them a line spells.

Sites put the headline in the URL (``/2019/05/31/ferry-strike-called-off.html``): the slug is the
strongest clue to which line of a text dump is the headline (:mod:`cleaners.extract.headline`).
Letters are compared casefolded and without accents, and the letters a URL spells as two
(``ö`` -> ``oe``) both ways.

Imports only the standard library.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import unquote, urlsplit

# Letters a URL slug spells out as two (German, Scandinavian): compared both ways.
_SPELLED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"})
# Path words that are not the story's (file extensions, generic path segments; set by hand).
_SLUG_SKIP = frozenset("html htm php aspx asp shtml jsp index story article news".split())


def fold(text: str) -> str:
    """Casefolded, accents dropped (``é`` -> ``e``), for comparing a line with a URL slug.

    >>> fold("Mandelplätzchen Café")
    'mandelplatzchen cafe'
    """
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spelled(text: str) -> str:
    """Casefolded with letters a URL spells as two written so (``ö`` -> ``oe``), other accents dropped.

    >>> spelled("Schöneweide Straße")
    'schoeneweide strasse'
    """
    return fold(text.casefold().translate(_SPELLED))


def slug_words(url: str | None, *, segments: int = 2) -> list[str]:
    """Words of a URL's path (its last ``segments`` segments that hold letters: 2, the section and the
    story's slug; 1, the slug alone), folded; digits-only words, file extensions and generic path
    words (``index``, ``story``...) dropped.

    >>> slug_words("https://example.org/2019/05/31/ferry-strike-called-off.html")
    ['ferry', 'strike', 'called', 'off']
    >>> slug_words("https://example.org/node/123"), slug_words(None)
    (['node'], [])
    >>> slug_words("https://example.org/sport/ferry-strike/"), slug_words("https://example.org/sport/ferry-strike/", segments=1)
    (['sport', 'ferry', 'strike'], ['ferry', 'strike'])
    """
    if not url:
        return []
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return []
    parts = [s for s in path.split("/") if any(c.isalpha() for c in s)][-segments:]
    words = [w for s in parts for w in re.split(r"[\W_]+", fold(s)) if w]
    return [w for w in words if not w.isdigit() and w not in _SLUG_SKIP and len(w) > 1]


def slug_digits(url: str | None) -> frozenset[str]:
    """The runs of digits in a URL's last path segment that holds letters (``gitarre-bass-02-2022``:
    ``02``, ``2022``), leading zeros kept; the date folders before it (``/2020/01/23/``) hold no
    letters and do not count.  A headline that holds a number the slug spells (an issue, a part, a
    date in the title) is not a date line (:mod:`cleaners.extract.headline`).

    >>> sorted(slug_digits("https://example.org/2020/01/23/jazz-monthly-04-2023/"))
    ['04', '2023']
    >>> slug_digits("https://example.org/news/123"), slug_digits(None)
    (frozenset(), frozenset())
    """
    if not url:
        return frozenset()
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return frozenset()
    parts = [s for s in path.split("/") if any(c.isalpha() for c in s)][-1:]
    return frozenset(re.findall(r"\d+", parts[0])) if parts else frozenset()


@lru_cache(maxsize=4096)
def share_of_slug(line: str, slug: tuple[str, ...]) -> float:
    """Share of the URL slug's words (:func:`slug_words`) found in the line, folded and with letters a
    URL spells as two compared both ways; a slug word of 5+ letters also counts inside words glued
    together.  Remembered for the last 4,096 (line, slug) pairs (the search asks again for the same lines).

    >>> share_of_slug("Schöne Aussicht: Café öffnet", ("schoene", "aussicht", "cafe", "schliesst"))
    0.75
    >>> share_of_slug("Anything", ())
    0.0
    """
    if not slug:
        return 0.0
    folded = fold(line) + " " + spelled(line)
    folded_words = set(re.split(r"[\W_]+", folded))
    squashed = re.sub(r"[\W_]+", "", folded)
    return sum(w in folded_words or (len(w) >= 5 and w in squashed) for w in slug) / len(slug)


@lru_cache(maxsize=4096)
def slug_precision(line: str, slug: tuple[str, ...]) -> float:
    """Share of the line's words (3+ characters, not digits only: the slug drops those) that the URL slug spells (``slug``: the
    words of :func:`slug_words`, or of its last segment alone), compared as in
    :func:`share_of_slug` (a word of 5+ letters also counts inside slug words glued together); 0 for a
    line without such words or without a slug.  The other side of :func:`share_of_slug`: a headline
    and the standfirst or breadcrumb around it may both hold the slug's words, but the headline
    holds little else.

    >>> slug = ("alternatives", "bestcrypt")
    >>> slug_precision("BestCrypt", slug), slug_precision("Ten alternatives to BestCrypt", slug)
    (1.0, 0.6666666666666666)
    >>> slug_precision("Österreich 2024", ("oesterreich", "tirol")), slug_precision("Anything", ())
    (1.0, 0.0)
    """
    if not slug:
        return 0.0
    words = [w for w in re.split(r"[\W_]+", fold(line)) if len(w) >= 3 and not w.isdigit()]
    if not words:
        return 0.0
    spelled_words = [w for w in re.split(r"[\W_]+", spelled(line)) if len(w) >= 3 and not w.isdigit()]
    known, joined = set(slug), "".join(slug)
    hits = sum(a in known or b in known or (len(a) >= 5 and (a in joined or b in joined))
               for a, b in zip(words, spelled_words if len(spelled_words) == len(words) else words))
    return hits / len(words)


# A line the URL spells out: it holds this share of the slug's words, the slug's last segment spells
# this share of the line's words, and the slug has this many words at least (set by hand: a headline
# written as a sentence, which the slug copies whole, against a lede that only repeats its words).
SPELLED_SHARE = 0.8
SPELLED_WORDS = 4


def spelled_out(line: str, slug: Sequence[str], slug_end: Sequence[str]) -> bool:
    """Whether the URL spells the line out: :data:`SPELLED_SHARE` of the slug's words (``slug``, from
    :func:`slug_words`, :data:`SPELLED_WORDS`+ of them) are in the line, and as large a share of the
    line's words are in the slug's last segment (``slug_end``) -- a headline that reads as a sentence
    (a full stop, a comma) is still the headline when the URL is made of it.

    >>> url = "https://example.org/when-the-network-is-slow-switch-off-autotuning/"
    >>> slug, end = slug_words(url), slug_words(url, segments=1)
    >>> spelled_out("When the network is slow, switch off autotuning.", slug, end)
    True
    >>> spelled_out("When the network is slow on a laptop at home, you should try to switch off autotuning.", slug, end)
    False
    """
    return (len(slug) >= SPELLED_WORDS and share_of_slug(line, tuple(slug)) >= SPELLED_SHARE
            and slug_precision(line, tuple(slug_end)) >= SPELLED_SHARE)
