"""What a parsed HTML page declares about itself: canonical URL, site name, article dates, byline elements.

:func:`page_metadata` reads an lxml tree once (a handful of XPath queries, no text search): the
``rel=canonical`` link and ``og:url``; ``og:site_name`` (else ``application-name``); the
article's published time from ``article:published_time`` / ``og:published_time``, JSON-LD
``datePublished`` or an ``itemprop=datePublished`` element; author names from JSON-LD ``author``
and from byline elements (``rel=author``, ``itemprop=author``, a class naming an author or
byline) outside asides, navigation, footers and comment sections — so a sidebar's
"2 hours ago · by X" or a reader comment never gives the author.

Imports :mod:`cleaners.metadata.author` and :mod:`cleaners.metadata.dates`.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from cleaners.metadata.author import clean_authors, is_handle
from cleaners.metadata.dates import DATE_TEXT, PUBLISHED_LABEL, as_timestamp, date_in_text, normalise_date

_DIGIT = re.compile(r"\d\d:\d\d")
# Elements whose content is never the article's byline: page furniture and reader comments
# (class or id words set by hand from common CMS templates).
_OUTSIDE = ("ancestor-or-self::*[self::aside or self::nav or self::footer or self::form "
            "or contains(translate(@class, 'COMENTSIDBAR', 'comentsidbar'), 'comment') "
            "or contains(translate(@id, 'COMENTSIDBAR', 'comentsidbar'), 'comment') "
            "or contains(@class, 'sidebar') or contains(@class, 'related') or contains(@class, 'widget')]")
_BYLINE_XPATH = ("//*[@rel='author' or @itemprop='author' or contains(concat(' ', normalize-space(@class), ' '), ' author ')"
                 " or contains(@class, 'byline') or contains(@class, 'author-name') or contains(@class, 'autor')"
                 " or contains(@class, 'auteur')]")
#: ``<meta>`` keys that name the article's author (set by hand from common CMS and analytics tags);
#: a value that is a URL (``article:author`` often is) is skipped.  The plain ``author`` tag (often
#: the site's agency or owner, and read by trafilatura already) gives ``meta_author``, a spelling only.
_AUTHOR_META = ("article:author", "parsely-author", "cxenseparse:author", "sailthru.author", "dc.creator",
                "citation_author", "byl")
#: ``<meta>`` keys that name the publisher (an organisation, never an author).
_PUBLISHER_META = ("publisher", "dc.publisher", "dcterms.publisher", "citation_publisher", "og:site_name",
                   "application-name")
_DATE_META = ("article:published_time", "og:published_time", "og:article:published_time", "datepublished",
              "dc.date.issued", "dcterms.created")


def _jsonld_items(tree: Any) -> list[dict[str, Any]]:
    """Every JSON object of the page's ``application/ld+json`` scripts (``@graph`` flattened)."""
    items: list[dict[str, Any]] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()")[:10]:
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                items.append(item)
                graph = item.get("@graph")
                stack.extend(graph if isinstance(graph, list) else [])
            elif isinstance(item, list):
                stack.extend(item)
    return items


def _jsonld_publishers(items: list[dict[str, Any]]) -> list[str]:
    """Names of the organisations a page's JSON-LD declares: ``publisher``, Organization ``author``s and items."""
    names: list[str] = []
    for item in items:
        values = [item.get("publisher"), *(item.get("author") if isinstance(item.get("author"), list)
                                           else [item.get("author")])]
        if item.get("@type") in ("Organization", "NewsMediaOrganization", "WebSite"):
            values.append(item)
        for value in values:
            if isinstance(value, dict) and isinstance(value.get("name"), str) and (
                    value is item.get("publisher") or value.get("@type") != "Person"):
                names.append(" ".join(value["name"].split()))
    return names


#: JSON-LD types whose ``author`` is not the article's: a photo's or video's credit, a reader's
#: comment or review (schema.org type names).
_NOT_ARTICLE = frozenset({"ImageObject", "VideoObject", "AudioObject", "MediaObject", "Photograph", "Comment", "Review",
                          "Answer", "Question"})


