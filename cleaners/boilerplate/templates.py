"""Site templates learned from the corpus: lines a site repeats across its own articles.

Rules (:mod:`cleaners.boilerplate.rules`) know what news boilerplate looks like in
general; a site's template is whatever that site prints around every story, in any
wording ("The Harbour Gazette: your island, your news").  It is learned by counting:

* every article contributes the set of its **normalised lines** (each line once,
  however often the article repeats it), as 64-bit hashes, under its **site** (the
  record's ``site``, else the URL's host, else the raw sub-folder);
* a line is part of the site's template when it is found in at least
  :data:`MIN_DOCS` distinct *stories* of the site **and** in at least
  :data:`MIN_SHARE` of them — or, for a line that reads like a paragraph of a
  story (10+ words ending a sentence), :data:`MIN_SHARE_BODY` of them, so that a
  paragraph reused by a few follow-up stories is never taken for a template;
* a line found in one article only is therefore never a template, whatever else holds.

Counts are in **stories**, not articles: the corpus step groups a site's articles first
(same normalised URL, same rule-only text, or same headline and body paragraphs:
:mod:`cleaners.dedup.stories`), so ``n_docs`` and ``site_docs`` below count each story once
and N fetches of one story never vote for their own paragraphs.

Learning is independent of the order documents arrive in: counts come from every
article's own lines (before any template is applied), and the template set of a
site is applied to each of its articles afresh whenever the part of the set found
in that article changes (:func:`finalise`).  The counts live in the clean dir's
state (:mod:`cleaners.corpus.site_templates` learns and applies them there), so a
template learned from yesterday's articles strips today's new one.  This module is
pure: counts in, lines out; it reads no storage.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cleaners.article import article_id
from cleaners.boilerplate.engine import is_body_line, is_headline, line_cached, matching_rule, normalise_line
from cleaners.boilerplate.rules import HEADLINE_SEARCH_BLOCKS

MIN_DOCS = 3  # distinct articles of the site that must hold a line for it to be a template
MIN_SHARE = 0.1  # ... and the share of the site's articles that must hold it (short lines)
MIN_SHARE_BODY = 0.6  # the share for a line that reads as a body paragraph
RULE = "site-template"


def template_site(article: Mapping[str, Any], raw: str) -> str | None:
    """The site whose template an article shares: the article's ``site`` key when it is a domain
    (:func:`cleaners.metadata.site_key`, the registered domain), else the URL's host, else the
    record's or page's site name, else the raw sub-folder; None for a top-level file without any of them.

    >>> template_site({"url": "https://news.gazette.co.uk/a", "site": "gazette.co.uk"}, "x/a.json")
    'gazette.co.uk'

    >>> template_site({"url": "https://www.gazette.example/a", "site": "The Gazette"}, "x/a.json")
    'gazette.example'
    >>> template_site({"url": None, "site": "The Gazette"}, "x/a.txt"), template_site({}, "gazette/a.txt")
    ('the gazette', 'gazette')
    >>> template_site({}, "a.txt") is None
    True
    """
    site = str(article.get("site") or "")
    if "." in site and " " not in site:  # the normalised key of cleaners.metadata
        return site.casefold()
    host = urlsplit(article.get("url") or "").hostname
    if host:
        return host.removeprefix("www.")
    if article.get("site"):
        return " ".join(str(article["site"]).casefold().split())
    folder = raw.split("#")[0].split("/")
    return folder[0] if len(folder) > 1 else None


@line_cached
def line_hash(line: str) -> int:
    """A signed 64-bit hash of a normalised line (SQLite stores it as an INTEGER); cached
    (:func:`~cleaners.boilerplate.engine.line_cached`: learning, applying and story keys hash the
    same lines again).

    >>> line_hash("Follow the Gazette!") == line_hash("follow  the gazette")
    True
    """
    digest = hashlib.blake2b(normalise_line(line).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def article_lines(article: Mapping[str, Any]) -> list[str]:
    """Every line of an article before template stripping: its text's lines and the removed ones.

    >>> article_lines({"text": "One.\\nTwo.\\n\\nThree.", "removed": [{"text": "Advertisement", "rule": "ad"}]})
    ['One.', 'Two.', 'Three.', 'Advertisement']
    """
    lines = [line for line in article.get("text", "").split("\n") if line.strip()]
    return lines + [r["text"] for r in article.get("removed", [])]


def line_keys(article: Mapping[str, Any]) -> dict[int, tuple[bool, bool]]:
    r"""The distinct line hashes of an article (its title included), each with whether the line
    reads as a body paragraph and whether it is the article's title.

    Lines with no word character (rules, bullets) are not counted.

    >>> keys = line_keys({"title": "Bridge reopens", "text": "Advertisement\n\n—", "removed": []})
    >>> sorted(keys.values())
    [(False, False), (False, True)]
    """
    keys: dict[int, tuple[bool, bool]] = {}
    title = article.get("title") or ""
    for line in ([title] if title else []) + article_lines(article):
        if normalise_line(line):
            key = line_hash(line)
            body, is_title = keys.get(key, (False, False))
            keys[key] = (body or is_body_line(line), is_title or line == title)
    return keys


def is_template(n_docs: int, site_docs: int, body: bool) -> bool:
    """Whether a line held by ``n_docs`` of a site's ``site_docs`` articles is part of its template.

    >>> is_template(1, 1, False), is_template(2, 2, False), is_template(3, 3, False)
    (False, False, True)
    >>> is_template(3, 40, False), is_template(4, 40, False)
    (False, True)
    >>> is_template(20, 40, True), is_template(24, 40, True)
    (False, True)
    """
    share = MIN_SHARE_BODY if body else MIN_SHARE
    return n_docs >= max(MIN_DOCS, math.ceil(share * site_docs - 1e-9))


@dataclass
class Finalised:
    """An article with its site's template applied, and what that removed."""

    article: dict[str, Any]
    removed: list[dict[str, str]]


