"""The types that flow through the pipeline: the article, and the rejection that replaces it.

A raw document becomes an :class:`Article` or a :class:`Rejection` (a countable ``code`` and a
sentence a person reads, datatrove's ``stat_update`` per drop reason); every code is listed in
:data:`REASON_CODES`.  ``Article.to_dict()`` is exactly the JSON written to
``articles/<id>.json`` (the contract's fields plus a few documented extras).  Imports
:mod:`cleaners.words` (what a word is, per script) and nothing else of ``cleaners``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from cleaners.words import count_words

#: The fewest words of article text an article may have (``too-short`` below): newsclean 0.1's
#: value, the default of ``clean_document(min_words=...)`` and of the ``min_words`` setting.
MIN_WORDS = 10

# The statuses a raw document can end with (the manifest's ``status`` column).
CANONICAL, DUPLICATE, REJECTED, FAILED = "canonical", "duplicate", "rejected", "failed"

#: Every rejection code (the manifest's ``reason_code``) and what it means.  ``internal-error``
#: is the one code of a ``failed`` document (a bug, not bad input); all others are ``rejected``.
REASON_CODES: dict[str, str] = {
    "unsupported-type": "a file type newsclean does not read (by extension)",
    "too-large": "a document over the size limit (file, decompressed gzip, or one record)",
    "read-error": "the file could not be read (permissions, I/O error)",
    "unreadable-folder": "a folder the run could not list (permissions, I/O error): its files were not read",
    "path-too-long": "a path over the system's limit (PATH_MAX): not read",
    "link-outside": "a symbolic link leading out of RAW_DIR, or to /proc, /sys or /dev: not followed",
    "special-file": "not a regular file (a FIFO, socket or device): never opened",
    "vanished": "the file disappeared while the run was reading it",
    "corrupt-gzip": "a corrupt or truncated gzip file",
    "corrupt-zstd": "a corrupt or truncated zstd (.zst) file",
    "damaged-record": "a WARC record that could not be read (bad header, broken gzip member, cut short); "
                      "the records after it are read",
    "invalid-json": "a .json/.jsonl record that is not valid JSON",
    "not-a-record": "JSON that is not an object (a list, a string, a number)",
    "no-content": "a record without html, text, content or body",
    "summary-only": "a feed item with only a summary, no full content (content:encoded, Atom content)",
    "empty": "an empty file, or one holding only whitespace",
    "binary": "not text: an image, PDF, archive or other binary data",
    "no-text": "extraction found no article text in the page",
    "unparsable": "the HTML page could not be parsed (lxml or trafilatura refused it)",
    "no-letters": "the text holds no letters at all (only emoji, digits, symbols or punctuation): not an article",
    "not-an-article": "a section front, tag page or list of teasers: headlines, dates and summaries with no run of body paragraphs",
    "too-short": "fewer than min_words words of article text after boilerplate (and site template) removal",
    "too-complex": "too deeply nested or too large to parse",
    "too-many-blocks": "an HTML page of more blocks of text than newsclean cleans (a cost limit, far above any article)",
    "internal-error": "a bug in newsclean while cleaning this document (status failed)",
}


@dataclass(frozen=True)
class Rejection:
    """Why a raw document holds no article: a ``code`` from :data:`REASON_CODES` and a ``message``.

    ``detail`` is extra text for the people who debug, not for the manifest's ``reason``: for an
    ``internal-error`` it is the traceback (the result row's ``traceback`` field).  It takes no
    part in equality, so two rejections of the same kind and sentence compare equal.

    >>> r = Rejection("empty", "empty file"); r.status, str(r)
    ('rejected', 'empty file')
    >>> Rejection("internal-error", "internal error while cleaning: KeyError: 'x'").status
    'failed'
    >>> Rejection("empty", "empty file", detail="seen twice") == r
    True
    >>> Rejection("nonsense", "x")
    Traceback (most recent call last):
    ...
    ValueError: unknown rejection code 'nonsense' (see cleaners.article.REASON_CODES)
    """

    code: str
    message: str
    detail: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.code not in REASON_CODES:
            raise ValueError(f"unknown rejection code {self.code!r} (see cleaners.article.REASON_CODES)")

    @property
    def status(self) -> str:
        """The manifest status of a document rejected this way: ``failed`` or ``rejected``."""
        return FAILED if self.code == "internal-error" else REJECTED

    def __str__(self) -> str:
        return self.message


class Rejected(ValueError):
    """Raised by :func:`cleaners.document.clean_document` when a document holds no usable article.

    ``str(exc)`` is the sentence for the manifest; ``exc.rejection`` carries its code too.

    >>> exc = Rejected("too-short", "only 2 words of article text"); exc.rejection.code, str(exc)
    ('too-short', 'only 2 words of article text')
    """

    def __init__(self, code: str, message: str) -> None:
        self.rejection = Rejection(code, message)
        super().__init__(message)


@dataclass
class Article:
    """A cleaned news article and everything learned while cleaning it.

    ``removed`` lists every stripped line or span as ``{"text", "rule"}`` (plus
    ``"to"`` when the text was moved to a metadata field rather than dropped).
    ``encoding`` says what was detected and which repairs were applied.

    Metadata (:mod:`cleaners.metadata`): ``author`` is ``authors`` joined by ``"; "``; ``published``
    is ISO 8601 (a date stays a date, a timestamp keeps its timezone); ``url`` is the canonical URL
    (the page's ``rel=canonical``/``og:url`` on the same site, AMP and tracking parameters removed)
    and ``fetched_url`` the URL as given; ``site`` is the grouping key (registered domain, else a
    record's site name case-folded, else the raw folder) and ``site_name`` the publisher's name.
    """

    title: str | None = None
    description: str | None = None
    text: str = ""
    author: str | None = None
    published: str | None = None
    url: str | None = None
    site: str | None = None
    language: str | None = None
    removed: list[dict[str, str]] = field(default_factory=list)
    encoding: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None
    id: str = ""
    sources: list[dict[str, Any]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    fetched_url: str | None = None

    def with_id(self) -> Article:
        """A copy of the article whose ``id`` is its content id (:func:`article_id` of title and text).

        The article itself is left unchanged; call it again after changing the title or text.

        >>> a = Article(title="Storm", text="The storm passed.")
        >>> a.with_id().id == article_id("Storm", "The storm passed."), a.id
        (True, '')
        """
        return dataclasses.replace(self, id=article_id(self.title, self.text))

    def to_dict(self) -> dict[str, Any]:
        """The article as the JSON of ``articles/<id>.json`` (field order as written): a deep copy,
        equal to ``dataclasses.asdict(self)``, made by :func:`json_copy` (``asdict`` deep-copies every
        string through ``copy.deepcopy``: 5x slower) unless a field holds something that is not
        plain JSON data, which goes to ``asdict`` as before.

        >>> list(Article(text="x").to_dict())[:4]
        ['title', 'description', 'text', 'author']
        >>> a = Article(text="x", removed=[{"text": "Advertisement", "rule": "advertisement"}])
        >>> a.to_dict() == asdict(a), a.to_dict()["removed"][0] is a.removed[0]
        (True, False)
        """
        try:
            return {name: json_copy(getattr(self, name)) for name in ARTICLE_FIELDS}
        except TypeError:
            return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """An article from its JSON; unknown keys are ignored.

        >>> Article.from_dict({"title": "Storm", "text": "Rain.", "extra": 1}).title
        'Storm'
        """
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @property
    def word_count(self) -> int:
        """Words of ``text``, the unit of ``min_words``: :func:`cleaners.words.count_words` (per script:
        a whitespace-separated chunk holding a letter or digit; one Chinese or Japanese character;
        a Thai word of the segmenter).

        >>> Article(text="The storm  passed — 🌊").word_count, Article(text="地铁票价上调").word_count
        (3, 6)
        """
        return count_words(self.text)


#: The article's fields in the order they are written (``dataclasses.fields`` order).
ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Article))
JSON_ATOMS = (str, int, float, bool, type(None))  # what :func:`json_copy` returns as it is (immutable)


def json_copy(value: Any) -> Any:
    """A deep copy of JSON data: new dicts and lists (same key order), the same strings, numbers,
    booleans and None (immutable: ``copy.deepcopy`` returns them too).  Raises ``TypeError`` for
    anything else (a tuple, a set, a dict subclass, an object).

    >>> data = {"a": [1, {"b": None}], "c": "x"}
    >>> copied = json_copy(data); copied == data, copied["a"] is data["a"]
    (True, False)
    >>> json_copy((1, 2))
    Traceback (most recent call last):
    ...
    TypeError: not JSON data: tuple
    """
    if isinstance(value, JSON_ATOMS):
        return value
    kind = type(value)
    if kind is dict:
        return {k if isinstance(k, str) else json_copy(k): json_copy(v) for k, v in value.items()}
    if kind is list:
        return [json_copy(v) for v in value]
    raise TypeError(f"not JSON data: {kind.__name__}")


def article_id(title: str | None, text: str) -> str:
    """A stable id for a cleaned text: the same title and body always give the same id.

    Whitespace and Unicode normalisation differences do not change it.

    >>> article_id("A headline", "Body  text.") == article_id("A headline", "Body text.")
    True
    >>> len(article_id(None, "x"))
    16
    """
    norm = unicodedata.normalize("NFC", f"{title or ''}\n{' '.join(text.split())}")
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]
