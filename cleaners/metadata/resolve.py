"""An article's metadata from every source a document offers, weighed: :func:`resolve_metadata`.

Sources, strongest first (see :data:`cleaners.metadata.dates.WEIGHTS` for dates): the scraper
record's own fields; what the page declares (:func:`cleaners.metadata.page.page_metadata`);
trafilatura's metadata; the bylines and datelines at the top of the text — those the rule engine
removed (``removed`` entries of rule ``byline``, ``dateline``, ``dateline-stamp``,
``wire-dateline``) and those :data:`~cleaners.metadata.author.BYLINES` finds in the first lines,
which are removed here and recorded with their rule; the URL.

Imports :mod:`cleaners.metadata` modules only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from cleaners.metadata.author import CONTACT_LINE, clean_authors, is_handle, join_authors, name_form, parse_byline
from cleaners.metadata.dates import DATE_TEXT, choose_published, date_in_text, normalise_date
from cleaners.metadata.sites import is_site_name, site_key, strip_site_suffix
from cleaners.metadata.urls import canonical_url, url_date

#: Rules of the engine whose removed lines may carry the published date.
DATE_RULES = frozenset({"byline", "dateline", "dateline-stamp", "wire-dateline"})
#: Lines at the top of the text that are scanned for bylines and contact lines: the ones before
#: the first body paragraph, and at most this many (set by hand: a headline block is short).
TOP_LINES = 8
# A line that says it is an update, not the publication ("Updated 14:05"): its date is not the
# published date.  The covered languages' words, set by hand.
_UPDATED = re.compile(r"^\W*(?:updated|last\s+updated|modified|aktualisiert|mis\s+à\s+jour|actualizado|aggiornato"
                      r"|atualizado|bijgewerkt|zaktualizowano|güncelleme|обновлено)\b", re.IGNORECASE)
_CONTACT = CONTACT_LINE
_BODY = re.compile(r"[.!?…»”\"')]$")
_HOSTLIKE = re.compile(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+/?$")
_LETTERS = re.compile(r"[^\W\d_]{2,}")  # a word of a date line: two letters or more
_CLOCK_WORDS = ("am", "pm", "uhr", "h")  # what may follow a time without counting as a word


def _is_date_line(line: str) -> bool:
    """A line that is a date and at most two words more ("Published 3 May 2026", "3 May 2026, 10:05").

    >>> _is_date_line("3 May 2026"), _is_date_line("Published: March 3, 2026"), _is_date_line("Storm hits coast on 3 May 2026")
    (True, True, False)
    """
    m = DATE_TEXT.search(line)
    if not m:
        return False
    words = 0  # counted up to 3: a long line with a date in it is answered at its third word
    for w in (line[:m.start()] + " " + line[m.end():]).split():
        if _LETTERS.search(w) and w.lower() not in _CLOCK_WORDS:
            words += 1
            if words > 2:
                return False
    return True


def _is_body(line: str) -> bool:
    """A body paragraph: 10+ words ending like a sentence (the rule engine's definition of the top zone)."""
    return len(line.split()) >= 10 and bool(_BODY.search(line))


def _scan_top(blocks: list[list[str]], lines: list[str], languages: list[str]) -> tuple[
        list[list[str]], list[dict[str, Any]], list[str], list[str]]:
    """Bylines, contact lines and bare date lines at the top of the text: removed, with their names and dates.

    Returns the blocks left, the ``removed`` entries, the names and the dates found.
    """
    removed: list[dict[str, Any]] = []
    names: list[str] = []
    dates: list[str] = []
    out: list[list[str]] = []
    seen = 0
    in_top = True
    for block in blocks:
        kept: list[str] = []
        for i, line in enumerate(block):
            if not in_top or _is_body(line) or seen >= TOP_LINES:
                in_top = False
                kept.append(line)
                continue
            seen += 1
            entry: dict[str, Any] | None = None
            parsed = parse_byline(line)
            next_line = block[i + 1] if i + 1 < len(block) else None
            if parsed:
                names.extend(parsed[0])
                if found := date_in_text(parsed[1], languages):
                    dates.append(found)
                entry = {"text": line, "rule": "byline", "to": "author"}
            elif _CONTACT.match(line.strip()):
                entry = {"text": line, "rule": "author-contact"}
            elif next_line and _CONTACT.match(next_line.strip()) and (bare := clean_authors(line)) and \
                    " ".join(bare) == line.strip():
                names.extend(bare)  # "Marisol Okafor" above "Email the author"
                entry = {"text": line, "rule": "byline", "to": "author"}
            elif _is_date_line(line) and (found := date_in_text(line, languages)):
                dates.append(found)
                entry = {"text": line, "rule": "dateline", "to": "published"}
            if entry is None:
                kept.append(line)
                continue
            if line in lines:
                entry["at"] = lines.index(line)
            removed.append(entry)
        if kept:
            out.append(kept)
    return out, removed, names, dates


def _choose_authors(sources: Iterable[str | list[str] | None], organisations: list[str | None],
                    spellings: list[str]) -> list[str]:
    """The authors: the first source, strongest first, that names someone other than the publisher.

    A name that is the site's or publisher's name (:func:`~cleaners.metadata.sites.is_site_name` against
    ``organisations``: site names, hosts, declared publishers) is dropped beside other names; a source
    that names only the publisher gives way to a later one naming a person, and is kept when none does.
    A name is given in the page's own spelling when ``spellings`` (declared names) holds it with the
    same letters ("Leah C Stokes" → "Leah C. Stokes").

    >>> _choose_authors(["Gazette Media; Leah C Stokes"], ["Gazette Media"], ["Leah C. Stokes"])
    ['Leah C. Stokes']
    >>> _choose_authors(["Gazette De", None, "Tom Hale"], ["https://www.gazette.de/x"], [])
    ['Tom Hale']
    >>> _choose_authors(["The Gazette", "Gazette"], ["The Gazette"], [])
    ['The Gazette']
    """
    forms = {name_form(n): n for n in reversed(spellings)}
    found = [[n for item in c for n in clean_authors(item) or ([item] if is_handle(item) else [])]
             if isinstance(c, list) else clean_authors(c) for c in sources]
    people = [[n for n in names if not is_site_name(n, organisations)] for names in found]
    chosen = next((names for names in people if names), None) or next((names for names in found if names), [])
    return [forms.get(name_form(n), n) for n in chosen]


def resolve_metadata(meta: Mapping[str, Any], extracted: Mapping[str, Any], *, title: str | None,
                     blocks: list[list[str]], removed: list[dict[str, Any]], moved: Mapping[str, str],
                     input_lines: list[str], language: str | None, site_hint: str | None) -> dict[str, Any]:
    """The article's metadata fields, and its blocks and ``removed`` after the byline scan.

    ``meta`` is the scraper record's fields; ``extracted`` trafilatura's metadata (``author``,
    ``published``, ``url``, ``site``; ``page``: :func:`~cleaners.metadata.page.page_metadata`);
    ``title`` the headline before the site name is cut; ``blocks``/``removed``/``moved`` the rule
    engine's output; ``input_lines`` the article's lines before stripping (for ``at``);
    ``site_hint`` the raw sub-folder.  Returns ``title``, ``author``, ``authors``, ``published``,
    ``url`` (canonical), ``fetched_url``, ``site`` (:func:`~cleaners.metadata.sites.site_key`),
    ``site_name``, ``blocks``, ``removed``.

    >>> out = resolve_metadata({}, {"author": "Lucas Ferreira-Hunt ·", "published": "2025-09-02",
    ...     "url": "https://www.gazette.co.uk/news/bridge?utm_source=x", "site": "The Gazette", "page": {}},
    ...     title="Bridge reopens | The Gazette", blocks=[["Published 14 March 2025"], ["The bridge is open."]],
    ...     removed=[], moved={}, input_lines=[], language="en", site_hint="folder")
    >>> out["title"], out["author"], out["published"], out["site"], out["site_name"], out["url"]
    ('Bridge reopens', 'Lucas Ferreira-Hunt', '2025-03-14', 'gazette.co.uk', 'The Gazette', 'https://www.gazette.co.uk/news/bridge')
    """
    page: Mapping[str, Any] = extracted.get("page") or {}
    languages = list(dict.fromkeys([lang for lang in ((language or "")[:2], "en") if lang]))
    blocks, found_removed, byline_names, byline_dates = _scan_top(blocks, input_lines, languages)

    fetched = meta.get("url") or extracted.get("url")
    url = canonical_url(fetched, page.get("canonical"))

    names = [meta.get("site_name"), meta.get("site"), page.get("site_name"), extracted.get("site"), fetched, url]
    declared = [name for key in ("ld_authors", "meta_authors", "meta_author", "authors") for name in page.get(key) or []]
    authors = _choose_authors(
        (meta.get("author"), page.get("ld_authors"), extracted.get("author"), page.get("meta_authors"),
         page.get("authors"), moved.get("author"), byline_names),
        [*names, *(page.get("publishers") or [])], declared)

    candidates: list[tuple[str, str | None]] = [("record", normalise_date(meta.get("published"))),
                                                ("shown", page.get("shown_date")), ("labelled", page.get("labelled_date")),
                                                ("page", page.get("published")), ("above", page.get("above_date"))]
    for entry in [*removed, *found_removed]:
        if entry.get("rule") in DATE_RULES and not _UPDATED.match(entry.get("text") or ""):
            candidates.append(("byline", date_in_text(entry.get("text"), languages)))
    candidates += [("byline", d) for d in [*byline_dates, page.get("byline_date")]]
    if moved.get("published") and not any(_UPDATED.match(e.get("text") or "") for e in removed
                                          if e.get("to") == "published"):
        candidates.append(("byline", normalise_date(moved["published"], languages)))
    candidates += [("url", url_date(fetched)), ("url", url_date(url)),
                   ("extractor", normalise_date(extracted.get("published")))]

    record_site, extracted_site = meta.get("site"), extracted.get("site")
    site_name = meta.get("site_name") or next(
        (n for n in (record_site, page.get("site_name"), extracted_site) if n and not _HOSTLIKE.match(n)), None)
    site = (site_key(url) or site_key(fetched)
            or next((site_key(n) for n in (record_site, extracted_site) if n and _HOSTLIKE.match(n)), None)
            or (" ".join(site_name.casefold().split()) if site_name else None) or site_hint)
    return {
        "title": strip_site_suffix(title, names),
        "author": join_authors(authors),
        "authors": authors,
        "published": choose_published(candidates),
        "url": url,
        "fetched_url": fetched,
        "site": site,
        "site_name": site_name,
        "blocks": blocks,
        "removed": sorted([*removed, *found_removed], key=lambda e: e.get("at", 1 << 30)),
    }
