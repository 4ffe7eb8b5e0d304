"""Block rules: boilerplate that is a run of lines, judged with its neighbours, and page types.

A line rule (:mod:`.rules`) sees one line; a block rule sees where a run starts and decides how
far it goes.  Each row of :data:`BLOCK_RULES` is data — the name recorded in ``removed``, the
pattern of the line that opens the block, the name of the extent (how far the block reaches:
one of :data:`EXTENTS`), and examples that must go whole and runs that must stay — and
``tests/boilerplate/test_blocks.py`` runs every row's examples.  Extents:

* ``teasers`` — a promo heading ("More on this story", "Latest", "Most read", an audio/video
  box) and the teaser headlines, times, dates and one-line summaries under it, up to the first
  line that is none of these (two body paragraphs in a row never are);
* ``comments`` — a comments heading or comment-form prompt and everything after it up to the end
  of the article, or up to the next run of three body paragraphs with no comment marker
  (commenter line with a time, "Reply · Report", a form prompt); without any marker it is no block;
* ``box`` — a fact/profile box label ("About the person", "Key facts") and the rest of its
  group (a text dump's blank-line block, or the lines of one HTML container) when that group is
  small and not the story's own; else the short label-value lines under it;
* ``tags`` — a tag list's label alone on its line ("Tags", "Schlagwörter") and the comma lists,
  links or lines of a few words under it (no sentence), up to :data:`MAX_TAG_LINES`;

Label-value lines without a box label are left alone: on AEB such runs were Q&A interviews
("Q: Favourite books?") and price lists of the story itself.

Groups come from the caller: a text dump's blank-line blocks, or for HTML the container element
of each line (:class:`LineHint`, built by :mod:`cleaners.extract.html`), with the share of the
line's text inside links.  :func:`not_an_article` judges the page type (a section front, a tag
page, a list of teasers).  The thresholds below were set by hand on the case inputs and checked
on the HTML evaluation sets (``python -m bench.extraction``: no real article rejected, README).

Imports :mod:`.rules`, the shared line predicates and :mod:`cleaners.patterns` (patterns compiled
on first use) only; knows no site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from cleaners.boilerplate.rules import (
    ALWAYS, BODY_LINE_MIN_WORDS, DATE_RE, MAX_HEADLINE_CHARS, MAX_HEADLINE_WORDS, PROMO_LABELS, RELATIVE_RE, RULES, TIME_RE,
)
from cleaners.boilerplate.vocabulary import VOCABULARY
from cleaners.patterns import LazyPattern, lazy

_SENTENCE_END = re.compile(r"""[.!?…:;"”’')\]]$""")

#: A line whose text is at least this share inside ``<a>`` is a link (a teaser headline).
LINK_SHARE = 0.5
#: A label line that opens a block has at most this many words.
MAX_LABEL_WORDS = 12
#: A fact box takes the rest of its group when that holds at most this many lines.
MAX_BOX_LINES = 8
#: A comments block ends before this many body paragraphs in a row with no comment marker.
COMMENTS_RESUME_BODY = 3
#: A teaser summary (a sentence under a teaser headline) has at most this many words.
MAX_SUMMARY_WORDS = 40
#: A tag list under its label ("Tags", "Schlagwörter") has at most this many lines.
MAX_TAG_LINES = 6
#: A run of teaser-like lines longer than this under a promo heading is no promo box but the story's
#: own list (a deals page's product list under "Don't miss"; set by hand: the promo boxes of the AEB
#: dumps hold at most ~25 lines).
MAX_TEASER_LINES = 40

#: A line that starts with a date or time or says how long ago: a teaser's time line.
_TIME_LINE = lazy(rf"""^(?:{DATE_RE}|{TIME_RE}|{RELATIVE_RE})""", re.IGNORECASE | re.VERBOSE)
_LABEL_VALUE = re.compile(r"^[^\W\d_][\w'’ .()/-]{0,30}:\s+\S", re.UNICODE)
#: A comment form's messages (they open a comments block, as its heading does).
_COMMENT_PROMPT = r"""(?:\byour[ ]comment[ ](?:has[ ]been|was|will)\b)|(?:\b(?:log[ ]?in|sign[ ]in|register)[ ]to[ ](?:write|post|leave|add)
      [ ]a[ ]comment\b)|(?:\bmust[ ]be[ ]logged[ ]in\b)|(?:\bcomments?[ ](?:are|is)[ ](?:moderated|reviewed)\b)"""
