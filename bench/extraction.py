"""Article-extraction benchmark: score an extractor on the public evaluation sets and the seeds.

    python -m bench.extraction [--only aeb,l3s,traf,seeds] [--extractor newsclean|trafilatura]
                               [--limit N] [--jobs N] [--json OUT] [--shared DIR] [--versus JSON]

The data (``<shared>/eval/extraction/`` and ``<shared>/seeds/``, described in
``<shared>/eval/README.md``) stays outside the repository. Figures per set: precision, recall, F1,
documents, and milliseconds per page spent in the extractor call alone (decoding included,
reading and scoring not); trafilatura-eval also per page language (of its gold snippets), and
``--versus`` puts another run's F1 (trafilatura alone) beside each row. Nothing is fetched:
connections are refused while it runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import socket
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import asdict, dataclass, field
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path
from typing import Any, NoReturn

import lxml.html
import trafilatura
from rich.console import Console
from rich.progress import track
from rich.table import Table

from bench.metrics import mean_prf, micro_prf, ngram_prf, snippet_counts

REPO = Path(__file__).resolve().parent.parent


def fail(message: str) -> NoReturn:
    """Print a message for the person running the benchmark and exit with status 2."""
    print(f"bench.extraction: {message}", file=sys.stderr)
    sys.exit(2)


@dataclass(frozen=True)
class Extracted:
    """What an extractor returns for one page: the fields a reader of the article gets."""

    title: str | None
    description: str | None  # the standfirst or the page's description, where the extractor gives one
    text: str  # the body


# (data, url) -> the extracted fields
Extractor = Callable[[bytes, str | None], Extracted]


# ---------------------------------------------------------------- decoding and extractors


def decode_html(data: bytes) -> str:
    """Page bytes to text with newsclean's own charset detection (:func:`cleaners.encoding.decode_bytes`:
    BOM, valid UTF-8 before a declared charset, then the declaration, Windows-1252, charset-normalizer),
    so the baseline and newsclean read the same characters."""
    from cleaners.encoding import NotText, decode_bytes

    try:
        return decode_bytes(data).text
    except NotText:
        return data.decode("cp1252", "replace")


def extract_trafilatura(data: bytes, url: str | None) -> Extracted:
    """Baseline "trafilatura alone"; these settings reproduce the README's measured AEB figure
    (F1 0.960, P 0.942, R 0.978) exactly. The body is ``trafilatura.extract``'s text; title and
    description are ``trafilatura.extract_metadata``'s (a second parse, inside the timing), for the
    article view of :func:`score_snippets` only."""
    html = decode_html(data)
    text = trafilatura.extract(
        html,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        favor_precision=False,
    )
    metadata = trafilatura.extract_metadata(html, default_url=url)
    if metadata is None:
        return Extracted(None, None, text or "")
    return Extracted(metadata.title, metadata.description, text or "")


@cache
def _clean_document() -> Callable[..., Any]:
    """``cleaners.clean_document``, imported on first use; exits 2 if the package cannot be imported."""
    try:
        from cleaners import clean_document
    except Exception as err:  # noqa: BLE001 -- the package is being written: any import-time error
        fail(
            f"cannot import cleaners.clean_document ({type(err).__name__}: {err}).\n"
            "The newsclean extractor needs it; use --extractor trafilatura until it imports."
        )
    return clean_document


def extract_newsclean(data: bytes, url: str | None, kind: str) -> Extracted:
    """The project's pipeline: ``clean_document`` on raw bytes (``kind`` "html" or "text")."""
    article = _clean_document()(data, kind=kind, url=url)
    return Extracted(article.title, article.description, article.text or "")


# extractor name -> document kind -> function; a set whose kind is missing is skipped
EXTRACTORS: dict[str, dict[str, Extractor]] = {
    "newsclean": {kind: partial(extract_newsclean, kind=kind) for kind in ("html", "text")},
    "trafilatura": {"html": extract_trafilatura},
}


def _refuse_connection(*_args: object, **_kwargs: object) -> Any:
    raise OSError("bench.extraction: network access is disabled while benchmarking")


_WARM_UP = {"html": b"<html><body><p>Warm-up page.</p></body></html>", "text": b"Warm-up page."}


def prepare_process(extractor: str) -> None:
    """Refuse any network access in this process, then pay the extractor's one-time costs (lazy
    imports and set-up: about 0.2 s for trafilatura) outside the timings. Exits if it cannot import."""
    socket.getaddrinfo = _refuse_connection
    socket.create_connection = _refuse_connection
    socket.socket.connect = _refuse_connection  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse_connection  # type: ignore[method-assign]
    for kind, extract in EXTRACTORS[extractor].items():
        with suppress(Exception):  # an extractor may well reject a page this small
            extract(_WARM_UP[kind], None)


