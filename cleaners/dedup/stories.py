"""Stories: which documents are the same story (for template evidence), which are surely not (for verification).

Pure functions, no storage.  Three questions the corpus steps ask:

* **Template evidence counts stories, not fetches** (:func:`story_keys`, :func:`story_groups`).
  Documents of one site are grouped into stories before site-template learning: two documents are
  one story when they share a normalised URL (:func:`url_key`), the same text before site templates
  (the exact text class, :func:`cleaners.dedup.text_hash` of the rule-only text), or the same
  headline and body paragraphs (the lines that read as paragraphs, in order: a stamp, a counter
  or any other short line that changed between two fetches does not split them).  Groups are
  connected components, named by their smallest raw key, so they do not depend on arrival order.
* **Different stories are never merged on what is not the story** (:func:`different_stories`):
  two documents of one site whose headlines differ and whose opening paragraphs differ are
  different stories, whatever else they share (a site's end matter, a shared box); see the
  function for the exact rule.
* **An update is not a copy** (:func:`version_order`): of two fetches of one URL the newer one
  is preferred, unless it is a truncated fetch (:data:`TRUNCATED_SHARE`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from cleaners.boilerplate.engine import is_body_line, normalise_line

#: A newer fetch of a URL with fewer than this share of the words of the longest earlier fetch of
#: that URL is a *truncated fetch* (a page cut off by a time-out, a paywall, a half-written file)
#: and does not replace it.  Chosen so that a correction dropping one paragraph in five (80 %)
#: is an update, while a page cut off near its middle or earlier (≤ 75 %) is not.
TRUNCATED_SHARE = 0.75

#: Opening paragraphs "differ" when the 5-gram containment of each one in the other text is below
#: this (half of it not found): a re-worded sentence, a trimmed or corrected lede stay well above.
OPENING_CONTAINMENT = 0.5

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid|at_\w+)$", re.I)
_NUMBER = re.compile(r"(\d+)")


def url_key(url: str | None) -> str | None:
    """A URL normalised for "same page": scheme and ``www.`` dropped, host casefolded, no fragment,
    no tracking parameters (``utm_*``, ``fbclid``, …), other parameters sorted, no trailing slash.

    >>> url_key("https://WWW.Gazette.example/news/storm/?utm_source=x&b=2&a=1#top")
    'gazette.example/news/storm?a=1&b=2'
    >>> url_key("http://gazette.example/news/storm") == url_key("https://gazette.example/news/storm/")
    True
    >>> url_key(None), url_key("not a url")
    (None, None)
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    if not host:
        return None
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return urlunsplit(("", host, parts.path.rstrip("/"), query, ""))[2:]


def story_keys(article: Mapping[str, Any], text_hash: str) -> tuple[str, ...]:
    """The keys under which an article (cleaned by the rules, before site templates) is one story with another.

    ``u:`` its normalised URL, ``t:`` its text class (``text_hash`` of its rule-only text), ``b:`` a
    hash of its headline and body paragraphs (lines that read as paragraphs, in order; only when it
    has at least one).  Two articles sharing any key are one story.

    >>> a = {"title": "Storm", "url": None, "text": "Updated at 11:00\\n\\nThe storm closed the harbour road for the night, police said."}
    >>> b = dict(a, text="Updated at 12:00\\n\\nThe storm closed the harbour road for the night, police said.")
    >>> story_keys(a, "x")[-1] == story_keys(b, "y")[-1], story_keys(a, "x")[0]
    (True, 't:x')
    """
    keys = [f"t:{text_hash}"]
    url = url_key(article.get("url"))
    if url:
        keys.insert(0, f"u:{url}")
    body = [normalise_line(line) for line in (article.get("text") or "").split("\n") if is_body_line(line)]
    if body:
        text = normalise_line(article.get("title") or "") + "\n" + "\n".join(body)
        keys.append("b:" + hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest())
    return tuple(keys)