#: A comment marker: a commenter line with a time, the comment's actions, the form's messages.
_COMMENT_MARKER = lazy(rf"""{_COMMENT_PROMPT}|(?:^\S+(?:[ ]\S+){{0,3}}[ ]*[·|•,-][ ]*(?:{RELATIVE_RE}|{DATE_RE}))
    |(?:^(?:\S+(?:[ ]\S+){{0,3}}[ ]+)?(?:said|says|wrote|schrieb|a[ ]écrit|escribió)\s*:?$)
    |^(?:reply|report|like|flag|share|recommend|respond|antworten|melden|répondre|signaler|responder|rispondi)
      (?:[ ]*[·|•/,-][ ]*(?:reply|report|like|flag|share|recommend|respond|antworten|melden|répondre|signaler|responder
      |rispondi|abuse|report[ ]abuse))*\W*\d*$""",
                             re.IGNORECASE | re.VERBOSE)


#: A site's category list with counts: MIN_CATEGORY_RUN lines in a row of a name of 1-3 words and a
#: count in brackets (a year is no count); one such line alone may be a title ("Paper cuts (3)").
CATEGORY_RULE = "category-count"
MIN_CATEGORY_RUN = 3
_CATEGORY_COUNT = lazy(r"""^[^\W\d_][\w'’&.-]*(?:[ ][\w'’&.-]+){0,2}[ ]\((?!(?:1[5-9]|20)\d\d\))\d+\)$""")

# Lines a teaser run never takes: the story's own metadata (byline, "Updated …"), which line rules move.
_METADATA = tuple(r.pattern for r in RULES if r.to and r.pattern is not None)


def _re(pattern: str) -> LazyPattern:
    return lazy(pattern, re.IGNORECASE | re.VERBOSE)


@dataclass(frozen=True)
class BlockRule:
    """One row of :data:`BLOCK_RULES`: ``start`` opens the block, ``extent`` names how far it goes.

    ``strip`` examples are runs ("\\n" between lines, "\\n\\n" between groups) that must go
    whole when put after the story; ``keep`` runs must stay whole between its paragraphs.
    """

    name: str
    start: re.Pattern[str] | LazyPattern
    extent: str
    strip: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineHint:
    """What the HTML tells about one extracted line: its ``group`` (an id shared by the lines of
    one container element), ``link_share`` (0-1: its characters inside ``<a>``) and, for a table
    row, ``linked_cells``: whether each of its filled cells is a link.  A row's cells do not count
    in ``link_share`` (the page-type test reads it: rows of links in a page laid out in a table
    are its menus, not teasers)."""

    group: int
    link_share: float = 0.0
    #: A table row ("| a | b |") every filled cell of which is a link (:func:`.layout.link_rows`).
    linked_cells: bool = False


#: What may follow a promo label on its heading line: where the teasers come from ("Latest from our
#: writers", "Most read in Business", "Weitere Artikel aus dem Ressort Hamburg", "Plus d'articles de la
#: rubrique"): a preposition, an optional article or possessive, one to three words.  The teasers under
#: the heading still decide the block (a heading over body paragraphs opens nothing).  Not "by <a
#: name>" ("Empfehlungen von Anna:", "Recommended by Tom"): an author's own picks are the article's, as the gold of
#: trafilatura's eval set has them.
PROMO_QUALIFIER = r"""[ ](?:(?:from|in|on|at|aus|im|zum|de|du|des|en|del|della|di|da|do|dos|van|uit|z|ze|w|из|в|от)
    [ ](?:(?:the|our|this|all|dem|der|den|la|le|les|el|il|lo|o|a|het|de|unser\w*|nos|notre|nuestr\w+|nostr\w+)[ ])?
    |von[ ](?:dem|der|den|unser\w*)[ ])
    [^\W\d_][\w'’&-]*(?:[ ][\w'’&-]+){0,2}"""
