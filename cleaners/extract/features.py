"""The features a headline candidate of a text dump is scored on, and their weights.

:data:`FEATURES` is the table (name, weight, what it measures); :func:`features` measures one line
(each value 0 to 1) and :func:`score` weighs them.  The features are language-neutral: shapes of
the line (words, digits, separators, quotation marks, a sentence's end), where it stands (next to a
byline or dateline, next to the body), and what echoes it (the URL slug, the dump itself, the
body's words).  The search that uses them is :mod:`cleaners.extract.headline`.

Imports :mod:`cleaners.extract.slug`, :mod:`cleaners.words` and :mod:`cleaners.boilerplate`
(``normalise_line``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from cleaners.boilerplate import normalise_line
from cleaners.extract.slug import share_of_slug, slug_precision
from cleaners.words import tokens, unspaced


@dataclass(frozen=True)
class Feature:
    """One scoring feature: its ``name``, ``weight`` (added times the feature's value, 0 to 1) and
    ``source`` (where the weight comes from / what it measures)."""

    name: str
    weight: float
    source: str


# Weights set by hand, then checked on `python -m bench.textdumps` (AEB and trafilatura-eval
# dumps) and the seeds; the scale is "one strong clue = 3".
FEATURES: tuple[Feature, ...] = (
    Feature("slug", 3.0, "share of the URL slug's words found in the line (sites put the headline in the URL)"),
    Feature("slug-only", 1.5, "share of the line's words (3+ letters) that the URL's last segment spells (a "
            "standfirst, kicker or breadcrumb around the headline holds the slug's words too, but also many others; "
            "a section's name is in the segment before)"),
    Feature("repeated", 1.5, "the line occurs again within REPEAT_LINES lines (scrapers print the headline more "
            "than once, one after the other; a menu item repeated in a footer is far away)"),
    Feature("echo", 2.0, "share of the line's words (3+ letters; at least ECHO_MIN_WORDS counted, so one echoed "
            "word is weak evidence) used again in the body below"),
    Feature("near-meta", 1.0, "a byline, dateline or date-like line within 2 lines"),
    Feature("heads-meta", 0.5, "the next line is a byline, dateline or date-like line (pages print the byline "
            "right under the headline; a standfirst or kicker next to the headline is on the pair's other side)"),
    Feature("near-body", 0.5, "1 for the last candidate before the body, 1/2 for the one above it, ... "
            "(without a body line: 1 for the first candidate, 1/2 for the second, ...)"),
    Feature("length", 1.0, "1 for 3 to 14 words, 0.5 for 2 or 15-20 (a standfirst is longer), 0.2 for 21-30, "
            "0 for one word -- 0.5 when the URL's last segment is that word (a page named after a thing)"),
    Feature("digits", -4.0, "share of digits among letters and digits (dates, times, scores); a run of digits "
            "the URL's last segment spells does not count in a line whose words that segment spells (an issue or "
            "part number in the headline: Jazz Monthly 04/2023)"),
    Feature("menu", -2.5, "2+ separators (| » › · • / >, with a space on one side at least, or | » › > between "
            "two words: Home|News|Sport) or words glued together (MenuItemNext)"),
    Feature("verbatim", -3.0, "a line of 6+ words, printed once, found word for word inside a longer line of the body (a "
            "pull-quote; the same line alone in the body is a repeat, not a quote)"),
    Feature("quoted", -1.5, "wrapped in quotation marks (a quote, not a headline), times the share of the URL "
            "slug's words not in it (a quoted headline is in the slug)"),
    Feature("sentence", -1.0, "ends with a full stop and has 9+ words (a standfirst or caption)"),
    Feature("link", -3.0, "holds a web address, an e-mail address or a file name (words_joined_by_underscores), "
            "or is a bare domain name (example-shop24.com: the site's name printed as its logo)"),
    Feature("teaser", -2.0, "the line above is a promo heading by the rule table (``Related articles``, ``Watch``: "
            "what follows is a teaser of another story)"),
    Feature("credit", -2.0, "holds a copyright sign (a photo credit or caption)"),
)
WEIGHTS = {f.name: f.weight for f in FEATURES}

# The echo feature divides by at least this many words (set by hand).
ECHO_MIN_WORDS = 4
# A line of this many words or more that ends with a full stop or holds two sentences reads as prose
# (set by hand: two-sentence headlines and headlines ending with a full stop have up to ~12 words).
PROSE_WORDS = 14

SEPARATORS = re.compile(r"\s[|»›·•/>]\s|\s[|»›·•>]|[|»›·•>]\s")
_TIGHT_SEPARATOR = re.compile(r"[^\W\d_][|»›>][^\W\d_]")
_GLUED = re.compile(r"[^\W\d_A-Z]{2}[A-Z][^\W\d_A-Z]")
_LINK = re.compile(r"https?://|www\.|\S@\S+\.\w|[^\W\d_]_[^\W\d_]|^\s*[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/?\s*$")
# A sentence's end inside a line: a mark (and maybe a closing quote) after a word of 2+ letters
# (not an initial such as "J."), a space, then a capital letter.
_SENTENCE_BREAK = re.compile(r"[^\W\d_]{2}[.!?…][\"'»”’]?\s+[\"'«“„‘]?[^\W\d_a-z]")
_QUOTES = "\"'«»“”„‟‘’‚‛「」『』‹›"


def reads_as_prose(line: str) -> bool:
    """A line that reads as a paragraph, not a headline: :data:`PROSE_WORDS`+ words and either two or
    more sentences (a sentence's end -- ``.``, ``!``, ``?``, ``…``, a closing quotation mark after it
    allowed -- then a capital letter) or a full stop at its end (a lede: it repeats the URL slug's
    words too, so the slug cannot tell it from the headline).

    >>> reads_as_prose("Ferry strike called off"), reads_as_prose("The strike is over. Is the harbour safe?")
    (False, False)
    >>> reads_as_prose("Hi! My name is Ann and I make podcasts. My friends and I put love into them"), reads_as_prose(
    ...     "The ferry strike was called off on Tuesday after two days of talks with the owners.")
    (True, True)
    """
    stripped = line.strip()
    return len(stripped.split()) >= PROSE_WORDS and (stripped.endswith(".") or bool(_SENTENCE_BREAK.search(stripped)))


def digit_share(line: str, spelled_runs: Collection[str] = ()) -> float:
    """Share of digits among the line's letters and digits (0 without any); the digits of a run
    (``2022`` in ``02/2022``) that is in ``spelled_runs`` -- the runs the URL slug spells,
    :func:`~cleaners.extract.slug.slug_digits` -- do not count (an issue or part number the URL
    spells is the headline's, not a date's).

    >>> digit_share("May 2026"), digit_share("--"), digit_share("Jazz Monthly 04/2023", {"04", "2023"})
    (0.5714285714285714, 0.0, 0.0)
    """
    alnum = [c for c in line if c.isalnum()]
    if not alnum:
        return 0.0
    digits = sum(c.isdigit() for c in alnum)
    if spelled_runs and digits:
        digits -= sum(len(run) for run in re.findall(r"\d+", line) if run in spelled_runs)
    return digits / len(alnum)


def features(line: str, *, slug: Sequence[str], repeats: int, body_words: set[str], body_text: str,
             near_meta: bool, rank_from_body: int, norm: str | None = None, heads_meta: bool = False,
             slug_end: Sequence[str] = (), under_promo: bool = False,
             slug_runs: Collection[str] = ()) -> dict[str, float]:
    """The value (0 to 1) of each feature of :data:`FEATURES` for one candidate line.

    ``slug`` from :func:`~cleaners.extract.slug.slug_words`, ``slug_end`` the words of its last segment alone;
    ``under_promo`` whether the line above is a promo heading; ``slug_runs`` the runs of digits that
    do not count as digits (:func:`digit_share`: the URL slug spells them); ``repeats`` how often the line occurs in the dump;
    ``body_words``/``body_text`` the body's words and normalised lines (one a line); ``rank_from_body`` 0 for the
    last candidate above the body, 1 for the one above it, ...; ``norm`` the line through
    :func:`~cleaners.boilerplate.normalise_line` when the caller has it.

    >>> f = features("Ferry strike called off", slug=["ferry", "strike"], repeats=1,
    ...              body_words={"ferry", "strike", "unions"}, body_text="unions called off the ferry strike",
    ...              near_meta=True, rank_from_body=0)
    >>> f["slug"], f["echo"], f["near-meta"], f["digits"], f["menu"]
    (1.0, 0.5, 1.0, 0.0, 0.0)
    """
    words = tokens(line) if unspaced(line) else line.split()
    slug_share = share_of_slug(line, tuple(slug))
    norm = normalise_line(line) if norm is None else norm
    own = [w for w in norm.split() if len(w) >= 3]
    n = len(words)
    stripped = line.strip()
    only = slug_precision(line, tuple(slug_end)) if slug_share else 0.0
    return {
        "slug": slug_share,
        "slug-only": only,
        "repeated": 1.0 if repeats > 1 and (n >= 2 or only == 1.0) else 0.0,
        "echo": sum(w in body_words for w in own) / max(len(own), ECHO_MIN_WORDS),
        "near-meta": 1.0 if near_meta else 0.0,
        "heads-meta": 1.0 if heads_meta else 0.0,
        "near-body": 1.0 / (1 + rank_from_body),
        "length": 1.0 if 3 <= n <= 14 else 0.5 if 2 <= n <= 20 or (n == 1 and only == 1.0) else 0.2 if n > 20 else 0.0,
        "digits": digit_share(line, slug_runs),
        "menu": 1.0 if (len(SEPARATORS.findall(line)) + len(_TIGHT_SEPARATOR.findall(line)) >= 2
                        or len(_GLUED.findall(line)) >= 2) else 0.0,
        "verbatim": 1.0 if n >= 6 and repeats <= 1 and any(part != norm and f" {norm} " in f" {part} " for part in body_text.split("\n"))
        else 0.0,
        "quoted": 1.0 - slug_share if len(stripped) > 2 and stripped[0] in _QUOTES
        and stripped.rstrip("0123456789")[-1] in _QUOTES else 0.0,
        "sentence": 1.0 if n >= 9 and stripped.endswith(".") else 0.0,
        "link": 1.0 if _LINK.search(line) else 0.0,
        "teaser": 1.0 if under_promo else 0.0,
        "credit": 1.0 if "©" in line else 0.0,
    }


def score(values: dict[str, float]) -> float:
    """Sum of weight times value over :data:`FEATURES`.

    >>> score({"slug": 1.0, "digits": 0.5})
    1.0
    """
    return sum(WEIGHTS[name] * value for name, value in values.items())