def _jsonld_authors(item: dict[str, Any], ids: dict[str, dict[str, Any]]) -> list[str]:
    """The names of a JSON-LD item's ``author`` (a string, an object with ``name`` or an ``@id`` found
    in ``ids``, or a list); none for a media object, comment or review (:data:`_NOT_ARTICLE`)."""
    kind = item.get("@type")
    if (kind if isinstance(kind, str) else "") in _NOT_ARTICLE:
        return []
    author = item.get("author")
    values = author if isinstance(author, list) else [author]
    names = []
    for value in values:
        if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
            value = ids.get(value["@id"], value)
        name = value.get("name") if isinstance(value, dict) else value
        if isinstance(name, str) and value is not None and (not isinstance(value, dict) or value.get("@type") != "Organization"):
            names.extend(clean_authors(name))
    return names


def _local_form(value: str, declared: list[Any]) -> str:
    """A UTC timestamp in the publisher's own timezone when another declared value is the same instant
    with an offset ("2019-10-18T22:04:00Z" beside "Sat, 19 Oct 2019 00:04:00 +0200"); else ``value``.

    >>> _local_form("2019-10-18T22:04:00+00:00", ["x", "Sat, 19 Oct 2019 00:04:00 +0200"])
    '2019-10-19T00:04:00+02:00'
    >>> _local_form("2019-10-18T22:04:00+00:00", ["2019-10-18T23:04:00+02:00"])
    '2019-10-18T22:04:00+00:00'
    """
    stamp = as_timestamp(value)
    if stamp is None or stamp.utcoffset() != timedelta(0):
        return value
    for other in declared:
        if isinstance(other, str) and len(other) < 60 and _DIGIT.search(other) and (
                found := as_timestamp(other)) and found.utcoffset() and found == stamp:
            return found.isoformat()
    return value


#: Where the date the page shows is looked for: the :data:`SHOWN_NODES` text nodes and
#: :data:`SHOWN_CHARS` characters below the first ``<h1>``; a node holding it is at most
#: :data:`SHOWN_LINE` characters (a byline or dateline, not a sentence of the story, which may name
#: any date).  Set by hand on trafilatura's eval pages (728 with a gold date), against the page's
#: metadata: 12 nodes won 29 pages and lost 5; 40 nodes and 400 characters won 30 and lost 7; 20
#: nodes won 31 and lost 11; the nearest short date just above the headline as well: +1 won, +2 lost;
#: with the datelines opening a paragraph, without style text and under the title's <h1> (below):
#: 34 won, 5 lost.
SHOWN_NODES, SHOWN_CHARS, SHOWN_LINE = 12, 600, 60
#: How many text nodes just above the headline :func:`above_date` reads (set on the same eval pages, see WEIGHTS).
SHOWN_ABOVE = 5
_DASH = re.compile(r"\s*[–—-]\s")
#: How a page marks the element of a date (class words and ``itemprop``, set by hand from common CMS
#: templates): ``hidden`` — not shown to readers (``hidden``, ``sr-only``, ``x-hidden``, ``display:none``);
#: ``published``/``modified`` — schema.org's ``datePublished``/``dateModified`` or a class word
#: naming a publication or a modification; ``updated`` — the class word "updated" alone, which
#: the hAtom microformat (``<time class="entry-date updated">``) puts on a publication date as
#: often as on an update, so it only gives way to a date marked ``published`` right after it.
_HIDDEN_CLASS = re.compile(r"^(?:hidden|d-none|sr-only|visually-?hidden|screen-reader-text|(?!.*label)[\w-]+-hidden)$",
                           re.IGNORECASE)  # not "field-label-hidden" (Drupal: the field's label is hidden)
_MODIFIED_CLASS = re.compile(r"modified|geaendert|aktualisiert", re.IGNORECASE)


