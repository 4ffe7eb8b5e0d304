"""``newsclean clean`` without typer, rich's start-up or pydantic, when nothing in the call needs them.

The console script (:func:`flows.startup.main`) hands ``newsclean clean ARGS`` to :func:`main`
first.  When the arguments are ones it reads here — files (``-``: standard input), ``--json``,
``--explain``/``--no-explain``, ``--kind``, ``--state``, ``--min-words``, ``--max-bytes`` as a
number of bytes, ``--field`` — and no setting comes from a ``NEWSCLEAN_*`` variable or a
``newsclean.toml``, it cleans and prints the files with the typer command's own loop
(:func:`flows.output.clean_files`) and returns the exit code.  Anything else returns ``None``
*before* anything is read or printed, and the full command (:mod:`flows.cli`) runs instead: its
help, its checks and its error messages are the only ones, so this path never says anything the
command would not.  ``tests/flows/test_clean_command.py`` runs both on the same calls and compares
their output byte for byte.

Why: ``newsclean clean PAGE`` is issue 16's "≤ 0.5 s" start-up target; typer with rich (the
command line and its help) and pydantic (the ``Settings`` model behind the options' ranges and
help) cost about 0.3 s of CPU before the first byte of the page is read (``python -X importtime``;
README "Start-up").  Only the standard library is imported here; the cleaners when a file is read.
"""

from __future__ import annotations

import codecs
import errno
import gc
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# The options of `newsclean clean` read here (flows.cli.clean); every other one (--config, the deprecated
# --max-mb, --help) is left to the full command.
VALUE_OPTIONS = frozenset({"--kind", "--state", "--min-words", "--max-bytes", "--field"})
FLAGS = {"--json": ("as_json", True), "--explain": ("explain", True), "--no-explain": ("explain", False)}
#: Variables the settings ignore (cleaners.settings: the tests' data folder); any other NEWSCLEAN_* one is a
#: setting, the config file's path or a warning, all the full command's work.
IGNORED_ENV = frozenset({"NEWSCLEAN_SHARED"})
# Whole numbers as every reader of these settings takes them (click's int, pydantic's int and ByteSize).
_WHOLE = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class QuickSettings:
    """The three settings ``newsclean clean`` uses, when none comes from the environment or a file.

    The defaults are :class:`cleaners.settings.Settings`' own, from the same constants
    (:data:`cleaners.io.readers.DEFAULT_MAX_BYTES`, :data:`cleaners.article.MIN_WORDS`; no field map).
    """

    max_bytes: int
    min_words: int
    fields: tuple[tuple[str, str], ...] = ()


@dataclass
class Request:
    """A ``newsclean clean`` call as :func:`parse` read it (the typer command's parameters, same names)."""

    files: list[Path] = field(default_factory=list)
    as_json: bool = False
    explain: bool = False
    kind: str | None = None
    state: Path | None = None
    min_words: str | None = None
    max_bytes: str | None = None
    field: list[str] = field(default_factory=list)


def parse(args: list[str]) -> Request | None:
    """The call, or ``None`` when the full command must read it (help, an option not read here, a value it
    would refuse, no file).  Options and files mix in any order, ``--name value`` or ``--name=value``; a
    repeated option keeps its last value (``--field`` every one), as click reads them.

    >>> r = parse(["page.html", "--json", "--min-words=3", "--field", "text=body", "-"])
    >>> [str(f) for f in r.files], r.as_json, r.min_words, r.field
    (['page.html', '-'], True, '3', ['text=body'])
    >>> parse(["page.html", "--help"]), parse(["--json"]), parse(["page.html", "--kind", "--json"])
    (None, None, None)
    """
    request = Request()
    values = iter(args)
    for arg in values:
        if arg == "-" or not arg.startswith("-"):
            request.files.append(Path(arg))
            continue
        name, has_value, value = arg.partition("=")
        if name in FLAGS and not has_value:
            attribute, on = FLAGS[name]
            setattr(request, attribute, on)
            continue
        if name not in VALUE_OPTIONS:
            return None  # --help, --config, --max-mb, "--", a typo: the full command answers
        if not has_value:
            value = next(values, None)
            if value is None or value.startswith("-"):
                return None  # no value (click would take "-x" as one; let it)
        attribute = name[2:].replace("-", "_")
        if attribute == "field":
            request.field.append(value)
        else:
            setattr(request, attribute, value)
    return request if request.files else None


