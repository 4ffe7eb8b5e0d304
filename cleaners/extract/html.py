"""HTML pages: sniffing, and extraction through trafilatura (text and metadata).

Nothing is ever fetched: trafilatura is given the page, never a URL to download.

Imports :mod:`cleaners.extract.result`, :class:`cleaners.boilerplate.blocks.LineHint`, :func:`cleaners.boilerplate.layout.table_cells`, :mod:`cleaners.extract.modes` (merging the two modes' texts) and :mod:`cleaners.metadata` (authors, hosts, what the page declares); never ``cleaners.corpus``, ``cleaners.views``,
``flows``, Prefect or ``sqlite3``.
"""

from __future__ import annotations

import copy
import datetime
import functools
import re
import lxml.etree
import lxml.html

from cleaners.boilerplate.blocks import LINK_SHARE, LineHint
from cleaners.boilerplate.layout import table_cells
from cleaners.boilerplate.engine import is_body_line
from cleaners.extract.modes import container, link_share, merge_modes
from cleaners.extract.result import ExtractionError, Extracted
from cleaners.metadata import clean_authors, join_authors, url_host
from cleaners.metadata.page import page_metadata

#: Share of the default extraction's words that trafilatura's precision mode must keep for its
#: text to be used (:func:`choose_text`): measured on the three HTML evaluation sets (README,
#: "Figures"), where 0.5-0.7 all beat either mode alone.
PRECISE_MIN_SHARE = 0.6
# A page starts with a doctype or one of these tags (after comments), or its first 2,000
# characters hold 5 or more common tags: set by hand, checked on raw/ and the evaluation sets.
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|article|div|p)\b",
                         re.IGNORECASE | re.DOTALL)
_TAG_SAMPLE = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|article|section|li|ul|table|td|img)\b[^>]*>", re.I)
_SNIFF_CHARS = 2000
_MIN_TAGS = 5

#: Elements of a parsed page (comments and processing instructions included) above which
#: trafilatura is not run and the page takes the cheap path (:func:`extract_blocks`).
#: trafilatura's cost grows faster than the page (it runs twice, and its metadata search alone
#: takes 46 s on a page of 100,000 ``<p>``): pages of ``<p>`` took 9.6 s at 10,000 elements and
#: 17.4 s at 15,000 through it (``python -m bench.bigpage``, best of 3, shared 2-core machine at
#: load 9).  The largest page of the three HTML evaluation sets has 10,112 elements, so every
#: evaluated page keeps trafilatura's output (``bench.extraction`` unchanged); the cap is that
#: plus ~20 %, as low as that allows.
MAX_EXTRACT_ELEMENTS = 12_000
#: Block elements and line breaks (``<p>``, ``<div>``, ``<li>``, ``<td>``, ``<br>``…: the lines the
#: cheap path could give) above which a page is rejected ``too-many-blocks`` before any extraction.
#: The rule engine costs 0.1-0.3 ms a line (each line against the rule table): a page of 20,000
#: ``<p>`` took 6.8 s on the cheap path at load 9 (``python -m bench.bigpage``), so 25,000 keeps
#: a page within the 10 s it may cost; no news article has that many (the largest page of the
#: evaluation sets has 10,112 elements in all).
MAX_BLOCKS = 25_000
# The cheap path: elements whose text is never article text (dropped with their content) and the
# elements that start a new line; everything else is inline.  From the HTML living standard's
# block-level ("flow") elements; set by hand.
_DROP_TAGS = ("head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe",
              "svg", "math", "button", "select", "textarea", "object", "embed", "canvas", "video", "audio")
_BLOCK_TAGS = frozenset({
    "html", "body", "main", "article", "section", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre",
    "figure", "figcaption", "address", "center", "details", "summary", "fieldset", "legend", "hr", "hgroup"})

# Structure hints (:func:`line_hints`): the leaf blocks a line of trafilatura's text comes from (the
# wrappers between a block and its container: :func:`cleaners.extract.modes.container`); set by hand.
_LEAF_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "blockquote", "figcaption", "pre",
              "div")


