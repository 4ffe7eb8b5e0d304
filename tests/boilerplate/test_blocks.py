"""Block rules: a promo list, a comments section, a fact box go as one block each, line by line in
the audit; a bare date line is read as the date; a list of teasers is not an article.

Every row of ``cleaners/boilerplate/blocks.py`` runs its own examples here; the page-shaped tests
follow the reported cases (a related/latest list after the story, a person box mid-story and a
comment widget, a section front) with inputs written for these tests, in other wordings and languages.
"""

from __future__ import annotations

import pytest

from cleaners import clean_document
from cleaners.article import REASON_CODES, Rejected
from cleaners.boilerplate import strip_boilerplate
from cleaners.boilerplate.blocks import BLOCK_RULES, LineHint, find_blocks, not_an_article
from cleaners.boilerplate.layout import link_rows

BODY = [
    "The harbour board approved the new ferry timetable on Tuesday after a long public consultation.",
    "Residents of the two islands had asked for an earlier crossing so that pupils reach school on time.",
    "The first sailings under the new timetable will leave the mainland at a quarter past six next month.",
]


def _groups(example: str) -> list[list[str]]:
    return [chunk.split("\n") for chunk in example.split("\n\n")]


def _place(example: str, rule_extent: str) -> list[list[str]]:
    """Body paragraphs as blocks, the example's groups between them (boxes) or after them."""
    body = [[line] for line in BODY]
    if rule_extent == "box":
        return body[:2] + _groups(example) + body[2:]
    return body + _groups(example)


CASES_STRIP = [(rule, example) for rule in BLOCK_RULES for example in rule.strip]
CASES_KEEP = [(rule, example) for rule in BLOCK_RULES for example in rule.keep]


def test_every_block_rule_has_examples_both_ways() -> None:
    for rule in BLOCK_RULES:
        assert rule.strip and rule.keep, f"{rule.name} ({rule.extent}) needs examples to strip and to keep"


@pytest.mark.parametrize(("rule", "example"), CASES_STRIP, ids=[f"{r.name}:{e[:30]}" for r, e in CASES_STRIP])
def test_block_rule_strips_its_examples_whole(rule, example: str) -> None:
    out = strip_boilerplate(_place(example, rule.extent), find_standfirst=False)
    assert out.text == "\n\n".join(BODY), f"{rule.name} left something of {example!r}"
    lines = [line for group in _groups(example) for line in group]
    assert [(r["text"], r["rule"]) for r in out.removed] == [(line, rule.name) for line in lines]


@pytest.mark.parametrize(("rule", "example"), CASES_KEEP, ids=[f"{r.name}:{e[:30]}" for r, e in CASES_KEEP])
def test_block_rule_keeps_real_content(rule, example: str) -> None:
    lines = BODY[:2] + example.split("\n") + BODY[2:]
    assert find_blocks(lines) == {}, f"a block rule took lines of {example!r}"
    out = strip_boilerplate([[line] for line in lines], find_standfirst=False)
    kept = out.text.split("\n\n")
    assert all(line in kept for line in lines if len(line.split()) >= 10)


STORY = [
    "Fishing crews on the north coast say a new quota system has cut their catch by a third since January.",
    "The system, which sets limits for each boat rather than for each port, was meant to protect young cod.",
    "Crews say the limits are set too low and that most boats now spend several days a week tied up in harbour.",
    "The fisheries agency said it would review the figures in the autumn and meet the crews' association next month.",
    "Until then, it said, the limits would stay as they were and boats that broke them would be fined.",
]


def test_dump_promo_lists_after_the_story_go_as_blocks_and_the_date_is_read() -> None:
    dump = ("Business\n\nQuota system leaves fishing boats tied up\n\nBy Ines Carvalho\n14 June 2026\n\n"
            + "\n\n".join(STORY)
            + "\n\nRelated stories\nHarbour fees to rise from May\nCod stocks recover in the south\n\n"
              "Most read\nFerry timetable approved after consultation\n5 minutes ago\n"
              "Island school to stay open\n3 hours ago\n\n"
              "Listen on Coast FM\nThe week on the water\nA short history of the herring trade\n")
    article = clean_document(dump, kind="text")
    assert article.text == "\n\n".join(STORY)
    assert article.title == "Quota system leaves fishing boats tied up"
    assert article.published == "2026-06-14"
    by_rule = {r["text"]: r["rule"] for r in article.removed}
    assert by_rule["14 June 2026"] == "dateline"
    promo = ["Related stories", "Harbour fees to rise from May", "Cod stocks recover in the south", "Most read",
             "Ferry timetable approved after consultation", "5 minutes ago", "Island school to stay open",
             "3 hours ago", "Listen on Coast FM", "The week on the water", "A short history of the herring trade"]
    assert [r["text"] for r in article.removed if r["rule"] == "promo-block"] == promo


