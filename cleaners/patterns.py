"""Regular expressions of the rule tables, compiled on their first use instead of at import.

A rule table holds some 80 patterns (boilerplate rows, block openings, dates); compiling them all at
import cost ~0.07 s of CPU, and one page uses fewer than half of them: an HTML news page through
``newsclean clean`` left 67 of 110 of the cleaners' patterns untried (a rule is tried only in its
zone and on lines of at most its ``max_words``), ~0.05 s of the command's start-up (README
"Start-up"; measured by wrapping ``re.compile`` during import and counting the patterns searched).

:class:`LazyPattern` answers as the compiled pattern does (``search``, ``match``, ``fullmatch``,
``sub``, ``subn``, ``split``, ``findall``, ``finditer``, ``pattern``, ``flags``, ``groups``,
``groupindex``); :mod:`re` itself is unchanged (the standard library has no lazy compile).

Imports nothing of ``cleaners``.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """``re.compile(pattern, flags)``, done on the first call that needs it (then kept).

    >>> p = LazyPattern(r"^read[ ]more\\b", re.IGNORECASE)
    >>> p.compiled is None, p.pattern
    (True, '^read[ ]more\\\\b')
    >>> bool(p.search("READ MORE: Fares")), p.compiled is not None
    (True, True)
    >>> p.flags == re.compile(r"^read[ ]more\\b", re.IGNORECASE).flags
    True

    Errors: a bad pattern raises :class:`re.error` on first use, not at construction; the tables'
    tests (tests/boilerplate/test_rules.py) use every pattern, so a bad row still fails there.
    """

    __slots__ = ("pattern", "given_flags", "compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.given_flags = flags
        self.compiled: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it is not yet)."""
        compiled = self.compiled
        if compiled is None:
            compiled = self.compiled = re.compile(self.pattern, self.given_flags)
        return compiled

    def search(self, string: str, *args: int) -> re.Match[str] | None:
        return self.get().search(string, *args)

    def match(self, string: str, *args: int) -> re.Match[str] | None:
        return self.get().match(string, *args)

    def fullmatch(self, string: str, *args: int) -> re.Match[str] | None:
        return self.get().fullmatch(string, *args)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self.get().sub(repl, string, count)

    def subn(self, repl: Any, string: str, count: int = 0) -> tuple[str, int]:
        return self.get().subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[Any]:
        return self.get().split(string, maxsplit)

    def findall(self, string: str, *args: int) -> list[Any]:
        return self.get().findall(string, *args)

    def finditer(self, string: str, *args: int) -> Any:
        return self.get().finditer(string, *args)

    @property
    def flags(self) -> int:
        return self.get().flags

    @property
    def groups(self) -> int:
        return self.get().groups

    @property
    def groupindex(self) -> Any:
        return self.get().groupindex

    def __reduce__(self) -> tuple[type, tuple[str, int]]:  # pickled as its source, as re.Pattern is
        return (LazyPattern, (self.pattern, self.given_flags))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern):
            return (self.pattern, self.given_flags) == (other.pattern, other.given_flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.given_flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:60]!r}, {self.given_flags})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """A :class:`LazyPattern`: ``re.compile``'s signature, compiled on first use.

    >>> lazy(r"\\d+").findall("3 of 12")
    ['3', '12']
    """
    return LazyPattern(pattern, flags)
