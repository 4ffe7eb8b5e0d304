"""What importing newsclean loads: the heavy libraries only where the work needs them (issue 16, "Start-up").

Each check runs in a fresh interpreter and reads ``sys.modules`` (no timing: speed is measured
by ``python -m bench.startup``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from unittest.mock import patch

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


def test_the_corpus_layer_and_its_signatures_leave_datasketch_out() -> None:
    # what `newsclean run`'s own process imports before any document (its start-up, issue 16)
    loaded = loaded_after("import cleaners.corpus.run, cleaners.corpus.lsh, cleaners.dedup.index")
    assert not loaded["datasketch"] and not loaded["scipy"]
    # what a pool worker does for every document: a signature needs numpy only
    loaded = loaded_after("import cleaners.corpus.run\nfrom cleaners.dedup.minhash import text_signature\n"
                          "text_signature('the ferry port closed on friday as the storm hit'.split(), 5)")
    assert not loaded["datasketch"] and not loaded["scipy"]
    # the LSH index (the flow's deduplicate step) is datasketch's
    loaded = loaded_after("from cleaners.dedup.minhash import lean_minhash, text_signature\n"
                          "lean_minhash(text_signature('the ferry port closed on friday as the storm hit'.split(), 5))")
    assert loaded["datasketch"]


def test_deduplicating_an_empty_corpus_leaves_datasketch_out() -> None:
    # `newsclean run` over an empty folder: the deduplicate step opens the index and finds nothing to do
    code = ("import tempfile, pathlib\n"
            "from cleaners.corpus.store import Store\nfrom cleaners.corpus.duplicates import deduplicate\n"
            "from cleaners.settings import Settings\n"
            "with Store(pathlib.Path(tempfile.mkdtemp()) / 'clean') as store:\n"
            "    stats = deduplicate(store, Settings())\n"
            "    assert (stats.new_docs, stats.new_pairs, dict(stats.clusters)) == (0, 0, {}), stats\n"
            "    assert store.meta('lsh_index'), 'the index was opened (and keyed) all the same'\n")
    loaded = loaded_after(code)
    assert not loaded["datasketch"] and not loaded["scipy"]


def test_near_duplicate_search_loads_its_library() -> None:
    loaded = loaded_after("from cleaners import clean_document, find_duplicates\n"
                          "a = clean_document(b'Ferry port closed\\n\\n' + b'The ferry port closed on Friday as the '"
                          " b'storm brought winds of 90mph to the coast, the harbour master said. ' * 3)\n"
                          "assert len(find_duplicates([a, a])) == 1")
    assert loaded["datasketch"]


def test_language_model_cache_holds_the_models_own_arrays(tmp_path, monkeypatch) -> None:
    """The decompressed model (cleaners.language.model_cache) is py3langid's model, array for array,
    and the identifier built on it answers as the library's own loader does."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import load_model

    from cleaners.language import MODEL_PARTS, cached_model, identifier, model_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert not model_cache().exists()
    written = cached_model()  # first use: decompressed and written
    assert model_cache().is_relative_to(tmp_path) and (model_cache() / "done").is_file()
    again = cached_model()  # then read back
    for name, value in zip(MODEL_PARTS, load_model(MODEL_DIR / MODEL_FILE)):
        assert np.array_equal(np.asarray(value), written[name]) and np.array_equal(written[name], again[name]), name
    own = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    texts = ["Der Stadtrat hat die Brücke am Montag gesperrt.", "The council closed the bridge on Monday.",
             "Le conseil a fermé le pont lundi.", "市议会周一关闭了这座桥。", "Rada miasta zamknęła most w poniedziałek."]
    assert [identifier().classify(t) for t in texts] == [own.classify(t) for t in texts]


def test_language_model_without_a_writable_cache_still_loads(tmp_path, monkeypatch) -> None:
    from cleaners.language import cached_model

    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder should be
    assert cached_model() is None  # and identifier() falls back to py3langid's own loader


def test_the_console_script_starts_the_api_server_first_only_for_run_on_a_warm_home(monkeypatch) -> None:
    """flows.startup.main starts the server before flows.cli is imported for `run` (warm home, no server
    configured, not --help), and flows.cli's run then gets that same server back."""
    from flows import cli, startup

    started: list[str] = []
    fake = ("http://127.0.0.1:1/api", object())
    monkeypatch.setattr(startup, "STARTED", [])
    monkeypatch.setattr(startup, "start_api_server", lambda: started.append("server") or fake)
    monkeypatch.setattr(startup, "configured_api_url", lambda: None)
    monkeypatch.setattr(cli, "main", lambda: started.append("cli"))
    for name in ("PREFECT_API_URL", "PREFECT_UI_URL"):
        monkeypatch.delenv(name, raising=False)
    with patch.dict(os.environ):  # start_local_api sets PREFECT_* variables: all put back after
        check_main(monkeypatch, startup, started, fake)
    startup.STARTED[:] = [fake]
    assert startup.start_local_api() is fake  # what `run` gets: the server main started, not a second one