def test_stripped_exposes_the_dateline_as_printed() -> None:
    out = strip_boilerplate([["Dienstag, 16. Juni 2026"], [STORY[0]], [STORY[1]]])
    assert out.dateline == "Dienstag, 16. Juni 2026" and out.moved["published"] == "Dienstag, 16. Juni 2026"
    assert out.text == "\n\n".join(STORY[:2])


def test_dump_fact_box_and_comment_widget_go_in_another_language() -> None:
    dump = ("Fangquoten: Fischer bleiben im Hafen\n\n"
            "Die Fischer an der Nordküste sagen, dass das neue Quotensystem ihren Fang seit Januar um ein Drittel gesenkt hat.\n\n"
            "„Wir liegen drei Tage die Woche fest“, sagte Jonas Ebert, der seit zwanzig Jahren einen Kutter fährt.\n\n"
            "Zur Person\nJonas Ebert, 45, fährt seit 2006 einen eigenen Kutter.\nEr ist Sprecher des Fischereiverbands.\n\n"
            "Die Behörde will die Zahlen im Herbst prüfen und sich im nächsten Monat mit dem Verband treffen.\n\n"
            "Bis dahin bleiben die Grenzen bestehen, und Boote, die sie überschreiten, müssen mit Strafen rechnen.\n\n"
            "Kommentare (2)\nVielen Dank! Your comment has been submitted for review.\n"
            "Bitte melden Sie sich an. Log in to write a comment.\n"
            "kuestenkind · vor 3 Stunden\n"
            "Das sagen die Fischer schon seit Jahren, aber in der Hauptstadt hört ihnen niemand zu, leider.\n"
            "Antworten · Melden\n")
    article = clean_document(dump, kind="text")
    assert "Zur Person" not in article.text and "kuestenkind" not in article.text
    assert "Jonas Ebert, 45" not in article.text and "Hauptstadt" not in article.text
    assert len(article.text.split("\n\n")) == 4
    rules = [r["rule"] for r in article.removed]
    assert rules == ["fact-box"] * 3 + ["comments-block"] * 6


PAGE_SEMANTIC = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Quota system leaves fishing boats tied up | Coast Herald</title></head><body>
<header><nav><a href="/">Home</a> <a href="/business">Business</a></nav></header><main><article>
<h1>Quota system leaves fishing boats tied up</h1>
<div class="text">{story}
<div class="box"><h3>About the person</h3><p>Marit Ness, 52, has fished from the same harbour for thirty years.</p>
<p>She chairs the crews' association for the north coast.</p></div>
{rest}</div>
<section class="comments"><h2>Comments</h2><p>Please log in to write a comment.</p>
<div class="c"><p>gullwing · 2 hours ago</p><p>The quota is far too low and everybody on the coast has known it for months now.</p>
<p>Reply · Report</p></div></section>
</article>
<aside><h3>Latest</h3><ul><li><a href="/a">Harbour fees to rise from May</a> <span>5 minutes ago</span></li>
<li><a href="/b">Island school to stay open</a> <span>1 hour ago</span></li></ul></aside></main>
<footer><p>&copy; 2026 Coast Herald</p></footer></body></html>"""


def _page(template: str) -> str:
    return template.format(story="".join(f"<p>{p}</p>" for p in STORY[:2]),
                           rest="".join(f"<p>{p}</p>" for p in STORY[2:]))


def test_html_fact_box_inside_the_story_goes_by_its_container() -> None:
    article = clean_document(_page(PAGE_SEMANTIC), kind="html")
    assert article.text.split("\n\n") == STORY
    assert [(r["text"], r["rule"]) for r in article.removed if r["rule"] == "fact-box"] == [
        ("About the person", "fact-box"),
        ("Marit Ness, 52, has fished from the same harbour for thirty years.", "fact-box"),
        ("She chairs the crews' association for the north coast.", "fact-box")]


def test_html_hints_keep_a_story_subheading_and_its_paragraphs() -> None:
    """A "Profile" subheading inside the story's own container opens no block over the story."""
    story = "".join(f"<p>{p}</p>" for p in STORY[:2]) + "<h2>Profile</h2>" + "".join(f"<p>{p}</p>" for p in STORY[2:])
    page = (f"<html><head><title>Quota system</title></head><body><article><h1>Quota system</h1>"
            f"<div>{story}</div></article></body></html>")
    article = clean_document(page, kind="html")
    assert all(p in article.text for p in STORY)


