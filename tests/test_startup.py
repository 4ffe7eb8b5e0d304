"""What importing newsclean loads: the heavy libraries only where the work needs them (issue 16, "Start-up").

Each check runs in a fresh interpreter and reads ``sys.modules`` (no timing: speed is measured
by ``python -m bench.startup``).
"""

from __future__ import annotations

import json
import subprocess
import sys

from .helpers import ROOT

# Near-duplicate work only (cleaners.dedup's MinHash), the flow only, language guessing only (first call).
NEVER_ON_IMPORT = ("datasketch", "scipy", "prefect", "py3langid")


def loaded_after(code: str) -> dict[str, bool]:
    """Which of ``NEVER_ON_IMPORT`` and a few more are in ``sys.modules`` after running ``code``."""
    probe = (f"import sys, json\n{code}\n"
             f"print(json.dumps({{m: m in sys.modules for m in sys.argv[1:]}}))")
    names = [*NEVER_ON_IMPORT, "pydantic", "pydantic_settings", "trafilatura"]
    out = subprocess.run([sys.executable, "-c", probe, *names], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def test_import_cleaners_loads_no_heavy_library() -> None:
    loaded = loaded_after("import cleaners")
    assert not any(loaded.values()), {m for m, v in loaded.items() if v}


def test_clean_document_import_leaves_out_dedup_prefect_and_settings() -> None:
    loaded = loaded_after("from cleaners import clean_document")
    assert not any(loaded[m] for m in NEVER_ON_IMPORT), {m for m in NEVER_ON_IMPORT if loaded[m]}
    # pydantic(-settings) only when settings are read; trafilatura only for an HTML page
    assert not loaded["pydantic"] and not loaded["pydantic_settings"] and not loaded["trafilatura"]


def test_cleaning_text_needs_neither_dedup_nor_settings_library() -> None:
    loaded = loaded_after("from cleaners import clean_document\n"
                          "clean_document(b'Ferry port closed\\n\\n' + b'The ferry port closed on Friday as the storm '"
                          " b'brought winds of 90mph to the coast, the harbour master said. ' * 3)")
    assert not loaded["datasketch"] and not loaded["scipy"] and not loaded["prefect"]
    assert not loaded["pydantic_settings"] and not loaded["trafilatura"]
    assert loaded["py3langid"]  # the language was guessed: the check above is not vacuous


def test_near_duplicate_search_loads_its_library() -> None:
    loaded = loaded_after("from cleaners import clean_document, find_duplicates\n"
                          "a = clean_document(b'Ferry port closed\\n\\n' + b'The ferry port closed on Friday as the '"
                          " b'storm brought winds of 90mph to the coast, the harbour master said. ' * 3)\n"
                          "assert len(find_duplicates([a, a])) == 1")
    assert loaded["datasketch"]
