"""``newsclean clean`` through the console script's own path (flows.clean_command) says exactly what the
typer command says, and loads neither typer, pydantic nor Prefect (issue 16, "Start-up": no timing here)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners.settings import Settings, resolve
from flows.clean_command import QuickSettings, Request, parse, settings_for

from ..helpers import RAW_SAMPLES, ROOT

SAMPLE = RAW_SAMPLES / "harbourgazette" / "ferry-fares-rise-skerry-isle.txt"
PARAGRAPH = ("The council said the new ferry timetable would start in the spring, after months of talks with the "
             "operators and the harbour authority about the cost of running late services in winter. ")

# The console script (flows.startup.main), and the typer command alone (flows.cli.main), as `newsclean`.
SCRIPT = "import sys; sys.argv[0] = 'newsclean'; from flows.startup import main; main()"
TYPER = "import sys; sys.argv[0] = 'newsclean'; from flows.cli import main; main()"


def newsclean(code: str, args: list[str], cwd: Path, stdin: bytes = b"", env: dict | None = None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCLEAN_")}
    environ["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, input=stdin, capture_output=True,
                          env={**environ, **(env or {})}, timeout=120)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Files of every kind `clean` reads, written here: a news page, a text dump whose text holds terminal
    colour codes, JSON lines with their own field names, a gzipped page, a PNG under a text name."""
    folder = tmp_path_factory.mktemp("clean-inputs")
    body = "".join(f"<p>{PARAGRAPH * (1 + i % 2)}Paragraph {i}: [bold]not markup[/bold] :smile:.</p>" for i in range(6))
    page = ("<html lang='en'><head><title>Ferry timetable agreed | Coast News</title>"
            "<meta name='author' content='Jane Smith'></head><body><nav><a href='/'>Home</a> <a href='/n'>News</a>"
            f"</nav><article><h1>Ferry timetable agreed</h1>{body}</article>"
            "<footer><p>© 2024 Coast News. All rights reserved.</p></footer></body></html>")
    (folder / "page.html").write_text(page)
    (folder / "page.html.gz").write_bytes(gzip.compress(page.encode()))
    (folder / "colours.txt").write_text("Harbour [red]vote[/red] delayed\n\n" + "\x1b[1mBold\x1b[0m. " + PARAGRAPH * 2
                                        + "\n\nShare this article\n")
    records = [{"headline": "Quay repairs start", "body": PARAGRAPH * 2}, {"headline": "Short", "body": "Too short."}]
    (folder / "items.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (folder / "state").mkdir()
    return folder


CALLS = [
    ["page.html"], ["page.html", "--json"], ["--no-explain", "page.html", "--explain"], ["colours.txt"],
    ["image.txt"], ["image.txt", "page.html.gz", "--json"],  # a rejection on standard error; exit 1, then 0
    ["items.jsonl", "--field", "title=headline", "--field=text=body", "--json"],
    ["page.html", "--min-words", "5000", "--state", "state"], ["page.html", "--max-bytes=100", "--json"],
    # left to the typer command: help, a missing file, a size with a unit, an option not read here
    ["--help"], ["missing.html"], ["page.html", "--max-bytes", "16 MB", "--json"], ["page.html", "--colour"],
]

@pytest.mark.parametrize("args", CALLS, ids=" ".join)
def test_clean_says_byte_for_byte_what_the_typer_command_says(inputs: Path, args: list[str]) -> None:
    ours, theirs = newsclean(SCRIPT, ["clean", *args], inputs), newsclean(TYPER, ["clean", *args], inputs)
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr)
    assert ours.returncode in (0, 1, 2), ours.stderr


@pytest.mark.parametrize("kind", [None, "text"])
def test_standard_input_is_read_the_same(inputs: Path, kind: str | None) -> None:
    args = ["clean", "-", "--json"] + (["--kind", kind] if kind else [])
    data = (inputs / "page.html").read_bytes()
    ours, theirs = newsclean(SCRIPT, args, inputs, data), newsclean(TYPER, args, inputs, data)
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr)
    assert json.loads(ours.stdout)["text"]


def test_settings_from_a_variable_or_a_file_are_the_typer_commands_to_read(inputs: Path, tmp_path: Path) -> None:
    for env in ({"NEWSCLEAN_MIN_WORDS": "5000"}, {"NEWSCLEAN_MIN_WRDS": "5"}):  # a setting; an unknown variable
        ours = newsclean(SCRIPT, ["clean", str(inputs / "page.html")], tmp_path, env=env)
        theirs = newsclean(TYPER, ["clean", str(inputs / "page.html")], tmp_path, env=env)
        assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr)
    assert newsclean(SCRIPT, ["clean", str(inputs / "page.html")], tmp_path, env={"NEWSCLEAN_MIN_WORDS": "5000"}
                     ).returncode == 1  # the variable was read: the page is too short for it
    (tmp_path / "newsclean.toml").write_text("min_words = 5000\n")
    assert settings_for(Request(files=[Path("x")]), environ={}, cwd=tmp_path) is None
    ours = newsclean(SCRIPT, ["clean", str(inputs / "page.html")], tmp_path)
    assert ours.returncode == 1 and b"fewer than 5000" in ours.stderr