def _index_page(n: int) -> str:
    cards = "".join(
        f'<div class="card"><h3><a href="/climat/{k}">Le glacier numéro {k} recule plus vite que prévu</a></h3>'
        f'<p>Les scientifiques ont mesuré le recul du glacier numéro {k} pendant tout l\'été dernier.</p>'
        f'<span class="date">{k + 1} juillet 2026</span><span>Climat</span></div>' for k in range(n))
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Climat | Le Veilleur</title></head>'
            f'<body><header><a href="/">Le Veilleur</a></header><main><h1>Climat</h1><section>{cards}</section></main>'
            f'<footer>© 2026 Le Veilleur</footer></body></html>')


def test_section_front_is_rejected_not_an_article() -> None:
    assert "not-an-article" in REASON_CODES
    with pytest.raises(Rejected) as caught:
        clean_document(_index_page(8), kind="html")
    assert caught.value.rejection.code == "not-an-article"


def test_tag_page_dump_is_rejected_not_an_article() -> None:
    teasers = "\n\n".join(f"Harbour story number {k} makes the news\n{k + 2} May 2026\n"
                          f"A short summary of harbour story number {k} for readers of the tag page." for k in range(6))
    with pytest.raises(Rejected) as caught:
        clean_document("Tag: harbour\n\n" + teasers, kind="text")
    assert caught.value.rejection.code == "not-an-article"


LONG = [" ".join([s, s]) for s in STORY]  # paragraphs of 35-45 words


@pytest.mark.parametrize("lines", [
    # a live blog: a time, an entry's headline and one paragraph each
    [x for k, p in enumerate(LONG) for x in (f"{10 + k}:05", f"Entry {k}: crews meet the agency", p)],
    # a listicle: numbered subheadings over one paragraph each
    [x for k, p in enumerate(STORY) for x in (f"{k + 1}. A reason the quota fails", p)],
    # an interview: short questions and answers
    [x for p in STORY for x in ("Why are the boats in harbour?", p)],
    # a story whose paragraphs are one short sentence each, dated at the top
    ["14 June 2026", "Boats stayed in harbour.", "The agency said nothing.", "Crews are angry.", "Talks are next month.",
     STORY[0]],
    # reviews: quotes with their attributions, then a dated programme of short lines
    [x for p in STORY for x in (f"“{p}”", "– An** Ko**")] + ["Harbour Festival Season", "<Tides: a musical>",
                                                            "2026.05.03 ~ OPEN RUN", "Tue – Sat 4PM",
                                                            "Tickets", "2026.06.01 last show"],
    # a Q&A interview of one-line questions and answers
    STORY[:1] + [x for k in range(5) for x in (f"Q: Favourite harbour number {k}?", f"A: The north quay, {k}")] + STORY[1:2],
    # a story with a related list at its foot, the related headlines being links
    STORY + ["Related", "Harbour fees to rise", "Island school to stay open", "Cod stocks recover"],
])
def test_real_article_shapes_are_not_rejected(lines: list[str]) -> None:
    links = [1.0 if line in ("Harbour fees to rise", "Island school to stay open", "Cod stocks recover") else 0.0
             for line in lines]
    assert not_an_article(lines, links) is None
    assert not_an_article(lines) is None


def test_html_real_article_with_related_links_is_accepted() -> None:
    article = clean_document(_page(PAGE_SEMANTIC), kind="html")
    assert article.text and article.title == "Quota system leaves fishing boats tied up"


def test_hints_of_the_wrong_length_are_ignored() -> None:
    blocks = [[line] for line in STORY]
    assert strip_boilerplate(blocks, hints=[LineHint(0)]).text == strip_boilerplate(blocks).text


def test_label_value_lines_without_a_box_label_stay() -> None:
    """A Q&A interview or a price list in the story is not a fact box (both seen on AEB pages)."""
    qa = [x for k in range(4) for x in (f"Q: Favourite harbour number {k}?", f"A: The north quay, {k}")]
    prices = ["VIP : 60,000₩", "R : 50,000₩", "S : 40,000₩"]
    lines = STORY[:2] + qa + prices + STORY[2:]
    assert find_blocks(lines) == {}
    assert strip_boilerplate([[line] for line in lines], find_standfirst=False).removed == []


def test_a_later_copy_of_a_run_of_paragraphs_goes_as_repeated_run() -> None:
    """A page that prints its story again below it (a hidden copy of the body, a slideshow's text):
    the copy goes line by line, the first printing and the lines between stay."""
    lines = ["Good morning! Here is what you need to know today."]
    for line in STORY:
        lines += [line, "-"]  # the first printing separates its items with "-" lines; the copy does not
    lines += ["Sign up for this briefing"] + STORY + ["international"] + STORY[:3]
    out = strip_boilerplate([[line] for line in lines], find_standfirst=False)
    copies = [r for r in out.removed if r["rule"] == "repeated-run"]
    assert [r["text"] for r in copies] == STORY + STORY[:3]
    assert all(r["at"] > len(STORY) * 2 for r in copies)
    assert out.text.split("\n\n")[1:11:2] == STORY