def looks_like_html(text: str) -> bool:
    """Whether text is an HTML page or fragment rather than plain text.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Plain <b> text with one tag and a long story after it")
    False
    """
    head = text[:_SNIFF_CHARS]
    return bool(_HTML_START.match(head)) or len(_TAG_SAMPLE.findall(head)) >= _MIN_TAGS


def extract_html(html: str, *, url: str | None = None, max_elements: int = MAX_EXTRACT_ELEMENTS,
                 max_blocks: int = MAX_BLOCKS) -> Extracted:
    """An HTML page to headline, metadata and body (one line per block), through trafilatura.

    A page of more than ``max_elements`` elements (:data:`MAX_EXTRACT_ELEMENTS`) is extracted
    once, the cheap way (:func:`extract_blocks`: the text of its block elements, headline from
    ``<title>`` or the first ``<h1>``), in time linear in the page; other pages are unchanged.

    Raises :class:`~cleaners.extract.result.ExtractionError` with code ``no-text`` when the page
    holds no article text, ``too-complex`` when it is nested too deeply to parse, ``unparsable``
    when lxml or trafilatura refuses it, ``too-many-blocks`` when a page on the cheap path holds more
    than ``max_blocks`` block elements and line breaks (:data:`MAX_BLOCKS`).

    >>> page = ("<html><head><title>Bridge reopens | Gazette</title><meta name='author' content='Ann Lee'></head>"
    ...         "<body><article><h1>Bridge reopens</h1><p>" + "The bridge reopened on Monday. " * 8 +
    ...         "</p></article></body></html>")
    >>> e = extract_html(page, url="https://gazette.example/bridge")
    >>> e.title, e.meta["author"], e.meta["site"]
    ('Bridge reopens', 'Ann Lee', 'gazette.example')
    >>> extract_html("<html><head><title>Gazette</title></head><body><script>ads()</script></body></html>")
    Traceback (most recent call last):
    ...
    cleaners.extract.result.ExtractionError: no article text found in the HTML page
    """
    import trafilatura  # imported late: text-only users do not pay for it

    try:
        tree = trafilatura.load_html(html)
        if tree is not None and _count_elements(tree, max_elements) > max_elements:
            return extract_blocks(tree, url=url, max_blocks=max_blocks)
        declared = page_metadata(tree) if tree is not None else {}
        # Both modes read the tree parsed above: bare_extraction copies a tree it is given
        # (cheaper than parsing the page again) and leaves ours as it was, for line_hints.
        source = html if tree is None else tree
        doc = trafilatura.bare_extraction(source, options=extractor_options(url, precision=False))
        precise = trafilatura.bare_extraction(source, options=extractor_options(url, precision=True))
    except ExtractionError:
        raise
    except (RecursionError, lxml.etree.LxmlError, ValueError) as exc:
        code = "too-complex" if isinstance(exc, RecursionError) else "unparsable"
        raise ExtractionError(code, f"the HTML could not be parsed: {type(exc).__name__}") from exc
    if doc is None or not (doc.text or "").strip():
        raise ExtractionError("no-text", "no article text found in the HTML page")
    precise_text = precise.text if precise is not None else None
    text = choose_text(doc.text, precise_text, doc.description)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    leaves = leaf_blocks(tree) if tree is not None else []
    # the blocks only the other mode kept: the default mode's are checked, the precision mode's trusted
    lines = merge_modes(lines, doc.text, leaves) if text != doc.text else merge_modes(lines, precise_text)
    lines = page_lede(leaves, lines, doc.title, doc.description) + lines
    meta = {
        "author": join_authors(clean_authors(doc.author)),
        "published": doc.date,
        "url": doc.url or url,
        "site": doc.sitename or doc.hostname or url_host(doc.url or url),
        "description": doc.description,
        "language": doc.language,
        "page": declared,
    }
    hints = line_hints(tree, lines, leaves) if tree is not None else None
    return Extracted(doc.title, [[line] for line in lines], meta, hints)


