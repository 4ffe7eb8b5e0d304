"""Text dumps — ``.txt`` files and the ``text`` of scraper records — to a headline and blocks of lines.

The headline is found by :mod:`cleaners.extract.headline` (candidates scored on language-neutral
features); the lines the page printed above it go to ``removed`` as ``above-headline``.

Imports :mod:`cleaners.extract.result`, :mod:`cleaners.extract.headline` and
:mod:`cleaners.boilerplate`; never ``cleaners.corpus``, ``cleaners.views``, ``flows``, Prefect or
``sqlite3``.
"""

from __future__ import annotations

import re

from collections.abc import Sequence

from cleaners.boilerplate import normalise_line
from cleaners.extract.headline import ABOVE_RULE, find_headline, find_title_line, headline_below, lines_above, rule_of
from cleaners.extract.result import Extracted

_BLANK = re.compile(r"\n\s*\n")
#: Rule name recorded for a line that repeats the story (:func:`story_copies`).
COPY_RULE = "story-copy"
#: A story copy has at least MIN_COPY_WORDS words and holds MIN_COPIED_LINES other lines of at least
#: MIN_COPIED_WORDS words (set by hand: two whole paragraphs are no coincidence).
MIN_COPY_WORDS = 40
MIN_COPIED_LINES = 2
MIN_COPIED_WORDS = 10


def split_text(text: str, *, title: str | None = None, url: str | None = None) -> Extracted:
    r"""A text dump to headline and blocks: blocks are separated by blank lines.

    The headline is the best-scoring candidate above the body
    (:func:`~cleaners.extract.headline.find_headline`; ``url`` lends its slug); it leaves the
    blocks, and the lines above it go to ``removed`` as ``{"text", "rule": "above-headline",
    "at"}`` (``at``: the line's position among the dump's lines) — but bylines, datelines and
    copies of the headline, which stay for the boilerplate rules.  With ``title`` known (a scraper
    record's), it is the headline: the line equal to it, when there is one above the body, marks
    where the story starts (the line itself stays, for the ``repeated-headline`` rule).  A dump of
    one line has no headline.

    >>> e = split_text("Flood warning lifted\n\nThe river fell overnight.\nRoads reopened.\n\nMore later.")
    >>> e.title, e.blocks
    ('Flood warning lifted', [['The river fell overnight.', 'Roads reopened.'], ['More later.']])
    >>> e = split_text("Home | World | Sport\n\nRiver bursts banks\n\nRiver bursts banks\n\n"
    ...                "The river burst its banks on Monday night after two weeks of heavy rain.")
    >>> e.title, [r["rule"] for r in e.removed]
    ('River bursts banks', ['above-headline'])
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [[line.strip() for line in chunk.split("\n") if line.strip()] for chunk in _BLANK.split(text)]
    blocks = [b for b in blocks if b]
    flat = [(b, k) for b, block in enumerate(blocks) for k in range(len(block))]
    lines = [blocks[b][k] for b, k in flat]
    if title is not None:
        found = find_title_line(lines, title)
        drop = lines_above(lines, found) if found is not None else []
        return _without(title, blocks, flat, drop, None)
    if len(lines) <= 1:
        return Extracted(None, blocks)
    copies = story_copies(lines)
    if copies:  # drop them before the headline search (recorded as removed, first in reading order)
        gone = set(copies)
        blocks = [[line for k, line in enumerate(block) if (b, k) not in {flat[i] for i in gone}]
                  for b, block in enumerate(blocks)]
        removed = [{"text": lines[i], "rule": COPY_RULE, "at": at} for at, i in enumerate(copies)]
        blocks = [b for b in blocks if b]
        inner = split_text("\n\n".join("\n".join(block) for block in blocks), url=url)
        inner.removed = removed + [{**e, "at": e["at"] + len(removed)} for e in inner.removed]
        return inner
    headline = find_headline(lines, url=url)
    if headline is not None and not story_below(lines, headline):
        headline = None  # nothing under it but lines a rule takes: it is the story, not its headline
    if headline is None:  # none above the body: one printed below it (its lines above are the story)
        below = headline_below(lines, url=url)
        return Extracted(None, blocks) if below is None else _without(lines[below], blocks, flat, [], below)
    return _without(lines[headline], blocks, flat, lines_above(lines, headline), headline)


def story_below(lines: Sequence[str], headline: int) -> bool:
    """Whether a line under ``lines[headline]`` can be story text: neither a copy of it nor a line a
    boilerplate rule takes (a byline, a dateline, a share prompt…: :func:`~cleaners.extract.headline.rule_of`).
    A headline heads a story; a line with nothing of one under it is the story itself (cleaning
    the text of an article again, its byline left in, must not take its one paragraph for a headline).

    >>> story_below(["Ferry strike called off", "By Ann Lee", "Unions called off the strike."], 0)
    True
    >>> story_below(["Unions called off the ferry strike on Tuesday.", "By Ann Lee", "Share this article"], 0)
    False
    """
    head = normalise_line(lines[headline])
    return any(normalise_line(line) != head and rule_of(line) is None for line in lines[headline + 1:])


def story_copies(lines: list[str]) -> list[int]:
    """Indices of lines that repeat the story in one line (a page's hidden ``articleBody``): a line of
    :data:`MIN_COPY_WORDS`+ words that holds :data:`MIN_COPIED_LINES`+ other lines of
    :data:`MIN_COPIED_WORDS`+ words verbatim.

    >>> paras = ["The ferry strike was called off on Tuesday after two days of talks.",
    ...          "Owners said fares would not rise this year, the company said in a statement."]
    >>> story_copies(paras + [" ".join(paras * 2)])
    [2]
    """
    long = [i for i, line in enumerate(lines) if len(line.split()) >= MIN_COPY_WORDS]
    if not long:
        return []
    parts = [line for line in lines if len(line.split()) >= MIN_COPIED_WORDS]
    return [i for i in long if sum(p != lines[i] and p in lines[i] for p in parts) >= MIN_COPIED_LINES]


def _without(title: str | None, blocks: list[list[str]], flat: list[tuple[int, int]], drop: list[int],
             headline: int | None) -> Extracted:
    """The blocks without the dropped lines (recorded) and the headline line (taken as the title)."""
    removed = [{"text": blocks[flat[i][0]][flat[i][1]], "rule": ABOVE_RULE, "at": at} for at, i in enumerate(drop)]
    gone = {flat[i] for i in drop} | ({flat[headline]} if headline is not None else set())
    kept = [[line for k, line in enumerate(block) if (b, k) not in gone] for b, block in enumerate(blocks)]
    return Extracted(title, [block for block in kept if block], removed=removed)
