"""Every row of the boilerplate rule table strips its examples and leaves its counter-examples.

A new rule is one row in ``cleaners/boilerplate/rules.py`` with its examples, a new label one
row in ``cleaners/boilerplate/vocabulary.py``: this file runs them, placed in the zone where the
rule may fire, between real paragraphs, with the table of the row's language (``rules_for``).
"""

from __future__ import annotations

import pytest

from cleaners.boilerplate import RULES, rules_for, strip_boilerplate
from cleaners.boilerplate.engine import matching_rule
from cleaners.boilerplate.rules import ANY, BOTTOM, EDGE, LANGUAGE_RULES, TAIL, TOP

BODY = [
    "The harbour board approved the new ferry timetable on Tuesday after a long public consultation.",
    "Residents of the two islands had asked for an earlier crossing so that pupils reach school on time.",
    "The first sailings under the new timetable will leave the mainland at a quarter past six next month.",
]


def _article(example: list[str], zone: str) -> list[list[str]]:
    """Blocks with the example lines where the rule's zone is (inline rules go between paragraphs)."""
    body = [[line] for line in BODY]
    lines = [[line] for line in example]
    if zone == TOP:
        return lines + body
    if zone in (BOTTOM, EDGE, TAIL):
        return body + lines
    return body[:2] + lines + body[2:]


ALL_RULES = RULES + LANGUAGE_RULES
CASES_STRIP = [(rule, example) for rule in ALL_RULES for example in rule.strip]
CASES_KEEP = [(rule, example) for rule in ALL_RULES for example in rule.keep]


def _id(rule, example: str) -> str:
    return f"{rule.name}{'/' + rule.language if rule.language else ''}:{example[:30]}"


def test_every_rule_has_examples_both_ways() -> None:
    for rule in ALL_RULES:
        assert rule.strip, f"{rule.name} ({rule.language}) has no example to strip"
        assert rule.keep, f"{rule.name} ({rule.language}) has no example to keep"
    assert len({r.name for r in RULES}) == len(RULES)


LANGUAGE_CASES = [(rule, example) for rule in LANGUAGE_RULES for example in rule.strip]


@pytest.mark.parametrize(("rule", "example"), LANGUAGE_CASES, ids=[_id(r, e) for r, e in LANGUAGE_CASES])
def test_a_vocabulary_row_strips_its_examples_itself(rule, example: str) -> None:
    """Not only through the English rule of the same name: the row's own pattern matches."""
    assert matching_rule(example, [rule]) == rule.name


@pytest.mark.parametrize(("rule", "example"), CASES_STRIP, ids=[_id(r, e) for r, e in CASES_STRIP])
def test_rule_strips_its_examples(rule, example: str) -> None:
    lines = example.split("\n")
    out = strip_boilerplate(_article(lines, rule.zone), title=rule.context.get("title"), find_standfirst=False,
                            rules=rules_for(rule.language))
    assert out.text == "\n\n".join(BODY), f"{rule.name} left something of {example!r}"
    assert [r["rule"] for r in out.removed] == [rule.name] * len(lines)
    if rule.to:
        assert rule.to in out.moved and all(r.get("to") == rule.to for r in out.removed)


@pytest.mark.parametrize(("rule", "example"), CASES_KEEP, ids=[_id(r, e) for r, e in CASES_KEEP])
def test_rule_keeps_real_content(rule, example: str) -> None:
    """Not this rule, nor any other of its language's table, strips a line that is real content."""
    lines = example.split("\n")
    out = strip_boilerplate(_article(lines, rule.zone), title=rule.context.get("title"), find_standfirst=False,
                            rules=rules_for(rule.language))
    assert out.removed == [], f"{example!r} was stripped as {out.removed}"


@pytest.mark.parametrize("zone_example", [
    "PREV Bridge reopens after six months",  # navigation is only navigation at the article's edges
])
def test_edge_rules_do_not_fire_between_paragraphs(zone_example: str) -> None:
    blocks = [[BODY[0]], [zone_example], [BODY[1]]]
    assert strip_boilerplate(blocks).removed == []


def test_short_real_content_survives_everywhere() -> None:
    """A one-line quote, a subheading and a one-sentence paragraph are content, wherever they are."""
    short = ["“We will not be moved,” she said.", "A long winter ahead", "It rained."]
    blocks = [[short[1]], [BODY[0]], [short[0]], [BODY[1]], [short[1]], [BODY[2]], [short[2]]]
    out = strip_boilerplate(blocks, find_standfirst=False)
    assert out.removed == []


def test_byline_moves_the_author_to_metadata() -> None:
    out = strip_boilerplate([["By Ann Porter"], [BODY[0]], [BODY[1]]])
    assert out.moved["author"] == "Ann Porter" and out.removed[0]["to"] == "author"


def test_author_bio_gives_the_name_to_author() -> None:
    out = strip_boilerplate([[BODY[0]], [BODY[1]], ["Shae Gillam"],
                             ["Editor of the Valley Courier. She enjoys hill walking and reading crime novels."]])
    assert out.moved["author"] == "Shae Gillam"
    assert out.text == "\n\n".join(BODY[:2])


def test_standfirst_goes_to_description() -> None:
    out = strip_boilerplate([["Ferry operators agree a new timetable after months of complaints"], [BODY[0]], [BODY[1]]])
    assert out.moved["description"] == "Ferry operators agree a new timetable after months of complaints"
    assert out.removed == [{"text": "Ferry operators agree a new timetable after months of complaints",
                            "rule": "standfirst", "to": "description", "at": 0}]


def test_every_removal_is_recorded_with_its_rule() -> None:
    blocks = [["Home › News › Local"], ["By Ann Porter"], [BODY[0]], ["Advertisement"], [BODY[1]],
              ["Tags: ferries, islands"], ["© 2026 Example Media. All rights reserved."]]
    out = strip_boilerplate(blocks)
    assert [r["rule"] for r in out.removed] == ["breadcrumb", "byline", "advertisement", "tag-list", "copyright"]
    assert [r["text"] for r in out.removed] == [b[0] for b in blocks if b[0] not in BODY]