def date_mark(node: Any) -> str | None:
    """How the page marks the element holding a text node (or that element's parent): ``"hidden"``,
    ``"published"``, ``"modified"``, ``"updated"`` or None (see the table above).

    >>> import lxml.html
    >>> doc = lxml.html.fromstring('<div><p class="meta"><time class="updated">8 April</time>'
    ...     '<time class="entry-date published updated">7 April</time><time itemprop="dateModified">9</time>'
    ...     '<span class="rich-snippet-hidden">6 April</span><span>5 April</span></p></div>')
    >>> [date_mark(t) for t in doc.xpath("//p//text()")]
    ['updated', 'published', 'modified', 'hidden', None]
    """
    element = node.getparent()
    if getattr(node, "is_tail", False) and element is not None:  # the text after an element is its parent's
        element = element.getparent()
    found = None
    for el in (element, element.getparent() if element is not None else None):
        if el is None:
            continue
        words = (el.get("class") or "").split()
        prop = (el.get("itemprop") or "").lower()
        if any(_HIDDEN_CLASS.search(w) for w in words) or el.get("hidden") is not None or \
                "display:none" in (el.get("style") or "").replace(" ", ""):
            return "hidden"
        if found is None:
            if prop == "datepublished" or any("publish" in w.lower() for w in words):
                found = "published"
            elif prop == "datemodified" or any(_MODIFIED_CLASS.search(w) for w in words):
                found = "modified"
            elif any(w.lower() == "updated" for w in words):
                found = "updated"
    return found


def _headline(tree: Any) -> Any:
    """The headline element: the ``<h1>`` the page's ``<title>`` or ``og:title`` contains, else the
    first ``<h1>``, else the first ``<h2>``; None without any."""
    title = " ".join(" ".join(tree.xpath("//title/text() | //meta[@property='og:title']/@content")).split()).casefold()
    h1s = tree.xpath("//h1")[:30]
    return next((h for h in h1s if len(text := " ".join(h.text_content().split()).casefold()) >= 12
                 and text in title), h1s[0] if h1s else next(iter(tree.xpath("(//h2)[1]")), None))


def shown_date(tree: Any, headline: Any = None) -> str | None:
    """The date the page prints with its headline, as an ISO date; else None.

    The first short text node (:data:`SHOWN_LINE`) below the headline — the ``<h1>`` the page's
    ``<title>`` or ``og:title`` contains (not a logo's ``<h1>``: 1 more page won), else the first
    ``<h1>``, else the first ``<h2>`` (2 more won, none lost) — that holds a readable date, or a
    paragraph opening with a date and a dash (a dateline: "29.11.2022 – The ..."); text of
    ``<style>`` and ``<script>`` is not counted.  A date inside a sentence of the story is not one
    (its text node is longer).  The page's marks are read (:func:`date_mark`): a hidden stamp is
    skipped, a modification stamp is the last resort, an "updated" one gives way to a "published"
    one right after it (on the 728 dated eval pages: 3 won, 0 lost).  ``headline``: the headline
    element when the caller has found it already (:func:`page_metadata` finds it once for both dates).

    >>> import lxml.html
    >>> shown_date(lxml.html.fromstring('<div><h1>Storm hits the coast</h1><p>By Ann Lee</p>'
    ...     '<time>14 March 2025, 18:05</time><p>The storm that reached land on 12 March 2025 was long.</p></div>'))
    '2025-03-14'
    >>> shown_date(lxml.html.fromstring('<div><h1>Storm hits the coast</h1>'
    ...     '<p>The storm that reached the coast on 12 March 2025 was the worst in years.</p></div>')) is None
    True
    >>> shown_date(lxml.html.fromstring('<html><head><title>Storm hits the coast | Gazette</title></head>'
    ...     '<body><h1>Gazette</h1><p>Mon, 17.03.2025</p><h1>Storm hits the coast</h1><p>14.03.2025</p></body></html>'))
    '2025-03-14'
    >>> shown_date(lxml.html.fromstring('<div><h1>Storm hits the coast</h1><style>.a{color:red}</style>'
    ...     '<p>13.03.2025 – The storm that reached the coast on 12 March 2025 was the worst in years.</p></div>'))
    '2025-03-13'

    """
    headline = _headline(tree) if headline is None else headline
    if headline is None:
        return None
    nodes = headline.xpath("following::text()[normalize-space()][not(parent::style or parent::script)]"
                           f"[position() <= {SHOWN_NODES}]")
    return _first_date(nodes, SHOWN_CHARS)


