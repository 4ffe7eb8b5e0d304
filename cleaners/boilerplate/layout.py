"""Layout rules: what the page's structure gives away — a copy of the story, table rows of a page laid out in a table.

A line rule (:mod:`.rules`) sees one line and a block rule (:mod:`.blocks`) a run opened by a
label; these see the page's shape: a run of paragraphs printed a second time (``repeated-run``),
a table row of links (``link-row``: the HTML tells which cells are links, :class:`.blocks.LineHint`),
a line that is a link and no paragraph (``link-line``).
A table row of one short cell is a line rule (``layout-row`` in :mod:`.rules`).  The engine
applies them after the block rules and after the page-type test, which reads the lines as they
came.  Imports :mod:`.blocks`' line predicates only; knows no site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaners.boilerplate.blocks import LINK_SHARE, is_body, words

#: A copy of the story's paragraphs printed again below it (a hidden or mobile copy of the page's
#: body, a slideshow's text): MIN_REPEATED_RUN body paragraphs in a row (lines without letters, such
#: as "-" separators, skipped) equal, in order, to an earlier run of them.  A paragraph repeated
#: alone is content (an interview's recurring question, a meal plan's recurring line on AEB) and
#: stays; set by hand on the HTML evaluation sets (README "Boilerplate and extraction figures").
REPEAT_RULE = "repeated-run"
MIN_REPEATED_RUN = 3

#: The same line printed twice in a row (a nested block's text given again by a lenient scraper, a
#: caption under its image and again in the gallery, a button and its label): the later copy goes.
#: Compared with whitespace runs as one space, case folded; only lines with letters.  A line repeated
#: further apart is left to ``repeated-run`` (a lone repeat is content there).  The engine applies it
#: last, to the lines every other rule left, so cleaning a cleaned text changes nothing.
ECHO_RULE = "echo-line"

#: What follows the story's end: once the story's last body paragraph is followed by a line that
#: a rule of :data:`END_MARKERS` removed (a share bar, a newsletter box, a promo block, comments,
#: tags, copyright, previous/next links), the lines after that marker which do not end like a
#: sentence are the page's, not the story's: teaser headlines without their heading, widget titles,
#: section links, a tag line without its colon ("Tags Ferry Harbour").  Markers that sites print
#: inside a story are none: an advertisement slot ("Advertisement", "Story continues below"), an
#: inline promo ("Related: <headline>"), a media teaser ("… – video"), a caption, a page control
#: ("UP NEXT"); a story may go on after them with lines that are no sentence (a list of fixtures:
#: ``python -m bench.boilerplate`` lost 9 such lines when they counted).  A line that ends a sentence
#: stays.  The engine applies it after the line rules, on the lines they left.
END_RULE = "after-the-end"
END_MARKERS = frozenset((
    "social-prompt", "newsletter-prompt", "prev-next-navigation", "copyright",
    "comments-prompt", "wire-signoff", "fact-box", "promo-block", "comments-block", "tag-block", "tag-list",
    "contact-line", "cookie-legal", "reprint-notice", "click-prompt", "category-count",
))
_SENTENCE_END = re.compile(r"""[.!?…。！？]["”’'»)\]]?$""")

#: A table row of links (a menu or a list of other stories in a page laid out in a table): every
#: filled cell a link (:attr:`LineHint.linked_cells`, from the HTML), at most MAX_LINK_ROW_WORDS
#: words, and not a row whose first cell alone is filled (a data table's row label, a recipe's
#: heading; on trafilatura's eval pages such rows were content).  Set by hand on L3S-GN1 (README).
LINK_ROW_RULE = "link-row"
MAX_LINK_ROW_WORDS = 12

#: A line mostly inside links (:data:`~.blocks.LINK_SHARE` of its characters or more in ``<a>``,
#: :attr:`LineHint.link_share` from the HTML) that does not read as a body paragraph
#: (:func:`~.blocks.is_body` of its text): a teaser headline or a "read also: <headline>" link left
#: alone between the story's paragraphs, a "next article" link, a promo link, in any language.  A
#: body paragraph that is a link stays.  Measured on the three HTML sets (README, "Boilerplate and
#: extraction figures"): AEB, L3S-GN1 and trafilatura-eval all gain.
LINK_LINE_RULE = "link-line"


def repeated_runs(lines: Sequence[str]) -> list[int]:
    """The lines of each later copy of a run of :data:`MIN_REPEATED_RUN` body paragraphs or more.

    Body paragraphs as :func:`is_body`, links or not (a copy's lines may be links where the first
    printing's are not); compared with whitespace runs as one space, case folded; lines without
    letters are passed over; one dictionary lookup a line.

    >>> story = [f"Paragraph {k} of the story tells what the harbour board decided on Tuesday." for k in range(4)]
    >>> repeated_runs(story + ["-", "Share this"] + story[:3])
    [6, 7, 8]
    >>> repeated_runs(story + [story[0], "Answer one.", story[1]])
    []
    """
    seq = [k for k, line in enumerate(lines) if any(ch.isalpha() for ch in line)]
    keys = [" ".join(lines[k].split()).casefold() if is_body(lines[k]) else None for k in seq]
    first: dict[str, int] = {}
    copies: list[int] = []
    p = 0
    while p < len(seq):
        key = keys[p]
        if key is not None and (f := first.get(key)) is not None:
            m = 0
            while p + m < len(seq) and f + m < p and keys[p + m] is not None and keys[p + m] == keys[f + m]:
                m += 1
            if m >= MIN_REPEATED_RUN:
                copies.extend(seq[p:p + m])
                p += m
                continue
        if key is not None:
            first.setdefault(key, p)
        p += 1
    return copies


