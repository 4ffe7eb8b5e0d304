"""Item 12: a big HTML page costs bounded work — the cheap path above the element cap, a reason above
the block cap — while pages under the cap keep trafilatura's extraction.

Behaviour only, with small caps passed in; time and memory are measured by ``python -m bench.bigpage``.
"""

from __future__ import annotations

import time

import pytest
import trafilatura

from cleaners import Rejected, clean_document
from cleaners.extract import ExtractionError
from cleaners.extract.html import MAX_BLOCKS, MAX_EXTRACT_ELEMENTS, extract_html


def page(n: int, tag: str = "p") -> str:
    """The shape of cases/safety-09: a title, an article of an h1 and n elements (6 + n elements in all)."""
    body = "".join(f"<{tag}>Paragraph {i} of the long page about the harbour fees.</{tag}>" for i in range(n))
    return f"<html><head><title>Many paragraphs</title></head><body><article><h1>Many paragraphs</h1>{body}</article></body></html>"


@pytest.fixture
def trafilatura_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records each call of trafilatura.bare_extraction (still calling it)."""
    calls: list[bool] = []
    real = trafilatura.bare_extraction

    def spy(*args, **kwargs):
        calls.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    return calls


def test_a_page_over_the_element_cap_takes_the_cheap_path_and_keeps_its_text(trafilatura_calls) -> None:
    html = page(60).replace("<article>", "<nav>Home News Sport</nav><script>track()</script><article>")
    extracted = extract_html(html, url="https://www.gazette.example/fees", max_elements=50)
    assert trafilatura_calls == []  # trafilatura never ran
    lines = [line for block in extracted.blocks for line in block]
    assert lines == ["Many paragraphs"] + [f"Paragraph {i} of the long page about the harbour fees." for i in range(60)]
    assert extracted.title == "Many paragraphs" and extracted.meta["site"] == "gazette.example"


def test_a_page_at_the_element_cap_still_goes_through_trafilatura(trafilatura_calls) -> None:
    extracted = extract_html(page(44), max_elements=50)  # 6 + 44 elements: at the cap
    assert len(trafilatura_calls) == 2  # the default and the precision extraction, as before
    assert extracted.blocks == extract_html(page(44)).blocks


def test_a_page_over_the_block_cap_is_rejected_before_any_extraction(trafilatura_calls) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_html(page(120, "li"), max_elements=50, max_blocks=100)
    assert caught.value.code == "too-many-blocks" and trafilatura_calls == []


def test_line_breaks_count_as_blocks_and_split_lines() -> None:
    html = "<html><body><p>" + "".join(f"Line {i} of the notice about harbour fees.<br>" for i in range(30)) + "</p></body></html>"
    extracted = extract_html(html, max_elements=10)
    assert [line for block in extracted.blocks for line in block][:2] == [
        "Line 0 of the notice about harbour fees.", "Line 1 of the notice about harbour fees."]
    with pytest.raises(ExtractionError, match="more than 20 blocks"):
        extract_html(html, max_elements=10, max_blocks=20)


def test_a_100k_paragraph_page_gets_a_reason_not_a_hang() -> None:
    """cases/safety-09's many-p.html (6.3 MB) with the default caps: a reason, in seconds (it took 196 s)."""
    assert 100_006 > MAX_EXTRACT_ELEMENTS and 100_002 > MAX_BLOCKS
    started = time.monotonic()
    with pytest.raises(Rejected) as caught:
        clean_document(page(100_000).encode(), kind="html")
    assert caught.value.rejection.code == "too-many-blocks"
    assert time.monotonic() - started < 120  # a hang guard, not a timing: the bench measures time


def test_a_big_page_under_the_block_cap_becomes_an_article_with_all_its_paragraphs(monkeypatch) -> None:
    """Through clean_document (rules, headline repeat stripped), with the element cap lowered to 1,000."""
    import cleaners.document
    from functools import partial

    monkeypatch.setattr(cleaners.document, "extract_html", partial(extract_html, max_elements=1_000))
    n = 2_000
    article = clean_document(page(n).encode(), kind="html")
    assert article.title == "Many paragraphs"
    assert article.text.split("\n\n") == [f"Paragraph {i} of the long page about the harbour fees." for i in range(n)]
