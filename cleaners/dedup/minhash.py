"""Near-duplicate building blocks: words, shingles, exact-copy hashes, MinHash signatures, overlap.

* :func:`text_hash` — exact copies (same words, whatever the case, punctuation or spacing);
* :func:`signature_shingles` → :func:`signature` — a MinHash signature (datasketch) of a text's
  k-word shingles (shorter ones too for a short text), stored as bytes (:func:`text_signature`:
  both in one, without sorting); :func:`lean_minhash`
  turns it back into what an LSH index takes;
* :func:`pair_overlap` (:func:`overlap` of :func:`shingles` at the size that fits the shorter
  text, :func:`shingle_size_for`) — the exact Jaccard and containment, to verify a candidate;
  :func:`short_copy` — the verification of a pair of short texts (the places where they differ).

Imports :mod:`cleaners.words` (what a word is, per script) and no other module of ``cleaners``;
never ``cleaners.corpus``, ``cleaners.views``, ``flows``, Prefect or ``sqlite3``.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import math
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # datasketch (0.5 s with scipy) is imported where a signature needs it
    from datasketch import LeanMinHash

from cleaners.words import tokens

_SEED = 1  # MinHash permutation seed: fixed so signatures are comparable across runs
_SCHEME = "affine32"  # datasketch 2's collision-free 32-bit permutations; 4 bytes per permutation
#: Bump when words/shingles/signature change: stored signatures and indexes are then rebuilt.
SIGNATURE_VERSION = 2  # 2: words per script (cleaners.words), word pairs in signatures, vectorised gram hashes


def words(text: str) -> list[str]:
    """Casefolded words per script (:func:`cleaners.words.tokens`: NFKC first; a Chinese or Japanese
    character is a word, Thai is segmented; punctuation, emoji and whitespace ignored).

    Not :func:`cleaners.boilerplate.normalise_line`'s words: ``_`` is a word character here (a
    regex ``\\w``), there it separates words.  Every stored signature and text hash depends on
    it (changing it means bumping :data:`SIGNATURE_VERSION`).

    >>> words("The “Mayor’s” plan — 2026!")
    ['the', 'mayor', 's', 'plan', '2026']
    >>> words("snake_case"), words("地铁票价")
    (['snake_case'], ['地', '铁', '票', '价'])
    """
    return tokens(text)


def text_hash(text: str | list[str]) -> str:
    """Hash of a text's words (or of its :func:`words`, already split: the same hash): equal for
    texts that differ only in case, punctuation or spacing.

    >>> text_hash("A  plan, agreed.") == text_hash("a plan agreed") == text_hash(["a", "plan", "agreed"])
    True
    """
    toks = words(text) if isinstance(text, str) else text
    return hashlib.sha256(" ".join(toks).encode("utf-8")).hexdigest()[:32]


#: Short texts get shorter shingles: a text of ``n`` words is shingled with
#: ``k = min(shingle_size, max(MIN_SHINGLE, n // WORDS_PER_SHINGLE_WORD))`` words a shingle
#: (:func:`shingle_size_for`).  With Jaccard ≈ (n − d·k)/(n + d·k) for ``d`` changed words far
#: apart, ``k ≤ n/8`` keeps a copy with 2 corrections at Jaccard ≥ 0.6 (the default
#: ``jaccard_threshold``) and ``k > n/20`` keeps two briefs of one template that differ in 5 or
#: more words below it; ``bench.dedup short`` measures the rule (README, "Short texts").  A text
#: of 8 × 5 = 40 words or more keeps the ``shingle_size`` setting (5) unchanged.
WORDS_PER_SHINGLE_WORD = 8
MIN_SHINGLE = 2


def shingle_size_for(n_words: int, k: int = 5) -> int:
    """The shingle size for a text of ``n_words`` words under the ``shingle_size`` setting ``k``.

    >>> [shingle_size_for(n) for n in (10, 20, 30, 39, 40, 600)]
    [2, 2, 3, 4, 5, 5]
    """
    return min(k, max(MIN_SHINGLE, n_words // WORDS_PER_SHINGLE_WORD))


def shingles(text: str | list[str], k: int = 5) -> np.ndarray:
    """The set of k-word shingles of a text (or of its :func:`words`) as sorted unique 32-bit hashes.

    A shingle's hash mixes the CRC-32 of its words in order (:func:`gram_hashes`, vectorised: one
    CRC per word, not per shingle).  A text shorter than k words gives one shingle of all its
    words; an empty text none.  k = 5 is the ``shingle_size`` setting's default (README,
    "Figures": 3, 5 and 7 score the same on the syndication corpus; 7 loses recall).

    >>> len(shingles("one two three four five six", k=5))
    2
    >>> len(shingles("too short", k=5))
    1
    """
    toks = words(text) if isinstance(text, str) else text
    return gram_hashes(word_hashes(toks), k)


_MIX = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio (Knuth's multiplicative hashing)


def word_hashes(toks: list[str]) -> np.ndarray:
    """CRC-32 of each word, as uint64 (what :func:`gram_hashes` mixes).

    >>> word_hashes(["a", "b"]).tolist()
    [3904355907, 1908338681]
    """
    return np.fromiter(map(zlib.crc32, map(str.encode, toks)), dtype=np.uint64, count=len(toks))  # UTF-8


def gram_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of every run of ``k`` consecutive word hashes (all of them when
    fewer): ``h = k; h = (h XOR word) × MIX`` over the run's words, modulo 2**64, top 32 bits.
    The size seeds the mix, so grams of other sizes do not collide by construction.

    >>> gram_hashes(word_hashes("a b c".split()), 2).size, gram_hashes(word_hashes([]), 2).size
    (2, 0)
    """
    return np.unique(_grams(hashes, k))