# ---------------------------------------------------------------- data sets


@dataclass(frozen=True)
class Doc:
    key: str
    path: Path  # the input page or text, gzipped if it ends in .gz
    url: str | None
    gold: Any  # set-specific: body text, snippet lists, or the seed's gold record


@dataclass(frozen=True)
class Output:
    title: str | None
    text: str
    seconds: float  # extractor call only
    error: str | None = None  # a crash scores as empty output
    description: str | None = None

    def article(self) -> str:
        """Title, description and body, one per line: all the text a reader of the article gets."""
        return "\n".join(part for part in (self.title, self.description, self.text) if part)


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float
    notes: dict[str, Any] = field(default_factory=dict)


def read_input(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def load_aeb(folder: Path, limit: int | None) -> list[Doc]:
    """scrapinghub-aeb: ``html/<id>.html.gz`` scored against ``ground-truth.json`` articleBody."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Doc(key, folder / "html" / f"{key}.html.gz", item["url"], item["articleBody"])
        for key, item in sorted(truth.items())[:limit]
    ]


_L3S_LABEL = re.compile(r"\bx-nc-sel(\d)\b")


def _l3s_label(node: Any) -> str | None:
    """Label digit of the nearest x-nc-selN span enclosing ``node`` (or ``node`` itself)."""
    while node is not None:
        if match := _L3S_LABEL.search(node.get("class") or ""):
            return match.group(1)
        node = node.getparent()
    return None


def l3s_gold(annotated: bytes) -> str:
    """Full text (label 2) of an L3S-GN1 annotated page.

    Label spans nest in both directions (sel2 inside sel0 and sel0 inside sel2), so each text node
    takes the label of its nearest enclosing span. Nodes are joined with spaces: the annotated
    copies lost the whitespace between blocks ("Natalie White</span><span>recorded").
    """
    parts = []
    for node in lxml.html.fromstring(decode_html(annotated)).iter():
        if isinstance(node.tag, str) and node.tag not in ("script", "style") and node.text and _l3s_label(node) == "2":
            parts.append(node.text)
        if node.tail and _l3s_label(node.getparent()) == "2":
            parts.append(node.tail)
    return " ".join(parts)


def load_l3s(folder: Path, limit: int | None) -> list[Doc]:
    """l3s-gn1: ``original/<uuid>.html.gz`` against the sel2 text of ``annotated/<uuid>.html.gz``;
    urls from ``url-mapping.txt`` (``<urn:uuid:X>\\turl`` lines)."""
    urls = dict(
        line.removeprefix("<urn:uuid:").split(">\t", 1)
        for line in (folder / "url-mapping.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    docs = []
    for page in sorted((folder / "original").glob("*.html.gz"))[:limit]:
        key = page.name.removesuffix(".html.gz")
        gold = l3s_gold(read_input(folder / "annotated" / page.name))
        docs.append(Doc(key, page, urls.get(key), gold))
    return docs


def load_traf(folder: Path, limit: int | None) -> list[Doc]:
    """trafilatura-eval: ``evaldata.json`` names ``x.html`` for a page stored as ``cache/x.html.gz``
    or, failing that, ``eval/x.html.gz`` (the order trafilatura's own harness looks in)."""
    evaldata = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    docs = []
    for url, item in list(evaldata.items())[:limit]:
        candidates = [folder / sub / f"{item['file']}.gz" for sub in ("cache", "eval")]
        page = next((path for path in candidates if path.exists()), None)
        if page is None:
            fail(f"trafilatura-eval page {item['file']} not found under cache/ or eval/")
        docs.append(Doc(item["file"], page, url, {"with": item["with"], "without": item["without"]}))
    return docs


def load_seeds(folder: Path, limit: int | None) -> list[Doc]:
    """seeds: ``<name>.txt`` text dumps with ``<name>.gold.json`` (title, body, ...)."""
    return [
        Doc(
            gold.name.removesuffix(".gold.json"),
            gold.with_name(gold.name.removesuffix(".gold.json") + ".txt"),
            None,
            json.loads(gold.read_text(encoding="utf-8")),
        )
        for gold in sorted(folder.glob("*.gold.json"))[:limit]
    ]


Results = list[tuple[Doc, Output]]


def score_ngrams(results: Results, *, lower: bool = False) -> Scores:
    """Word 4-gram overlap of the body, averaged over documents (scrapinghub evaluate.py)."""
    return Scores(*mean_prf(ngram_prf(out.text, doc.gold, lower=lower) for doc, out in results))


def score_snippets(results: Results, *, article: bool = False) -> Scores:
    """Micro-averaged snippet matching (trafilatura's evaluation) on the body; with ``article``, on
    title, description and body together (:meth:`Output.article`). The gold snippets hold the
    headline and the standfirst as page text, where newsclean's contract moves them out of the body
    into ``title`` and ``description``: the article view scores every extractor on all it returns."""
    counts = [snippet_counts(out.article() if article else out.text, doc.gold["with"], doc.gold["without"])
              for doc, out in results]
    return Scores(*micro_prf(*(sum(column) for column in zip(*counts, strict=True))))


# A language with fewer pages than this in a set is pooled as "other" in the per-language rows
# (a micro-F1 over one or two pages says nothing; set by hand).
MIN_LANGUAGE_PAGES = 3


def page_language(doc: Doc) -> str:
    """The language of a trafilatura-eval page, read from its gold ``with`` snippets (so every
    extractor is grouped alike, whatever it outputs): py3langid's ISO 639 code, or "und"."""
    import py3langid

    text = " ".join(doc.gold["with"])
    return py3langid.classify(text)[0] if text.strip() else "und"


def score_by_language(results: Results, score: Callable[[Results], Scores]) -> dict[str, dict[str, Any]]:
    """The set's score per page language (:func:`page_language`), biggest first; languages with
    fewer than :data:`MIN_LANGUAGE_PAGES` pages pooled as "other"."""
    groups: dict[str, Results] = {}
    for doc, out in results:
        groups.setdefault(page_language(doc), []).append((doc, out))
    pooled: dict[str, Results] = {}
    for lang, members in sorted(groups.items(), key=lambda item: -len(item[1])):
        pooled.setdefault(lang if len(members) >= MIN_LANGUAGE_PAGES else "other", []).extend(members)
    return {lang: {"docs": len(members), **asdict(score(members))} for lang, members in pooled.items()}


def score_seeds(results: Results) -> Scores:
    """Body word 4-gram overlap, plus how many titles match the gold exactly (ends trimmed)."""
    body = mean_prf(ngram_prf(out.text, doc.gold["body"]) for doc, out in results)
    titles = sum((out.title or "").strip() == doc.gold["title"].strip() for doc, out in results)
    return Scores(*body, notes={"title_exact": f"{titles}/{len(results)}"})


@dataclass(frozen=True)
class DataSet:
    name: str
    folder: str  # relative to the shared folder
    kind: str  # "html" or "text": what the extractor is given
    load: Callable[[Path, int | None], list[Doc]]
    score: Callable[[Results], Scores]
    by_language: bool = False  # also score each page language (:func:`score_by_language`)
    # a second view of the same outputs, reported as the set "<name> article" (per language too)
    article_score: Callable[[Results], Scores] | None = None


SETS: dict[str, DataSet] = {
    "aeb": DataSet("scrapinghub-aeb", "eval/extraction/scrapinghub-aeb", "html", load_aeb, score_ngrams),
    # annotated copies turned non-ASCII punctuation into "?": compare lowercased \w+ tokens
    "l3s": DataSet("l3s-gn1", "eval/extraction/l3s-gn1", "html", load_l3s, partial(score_ngrams, lower=True)),
    "traf": DataSet("trafilatura-eval", "eval/extraction/trafilatura-eval", "html", load_traf, score_snippets,
                    by_language=True, article_score=partial(score_snippets, article=True)),
    "seeds": DataSet("seeds", "seeds", "text", load_seeds, score_seeds),
}


# ---------------------------------------------------------------- running


def run_one(extractor: str, kind: str, doc: Doc) -> Output:
    """Read one input and time the extractor call on it (runs in a worker when --jobs > 1)."""
    extract = EXTRACTORS[extractor][kind]
    data = read_input(doc.path)
    start = time.perf_counter()
    try:
        got = extract(data, doc.url)
    except Exception as err:  # noqa: BLE001 -- a crash is a result (scored as empty output), not a stop
        return Output(None, "", time.perf_counter() - start, f"{doc.key}: {type(err).__name__}: {err}")
    return Output(got.title, got.text, time.perf_counter() - start, description=got.description)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SETS), help=f"comma-separated sets among {','.join(SETS)}")
    parser.add_argument("--extractor", choices=list(EXTRACTORS), default="newsclean")
    parser.add_argument("--limit", type=int, help="first N documents of each set")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1: clean timings)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="shared data folder")
    parser.add_argument("--versus", type=Path, metavar="JSON",
                        help="another run's --json (e.g. --extractor trafilatura): its F1 printed beside, per language too")
    args = parser.parse_args(argv)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    if unknown := [name for name in args.only if name not in SETS]:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose among {', '.join(SETS)}")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


