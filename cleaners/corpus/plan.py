"""Step 1 of a run — plan: which raw files are new or changed, cut into batches of work items.

A file is unchanged when its size and modification time match what the last run recorded, or
else its SHA-256 does, and the settings key (:meth:`cleaners.settings.Settings.key`) is the same.
A ``.jsonl`` is cut into slices of lines, so that one big file is cleaned in parallel too.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cleaners.corpus.records import FileRecord
from cleaners.corpus.store import Store
from cleaners.corpus.folders import OUTPUTS
from cleaners.io.readers import (
    LINES_EXTS, WARC_EXTS, WorkItem, line_slices, many_documents, scan, sha_file, shape_of, split_key,
)
from cleaners.settings import Settings


@dataclass
class Plan:
    """What a run has to do: the work items in batches, and how to mark files done."""

    batches: list[list[WorkItem]]
    files: dict[str, tuple[int, int, str]]  # rel -> (size, mtime_ns, sha256) of files to process
    slices: dict[str, int]  # rel -> work items still to finish
    unchanged: int = 0
    settings_key: str = ""
    changed: list[str] = field(default_factory=list)  # files that changed or vanished while being read
    complete: bool = True  # False: a preview cut short (:func:`preview_plan`'s ``max_items``): its first batches only

    def files_done(self, items: Iterable[WorkItem]) -> list[FileRecord]:
        """Files whose last work item is among ``items``: what the state records as finished.

        A file that changed or vanished since it was planned gets no row, so the
        next run reads it again (its rows from this run stay until then).  A finished file
        leaves ``files`` and ``slices``: the plan shrinks as batches are saved (at 200,000 files
        it holds ~130 MB of work items and hashes when planned; docs/scaling.md, "Memory").

        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = path.write_text("abc")
        >>> plan = Plan([], {"a.txt": (3, path.stat().st_mtime_ns, "sha")}, {"a.txt": 1}, settings_key="k")
        >>> [(f.rel, f.size, f.sha256, f.settings_key) for f in plan.files_done([WorkItem("a.txt", str(path))])]
        [('a.txt', 3, 'sha', 'k')]
        >>> plan.files, plan.slices
        ({}, {})
        >>> plan = Plan([], {"b.txt": (3, 0, "sha")}, {"b.txt": 1}, settings_key="k")
        >>> plan.files_done([WorkItem("b.txt", "/vanished/b.txt")]), plan.changed
        ([], ['b.txt'])
        """
        done = []
        for item in items:
            self.slices[item.rel] -= 1
            if self.slices[item.rel] > 0:
                continue
            del self.slices[item.rel]
            size, mtime, sha = self.files.pop(item.rel, (None, None, None))
            if item.rejection is None:  # else not read (a link out, a folder it could not list): looked at again next run
                if _stat(item.path) != (size, mtime):
                    self.changed.append(item.rel)
                    continue
                done.append(FileRecord(item.rel, size, mtime, sha, self.settings_key))
        return done


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def plan_run(raw_dir: str | os.PathLike[str], store: Store, settings: Settings) -> Plan:
    """Find the files that are new or changed since the last run and cut them into batches.

    A file is unchanged when its size and modification time match the last run's,
    or else its SHA-256 does, and the settings key is the same.  What the walk does not read
    (:func:`cleaners.io.readers.scan`: folders it cannot list, links out of RAW_DIR, FIFOs) is planned
    every run, as an item that only reports why; a folder's row goes once the folder is read.
    The clean dir's own outputs are never walked (when RAW_DIR holds CLEAN_DIR).

    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> story = "\\n\\nThe ferry port closed on Friday as the storm brought winds of 90mph to the coast, officials said."
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port" + story)
    >>> _ = (work / "raw" / "b.txt").write_text("Port shut by storm" + story)
    >>> with Store(work / "clean") as store:
    ...     plan = plan_run(work / "raw", store, Settings())
    >>> [[item.rel for item in batch] for batch in plan.batches], plan.unchanged
    ([['a.txt', 'b.txt']], 0)
    """
    plan, touched, read_again = _plan(Path(raw_dir), store.files(), store.folder_rows(), _outputs_of(store), settings,
                                      lambda rel: _old_keys(store, rel))
    for rel, size, mtime_ns in touched:
        store.touch_file(rel, size, mtime_ns)
    store.forget_files(read_again)  # and the rows of folders that are read now (or gone)
    return plan


def preview_plan(raw_dir: str | os.PathLike[str], clean_dir: str | os.PathLike[str], settings: Settings, *,
                 max_items: int | None = None) -> Plan:
    """The plan :func:`plan_run` would make now, made without writing anything and without the clean dir's
    lock (the state is opened read only; none yet: every file is new).  ``newsclean run`` cleans its first
    batches from it while Prefect's API server starts; the run's own plan, made later under the lock, is
    the one that counts (a batch cleaned ahead is used only when the run plans the very same batch).

    With ``max_items``, the walk stops once it has planned that many work items (a large RAW_DIR is
    not walked and hashed twice for the few batches cleaned ahead); the plan is then marked not
    ``complete`` and holds only the batches that more items could not change (the last batch of
    ordinary files, which more files could still fill, is left out).

    Raises what opening the state raises (:class:`~cleaners.corpus.store.StateDamaged`, ``sqlite3`` errors).

    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port\\n\\nThe ferry port closed on Friday.")
    >>> [[item.rel for item in batch] for batch in preview_plan(work / "raw", work / "clean", Settings()).batches]
    [['a.txt']]
    >>> (work / "clean").exists()  # nothing written
    False
    """
    try:
        store = Store(clean_dir, readonly=True)
    except FileNotFoundError:  # no state yet: a first run
        skip = tuple(Path(clean_dir) / name for name in OUTPUTS)
        return _plan(Path(raw_dir), {}, set(), skip, settings, lambda rel: False, max_items)[0]
    with store:
        return _plan(Path(raw_dir), store.files(), store.folder_rows(), _outputs_of(store), settings,
                     lambda rel: _old_keys(store, rel), max_items)[0]


def _outputs_of(store: Store) -> tuple[Path, ...]:
    """The clean dir's own outputs, which the walk never enters (when RAW_DIR holds CLEAN_DIR)."""
    return tuple(store.dir.parent / name for name in OUTPUTS)


