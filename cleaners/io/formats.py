"""Scraper records to newsclean's fields: the mapping table as data, and the one function applying it.

A JSON record (a ``.json`` file, a ``.jsonl`` line, an element of a JSON array) is recognised
by its fields, whatever the file is called: each row of :data:`FORMATS` names the scraper, the
keys that mark its records (:attr:`Format.marks`), and for each of newsclean's fields the
scraper's keys in the order they are tried (the names as the scraper documents them, with the
place they are documented in :attr:`Format.source`).  A record no row marks is read with
:data:`GENERIC` (the names newsclean has always read, which cover Scrapy items and most
home-made scrapers).  A user mapping (``--field text=article_body``, ``[fields]`` in
``newsclean.toml``) is tried before the table; its key may be a dotted path into nested objects
(``source.name``).

Adding a scraper is one row of :data:`FORMATS` (and a test record in its real shape).
Imports nothing of the package.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: newsclean's fields a record can fill: the content (``html`` is read as HTML, ``text`` sniffed)
#: and the metadata the article keeps.
CONTENT_FIELDS = ("html", "text")
META_FIELDS = ("url", "title", "author", "published", "site")
FIELDS = CONTENT_FIELDS + META_FIELDS
MAX_FIELD = 2000  # characters kept of a record's metadata field (a title or author is far shorter)
# Values that mean "no value": news-please writes a missing date as str(None).
_NOTHING = {"", "none", "null", "nan"}


@dataclass(frozen=True)
class Format:
    """One scraper's record shape: its marks and, per newsclean field, its keys (first with a value wins)."""

    name: str
    marks: tuple[frozenset[str], ...]  # the record is this scraper's when it has every key of one mark
    keys: Mapping[str, tuple[str, ...]]  # newsclean field -> the scraper's keys
    source: str  # where the scraper documents these names

    def score(self, record: Mapping[str, Any]) -> int:
        """How many of this scraper's keys the record has, when one of its marks is all there (else 0).

        >>> NEWS_PLEASE.score({"maintext": "x", "date_publish": "2024-01-01", "title": "t"})
        3
        >>> NEWS_PLEASE.score({"text": "x", "title": "t"})
        0
        """
        if not any(mark <= record.keys() for mark in self.marks):
            return 0
        return sum(key in record for keys in self.keys.values() for key in keys)


NEWS_PLEASE = Format(
    "news-please",
    marks=(frozenset({"maintext"}), frozenset({"date_publish"}), frozenset({"source_domain"})),
    keys={"text": ("maintext", "text"), "url": ("url",), "title": ("title", "title_page", "title_rss"),
          "author": ("authors",), "published": ("date_publish",), "site": ("source_domain",)},
    source="news-please NewsArticle.get_dict (newsplease/NewsArticle.py): authors, date_download, date_modify, "
           "date_publish, description, filename, image_url, language, localpath, maintext, source_domain, text, "
           "title, title_page, title_rss, url",
)
TRAFILATURA = Format(
    "trafilatura",
    marks=(frozenset({"source-hostname"}), frozenset({"fingerprint", "raw_text"}), frozenset({"hostname", "excerpt"}),
           frozenset({"source", "hostname"})),
    keys={"text": ("text", "raw_text"), "url": ("source", "url"), "title": ("title",), "author": ("author",),
          "published": ("date",), "site": ("source-hostname", "sitename", "hostname")},
    source="trafilatura JSON output (trafilatura/xml.py build_json_output over settings.Document): title, author, "
           "hostname, date, fingerprint, id, license, comments, raw_text, text, language, image, pagetype, "
           "filedate, source (the URL), source-hostname (the site name), excerpt, categories, tags",
)
NEWSPAPER4K = Format(
    "newspaper4k",
    marks=(frozenset({"canonical_link"}), frozenset({"meta_site_name"}), frozenset({"publish_date", "authors"}),
           frozenset({"top_image", "meta_lang"})),
    keys={"html": ("article_html",), "text": ("text",), "url": ("url", "canonical_link"), "title": ("title",),
          "author": ("authors",), "published": ("publish_date",), "site": ("meta_site_name",)},
    source="newspaper4k Article.to_json (newspaper/settings.py article_json_fields): url, read_more_link, language, "
           "title, top_image, meta_img, images, movies, keywords, meta_keywords, tags, authors, publish_date, summary, "
           "meta_description, meta_lang, meta_favicon, meta_site_name, canonical_link, text",
)
#: Records no scraper row marks: the names newsclean has always read (Scrapy items, home-made scrapers).
GENERIC = Format(
    "generic",
    marks=(frozenset(),),
    keys={"html": ("html",), "text": ("text", "content", "body"), "url": ("url", "link"),
          "title": ("title", "headline"), "author": ("author", "byline", "authors"),
          "published": ("published", "date", "published_at", "pubdate"), "site": ("site", "source")},
    source="newsclean's own record fields (README 'Input shapes'); Scrapy's JSON feed export writes a spider's "
           "item fields as they are named",
)
#: The scrapers recognised by their fields, best score first; ties go to the earlier row.
FORMATS: tuple[Format, ...] = (NEWS_PLEASE, TRAFILATURA, NEWSPAPER4K)
_MARK_KEYS = frozenset(key for fmt in FORMATS for mark in fmt.marks for key in mark)


