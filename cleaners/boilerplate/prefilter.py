"""What the engine works out once per line instead of once per rule: the line's words and the line
less its list bullet.

The engine tries a rule on a line only when the rule's zone allows it and the line has no more
words than the rule's ``max_words``; the words are counted here once per line (bounded by the
table's largest ``max_words``), not once per rule.

Joining the table's anchored patterns into one pattern tried at the start of every line (this
module's former "start" pattern) was measured and removed: an in-process A/B over the
``strip_boilerplate`` calls of the 1,003 dumps of ``python -m bench.textdumps --only aeb,traf``
and of 600 documents of ``bench.corpus.generate(n=1000, seed=0)``, six alternating rounds each,
gave no gain over trying each rule's own pattern after the zone and word checks (best 1.93 against
2.52 s on the dumps, 0.59 against 0.77 s on the generated documents, with it slower), and
compiling the joined patterns cost ~0.04 s of CPU on an article's first line: a tenth of
``newsclean clean PAGE``.  Outputs were identical in every variant (README "Speed").

Imports nothing of ``cleaners``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class Probe:
    """What the engine knows of one stripped line before trying rules on it."""

    words: int  # words, counted up to the table's largest ``max_words`` + 1
    line: str
    unbulleted: str | None  # the line less its list bullet, when it has one


@dataclass
class Prefilter:
    """A rule table's word bound: no rule matches a line of more than ``most_words`` words."""

    most_words: int

    def probe(self, line: str, bullet: re.Pattern[str]) -> Probe:
        """The :class:`Probe` of a stripped line (``bullet``: the list bullet the engine also tries
        the line without).

        >>> table = Prefilter(most_words=3)
        >>> table.probe("- one two three four five", re.compile(r"^[-•]\\s+"))
        Probe(words=5, line='- one two three four five', unbulleted='one two three four five')
        """
        words = len(line.split(maxsplit=self.most_words + 1))
        unbulleted = bullet.sub("", line) if bullet.match(line) else None
        return Probe(words, line, unbulleted)


def prefilter(rules: Sequence[Any]) -> Prefilter:
    """The :class:`Prefilter` of a rule table (rows with ``max_words``).

    >>> from cleaners.boilerplate.rules import RULES
    >>> prefilter(RULES).probe("The council met on Monday.", re.compile("^- ")).words
    5
    """
    return Prefilter(max((r.max_words for r in rules), default=0))
