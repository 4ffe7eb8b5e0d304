"""Reliability: a run killed at any moment, two runs at once, a full disk, a clean dir that cannot be
written, raw files that vanish or change while the run reads them.

What "visible" means (README, Reliability): a reader of the contract opens ``manifest.jsonl`` and
follows its ``canonical_id``s to ``articles/``.  After a kill at any point, every file at its final
name is complete, the manifest is whole, every article it names is there, and nothing but the
contract's files sits in the clean dir (temporaries live in ``.newsclean/``).  An article file the
manifest does not name can only be left by a kill inside the publishing step — after the
generation was committed — and the next run publishes the rest before doing anything else.

The kills are real SIGKILLs of a child process running the pipeline, at chosen points (the child
wraps a function to kill itself at its n-th call) and at random times.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cleaners import Settings, run_pipeline
from cleaners.corpus.lock import Busy, locked
from cleaners.corpus.store import STATE_DIR, Store
from cleaners.io.publish import COMMIT, STAGING

from ..helpers import read_manifest, tree_digest

BATCH = 4  # small batches: many commit points in a small corpus
WORDS = ("council harbour ferry budget school river bridge village police storm market hospital road "
         "railway museum library festival farmers fishermen residents officials minister court station "
         "repairs funding plans report inquiry weather flooding tourism housing energy water "
         "announced confirmed approved rejected delayed opened closed warned promised reviewed").split()


def _story(rng: random.Random, n_par: int = 3) -> tuple[str, list[str]]:
    title = " ".join(rng.choice(WORDS).capitalize() if i == 0 else rng.choice(WORDS) for i in range(6))
    pars = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 45))).capitalize() + "." for _ in range(n_par)]
    return title, pars


def _txt(title: str, pars: list[str]) -> str:
    return f"{title}\n\n" + "\n\n".join(pars) + "\n\nFollow us on social media\n"


def make_raw(root: Path, version: int = 1) -> Path:
    """A small corpus: text files, copies, a jsonl; version 2 adds, changes and improves on version 1."""
    rng = random.Random(6)
    raw = root / "raw"
    stories = [_story(rng) for _ in range(24)]
    for k, (title, pars) in enumerate(stories):
        path = raw / f"site{k % 3}" / f"story-{k:02d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_txt(title, pars))
    for k in (1, 2, 3):  # syndicated copies on another site
        title, pars = stories[k]
        (raw / "wire").mkdir(exist_ok=True)
        (raw / "wire" / f"copy-{k}.txt").write_text(_txt(title, pars[:2] + [pars[2][:-1] + " the agency said."]))
    records = [{"title": t, "text": "\n\n".join(p), "url": f"https://feed.example/{i}"}
               for i, (t, p) in enumerate(stories[10:16] + [stories[4]])]
    (raw / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    if version >= 2:
        title, pars = stories[1]
        (raw / "wire" / "copy-1-long.txt").write_text(_txt(title, pars + [_story(rng)[1][0]]))  # canonical moves
        title, pars = _story(rng)
        (raw / "site2" / "story-05.txt").write_text(_txt(title, pars))  # changed: old article goes
        for k in range(5):
            title, pars = _story(rng)
            (raw / "late" / f"new-{k}.txt").parent.mkdir(exist_ok=True)
            (raw / "late" / f"new-{k}.txt").write_text(_txt(title, pars))
        with (raw / "feed.jsonl").open("a") as feed:
            feed.write(json.dumps({"title": stories[20][0], "text": "\n\n".join(stories[20][1])}) + "\n")
    return raw


def outputs(clean: Path) -> dict[str, bytes]:
    """What a reader sees: the manifest and every article, by name."""
    found = {"manifest.jsonl": (clean / "manifest.jsonl").read_bytes()}
    found.update({f"articles/{p.name}": p.read_bytes() for p in sorted((clean / "articles").glob("*"))})
    return found


def check_visible_state(clean: Path) -> set[str]:
    """The reader's guarantees after a kill; returns the orphaned article files (see the module doc)."""
    visible = {p.name for p in clean.iterdir()} - {STATE_DIR}
    assert visible <= {"manifest.jsonl", "articles"}, visible
    files = {p.name: p for p in (clean / "articles").iterdir()} if (clean / "articles").exists() else {}
    assert all(name.endswith(".json") and not name.startswith(".") for name in files), sorted(files)
    for path in files.values():
        json.loads(path.read_bytes())  # complete
    named: set[str] = set()
    if (clean / "manifest.jsonl").exists():
        rows = read_manifest(clean)  # every line whole
        named = {f"{r['canonical_id']}.json" for r in rows if r["status"] == "canonical"}
        assert named <= set(files), named - set(files)
    orphans = set(files) - named
    if orphans:
        assert (clean / STATE_DIR / STAGING / COMMIT).exists(), f"orphans without a committed generation: {orphans}"
    with sqlite3.connect(clean / STATE_DIR / "state.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return orphans


CHILD = textwrap.dedent("""
    import os, signal, sys
    import cleaners.corpus.run as corpus, cleaners.io.publish as writers, cleaners.corpus.store as state
    import cleaners.corpus.duplicates as duplicates
    from cleaners import Settings, run_pipeline

    raw, clean, point, nth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    calls = 0

    def die_at_nth(module, name, when=lambda *a, **k: True):
        real = getattr(module, name)
        def wrapper(*args, **kwargs):
            global calls
            if when(*args, **kwargs):
                calls += 1
                if calls == nth:
                    os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        setattr(module, name, wrapper)

    if point == "batch":  # between batches: some committed, some not
        die_at_nth(corpus, "save_batch")
    elif point == "in-transaction":  # inside a batch's transaction, rows half inserted
        die_at_nth(state, "_insert_result")
    elif point == "dedup":  # while near-duplicates are being clustered
        die_at_nth(duplicates.dedup, "assign_clusters")
    elif point == "dedup-commit":  # inside the transaction that saves pairs and canonicals, half done
        def save_clusters(self, key, edges, assignments):
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO class_edges VALUES (?, ?, ?, ?)", edges)
            half = [(raw,) for raw, *_ in assignments[: len(assignments) // 2]]
            self.db.executemany("UPDATE docs SET pending = 0 WHERE raw = ?", half)
            os.kill(os.getpid(), signal.SIGKILL)
        state.Store.save_clusters = save_clusters
    elif point == "staging":  # articles half staged, nothing committed
        die_at_nth(writers, "json_bytes")
    elif point == "publish":  # committed; some articles moved into place, manifest not yet
        die_at_nth(writers.os, "replace", lambda src, dst: "staging" in str(src) and "staging" not in str(dst))
    elif point == "manifest":  # committed; articles in place, the manifest about to be renamed
        die_at_nth(writers.os, "replace",
                   lambda src, dst: str(dst).endswith("manifest.jsonl") and "staging" not in str(dst))
    elif point == "delete":  # the new manifest is in place; stale articles being removed
        die_at_nth(writers.Path, "unlink", lambda self, **k: "articles" in str(self))
    elif point == "save-outputs":  # published, digests not yet saved
        die_at_nth(state.Store, "save_outputs")
    summary = run_pipeline(raw, clean, Settings(batch_size=%d))
    print("completed", summary.output.documents)
""" % BATCH)


def run_child(raw: Path, clean: Path, point: str = "none", nth: int = 0, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CHILD, str(raw), str(clean), point, str(nth)],
                          capture_output=True, text=True, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """Raw v1 and v2, and the outputs of uninterrupted runs: v1, then v2 over it."""
    root = tmp_path_factory.mktemp("reliability")
    raw1, raw2 = make_raw(root / "v1"), make_raw(root / "v2", version=2)
    clean = root / "clean"
    run_pipeline(raw1, clean, Settings(batch_size=BATCH))
    first = outputs(clean)
    shutil.copytree(clean, root / "after-v1", symlinks=True)
    summary = run_pipeline(raw2, clean, Settings(batch_size=BATCH))
    assert summary.output.deleted >= 2  # the scenario removes stale articles (changed file, moved canonical)
    return {"raw1": raw1, "raw2": raw2, "first": first, "second": outputs(clean), "after_v1": root / "after-v1"}


# (point, n-th call): every step of a run.  "first" kills the first run into an empty clean dir,
# "second" kills the run over v2 into the clean dir of v1 (copies arrive, a canonical moves, a file changes).
KILLS = [
    ("first", "batch", 3), ("first", "in-transaction", 9), ("first", "dedup", 1), ("first", "staging", 5),
    ("first", "publish", 4), ("first", "manifest", 1),
    ("second", "batch", 2), ("second", "in-transaction", 3), ("second", "dedup", 1), ("second", "dedup-commit", 1),
    ("second", "staging", 2), ("second", "publish", 1), ("second", "publish", 3), ("second", "manifest", 1),
    ("second", "delete", 1), ("second", "save-outputs", 1),
]


@pytest.mark.slow
@pytest.mark.parametrize(("run", "point", "nth"), KILLS, ids=[f"{r}-{p}-{n}" for r, p, n in KILLS])
def test_kill_9_then_run_again_equals_an_uninterrupted_run(corpus: dict, tmp_path: Path, run: str, point: str,
                                                           nth: int) -> None:
    raw = corpus["raw1"] if run == "first" else corpus["raw2"]
    clean = tmp_path / "clean"
    if run == "second":
        shutil.copytree(corpus["after_v1"], clean, symlinks=True)
    before_raw = tree_digest(raw)

    killed = run_child(raw, clean, point, nth)
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stdout, killed.stderr[-2000:])
    orphans = check_visible_state(clean)
    if point in ("batch", "in-transaction", "dedup", "dedup-commit", "staging"):
        assert not orphans  # nothing was committed for readers yet
        expected_before = corpus["first"] if run == "second" else None
        if expected_before is not None:
            assert outputs(clean) == expected_before  # the reader still sees the previous run, untouched

    again = run_child(raw, clean)
    assert again.returncode == 0, again.stderr[-2000:]
    assert outputs(clean) == (corpus["first"] if run == "first" else corpus["second"])
    assert not check_visible_state(clean)
    assert not (clean / STATE_DIR / STAGING).exists()
    assert tree_digest(raw) == before_raw


