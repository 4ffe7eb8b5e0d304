"""The rule table compiled for speed: what the engine need not try on a line, decided once per line.

The rules stay data (:mod:`.rules`, :mod:`.vocabulary`); this module only reads their patterns
and ``max_words``.  For a table it builds a :class:`Prefilter`:

- the line's word count, split once (bounded) instead of once per rule;
- one alternation of every *anchored* pattern (each of its top-level alternatives starts with
  ``^``), tried once at the start of the line (and of the line less a list bullet, as the engine
  retries): when it fails, none of those patterns can match and the engine skips them all.

A plain body paragraph is thus tried against one pattern instead of each anchored rule in turn;
the unanchored patterns (captions, newsletter and social prompts…) are still tried one by one,
so which rule strips a line, and the ``removed`` audit, are exactly as without the prefilter
(``python -m bench.boilerplate``, tests/boilerplate).

Imports nothing of ``cleaners``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Flags a scoped group ``(?flags:...)`` can carry; a pattern with any other flag is left alone.
_SCOPED = {re.IGNORECASE: "i", re.VERBOSE: "x", re.DOTALL: "s", re.ASCII: "a"}
_KNOWN_FLAGS = re.IGNORECASE | re.VERBOSE | re.DOTALL | re.ASCII | re.UNICODE
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_BACKREF = re.compile(r"\(\?P=|\\[1-9]")


def alternatives(source: str, verbose: bool = False) -> list[str]:
    """The top-level alternatives of a regular expression's source (split at ``|`` outside groups,
    character classes, escapes and, in verbose mode, comments).

    >>> alternatives(r"^a(?:b|c)|[|]d|\\|e")
    ['^a(?:b|c)', '[|]d', '\\\\|e']
    >>> alternatives("^a  # x|y\\n |^b", verbose=True)
    ['^a  # x|y\\n ', '^b']
    """
    out: list[str] = []
    depth, start, k, in_class = 0, 0, 0, False
    while k < len(source):
        ch = source[k]
        if ch == "\\":
            k += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            k += 1 if source[k + 1:k + 2] == "^" else 0
            k += 1 if source[k + 1:k + 2] == "]" else 0  # "[]" and "[^]": the "]" is a member
        elif verbose and ch == "#":
            newline = source.find("\n", k)
            k = len(source) if newline < 0 else newline
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(source[start:k])
            start = k + 1
        k += 1
    out.append(source[start:])
    return out


def split_anchored(pattern: re.Pattern[str]) -> tuple[list[str], list[str]] | None:
    """A pattern's top-level alternatives in two lists: those starting with ``^`` (they can only
    match at the start of a line) and the others; None when the pattern cannot be taken apart
    (an unknown flag, a back-reference).

    >>> split_anchored(re.compile(r"^(?:prev|next)\\b|^older posts$|more »$", re.I))
    (['^(?:prev|next)\\\\b', '^older posts$'], ['more »$'])
    >>> split_anchored(re.compile(r"(a)\\1")) is None
    True
    """
    if pattern.flags & ~_KNOWN_FLAGS or _BACKREF.search(pattern.pattern):
        return None
    verbose = bool(pattern.flags & re.VERBOSE)
    starts, others = [], []
    for alt in alternatives(pattern.pattern, verbose):
        (starts if (alt.lstrip() if verbose else alt).startswith("^") else others).append(alt)
    return starts, others


def joined(sources: Sequence[tuple[str, int]]) -> re.Pattern[str] | None:
    """One pattern matching where any of ``sources`` (regex source, flags) matches, each keeping its
    own flags (scoped groups); named groups become plain groups.  None for no sources.

    >>> p = joined([("^read more", re.I), (r"^By (?P<value>[A-Z]\\w+)", 0)])
    >>> bool(p.match("READ MORE")), bool(p.match("By Ann")), bool(p.match("by ann"))
    (True, True, False)
    """
    parts = []
    for source, flags in sources:
        letters = "".join(letter for flag, letter in _SCOPED.items() if flags & flag)
        body = _NAMED_GROUP.sub("(?:", source)
        end = "\n)" if flags & re.VERBOSE else ")"  # a verbose comment ends at a newline
        parts.append(f"(?{letters}:{body}{end}" if letters else f"(?:{body}{end}")
    return re.compile("|".join(parts)) if parts else None


@dataclass
class Probe:
    """What the prefilter knows of one line (:meth:`Prefilter.probe`)."""

    words: int  # words, counted up to the table's largest ``max_words`` + 1
    line: str
    unbulleted: str | None  # the line less its list bullet, when it has one
    at_start: bool  # some anchored alternative of the table matches at the start
    table: Prefilter

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """False only when the pattern cannot match the line (nor the line less its bullet)."""
        if self.at_start:
            return True
        rest = self.table.rest.get(id(pattern), pattern)
        if rest is None:
            return False
        return bool(rest.search(self.line) or (self.unbulleted is not None and rest.search(self.unbulleted)))


@dataclass
class Prefilter:
    """A rule table's prefilter: every anchored alternative of its patterns joined into ``start``
    (tried once, at the start of a line); per pattern, its other alternatives joined (``rest``:
    None when it has none; a pattern not listed is searched whole); the largest ``max_words``."""

    start: re.Pattern[str] | None
    rest: dict[int, re.Pattern[str] | None]  # by id() of the rule's pattern
    most_words: int

    def probe(self, line: str, bullet: re.Pattern[str]) -> Probe:
        """The :class:`Probe` of a stripped line (``bullet``: the list bullet the engine also tries
        the line without)."""
        words = len(line.split(maxsplit=self.most_words + 1))
        unbulleted = bullet.sub("", line) if bullet.match(line) else None
        at_start = self.start is None or bool(
            self.start.match(line) or (unbulleted is not None and self.start.match(unbulleted)))
        return Probe(words, line, unbulleted, at_start, self)


_TABLES: dict[int, tuple[Any, Prefilter]] = {}


def prefilter(rules: Sequence[Any]) -> Prefilter:
    """The :class:`Prefilter` of a rule table (rows with ``pattern`` and ``max_words``), built once
    per table object and kept while the table lives in the cache (tables come from
    :func:`~cleaners.boilerplate.rules.rules_for`, itself cached).

    >>> from cleaners.boilerplate.rules import RULES
    >>> table = prefilter(RULES)
    >>> probe = table.probe("The council met on Monday.", re.compile("^- "))
    >>> probe.words, probe.at_start, prefilter(RULES) is table
    (5, False, True)
    >>> [r.name for r in RULES if r.pattern is not None and probe.may_match(r.pattern)]
    []
    """
    kept = _TABLES.get(id(rules))
    if kept is not None and kept[0] is rules:
        return kept[1]
    most_words = max((r.max_words for r in rules), default=0)
    starts: list[tuple[str, int]] = []
    rest: dict[int, re.Pattern[str] | None] = {}
    try:
        for rule in rules:
            if rule.pattern is None or (parts := split_anchored(rule.pattern)) is None or not parts[0]:
                continue  # searched whole
            flags = rule.pattern.flags
            starts.extend((alt, flags) for alt in parts[0])
            rest[id(rule.pattern)] = joined([(alt, flags) for alt in parts[1]])
        built = Prefilter(joined(starts), rest, most_words)
    except re.error:  # e.g. a global inline flag inside a source: no prefilter, every rule is tried
        built = Prefilter(None, {}, most_words)
    if len(_TABLES) >= 64:  # tables are few (one per language); never grow without bound
        _TABLES.clear()
    _TABLES[id(rules)] = (rules, built)
    return built
