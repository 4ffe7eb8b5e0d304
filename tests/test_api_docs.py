"""Every public function in `cleaners` has a docstring with an example that runs (pytest --doctest-modules runs them)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import cleaners


def _public_functions() -> list[tuple[str, object]]:
    """Module-level public functions of every cleaners module, and the methods of the classes `cleaners` exports."""
    found = []
    for info in pkgutil.walk_packages(cleaners.__path__, "cleaners."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if not name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module.__name__:
                found.append((f"{module.__name__}.{name}", obj))
    for name in cleaners.__all__:
        obj = getattr(cleaners, name)
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and inspect.isfunction(getattr(member, "__func__", member)):
                    found.append((f"cleaners.{name}.{attr}", getattr(member, "__func__", member)))
    return found


def test_every_public_function_has_a_docstring_with_an_example() -> None:
    functions = _public_functions()
    assert len(functions) > 60  # the walk found the package
    missing = [name for name, fn in functions if ">>>" not in (inspect.getdoc(fn) or "")]
    assert not missing, f"public functions without a runnable example: {missing}"


def test_the_package_exports_resolve_and_are_documented() -> None:
    for name in cleaners.__all__:
        assert inspect.getdoc(getattr(cleaners, name)), name


def test_the_readme_lists_every_reason_code() -> None:
    """The manifest's reason codes are documented where users look for them."""
    from cleaners.article import REASON_CODES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert [code for code in REASON_CODES if f"| `{code}` |" not in readme] == []
