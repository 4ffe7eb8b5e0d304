"""The per-line probe (words counted once, the line less its bullet) gives the answers of the plain
rule loop: every example line of every rule and vocabulary row, bare and behind list bullets, with
several languages' tables.
"""

from __future__ import annotations

import re

import pytest

from cleaners.boilerplate import RULES, matching_rule, rules_for
from cleaners.boilerplate.prefilter import prefilter
from cleaners.boilerplate.rules import LANGUAGE_RULES

BULLET = re.compile(r"^[-–•·*]\s+")  # the engine's list bullet
LANGUAGES = sorted({r.language for r in LANGUAGE_RULES if r.language} | {"xx"})
EXAMPLES = sorted({line for r in (*RULES, *LANGUAGE_RULES) for example in (*r.strip, *r.keep)
                   for line in example.split("\n")})
LINES = EXAMPLES + [prefix + line for line in EXAMPLES for prefix in ("- ", "• ", "Intro: ", "» ")] + [
    "The council met on Monday and agreed the budget.", "", "   ", "|", "[", "(", "\\", "^", "»", "- ",
    "Next »", "- Read more: Fares rise", "Photo: Ann Lee", "Weiterlesen ›", "Mehr zum Thema: Rente",
]


def test_words_are_counted_as_the_rules_count_them() -> None:
    table = prefilter(RULES)
    assert table.probe("one two  three", BULLET).words == 3
    many = " ".join(["word"] * 500)
    assert table.probe(many, BULLET).words == table.most_words + 2  # bounded: more than any rule allows
    assert table.most_words == max(r.max_words for r in RULES)


def test_the_line_less_its_bullet_is_worked_out_once() -> None:
    table = prefilter(RULES)
    assert table.probe("- Read more: Fares rise", BULLET).unbulleted == "Read more: Fares rise"
    assert table.probe("Read more: Fares rise", BULLET).unbulleted is None


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


@pytest.mark.parametrize("language", [None, *LANGUAGES])
def test_matching_rule_answers_as_the_plain_rule_loop(language: str | None) -> None:
    rules = rules_for(language)
    answers = [matching_rule(line, rules) for line in LINES]
    assert answers == [reference_rule(line, rules) for line in LINES]
    assert sum(a is not None for a in answers) > len(EXAMPLES) // 3  # the examples do hit rules
