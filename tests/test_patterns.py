"""Patterns compiled on first use answer as ``re.compile`` does, and are compiled only when used."""

from __future__ import annotations

import pickle
import re

import pytest

from cleaners.boilerplate.blocks import BLOCK_RULES
from cleaners.boilerplate.rules import RULES
from cleaners.patterns import LazyPattern, lazy

LINES = ["READ MORE: Fares rise", "By Ann Lee", "The council met on Monday.", "", "- Share this", "Tue 3 May 2026"]


def test_nothing_is_compiled_until_used() -> None:
    pattern = lazy(r"^read[ ]more\b", re.IGNORECASE | re.VERBOSE)
    assert pattern.compiled is None
    assert pattern.pattern == r"^read[ ]more\b"  # the source needs no compiling
    pattern.search("x")
    assert isinstance(pattern.compiled, re.Pattern)


TABLE = [(r.name, r.pattern, (*r.strip, *r.keep)) for r in RULES if isinstance(r.pattern, LazyPattern)] + [
    (r.name, r.start, tuple(line for run in (*r.strip, *r.keep) for line in run.split("\n"))) for r in BLOCK_RULES]


def test_the_tables_are_lazy() -> None:
    assert sum(isinstance(p, LazyPattern) for _, p, _ in TABLE) > 30


@pytest.mark.parametrize(("name", "lazy_pattern", "examples"), TABLE, ids=[name for name, _, _ in TABLE])
def test_every_lazy_rule_answers_as_its_compiled_pattern(name, lazy_pattern, examples) -> None:
    compiled = re.compile(lazy_pattern.pattern, lazy_pattern.given_flags)
    for line in (*LINES, *examples):
        for method in ("search", "match", "fullmatch", "findall"):
            got, want = getattr(lazy_pattern, method)(line), getattr(compiled, method)(line)
            assert (got.group(0) if isinstance(got, re.Match) else got) == (
                want.group(0) if isinstance(want, re.Match) else want)
    assert (lazy_pattern.flags, lazy_pattern.groups, dict(lazy_pattern.groupindex)) == (
        compiled.flags, compiled.groups, dict(compiled.groupindex))


def test_sub_split_finditer_and_pickle() -> None:
    pattern = lazy(r"\s+")
    assert pattern.sub(" ", "a  b\tc") == "a b c" and pattern.subn("", "a b") == ("ab", 1)
    assert pattern.split("a b c", 1) == ["a", "b c"]
    assert [m.start() for m in pattern.finditer("a b c")] == [1, 3]
    copy = pickle.loads(pickle.dumps(pattern))
    assert copy == pattern and hash(copy) == hash(pattern) and copy.compiled is None


def test_a_bad_pattern_fails_on_first_use() -> None:
    pattern = lazy("(unclosed")
    with pytest.raises(re.error):
        pattern.search("x")