def _plan(raw_dir: Path, known: dict[str, FileRecord], folders: set[str], skip: tuple[Path, ...], settings: Settings,
          old_keys: Callable[[str], bool], max_items: int | None = None,
          ) -> tuple[Plan, list[tuple[str, int, int]], list[str]]:
    """The plan, the files whose bytes are unchanged under a new stat ``(rel, size, mtime_ns)`` and the
    files and folder rows to read again: what :func:`plan_run` writes to the state, given back instead.
    ``max_items``: see :func:`preview_plan`."""
    key = settings.key()
    files: dict[str, tuple[int, int, str]] = {}
    items: list[WorkItem] = []
    touched: list[tuple[str, int, int]] = []
    unchanged = 0
    complete = True
    for entry in scan(raw_dir, skip=skip):
        if max_items is not None and len(items) >= max_items:
            complete = False
            break
        rel, path = entry.rel, entry.path
        if entry.rejection is not None:
            files[rel] = (-1, -1, "")
            items.append(WorkItem(rel, str(path), rejection=entry.rejection))
            folders.discard(rel)
            continue
        try:
            st = entry.stat or path.stat()  # the walk's own stat of the file (one system call a file)
        except OSError:
            continue  # vanished since the walk
        record = known.get(rel)
        if record is not None and "#" in rel and old_keys(rel):
            record = None  # keyed before '#' in names was escaped: read again under today's keys
        if record is not None and record.settings_key == key:
            if (record.size, record.mtime_ns) == (st.st_size, st.st_mtime_ns):
                unchanged += 1
                continue
            sha = sha_file(str(path))
            if sha == record.sha256:
                touched.append((rel, st.st_size, st.st_mtime_ns))
                unchanged += 1
                continue
        else:
            sha = sha_file(str(path))
        files[rel] = (st.st_size, st.st_mtime_ns, sha)
        items.extend(work_items(rel, str(path), settings.batch_size, sha))
    batches = batches_of(items, settings.batch_size)
    if not complete and batches and not _single(batches[-1][0]) and len(batches[-1]) < settings.batch_size:
        batches.pop()  # ordinary files that more files would have joined: not a batch of the run's plan
    slices = Counter(item.rel for item in items)
    plan = Plan(batches, files, dict(slices), unchanged, key, complete=complete)
    return plan, touched, [*files, *sorted(folders)]