def test_clean_loads_neither_typer_pydantic_nor_prefect(inputs: Path) -> None:
    probe = ("import sys, json\nfrom flows.clean_command import main\ncode = main(sys.argv[1:])\n"
            "names = ('typer', 'click', 'pydantic', 'pydantic_settings', 'prefect', 'rich', 'datasketch', 'trafilatura')\n"
            "print(json.dumps([code, {m: m in sys.modules for m in names}]), file=sys.stderr)")
    out = newsclean(probe, ["page.html", "--json"], inputs)
    code, loaded = json.loads(out.stderr.decode().splitlines()[-1])
    assert code == 0 and json.loads(out.stdout)["title"] == "Ferry timetable agreed"
    assert loaded.pop("trafilatura"), "the page was cleaned: the check is not vacuous"
    assert not any(loaded.values()), loaded
    out = newsclean(probe, ["page.html", "--config", "x.toml"], inputs)
    assert json.loads(out.stderr.decode().splitlines()[-1])[0] is None and not out.stdout  # the typer command's


def test_parse_leaves_every_option_it_does_not_read_to_the_typer_command() -> None:
    assert parse(["a.html", "--kind=html", "--kind", "text", "--no-explain", "--explain"]) == Request(
        files=[Path("a.html")], kind="text", explain=True)  # the last value wins, as click reads it
    for args in (["a.html", "--help"], ["a.html", "--config", "c.toml"], ["a.html", "--json=yes"],
                 ["a.html", "--min-words"], ["a.html", "--", "b.html"], ["a.html", "-j"], ["--json"]):
        assert parse(args) is None, args


def test_quick_settings_are_the_settings_the_typer_command_resolves() -> None:
    def both(**given):
        request = Request(files=[Path("x")], **{k: v for k, v in given.items()})
        ours = settings_for(request, environ={"NEWSCLEAN_SHARED": "/elsewhere"}, cwd=ROOT / "tests")
        flags = {"min_words": given.get("min_words"), "max_bytes": given.get("max_bytes"),
                 "fields": given.get("field") or None}
        theirs = resolve(flags, env={"NEWSCLEAN_SHARED": "/elsewhere"}, cwd=ROOT / "tests")
        assert not theirs.warnings  # IGNORED_ENV: a variable the settings ignore too
        return ours, theirs.settings

    for given in ({}, {"min_words": "0"}, {"min_words": "25", "max_bytes": "2048"},
                  {"field": ["text=article_body", "published = pub_date"]}):
        ours, theirs = both(**given)
        assert isinstance(ours, QuickSettings), given
        assert (ours.max_bytes, ours.min_words, ours.fields) == (theirs.max_bytes, theirs.min_words, theirs.fields)
    assert (both()[0].max_bytes, both()[0].min_words) == (Settings().max_bytes, Settings().min_words)
    for given in ({"max_bytes": "16 MB"}, {"max_bytes": "0"}, {"min_words": "+3"}, {"field": ["body=x"]}):
        request = Request(files=[Path("x")], **given)  # a unit, a refused value: the typer command says what it says
        assert settings_for(request, environ={}, cwd=ROOT / "tests") is None, given


def test_the_collector_is_off_for_the_start_up_only(inputs: Path) -> None:
    """flows.clean_command.main: no garbage collection until the first document is done; then on again, with
    the start-up's objects frozen; and on as usual when the typer command is left to run."""
    # each document's state of the collector, seen by clean_raw (flows.output.clean_files imports it at each call)
    probe = ("import gc, sys, json\nfrom flows.clean_command import main\nseen = []\n"
             "import cleaners.document as d\nreal = d.clean_raw\n"
             "d.clean_raw = lambda *a: seen.append([gc.isenabled(), gc.get_freeze_count() > 0]) or real(*a)\n"
             "code = main(sys.argv[1:])\n"
             "print(json.dumps([code, seen, gc.isenabled()]), file=sys.stderr)")
    out = newsclean(probe, ["items.jsonl", "--field", "text=body", "--field", "title=headline", "--json"], inputs)
    code, seen, enabled = json.loads(out.stderr.decode().splitlines()[-1])
    assert code == 0 and seen == [[False, False], [True, True]] and enabled  # two records: off, then on
    out = newsclean(probe, ["page.html", "--help"], inputs)
    assert json.loads(out.stderr.decode().splitlines()[-1]) == [None, [], True]
