"""Property tests (hypothesis) on the importable cleaners.

"Never raises" means, precisely:
- ``clean_raw`` (what a corpus worker runs) never raises, whatever the bytes or text: it returns an
  ``Article`` or a ``Rejection`` with a known code and a message (a bug would show as
  ``internal-error``, which is asserted absent);
- ``clean_document`` raises only :class:`~cleaners.Rejected` (the documented refusal, its message is
  the manifest's reason);
- ``repair_encoding`` and ``decode`` never raise (``decode`` only :class:`NotText` for binary data).

ftfy's own ``negative`` (leave alone) and ``pass`` (fix) cases are checked in tests/test_encoding.py.
"""

from __future__ import annotations

import re

import ftfy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaners import Article, Rejected, Rejection, Settings, clean_document, clean_raw, repair_encoding
from cleaners.article import REASON_CODES
from cleaners.encoding import FTFY_CONFIG, NotText, decode
from cleaners.io.readers import RawDocument

BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # control characters (but \t \n), surrogates
FIELDS = ("title", "description", "text", "author", "published", "url", "site", "language")
WORDS = st.sampled_from("the council harbour said on Monday that ferry fares would rise by ten percent "
                        "café naïve “quoted” – résumé Zürich Mayor’s plan".split())
SENTENCE = st.lists(WORDS, min_size=3, max_size=25).map(lambda ws: " ".join(ws).capitalize() + ".")
NOISE = st.sampled_from(["Follow us on social media", "Share this article", "Advertisement", "Read more:",
                         "© 2026 The Gazette. All rights reserved.", "By Ann Lee", "Published 4 March 2026",
                         "cafÃ© â€œmojibakeâ€\x9d", "&amp; &lt;b&gt; &#8211;", "\x00\x07\x1b[31m", "\ud800", "\r\n"])
LINE = st.one_of(SENTENCE, NOISE, st.text(max_size=40))
DOCUMENT = st.lists(st.lists(LINE, min_size=1, max_size=4).map("\n".join), min_size=1, max_size=10).map("\n\n".join)
HTML = DOCUMENT.map(lambda d: "<html><head><title>T</title></head><body><article>"
                    + "".join(f"<p>{p}</p>" for p in d.split("\n\n")) + "</article></body></html>")
ANY_DOC = st.one_of(DOCUMENT, HTML, st.text(), st.binary(), DOCUMENT.map(lambda d: d.encode("utf-8", "surrogatepass")),
                    DOCUMENT.map(lambda d: d.encode("cp1252", "replace")))
SETTINGS = Settings()
# The examples are drawn from a fixed seed (tests/conftest.py's hypothesis profile), so a run's verdict does
# not depend on luck; HYPOTHESIS_PROFILE=explore draws new ones.
HYP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _clean_or_none(data, kind=None):
    try:
        return clean_document(data, kind=kind, min_words=3)
    except Rejected as exc:
        assert str(exc), "a rejection always says why"
        return None


@HYP
@given(ANY_DOC, st.sampled_from([None, "html", "text"]))
def test_clean_document_raises_only_rejected_and_outputs_no_controls_or_surrogates(data, kind) -> None:
    article = _clean_or_none(data, kind)
    if article is None:
        return
    for name in FIELDS:
        value = getattr(article, name)
        assert value is None or not BAD.search(value), (name, value)
    for removed in article.removed:
        assert not BAD.search(removed["text"]), removed
    assert article.text == article.text.strip() and article.word_count >= 3


@HYP
@given(ANY_DOC)
def test_clean_raw_never_raises_and_rejects_only_with_a_known_code(data) -> None:
    result = clean_raw(RawDocument("x.txt", "sha", None, data), SETTINGS)
    assert isinstance(result, (Article, Rejection)), result
    if isinstance(result, Rejection):
        assert result.code in REASON_CODES and result.code != "internal-error", result
        assert result.message


@HYP
@given(st.one_of(DOCUMENT, st.text()))
# a line printed twice with no story under its second copy is no headline on the second pass either
@example("The the the the the the the the the the.\nFollow us on social media\nFollow us on social media\n"
         "Follow us on social media\n\nCouncil the the.\nThe the the.\nCouncil the the.")
# a paragraph with nothing but a byline under it is the story, not its headline (cleaners.extract.text.story_below)
@example("The the the the council the the the the the the the.\nFollow us on social media\nFollow us on social media\n"
         "\nFollow us on social media\nThe the the the council the the the the the the the.\nBy Ann Lee")
def test_cleaning_is_idempotent(data) -> None:
    """Cleaning an article's text again, its title known, gives back the same text and removes nothing."""
    first = _clean_or_none(data, "text")
    if first is None:
        return
    again = clean_document(first.text, kind="text", meta={"title": first.title} if first.title else None,
                           min_words=3)
    assert again.text == first.text
    assert again.removed == []


@HYP
@given(st.text())
@example("\x8d÷ß")  # removing the stray control left text that ftfy, run again, repaired
def test_repair_encoding_never_raises_is_clean_and_idempotent(text) -> None:
    fixed = repair_encoding(text)
    assert not BAD.search(fixed)
    assert repair_encoding(fixed) == fixed


@HYP
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_fast_path_agrees_with_ftfy(text) -> None:
    """repair_encoding skips ftfy for plain ASCII it would not change: check that claim against ftfy."""
    expected = re.sub("[\x00-\x08\x0b\x0e-\x1f\x7f]", "", ftfy.fix_text(
        text, config=FTFY_CONFIG, explain=False)).replace("\x0c", "\n")
    assert repair_encoding(text) == expected


@HYP
@given(st.binary())
def test_decode_never_raises_but_for_binary(data) -> None:
    try:
        text = decode(data)
    except NotText as exc:
        assert "binary data" in str(exc)
        return
    assert not BAD.search(text)
