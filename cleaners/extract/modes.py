"""Merging trafilatura's two texts of a page: the blocks only the mode not chosen kept, put back.

:mod:`cleaners.extract.html` runs trafilatura's default and precision modes on one parsed page and
chooses one text (:func:`cleaners.extract.html.choose_text`); :func:`merge_modes` puts back what
only the other mode kept, judged on the page's markup.  Imports
:data:`cleaners.boilerplate.blocks.LINK_SHARE`, :func:`cleaners.boilerplate.engine.is_body_line` and
:func:`cleaners.words.count_words`; never ``cleaners.corpus``, ``flows``, Prefect or ``sqlite3``.
"""

from __future__ import annotations

import lxml.etree
import lxml.html

from cleaners.boilerplate.blocks import LINK_SHARE
from cleaners.boilerplate.engine import is_body_line
from cleaners.words import count_words

# The wrappers between a block and its container (lists, tables, inline elements); set by hand.
_WRAPPER_TAGS = frozenset({"ul", "ol", "li", "dl", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "span", "a",
                           "em", "strong", "b", "i", "font", "small", "center"})

#: A block only one of trafilatura's modes kept is not added to the other's text
#: (:func:`merge_modes`) when this share of its word pairs is in that text already: it is a kept
#: block again, in the other mode's version (the precision mode leaves a link's words out of a
#: paragraph).  Set by hand: a paragraph put back twice (AEB 0.9755 -> 0.9753) is what it stops.
MERGE_MAX_SEEN = 0.5
# Containers whose blocks are never put back from the default mode (figures, captions, asides,
# navigation, headers, footers, forms, quotes); set by hand from the HTML living standard.
_NOT_BODY = frozenset({"aside", "figure", "figcaption", "nav", "header", "footer", "form", "blockquote"})


def merge_modes(lines: list[str], other: str | None,
                leaves: list[tuple[lxml.etree._Element, str]] | None = None) -> list[str]:
    """The chosen mode's lines, with the blocks that only trafilatura's other mode kept, each put
    after the line both modes keep above it (in front of the first one when none is above).

    ``other`` is the text of the mode not chosen.  Without ``leaves``, its lines are trusted (the
    precision mode's text, when the default one was chosen).  With ``leaves`` (the default mode's
    text, when the precision one was chosen: :func:`~cleaners.extract.html.leaf_blocks` of the page) a line is put back only
    as a block of the story's body: between two lines both modes keep (or below them, when it reads
    as a body paragraph: :func:`~cleaners.boilerplate.engine.is_body_line`), the text of a leaf block
    of two or more words (:func:`~cleaners.words.count_words`: a lone word is a label) whose share in
    links is under :data:`~cleaners.boilerplate.blocks.LINK_SHARE`, not a quote and inside no
    figure, caption, aside, navigation, header, footer, form or quote, and in the same container
    (:func:`container`) as a block next to it in that mode's text (one story body; a box
    between paragraphs has its own).  Never put back: a line the chosen text holds, with any line
    breaks, or whose word pairs it mostly holds (:data:`MERGE_MAX_SEEN`).  When the modes share no
    line, nothing is put back from the default mode, and the precision mode's text is put in front
    of the default one's when half its words or more are in body paragraphs
    (:func:`~cleaners.boilerplate.engine.is_body_line`: the story, which the default mode missed for
    another part of the page; a list of teasers or scores is not put back).  Measured on the three
    HTML sets: README, "Boilerplate and extraction figures".

    >>> merge_modes(["Fares rise.", "Boats pay more."], "Fares rise.\\nFerries run late in May.\\nBoats pay more.")
    ['Fares rise.', 'Ferries run late in May.', 'Boats pay more.']
    >>> from cleaners.extract.html import leaf_blocks
    >>> tree = lxml.html.fromstring("<div><p>Fares rise.</p><aside><p>Ferries late.</p></aside><p>Boats pay.</p></div>")
    >>> merge_modes(["Fares rise.", "Boats pay."], "Fares rise.\\nFerries late.\\nBoats pay.", leaf_blocks(tree))
    ['Fares rise.', 'Boats pay.']
    """
    keys = [" ".join(line.split()) for line in lines]
    have = set(keys)
    others = [key for line in (other or "").split("\n") if (key := " ".join(line.split()))]
    shared = [i for i, key in enumerate(others) if key in have]
    if not shared and leaves is None and others and 2 * _prose_words(others) >= sum(len(k.split()) for k in others):
        return [*others, *lines]  # no line in common: the precision mode read another part of the page
    if not shared or len(shared) == len(others):
        return lines
    whole, seen = "".join("".join(keys).split()), _word_pairs(" ".join(keys))
    found: dict[str, lxml.etree._Element] = {}
    for el, key in leaves or ():
        found.setdefault(key, el)
    at_key = {key: n for n, key in reversed(list(enumerate(keys)))}  # first place of each line
    adds: list[tuple[int, str]] = []
    above = None  # the last line both modes keep, above the one read
    for i, key in enumerate(others):
        if key in have:
            above = key
            continue
        pairs = _word_pairs(key)
        if "".join(key.split()) in whole or len(pairs & seen) >= MERGE_MAX_SEEN * len(pairs):
            continue
        if leaves is not None and not (above is not None and (i < shared[-1] or is_body_line(key))
                                       and _body_block(found, key, others[i - 1:i + 2:2])):
            continue
        adds.append((at_key[above] + 1 if above is not None else at_key[others[shared[0]]], key))
    merged = list(lines)
    for at, key in reversed(sorted(adds, key=lambda add: add[0])):  # stable: lines put at one place stay in order
        merged.insert(at, key)
    return merged