def check_main(monkeypatch, startup, started: list[str], fake: tuple) -> None:
    for argv, warm, expected in ((["run", "raw", "clean"], True, ["server", "cli"]),
                                 (["run", "--help"], True, ["cli"]),
                                 (["clean", "page.html"], True, ["cli"]),
                                 (["run", "raw", "clean"], False, ["cli"])):  # a cold home: the command migrates it
        started.clear()
        startup.STARTED.clear()
        monkeypatch.setattr(startup, "db_is_ready", lambda environ=None, warm=warm: warm)
        monkeypatch.setattr("sys.argv", ["newsclean", *argv])
        startup.main()
        assert started == expected, (argv, warm)


def test_wait_until_idle_waits_for_the_work_to_end_and_gives_up_at_its_limit() -> None:
    """flows.startup.stop_server lets the API server finish what the run sent it before stopping it."""
    import psutil

    from flows.startup import wait_until_idle

    # busy for 0.6 s of CPU, then idle: waited for until the busy part is over
    script = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6: pass\ntime.sleep(60)"
    busy_then_idle = subprocess.Popen([sys.executable, "-c", script])
    busy_forever = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        assert wait_until_idle(busy_then_idle.pid, quiet=0.5, limit=60)
        assert sum(psutil.Process(busy_then_idle.pid).cpu_times()[:2]) >= 0.6
        assert not wait_until_idle(busy_forever.pid, quiet=0.5, limit=1.5)
    finally:
        for proc in (busy_then_idle, busy_forever):
            proc.kill()
            proc.wait()
    assert wait_until_idle(busy_forever.pid)  # gone: nothing to wait for


def test_preload_imports_what_the_flow_call_would() -> None:
    """`newsclean run` imports flows.startup.FLOW_MODULES while the API server starts; each must exist in
    the installed versions (a renamed module would be skipped silently, and its import cost come back)."""
    from flows.startup import FLOW_MODULES

    loaded = loaded_after("import flows.startup\nflows.startup.preload()")
    probe = f"import sys, json, flows.startup\nflows.startup.preload()\nprint(json.dumps([m in sys.modules for m in {list(FLOW_MODULES)!r}]))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert all(json.loads(out.stdout.splitlines()[-1])), FLOW_MODULES
    assert loaded["prefect"] and not loaded["datasketch"]


def test_stop_server_waits_for_idle_only_for_a_server_that_answered(monkeypatch) -> None:
    """A command stopped on a bad argument stops the server it started at once (that server ran nothing):
    the idle wait is for a server that answered /health, i.e. one a flow may have sent events to."""
    from flows import startup

    waited: list[int] = []
    monkeypatch.setattr(startup, "wait_until_idle", lambda pid: waited.append(pid) or True)
    monkeypatch.setattr(startup, "ANSWERED", set())
    monkeypatch.setattr(startup, "db_is_ready", lambda environ=None: False)  # a cold home: graceful stop
    for answered in (False, True):
        proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        if answered:
            startup.ANSWERED.add(proc.pid)
        startup.stop_server(proc)
        assert proc.returncode is not None and waited == ([proc.pid] if answered else [])


def test_a_server_still_starting_on_a_warm_home_is_killed_not_waited_for(monkeypatch) -> None:
    """`newsclean run --bad-flag`: the server main started is still importing; uvicorn would finish its
    start before heeding SIGTERM, so it is killed (it ran nothing; a warm home is not migrated)."""
    from flows import startup

    monkeypatch.setattr(startup, "ANSWERED", set())
    monkeypatch.setattr(startup, "db_is_ready", lambda environ=None: True)
    script = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('up', flush=True)\ntime.sleep(60)"
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    proc.stdout.readline()  # SIGTERM is ignored from here on, as uvicorn's handler would defer it
    startup.stop_server(proc)
    assert proc.returncode == -9


def test_ascii_text_is_cleaned_without_ftfy_or_the_regex_module() -> None:
    """ftfy (encoding repair) and the regex module (grapheme clusters) load with the first text that needs
    them: a line beyond plain ASCII, a text without ASCII letters (`newsclean clean`'s start-up, issue 16)."""
    story = ("b'Ferry port closed\\n\\n' + b'The ferry port closed on Friday as the storm brought winds of "
             "90mph to the coast, the harbour master said. ' * 3")
    probe = ("import sys, json\nfrom cleaners import clean_document\n"
             f"clean_document({story})\nfirst = ['ftfy' in sys.modules, 'regex' in sys.modules]\n"
             "clean_document('Caf\\u00c3\\u00a9 reopens\\n\\n' + 'The caf\\u00c3\\u00a9 on the quay reopened on "
             "Friday after the storm, its owner said. ' * 3)\n"
             "clean_document('\\u6e2f\\u53e3\\u5173\\u95ed\\n\\n' + '\\u6e2f\\u53e3\\u5468\\u4e94\\u56e0\\u98ce\\u66b4"
             "\\u5173\\u95ed\\u3002' * 20)\n"
             "print(json.dumps([first, ['ftfy' in sys.modules, 'regex' in sys.modules]]))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    first, after = json.loads(out.stdout.splitlines()[-1])
    assert first == [False, False] and after == [True, True]