_EXTRA_PROMO = r"""latest|latest[ ]stories|more[ ]stories|more[ ]news|more[ ]top[ ]stories|most[ ](?:watched|shared|viewed)
    |more|more[ ](?:in[ ])?\S+(?:[ ]\S+){0,2}|explore[ ]further|you[ ](?:may|might)[ ](?:also[ ])?be[ ]interested[ ]in
    |related[ ]coverage(?:[ ]from[ ].{1,40})?|(?:you[ ](?:may|might)[ ])?also[ ]like|weitere[ ](?:beiträge|artikel)(?:[ ]zum[ ]thema)?
    |artigos[ ]relacionados|posts[ ]relacionados|matérias[ ]relacionadas|articoli[ ]correlati|articles[ ]similaires
    |top[ ]videos|watch[ ]more|more[ ]videos|videos?|podcasts?|listen[ ](?:on|to)[ ]\S+(?:[ ]\S+)?|in[ ]pictures
    |related[ ](?:articles|stories|content|links|coverage|topics)|further[ ]reading|elsewhere[ ]on[ ]\S+(?:[ ]\S+)?
    |mehr[ ]zum[ ]thema|lesen[ ]sie[ ]auch|das[ ]könnte[ ]sie[ ]auch[ ]interessieren|meistgelesen|à[ ]lire[ ]aussi
    |sur[ ]le[ ]même[ ]sujet|les[ ]plus[ ]lus|te[ ]puede[ ]interesar|más[ ]noticias|lo[ ]más[ ]leído|leggi[ ]anche
    |i[ ]più[ ]letti|leia[ ]também|mais[ ]lidas|lees[ ]ook|meest[ ]gelezen|czytaj[ ]także|najczęściej[ ]czytane
    |ilginizi[ ]çekebilir|çok[ ]okunanlar|читайте[ ]также|самое[ ]читаемое
    |next[ ]up(?:[ ]in[ ]\S+(?:[ ]\S+){0,3})?|more[ ]from[ ]\S+(?:[ ]\S+){2,4}
    |(?:most[ ]popular|recommended|trending|top)[ ](?:videos|stories|articles|news)
    |(?:today'?s|latest)[ ](?:\S+[ ])?(?:headlines|features|stories)"""
_COMMENT_HEAD = r"""(?:reader[ ]|user[ ])?comments?|\d+[ ]comments?|comments?[ ]?\(\d+\)|(?:join|start)[ ]the[ ](?:conversation|discussion|debate)
    |(?:leave|post|add|write)[ ](?:a|your)[ ](?:comment|reply)|discussion|kommentare?|leserkommentare|commentaires?
    |comentarios?|commenti|comentários|reacties|komentarze|yorumlar|комментарии
    |\d+[ ](?:thoughts|responses|replies|comments)[ ](?:on|to)[ ].{1,120}|(?:leave|post)[ ](?:a[ ])?(?:reply|comments?)(?:[ ]cancel[ ]reply)?
    |lascia[ ]un[ ]commento(?:[ ]annulla[ ]risposta)?|deixe[ ]uma[ ]resposta|deja[ ]una[ ]respuesta"""
_BOX_LABELS = r"""about[ ]the[ ](?:person|people|company|organisation|organization|artist|band)|zur[ ]person|zur[ ]sache
    |fact[ ]?box|fact[ ]?file|fact[ ]sheet|key[ ]facts|fast[ ]facts|quick[ ]facts|the[ ]facts|at[ ]a[ ]glance|profile
    |biography|bio|steckbrief|in[ ]zahlen|auf[ ]einen[ ]blick|in[ ]numbers|by[ ]the[ ]numbers|who[ ]is[ ]\S+(?:[ ]\S+){0,2}\?
    |à[ ]propos|biographie|repères|perfil|quién[ ]es[ ]\S+(?:[ ]\S+){0,2}\?|chi[ ]è|scheda|em[ ]números|in[ ]cijfers
    |(?-i:(?:About|ABOUT|Über|Sobre|À[ ]propos[ ]de|A[ ]proposito[ ]di|Over)[ ](?:the[ ]author[ ])?[A-Z][\w.'’-]+(?:[ ][A-Z][\w.'’-]+){1,2})"""
#: A box label that names a person ("About Ann Porter", "Über Jonas Ebert"): the paragraph under it
#: that names them again is their bio.
_ABOUT_NAME = lazy(r"""^(?:About|ABOUT|Über|Sobre|À propos de|A proposito di|Over) (?:the author )?"""
                         r"""(?P<name>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,2})$""")
#: A comments heading that is a comment section by itself (a count of comments, a reply form).
_COUNTED_COMMENTS = lazy(r"""^\d+[ ](?:thoughts|responses|replies|comments?)[ ](?:on|to)\b|\bcancel[ ]reply$
    |^leave[ ]a[ ]reply\b|annulla[ ]risposta$""", re.IGNORECASE | re.VERBOSE)