def story_groups(keys: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Each document (raw -> its story keys) to its story: the smallest raw of its connected group.

    >>> story_groups({"a": ["u:x", "t:1"], "b": ["t:1"], "c": ["u:x"], "d": ["t:2"]})
    {'a': 'a', 'b': 'a', 'c': 'a', 'd': 'd'}
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    first: dict[str, str] = {}
    for raw in sorted(keys):
        parent.setdefault(raw, raw)
        for key in keys[raw]:
            if key in first:
                a, b = find(first[key]), find(raw)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                first[key] = raw
    return {raw: find(raw) for raw in sorted(keys)}


def _opening(text: str, other_lines: set[str]) -> str:
    """The first line of ``text`` with at least 5 words that the other text does not hold as a line."""
    for line in text.split("\n"):
        norm = normalise_line(line)
        if len(norm.split()) >= 5 and norm not in other_lines:
            return line
    return ""


def different_stories(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two articles (title, text, url, site) are surely different stories, whatever their overlap.

    The rule: both are of one site (same ``site`` key, see
    :func:`cleaners.boilerplate.templates.template_site`), their URLs are not the same page, their
    headlines differ (other words), **and** their opening paragraphs differ — the opening of each
    (its first line of 5+ words that the other does not hold as a line, so a site's shared
    masthead or end matter is skipped) has under :data:`OPENING_CONTAINMENT` of its word 5-grams
    in the other text, both ways.  What two stories of one site share besides that (an end
    matter, a membership appeal, a licence note) is the site's, not the story's, so it never
    makes them copies.  A re-titled copy keeps its lede, a trimmed or updated one its opening;
    copies on other sites are judged on their text alone.

    >>> end = "\\n".join(f"Our newsroom note number {n} is printed under every story we publish." for n in range(8))
    >>> a = {"site": "ledger", "title": "Library to close on Mondays", "text": "The library will close on Mondays from July, the council said.\\n" + end}
    >>> b = {"site": "ledger", "title": "Bridge shut for inspections", "text": "The old bridge will be shut overnight while engineers check cracks.\\n" + end}
    >>> different_stories(a, b), different_stories(a, dict(a, title="Mondays: library closes"))
    (True, False)
    >>> different_stories(a, dict(b, site="other"))
    False
    """
    from cleaners import dedup

    if not a.get("site") or a.get("site") != b.get("site"):
        return False
    ua, ub = url_key(a.get("url")), url_key(b.get("url"))
    if ua and ua == ub:
        return False
    ta, tb = dedup.words(a.get("title") or ""), dedup.words(b.get("title") or "")
    if not ta or not tb or ta == tb:
        return False
    text_a, text_b = a.get("text") or "", b.get("text") or ""
    lines_a = {normalise_line(x) for x in text_a.split("\n")}
    lines_b = {normalise_line(x) for x in text_b.split("\n")}
    open_a, open_b = _opening(text_a, lines_b), _opening(text_b, lines_a)
    if not open_a or not open_b:
        return False
    return _found_in(open_a, text_b) < OPENING_CONTAINMENT and _found_in(open_b, text_a) < OPENING_CONTAINMENT


def _found_in(part: str, text: str) -> float:
    """Share of ``part``'s word 5-grams found in ``text`` (0 when it has none)."""
    from cleaners import dedup

    mine = dedup.shingles(part)
    return len(set(mine.tolist()) & set(dedup.shingles(text).tolist())) / len(mine) if len(mine) else 0.0


def natural_key(raw: str) -> tuple:
    """A raw key in natural order (numbers as numbers): ``fetch-9`` before ``fetch-10``, ``#2`` before ``#10``.

    >>> sorted(["f.jsonl#10", "f.jsonl#9", "f.jsonl#2"], key=natural_key)
    ['f.jsonl#2', 'f.jsonl#9', 'f.jsonl#10']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _NUMBER.split(raw))


def version_order(doc: Mapping[str, Any]) -> tuple:
    """Sort key of fetches of one URL, oldest first.

    Newer = a later ``published`` (an undated fetch counts as older than a dated one); between
    equal or missing dates, later in natural raw-path order (``fetch-2`` after ``fetch-1``, record
    ``#10`` after ``#9``).  Fetch times are not used: a copied folder would change them.

    >>> sorted([{"raw": "a-2", "published": None}, {"raw": "a-1", "published": None}], key=version_order)[0]["raw"]
    'a-1'
    """
    return (doc.get("published") or "", natural_key(doc["raw"]))  # undated sort first: file order decides


def preferred_versions(docs: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Of fetches of one URL (each ``{raw, url, words, published}``), the version each URL prefers: raw -> raw.

    The newest fetch (:func:`version_order`) that is not truncated: it has at least
    :data:`TRUNCATED_SHARE` of the words of every earlier fetch of the URL; a truncated newest
    falls back to the newest before it that is not.  Documents without a URL are left out.

    >>> docs = [{"raw": "f1", "url": "https://g.example/s", "words": 300}, {"raw": "f2", "url": "https://g.example/s", "words": 320},
    ...         {"raw": "f3", "url": "https://g.example/s", "words": 100}]
    >>> preferred_versions(docs)["f1"]
    'f2'
    """
    by_url: dict[str, list[Mapping[str, Any]]] = {}
    for d in docs:
        key = url_key(d.get("url"))
        if key:
            by_url.setdefault(key, []).append(d)
    out: dict[str, str] = {}
    for group in by_url.values():
        group = sorted(group, key=version_order)
        best = group[0]
        longest = int(group[0].get("words") or 0)
        for d in group[1:]:
            words = int(d.get("words") or 0)
            if words >= TRUNCATED_SHARE * longest:
                best = d
            longest = max(longest, words)
        for d in group:
            out[d["raw"]] = best["raw"]
    return out
