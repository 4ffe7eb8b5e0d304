"""Text dumps — ``.txt`` files and the ``text`` of scraper records — to a headline and blocks of lines.

Imports :mod:`cleaners.extract.result` and :mod:`cleaners.boilerplate` (the rule table: a
breadcrumb or an "Advertisement" is never the headline; the line predicates); never
``cleaners.corpus``, ``cleaners.views``, ``flows``, Prefect or ``sqlite3``.
"""

from __future__ import annotations

import re
from collections import Counter

from cleaners.boilerplate import HEADLINE_SEARCH_BLOCKS, is_headline, matching_rule, normalise_line
from cleaners.extract.result import Extracted

_BLANK = re.compile(r"\n\s*\n")


def split_text(text: str, *, title: str | None = None) -> Extracted:
    r"""A text dump to headline and blocks: blocks are separated by blank lines.

    The headline is a short line (:func:`~cleaners.boilerplate.is_headline`) among the first
    :data:`~cleaners.boilerplate.HEADLINE_SEARCH_BLOCKS` lines that no rule strips, which the dump
    repeats (scrapers often print it more than once, compared by
    :func:`~cleaners.boilerplate.normalise_line`), else the first such line of four words or more.
    Lines above it stay in the blocks for the boilerplate rules to judge.  With ``title`` known
    (a scraper record's), no line is taken out.  A dump of one line has no headline.

    >>> e = split_text("Flood warning lifted\n\nThe river fell overnight.\nRoads reopened.\n\nMore later.")
    >>> e.title, e.blocks
    ('Flood warning lifted', [['The river fell overnight.', 'Roads reopened.'], ['More later.']])
    >>> split_text("WORLD — News\n\nRiver bursts banks\n\nRiver bursts banks\n\nThe river burst its banks.").title
    'River bursts banks'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [[line.strip() for line in chunk.split("\n") if line.strip()] for chunk in _BLANK.split(text)]
    blocks = [b for b in blocks if b]
    if title is not None:
        return Extracted(title, blocks)
    top = [(b, k, line) for b, block in enumerate(blocks[:HEADLINE_SEARCH_BLOCKS]) for k, line in enumerate(block)
           if not matching_rule(line)][:HEADLINE_SEARCH_BLOCKS]
    candidates = [(b, k, line) for b, k, line in top if is_headline(line)]
    counts = Counter(normalise_line(line) for _, _, line in top)
    chosen = next((c for c in candidates if counts[normalise_line(c[2])] > 1), None)
    if chosen is None:
        chosen = next((c for c in candidates if len(c[2].split()) >= 4), candidates[0] if candidates else None)
    if chosen is None or (len(blocks) == 1 and len(blocks[0]) == 1):
        return Extracted(None, blocks)
    b, k, headline = chosen
    blocks[b] = blocks[b][:k] + blocks[b][k + 1:]
    return Extracted(headline, [block for block in blocks if block])
