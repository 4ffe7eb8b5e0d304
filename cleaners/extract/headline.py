"""The headline of a text dump, found by scoring the lines above the story.

Real text dumps start with what the page printed above the story: section menus, the date and
time, weather, the site's slogan, back-links to an index, a quote from the story.  The first
headline-like line is therefore often not the headline.  :func:`find_headline` scores every
candidate line above the first run of body paragraphs on the features of :data:`FEATURES` and
takes the best; :func:`lines_above` says which lines above it go (rule ``above-headline``).

The features and their weights are :mod:`cleaners.extract.features` (language-neutral: shapes of
the line, where it stands, what echoes it); the URL slug's words are :mod:`cleaners.extract.slug`.
Words come only from the rule table (:func:`~cleaners.boilerplate.matching_rule`: a line a rule
strips is never a headline).

Imports :mod:`cleaners.boilerplate` (rule table and line predicates), :mod:`cleaners.extract.features`,
:mod:`cleaners.extract.slug`, :mod:`cleaners.metadata.author` and :mod:`cleaners.patterns`; never ``cleaners.document``,
``cleaners.corpus``, ``cleaners.views``, ``flows``, Prefect or ``sqlite3``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from cleaners.boilerplate import RULES, is_body_line, matching_rule, normalise_line
from cleaners.boilerplate.dates import DATE_RE
from cleaners.boilerplate.rules import MAX_HEADLINE_CHARS, MAX_HEADLINE_WORDS
from cleaners.extract.features import (FEATURES, SEPARATORS, WEIGHTS, Feature, digit_share, features,
                                       reads_as_prose, score)
from cleaners.extract.slug import fold, share_of_slug, slug_digits, slug_precision, slug_words, spelled, spelled_out
from cleaners.metadata.author import is_contact_line, parse_byline
from cleaners.patterns import lazy
from cleaners.words import count_words, unspaced

__all__ = ["ABOVE_RULE", "FEATURES", "WEIGHTS", "Feature", "body_start", "find_headline", "find_title_line", "fold",
           "features", "headline_below", "lines_above", "reads_as_prose", "rule_of", "score", "share_of_slug",
           "slug_words", "spelled", "unglued"]

#: Rule name recorded for a line above the headline (in ``removed``).
ABOVE_RULE = "above-headline"


# How far down a dump the headline is looked for: lines (set by hand: the AEB dumps put up to ~25
# lines of menus and teasers above the headline).
SCAN_LINES = 40
# Lines of body read for the echo feature (set by hand: enough for the lede and a few paragraphs).
ECHO_LINES = 40
# A repeat counts when it is at most this many lines away (set by hand).
REPEAT_LINES = 3
# A line at the body's start is a candidate too when this share of the URL slug's words is in it,
# or when it is a question or exclamation of 20 words at most (a headline that ends like a
# sentence; set by hand).
SLUG_SHARE_AT_BODY = 0.6
# A headline below a first run of body lines (a ticker of teasers) is taken when it holds this share of
# the URL slug's words, the slug has at least LATE_SLUG_WORDS words, and a byline or date follows within
# LATE_META_LINES lines (set by hand on the AEB dumps: a sub-heading of the story rarely echoes the slug).
LATE_SLUG_SHARE = 0.8
LATE_SLUG_WORDS = 3
LATE_META_LINES = 3
# A question or exclamation of at most this many words may be a headline though it reads as a body line (set by hand).
ASKING_WORDS = 20
# A headline printed only below the story's start (headline_below) wins over the best line above the
# body when that holds less than this share of the URL slug's words (set by hand).
WEAK_SLUG_SHARE = 0.5
# A headline below a stray paragraph (_below_stray) is looked for this many lines below it (set by hand).
STRAY_LINES = 3
# A run of digits the URL slug spells is not a date's in a line when the slug's last segment spells
# this share of the line's words (set by hand: the headline's own words, not a dateline's).
SPELLED_DIGITS_SHARE = 0.5
# A line holding a date is a date line under the headline (dated) when it has at most this many words
# (set by hand: a date, a name and a comment link, not a paragraph that mentions a date).
DATED_WORDS = 10
_DATED = lazy(rf"(?<![\w.])(?:{DATE_RE})(?!\d)", re.IGNORECASE | re.VERBOSE)  # compiled on first use
# A link to the rest of a teaser (more_link) has at most this many words (set by hand).
MORE_WORDS = 3
# A line is read as the body's start when it and one of the next BODY_RUN lines are body lines.
BODY_RUN = 3

# Rules whose line heads a box of teasers of other stories (the rule table's names).
PROMO_RULES = frozenset({"inline-promo", "media-teaser"})
_TO_RULES = frozenset(r.name for r in RULES if r.to)  # byline, datelines: they carry metadata


def body_start(lines: Sequence[str]) -> int:
    """Index of the first line that begins a run of body paragraphs (it and one of the next
    :data:`BODY_RUN` lines are :func:`~cleaners.boilerplate.is_body_line`), else of the first body
    line, else ``len(lines)``; looked for among the first :data:`SCAN_LINES` lines only.

    >>> body_start(["Menu", "Ferry strike called off", "Unions called off the strike on Tuesday after two days.",
    ...             "Owners said fares would not rise this year, the company said."])
    2
    """
    scan = list(lines[: SCAN_LINES + BODY_RUN])
    body = [is_body_line(line) for line in scan]
    for i in range(min(len(scan), SCAN_LINES)):
        if body[i] and any(body[i + 1: i + 1 + BODY_RUN]):
            return i
    return next((i for i in range(min(len(scan), SCAN_LINES)) if body[i]), min(len(lines), SCAN_LINES))


@lru_cache(maxsize=4096)
def rule_of(line: str) -> str | None:
    """:func:`~cleaners.boilerplate.matching_rule`, remembered for the last 4,096 lines (a site's
    menus and slogans recur in every dump; the rule table is the costliest part of the search).

    >>> rule_of("Home › News › Tech")
    'breadcrumb'
    """
    return matching_rule(line)


def _is_candidate(line: str, rule: str | None) -> bool:
    words = count_words(line) if unspaced(line) else len(line.split())
    return (rule is None and 0 < words <= MAX_HEADLINE_WORDS and len(line) <= MAX_HEADLINE_CHARS
            and not line.endswith((",", ";", ":")) and any(c.isalpha() for c in line))


def _is_meta(line: str, rule: str | None, runs: Collection[str] = ()) -> bool:
    """A byline or dateline by the rule table, or a short line that is mostly digits (a date; the
    digits of ``runs``, the URL slug's, do not count: :func:`digits_spelled`)."""
    return (rule in _TO_RULES or (len(line.split()) <= 12 and digit_share(line, runs) >= 0.3) or is_contact_line(line)
            or parse_byline(line) is not None)


def digits_spelled(line: str, runs: frozenset[str], slug_end: Sequence[str]) -> frozenset[str]:
    """The runs of digits of the URL slug (``runs``, :func:`~cleaners.extract.slug.slug_digits`)
    that do not count as a date's digits in this line: all of them when the slug's last segment
    (``slug_end``) spells :data:`SPELLED_DIGITS_SHARE` of the line's words (``Jazz Monthly 04/2023``
    on ``/jazz-monthly-04-2023/``: the number is the headline's), else none (a date line next to the
    headline holds the same numbers but not the slug's words).

    >>> sorted(digits_spelled("Jazz Monthly 04/2023", frozenset({"04", "2023"}), ["jazz", "monthly"]))
    ['04', '2023']
    >>> digits_spelled("Monday 04/2023", frozenset({"04", "2023"}), ["jazz", "monthly"])
    frozenset()
    """
    if runs and slug_precision(line, tuple(slug_end)) >= SPELLED_DIGITS_SHARE:
        return runs
    return frozenset()





def find_headline(lines: Sequence[str], *, url: str | None = None) -> int | None:
    """Index of the headline among a dump's non-empty lines, or None when no line above the body
    can be one.

    >>> find_headline(["News | Sport | Weather", "Monday 4 May 2026 14:05", "Ferry strike called off",
    ...     "By Ann Porter", "Unions called off the ferry strike on Tuesday after two days of talks.",
    ...     "The ferry owners said the strike had cost them two million pounds in lost fares."])
    2
    >>> find_headline(["Unions called off the ferry strike on Tuesday after two days of talks.",
    ...                "The owners said fares would not rise this year after all, he said."]) is None
    True
    """
    start = body_start(lines)
    slug, slug_end, runs = slug_words(url), slug_words(url, segments=1), slug_digits(url)
    late = _below_ticker(lines, start, slug)
    if late is not None:  # a ticker of teasers (headline + lede) above the headline: the story starts below
        start = late + 1 + body_start(lines[late + 1:])
    else:
        start = _below_stray(lines, start, slug, slug_end)
    top = list(lines[:start])
    rules = [rule_of(line) for line in top]
    candidates = [i for i, line in enumerate(top) if _is_candidate(line, rules[i]) or (
        rules[i] not in _TO_RULES and len(slug) >= LATE_SLUG_WORDS and _is_candidate(line, None)
        and share_of_slug(line, tuple(slug)) >= LATE_SLUG_SHARE)]  # a rule's false alarm: the URL spells it
    chosen = set(candidates)
    rules = [None if i in chosen else rule for i, rule in enumerate(rules)]
    dated_below = False  # the candidate at the body's start heads a byline or date line
    if start < len(lines) and _is_candidate(lines[start], rule_of(lines[start])):
        at_body = share_of_slug(lines[start], tuple(slug))
        dated_below = heads_dated(lines, start)
        if (not reads_as_prose(lines[start]) or spelled_out(lines[start], slug, slug_end)) and (
                at_body >= SLUG_SHARE_AT_BODY or _asks(lines[start])
                or lines[start] in lines[start + 1: start + 1 + REPEAT_LINES] or dated_below):
            top.append(lines[start])
            rules.append(None)
            candidates.append(start)
            start += 1
        else:
            dated_below = False
    if not candidates:
        return None
    norms = [normalise_line(line) for line in top]
    below = [normalise_line(line) for line in lines[start: start + ECHO_LINES]]
    body_words = {w for norm in below for w in norm.split() if len(w) >= 3}
    body_text = "\n".join(below)
    spelled_runs = [digits_spelled(line, runs, slug_end) for line in top]
    meta = [_is_meta(line, rule, spelled_runs[j]) for j, (line, rule) in enumerate(zip(top, rules))]
    # a bare name just above "Email the author" is a byline too (cleaners.metadata.resolve reads it so)
    meta = [m or (j + 1 < len(top) and is_contact_line(top[j + 1])) for j, m in enumerate(meta)]
    best, best_score = None, float("-inf")
    order = candidates if start == len(lines) else candidates[::-1]  # no body: nearest the top is "nearest"
    for rank, i in enumerate(order):
        if meta[i]:  # a byline, contact or date line is never the headline
            continue
        heads = meta[i + 1] if i + 1 < len(top) else dated_below
        near = heads or any(meta[j] for j in range(max(0, i - 2), min(len(top), i + 3)) if j != i)
        repeats = sum(norms[j] == norms[i] for j in range(max(0, i - REPEAT_LINES), i + REPEAT_LINES + 1)
                      if j < len(norms)) + below[:max(0, REPEAT_LINES - (len(top) - 1 - i))].count(norms[i])
        value = score(features(top[i], slug=slug, repeats=repeats, body_words=body_words,
                               body_text=body_text, near_meta=near, rank_from_body=rank, norm=norms[i],
                               heads_meta=heads, slug_end=slug_end,
                               under_promo=(i > 0 and rules[i - 1] in PROMO_RULES) or (i + 1 < len(top) and more_link(top[i + 1])),
                               slug_runs=spelled_runs[i]))
        if value > best_score:
            best, best_score = i, value
    if best is None or (share_of_slug(top[best], tuple(slug)) < WEAK_SLUG_SHARE and headline_below(lines, url=url)):
        return None  # the slug spells a line below, not the best above: the headline is printed below the story
    # the first printing of the headline when the page prints it twice, once in other letter case
    best = next(j for j in range(max(0, best - REPEAT_LINES), best + 1) if top[j].casefold() == top[best].casefold())
    kept = [i for i in candidates if not meta[i]]
    if start < len(lines) and _is_candidate(lines[start], rule_of(lines[start])):  # the headline alone right below
        return unglued(best, kept + [start], [*top, lines[start]], [*norms, below[0]])
    return unglued(best, kept, top, norms)


def unglued(best: int, candidates: Sequence[int], lines: Sequence[str], norms: Sequence[str]) -> int:
    """The candidate whose text ends the best line's, when there is one: a breadcrumb, section or
    kicker printed on the headline's line (``Home » News » Ferry strike called off``,
    ``Forum>Ferry strike called off``, ``NewsFerry strike called off``) while the page prints the
    headline alone too.  The cut must fall between words (or where a capital follows a small
    letter: words glued together), and what is cut off must hold a separator (see
    :func:`features`' ``menu``) or be no longer than what is kept (else the shorter line is a tag
    or menu entry that happens to end the headline: ``Wine tour of Rioja, Spain`` and ``Spain``).
    Among several, the longest; ``norms`` are the lines through
    :func:`~cleaners.boilerplate.normalise_line`.

    >>> lines = ["Home » News » Ferry strike called off", "Ferry strike called off", "Called off", "off"]
    >>> norms = [normalise_line(line) for line in lines]
    >>> unglued(0, [0, 1, 2, 3], lines, norms), unglued(1, [0, 1, 2, 3], lines, norms)
    (1, 2)
    >>> unglued(1, [1, 3], lines, norms), unglued(0, [0, 1], ["NewsFerry strike off", "Ferry strike off"],
    ...                                            ["newsferry strike off", "ferry strike off"])
    (1, 1)
    >>> unglued(2, [1, 2], ["Austria Tyrol", "Ischgl", "Austria Tyrol Ischgl"], ["austria tyrol", "ischgl",
    ...                                                                        "austria tyrol ischgl"])
    1
    """
    whole, line = norms[best], lines[best].strip()

    def ends(i: int) -> bool:
        part, raw = norms[i], lines[i].strip()
        if not part or len(part) >= len(whole) or not whole.endswith(part):
            return False
        glued = line.endswith(raw) and raw[:1].isupper() and line[-len(raw) - 1: -len(raw)].islower()
        if not (whole.endswith(" " + part) or glued):
            return False
        cut = line[: len(line) - len(raw)] if line.endswith(raw) else line
        return (bool(SEPARATORS.search(cut + " ")) or glued or len(part.split()) * 2 >= len(whole.split())
                or (i > 0 and i - 1 != best and whole[: len(whole) - len(part)].strip() == norms[i - 1]))

    return max((i for i in candidates if ends(i)), key=lambda i: len(norms[i]), default=best)


def dated(line: str) -> bool:
    """A short line (:data:`DATED_WORDS` words at most) that holds a full date (``28 May 2026 by
    ann_p Leave a comment``, ``Posted on 4 May 2026 by Ann``: a blog's date, author and comment link
    on one line, in any language the date patterns know, :mod:`cleaners.boilerplate.dates`) -- pages
    print that right under the headline.  Not a reason to drop the line (a headline may hold a date
    too): only a clue for the line above it at the body's start (:func:`heads_dated`).

    >>> dated("Publicado el 4 de mayo de 2026 por Ana"), dated("Ferry strike called off")
    (True, False)
    """
    return len(line.split()) <= DATED_WORDS and any(c.isdigit() for c in line) and bool(_DATED.search(line))


def heads_dated(lines: Sequence[str], i: int) -> bool:
    """Whether the line after ``lines[i]`` is a byline or date line (:func:`_is_meta`) or a short
    line that holds a date (:func:`dated`) -- pages print that right under the headline, rarely
    under a paragraph.

    >>> heads_dated(["Ferry strike called off", "4 May 2026 ann_p 2 comments", "Unions said..."], 0)
    True
    >>> heads_dated(["Ferry strike called off", "Unions said on Monday that the strike was over."], 0)
    False
    """
    if i + 1 >= len(lines):
        return False
    after = lines[i + 1]
    return _is_meta(after, rule_of(after)) or dated(after)


def more_link(line: str) -> bool:
    """A link to the rest of a teaser: :data:`MORE_WORDS` words at most, ending with an ellipsis
    (``Read more…``, ``Mehr erfahren...``, ``Lire la suite…``) -- the line above it is a teaser.

    >>> more_link("Mehr erfahren…"), more_link("Leer más..."), more_link("Ferry strike called off")
    (True, True, False)
    """
    return line.rstrip().endswith(("…", "...")) and len(line.split()) <= MORE_WORDS


def _asks(line: str) -> bool:
    """A question or exclamation of :data:`ASKING_WORDS` words at most (a headline that ends like a sentence)."""
    return line.endswith(("?", "!")) and len(line.split()) <= ASKING_WORDS


def _below_stray(lines: Sequence[str], start: int, slug: Sequence[str], slug_end: Sequence[str] = ()) -> int:
    """Where the story starts when a stray paragraph (a teaser, an advert, a blog's description)
    stands above the headline and so seems to start the body: the index of the first of the
    :data:`STRAY_LINES` lines after ``start`` that is a candidate and either is printed again within
    :data:`REPEAT_LINES` lines (the headline twice, a standfirst between) with a body line somewhere
    under the second copy, and is not prose, or holds
    :data:`LATE_SLUG_SHARE` of the URL slug's words (2+ of them), or of its last segment's words (3+ of
    them), and is neither prose nor a body line (a short question or exclamation may be one), or
    is a line the URL spells out (:func:`~cleaners.extract.slug.spelled_out`, ``slug_end`` the words of
    its last segment) -- when no candidate above ``start`` holds half of the slug's words; else
    ``start``.  The line found is then a candidate at the body's start (:func:`find_headline`).

    >>> stray = ["Menu", "Our team keeps your home clean around the clock, call us today!",
    ...          "Cleaning firm expands to Vienna", "The cleaning firm founded four years ago in Villach opens a branch."]
    >>> _below_stray(stray, 1, ["cleaning", "firm", "expands", "vienna"]), _below_stray(stray, 1, ["menu", "team"])
    (2, 1)
    """
    if start >= len(lines):
        return start
    key = tuple(slug)
    if any(share_of_slug(lines[i], key) >= 0.5 and _is_candidate(lines[i], rule_of(lines[i])) for i in range(start)):
        return start
    for j in range(start + 1, min(len(lines), start + 1 + STRAY_LINES)):
        if not _is_candidate(lines[j], rule_of(lines[j])):
            continue
        if (lines[j] in lines[j + 1: j + 1 + REPEAT_LINES] and not reads_as_prose(lines[j])
                and any(is_body_line(line) for line in lines[lines.index(lines[j], j + 1) + 1:])):
            return j  # printed twice, one copy right after the other, a story under it: the headline
        in_slug = ((len(slug) >= 2 and share_of_slug(lines[j], key) >= LATE_SLUG_SHARE)
                   or (len(slug_end) >= LATE_SLUG_WORDS and share_of_slug(lines[j], tuple(slug_end)) >= LATE_SLUG_SHARE))
        if in_slug and ((not reads_as_prose(lines[j]) and (not is_body_line(lines[j]) or _asks(lines[j])))
                        or spelled_out(lines[j], slug, slug_end)):
            return j
    return start


def _below_ticker(lines: Sequence[str], start: int, slug: Sequence[str]) -> int | None:
    """A headline below the first body run: a candidate line among the first :data:`SCAN_LINES`
    that holds :data:`LATE_SLUG_SHARE` of the URL slug's words (at least :data:`LATE_SLUG_WORDS`
    of them), has a byline or date within the next :data:`LATE_META_LINES` lines, and opens one of
    the lines above it (the ticker's teaser of the same story: headline and lede on one line); else None.

    >>> ticker = ["Port fees rise again: the harbour board raised fees on Monday after a long vote.",
    ...           "Ferry strike called off LONDON: unions called off the ferry strike on Tuesday night."]
    >>> _below_ticker(ticker + ["Ferry strike called off", "4 May 2026", "Unions called off the strike."], 0,
    ...               ["ferry", "strike", "called", "off"])
    2
    """
    if len(slug) < LATE_SLUG_WORDS or start >= len(lines):
        return None
    for j in range(start + 1, min(len(lines) - 1, SCAN_LINES)):
        line = lines[j]
        if is_body_line(line) or not _is_candidate(line, rule_of(line)):
            continue
        share = share_of_slug(line, tuple(slug))
        if share < LATE_SLUG_SHARE or not any(_is_meta(x, rule_of(x)) for x in lines[j + 1: j + 1 + LATE_META_LINES]):
            continue
        norm = normalise_line(line)
        if any(len(x) > len(norm) and x.startswith(norm + " ")  # the ticker's teaser of this story: headline and lede
               for x in map(normalise_line, lines[start:j])):
            return j
    return None


def headline_below(lines: Sequence[str], *, url: str | None = None) -> int | None:
    """For a dump with no headline above its body (:func:`find_headline` gave None): the first line
    below that is a candidate holding :data:`LATE_SLUG_SHARE` of the URL slug's words (at least
    :data:`LATE_SLUG_WORDS` of them) — pages print their headline again in hidden metadata below the
    story; else None.

    >>> headline_below(["Unions called off the ferry strike on Tuesday after two days of talks.",
    ...                 "The owners said fares would not rise this year after all, he said.",
    ...                 "Ferry strike called off"], url="https://example.org/ferry-strike-called-off")
    2
    """
    slug = slug_words(url)
    if len(slug) < LATE_SLUG_WORDS:
        return None
    key = tuple(slug)
    for j, line in enumerate(lines):  # the cheap tests first: the rule table is the costliest
        if (len(line) <= MAX_HEADLINE_CHARS and not is_body_line(line) and share_of_slug(line, key) >= LATE_SLUG_SHARE
                and _is_candidate(line, rule_of(line))):
            return j
    return None


def find_title_line(lines: Sequence[str], title: str) -> int | None:
    """Index of the line above the body that is the given title (compared through
    :func:`~cleaners.boilerplate.normalise_line`), or None.

    >>> find_title_line(["Menu", "Ferry strike called off!", "Unions called off the strike on Tuesday after talks."],
    ...                 "Ferry Strike Called Off")
    1
    """
    norm = normalise_line(title)
    if not norm:
        return None
    return next((i for i, line in enumerate(lines[: body_start(lines)]) if normalise_line(line) == norm), None)


def lines_above(lines: Sequence[str], headline: int) -> list[int]:
    """Indices of the lines above the headline that go as ``above-headline``: all of them but
    bylines and datelines by the rule table (left for the rules, which move them to metadata) and
    copies of the headline (left for the ``repeated-headline`` rule).

    >>> lines_above(["Sport | News", "By Ann Porter", "Ferry strike called off", "Weather: 14C",
    ...              "Ferry strike called off"], 4)
    [0, 3]
    """
    norm = normalise_line(lines[headline])
    return [i for i in range(headline)
            if normalise_line(lines[i]) != norm and rule_of(lines[i]) not in _TO_RULES]