def _grams(hashes: np.ndarray, k: int) -> np.ndarray:
    """:func:`gram_hashes` in text order, repeats kept (what a union sorts once)."""
    if not len(hashes):
        return np.empty(0, dtype=np.uint32)
    size = min(k, len(hashes))
    n = len(hashes) - size + 1
    h = np.full(n, k, dtype=np.uint64)
    for j in range(size):
        h = (h ^ hashes[j:j + n]) * _MIX
    return (h >> np.uint64(32)).astype(np.uint32)


#: Besides its ``shingle_size``-word shingles, every text puts its word pairs into its signature.
SIGNATURE_PAIRS = 2


def signature_shingles(text: str | list[str], k: int = 5) -> np.ndarray:
    """What a text's MinHash signature is made of: its ``k``-word shingles and its
    :data:`SIGNATURE_PAIRS`-word shingles (a gram of ``j`` words is a string of its own, so sizes
    never collide).  The pairs make a copy a word or two apart a sure LSH candidate even in a
    brief of 20 words, where a correction breaks half its 5-grams; every text gets both sizes, so a
    brief and a long text holding it (an excerpt) still share their estimate as before.
    Verification reads exact shingles (:func:`pair_overlap`, :func:`short_copy`), not these.

    >>> len(signature_shingles("a b c d e f g h i j")), len(shingles("a b c d e f g h i j"))
    (15, 6)
    """
    toks = words(text) if isinstance(text, str) else text
    hashes = word_hashes(toks)
    if k == SIGNATURE_PAIRS:
        return gram_hashes(hashes, k)
    return np.unique(np.concatenate([_grams(hashes, SIGNATURE_PAIRS), _grams(hashes, k)]))  # one sort, not three


def text_signature(text: str | list[str], k: int = 5, num_perm: int = 128) -> bytes:
    """``signature(signature_shingles(text, k), num_perm)``, the same bytes, without sorting the
    shingles: a minimum needs neither order nor uniqueness (``np.unique`` was a third of the cost).

    >>> t = "the ferry port closed on friday as the storm brought high winds"
    >>> text_signature(t) == signature(signature_shingles(t)), text_signature("") == signature(signature_shingles(""))
    (True, True)
    """
    hashes = word_hashes(words(text) if isinstance(text, str) else text)
    if k == SIGNATURE_PAIRS:
        return signature(_grams(hashes, k), num_perm)
    return signature(np.concatenate([_grams(hashes, SIGNATURE_PAIRS), _grams(hashes, k)]), num_perm)