@pytest.mark.slow
def test_killed_at_random_moments_until_it_completes(corpus: dict, tmp_path: Path) -> None:
    """SIGKILL from outside at random times (seeded), checking what a reader sees after each kill."""
    timing = tmp_path / "timing"  # how long an uninterrupted run takes on this machine, now
    shutil.copytree(corpus["after_v1"], timing, symlinks=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", CHILD, str(corpus["raw2"]), str(timing), "none", "0"], check=True)
    duration = time.monotonic() - started
    clean = tmp_path / "clean"
    shutil.copytree(corpus["after_v1"], clean, symlinks=True)
    rng = random.Random(9)
    kills = 0
    for _attempt in range(30):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(corpus["raw2"]), str(clean), "none", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            proc.wait(timeout=rng.uniform(0.1, 0.9) * duration)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            kills += 1
            check_visible_state(clean)
            continue
        assert proc.returncode == 0, proc.stderr.read()[-2000:]
        break
    else:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(corpus["raw2"]), str(clean), "none", "0"], check=True)
    assert kills >= 1
    assert outputs(clean) == corpus["second"]


# ---- two runs at once ------------------------------------------------------------------
HOLDER = textwrap.dedent("""
    import sys, time, pathlib
    import cleaners.corpus.run as corpus
    from cleaners import Settings, run_pipeline
    real = corpus.save_batch
    def slow(*args, **kwargs):
        real(*args, **kwargs)
        pathlib.Path(sys.argv[3]).touch()  # the run holds the lock and has committed a batch
        time.sleep(float(sys.argv[4]))
    corpus.save_batch = slow
    run_pipeline(sys.argv[1], sys.argv[2], Settings(batch_size=%d))
""" % BATCH)


