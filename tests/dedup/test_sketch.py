"""The signature check before verification (cleaners.dedup.minhash.sketch_rules_out, Verifier.sketch_of):
it never rules out a pair that exact verification accepts, and it rules out most look-alike candidates."""

from __future__ import annotations

from random import Random

from cleaners.dedup import words
from cleaners.dedup.minhash import SKETCH_MIN_WORDS, pair_overlap, sketch_rules_out, text_signature
from cleaners.dedup.verify import Verifier

JACCARD, CONTAINMENT = 0.6, 0.8  # the settings' defaults
VOCABULARY = [f"{a}{b}" for a in ("ba", "ko", "mi", "ru", "te", "sal", "dor", "fen", "lu", "qua")
              for b in ("n", "st", "ra", "vel", "mo", "ti", "ger", "pa", "los", "din", "ke", "zu")]


def _text(rng: Random, n: int) -> list[str]:
    return [rng.choice(VOCABULARY) for _ in range(n)]


def _edited(rng: Random, toks: list[str], every: int) -> list[str]:
    """A copy with one word in ``every`` replaced (a corrected, re-edited version)."""
    return [rng.choice(VOCABULARY) if rng.randrange(every) == 0 else t for t in toks]


def _copies(seed: int) -> list[tuple[list[str], list[str]]]:
    rng = Random(seed)
    story = _text(rng, 400)
    return [
        (story, story[:len(story) * 9 // 10]),  # trimmed: containment 1, Jaccard 0.9
        (story, story[50:250]),  # an excerpt of half the story: containment 1, Jaccard ~0.5
        (story, story + _text(rng, 250)),  # the story inside a page with as much other text
        (story, _edited(rng, story, 25)),  # a word in 25 changed: Jaccard ~0.65
        (story[:200], _edited(rng, story[:200], 40) + _text(rng, 40)),
    ]


def _look_alikes(seed: int) -> list[tuple[list[str], list[str]]]:
    rng = Random(seed)
    shared = _text(rng, 120)
    return [
        (_text(rng, 300), _text(rng, 300)),  # unrelated
        (shared + _text(rng, 300), _text(rng, 250) + shared),  # one shared passage (a quote): Jaccard ~0.2
        (_edited(rng, shared * 3, 3), _edited(rng, shared * 3, 3)),  # same words, a third of them changed in each
    ]


def test_a_pair_that_verification_accepts_is_never_ruled_out() -> None:
    accepted = 0
    for seed in range(60):
        for a, b in _copies(seed):
            assert min(len(a), len(b)) >= SKETCH_MIN_WORDS
            if pair_overlap(a, b).is_copy(JACCARD, CONTAINMENT):
                accepted += 1
                assert not sketch_rules_out(text_signature(a), text_signature(b), JACCARD, CONTAINMENT), (seed, a[:5])
    assert accepted >= 250  # the variants are copies by the exact rule, nearly all of them


def test_look_alikes_are_ruled_out_unless_they_share_a_passage() -> None:
    ruled_out = [0, 0, 0]
    for seed in range(60):
        for kind, (a, b) in enumerate(_look_alikes(seed)):
            assert not pair_overlap(a, b).is_copy(JACCARD, CONTAINMENT)
            ruled_out[kind] += sketch_rules_out(text_signature(a), text_signature(b), JACCARD, CONTAINMENT)
    # unrelated texts and texts of the same words reworded: always; a shared passage of a third of
    # each text (estimated Jaccard ~0.16, within the margin's reach of a copy): about 2 in 5 (24 of 60)
    assert ruled_out[0] == ruled_out[2] == 60
    assert 15 <= ruled_out[1] < 60


def test_verifier_skips_the_texts_of_a_ruled_out_pair_and_counts_it() -> None:
    rng = Random(7)
    texts = {"story": " ".join(_text(rng, 300)), "other": " ".join(_text(rng, 300))}
    texts["copy"] = texts["story"] + " " + " ".join(_text(rng, 20))
    read: list[str] = []

    def story_of(cls: str) -> dict[str, str]:
        read.append(cls)
        return {"text": texts[cls]}

    def sketch_of(cls: str) -> tuple[bytes, int]:
        return text_signature(texts[cls]), len(words(texts[cls]))

    verifier = Verifier(story_of, 5, JACCARD, CONTAINMENT, sketch_of=sketch_of)
    assert verifier.match("story", "other") is None
    assert read == [] and verifier.ruled_out == 1  # neither text was read
    assert verifier.match("story", "copy") is not None
    assert verifier.ruled_out == 1


def test_short_texts_are_always_verified_on_their_words() -> None:
    texts = {"a": "police closed the coast road at dawn after a lorry shed its load of timber near the harbour",
             "b": "the council voted on tuesday to keep the town library open on mondays after a long campaign"}
    verifier = Verifier(lambda cls: {"text": texts[cls]}, 5, JACCARD, CONTAINMENT,
                        sketch_of=lambda cls: (text_signature(texts[cls]), len(words(texts[cls]))))
    assert verifier.match("a", "b") is None
    assert verifier.ruled_out == 0
