"""The compiled prefilter never hides a match: where it says a rule's pattern cannot match a
line, the pattern indeed does not match it (nor the line less its list bullet).

Checked on every example line of every rule and vocabulary row, bare and behind list bullets,
with every language's table, and on lines written to sit at the edges of the splitter
(alternatives inside groups, classes and escapes).
"""

from __future__ import annotations

import re

import pytest

from cleaners.boilerplate import RULES, matching_rule, rules_for
from cleaners.boilerplate.prefilter import alternatives, joined, prefilter, split_anchored
from cleaners.boilerplate.rules import LANGUAGE_RULES

BULLET = re.compile(r"^[-–•·*]\s+")  # the engine's list bullet
LANGUAGES = sorted({r.language for r in LANGUAGE_RULES if r.language} | {"xx"})
EXAMPLES = sorted({line for r in (*RULES, *LANGUAGE_RULES) for example in (*r.strip, *r.keep)
                   for line in example.split("\n")})
LINES = EXAMPLES + [prefix + line for line in EXAMPLES for prefix in ("- ", "• ", "Intro: ", "» ")] + [
    "The council met on Monday and agreed the budget.", "", "   ", "|", "[", "(", "\\", "^", "»", "- ",
    "Next »", "- Read more: Fares rise", "Photo: Ann Lee", "Weiterlesen ›", "Mehr zum Thema: Rente",
]


@pytest.mark.parametrize("language", [None, *LANGUAGES])
def test_a_skipped_pattern_never_matches(language: str | None) -> None:
    rules = rules_for(language)
    table = prefilter(rules)
    patterns = [r.pattern for r in rules if r.pattern is not None]
    skipped = 0
    for line in LINES:
        probe = table.probe(line, BULLET)
        unbulleted = BULLET.sub("", line) if BULLET.match(line) else None
        for pattern in patterns:
            if probe.may_match(pattern):
                continue
            skipped += 1
            assert not pattern.search(line), (line, pattern.pattern[:80])
            assert unbulleted is None or not pattern.search(unbulleted), (line, pattern.pattern[:80])
    assert skipped > len(LINES)  # it does skip: most patterns for most lines


def test_words_are_counted_as_the_rules_count_them() -> None:
    table = prefilter(RULES)
    assert table.probe("one two  three", BULLET).words == 3
    many = " ".join(["word"] * 500)
    assert table.probe(many, BULLET).words == table.most_words + 2  # bounded: more than any rule allows
    assert table.most_words == max(r.max_words for r in RULES)


def test_alternatives_split_only_at_the_top_level() -> None:
    assert alternatives(r"^a(?:b|c)|[|(]d|\|e|f") == ["^a(?:b|c)", "[|(]d", r"\|e", "f"]
    assert alternatives(r"[]|]x|y") == ["[]|]x", "y"]
    assert alternatives(r"[^]|]x|y") == ["[^]|]x", "y"]
    assert alternatives("^a # one|two (\n|b", verbose=True) == ["^a # one|two (\n", "b"]
    assert alternatives("a#b|c") == ["a#b", "c"]  # not verbose: '#' is a character


def test_split_anchored_and_joined_keep_each_patterns_flags() -> None:
    starts, others = split_anchored(re.compile(r"^read more\b | (?-i:\[[A-Z]+\])$", re.I | re.X))
    assert [s.strip() for s in starts] == [r"^read more\b"] and [o.strip() for o in others] == [r"(?-i:\[[A-Z]+\])$"]
    assert split_anchored(re.compile("^a", re.M)) is None  # '^' after any newline: not taken apart
    assert split_anchored(re.compile(r"(?P<x>a)(?P=x)")) is None
    both = joined([("^by (?P<value>[A-Z]\\w+)", 0), ("^read[ ]more  # label\n", re.I | re.X)])
    assert both.match("by Ann") and both.match("READ MORE") and not both.match("BY ann")


def reference_rule(line: str, rules) -> str | None:
    """The first rule whose pattern finds the line (or the line less its bullet), trying every
    rule in turn: what :func:`matching_rule` did before the prefilter."""
    line = line.strip()
    unbulleted = BULLET.sub("", line) if BULLET.match(line) else None
    for rule in rules:
        if rule.pattern is None or len(line.split()) > rule.max_words:
            continue
        if rule.pattern.search(line) or (unbulleted is not None and rule.pattern.search(unbulleted)):
            return rule.name
    return None


@pytest.mark.parametrize("language", [None, "de", "fr"])
def test_matching_rule_answers_as_the_plain_rule_loop(language: str | None) -> None:
    rules = rules_for(language)
    answers = [matching_rule(line, rules) for line in LINES]
    assert answers == [reference_rule(line, rules) for line in LINES]
    assert sum(a is not None for a in answers) > len(EXAMPLES) // 3  # the examples do hit rules