_TAG_LABELS = r"""tags?|tagged(?:[ ]with)?|topics|related[ ]topics|keywords|schlagwörter|stichwörter|stichworte|mots-clés
    |étiquettes|etiquetas|palabras[ ]clave|argomenti|parole[ ]chiave|palavras-chave|trefwoorden|tagi|słowa[ ]kluczowe
    |etiketler|anahtar[ ]kelimeler|теги|ключевые[ ]слова"""

BLOCK_RULES: tuple[BlockRule, ...] = (
    BlockRule(
        "comments-block", _re(rf"""^(?:{_COMMENT_HEAD})\s*:?\s*(?:\(\d+\))?$|{_COMMENT_PROMPT}"""), "comments",
        strip=("Comments (3)\nPlease log in to write a comment.\njoe_b · 3 hours ago\n"
               "I have lived by the harbour for forty years and never seen the ferry this late so often.\nReply · Report",
               "Kommentare\nmarta.k · vor 2 Stunden\nDer Fahrplan war schon im letzten Winter eine Zumutung für alle Pendler.\n"
               "Antworten · Melden",
               "Join the conversation\nYour comment has been submitted and is waiting for approval.",
               "12 comments\n\nAnna R. · 1 day ago\nFinally some sense from the board, it has taken them far too long.\n\n"
               "Reply",
               "3 thoughts on “Ferry strike called off”\nAnna Ruiz\nFinally some sense from the board, it has taken far too long.\n"
               "Jon Marsh\nThe strike cost the islands dearly, and nobody on the board has said sorry for it.\n"
               "Ann Porter\nThanks for reading, Jon, and for taking the time to write to us about it.\n"
               "Leave a Reply Cancel reply"),
        keep=("Comments\nThe board received more than 300 written comments during the consultation, it said.\n"
              "Most of them asked for an earlier crossing on weekdays and a later one on Sundays.\n"
              "Some residents wanted the old timetable kept as it was for the summer months.",),
    ),
    BlockRule(
        "promo-block", _re(rf"""^(?:{PROMO_LABELS}|{_EXTRA_PROMO})(?:{PROMO_QUALIFIER})?\s*[:.…]*$"""), "teasers",
        strip=("More on this story\nHarbour board delays vote on fees\nIsland school to stay open",
               "Next Up In Science & Health\nA new way to map the sea floor\nWhy the harbour seals came back",
               "More From The Island Gazette\nHarbour board delays vote on fees\nIsland school to stay open",
               "Latest\nCouncil approves budget after late-night session\n5 minutes ago\nRail strike called off\n2 hours ago",
               "Most read\nBridge reopens after six months\n"
               "The old bridge reopened to traffic on Monday after six months of repairs.\n"
               "Storm warning for the coast\n3 May 2026",
               "Listen on Harbour Radio\nThe week in politics\nA short history of the ferry",
               "Mehr zum Thema\nFähre fällt wegen Sturm aus\nNeuer Fahrplan ab Mai",
               "More in World\nStorm closes two ports\n32M ago\nIsland school to stay open\n1H ago"),
        keep=("Related\nThe two cases are related, the court heard on Tuesday, because the same company was involved.\n"
              "Both firms denied wrongdoing and said they would appeal against any fine imposed by the regulator.",),
    ),
    BlockRule(
        "tag-block", _re(rf"""^(?:{_TAG_LABELS})\s*:?$"""), "tags",
        strip=("Tags\nferry fares, harbour board, island school, strike, timetable 2026",
               "Schlagwörter\nFähre\nHafen\nStreik"),
        keep=("Topics\nThe two topics the board discussed on Tuesday were the fares and the timetable, it said.",
              "Keywords\nA list of keywords was handed to the committee, the clerk said."),
    ),
    BlockRule(
        "fact-box", _re(rf"""^(?:{_BOX_LABELS})\s*:?$"""), "box",
        strip=("About the person\nMaren Holt, 61, was a ferry captain for thirty years before joining the board.\n"
               "She lives on the larger of the two islands with her family.",
               "Key facts\nFounded: 1921\nCrossings a day: 14\nCrew: 38",
               "Zur Person\nJonas Ebert, 45, leitet seit 2019 die Hafenbehörde.\nEr stammt aus Kiel.",
               "About Maren Holt\nMaren Holt has written about the harbour and its ferries for the paper since 2001."),
        keep=("Profile\nThe island's population has fallen by a third since the 1990s, the census shows, "
              "and the school has lost half of its pupils.",),
    ),
)