def extractor_options(url: str | None, *, precision: bool) -> "trafilatura.settings.Extractor":
    """trafilatura's options for one page: the default mode with metadata (``precision=False``) or the
    precision mode without (``precision=True``); comments, images, links and trafilatura's own
    deduplication off, tables on, Python output (what ``bare_extraction`` returns).

    A copy of a template built once per process and day (``functools.lru_cache``): building an
    ``Extractor`` reads its settings from trafilatura's ``ConfigParser`` each time, twice per page
    before.  Outputs are the same as with keyword arguments (``python -m bench.profile_stages``'s
    digest); the CPU saved is within the noise of a whole run (README "Per-document work, measured
    (2026-12-02)").  The day is part of the key because the template's date limit (htmldate's
    ``max_date``) is the day it was built.  The copy is what trafilatura itself does for its recall
    retry; only ``url`` and ``source`` differ between pages.

    >>> a, b = extractor_options("https://a.example/x", precision=False), extractor_options(None, precision=True)
    >>> a.url, a.focus, a.with_metadata, a.comments, b.url, b.focus, b.with_metadata
    ('https://a.example/x', 'balanced', True, False, None, 'precision', False)
    """
    options = copy.copy(_extractor_template(precision, datetime.date.today()))
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")  # as Extractor.__init__ sets it
    return options


