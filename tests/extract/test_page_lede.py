"""page_lede: the story's intro block that trafilatura's teaser pruning drops, put back from the page."""

import lxml.html

from cleaners.extract.html import leaf_blocks, page_lede

INTRO = "The harbour board voted on Tuesday to close the north pier to cars from the first of June."
PARAS = [
    "Cars will park at the old station instead, a walk of ten minutes from the ferry terminal.",
    "The pier was built in 1904 and has needed repairs to its deck every winter since 2015.",
    "Fishing boats may still unload at the pier before eight in the morning, the board said.",
    "The board will review the closure next spring, after a count of the ferry passengers.",
]


def page(intro_block: str, head: str = "<title>Pier to close | Gazette</title>") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f"<html><head>{head}</head><body><article><h1>Pier to close to cars</h1>{intro_block}"
            f"<div class='body'>{body}</div></article></body></html>")


def test_an_intro_block_under_the_headline_is_put_back():
    tree = lxml.html.fromstring(page(f"<div class='teaser-text'><p>{INTRO}</p></div>"))
    assert page_lede(leaf_blocks(tree), PARAS, "Pier to close to cars") == [INTRO]


def test_nothing_is_put_back_when_the_text_starts_at_the_headline():
    tree = lxml.html.fromstring(page(f"<div class='teaser-text'><p>{INTRO}</p></div>"))
    assert page_lede(leaf_blocks(tree), ["Pier to close to cars", *PARAS], "Pier to close to cars") == []


def test_the_standfirst_equal_to_the_meta_description_is_not_put_back():
    head = f"<title>Pier to close</title><meta name='description' content='{INTRO}'>"
    tree = lxml.html.fromstring(page(f"<div class='teaser-text'><p>{INTRO}</p></div>", head))
    assert page_lede(leaf_blocks(tree), PARAS, "Pier to close to cars", INTRO) == []


def test_a_photo_caption_and_a_short_line_under_the_headline_are_not_ledes():
    tree = lxml.html.fromstring(page(f"<figure><img src='x.jpg'><figcaption>{INTRO}</figcaption></figure>"
                                     "<p>By Ann Lee</p>"))
    assert page_lede(leaf_blocks(tree), PARAS, "Pier to close to cars") == []


def test_text_far_from_the_story_in_the_tree_is_not_a_lede():
    far = f"<div><div><div><div><p>{INTRO}</p></div></div></div></div>"
    tree = lxml.html.fromstring(page(far))
    assert page_lede(leaf_blocks(tree), PARAS, "Pier to close to cars") == []
    near = lxml.html.fromstring(page(f"<div class='intro'><p>{INTRO}</p></div>"))
    assert page_lede(leaf_blocks(near), PARAS, "Pier to close to cars") == [INTRO]


def test_an_intro_nested_one_level_deeper_than_a_cousin_is_a_lede():
    """LEDE_MAX_DISTANCE 3: the intro's paragraph three levels below the container it shares with the
    story (a header box holding the intro box) is put back; four levels are too far (above)."""
    deeper = lxml.html.fromstring(page(f"<div class='head'><div class='intro'><p>{INTRO}</p></div></div>"))
    assert page_lede(leaf_blocks(deeper), PARAS, "Pier to close to cars") == [INTRO]