def above_date(tree: Any, headline: Any = None) -> str | None:
    """The date printed just above the headline (the :data:`SHOWN_ABOVE` nearest text nodes, nearest
    first, marks read as in :func:`shown_date`), as an ISO date; else None.  ``headline``: the
    headline element when the caller has found it already (as :func:`shown_date` takes it).

    >>> import lxml.html
    >>> above_date(lxml.html.fromstring('<div><p>Menu</p><p>7. April 2025</p><h1>Storm hits the coast</h1><p>Text.</p></div>'))
    '2025-04-07'
    >>> above_date(lxml.html.fromstring('<div><time class="entry-date published">7 April 2025</time>'
    ...     '<time class="updated">9 April 2025</time><h1>Storm hits the coast</h1></div>'))
    '2025-04-07'
    """
    headline = _headline(tree) if headline is None else headline
    if headline is None:
        return None
    nodes = headline.xpath("preceding::text()[normalize-space()][not(parent::style or parent::script)]"
                           f"[position() <= {SHOWN_ABOVE}]")
    return _first_date(nodes[::-1], SHOWN_CHARS)


def _first_date(nodes: list[Any], budget: int) -> str | None:
    """The first short date among text nodes, read with their marks (:func:`date_mark`): a hidden one
    is skipped, one marked ``published`` wins, an ``updated`` one gives way only to a ``published``
    one right after it, a ``modified`` one is the last resort; ``budget`` characters at most are read."""
    seen = 0
    pending = update = None  # an "updated" date waiting for a "published" one; a "modified" one, the last resort
    for node in nodes:
        text = " ".join(str(node).split())
        if seen + len(text) > budget and seen:
            break
        seen += len(text)
        if len(text) > SHOWN_LINE and (lead := DATE_TEXT.match(text)) and _DASH.match(text, lead.end()):
            text = lead.group(0)  # a paragraph opening with its dateline: "29.11.2022 – The ..."
        if len(text) <= SHOWN_LINE and DATE_TEXT.search(text) and (found := date_in_text(text)):
            mark = date_mark(node)
            if mark == "hidden":
                continue
            if mark == "published":
                return found[:10]
            if pending:
                return pending
            if mark == "updated":
                pending = found[:10]
            elif mark == "modified":
                update = update or found[:10]
            else:
                return found[:10]
    return pending or update


#: The longest text node read as a labelled date ("Erschienen am: 01.11.2023 | 61 Lesungen"): a line, not a sentence.
LABEL_LINE = 80


def labelled_date(tree: Any) -> str | None:
    """The date the page labels as its publication's anywhere in its body, as an ISO date; else None.

    The first text node of at most :data:`LABEL_LINE` characters that opens with a
    :data:`~cleaners.metadata.dates.PUBLISHED_LABEL` ("Published on", "Erschienen am", "Publié le")
    and holds a readable date, or whose next text node does ("Erschienen am" ``<time>26. Jan 2022</time>``);
    never inside a navigation, aside, footer, sidebar, related list or comment section (``_OUTSIDE``).

    >>> import lxml.html
    >>> labelled_date(lxml.html.fromstring('<div><p>Zuletzt geändert: 31.10.2025</p><p>Text.</p>'
    ...     '<p>Erschienen am: 01.11.2025<br>Gelesen: 61</p></div>'))
    '2025-11-01'
    >>> labelled_date(lxml.html.fromstring('<div><span>Published on</span> <time>April 7, 2025</time></div>'))
    '2025-04-07'
    >>> labelled_date(lxml.html.fromstring('<div><aside><p>Published 3 May 2025</p></aside>'
    ...     '<p>The report was published on 2 May 2025 by the ministry.</p></div>')) is None
    True
    """
    nodes = tree.xpath("//body//text()[normalize-space()][not(parent::script or parent::style)]")
    for i, node in enumerate(nodes):
        if len(node) > LABEL_LINE * 2 or not PUBLISHED_LABEL.match(node.lstrip()):
            continue
        text = " ".join(str(node).split())
        label = PUBLISHED_LABEL.match(text)
        if label is None or len(text) > LABEL_LINE:
            continue
        rest = text[label.end():]
        found = date_in_text(rest) if DATE_TEXT.search(rest) else None
        if found is None and len(rest.strip(" :")) < 3 and i + 1 < len(nodes):
            following = " ".join(str(nodes[i + 1]).split())
            found = date_in_text(following) if len(following) <= SHOWN_LINE and DATE_TEXT.search(following) else None
        if found and not node.getparent().xpath(_OUTSIDE):
            return found[:10]
    return None