def pair_overlap(a: list[str], b: list[str], k: int = 5) -> Overlap:
    """The verified overlap of two texts given as :func:`words`: :func:`overlap` of their shingles
    at the size :func:`shingle_size_for` the shorter of them.

    >>> brief = "police closed the coast road at dawn after a lorry shed its load of timber near the harbour"
    >>> fixed = brief.replace("dawn", "noon")
    >>> pair_overlap(words(brief), words(fixed)).jaccard >= 0.6, overlap(shingles(brief), shingles(fixed)).jaccard < 0.6
    (True, True)
    """
    size = shingle_size_for(min(len(a), len(b)), k)
    return overlap(shingles(a, size), shingles(b, size))


#: A pair of texts both shorter than this (in words) is verified by :func:`short_copy`, not by
#: shingle overlap (a brief within a longer text is still found by containment): at 20-60 words a corrected re-run (a number, a name, a day put right) and a
#: brief of the same template about another event (other names, places, numbers) are both a few
#: words apart, and only *where* they differ tells them apart.  ``bench.dedup short`` (README,
#: "Short texts"): shingle Jaccard at any size and threshold either loses corrected re-runs or
#: merges a template's briefs; counting the places that differ keeps both.
SHORT_TEXT_WORDS = 80
MAX_EDIT_PLACES = 2  # a correction fixes one or two things; a template's other briefs differ in (almost) every slot
MIN_KEPT_SHARE = 0.6  # and at least this share of the shorter text's words is found, in order, in the other


def edit_places(a: list[str], b: list[str]) -> tuple[int, float]:
    """Where two word sequences differ: (number of places changed, share of the shorter one's words kept).

    A place is a run of words replaced, inserted or deleted (difflib's ``SequenceMatcher``
    opcodes, without its junk heuristic); words only added or cut at the very start or end (a
    trimmed brief, an appended correction note) are not a place.

    >>> a = "police said a 34 year old man was arrested on monday on mill lane".split()
    >>> edit_places(a, [w.replace("monday", "tuesday") for w in a] + ["correction"])
    (1, 0.9286)
    """
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    kept = sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal")
    changed = [op for op, *_ in ops]
    if changed and changed[0] in ("insert", "delete"):
        changed = changed[1:]
    if changed and changed[-1] in ("insert", "delete"):
        changed = changed[:-1]
    shorter = min(len(a), len(b))
    return sum(op != "equal" for op in changed), round(kept / shorter, 4) if shorter else 0.0


def short_copy(a: list[str], b: list[str]) -> bool:
    """Whether two short texts (as :func:`words`) are copies: at most :data:`MAX_EDIT_PLACES` places
    changed and at least :data:`MIN_KEPT_SHARE` of the shorter one's words kept (:func:`edit_places`).

    >>> brief = "a 34 year old man was arrested on monday after a break in at a bakery on mill lane police said".split()
    >>> fixed = [{"34": "43", "monday": "tuesday"}.get(w, w) for w in brief]
    >>> other = [{"34": "51", "monday": "friday", "bakery": "garage", "mill": "station", "lane": "road"}.get(w, w)
    ...          for w in brief]
    >>> short_copy(brief, fixed), short_copy(brief, other)
    (True, False)
    """
    places, kept = edit_places(a, b)
    return places <= MAX_EDIT_PLACES and kept >= MIN_KEPT_SHARE


def signature(shingle_set: np.ndarray, num_perm: int = 128) -> bytes:
    """A compact MinHash signature (``num_perm`` × 4 bytes: uint32 in the machine's byte order) of a shingle set.

    128 permutations is the ``num_perm`` setting's default (README, "Figures": 64, 128 and 256
    score the same on the syndication corpus).  The hash values are datasketch 2's ``affine32``
    ``MinHash`` (seed :data:`_SEED`, identity hash) of the set, computed here in numpy blocks
    (``update_batch`` calls a Python hash function per shingle: 40 % of a signature's cost).

    >>> text = "the ferry port closed on friday as the storm brought high winds"
    >>> sig = signature(shingles(text))
    >>> len(sig), sig == signature(shingles(text))
    (512, True)
    """
    a, b = _permutations(num_perm)
    values = _fmix32(np.asarray(shingle_set).astype(np.uint32))
    hashvalues = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, len(values), _ROWS):
        block = np.multiply.outer(values[start:start + _ROWS], a)  # uint32 arithmetic wraps: the modulo 2**32
        block += b
        np.minimum(hashvalues, block.min(axis=0), out=hashvalues)
    return hashvalues.tobytes()


