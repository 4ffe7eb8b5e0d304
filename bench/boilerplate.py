"""Boilerplate benchmark: a generated corpus of BBC stories under invented site templates.

    python -m bench.boilerplate [--n 2000] [--seed 0] [--source DIR] [--json OUT] [--show N]

Generates ``bench.corpus.generate(..., profile="templates")`` into a temporary folder (every
BBC story once, under ten invented sites' templates, as text dumps, JSON records and HTML
pages), runs the whole pipeline on it (``run_pipeline``, no Prefect) and scores every cleaned
document's body against the gold body (the BBC text) with word 4-gram precision/recall/F1
(``bench.metrics``), per input shape and overall, twice: with the rule table alone and with
the site templates learned from the corpus.  Also: exact titles, which template lines and
rules removed gold body text (``--show``), and the seconds the run took.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.corpus import DEFAULT_SOURCE, generate
from bench.metrics import mean_prf, ngram_prf, tokens


def _shape(gold: dict[str, Any]) -> str:
    if gold["format"] in ("json", "jsonl"):
        return "record:html" if gold.get("content") == "html" else "record:text"
    return gold["format"]


def score(corpus: Path, clean: Path) -> dict[str, Any]:
    """Per-shape and overall P/R/F1 of the final (templates) and rule-only (base) texts."""
    golds = {g["raw"]: g for g in map(json.loads, (corpus / "gold.jsonl").read_text().splitlines())}
    db = sqlite3.connect(clean / ".newsclean" / "state.db")
    final = {raw: json.loads(a) if a else None for raw, a in db.execute("SELECT raw, article FROM docs")}
    base = dict(db.execute("SELECT raw, base FROM doc_templates"))
    per: dict[str, dict[str, list]] = defaultdict(lambda: {"final": [], "base": []})
    titles = Counter()
    eaten: Counter[str] = Counter()
    for raw, gold in golds.items():
        article = final.get(raw)
        rule_only = json.loads(base[raw]) if raw in base else article
        for name, art in (("final", article), ("base", rule_only)):
            prf = ngram_prf(art["text"] if art else "", gold["body"])
            per[_shape(gold)][name].append(prf)
            per["all"][name].append(prf)
        titles[bool(article) and (article.get("title") or "").strip() == gold["title"].strip()] += 1
        gold_words = set(tokens(gold["body"]))
        for removed in (article or {}).get("removed", []):
            words = tokens(removed["text"])
            if len(words) >= 4 and removed["text"] in gold["body"] and set(words) <= gold_words:
                eaten[f"{removed['rule']}: {removed['text'][:90]}"] += 1
    figures = {
        shape: {name: dict(zip(("precision", "recall", "f1"), mean_prf(rows[name]), strict=True))
                | {"docs": len(rows[name])} for name in ("base", "final")}
        for shape, rows in sorted(per.items())
    }
    return {"sets": figures, "titles_exact": f"{titles[True]}/{len(golds)}",
            "body_lines_removed": dict(eaten.most_common())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.boilerplate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="documents to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of BBC-style .txt stories")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate and clean into DIR and keep it")
    parser.add_argument("--show", type=int, default=10, help="list this many removed lines found in gold bodies")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"bench.boilerplate: source folder {args.source} not found (pass --source DIR)", file=sys.stderr)
        sys.exit(2)

    from cleaners import run_pipeline

    console = Console(width=None if sys.stdout.isatty() else 120)
    with tempfile.TemporaryDirectory(prefix="newsclean-bench-boilerplate-") as tmp:
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            tmp = str(args.keep)
        corpus = Path(tmp) / "corpus"
        generate(corpus, args.n, args.seed, args.source, "templates", quiet=True)
        start = time.perf_counter()
        summary = run_pipeline(corpus / "raw", Path(tmp) / "clean")
        seconds = time.perf_counter() - start
        result = score(corpus, Path(tmp) / "clean")
    result.update(n=args.n, seed=args.seed, seconds=round(seconds, 1),
                  removed_by_rule=dict(summary.tally.removed.most_common()))

    table = Table(title=f"boilerplate: {args.n} documents, profile templates, seed {args.seed} "
                        f"({seconds:.1f} s for the pipeline)")
    for column in ("shape", "docs", "rules P", "rules R", "rules F1", "+templates P", "R", "F1"):
        table.add_column(column, justify="left" if column == "shape" else "right")
    for shape, row in result["sets"].items():
        b, f = row["base"], row["final"]
        table.add_row(shape, str(f["docs"]), *(f"{b[k]:.4f}" for k in ("precision", "recall", "f1")),
                      *(f"{f[k]:.4f}" for k in ("precision", "recall", "f1")))
    console.print(table)
    console.print(f"titles exact: {result['titles_exact']}")
    eaten = result["body_lines_removed"]
    console.print(f"removed lines found verbatim in a gold body: {sum(eaten.values())}")
    for line, count in list(eaten.items())[: args.show]:
        console.print(f"  {count} × {line}", soft_wrap=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
