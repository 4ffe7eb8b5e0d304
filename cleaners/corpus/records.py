"""The typed records that cross the corpus layer's boundaries.

* worker → store: a cleaned document is a :class:`Cleaned`, a document without an article a
  :class:`Dropped` (its :class:`~cleaners.article.Rejection` carries the countable code);
* site templates → store: a :class:`TemplateUpdate` per re-finalised article;
* store → near-duplicate search: signatures by text class and a :class:`PolicyView` per document
  (what the canonical policy reads);
* store → views: a :class:`Document` per raw document, as the manifest sees it.

Everything here is plain data (picklable, so it travels between processes); nothing here reads or
writes storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from cleaners.article import CANONICAL, DUPLICATE, Rejection

#: A line of an article for site-template learning: (64-bit line hash, reads as a body paragraph, is the title).
LineKey = tuple[int, int, int]


@dataclass(frozen=True)
class Cleaned:
    """A raw document cleaned into an article (rules applied, no site template yet), ready to store.

    ``article`` is the article's JSON object (``Article.to_dict()``) and ``article_json`` the same
    serialised once, in the worker; ``site`` is the site-template group (None: not learned from);
    ``lines`` its distinct line hashes for template learning; ``signature`` the MinHash bytes of
    its text (``num_perm`` × 4 bytes); ``story_keys`` the keys that make it one story with other
    documents of its site (:func:`cleaners.dedup.stories.story_keys`).
    """

    raw: str
    file: str
    sha256: str
    article: dict[str, Any]
    article_json: str
    words: int
    text_hash: str
    signature: bytes
    site: str | None = None
    lines: tuple[LineKey, ...] = ()
    story_keys: tuple[str, ...] = ()

    status = "ok"


@dataclass(frozen=True)
class Dropped:
    """A raw document that holds no article: rejected (bad input) or failed (a bug), with the reason.

    ``traceback`` is kept for failed documents (the last frames), for the person fixing the bug.
    """

    raw: str
    file: str
    sha256: str
    rejection: Rejection
    traceback: str | None = None

    @property
    def status(self) -> str:
        return self.rejection.status


@dataclass(frozen=True)
class Skipped:
    """Records of a file that are no documents (a WARC request, metadata, an image): counted, never stored.

    >>> Skipped("crawl.warc.gz", "warc request", 3).count
    3
    """

    file: str
    what: str
    count: int


Result = Cleaned | Dropped | Skipped


@dataclass(frozen=True)
class TemplateUpdate:
    """An article re-finalised because the site-template lines it holds changed.

    Either ``cleaned`` (the new text's article, words, class hash and signature) or ``rejection``
    (too little text left); ``applied`` is the key of the template lines now applied to it and
    ``removed_rules`` the rules of the lines the template removed (for the run's counts).
    """

    raw: str
    site: str
    applied: str
    removed_rules: tuple[str, ...] = ()
    article: dict[str, Any] | None = None
    words: int | None = None
    text_hash: str | None = None
    signature: bytes | None = None
    rejection: Rejection | None = None


class PolicyView(TypedDict, total=False):
    """What the canonical policy (:func:`cleaners.dedup.canonical_key`) reads of one document."""

    raw: str
    words: int
    title: str | None
    description: str | None
    author: str | None
    published: str | None
    url: str | None
    site: str | None
    language: str | None


@dataclass(frozen=True)
class Document:
    """One raw document of a clean dir, as the manifest sees it, with its cleaned article (if any)."""

    raw: str
    status: str  # canonical | duplicate | rejected | failed
    reason: str | None
    reason_code: str | None
    article: dict[str, Any] | None  # the cleaned article (a duplicate's own text, not its canonical's)
    canonical_raw: str | None  # the raw document this one is kept as (itself when canonical)
    similarity: float | None
    containment: float | None
    sha256: str | None = None

    @property
    def article_id(self) -> str | None:
        return self.article["id"] if self.article else None


def manifest_status(status: str, raw: str, canonical: str | None) -> str:
    """The manifest's status of a stored document: ``ok`` splits into canonical and duplicate.

    >>> manifest_status("ok", "a.txt", None), manifest_status("ok", "b.txt", "a.txt"), manifest_status("rejected", "c", None)
    ('canonical', 'duplicate', 'rejected')
    """
    if status != "ok":
        return status
    return CANONICAL if canonical in (None, raw) else DUPLICATE


@dataclass
class FileRecord:
    """A raw file as the last run that finished it saw it (the plan compares against this)."""

    rel: str
    size: int
    mtime_ns: int
    sha256: str
    settings_key: str


@dataclass
class ClusterMember:
    """A document of a cluster, for its canonical article's ``sources``."""

    raw: str
    url: str | None
    similarity: float

    def as_source(self) -> dict[str, Any]:
        return {"raw": self.raw, "url": self.url, "similarity": self.similarity}


@dataclass(slots=True)
class DedupDoc:
    """A cleaned document as near-duplicate search sees it: its text class and current assignment."""

    raw: str
    text_hash: str
    pending: bool
    canonical: str | None
    similarity: float | None
    containment: float | None