def _start_holder(raw: Path, clean: Path, tmp_path: Path, pause: float) -> subprocess.Popen:
    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(raw), str(clean), str(ready), str(pause)],
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return proc


@pytest.mark.slow
def test_a_second_run_stops_with_a_clear_message_and_a_crashed_run_leaves_no_stuck_lock(
        corpus: dict, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    holder = _start_holder(corpus["raw1"], clean, tmp_path, pause=60)
    before = tree_digest(clean)
    with pytest.raises(Busy, match=rf"another newsclean run \(pid {holder.pid}\) is using .*--wait SECONDS"):
        run_pipeline(corpus["raw1"], clean, Settings(batch_size=BATCH))
    assert tree_digest(clean) == before  # the second run wrote nothing

    holder.send_signal(signal.SIGKILL)
    holder.wait()
    run_pipeline(corpus["raw1"], clean, Settings(batch_size=BATCH))  # the OS released the lock
    assert outputs(clean) == corpus["first"]


@pytest.mark.slow
def test_a_second_run_with_wait_runs_after_the_first_never_interleaved(corpus: dict, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    holder = _start_holder(corpus["raw1"], clean, tmp_path, pause=0.3)
    started = time.monotonic()
    summary = run_pipeline(corpus["raw2"], clean, Settings(batch_size=BATCH), wait=120)
    assert holder.wait(timeout=60) == 0
    assert time.monotonic() - started > 0.3
    # The first run finished v1 before the second began: the second saw v1's files as unchanged.
    assert summary.unchanged_files > 0
    assert outputs(clean) == corpus["second"]


def test_lock_wait_times_out_with_the_holder_named(tmp_path: Path) -> None:
    script = f"from cleaners.corpus.lock import locked\nimport time\nwith locked({str(tmp_path)!r}):\n" \
             "    print('held', flush=True)\n    time.sleep(30)\n"
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(Busy, match=str(proc.pid)), locked(tmp_path, wait=0.5):
            pass
        assert time.monotonic() - started >= 0.5
    finally:
        proc.kill()
        proc.wait()
    with locked(tmp_path):  # released by the OS when its holder died
        pass


# ---- disk full, not writable -------------------------------------------------------------
FAULTY = textwrap.dedent("""
    import errno, os, sys
    import cleaners.io.publish as writers
    from cleaners import Settings, run_pipeline
    fault, nth = sys.argv[3], int(sys.argv[4])
    if fault == "space":  # the disk has nth bytes free for the outputs
        free = [nth]
        class Filling:
            def __init__(self, f): self.f = f
            def __enter__(self): return self
            def __exit__(self, *exc): self.f.close()
            def __getattr__(self, name): return getattr(self.f, name)
            def write(self, data):
                if len(data) > free[0]:
                    raise OSError(errno.ENOSPC, "No space left on device")
                free[0] -= len(data)
                return self.f.write(data)
        real_open = open
        writers.open = lambda file, mode="r", *a, **k: (
            Filling(real_open(file, mode, *a, **k)) if "w" in mode else real_open(file, mode, *a, **k))
    elif fault == "sqlite":  # the state database cannot grow
        import cleaners.corpus.store as state
        real_init = state.Store.__init__
        def init(self, *a, **k):
            real_init(self, *a, **k)
            pages = self.db.execute("PRAGMA page_count").fetchone()[0]
            self.db.execute(f"PRAGMA max_page_count = {pages + nth}")
        state.Store.__init__ = init
    try:
        run_pipeline(sys.argv[1], sys.argv[2], Settings(batch_size=4))
    except OSError as exc:
        print(exc)
        sys.exit(2)
""")


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "nth"), [("space", 2000), ("space", -1), ("sqlite", 2)],
                         ids=["space-in-articles", "space-in-manifest", "sqlite-full"])
