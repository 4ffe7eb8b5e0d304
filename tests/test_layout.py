"""The structure the README's Layout section promises, checked on the code's own imports (function-level too)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .helpers import ROOT

CLEANERS = ROOT / "cleaners"
PER_DOCUMENT = ("cleaners.article", "cleaners.document", "cleaners.encoding", "cleaners.language", "cleaners.extract",
                "cleaners.metadata",
                "cleaners.boilerplate", "cleaners.dedup", "cleaners.io", "cleaners.settings")
STORAGE = {"cleaners.corpus.store", "cleaners.corpus.schema", "cleaners.corpus.lsh"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (absolute names; relative ones resolved)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in CLEANERS.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in files and m != name} for name, path in files.items()}


def test_cleaners_never_import_prefect() -> None:
    offenders = {m for m, p in ((_module(p), p) for p in CLEANERS.rglob("*.py"))
                 if any(i == "prefect" or i.startswith("prefect.") for i in _imports(p))}
    assert not offenders


def test_only_the_storage_layer_uses_sqlite() -> None:
    users = {_module(p) for p in CLEANERS.rglob("*.py") if "sqlite3" in _imports(p)}
    assert users <= STORAGE, users - STORAGE
    with_sql = {_module(p) for p in CLEANERS.rglob("*.py")
                if re.search(r"\.execute(many|script)?\(\s*f?[\"']", p.read_text())}
    assert with_sql <= STORAGE, with_sql - STORAGE


def test_per_document_packages_do_not_import_the_corpus_or_the_views() -> None:
    graph = _graph()
    for module, deps in graph.items():
        if module.startswith(PER_DOCUMENT):
            assert not {d for d in deps if d.startswith(("cleaners.corpus", "cleaners.views"))}, module


def test_views_read_the_store_but_not_the_corpus_steps() -> None:
    allowed = {"cleaners.corpus", "cleaners.corpus.store", "cleaners.corpus.records"}
    for module, deps in _graph().items():
        if module.startswith("cleaners.views"):
            assert {d for d in deps if d.startswith("cleaners.corpus")} <= allowed, module


def test_no_import_cycle_among_cleaners_modules() -> None:
    graph = _graph()
    seen: dict[str, int] = {}  # 1: on the stack, 2: done

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for dep in sorted(graph[node]):
            if dep.startswith(node + "."):
                continue  # a package's __init__ re-exporting its own modules is not a cycle
            assert seen.get(dep) != 1, " → ".join(stack[stack.index(dep):] + [dep]) if dep in stack else dep
            if dep not in seen:
                visit(dep, stack + [dep])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [node])


def test_no_module_of_cleaners_or_flows_is_over_500_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in [*CLEANERS.rglob("*.py"), *(ROOT / "flows").rglob("*.py")]
            if (n := len(p.read_text().splitlines())) > 500}
    assert not long


def test_no_private_name_of_python_or_prefect_is_used() -> None:
    pattern = re.compile(r"_forkserver\b|atexit\._run_exitfuncs|PREFECT__SERVER|from prefect[\w.]* import [^#\n]*\b_[a-z]"
                         r"|\bprefect(\.\w+)*\._[a-z]")
    hits = [f"{p.relative_to(ROOT)}:{n}" for p in [*CLEANERS.rglob("*.py"), *(ROOT / "flows").rglob("*.py")]
            for n, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert not hits