def anything_to_clean(raw_dir: str | os.PathLike[str], clean_dir: str | os.PathLike[str], settings: Settings) -> bool:
    """Whether a run of RAW_DIR into CLEAN_DIR may have any file to clean: False only when the clean
    dir's state knows every file the walk finds, with the same size, modification time and settings
    key (what :func:`plan_run` then skips without reading), and the walk reports nothing it cannot
    read.  Read only (no lock, no write); True on any doubt (no state, a state this cannot read, a
    file name with ``#``).  ``newsclean run`` asks it before it starts the process pool's fork server,
    which an unchanged re-run does not need (README "Incremental re-runs").

    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp()); (work / "raw").mkdir()
    >>> _ = (work / "raw" / "a.txt").write_text("Storm closes port\\n\\nThe ferry port closed on Friday.")
    >>> anything_to_clean(work / "raw", work / "clean", Settings())  # no state yet
    True
    """
    try:
        with Store(clean_dir, readonly=True) as store:
            known = store.files()
            skip = tuple(store.dir.parent / name for name in OUTPUTS)
        key = settings.key()
        for entry in scan(Path(raw_dir), skip=skip):
            record = known.get(entry.rel)
            if entry.rejection is not None or record is None or "#" in entry.rel or record.settings_key != key:
                return True
            st = entry.stat or entry.path.stat()
            if (record.size, record.mtime_ns) != (st.st_size, st.st_mtime_ns):
                return True
    except Exception:  # noqa: BLE001 - any doubt: the run plans as it always does
        return True
    return False


def _old_keys(store: Store, rel: str) -> bool:
    """Whether a file's stored documents carry keys of another grammar than :func:`record_key`'s
    (a name with ``#``, stored by a newsclean that did not escape it)."""
    return any(split_key(raw)[0] != rel for raw in store.doc_keys(rel))


# A slice of a .jsonl is at least this many bytes, so a file of a million tiny records makes
# tens of tasks, not thousands; a gzipped one is cut into at most this many slices, since
# reaching a slice means decompressing everything before it.
MIN_SLICE_BYTES = 256 * 1024
MAX_GZIP_SLICES = 32
# A WARC is cut into byte ranges of at least this many bytes as stored (set by hand: ~1,000 gzipped
# pages of 8 KB, a batch's worth of work), at most this many (the workers of a big cluster).
WARC_SLICE_BYTES = 8 * 1024 * 1024
MAX_WARC_SLICES = 64


