"""What extraction returns (:class:`Extracted`) and raises (:class:`ExtractionError`), shared by
:mod:`cleaners.extract.html` and :mod:`cleaners.extract.text`.  Imports nothing of ``cleaners``."""

from __future__ import annotations

from dataclasses import dataclass, field


class ExtractionError(ValueError):
    """The page holds no article text.

    ``code`` is the rejection code (:data:`cleaners.article.REASON_CODES`) the document is rejected
    with, ``str(exc)`` the sentence for the manifest.

    >>> exc = ExtractionError("no-text", "no article text found in the HTML page"); exc.code, str(exc)
    ('no-text', 'no article text found in the HTML page')
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass
class Extracted:
    """What extraction found: headline, metadata, and the body as blocks of lines.

    ``blocks`` is a list of paragraphs, each a list of stripped, non-empty lines.  ``meta`` holds
    ``author``, ``published``, ``url``, ``site``, ``description`` and ``language`` for a page
    (any may be None), nothing for a text dump.  ``removed`` lists lines extraction took out of
    a text dump (``{"text", "rule", "at"}``, ``at`` their position among the dump's lines, which
    come before the blocks' lines in reading order).
    """

    title: str | None
    blocks: list[list[str]]
    meta: dict[str, str | None] = field(default_factory=dict)
    #: What the HTML tells about each line (one per line of ``blocks``, in order): its container
    #: group and link share (:class:`cleaners.boilerplate.blocks.LineHint`); None for text dumps.
    hints: list | None = None
    #: Lines taken out by extraction itself (a text dump's lines above its headline), as ``removed``
    #: entries; the engine's follow them.
    removed: list[dict[str, object]] = field(default_factory=list)
