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


def anchored(pattern: re.Pattern[str]) -> bool:
    """Whether every top-level alternative of the pattern starts with ``^`` (so it can only match
    at the start of a line) and the pattern can join an alternation (known flags, no back-references).

    >>> anchored(re.compile(r"^(?:prev|next)\\b|^older posts$", re.I)), anchored(re.compile(r"^a|b"))
    (True, False)
    """
    if pattern.flags & ~_KNOWN_FLAGS or _BACKREF.search(pattern.pattern):
        return False
    verbose = bool(pattern.flags & re.VERBOSE)
    return all((alt.lstrip() if verbose else alt).startswith("^") for alt in alternatives(pattern.pattern, verbose))


def joined(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern matching where any of ``patterns`` matches, each keeping its own flags (scoped
    groups); named groups become plain groups.  None for no patterns.

    >>> p = joined([re.compile("^read more", re.I), re.compile(r"^By (?P<value>[A-Z]\\w+)")])
    >>> bool(p.match("READ MORE")), bool(p.match("By Ann")), bool(p.match("by ann"))
    (True, True, False)
    """
    parts = []
    for pattern in patterns:
        flags = "".join(letter for flag, letter in _SCOPED.items() if pattern.flags & flag)
        body = _NAMED_GROUP.sub("(?:", pattern.pattern)
        end = "\n)" if pattern.flags & re.VERBOSE else ")"  # a verbose comment ends at a newline
        parts.append(f"(?{flags}:{body}{end}" if flags else f"(?:{body}{end}")
    return re.compile("|".join(parts)) if parts else None


@dataclass
class Prefilter:
    """A rule table's prefilter: the patterns :func:`anchored` found, joined into ``start``
    (:func:`joined`), and the largest ``max_words`` (words are counted up to one past it)."""

    skip_ids: frozenset[int]  # id() of each anchored pattern: skipped when ``start`` fails
    start: re.Pattern[str] | None
    most_words: int

    def probe(self, line: str, bullet: re.Pattern[str]) -> tuple[int, frozenset[int]]:
        """The line's words (counted up to ``most_words`` + 1) and the ids of the patterns that
        cannot match it (a line starting with ``bullet`` is also tried without it)."""
        words = len(line.split(maxsplit=self.most_words + 1))
        if self.start is None or self.start.match(line):
            return words, frozenset()
        if bullet.match(line) and self.start.match(bullet.sub("", line)):
            return words, frozenset()
        return words, self.skip_ids


_TABLES: dict[int, tuple[Any, Prefilter]] = {}


def prefilter(rules: Sequence[Any]) -> Prefilter:
    """The :class:`Prefilter` of a rule table (rows with ``pattern`` and ``max_words``), built once
    per table object and kept while the table lives in the cache (tables come from
    :func:`~cleaners.boilerplate.rules.rules_for`, itself cached).

    >>> from cleaners.boilerplate.rules import RULES
    >>> table = prefilter(RULES)
    >>> words, skipped = table.probe("The council met on Monday.", re.compile("^- "))
    >>> words, len(skipped) > 10, prefilter(RULES) is table
    (5, True, True)
    """
    kept = _TABLES.get(id(rules))
    if kept is not None and kept[0] is rules:
        return kept[1]
    start = [r.pattern for r in rules if r.pattern is not None and anchored(r.pattern)]
    built = Prefilter(frozenset(id(p) for p in start), joined(start), max((r.max_words for r in rules), default=0))
    if len(_TABLES) >= 64:  # tables are few (one per language); never grow without bound
        _TABLES.clear()
    _TABLES[id(rules)] = (rules, built)
    return built