def work_items(rel: str, path: str, batch_size: int, sha256: str = "") -> list[WorkItem]:
    """A file's work items: the file, or for a ``.jsonl`` of many records, slices of its lines.
    ``sha256``: the file's hash when the plan has it, passed on to a whole-file item (a file of a type
    newsclean does not read is then not read a second time only to hash it again for its row).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "feed.jsonl"
    >>> _ = path.write_text(('{"text": "' + "x" * 600 + '"}' + chr(10)) * 1000)
    >>> [(i.first_line, i.last_line) for i in work_items("feed.jsonl", str(path), 200)]
    [(1, 428), (429, 856), (857, 1000)]
    >>> work_items("a.txt", "/raw/a.txt", 200)
    [WorkItem(rel='a.txt', path='/raw/a.txt', first_line=0, last_line=0, offset=0, end=0)]
    """
    ext, gz = shape_of(rel)
    if ext in WARC_EXTS:
        return warc_items_of(rel, path)
    if ext not in LINES_EXTS:
        return [WorkItem(rel, path, sha256=sha256)]
    try:
        starts, n = line_slices(path, gz, batch_size, MIN_SLICE_BYTES)
    except (OSError, EOFError, ValueError, zlib.error):
        return [WorkItem(rel, path)]  # the reader reports the error in the manifest
    if gz and len(starts) > MAX_GZIP_SLICES:
        starts = starts[:: -(-len(starts) // MAX_GZIP_SLICES)]
    if len(starts) <= 1:
        return [WorkItem(rel, path)]
    ends = [first - 1 for first, _ in starts[1:]] + [n]
    return [WorkItem(rel, path, first, last, offset) for (first, offset), last in zip(starts, ends)]


def warc_items_of(rel: str, path: str) -> list[WorkItem]:
    """A WARC's work items: byte ranges of at least :data:`WARC_SLICE_BYTES` (as stored), at most
    :data:`MAX_WARC_SLICES`, cut without reading the file (the reader of a range starts at the first
    record header in it: :func:`cleaners.io.warc.warc_items`), so a crawl is cleaned in parallel.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "crawl.warc.gz"
    >>> _ = path.write_bytes(b"x" * (3 * WARC_SLICE_BYTES))
    >>> [(i.offset // WARC_SLICE_BYTES, i.end // WARC_SLICE_BYTES) for i in warc_items_of("crawl.warc.gz", str(path))]
    [(0, 1), (1, 2), (2, 0)]
    """
    try:
        size = os.stat(path).st_size
    except OSError:
        return [WorkItem(rel, path)]  # the reader reports the error in the manifest
    n = min(MAX_WARC_SLICES, max(1, -(-size // WARC_SLICE_BYTES)))
    if n == 1:
        return [WorkItem(rel, path)]
    step = -(-size // n)
    return [WorkItem(rel, path, offset=k * step, end=(k + 1) * step if k < n - 1 else 0) for k in range(n)]


def batches_of(items: list[WorkItem], batch_size: int) -> list[list[WorkItem]]:
    """Consecutive items, ``batch_size`` documents a batch (a jsonl slice, a JSON array, a WARC or a feed
    counts as a full batch: :func:`~cleaners.io.readers.many_documents`).

    >>> items = [WorkItem(f"{n}.txt", f"/raw/{n}.txt") for n in range(5)] + [WorkItem("f.jsonl", "/f", 1, 9)]
    >>> [[i.rel for i in b] for b in batches_of(items, 2)]
    [['0.txt', '1.txt'], ['2.txt', '3.txt'], ['f.jsonl'], ['4.txt']]
    """
    batches: list[list[WorkItem]] = []
    current: list[WorkItem] = []
    for item in items:
        if _single(item):
            batches.append([item])
            continue
        current.append(item)
        if len(current) >= batch_size:
            batches.append(current)
            current = []
    if current:
        batches.append(current)
    return batches


def _single(item: WorkItem) -> bool:
    """A work item that is a batch of its own (:func:`batches_of`): a slice of lines, or a file of many documents."""
    return bool(item.last_line) or (item.rejection is None and many_documents(item.rel, item.path))


def split_evenly(batches: list[list[WorkItem]], workers: int) -> list[list[WorkItem]]:
    """Re-cut small runs so that every worker gets work (at least ``2 × workers`` batches).

    >>> items = [WorkItem(f"{n}.txt", f"/raw/{n}.txt") for n in range(5)]
    >>> [[i.rel for i in b] for b in split_evenly([items], workers=2)]
    [['0.txt', '4.txt'], ['1.txt'], ['2.txt'], ['3.txt']]
    """
    items = [i for b in batches for i in b]
    if not items or len(batches) >= 2 * workers:
        return batches
    n = min(len(items), 2 * workers)
    return [b for b in (items[k::n] for k in range(n)) if b]