Mapper = Callable[[Callable[[Doc], Output], list[Doc]], Iterable[Output]]


def run_set(dataset: DataSet, args: argparse.Namespace, mapper: Mapper, console: Console) -> dict[str, dict[str, Any]]:
    """Extract and score one data set; its figures for the table and the JSON, by set name (the
    set's, and "<name> article" for a set with a second view)."""
    docs = dataset.load(args.shared / dataset.folder, args.limit)
    outputs = mapper(partial(run_one, args.extractor, dataset.kind), docs)
    progress = track(outputs, dataset.name, len(docs), console=console, transient=True, disable=not console.is_terminal)
    results = list(zip(docs, progress, strict=True))
    errors = [out.error for _, out in results if out.error]
    if errors:
        console.print(f"[red]{dataset.name}: {len(errors)} extractor error(s), first: {errors[0]}")
    figures = {
        "docs": len(docs),
        **asdict(dataset.score(results)),
        "ms_per_page": 1000 * sum(out.seconds for _, out in results) / max(1, len(docs)),
        "errors": len(errors),
        "error_messages": errors,  # each "key: Exception: message" (a rejection's reason is one)
    }
    if dataset.by_language:
        figures["languages"] = score_by_language(results, dataset.score)
    named = {dataset.name: figures}
    if dataset.article_score is not None:
        view = {**figures, **asdict(dataset.article_score(results))}
        if dataset.by_language:
            view["languages"] = score_by_language(results, dataset.article_score)
        named[f"{dataset.name} article"] = view
    return named