def page_metadata(tree: Any) -> dict[str, Any]:
    """Metadata a parsed page declares: ``canonical``, ``site_name``, ``published`` (ISO), ``authors``,
    ``byline_date`` (a date in the byline element the authors came from), ``shown_date``
    (:func:`shown_date`), ``above_date`` (:func:`above_date`), ``labelled_date`` (:func:`labelled_date`),
    ``ld_authors`` (JSON-LD's
    Person authors), ``meta_authors`` (names in author ``<meta>`` tags, :data:`_AUTHOR_META`),
    ``meta_author`` (names in the plain ``author`` tag),
    ``publishers`` (organisation names: publisher tags, site name, JSON-LD organisations).

    Each key is present only when the page gives it.

    >>> import lxml.html
    >>> tree = lxml.html.fromstring('''<html><head><link rel="canonical" href="https://gazette.example/a">
    ... <meta property="og:site_name" content="The Gazette">
    ... <meta property="article:published_time" content="2026-05-14T11:30:00+01:00"></head><body><article>
    ... <p class="byline"><span class="author">Ann Lee</span></p><p>Text.</p></article>
    ... <aside><span class="author">2 hours ago · by Jon Marsh</span></aside></body></html>''')
    >>> page_metadata(tree)
    {'canonical': 'https://gazette.example/a', 'site_name': 'The Gazette', 'published': '2026-05-14T11:30:00+01:00', 'publishers': ['The Gazette'], 'authors': ['Ann Lee']}
    """
    out: dict[str, Any] = {}
    metas: dict[str, str] = {}
    for el in tree.xpath("//meta[@content]")[:300]:
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and key not in metas and el.get("content", "").strip():
            metas[key] = el.get("content").strip()
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    if canonical and canonical[0].strip():
        out["canonical"] = canonical[0].strip()
    elif metas.get("og:url"):
        out["canonical"] = metas["og:url"]
    if metas.get("og:site_name") or metas.get("application-name"):
        out["site_name"] = " ".join((metas.get("og:site_name") or metas["application-name"]).split())
    items = _jsonld_items(tree)
    published = next((metas[k] for k in _DATE_META if metas.get(k)), None)
    if not published:
        published = next((i["datePublished"] for i in items if isinstance(i.get("datePublished"), str)), None)
    if not published:
        found = tree.xpath("//*[@itemprop='datePublished']/@datetime | //*[@itemprop='datePublished']/@content")
        published = found[0] if found else None
    if published and (value := normalise_date(published, ["en"])):
        out["published"] = _local_form(value, [*metas.values(), *(i.get("datePublished") for i in items)])
    ids = {i["@id"]: i for i in items if isinstance(i.get("@id"), str) and "name" in i}
    authors = next((names for i in items if (names := _jsonld_authors(i, ids))), [])
    if authors:
        out["ld_authors"] = authors
    meta_authors = [name for key in _AUTHOR_META if (value := metas.get(key))
                    and not value.startswith(("http", "www.", "/")) for name in clean_authors(value)]
    if meta_authors:
        out["meta_authors"] = list(dict.fromkeys(meta_authors))
    if metas.get("author") and (plain := clean_authors(metas["author"])):
        out["meta_author"] = plain
    publishers = [*(metas[k] for k in _PUBLISHER_META if metas.get(k)), *_jsonld_publishers(items)]
    if publishers:
        out["publishers"] = list(dict.fromkeys(publishers))
    if not authors:
        for el in tree.xpath(_BYLINE_XPATH)[:20]:
            if el.xpath(_OUTSIDE):
                continue
            text = " ".join(el.text_content().split())
            names = clean_authors(text) or ([text] if is_handle(text) else [])
            if names:
                authors = names
                if byline_date := date_in_text(text):
                    out["byline_date"] = byline_date
                break
    if authors:
        out["authors"] = authors
    headline = _headline(tree)  # once, for the dates below and above it
    if shown := shown_date(tree, headline):
        out["shown_date"] = shown
    if above := above_date(tree, headline):
        out["above_date"] = above
    if labelled := labelled_date(tree):
        out["labelled_date"] = labelled
    return out


__all__ = ["above_date", "date_mark", "labelled_date", "page_metadata", "shown_date"]