@cache
def block_rules_for(language: str | None) -> tuple[BlockRule, ...]:
    """The block rules for an article in ``language`` (ISO 639-1 or None): :data:`BLOCK_RULES`, and
    after ``promo-block`` a row of the same name whose heading is a promo label of the vocabulary
    (:mod:`.vocabulary`: the ``inline-promo`` rows of the label shape, in English and in
    ``language``) alone on its line ("Das könnte Sie auch interessieren", "Você pode gostar…",
    "Вам может быть интересно"), with the teasers under it.  Built once per language.

    >>> german = block_rules_for("de")
    >>> [r.name for r in german].count("promo-block"), block_rules_for("de") is german
    (2, True)
    >>> sorted(find_blocks(["Die Fähre fährt ab Mai wieder um sechs Uhr, teilte die Hafenbehörde am Dienstag mit.",
    ...     "Das könnte Sie auch interessieren", "Neuer Fahrplan ab Mai", "Brücke bleibt gesperrt"], rules=german))
    [1, 2, 3]
    """
    labels = [label for row in VOCABULARY if row.rule == "inline-promo" and row.shape == "label"
              and row.language in (*ALWAYS, language) for label in row.labels]
    start = lazy(r"^[►▶>»›•]*\s*(?:{})(?x:{})?\s*[:.…!]*$".format(
        "|".join(x.replace(" ", r"\s+") for x in labels), PROMO_QUALIFIER), re.IGNORECASE)
    promo = next(k for k, rule in enumerate(BLOCK_RULES) if rule.name == "promo-block")
    vocabulary_row = replace(BLOCK_RULES[promo], start=start, strip=(), keep=())
    return (*BLOCK_RULES[:promo + 1], vocabulary_row, *BLOCK_RULES[promo + 1:])


def words(line: str) -> int:
    """Words of a line, split on whitespace.

    >>> words("Rail strike  called off")
    4
    """
    return len(line.split())


def is_body(line: str, link_share: float = 0.0) -> bool:
    """A body paragraph: 10+ words ending a sentence, not a link (as ``engine.is_body_line``).

    >>> is_body("The board raised the harbour fees on Tuesday after a long consultation.")
    True
    >>> is_body("The board raised the harbour fees on Tuesday after a long consultation.", link_share=1.0)
    False
    """
    return (link_share < LINK_SHARE and len(line.split(maxsplit=BODY_LINE_MIN_WORDS - 1)) >= BODY_LINE_MIN_WORDS
            and bool(_SENTENCE_END.search(line.rstrip())))


def is_headline_like(line: str) -> bool:
    """A short line that reads as a headline or label (not ending a sentence with a full stop).

    >>> is_headline_like("Rail strike called off"), is_headline_like("The strike was called off.")
    (True, False)
    """
    return (words(line) <= MAX_HEADLINE_WORDS and len(line) <= MAX_HEADLINE_CHARS
            and not line.endswith((".", ",", ";", ":")))


def is_time_line(line: str) -> bool:
    """A date, a time or "3 hours ago", alone or leading a short line.

    >>> is_time_line("12 minutes ago"), is_time_line("3 May 2026"), is_time_line("7 August 2026Health Checked")
    (True, True, True)
    >>> is_time_line("2026 was a good year for the harbour and its ferries, the board said.")
    False
    """
    return words(line) <= 8 and bool(_TIME_LINE.match(line))


@dataclass
class _Page:
    lines: Sequence[str]
    groups: Sequence[int]
    links: Sequence[float]
    starts: Sequence[BlockRule]
    body_words: dict[int, int]  # group -> words of its body paragraphs
    first_body: int  # index of the first body paragraph (len(lines) without one)


def _teasers(page: _Page, i: int) -> int | None:
    """A promo heading's teasers: headlines, links, times, and one-sentence summaries under a headline."""
    lines, links, j, after_headline = page.lines, page.links, i + 1, False
    while j < len(lines):
        line = lines[j]
        if _opens_block(page, j) or (not is_time_line(line) and any(p.search(line) for p in _METADATA)):
            break
        if is_time_line(line):
            after_headline = False
        elif links[j] >= LINK_SHARE or (is_headline_like(line) and not is_body(line)):
            after_headline = True
        elif (after_headline and words(line) <= MAX_SUMMARY_WORDS
              and (j + 1 == len(lines) or not is_body(lines[j + 1], links[j + 1]))):
            after_headline = False
        else:
            break
        j += 1
        if j - i > MAX_TEASER_LINES:
            return None
    return j if j > i + 1 else None


