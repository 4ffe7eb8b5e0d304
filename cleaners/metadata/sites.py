"""Sites: one normalised key for grouping, and titles without the site's name.

* :func:`site_key` (defined in :mod:`.urls`) — the registered domain of a URL or host (``news.bbc.co.uk`` → ``bbc.co.uk``),
  through the ``tld`` package (courlan's own dependency: its bundled Public Suffix List, offline,
  nothing is fetched); a host outside the list keeps its name without ``www.``;
* :func:`name_key` — a site name reduced for comparison;
* :func:`strip_site_suffix` — a title without a leading or trailing site name or host.

Imports :mod:`cleaners.boilerplate` (``normalise_line``) and :mod:`cleaners.metadata.urls`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from cleaners.boilerplate import normalise_line
from cleaners.metadata.urls import site_key, url_host

# The separators pages put between a headline and the site name (set by hand: the common ones in
# <title> elements; " - " needs spaces so hyphenated words are never split).
_TAIL = re.compile(r"^(?P<head>.+?)\s+(?:[|–—\-:·»›/~]|::)\s+(?P<tail>[^|–—]{1,80})$")
_HEAD = re.compile(r"^(?P<tail>[^|–—]{1,80}?)\s+(?:[|–—\-·»›~]|::)\s+(?P<head>.+)$")
# A name matches a host label it starts with when the label has at least this many characters
# ("lapressedetunisie" and the host label "lapresse"): set by hand.
_MIN_PREFIX = 5


def name_key(value: str | None) -> str:
    """A site name reduced for comparison: lower-case letters and digits, no leading "the".

    >>> name_key("The Gazette"), name_key("the-gazette"), name_key(None)
    ('gazette', 'gazette', '')
    """
    return normalise_line(value or "").replace(" ", "").removeprefix("the")


def _host_labels(names: Iterable[str | None]) -> set[str]:
    """Comparison keys of site names and hosts: each name's key, and a host's key and first label."""
    keys: set[str] = set()
    for name in names:
        if not name:
            continue
        keys.add(name_key(name))
        host = url_host(name) if "://" in name else (name.lower() if re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name.lower()) else None)
        if host:
            domain = site_key(host) or host
            keys.add(name_key(domain.split(".")[0]))
            keys.add(name_key(host.split(".")[0]))
    return {k for k in keys if k}


def is_site_name(text: str, names: Iterable[str | None]) -> bool:
    """Whether a title part is the site's name or host (exact key, or a name that starts with a host
    label of 5+ characters, as "La Presse de Tunisie" with ``lapresse.tn``).

    >>> is_site_name("Helge.at", ["https://www.helge.at/2019/x"]), is_site_name("Hauptstadt", ["https://helge.at"])
    (True, False)
    >>> is_site_name("La Presse de Tunisie", ["https://lapresse.tn/1"]), is_site_name("Emden", ["Tourismus"])
    (True, False)
    """
    tail = name_key(text)
    if not tail:
        return False
    keys = _host_labels(names)
    if tail in keys:
        return True
    return any(len(key) >= _MIN_PREFIX and tail.startswith(key) for key in keys)


def strip_site_suffix(title: str | None, meta: Mapping[str, str | None] | Iterable[str | None]) -> str | None:
    """A title without the site's name or host at its end (``Headline | Site``) or start (``Site - Headline``).

    ``meta`` is a record's fields (``site``, ``site_name``, ``url`` are used) or a list of names and
    URLs.  Only a part that :func:`is_site_name` accepts is cut: text after " - " that is not the
    site stays.

    >>> strip_site_suffix("Bridge reopens | The Gazette", {"site": "The Gazette"})
    'Bridge reopens'
    >>> strip_site_suffix("Bridge reopens - gazette.example", {"url": "https://gazette.example/x"})
    'Bridge reopens'
    >>> strip_site_suffix("Left - right talks resume", {"site": "The Gazette"})
    'Left - right talks resume'
    >>> strip_site_suffix("Emden - Sights and attractions", ["https://emden-tourism.example/"])
    'Emden - Sights and attractions'
    >>> strip_site_suffix("Gazette | Bridge reopens", ["Gazette"])
    'Bridge reopens'
    """
    if not title:
        return title
    names = [meta.get(k) for k in ("site", "site_name", "url")] if isinstance(meta, Mapping) else list(meta)
    for _ in range(2):  # "Headline | Section | Site": at most two site parts
        m = _TAIL.match(title)
        if m and is_site_name(m.group("tail"), names):
            title = m.group("head").strip()
            continue
        m = _HEAD.match(title)
        if m and is_site_name(m.group("tail"), names) and len(m.group("head").split()) >= 2:
            title = m.group("head").strip()
            continue
        break
    return title