def settings_for(request: Request, environ: Mapping[str, str] | None = None,
                 cwd: Path | None = None) -> QuickSettings | None:
    """The settings of ``request``, or ``None`` when the full command must resolve them (a ``NEWSCLEAN_*``
    variable, a ``./newsclean.toml``, a size written with a unit, a value it would refuse)."""
    from cleaners.article import MIN_WORDS
    from cleaners.io.formats import parse_fields
    from cleaners.io.readers import DEFAULT_MAX_BYTES

    env = os.environ if environ is None else environ
    if any(name.startswith("NEWSCLEAN_") and name not in IGNORED_ENV for name in env):
        return None
    if ((cwd or Path(".")) / "newsclean.toml").is_file():  # cleaners.settings.CONFIG_FILE, read if present
        return None
    min_words, max_bytes = MIN_WORDS, DEFAULT_MAX_BYTES
    if request.min_words is not None:
        if not _WHOLE.fullmatch(request.min_words):
            return None
        min_words = int(request.min_words)  # ge=0: any whole number
    if request.max_bytes is not None:
        if not _WHOLE.fullmatch(request.max_bytes) or int(request.max_bytes) < 1:  # ge=1
            return None
        max_bytes = int(request.max_bytes)
    try:
        fields = parse_fields(request.field) if request.field else ()
    except ValueError:
        return None
    return QuickSettings(max_bytes=max_bytes, min_words=min_words, fields=fields)


def quiet_start() -> None:
    """No garbage collection while the command starts (:func:`main` calls this first; the first document's
    work is the end of the start-up: :func:`garbage_collection_back`).

    Importing the cleaners, trafilatura, numpy and rich makes some 80,000 objects that live as long as
    the process; the collector, run every 700 allocations by default, went over them about 130 times
    before the first page was printed: 0.06-0.09 s of CPU, about a tenth of the command's, that freed
    next to nothing (``gc.callbacks`` timing each collection, ``newsclean clean PAGE`` on
    ``bench.startup``'s page; same peak memory without them).
    """
    gc.disable()


def garbage_collection_back() -> None:
    """After the first document: what the start-up made is moved out of the collector's sight for good
    (``gc.freeze``: later collections do not go over it again) and collection is on again as usual."""
    gc.freeze()
    gc.enable()


def main(args: list[str]) -> int | None:
    """Run ``newsclean clean ARGS`` and return its exit code, or ``None`` (nothing read, nothing printed)
    when the full command must run it.  A closed output pipe ends it with code 1 and Ctrl-C with 130,
    silently, as the typer command does."""
    quiet_start()
    code = run(args)
    if code is None:
        gc.enable()  # the typer command runs as it always has
    return code


def run(args: list[str]) -> int | None:
    """:func:`main`'s work, with the collector off."""
    from flows.output import KINDS, clean_files, work_items

    if "_NEWSCLEAN_COMPLETE" in os.environ:  # a shell asking for completions: click's business
        return None
    if any(_bad_streams()):
        return None
    request = parse(args)
    if request is None:
        return None
    if request.kind is not None and request.kind.lower() not in KINDS:
        return None
    if request.state is not None:
        state = request.state
        if not (os.path.isdir(state) and os.access(state, os.R_OK)):  # the option's exists=True, file_okay=False
            return None
        request.state = Path(state)
    settings = settings_for(request)
    if settings is None:
        return None
    try:
        items = work_items(request.files, request.kind and KINDS[request.kind.lower()], sys.stdin.buffer)
    except OSError:
        return None  # a missing file or a folder: the command's own message
    try:
        return clean_files(items, settings, as_json=request.as_json, explain=request.explain, state=request.state,
                           after_first=garbage_collection_back)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        # The reader went away (`newsclean clean big.jsonl | head`): exit 1 without a traceback, and
        # without another error when Python flushes standard output at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _bad_streams() -> list[bool]:
    """Output streams that click would wrap before writing (an ASCII encoding, or none): left to it."""
    out = []
    for stream in (sys.stdout, sys.stderr):
        try:
            out.append(codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii")
        except LookupError:
            out.append(True)
    return out