_ROWS = 4096  # shingles per block in :func:`signature`: at most 4096 × num_perm × 4 bytes (2 MB at 128) at a time


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (Appleby's public-domain constants), element-wise on uint32:
    the pre-mix datasketch 2's ``affine32`` scheme applies to each input before the permutations
    ``a × h + b`` (so :func:`signature` equals ``MinHash.update_batch``'s hash values: tests/dedup)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The seeded permutations ``(a, b)`` of datasketch 2's ``affine32`` scheme (``h -> a*h + b mod 2**32``,
    ``a`` odd), made once per process: the values of ``MinHash(num_perm, seed=_SEED, scheme="affine32")
    .permutations``, drawn here as datasketch 2.0's ``_init_permutations`` draws them (numpy's
    ``RandomState(seed)``), so that a worker computes signatures without importing datasketch and
    scipy (0.6 s of CPU per process; issue 16).  ``tests/dedup/test_dedup.py`` checks them against
    datasketch's own.

    >>> a, b = _permutations(128)
    >>> a.dtype, len(a), bool((a % 2 == 1).all())
    (dtype('uint32'), 128, True)
    """
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def lean_minhash(sig: bytes) -> LeanMinHash:
    """A signature back to a datasketch ``LeanMinHash`` for LSH insert/query.

    >>> a = lean_minhash(signature(shingles("the ferry port closed on friday as the storm brought high winds")))
    >>> a.jaccard(a)
    1.0
    """
    from datasketch import LeanMinHash

    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(sig, dtype=np.uint32), scheme=_SCHEME)


#: The sketch check (:func:`sketch_rules_out`): how far below a threshold on exact shingles the same
#: pair may sit on the signatures' shingle sets (word pairs and k-word shingles together: a pair's
#: share of word pairs is at least its share of 5-word shingles but for a few words at each edit),
#: the chance of ruling out a pair that is at that margin, and the words both texts need for it
#: to apply (twice :data:`SHORT_TEXT_WORDS`: both texts long by any count of words, so the
#: exact rule is the Jaccard-or-containment one on 5-word shingles).  Set by hand; ``bench.scale``
#: and ``bench.dedup`` (README, "Near-duplicate search at scale") found the same pairs with and without it.
SKETCH_MARGIN = 0.2
SKETCH_RISK = 1e-6
SKETCH_MIN_WORDS = 2 * SHORT_TEXT_WORDS


def sketch_counts(sig_a: bytes, sig_b: bytes) -> tuple[int, int, int, int]:
    """What two MinHash signatures (:func:`signature` bytes) tell of their sets ``A`` and ``B``:
    ``(permutations, equal, a_lowest, b_lowest)`` — the permutations whose minimum is the same in
    both (each one with probability ``|A∩B| / |A∪B|``, the Jaccard), and those whose minimum of
    ``A`` is at most ``B``'s (probability ``|A| / |A∪B|``), and the other way round.  Among the
    ``a_lowest`` ones the minimum of ``A∪B`` is an element of ``A``, and it is shared with
    probability ``|A∩B| / |A|``, ``A``'s containment in ``B`` (Broder 1997, "On the resemblance and
    containment of documents"): both measures from the signatures alone, without the sets' sizes.

    >>> a = signature(shingles("the ferry port closed on friday as the storm brought high winds to the coast"))
    >>> b = signature(shingles("the ferry port closed on friday as the storm brought high winds to the coast today"))
    >>> n, equal, a_lowest, b_lowest = sketch_counts(a, b)
    >>> n, equal > 100, a_lowest >= equal and b_lowest >= equal
    (128, True, True)
    """
    a = np.frombuffer(sig_a, dtype=np.uint32)
    b = np.frombuffer(sig_b, dtype=np.uint32)
    return (len(a), int(np.count_nonzero(a == b)), int(np.count_nonzero(a <= b)),
            int(np.count_nonzero(b <= a)))


@functools.lru_cache(maxsize=4096)
def binomial_cutoff(n: int, p: float, risk: float = SKETCH_RISK) -> int:
    """The largest ``x`` with ``P(X <= x) < risk`` for ``X ~ Binomial(n, p)``; -1 when there is none.

    Exact, in log space (``math.lgamma``): ``n`` up to the ``num_perm`` setting's 1,024.

    >>> binomial_cutoff(128, 0.4), binomial_cutoff(10, 0.6), binomial_cutoff(128, 0.0)
    (25, -1, -1)
    """
    if p <= 0.0:
        return -1
    if p >= 1.0:
        return n - 1
    log_p, log_q = math.log(p), math.log1p(-p)
    total = 0.0
    for x in range(n + 1):
        total += math.exp(math.lgamma(n + 1) - math.lgamma(x + 1) - math.lgamma(n - x + 1) + x * log_p
                          + (n - x) * log_q)
        if total >= risk:
            return x - 1
    return n


def sketch_rules_out(sig_a: bytes, sig_b: bytes, jaccard_threshold: float, containment_threshold: float) -> bool:
    """Whether two texts' signatures alone show that exact verification would find no copy.

    True only when the share of equal minimums (:func:`sketch_counts`) is below what a pair at
    ``jaccard_threshold - SKETCH_MARGIN`` shows but once in ``1 / SKETCH_RISK`` (a binomial
    lower tail, :func:`binomial_cutoff`), and likewise for the containment of either set in the
    other at ``containment_threshold - SKETCH_MARGIN``.  An LSH candidate is mostly such a pair
    once the index is large (at 200,000 stories most candidates share a third of their word pairs
    and no 5-word run); ruling it out costs a comparison of two signatures instead of the words and
    shingles of both texts.  Callers apply it to long texts only (:data:`SKETCH_MIN_WORDS`).

    >>> story = "the ferry port closed on friday as the storm brought winds of ninety miles an hour to the coast"
    >>> other = "the council voted on tuesday to keep the town library open on mondays after a long campaign"
    >>> sketch_rules_out(text_signature(story), text_signature(story + " officials said"), 0.6, 0.8)
    False
    >>> sketch_rules_out(text_signature(story), text_signature(other), 0.6, 0.8)
    True
    """
    n, equal, a_lowest, b_lowest = sketch_counts(sig_a, sig_b)
    containment = max(0.0, containment_threshold - SKETCH_MARGIN)
    return (equal <= binomial_cutoff(n, max(0.0, jaccard_threshold - SKETCH_MARGIN))
            and equal <= binomial_cutoff(a_lowest, containment) and equal <= binomial_cutoff(b_lowest, containment))


@dataclass(frozen=True)
class Overlap:
    jaccard: float
    containment: float  # share of the smaller set found in the larger

    def is_copy(self, jaccard_threshold: float, containment_threshold: float) -> bool:
        """Copies when either measure reaches its threshold.

        >>> Overlap(jaccard=0.4, containment=0.95).is_copy(0.5, 0.8), Overlap(0.4, 0.5).is_copy(0.5, 0.8)
        (True, False)
        """
        return self.jaccard >= jaccard_threshold or self.containment >= containment_threshold


def overlap(a: np.ndarray, b: np.ndarray) -> Overlap:
    """Exact Jaccard and containment of two shingle sets (sorted unique arrays).

    >>> overlap(np.array([1, 2, 3, 4], dtype=np.uint32), np.array([1, 2, 3], dtype=np.uint32))
    Overlap(jaccard=0.75, containment=1.0)
    """
    if not len(a) or not len(b):
        return Overlap(0.0, 0.0)
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    return Overlap(round(inter / union, 4), round(inter / min(len(a), len(b)), 4))
