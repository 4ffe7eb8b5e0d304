"""verify_two_steps: pairs LSH missed beside a verified pair are found, the same whatever the order
the pairs arrive in (one run, or the corpus in several runs), and nothing is assumed without a match."""

from __future__ import annotations

from random import Random

from cleaners.dedup import verify_two_steps
from cleaners.dedup.cluster import MAX_EXPANDED_NEIGHBOURS


def _closure_in_runs(proposed: list[tuple[str, str]], copies: set[tuple[str, str]], runs: int) -> set[tuple[str, str]]:
    """What the runs store: each run adds its proposed pairs that are copies, then verifies two steps out."""
    stored: set[tuple[str, str]] = set()
    size = -(-len(proposed) // runs)
    for start in range(0, len(proposed), size):
        new = [pair for pair in proposed[start:start + size] if pair in copies]
        stored |= set(new)
        stored |= set(verify_two_steps(stored, new, lambda a, b: 1.0 if (a, b) in copies else None))
    return stored


def test_one_run_and_several_runs_end_with_the_same_pairs() -> None:
    for seed in range(40):
        rng = Random(seed)
        nodes = [f"c{i:02d}" for i in range(14)]
        groups = {n: rng.randrange(4) for n in nodes}  # four stories: copies are pairs of one story
        copies = {(a, b) for a in nodes for b in nodes if a < b and groups[a] == groups[b] and rng.random() < 0.8}
        proposed = [pair for pair in sorted(copies) if rng.random() < 0.6]  # LSH proposes some of them
        proposed += [(a, b) for a in nodes for b in nodes if a < b and rng.random() < 0.05]  # and look-alikes
        rng.shuffle(proposed)
        one = _closure_in_runs(proposed, copies, 1)
        assert one <= copies  # nothing is assumed: every stored pair is a verified copy
        assert _closure_in_runs(proposed, copies, 3) == one == _closure_in_runs(proposed[::-1], copies, 5)


def test_an_excerpt_missed_by_lsh_is_found_through_a_middle_copy() -> None:
    copies = {("excerpt", "full"), ("excerpt", "partial"), ("full", "partial")}
    found = verify_two_steps([("full", "partial"), ("excerpt", "partial")], [("excerpt", "partial")],
                             lambda a, b: (a, b) if (a, b) in copies else None)
    assert found == {("excerpt", "full"): ("excerpt", "full")}


def test_a_hub_is_not_expanded_through() -> None:
    stories = [f"s{i:03d}" for i in range(MAX_EXPANDED_NEIGHBOURS + 1)]
    asked: list[tuple[str, str]] = []

    def match(a: str, b: str) -> None:
        asked.append((a, b))

    verify_two_steps([("page", s) for s in stories], [("page", stories[0])], match)
    assert asked == []  # a round-up holding 65 stories: its stories are not tried against each other
    verify_two_steps([("page", s) for s in stories[:3]], [("page", stories[0])], match)
    assert sorted(asked) == [("s000", "s001"), ("s000", "s002")]


def test_a_pair_already_refused_is_not_asked_again() -> None:
    asked: list[tuple[str, str]] = []

    def match(a: str, b: str) -> None:
        asked.append((a, b))

    verify_two_steps([("a", "b"), ("b", "c"), ("b", "d")], [("b", "d")], match, refused=[("a", "d")])
    assert sorted(asked) == [("c", "d")]  # ("a", "d") was an LSH candidate that verification refused