def reading_order(article: Mapping[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    r"""Every line of an article in reading order: ``(line, None)`` for kept text, ``(line, entry)``
    for a removed one (its ``removed`` entry).  Entries without a position come last.

    >>> art = {"text": "Body one.\n\nBody two.", "removed": [{"text": "Ad", "rule": "advertisement", "at": 1}]}
    >>> [(line, e and e["rule"]) for line, e in reading_order(art)]
    [('Body one.', None), ('Ad', 'advertisement'), ('Body two.', None)]
    """
    kept = [line for line in article.get("text", "").split("\n") if line.strip()]
    placed = {e["at"]: e for e in article.get("removed", []) if isinstance(e.get("at"), int)}
    out: list[tuple[str, dict[str, Any] | None]] = []
    k = 0
    for pos in range(len(kept) + len(placed)):
        if pos in placed:
            out.append((placed[pos]["text"], placed[pos]))
        elif k < len(kept):
            out.append((kept[k], None))
            k += 1
    out += [(line, None) for line in kept[k:]]
    out += [(e["text"], e) for e in article.get("removed", []) if not isinstance(e.get("at"), int)]
    return out


def finalise(base: Mapping[str, Any], template: Iterable[int], title_template: Iterable[int] = ()) -> Finalised:
    r"""Apply template line hashes to an article cleaned by the rules alone (``base``).

    Kept lines whose hash is in ``template`` go to ``removed`` as ``site-template``;
    a line equal to the title is never stripped; blocks left empty disappear; the id
    is recomputed.  When the title itself is in ``title_template`` (a masthead that
    text dumps print above every story, taken for the headline), it goes to
    ``removed`` and the first headline-like line of the text becomes the title.

    >>> base = {"title": "Bridge reopens", "text": "The bridge reopened.\nShare your story with us\n\nIt rained.",
    ...         "removed": [], "id": ""}
    >>> out = finalise(base, {line_hash("share your story with us")})
    >>> out.article["text"], out.removed
    ('The bridge reopened.\n\nIt rained.', [{'text': 'Share your story with us', 'rule': 'site-template', 'at': 1}])
    >>> masthead = {"title": "The Gazette", "text": "Bridge reopens\n\nThe bridge reopened.", "removed": []}
    >>> out = finalise(masthead, {line_hash("The Gazette")}, {line_hash("The Gazette")})
    >>> out.article["title"], out.article["text"], [r["rule"] for r in out.removed]
    ('Bridge reopens', 'The bridge reopened.', ['site-template', 'headline'])
    """
    template = set(template)
    article = dict(base)
    kept_positions = [pos for pos, (_, entry) in enumerate(reading_order(base)) if entry is None]
    position = iter(kept_positions)
    blocks = [[(line, next(position, None)) for line in block.split("\n") if line.strip()]
              for block in base.get("text", "").split("\n\n")]
    removed: list[dict[str, Any]] = []
    title = base.get("title") or ""
    if title and line_hash(title) in set(title_template):
        headline = _first_headline([[line for line, _ in block] for block in blocks], template)
        if headline is not None:
            b, k = headline
            line, pos = blocks[b].pop(k)
            removed.append({"text": title, "rule": RULE})
            removed.append({"text": line, "rule": "headline", "to": "title", "at": pos})
            title = article["title"] = line
    norm_title = normalise_line(title)
    kept_blocks = []
    for block in blocks:
        kept = []
        for line, pos in block:
            if line_hash(line) in template and normalise_line(line) != norm_title:
                removed.append({"text": line, "rule": RULE, "at": pos})
            else:
                kept.append(line)
        if kept:
            kept_blocks.append("\n".join(kept))
    article["text"] = "\n\n".join(kept_blocks)
    article["removed"] = sorted(list(base.get("removed", [])) + removed,
                                key=lambda e: (not isinstance(e.get("at"), int), e.get("at") or 0))
    article["id"] = article_id(article.get("title"), article["text"])
    return Finalised(article, removed)


def _first_headline(blocks: list[list[str]], template: set[int]) -> tuple[int, int] | None:
    """Where the first headline-like line is among the first lines of the text (template lines skipped)."""
    seen = 0
    for b, block in enumerate(blocks):
        for k, line in enumerate(block):
            if not line.strip() or line_hash(line) in template:
                continue
            if is_headline(line) and not matching_rule(line) and len(blocks) > 1:
                return b, k
            seen += 1
            if seen >= HEADLINE_SEARCH_BLOCKS:
                return None
    return None


def applied_key(hashes: Iterable[int], title_hashes: Iterable[int] = ()) -> str:
    """A short, order-free key of the template hashes applied to one article ('' for none).

    >>> applied_key([]), applied_key([2, 1]) == applied_key([1, 2]), applied_key([1]) == applied_key([1], [1])
    ('', True, False)
    """
    hashes, title_hashes = sorted(set(hashes)), sorted(set(title_hashes))
    if not hashes:
        return ""
    text = ",".join(map(str, hashes)) + "|" + ",".join(map(str, title_hashes))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
