"""bench.extraction's two views of trafilatura's snippet metric: the body, and the article."""

from pathlib import Path

from bench.extraction import Doc, Output, score_snippets


def _doc(with_: list[str], without: list[str]) -> Doc:
    return Doc("page", Path("page.html"), None, {"with": with_, "without": without})


def test_article_view_counts_headline_and_standfirst_moved_out_of_the_body() -> None:
    out = Output("Flood closes the bridge", "Ten roads are shut.", 0.0, description="The river rose overnight.")
    doc = _doc(["Flood closes the bridge", "The river rose overnight.", "Ten roads are shut."], ["Most read"])
    body = score_snippets([(doc, out)])
    article = score_snippets([(doc, out)], article=True)
    assert round(body.recall, 3) == 0.333 and body.precision == 1.0
    assert article.recall == 1.0 and article.precision == 1.0


def test_article_view_still_charges_boilerplate_in_the_title() -> None:
    out = Output("Most read", "Ten roads are shut.", 0.0)
    doc = _doc(["Ten roads are shut."], ["Most read"])
    assert score_snippets([(doc, out)]).precision == 1.0
    assert score_snippets([(doc, out)], article=True).precision == 0.5


def test_article_joins_the_fields_it_has_one_per_line() -> None:
    assert Output("Title", "Body.", 0.0).article() == "Title\nBody."
    assert Output(None, "Body.", 0.0, description="Lede.").article() == "Lede.\nBody."