def _comments(page: _Page, i: int) -> int | None:
    """A comments section after the story's start: to the end, or to the next run of body paragraphs
    with no comment marker; no block without a marker."""
    if i < page.first_body:
        return None
    lines, run = page.lines, 0
    markers = int(bool(_COMMENT_MARKER.search(lines[i]) or _COUNTED_COMMENTS.search(lines[i])))
    end = len(lines)
    for j in range(i + 1, len(lines)):
        if _COMMENT_MARKER.search(lines[j]):
            markers, run = markers + 1, 0
        elif is_body(lines[j], page.links[j]):
            run += 1
            if run == COMMENTS_RESUME_BODY:
                end = j - COMMENTS_RESUME_BODY + 1
                break
        else:  # a commenter's name between comments: the run of body paragraphs is broken
            run = 0
    return end if markers else None


def _tags(page: _Page, i: int) -> int | None:
    """A tag list under its label: the lines after it that are comma lists, links or a few words, and
    no sentence (nor a body paragraph), at most :data:`MAX_TAG_LINES`."""
    lines, links, j = page.lines, page.links, i + 1
    while (j < len(lines) and j - i <= MAX_TAG_LINES and not is_body(lines[j]) and not _SENTENCE_END.search(lines[j])
           and ("," in lines[j] or links[j] >= LINK_SHARE or words(lines[j]) <= 4)):
        j += 1
    return j if j > i + 1 else None


def _box(page: _Page, i: int) -> int | None:
    """A fact box: the rest of its small group (not the story's), else the short lines under its label."""
    lines, g = page.lines, page.groups[i]
    named = _ABOUT_NAME.match(lines[i])
    if named and i + 1 < len(lines) and named["name"].split()[-1] in lines[i + 1]:
        return i + 2
    j = i + 1
    while j < len(lines) and page.groups[j] == g:
        j += 1
    inside = page.body_words.get(g, 0)
    if j > i + 1 and j - i - 1 <= MAX_BOX_LINES and sum(page.body_words.values()) - inside > inside:
        return j
    j = i + 1
    while j < len(lines) and j - i <= MAX_BOX_LINES and (
            _LABEL_VALUE.match(lines[j]) and words(lines[j]) <= MAX_LABEL_WORDS
            or words(lines[j]) <= MAX_LABEL_WORDS and not is_body(lines[j])):
        j += 1
    return j if j > i + 1 else None


#: How far each kind of block reaches: a function of the page and the opening line's index to
#: the end of the block (exclusive), or None when there is no block there.
EXTENTS: dict[str, Callable[[_Page, int], int | None]] = {
    "teasers": _teasers, "comments": _comments, "box": _box, "tags": _tags}


def _opens_block(page: _Page, j: int) -> bool:
    line = page.lines[j]
    return words(line) <= MAX_LABEL_WORDS and any(r.start.search(line) for r in page.starts)


