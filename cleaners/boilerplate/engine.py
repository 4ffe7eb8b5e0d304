"""Step 3 — boilerplate stripping: applies the rule table to an article's lines.

The engine knows nothing about particular boilerplate; :mod:`.rules` does.  It
computes zones, applies each rule where it may fire, moves text to metadata
where a rule says so (byline → author, standfirst → description), and returns
what it removed as data, like ftfy's ``fix_and_explain``.  It also owns the line
predicates the rest of the package shares: :func:`normalise_line` (the one line
normaliser), :func:`is_body_line`, :func:`is_headline`.

Site templates are not applied here: :mod:`cleaners.boilerplate.templates` does that.
Imports :mod:`.rules`, :mod:`.blocks`, :mod:`.layout`, :mod:`.prefilter` and :mod:`cleaners.patterns`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, TypeVar

from cleaners.words import count_words, unspaced
from cleaners.boilerplate.blocks import BLOCK_RULES, BlockRule, LineHint, find_blocks, not_an_article
from cleaners.boilerplate.layout import (
    ECHO_RULE, END_RULE, LINK_LINE_RULE, LINK_ROW_RULE, REPEAT_RULE, after_the_end, echo_lines, link_lines, link_rows,
    repeated_runs,
)
from cleaners.boilerplate.prefilter import Prefilter, Probe, prefilter
from cleaners.patterns import LazyPattern
from cleaners.boilerplate.rules import (
    ANY, BODY_LINE_MIN_WORDS, BOTTOM, EDGE, MAX_HEADLINE_CHARS, MAX_HEADLINE_WORDS, RULES, TAIL, TAIL_LINES, TOP, Rule,
)

T = TypeVar("T")

_SENTENCE_END = re.compile(r"""[.!?…:;"”’')\]。！？」』）]$""")
_CJK_LINE = re.compile("[\u3040-\u30ff\u3400-\u9fff]")  # kana and CJK ideographs: sentences end with 。！？
_WORD = re.compile(r"[^\W_]+")  # letters and digits: the runs between what normalise_line drops
_NAME = re.compile(r"^(?:[A-Z][\w.'’-]+)(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|da|di|del|bin|al)){1,3}$")
_BIO_START = re.compile(
    r"""^(?:(?:the[ ])?(?:editor|reporter|writer|correspondent|columnist|contributor|journalist|senior|staff
    |freelance|managing|deputy|chief|political|business|sports?|science|health|associate|contributing|founder)\b
    |(?:he|she|they)[ ](?:is|was|has|writes|covers|reports|joined|enjoys|lives)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
_ABOUT_AUTHOR = re.compile(r"^about[ ]the[ ](?:author|writer|reporter)s?\W*$", re.IGNORECASE)
_BULLET = re.compile(r"^[-–•·*]\s+")
_TAG_CHARS = re.compile(r"[^\W_][\w '’&-]*")  # a slug: words, digits, spaces, hyphens; no sentence marks


@dataclass
class Stripped:
    """The outcome of stripping one article."""

    blocks: list[list[str]]
    removed: list[dict[str, Any]] = field(default_factory=list)  # {text, rule, at[, to]}
    moved: dict[str, str] = field(default_factory=dict)  # metadata field -> value
    #: Why the page is not an article (a section front, a list of teasers), else None
    #: (:func:`~cleaners.boilerplate.blocks.not_an_article`, judged on the lines before stripping).
    not_article: str | None = None

    @property
    def dateline(self) -> str | None:
        """The first bare date line read as the date (rule ``dateline``), as printed; None without one."""
        return next((r["text"] for r in self.removed if r["rule"] == "dateline"), None)

    @property
    def text(self) -> str:
        return "\n\n".join("\n".join(block) for block in self.blocks)


#: Lines kept by each :func:`line_cached` cache, and the longest line it keeps: at most 4,096
#: lines of 1,500 characters and their answers per function, a few MB.  Measured over the
#: 1,000-document corpus of ``bench.corpus``: :func:`normalise_line` is called 51,786 times for
#: 6,574 distinct lines (4,096 lines of up to 1,500 characters answer 83 % of the calls, and its
#: cost drops from 0.50 s to 0.14 s; 1,024 lines answer 78 %, 16,384 lines 87 %),
#: :func:`is_body_line` 38,050 times for 6,325 (0.22 s to 0.06 s).
CACHED_LINES = 4096
CACHED_LINE_CHARS = 1500


def line_cached(fn: Callable[[str], T]) -> Callable[[str], T]:
    """``fn`` (a pure function of one line) answering a line of up to :data:`CACHED_LINE_CHARS`
    characters from a cache of the last :data:`CACHED_LINES` (``functools.lru_cache``): the engine,
    the headline finder, site templates and story keys ask about the same lines of a document
    again and again.

    >>> calls = []
    >>> shout = line_cached(lambda line: calls.append(len(line)) or line.upper())
    >>> long = "x" * (CACHED_LINE_CHARS + 1)
    >>> shout("storm"), shout("storm"), shout(long) == shout(long), calls
    ('STORM', 'STORM', True, [5, 1501, 1501])
    """
    cached = functools.lru_cache(maxsize=CACHED_LINES)(fn)

    @functools.wraps(fn)
    def answer(line: str) -> T:
        return fn(line) if len(line) > CACHED_LINE_CHARS else cached(line)

    return answer


@line_cached
def normalise_line(line: str) -> str:
    """A line reduced to what matters when comparing lines: its words, casefolded, one space apart.

    NFKC first (a full-width or ligature letter equals the plain one), then every run of
    characters that are not letters or digits (punctuation, symbols, ``_``, whitespace) is one
    space.  The one line normaliser of the package: headline repeats, standfirsts, site-template
    line hashes and text dumps' repeated headlines all compare lines through it (cached:
    :func:`line_cached`).

    >>> normalise_line("  PREV: Bridge reopens — after 6 months! ")
    'prev bridge reopens after 6 months'
    >>> normalise_line("ﬁre_crews ＯＫ")
    'fire crews ok'
    """
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", line).casefold()))


@line_cached
def is_body_line(line: str) -> bool:
    """A line that reads as a paragraph of the story: 10+ words ending a sentence (cached: :func:`line_cached`).

    >>> is_body_line("The council voted on Monday to close the old bridge to lorries from May.")
    True
    >>> is_body_line("Follow us on Twitter"), is_body_line("Share this article with your friends and family on social media now")
    (False, False)
    """
    if unspaced(line):  # Chinese, Japanese, Thai...: words counted per script; Thai and its
        # neighbours end sentences with a space, not a mark, so the length alone decides there
        return count_words(line) >= BODY_LINE_MIN_WORDS and (bool(_SENTENCE_END.search(line.rstrip()))
                                                             or not _CJK_LINE.search(line))
    return _words_over(line, BODY_LINE_MIN_WORDS - 1) and bool(_SENTENCE_END.search(line.rstrip()))


def _words_over(line: str, n: int) -> bool:
    """Whether the line has more than ``n`` words, splitting no further than word n + 1 (a line of
    2 million words costs no more than a short one: ``len(line.split())`` made one such page take
    23 s in the rule engine).

    >>> _words_over("one two three", 2), _words_over("one two three ", 3), _words_over("one " * 10**6, 25)
    (True, False, True)
    """
    return len(line.split(maxsplit=n)) > n


def is_headline(line: str) -> bool:
    """A line that could be a headline: at most :data:`~.rules.MAX_HEADLINE_WORDS` words and
    :data:`~.rules.MAX_HEADLINE_CHARS` characters, not ending like a sentence or a clause.

    >>> is_headline("Ferry strike called off: unions claim victory"), is_headline("The ferry sailed.")
    (True, False)
    """
    return (len(line.split()) <= MAX_HEADLINE_WORDS and len(line) <= MAX_HEADLINE_CHARS
            and not line.endswith((".", ",", ";", ":")))


def strip_boilerplate(
    blocks: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    description: str | None = None,
    find_standfirst: bool = True,
    rules: Sequence[Rule] = RULES,
    hints: Sequence[LineHint] | None = None,
    block_rules: Sequence[BlockRule] = BLOCK_RULES,
) -> Stripped:
    """Strip boilerplate lines from an article's blocks (paragraphs of one or more lines).

    ``title`` is the headline (its repeats are stripped); ``description`` a known summary (the
    first line equal to it is moved there as the standfirst).  With ``find_standfirst``, a short
    one-line first paragraph without a full stop becomes the description when none is known.
    ``removed`` lists ``{"text", "rule", "at"[, "to"]}``, ``at`` being the line's position among
    the article's non-empty lines.

    Block rules (:mod:`.blocks`: promo lists, comments sections, fact boxes) are applied first,
    on runs of lines: ``hints`` (one :class:`~.blocks.LineHint` per non-empty line, from the HTML)
    give each line's container group and link share; without them a line's group is its block.
    ``not_article`` is set when the lines read as a list of teasers rather than a story.
    Then the layout rules (:mod:`.layout`): a later copy of a run of body paragraphs
    (``repeated-run``) and, with ``hints``, a table row of links (``link-row``) and a line that is a
    link and no body paragraph (``link-line``).

    >>> out = strip_boilerplate([["Ferry strike called off"],
    ...     ["Unions called off the ferry strike on Tuesday after two days of talks with owners."],
    ...     ["Read more: Fares to rise in May"], ["Follow us on social media"]],
    ...     title="Ferry strike called off")
    >>> out.text
    'Unions called off the ferry strike on Tuesday after two days of talks with owners.'
    >>> [r["rule"] for r in out.removed]
    ['repeated-headline', 'inline-promo', 'social-prompt']
    """
    lines = [(b, line.strip()) for b, block in enumerate(blocks) for line in block if line.strip()]
    alive = [True] * len(lines)
    why: dict[int, tuple[str, str | None]] = {}
    moved: dict[str, str] = {}
    norm_title = normalise_line(title) if title else ""

    def remove(i: int, rule: str, to: str | None = None, value: str | None = None) -> None:
        alive[i] = False
        why[i] = (rule, to)
        if to and value and to not in moved:
            moved[to] = value

    texts = [line for _, line in lines]
    if hints is None or len(hints) != len(lines):
        groups, links, linked = [b for b, _ in lines], None, None
    else:
        groups, links = [h.group for h in hints], [h.link_share for h in hints]
        linked = [h.linked_cells for h in hints]
    not_article = not_an_article(texts, links)
    found = find_blocks(texts, groups, links, block_rules)
    found.update((i, REPEAT_RULE) for i in repeated_runs(texts) if i not in found)
    found.update((i, LINK_ROW_RULE) for i in link_rows(texts, linked) if i not in found)
    found.update((i, LINK_LINE_RULE) for i in link_lines(texts, links) if i not in found)
    for i, rule_name in found.items():
        remove(i, rule_name)

    edge_rules = [r for r in rules if r.zone in (TOP, BOTTOM, EDGE)]
    table = prefilter(rules)
    probes = [table.probe(line, _BULLET) for line in texts]  # once per line, for both passes
    for zone_pass in ((ANY,), (TOP, BOTTOM, EDGE)):
        live = [i for i in range(len(lines)) if alive[i]]
        first, last = _body_span([lines[i][1] for i in live], edge_rules, norm_title, [probes[i] for i in live])
        for rank, i in enumerate(live):
            zone = TOP if rank < first else BOTTOM if rank > last else "inline"
            line = lines[i][1]
            for rule in rules:
                if rule.zone not in zone_pass or not _zone_ok(rule.zone, zone):
                    continue
                value = _match(rule, line, norm_title, probes[i])
                if value is not None:
                    remove(i, rule.name, rule.to, value)
                    break

    for rule in (r for r in rules if r.zone == TAIL):
        live = [i for i in range(len(lines)) if alive[i]]
        hit = PREDICATES_TAIL[rule.predicate or ""]([lines[i][1] for i in live[-TAIL_LINES:]])
        if hit:
            tail = live[-TAIL_LINES:]
            for k in hit.indices:
                remove(tail[k], rule.name, rule.to, hit.value)

    for i in after_the_end(texts, [None if alive[i] else why[i][0] for i in range(len(lines))]):
        remove(i, END_RULE)

    live = [i for i in range(len(lines)) if alive[i]]
    if (live and description and normalise_line(lines[live[0]][1]) == normalise_line(description)
            and (find_standfirst or not is_body_line(lines[live[0]][1]))):  # a page's lede is its description too
        remove(live[0], "standfirst", "description", lines[live[0]][1])
    elif live and find_standfirst and not description:
        i = live[0]
        block_size = sum(1 for j in live if lines[j][0] == lines[i][0])
        if block_size == 1 and _is_standfirst(lines[i][1]) and len(live) > 1:
            remove(i, "standfirst", "description", lines[i][1])

    live = [i for i in range(len(lines)) if alive[i]]  # last, on what is left: the same text cleaned twice
    for k in echo_lines([lines[i][1] for i in live]):  # gives the same lines
        remove(live[k], ECHO_RULE)

    kept: dict[int, list[str]] = {}
    for i, (b, line) in enumerate(lines):
        if alive[i]:
            kept.setdefault(b, []).append(line)
    removed = []
    for i in sorted(why):
        rule, to = why[i]
        entry: dict[str, Any] = {"text": lines[i][1], "rule": rule}
        if to:
            entry["to"] = to
        entry["at"] = i  # position among the article's lines, for --explain
        removed.append(entry)
    return Stripped(list(kept.values()), removed, moved, not_article)


def matching_rule(line: str, rules: Sequence[Rule] = RULES) -> str | None:
    """The first rule (with a pattern) that would strip this line somewhere, or None.

    >>> matching_rule("Home › News › Tech"), matching_rule("Bridge reopens after repairs")
    ('breadcrumb', None)
    """
    line = line.strip()
    probe = prefilter(rules).probe(line, _BULLET)
    return next((r.name for r in rules if r.pattern is not None and _match(r, line, "", probe) is not None), None)


def _body_span(lines: list[str], edge_rules: Sequence[Rule], norm_title: str,
               probes: Sequence[Probe]) -> tuple[int, int]:
    """First and last body paragraph; a line an edge rule would strip does not count as one.

    Searched from each end, so a page of many body lines costs two lines' rule matching, not
    one per line (the same answer as testing every line).  ``probes``: each line's
    :meth:`~.prefilter.Prefilter.probe`.
    """
    def is_body(k: int) -> bool:
        line = lines[k]
        return is_body_line(line) and not any(_match(r, line, norm_title, probes[k]) is not None for r in edge_rules)

    first = next((k for k in range(len(lines)) if is_body(k)), None)
    if first is None:
        return len(lines), -1
    last = next(k for k in range(len(lines) - 1, first - 1, -1) if is_body(k))
    return first, last


def _zone_ok(rule_zone: str, zone: str) -> bool:
    if rule_zone == ANY:
        return True
    if rule_zone == EDGE:
        return zone in (TOP, BOTTOM)
    return rule_zone == zone


def _match(rule: Rule, line: str, norm_title: str, probe: Probe | None = None) -> str | None:
    """The value a rule takes from the line ('' when it strips without a value), or None.

    ``probe``: the line's :meth:`~.prefilter.Prefilter.probe` for the table the rule is in (its
    words, the line less its bullet); without it they are worked out here.
    """
    if probe is None:
        probe = Prefilter(rule.max_words).probe(line, _BULLET)
    if probe.words > rule.max_words:
        return None
    pattern = rule.pattern
    if pattern is not None:
        if type(pattern) is LazyPattern:  # the compiled pattern itself: no wrapper call per line
            pattern = pattern.compiled or pattern.get()
        m = pattern.search(line)
        if not m and probe.unbulleted is not None:  # list items: "- Print"; without a bullet it is the same search
            m = pattern.search(probe.unbulleted)
        if not m:
            return None
        found = m.groupdict()
        return (found.get("value") or found.get("iso") or "").strip() or line
    return line if PREDICATES_LINE[rule.predicate or ""](line, norm_title) else None


def repeats_title(line: str, norm_title: str) -> bool:
    """The headline again, exactly or nearly (case, punctuation, a word changed).

    Nearly: lengths within 25% of the title's and a ``difflib`` ratio of 0.9 or more (both set by
    hand).  ``norm_title`` is the title through :func:`normalise_line`.

    >>> repeats_title("NORTH SEA FERRY STRIKE CALLED OFF", "north sea ferry strike called off")
    True
    >>> repeats_title("North Sea ferry strike called off – live", "north sea ferry strike called off")
    True
    >>> repeats_title("Ferry strike talks resume", "north sea ferry strike called off")
    False
    """
    if not norm_title:
        return False
    norm = normalise_line(line)
    if norm == norm_title:
        return True
    if abs(len(norm) - len(norm_title)) > 0.25 * len(norm_title):
        return False
    matcher = SequenceMatcher(None, norm, norm_title)
    # quick_ratio() is an upper bound of ratio() (difflib's documentation), in linear time
    return matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9


def is_tag_line(line: str, _: str) -> bool:
    """A short all-lowercase label above the story (a tag or section slug).

    >>> is_tag_line("defection 1", "")
    True
    >>> is_tag_line("Analysis", ""), is_tag_line("商標権侵害と判断される場合があります。", "")
    (False, False)
    >>> is_tag_line("- player.setav magicka *", "")
    False
    """
    return (bool(_TAG_CHARS.fullmatch(line)) and line == line.lower() and line != line.upper()
            and len(line.split()) <= 4)


@dataclass
class TailHit:
    indices: list[int]
    value: str | None


def author_bio(tail: list[str]) -> TailHit | None:
    """A name line followed by a bio ("Editor of…", "<name> is a…"), or "About the author".

    >>> author_bio(["Last paragraph of the story ends here.", "Ann Porter",
    ...             "Ann Porter is a senior reporter covering transport."]).value
    'Ann Porter'
    >>> author_bio(["Ann Porter", "Ann Porter said the report was wrong and would be withdrawn."]) is None
    True
    """
    if len(tail) < 2:
        return None
    k = len(tail) - 2  # the bio must end the article
    head, bio = tail[k], tail[k + 1]
    about = k > 0 and bool(_ABOUT_AUTHOR.match(tail[k - 1]))
    if _ABOUT_AUTHOR.match(head):
        name = _leading_name(bio)
        return TailHit([k, k + 1], name) if name else None
    if _NAME.match(head) and len(head) <= 60 and (about or _BIO_START.match(bio) or _bio_of(head, bio)):
        return TailHit([k - 1, k, k + 1] if about else [k, k + 1], head)
    return None


def _bio_of(name: str, bio: str) -> bool:
    return bool(re.match(rf"^{re.escape(name)}\s+(?:(?:is|was|has|writes|covers|reports|joined)\s+"
                         r"(?:a|an|the|about|on|for|from|as)\b|has\s+(?:covered|reported|written)\b"
                         r"|(?:has\s+been|is)\s+(?:a|an|the)\s+\w*\s*(?:reporter|writer|editor|correspondent"
                         r"|journalist|columnist)\b)", bio))


def _leading_name(bio: str) -> str | None:
    m = re.match(r"^((?:[A-Z][\w.'’-]+\s+){1,3}?[A-Z][\w.'’-]+)\s+(?:is|was|has|writes|covers|reports|joined)\b", bio)
    return m.group(1) if m else None


def _is_standfirst(line: str) -> bool:
    """A one-line summary under the headline: 6 to 60 words (set by hand), no full stop (nor "!") at the end.

    >>> _is_standfirst("Rescuers reach the stranded crew after a night on the rocks")
    True
    >>> _is_standfirst("Rescuers reached the stranded crew on Monday after a night on the rocks.")
    False
    """
    words = len(line.split())
    return 6 <= words <= 60 and not line.rstrip().endswith((".", ":", ";", "!"))


PREDICATES_LINE: dict[str, Callable[[str, str], bool]] = {"repeats_title": repeats_title, "is_tag_line": is_tag_line}
PREDICATES_TAIL: dict[str, Callable[[list[str]], TailHit | None]] = {"author_bio": author_bio}
