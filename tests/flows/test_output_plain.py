"""``newsclean clean`` prints an article without rich when rich would not style it (a pipe, a file):
the same lines rich prints there, and rich is not imported (README "Start-up")."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from flows import output

ARTICLE = {
    "title": "Ferry [bold]timetable[/bold] agreed", "author": "Jane Smith", "published": "2024-03-05",
    "site": "harbour", "url": "https://example.org/a", "language": "en",
    "description": "Winter services [red]stay[/red].",
    "text": "The council agreed the timetable.\n\nServices start in spring.",
}


def printed(article: dict, styled: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(output, "styled_output", lambda *a, **k: styled)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        output.print_article(article)
    return buf.getvalue()


@pytest.mark.parametrize("drop", [(), ("author", "published", "site", "url", "language"), ("description",)])
def test_plain_lines_are_the_lines_rich_prints_to_a_pipe(drop: tuple[str, ...], monkeypatch) -> None:
    article = {k: v for k, v in ARTICLE.items() if k not in drop}
    plain = printed(article, False, monkeypatch)
    assert plain == printed(article, True, monkeypatch)  # rich on a StringIO: not a terminal, no styles
    assert plain.startswith("Ferry [bold]timetable[/bold] agreed\n")  # a page's brackets are text


def test_an_untitled_article_says_so(monkeypatch) -> None:
    assert printed({**ARTICLE, "title": ""}, False, monkeypatch).startswith("(no title)\n")


def test_an_emoji_code_in_a_page_stays_as_written(monkeypatch) -> None:
    assert ":fire:" in printed({**ARTICLE, "title": "Crowd chants :fire: at rally"}, False, monkeypatch)


@pytest.mark.parametrize(("env", "tty", "styled"), [
    ({}, False, False), ({}, True, True), ({"FORCE_COLOR": "1"}, False, True), ({"FORCE_COLOR": ""}, True, False),
    ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, True, False), ({"TTY_COMPATIBLE": "1"}, False, True),
])
def test_styled_output_follows_rich_rules(env: dict, tty: bool, styled: bool, monkeypatch) -> None:
    from rich.console import Console

    for name in ("TTY_COMPATIBLE", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = type("Stream", (io.StringIO,), {"isatty": lambda self: tty})()
    assert output.styled_output(None, stream) is styled
    assert Console(file=stream).is_terminal is styled


def test_printing_to_a_pipe_does_not_import_rich() -> None:
    code = ("import sys; from flows.output import print_article; "
            f"print_article({ARTICLE!r}); print('rich' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PATH": "/usr/bin:/bin"})
    assert done.stderr.strip() == "False"
    assert done.stdout.splitlines()[1] == "author: Jane Smith · published: 2024-03-05 · site: harbour · " \
                                          "url: https://example.org/a · language: en"