def find_blocks(lines: Sequence[str], groups: Sequence[int] | None = None, links: Sequence[float] | None = None,
                rules: Sequence[BlockRule] = BLOCK_RULES) -> dict[int, str]:
    """The lines that block rules remove: ``{line index: rule name}``.

    ``groups`` (one id per line; default: each line alone) and ``links`` (share of each line in
    links; default 0) are the layout the caller knows.  A block opens at a line of at most
    :data:`MAX_LABEL_WORDS` words that a row's ``start`` matches and reaches as far as its extent.

    >>> found = find_blocks(["The ferry will sail at six from next month, the harbour board said on Tuesday.",
    ...     "Latest News", "Rail strike called off", "12 minutes ago", "Storm warning for the coast", "1 hour ago"])
    >>> sorted(found.items())
    [(1, 'promo-block'), (2, 'promo-block'), (3, 'promo-block'), (4, 'promo-block'), (5, 'promo-block')]
    >>> sorted(find_blocks(["Paper cuts (3)", "Travel (1465)", "Sport (12)", "Weather (7)"]).items())
    [(0, 'category-count'), (1, 'category-count'), (2, 'category-count'), (3, 'category-count')]
    >>> find_blocks(["Paper cuts (3)", "The ferry will sail at six from next month, the board said on Tuesday."])
    {}
    """
    n = len(lines)
    groups = list(groups) if groups is not None and len(groups) == n else list(range(n))
    links = list(links) if links is not None and len(links) == n else [0.0] * n
    body_words: dict[int, int] = {}
    first_body = n
    for k, (line, g, link) in enumerate(zip(lines, groups, links)):
        if is_body(line, link):
            body_words[g] = body_words.get(g, 0) + words(line)
            first_body = min(first_body, k)
    page = _Page(lines, groups, links, rules, body_words, first_body)
    found: dict[int, str] = {}
    k = 0
    while k < n:  # a list of categories with their counts ("Travel (1465)"), MIN_CATEGORY_RUN lines or more
        end = k
        while end < n and _CATEGORY_COUNT.match(lines[end]):
            end += 1
        if end - k >= MIN_CATEGORY_RUN:
            found.update((j, CATEGORY_RULE) for j in range(k, end))
        k = max(end, k + 1)
    i = 0
    while i < n:
        end = None
        if words(lines[i]) <= MAX_LABEL_WORDS:
            for rule in rules:
                if rule.start.search(lines[i]) and (end := EXTENTS[rule.extent](page, i)) is not None:
                    found.update((k, rule.name) for k in range(i, end))
                    break
        i = end if end is not None else i + 1
    return found


#: A page whose body lines hold less than this share of its words, with no two body paragraphs in
#: a row and at least :data:`MIN_TEASERS` teasers, is a list of teasers (:func:`not_an_article`).
INDEX_MAX_BODY_SHARE = 0.65
MIN_TEASERS = 5
#: ... and teasers are at least this share of the lines (a wiki page of linked headings over long
#: lists, a drug-data sheet and a forum page of trafilatura's eval set were taken for lists of teasers
#: at 3 teasers and no share).
MIN_TEASER_SHARE = 0.2
#: ... and at least this many teasers per body paragraph (a teaser's summary is one): a page of
#: quotes with their attributions and a few dated lines is not a list of teasers (an AEB page).
MIN_TEASERS_PER_BODY = 0.5


def not_an_article(lines: Sequence[str], links: Sequence[float] | None = None) -> str | None:
    """Why a page is a section front, tag page or list of teasers rather than an article, or None.

    A list of teasers: no two body paragraphs in a row, at least :data:`MIN_TEASERS` teasers
    (a headline-like line that is a link or has a date or time within the next two lines) and
    :data:`MIN_TEASERS_PER_BODY` per body paragraph, teasers at least :data:`MIN_TEASER_SHARE` of the
    lines, and body paragraphs holding under
    :data:`INDEX_MAX_BODY_SHARE` of the words.

    >>> teasers = []
    >>> for k in range(5):
    ...     teasers += [f"Story number {k} about the harbour", f"A short summary of story {k} about the harbour and the ferry.",
    ...                 f"{k + 1} May 2026"]
    >>> not_an_article(teasers)
    'a list of 5 teasers (headlines with a link or a date, summaries) and no run of body paragraphs: not an article'
    >>> not_an_article(["Harbour fees rise", "The board raised fees on Tuesday after a long public consultation.",
    ...                 "Ferry operators said they would pass the cost on to passengers from May."]) is None
    True
    """
    n = len(lines)
    links = list(links) if links is not None and len(links) == n else [0.0] * n
    body = [is_body(line, link) for line, link in zip(lines, links)]
    if any(a and b for a, b in zip(body, body[1:])):
        return None
    total = sum(words(line) for line in lines) or 1
    if sum(words(line) for line, b in zip(lines, body) if b) >= INDEX_MAX_BODY_SHARE * total:
        return None
    teasers = sum(1 for k, line in enumerate(lines)
                  if not body[k] and not is_time_line(line) and is_headline_like(line)
                  and (links[k] >= LINK_SHARE or any(is_time_line(x) for x in lines[k + 1:k + 3])))
    if teasers < max(MIN_TEASERS, MIN_TEASERS_PER_BODY * sum(body), MIN_TEASER_SHARE * n):
        return None
    return (f"a list of {teasers} teasers (headlines with a link or a date, summaries) and no run of body "
            "paragraphs: not an article")