def _body_block(found: dict[str, lxml.etree._Element], key: str, near: list[str]) -> bool:
    """Whether a line of the default mode reads as a block of the story's body (:func:`merge_modes`)."""
    el = found.get(key)
    if el is None or count_words(key) < 2 or link_share(el, key) >= LINK_SHARE \
            or any(isinstance(anc.tag, str) and anc.tag.lower() in _NOT_BODY for anc in (el, *el.iterancestors())):
        return False
    box = container(el)
    return any((block := found.get(line)) is not None and container(block) is box for line in near)


def _prose_words(lines: list[str]) -> int:
    """The words of the lines that read as body paragraphs (:func:`~cleaners.boilerplate.engine.is_body_line`)."""
    return sum(len(line.split()) for line in lines if is_body_line(line))


def _word_pairs(text: str) -> set[tuple[str, ...]]:
    """The pairs of consecutive words of a text (its one word when it has one)."""
    words = text.split()
    return set(zip(words, words[1:])) if len(words) > 1 else {tuple(words)}


def container(el: lxml.etree._Element) -> lxml.etree._Element | None:
    """A block's nearest ancestor that is not a list, table or inline wrapper (None at the root): the
    box whose blocks are read together (one story body, one fact box, one list of links).

    >>> link = lxml.html.fromstring("<div id='box'><ul><li><a href='/'>One</a></li></ul></div>").find(".//a")
    >>> container(link).get("id")
    'box'
    """
    box = el.getparent()
    while box is not None and isinstance(box.tag, str) and box.tag.lower() in _WRAPPER_TAGS:
        box = box.getparent()
    return box


def link_share(el: lxml.etree._Element, text: str) -> float:
    """The share of ``text`` (an element's text, whitespace runs as one space) inside ``<a>``: 1.0
    when the element is inside a link.

    >>> link_share(lxml.html.fromstring("<p>Fares <a href='/f'>rise</a></p>"), "Fares rise")
    0.4
    """
    if any(isinstance(a.tag, str) and a.tag.lower() == "a" for a in el.iterancestors()):
        return 1.0
    return min(1.0, sum(len(" ".join(a.text_content().split())) for a in el.iter("a")) / max(len(text), 1))