@dataclass(frozen=True)
class Mapped:
    """A record read through a format: its content (``kind`` ``"html"`` or ``None`` to sniff) and metadata."""

    format: str
    content: str | None
    kind: str | None
    meta: dict[str, str]
    content_keys: tuple[str, ...]  # the keys that were tried for content (for the rejection's sentence)


def recognise(record: Mapping[str, Any]) -> Format:
    """The format a record's fields mark it as (:data:`GENERIC` when none does).

    >>> recognise({"maintext": "Body", "date_publish": "2024-05-01 10:00:00"}).name
    'news-please'
    >>> recognise({"text": "Body", "source": "https://x.example/a", "source-hostname": "X"}).name
    'trafilatura'
    >>> recognise({"text": "Body", "authors": ["A"], "publish_date": "2024-05-01"}).name
    'newspaper4k'
    >>> recognise({"body": "Body", "link": "https://x.example/a"}).name
    'generic'
    """
    if record.keys().isdisjoint(_MARK_KEYS):
        return GENERIC  # the common case, found without scoring
    best, score = GENERIC, 0
    for fmt in FORMATS:
        if (s := fmt.score(record)) > score:
            best, score = fmt, s
    return best


def parse_fields(pairs: Sequence[str] | Mapping[str, str] | str | None) -> tuple[tuple[str, str], ...]:
    """A user mapping from ``["text=article_body", ...]``, ``"text=a,published=b"`` or ``{"text": "a"}``.

    Raises :class:`ValueError` naming the problem (an unknown newsclean field, no ``=``, an empty key).

    >>> parse_fields(["text=article_body", "published = pub_date"])
    (('text', 'article_body'), ('published', 'pub_date'))
    >>> parse_fields({"site": "source.name"}), parse_fields("url=link,title=headline")
    ((('site', 'source.name'),), (('url', 'link'), ('title', 'headline')))
    >>> parse_fields(["body=x"])
    Traceback (most recent call last):
    ...
    ValueError: unknown field 'body' in body=x: newsclean's fields are html, text, url, title, author, published, site
    """
    if not pairs:
        return ()
    if isinstance(pairs, str):
        pairs = [p for p in pairs.split(",") if p.strip()]
    items = list(pairs.items()) if isinstance(pairs, Mapping) else []
    if not isinstance(pairs, Mapping):
        for pair in pairs:
            if "=" not in str(pair):
                raise ValueError(f"a field mapping is FIELD=KEY (e.g. text=article_body), got {pair!r}")
            ours, theirs = str(pair).split("=", 1)
            items.append((ours, theirs))
    out = []
    for ours, theirs in items:
        ours, theirs = str(ours).strip(), str(theirs).strip()
        if ours not in FIELDS:
            raise ValueError(f"unknown field {ours!r} in {ours}={theirs}: newsclean's fields are {', '.join(FIELDS)}")
        if not theirs:
            raise ValueError(f"no record key for {ours}: write {ours}=KEY")
        out.append((ours, theirs))
    return tuple(out)


