"""The one data type that flows through the pipeline: the article.

Every stage takes an :class:`Article` and returns it with more filled in; nothing
else travels between stages.  ``Article.to_dict()`` is exactly the JSON written to
``articles/<id>.json`` (the contract's fields plus a few documented extras).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

# The statuses a raw document can end with (the manifest's ``status`` column).
CANONICAL, DUPLICATE, REJECTED, FAILED = "canonical", "duplicate", "rejected", "failed"


@dataclass
class Article:
    """A cleaned news article and everything learned while cleaning it.

    ``removed`` lists every stripped line or span as ``{"text", "rule"}`` (plus
    ``"to"`` when the text was moved to a metadata field rather than dropped).
    ``encoding`` says what was detected and which repairs were applied.
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

    def finish(self) -> Article:
        """Give the article its content id (see :func:`article_id`).

        >>> Article(title="Storm", text="The storm passed.").finish().id == article_id("Storm", "The storm passed.")
        True
        """
        self.id = article_id(self.title, self.text)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The article as the JSON of ``articles/<id>.json`` (field order as written).

        >>> list(Article(text="x").to_dict())[:4]
        ['title', 'description', 'text', 'author']
        """
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
        return len(self.text.split())


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
