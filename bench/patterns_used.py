"""How many of the rule tables' patterns one document uses: the reason they are compiled on first
use (:mod:`cleaners.patterns`).

    python -m bench.patterns_used FILE [FILE...]

In a fresh process, each FILE is cleaned by ``clean_document`` in turn; after each, it prints how
many of the :class:`~cleaners.patterns.LazyPattern` objects of the loaded ``cleaners`` modules (the
module-level ones and those in rule tables) have been compiled, and the CPU it takes to compile the
ones not yet used (``re.compile`` after ``re.purge``, best of three): what compiling every
pattern at import would have added.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path


def lazy_patterns(languages: set) -> list:
    """Every LazyPattern reachable from the loaded cleaners modules (module attributes, and the
    ``pattern``/``start`` fields of the rows of their tuples and lists) and from the rule tables of
    ``languages`` (``rules_for``, ``block_rules_for``)."""
    from cleaners.boilerplate.blocks import block_rules_for
    from cleaners.boilerplate.rules import rules_for
    from cleaners.patterns import LazyPattern

    found: dict[int, LazyPattern] = {}
    values = [v for name, module in list(sys.modules.items()) if name.startswith("cleaners") for v in vars(module).values()]
    values += [rules_for(lang) for lang in languages] + [block_rules_for(lang) for lang in languages]
    for value in values:
        rows = value if isinstance(value, (tuple, list)) else (value,)
        for row in rows:
            for item in (row, getattr(row, "pattern", None), getattr(row, "start", None)):
                if isinstance(item, LazyPattern):
                    found[id(item)] = item
    return list(found.values())


def compile_cpu(patterns: list) -> float:
    best = float("inf")
    for _ in range(3):
        re.purge()
        start = time.process_time()
        for p in patterns:
            re.compile(p.pattern, p.given_flags)
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    files = [Path(a) for a in (sys.argv[1:] if argv is None else argv)]
    if not files:
        print(__doc__)
        return 2
    from cleaners import clean_document

    languages: set = set()
    for path in files:
        article = clean_document(path.read_bytes(), kind="html" if path.suffix in (".html", ".htm") else None)
        languages.add(getattr(article, "language", None))
        patterns = lazy_patterns(languages)
        unused = [p for p in patterns if p.compiled is None]
        print(f"{path.name}: {len(patterns) - len(unused)} of {len(patterns)} lazy patterns compiled so far; "
              f"the {len(unused)} others take {compile_cpu(unused) * 1000:.1f} ms of CPU to compile "
              f"(all: {compile_cpu(patterns) * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