def test_disk_full_is_a_clear_error_and_the_next_run_repairs(corpus: dict, tmp_path: Path, fault: str,
                                                            nth: int) -> None:
    if nth == -1:  # room for the new articles and half the manifest
        first, second = corpus["first"], corpus["second"]
        new = sum(len(data) for name, data in second.items() if name != "manifest.jsonl" and first.get(name) != data)
        nth = new + len(second["manifest.jsonl"]) // 2
    clean = tmp_path / "clean"
    shutil.copytree(corpus["after_v1"], clean, symlinks=True)
    full = subprocess.run([sys.executable, "-c", FAULTY, str(corpus["raw2"]), str(clean), fault, str(nth)],
                          capture_output=True, text=True, timeout=300)
    assert full.returncode == 2, full.stderr[-2000:]
    assert ("No space left on device" if fault == "space" else "the disk is full") in full.stdout
    assert not check_visible_state(clean)
    assert outputs(clean) == corpus["first"]  # the reader still sees the last complete run
    assert run_child(corpus["raw2"], clean).returncode == 0
    assert outputs(clean) == corpus["second"]


def _can_mount_tmpfs() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(f"/tmp/newsclean-mount-probe-{os.getpid()}")
    probe.mkdir(exist_ok=True)
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", str(probe)], check=True)
    probe.rmdir()
    return ok