@functools.lru_cache(maxsize=4)
def _extractor_template(precision: bool, day: datetime.date) -> "trafilatura.settings.Extractor":
    """The options :func:`extractor_options` copies, for one mode and day."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", precision=precision, with_metadata=not precision, comments=False,
                     tables=True, images=False, links=False, dedup=False)


#: How far (in ancestors) a lede put back from the page (:func:`page_lede`) and the story's first
#: paragraph may each be from their nearest common container: 3 = second cousins at most.  Measured on
#: the three HTML sets (README, "Boilerplate and extraction figures"): with :func:`merge_modes`, 2 -> 3
#: gains trafilatura-eval 6 gold snippets (0.9319 -> 0.9330) and leaves AEB (0.9757) and L3S-GN1
#: (0.9284) as they were; 4 gains 2 more and costs AEB and L3S-GN1 0.0001-0.0002.  (Before the
#: caption checks, 3 put back photo captions and a teaser on AEB: 0.9753 -> 0.9746.)
LEDE_MAX_DISTANCE = 3
#: More candidate ledes than this is not a lede but a run of other text (teasers): none is put back (set by hand).
LEDE_MAX_BLOCKS = 3
# Containers whose text is never the story's lede (figures and their captions, asides, navigation,
# links, forms, quotes, scripts); set by hand from the HTML living standard.
_NOT_LEDE = frozenset({"figure", "figcaption", "aside", "nav", "footer", "a", "form", "button", "blockquote",
                       "script", "style", "noscript", "li"})


def leaf_blocks(tree: lxml.etree._Element) -> list[tuple[lxml.etree._Element, str]]:
    """The page's leaf blocks in page order, each with its text (whitespace runs as one space):
    ``<p>``, ``<li>``, headings, cells, ``<div>`` without block children… (empty ones left out).

    >>> [key for _, key in leaf_blocks(lxml.html.fromstring("<div><h1>Title</h1><div><p>One  two</p></div></div>"))]
    ['Title', 'One two']
    """
    leaves = []
    for el in tree.iter(*_LEAF_TAGS):
        if el.tag == "div" and any(isinstance(c.tag, str) and c.tag.lower() in _BLOCK_TAGS for c in el):
            continue
        key = " ".join(el.text_content().split())
        if key:
            leaves.append((el, key))
    return leaves


def page_lede(leaves: list[tuple[lxml.etree._Element, str]], lines: list[str], title: str | None,
              description: str | None = None) -> list[str]:
    """The story's lead paragraphs that both of trafilatura's modes left out, from the page's tree.

    trafilatura drops a block whose class names a teaser, and a header's intro, so a story's
    first paragraph styled apart (an intro block under the headline) is lost.  A lede is a leaf
    block (:func:`leaf_blocks`) between the headline (the first ``<h1>``, or the block equal to
    ``title``) and the first block that holds a line of the extracted text, that reads as a body paragraph
    (:func:`~cleaners.boilerplate.engine.is_body_line`), whose nearest common container with that
    first block is at most :data:`LEDE_MAX_DISTANCE` levels above each, that is not inside a figure,
    caption (an element whose class names a caption, as trafilatura reads it), aside, navigation,
    link, form, quote or list, not the page's meta ``description``
    (the standfirst: it stays in ``description``) and not text the extracted lines already hold
    (with any line breaks).  Returned in page order; none when there is no headline, no block
    of the text is found, the text holds the headline itself (its extraction starts above the
    intro: what it left out there, bylines and datelines among it, it left out on purpose), or more than :data:`LEDE_MAX_BLOCKS` blocks qualify.  Measured on trafilatura's evaluation pages: README, "Boilerplate and
    extraction figures".

    >>> page = lxml.html.fromstring("<article><h1>Bridge shut</h1><div class='intro'><p>The council shut the old "
    ...     "bridge on Monday after engineers found cracks in two of its piers.</p></div><div><p>Repairs will take "
    ...     "a year.</p></div></article>")
    >>> page_lede(leaf_blocks(page), ["Repairs will take a year."], "Bridge shut")
    ['The council shut the old bridge on Monday after engineers found cracks in two of its piers.']
    >>> page_lede(leaf_blocks(page), ["Repairs will take a year."], "Bridge shut",
    ...           "The council shut the old bridge on Monday after engineers found cracks in two of its piers.")
    []
    """
    have = {" ".join(line.split()) for line in lines}
    head_key = " ".join((title or "").split())
    head = next((i for i, (el, key) in enumerate(leaves) if el.tag == "h1" or (head_key and key == head_key)), None)
    first = next((i for i, (_, key) in enumerate(leaves) if key in have), None)
    if head is None or first is None or first <= head + 1:
        return []
    story = [leaves[first][0], *leaves[first][0].iterancestors()]
    in_story = {el: depth for depth, el in enumerate(story)}
    whole = "".join("".join(lines).split())
    glued = ["".join(line.split()) for line in lines if len(line) > 30]
    standfirst = " ".join((description or "").split())
    lede = []
    for el, key in leaves[head + 1:first]:
        if key == standfirst or el.tag == "li" or not is_body_line(key):
            continue
        up = [el, *el.iterancestors()]
        common = next((k for k, anc in enumerate(up) if anc in in_story), None)
        if common is None or common > LEDE_MAX_DISTANCE or in_story[up[common]] > LEDE_MAX_DISTANCE:
            continue
        if any(isinstance(anc.tag, str) and anc.tag.lower() in _NOT_LEDE for anc in up[1:]) \
                or any("caption" in (anc.get("class") or "").lower() for anc in up[:4]) \
                or el.find(".//script") is not None or el.find(".//style") is not None:
            continue
        flat = "".join(key.split())
        if flat in whole or any(line in flat for line in glued):
            continue
        lede.append(key)
    return lede if len(lede) <= LEDE_MAX_BLOCKS else []


def line_hints(tree: lxml.etree._Element, lines: list[str],
               leaves: list[tuple[lxml.etree._Element, str]] | None = None) -> list[LineHint]:
    """What the page's markup tells about each extracted line: its container and its share in links.

    Each line is found by its text among the page's leaf blocks (``<p>``, ``<li>``, headings,
    cells, ``<div>`` without block children…; whitespace runs as one space).  Its ``group`` is
    its nearest container that is not a list, table or inline wrapper
    (:func:`~cleaners.extract.modes.container`: lines of one fact box, one story body or one list of
    links share it); ``link_share`` the share of its characters inside ``<a>``.  A line not found is a group of its own with no links.  One pass over the page's
    leaf blocks: the tree is the one already parsed to count elements.

    >>> tree = lxml.html.fromstring("<div><div class='box'><h3>Key facts</h3><p>Born: 1968</p></div>"
    ...     "<ul><li><a href='/a'>Other story</a></li></ul><p>Story text.</p></div>")
    >>> [(h.group, h.link_share) for h in line_hints(tree, ["Key facts", "Born: 1968", "Other story", "Story text."])]
    [(0, 0.0), (0, 0.0), (1, 1.0), (1, 0.0)]
    """
    found: dict[str, lxml.etree._Element] = {}
    for el, key in leaf_blocks(tree) if leaves is None else leaves:
        found.setdefault(key, el)
    groups: dict[lxml.etree._Element, int] = {}
    hints = []
    for k, line in enumerate(lines):
        el = found.get(" ".join(line.split()))
        if el is None:
            cells = [" ".join(cell.split()) for cell in table_cells(line) or () if cell.strip()]
            linked = bool(cells) and all((cell_el := found.get(cell)) is not None and link_share(cell_el, cell) >= LINK_SHARE
                                         for cell in cells)
            hints.append(LineHint(-1 - k, linked_cells=linked))
            continue
        box = container(el)
        group = groups.setdefault(box, len(groups)) if box is not None else -1 - k
        hints.append(LineHint(group, link_share(el, " ".join(line.split()))))
    return hints


def _count_elements(tree: lxml.etree._Element, limit: int, *tags: str) -> int:
    """The elements (of these tags, else all) of a parsed page, counted up to one past ``limit``."""
    count = 0
    for count, _ in enumerate(tree.iter(*tags), start=1):
        if count > limit:
            break
    return count


def extract_blocks(tree: lxml.etree._Element, *, url: str | None = None, max_blocks: int = MAX_BLOCKS) -> Extracted:
    """The cheap extraction of a parsed page: one line per block element's own text, in page order.

    What a page too large for trafilatura gets (:data:`MAX_EXTRACT_ELEMENTS`): one walk over the
    tree, no scoring.  The head, scripts, styles, navigation, headers, footers, asides and forms are dropped
    with their content; each block element (``<p>``, ``<li>``, ``<div>``, ``<td>``, headings…)
    gives a line of its own text (inline elements' text included, nested blocks' not), a
    ``<br>`` ends a line, whitespace runs are one space.  The headline is ``<title>`` (else the
    first ``<h1>``; the rule engine strips its repeats in the body); ``site`` is the URL's host; the other
    metadata are None.  Boilerplate is left to the rule engine as for any page.

    Raises :class:`~cleaners.extract.result.ExtractionError` ``no-text`` when no line is found,
    ``too-many-blocks``, before the walk, when
    the page holds more than ``max_blocks`` block elements and ``<br>`` (:data:`MAX_BLOCKS`).

    >>> tree = lxml.html.fromstring("<html><head><title>Harbour fees</title></head><body><nav>Home</nav>"
    ...     "<h1>Harbour fees</h1><p>Fees <b>rise</b> in May.<br>Boats pay more.</p><ul><li>One</li></ul>"
    ...     "<script>ads()</script></body></html>")
    >>> e = extract_blocks(tree, url="https://gazette.example/fees"); e.title, e.blocks, e.meta["site"]
    ('Harbour fees', [['Harbour fees'], ['Fees rise in May.'], ['Boats pay more.'], ['One']], 'gazette.example')
    >>> extract_blocks(lxml.html.fromstring("<p>a</p><p>b</p><p>c</p>"), max_blocks=3)
    Traceback (most recent call last):
    ...
    cleaners.extract.result.ExtractionError: the HTML page has more than 3 blocks of text (paragraphs, list items, cells, divisions, line breaks): a cost limit, no news article has that many
    """
    titles = tree.xpath("(//title)[1]//text()") or tree.xpath("(//h1)[1]//text()")
    title = " ".join("".join(titles).split()) or None
    blocks = _count_elements(tree, max_blocks, "br", *_BLOCK_TAGS)
    if blocks > max_blocks:
        raise ExtractionError("too-many-blocks", f"the HTML page has more than {max_blocks:,} blocks of text "
                              "(paragraphs, list items, cells, divisions, line breaks): a cost limit, no news "
                              "article has that many")
    lxml.etree.strip_elements(tree, lxml.etree.Comment, lxml.etree.ProcessingInstruction, *_DROP_TAGS,
                              with_tail=False)
    lines: list[list[str]] = []  # per block, in the order blocks open (a parent's text before its children's)
    slots: list[int] = []  # per open block: its index in lines
    parts: list[list[str]] = []  # per open block: its own text so far
    for event, el in lxml.etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        block = tag in _BLOCK_TAGS or el is tree
        if event == "start":
            if block:
                slots.append(len(lines))
                lines.append([])
                parts.append([])
            if tag == "br":
                parts[-1].append("\n")
            elif el.text:
                parts[-1].append(el.text)
            continue
        if block:
            lines[slots.pop()] = [norm for part in "".join(parts.pop()).split("\n") if (norm := " ".join(part.split()))]
        if el.tail and parts:
            parts[-1].append(el.tail)
    text_lines = [line for own in lines for line in own]
    if not text_lines:
        raise ExtractionError("no-text", "no article text found in the HTML page")
    meta: dict[str, str | None] = {"author": None, "published": None, "url": url, "site": url_host(url),
                                   "description": None, "language": None}
    return Extracted(title, [[line] for line in text_lines], meta)


def choose_text(default: str, precise: str | None, description: str | None = None) -> str:
    """trafilatura's precision-favouring text (unless it lost much of the page's text), with the lede it dropped.

    Its precision mode drops more related links, teasers and widgets, and sometimes
    whole parts of a story: its text is kept when it has at least
    :data:`PRECISE_MIN_SHARE` of the words of the default extraction.  It also drops a
    story's lead paragraphs when the page styles them apart (an intro or teaser block above
    the story): the default text's lines above the first line both texts share that read as
    body paragraphs (:func:`~cleaners.boilerplate.engine.is_body_line`: 10+ words ending a
    sentence) are put back in front, in page order, except a line equal to the page's
    ``description`` (its meta description): that is the standfirst printed above the story,
    which the precision mode is right to leave out; and except a line whose text the precise
    text holds with other line breaks (a story the default mode gave as one long line).  Measured on trafilatura's evaluation pages
    (README, "Boilerplate and extraction figures"): of the default lines above the precise text,
    the body paragraphs held 15 of its gold body snippets and none of its boilerplate ones; the
    other lines there (titles, dates, menus: 11 gold, 5 boilerplate) stay out.

    >>> choose_text("one two three four five", "one two three"), choose_text("one two three four five", "one")
    ('one two three', 'one two three four five')
    >>> lede = "The council voted on Monday to close the old bridge to lorries from May."
    >>> story = ("Lorries will use the ring road instead, which adds twenty minutes to a crossing.\\n"
    ...          "The ring road opened in 2019 and already carries most of the traffic.\\nThe end.")
    >>> [line[:24] for line in choose_text(f"Menu\\n{lede}\\n{story}\\nRelated: Ferry fares", story).split("\\n")]
    ['The council voted on Mon', 'Lorries will use the rin', 'The ring road opened in ', 'The end.']
    """
    if not (precise and precise.strip() and len(precise.split()) >= PRECISE_MIN_SHARE * len(default.split())):
        return default
    shared = [key for line in precise.split("\n") if (key := " ".join(line.split()))]
    whole, shared_set = "".join(precise.split()), set(shared)  # whole: no spaces, as the modes glue lines differently
    standfirst = " ".join((description or "").split())
    lede = []
    for line in default.split("\n"):
        key = " ".join(line.split())
        if key in shared_set:
            break
        # not the standfirst, and not text the precise one holds in other line breaks
        if key != standfirst and is_body_line(key) and "".join(key.split()) not in whole \
                and "".join(shared[0].split()) not in "".join(key.split()):
            lede.append(line.strip())
    else:
        return precise  # no line in common: nothing tells where the story starts
    return "\n".join([*lede, precise]) if lede else precise