def echo_lines(lines: Sequence[str]) -> list[int]:
    """The lines equal to the line just before them (:data:`ECHO_RULE`), lines without letters skipped.

    >>> echo_lines(["Ships return to the harbour", "Ships  return to the harbour", "", "ships return to the harbour"])
    [1, 3]
    >>> echo_lines(["Yes.", "No.", "Yes."])
    []
    """
    out: list[int] = []
    last: str | None = None
    for k, line in enumerate(lines):
        if not any(ch.isalpha() for ch in line):
            continue
        key = " ".join(line.split()).casefold()
        if key == last:
            out.append(k)
        last = key
    return out


def after_the_end(lines: Sequence[str], rules: Sequence[str | None]) -> list[int]:
    """The kept lines after the story's end (:data:`END_RULE`): ``rules`` gives, for each line, the
    rule that removed it or None when it is kept; the answer is the kept lines after the first
    :data:`END_MARKERS` line that follows the last kept body paragraph (:func:`is_body`), those not
    ending like a sentence.

    >>> lines = ["The board raised the harbour fees on Tuesday after a long consultation.", "Share this",
    ...          "Pier to reopen in May", "Tags Ferry Harbour", "Officials declined to comment."]
    >>> after_the_end(lines, [None, "social-prompt", None, None, None])
    [2, 3]
    >>> after_the_end(lines, [None, "dateline", None, None, None]), after_the_end(lines[1:], ["social-prompt"] + [None] * 3)
    ([], [])
    """
    last = next((k for k in range(len(lines) - 1, -1, -1) if rules[k] is None and is_body(lines[k])), None)
    if last is None:
        return []
    marker = next((k for k in range(last + 1, len(lines)) if rules[k] in END_MARKERS), None)
    if marker is None:
        return []
    return [k for k in range(marker + 1, len(lines)) if rules[k] is None and not _SENTENCE_END.search(lines[k].rstrip())]


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row as the extraction writes it ("| a |  | b |"), stripped; None for
    another line.

    >>> table_cells("| Business |  | Sport |"), table_cells("Business | Sport")
    (['Business', '', 'Sport'], None)
    """
    line = line.strip()
    if len(line) < 2 or line[0] != "|" or line[-1] != "|":
        return None
    return [cell.strip() for cell in line[1:-1].split("|")]


def is_link_row(line: str) -> bool:
    """A row that :data:`LINK_ROW_RULE` may take when its filled cells are links: a table row of at
    most :data:`MAX_LINK_ROW_WORDS` words, its first cell not the only one filled.

    >>> is_link_row("| Breaking News | Soccer News |"), is_link_row("|  | Rugby |")
    (True, True)
    >>> is_link_row("| CentOS |  |  |"), is_link_row("Breaking News")
    (False, False)
    """
    cells = table_cells(line)
    if not cells or not any(cells) or (cells[0] and len(cells) > 1 and not any(cells[1:])):
        return False
    return sum(words(cell) for cell in cells) <= MAX_LINK_ROW_WORDS


def link_rows(lines: Sequence[str], linked_cells: Sequence[bool] | None) -> list[int]:
    """The table rows of links (:func:`is_link_row`, with ``linked_cells`` from the HTML: one flag a
    line); none without the HTML (a text dump's row of links reads as a row of text).

    >>> link_rows(["| Breaking News | Soccer News |", "| Pos. | Boat |"], [True, False]), link_rows(["| A | B |"], None)
    ([0], [])
    """
    if linked_cells is None or len(linked_cells) != len(lines):
        return []
    return [k for k, line in enumerate(lines) if linked_cells[k] and is_link_row(line)]


def link_lines(lines: Sequence[str], links: Sequence[float] | None) -> list[int]:
    """The lines :data:`LINK_LINE_RULE` takes, with ``links`` (one link share a line, from the HTML);
    none without the HTML.

    >>> link_lines(["Ferry fares to rise in May", "The board met on Tuesday to discuss the fees."], [1.0, 0.0])
    [0]
    >>> link_lines(["The board met on Tuesday and raised the harbour fees for the summer."], [1.0])
    []
    >>> link_lines(["A"], None)
    []
    """
    if links is None or len(links) != len(lines):
        return []
    return [k for k, line in enumerate(lines) if links[k] >= LINK_SHARE and not is_body(line)]