def test_a_line_printed_twice_in_a_row_loses_its_later_copy_as_echo_line() -> None:
    """A lenient scraper gives a nested block's text twice (a paragraph in a <div> and in its <p>): the
    later copy goes as echo-line; the same line further apart stays (left to repeated-run)."""
    caption = "Officials said the harbour would reopen on Friday morning once the repairs to the pier are done."
    lines = [STORY[0], caption, " ".join(caption.upper().split()), "", caption, STORY[1], STORY[2], caption]
    out = strip_boilerplate([[line] for line in lines], find_standfirst=False)
    echoes = [r for r in out.removed if r["rule"] == "echo-line"]
    assert [r["text"] for r in echoes] == [" ".join(caption.upper().split()), caption]  # the blank line between counts for nothing
    assert out.text.count(caption) == 2  # the first printing, and the one after two paragraphs


@pytest.mark.parametrize("lines", [
    # an interview asking the same question of each guest
    [x for k in range(4) for x in (STORY[0], f"Guest {k} answered at length about the quota and what it means for boats.")],
    # a plan whose recurring lines come back in another order or with other lines between them
    STORY[:2] + ["Day two"] + STORY[:1] + ["A new line of the plan that was not printed before, for day two."] + STORY[1:2],
    # two paragraphs repeated in a row are too few to be a copy of the story
    STORY + STORY[:2],
])
def test_repeated_paragraphs_of_the_story_stay(lines: list[str]) -> None:
    assert strip_boilerplate([[line] for line in lines], find_standfirst=False).removed == []


LAYOUT_PAGE = ("<html><head><title>Quota leaves boats tied up</title></head><body><table><tr><td><table>{nav}</table>"
               "</td><td><h1>Quota leaves boats tied up</h1>{story}<table><tr><td></td><td>Smelling the Roses Play "
               "Slideshow</td></tr></table></td></tr></table></body></html>")


def test_html_one_cell_table_rows_go_after_the_page_type_is_judged() -> None:
    """A page laid out in a table: its one-cell rows ("| Business |", a box's labels) are no teasers
    for the page-type test, then go as ``layout-row``; the story stays."""
    sections = ["Business", "Sports", "Weather", "Obituaries", "Opinion", "Classifieds", "Jobs", "Motors"]
    nav = "".join(f"<tr><td>{name}</td></tr>" for name in sections)
    page = LAYOUT_PAGE.format(nav=nav, story="".join(f"<p>{line}</p>" for line in STORY))
    article = clean_document(page.encode(), kind="html")
    assert all(name not in article.text for name in sections) and "Slideshow" not in article.text
    assert STORY[-1] in article.text
    layout = [r["text"] for r in article.removed if r["rule"] == "layout-row"]
    assert layout == [f"| {name} |" for name in sections] + ["|  | Smelling the Roses Play Slideshow |"]


def test_html_table_rows_of_links_go_as_link_row_and_a_data_table_stays() -> None:
    """Rows whose every filled cell is a link (a menu in a page laid out in a table) go as
    ``link-row``; a table of the story (cells of text, or a linked row label alone) stays."""
    menu = "".join("<tr>" + "".join(f"<td><a href='/{cell}'>{cell}</a></td>" for cell in pair) + "</tr>"
                   for pair in (("Breaking News", "Soccer News"), ("Weather", "Traffic hotspots")))
    data = ("<table><tr><td>Pos.</td><td>Boat</td><td>Catch</td></tr><tr><td>1</td><td>North Star</td><td>12 t</td>"
            "</tr><tr><td><a href='/list'>Harbour list</a></td><td></td><td></td></tr></table>")
    page = LAYOUT_PAGE.format(nav=menu, story="".join(f"<p>{line}</p>" for line in STORY) + data)
    article = clean_document(page.encode(), kind="html")
    assert [r["text"] for r in article.removed if r["rule"] == "link-row"] == [
        "| Breaking News | Soccer News |", "| Weather | Traffic hotspots |"]
    for row in ("| Pos. | Boat | Catch |", "| 1 | North Star | 12 t |", "| Harbour list |  |  |"):
        assert row in article.text.split("\n\n")


def test_link_rows_need_the_html() -> None:
    """Without hints (a text dump) nothing tells a row of links from a row of text: it stays."""
    lines = STORY[:2] + ["| Breaking News | Soccer News |"] + STORY[2:]
    assert find_blocks(lines) == {} and link_rows(lines, None) == []
    assert strip_boilerplate([[line] for line in lines], find_standfirst=False).removed == []
    assert link_rows(lines, [False, False, True, False, False, False]) == [2]