def print_table(figures: dict[str, dict[str, Any]], title: str, console: Console,
                versus: dict[str, Any] | None = None) -> None:
    """The figures as a table; with ``versus`` (another run's JSON, e.g. trafilatura alone) its F1
    for the same set and language beside ours."""
    table = Table(title=title)
    other = f"F1 {versus['extractor']}" if versus else None
    for column in ("set", "P", "R", "F1", *([other] if other else []), "docs", "ms/page", "errors", "notes"):
        table.add_column(column, justify="left" if column in ("set", "notes") else "right")

    def beside(name: str, lang: str | None = None) -> list[str]:
        if not versus:
            return []
        row = versus["sets"].get(name, {})
        row = row.get("languages", {}).get(lang, {}) if lang else row
        return [f"{row['f1']:.3f}" if "f1" in row else "–"]

    for name, row in figures.items():
        scores = (f"{row[key]:.3f}" for key in ("precision", "recall", "f1"))
        notes = ", ".join(f"{key} {value}" for key, value in row["notes"].items())
        table.add_row(name, *scores, *beside(name), str(row["docs"]), f"{row['ms_per_page']:.0f}", str(row["errors"]),
                      notes)
        for lang, sub in row.get("languages", {}).items():
            table.add_row(f"  {lang}", *(f"{sub[key]:.3f}" for key in ("precision", "recall", "f1")),
                          *beside(name, lang), str(sub["docs"]), "", "", "")
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 120)  # a pipe would get 80 columns
    if not args.shared.is_dir():
        fail(f"shared data folder {args.shared} not found (pass --shared DIR)")
    sets = []
    for dataset in (SETS[name] for name in args.only):
        if dataset.kind in EXTRACTORS[args.extractor]:
            sets.append(dataset)
        else:
            console.print(
                f"[yellow]skipping {dataset.name}: the {args.extractor} extractor takes no {dataset.kind} input"
            )
    if missing := [str(args.shared / s.folder) for s in sets if not (args.shared / s.folder).is_dir()]:
        fail(f"data folder(s) not found: {', '.join(missing)}")
    prepare_process(args.extractor)  # in this process too: checks the import before any work

    started = time.perf_counter()
    with ExitStack() as stack:
        mapper: Mapper = map
        if args.jobs > 1:
            pool = ProcessPoolExecutor(args.jobs, initializer=prepare_process, initargs=(args.extractor,))
            mapper = stack.enter_context(pool).map
        figures = {name: row for dataset in sets for name, row in run_set(dataset, args, mapper, console).items()}
    total = time.perf_counter() - started
    versus = json.loads(args.versus.read_text(encoding="utf-8")) if args.versus else None
    print_table(figures, f"extraction: {args.extractor} ({total:.1f} s total, {args.jobs} job(s))", console, versus)

    if args.json:
        versions = {"python": platform.python_version(), "trafilatura": version("trafilatura")}
        run = {"extractor": args.extractor, "jobs": args.jobs, "limit": args.limit, "total_seconds": total}
        args.json.write_text(json.dumps({**run, "versions": versions, "sets": figures}, indent=2) + "\n")


if __name__ == "__main__":
    main()
