"""Property tests of the encoding step's shortcuts: each skip is checked against ftfy itself."""

from __future__ import annotations

import ftfy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners.encoding import FTFY_CONFIG, needs_ftfy, remove_invisible, repair_segment

HYP = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Lines of letters, punctuation, typography, mojibake pieces and invisible characters.
PIECES = st.sampled_from(["café", "naïve", "“quoted”", "–", "Zürich", "Ã©", "â€™", "Ã…", "ÃƒÂ©", "&amp;",
                          "İzmir", "taşıma", "Правительство", "Η κυβέρνηση", "政府", "\u200b", "\u00ad",
                          "\ufeff", "\u200d", "e\u0301", "ﬁ", "\x85", " ", "Ý", "þ", "¿", "…"])
LINE = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=12).map("".join).filter(lambda s: "\n" not in s)


@HYP
@given(LINE)
def test_a_line_the_quick_check_skips_is_one_ftfy_leaves_alone(line) -> None:
    if not needs_ftfy(line):
        assert ftfy.fix_text(line, config=FTFY_CONFIG._replace(explain=False)) == line


@HYP
@given(LINE)
def test_segment_repair_is_idempotent_and_leaves_nothing_invisible(line) -> None:
    fixed, _ = repair_segment(line)
    assert repair_segment(fixed)[0] == fixed
    assert remove_invisible(fixed) == fixed