def map_record(record: Mapping[str, Any], fields: Sequence[tuple[str, str]] = ()) -> Mapped:
    """A JSON object through its format (:func:`recognise`) and the user mapping ``fields`` (tried first).

    Lists (``authors``) are joined with ", " (a content list of paragraphs with blank lines); numbers
    become text; values are whitespace-collapsed and cut at :data:`MAX_FIELD` characters; ``"None"``
    and empty values count as absent.

    >>> m = map_record({"maintext": "Body", "authors": ["Ann Lee", "Bo Li"], "date_publish": "None",
    ...                 "source_domain": "www.gazette.example", "url": "https://www.gazette.example/a"})
    >>> m.format, m.content, m.kind
    ('news-please', 'Body', None)
    >>> m.meta["author"], m.meta["site"], "published" in m.meta
    ('Ann Lee, Bo Li', 'www.gazette.example', False)
    >>> map_record({"article_body": "<p>Body</p>", "pub": {"date": "2024-05-01"}},
    ...            [("html", "article_body"), ("published", "pub.date")]).meta
    {'published': '2024-05-01'}
    """
    fmt = recognise(record)
    user: dict[str, tuple[str, ...]] = {}
    for ours, theirs in fields:
        user[ours] = (*user.get(ours, ()), theirs)
    meta = {}
    for name in META_FIELDS:
        for key in (*user.get(name, ()), *fmt.keys.get(name, ())) if user else fmt.keys.get(name, ()):
            value = record.get(key) if key in record else (_lookup(record, key) if "." in key else None)
            if value is not None and (value := _text(value)):
                meta[name] = " ".join(value.split())[:MAX_FIELD]
                break
    tried: list[str] = []
    order = [(n, user.get(n, ())) for n in CONTENT_FIELDS] if user else []
    for name, keys in order + [(n, fmt.keys.get(n, ())) for n in CONTENT_FIELDS]:
        for key in keys:  # the user's content keys first, whichever field they name
            tried.append(key)
            value = record.get(key) if key in record else (_lookup(record, key) if "." in key else None)
            if value is not None and (value := _content(value, "\n" if name == "html" else "\n\n")):
                return Mapped(fmt.name, value, "html" if name == "html" else None, meta, tuple(tried))
    return Mapped(fmt.name, None, None, meta, tuple(dict.fromkeys(tried)))


def _content(value: Any, joiner: str) -> str | None:
    """A content field as text: a string, or a list of strings (a Scrapy ``.getall()`` of paragraphs) joined.

    >>> _content(["First paragraph.", " ", "Second."], "\\n\\n")
    'First paragraph.\\n\\nSecond.'
    """
    if isinstance(value, list):
        value = joiner.join(v for v in value if isinstance(v, str) and v.strip())
    return value if isinstance(value, str) and value.strip() else None


def _lookup(record: Mapping[str, Any], key: str) -> Any:
    """``record[key]``, or for a dotted key absent as it is, the path into nested objects."""
    if key in record or "." not in key:
        return record.get(key)
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _text(value: Any) -> str | None:
    """A field's value as text: strings and numbers as they are, a list of them joined with ", "."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return None if value.strip().lower() in _NOTHING else value
    if isinstance(value, list):
        parts = [t for v in value if not isinstance(v, (list, dict)) and (t := _text(v))]
        return ", ".join(parts) or None
    if isinstance(value, Mapping):  # schema.org style {"name": ...}
        return _text(value.get("name"))
    return None