@pytest.mark.slow
@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs to mount a small tmpfs (root with CAP_SYS_ADMIN)")
def test_a_really_full_disk(corpus: dict, tmp_path: Path) -> None:
    """The clean dir on a 400 KB tmpfs: the run stops with a clear error; after the disk grows, a re-run completes."""
    clean = tmp_path / "clean"
    clean.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(clean)], check=True)
    try:
        full = run_child(corpus["raw2"], clean)
        assert full.returncode != 0
        assert "No space left on device" in full.stderr or "disk is full" in full.stderr, full.stderr[-2000:]
        check_visible_state(clean)
        subprocess.run(["mount", "-o", "remount,size=64m", str(clean)], check=True)
        again = run_child(corpus["raw2"], clean)
        assert again.returncode == 0, again.stderr[-2000:]
        assert outputs(clean) == outputs_of_fresh_run(corpus["raw2"], tmp_path)
    finally:
        subprocess.run(["umount", "-l", str(clean)], check=False)


def outputs_of_fresh_run(raw: Path, tmp_path: Path) -> dict[str, bytes]:
    fresh = tmp_path / "fresh"
    run_pipeline(raw, fresh, Settings(batch_size=BATCH))
    return outputs(fresh)


def unprivileged(cmd: list[str]) -> list[str]:
    """Run ``cmd`` so that file permissions bind it (root ignores them unless it drops CAP_DAC_OVERRIDE)."""
    if os.geteuid() != 0:
        return cmd
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot make a folder unwritable for the run")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *cmd]


@pytest.mark.slow
def test_clean_dir_not_writable_is_a_clear_error_and_nothing_is_corrupted(corpus: dict, tmp_path: Path) -> None:
    script = ("import sys\nfrom cleaners import Settings, run_pipeline\n"
              "try:\n    run_pipeline(sys.argv[1], sys.argv[2], Settings(batch_size=4))\n"
              "except OSError as exc:\n    print(exc)\n    sys.exit(2)\n")
    # A clean dir that cannot be created in.
    locked_out = tmp_path / "locked-out"
    locked_out.mkdir(mode=0o555)
    out = subprocess.run(unprivileged([sys.executable, "-c", script, str(corpus["raw1"]), str(locked_out)]),
                         capture_output=True, text=True)
    assert out.returncode == 2 and f"cannot write to the clean folder {locked_out}: Permission denied" in out.stdout

    # A clean dir from an earlier run whose articles/ became read-only: the run stops, the old outputs stand.
    clean = tmp_path / "clean"
    shutil.copytree(corpus["after_v1"], clean, symlinks=True)
    os.chmod(clean / "articles", 0o555)
    try:
        out = subprocess.run(unprivileged([sys.executable, "-c", script, str(corpus["raw2"]), str(clean)]),
                             capture_output=True, text=True)
        assert out.returncode == 2 and "Permission denied" in out.stdout, (out.stdout, out.stderr[-2000:])
        orphans = check_visible_state(clean)
        assert not orphans and outputs(clean) == corpus["first"]
    finally:
        os.chmod(clean / "articles", 0o755)
    assert run_child(corpus["raw2"], clean).returncode == 0
    assert outputs(clean) == corpus["second"]


