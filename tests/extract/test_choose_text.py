"""choose_text: trafilatura's precision text, with the lead paragraphs its precision mode dropped."""

from cleaners.extract.html import choose_text

LEDE = "The harbour board voted on Tuesday to close the north pier to cars from the first of June."
STORY = "\n".join([
    "Cars will park at the old station instead, a walk of ten minutes from the ferry terminal.",
    "The pier was built in 1904 and has needed repairs to its deck every winter since 2015.",
    "Fishing boats may still unload at the pier before eight in the morning, the board said.",
])
DEFAULT = "\n".join(["Harbour news", "Pier to close to cars", LEDE, STORY, "Most read", "Ferry fares rise again"])


def test_lede_dropped_by_precision_is_put_back_first():
    assert choose_text(DEFAULT, STORY).split("\n") == [LEDE, *STORY.split("\n")]


def test_short_lines_above_the_story_stay_out():
    lines = choose_text(DEFAULT, STORY).split("\n")
    assert "Harbour news" not in lines and "Pier to close to cars" not in lines


def test_lede_equal_to_the_description_is_the_standfirst_and_stays_out():
    assert choose_text(DEFAULT, STORY, description=f"  {LEDE} ") == STORY


def test_lines_below_the_first_shared_line_are_not_added():
    tail = "A reader wrote in to say that the pier has been closed to cars many times before, in 1990."
    default = "\n".join([STORY.split("\n")[0], tail, *STORY.split("\n")[1:]])
    assert choose_text(default, STORY) == STORY


def test_texts_with_no_line_in_common_keep_the_precise_text():
    precise = STORY.replace("\n", " ")  # one paragraph: no line equal to the default's
    assert choose_text(DEFAULT, precise) == precise


def test_precise_text_that_lost_too_much_gives_the_default():
    assert choose_text(DEFAULT, "Fishing boats may still unload.") == DEFAULT


def test_story_the_default_gave_as_one_line_is_not_put_back_twice():
    default = "\n".join(["Harbour news", " ".join([LEDE, *STORY.split("\n")]), "Most read"])
    precise = "\n".join([LEDE, *STORY.split("\n")])
    assert choose_text(default, precise) == precise


def test_lede_glued_to_a_paragraph_the_precise_text_lacks_is_put_back():
    first, *rest = STORY.split("\n")
    default = "\n".join(["Harbour news", f"{LEDE} {first}", *rest])
    precise = "\n".join([*rest, "The board will meet again in May to hear from the fishing crews."])
    assert choose_text(default, precise).split("\n")[0] == f"{LEDE} {first}"


def test_paragraphs_the_default_glued_without_a_space_are_not_put_back_twice():
    first, second, third = STORY.split("\n")
    default = "\n".join(["Harbour news", "Pier to close", f"{LEDE}{first}", f"{second}{third}"])
    precise = "\n".join(["Pier to close", LEDE, first, second, third])
    assert choose_text(default, precise) == precise