# ---- raw files vanishing or changing during the run ------------------------------------------
def test_raw_files_vanishing_or_changing_mid_run_are_reported_and_read_again(
        corpus: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaners.corpus.clean as pipeline

    raw = tmp_path / "raw"
    shutil.copytree(corpus["raw1"], raw)
    real_read = pipeline.read_item
    vanishing, changing, growing = "site1/story-04.txt", "site2/story-08.txt", "feed.jsonl"
    extra = json.dumps({"title": "Late record", "text": "A record the scraper appended. " * 6})

    def scraper_at_work(item, **kwargs):  # the scraper touches files after the plan, before they are read
        if item.rel == vanishing:
            (raw / vanishing).unlink()
        elif item.rel == changing:
            (raw / changing).write_text(_txt("Rewritten story about the harbour", ["Only a short body now."]))
        elif item.rel == growing and item.first_line <= 1:
            with (raw / growing).open("a") as feed:
                feed.write(extra[:40])  # a record half written
        return real_read(item, **kwargs)

    monkeypatch.setattr(pipeline, "read_item", scraper_at_work)
    clean = tmp_path / "clean"
    summary = run_pipeline(raw, clean, Settings(batch_size=BATCH))
    rows = {r["raw"]: r for r in read_manifest(clean)}
    assert rows[vanishing]["status"] == "rejected"
    assert rows[vanishing]["reason"] == "file vanished while the run was reading it"
    assert rows[changing]["status"] == "rejected" and rows[changing]["reason"].endswith(
        "(the file changed while this run read it: the next run reads it again)")
    assert rows["feed.jsonl#8"]["reason"].startswith("invalid JSON")
    assert summary.as_dict()["changed_during_run"] == 3
    check_visible_state(clean)

    monkeypatch.setattr(pipeline, "read_item", real_read)
    with (raw / growing).open("a") as feed:  # the scraper finishes its line
        feed.write(extra[40:] + "\n")
    shutil.copy(corpus["raw1"] / vanishing, raw / vanishing)  # and saves the vanished page again
    again = run_pipeline(raw, clean, Settings(batch_size=BATCH))
    assert again.as_dict()["changed_during_run"] == 0
    assert outputs(clean) == outputs_of_fresh_run(raw, tmp_path)
    rows = {r["raw"]: r for r in read_manifest(clean)}
    assert rows["feed.jsonl#8"]["status"] == "canonical"
    assert rows[vanishing]["status"] in ("canonical", "duplicate") and rows[vanishing]["reason"] is None


def test_state_rows_match_the_manifest_after_recovery(corpus: dict, tmp_path: Path) -> None:
    """A committed generation left in staging is published by opening the store and recovering, no run needed."""
    from cleaners.corpus.write import recover

    clean = tmp_path / "clean"
    shutil.copytree(corpus["after_v1"], clean, symlinks=True)
    killed = run_child(corpus["raw2"], clean, "manifest", 1)
    assert killed.returncode == -signal.SIGKILL
    assert check_visible_state(clean)  # new articles are in place, the old manifest does not name them
    with locked(clean), Store(clean) as store:
        assert recover(store) is True
    assert not check_visible_state(clean)
    assert outputs(clean) == corpus["second"]
    digest = hashlib.sha256((clean / "manifest.jsonl").read_bytes()).hexdigest()
    assert run_child(corpus["raw2"], clean).returncode == 0
    assert hashlib.sha256((clean / "manifest.jsonl").read_bytes()).hexdigest() == digest
