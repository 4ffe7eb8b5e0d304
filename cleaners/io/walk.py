"""Walking RAW_DIR: every file to read, and an entry with the reason for everything not read.

:func:`scan` lists; it never opens a file.  What it does not read — a folder it cannot list, a
link leading out of RAW_DIR or to ``/proc``, ``/sys`` or ``/dev``, a FIFO or a device — comes
back as an :class:`Entry` with a :class:`~cleaners.article.Rejection`, which becomes the
document's manifest row.  Imports only :mod:`cleaners.article` of the package.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cleaners.article import Rejection

#: Nothing under these is ever read, not even through a link (pseudo-files and devices).
FORBIDDEN = ("/proc", "/sys", "/dev")
#: The name of newsclean's state folder; never walked into, wherever it is.
STATE_DIR_NAME = ".newsclean"


def inside(path: str, folder: str) -> bool:
    """Whether the real path ``path`` is ``folder`` or under it (both already resolved).

    >>> inside("/data/raw/clean", "/data/raw"), inside("/data/raw2", "/data/raw"), inside("/data", "/data")
    (True, False, True)
    """
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def forbidden(real: str) -> bool:
    """Whether a resolved path is under ``/proc``, ``/sys`` or ``/dev``.

    >>> forbidden("/proc/self/environ"), forbidden("/dev"), forbidden("/devices/x")
    (True, True, False)
    """
    return any(inside(real, top) for top in FORBIDDEN)


@dataclass(frozen=True)
class Entry:
    """One thing the walk found: a file to read, or with ``rejection`` set, something not read.

    ``rel`` is the path relative to RAW_DIR (:func:`display_name`); a folder's ends with ``/``
    (no file's can).  ``path`` is what to open: for a link to a file inside RAW_DIR, the file it
    points to.
    """

    rel: str
    path: Path
    rejection: Rejection | None = None
    #: A file's ``os.stat`` as the walk found it (size, mtime: what the plan compares), None for the rest.
    stat: os.stat_result | None = field(default=None, compare=False, repr=False)


def scan(raw_dir: str | os.PathLike[str], *, skip: tuple[str | os.PathLike[str], ...] = ()) -> Iterator[Entry]:
    """Every regular file under ``raw_dir``, and a rejected entry for everything not read, sorted by folder.

    Never reads a file and never raises for what it finds:

    - a folder that cannot be listed is an entry ``folder/`` (``unreadable-folder``: "could not
      list the folder: Permission denied"; ``path-too-long`` when its path is over the system's limit);
    - a link is followed only to a file inside RAW_DIR (that file is read, under the link's own
      name); a link leading out of RAW_DIR, or to anything under ``/proc``, ``/sys`` or ``/dev``, is an
      entry ``link-outside`` and is not followed; a link to a folder inside RAW_DIR is not walked
      into (its files are read at their own place); a broken link or a loop inside RAW_DIR is walked past;
    - a FIFO, socket or device is ``special-file`` (never opened: no blocking read);
    - ``skip`` (real paths: a clean dir's outputs) and every ``.newsclean`` folder are left out.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "a.html").write_text("a"); (root / "out.txt").symlink_to("/etc/hostname")
    >>> [(e.rel, e.rejection and e.rejection.code) for e in scan(root)]
    [('a.html', None), ('out.txt', 'link-outside')]
    """
    raw_dir = Path(raw_dir)
    root = os.path.realpath(raw_dir)
    skipped = {os.path.realpath(p) for p in skip}
    if forbidden(root):
        yield Entry("./", raw_dir, Rejection("special-file", f"the raw folder is under {'/'.join(root.split('/')[:2])}: "
                                             "newsclean never reads /proc, /sys or /dev"))
        return
    skipped = {s for s in skipped if inside(s, root)}  # only what lies under RAW_DIR can be met
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(raw_dir, onerror=errors.append, followlinks=False):
        yield from _folder_errors(raw_dir, errors)
        keep = []
        for name in sorted(dirs):
            path = Path(folder, name)
            # no link is walked into, so a path's real place is RAW_DIR's real place and the same steps
            if name == STATE_DIR_NAME or os.path.join(root, os.path.relpath(path, raw_dir)) in skipped:
                continue
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                continue
            except OSError as exc:  # a path over PATH_MAX, an I/O error
                yield from _folder_errors(raw_dir, [exc])
                continue
            if stat.S_ISLNK(st.st_mode):
                real = os.path.realpath(path)
                if forbidden(real) or not inside(real, root) or any(inside(real, s) for s in skipped):
                    rel = display_name(path.relative_to(raw_dir).as_posix())
                    yield Entry(rel + "/", path, Rejection(
                        "link-outside", "symbolic link to a folder outside the raw folder: not followed"))
                continue  # a link to a folder inside RAW_DIR: its files are read where they are
            keep.append(name)
        dirs[:] = keep
        # the folder's relative name once, not each file's (a path per file cost most of an unchanged re-run's plan)
        here = Path(folder)
        under = here.relative_to(raw_dir).as_posix()
        prefix = "" if under == "." else under + "/"
        for name in sorted(files):
            path = here / name
            if skipped and os.path.join(root, os.path.relpath(path, raw_dir)) in skipped:
                continue
            entry = _file_entry(path, display_name(prefix + name), root, skipped)
            if entry is not None:
                yield entry
    yield from _folder_errors(raw_dir, errors)


def _folder_errors(raw_dir: Path, errors: list[OSError]) -> Iterator[Entry]:
    while errors:
        exc = errors.pop(0)
        folder = Path(exc.filename) if exc.filename else raw_dir
        rel = display_name(Path(os.path.relpath(folder, raw_dir)).as_posix()) + "/"
        if exc.errno == errno.ENAMETOOLONG:
            rejection = Rejection("path-too-long", f"path too long: the folder's path is {len(os.fsencode(folder))} "
                                  "bytes, over the system's limit; its files were not read")
        elif isinstance(exc, FileNotFoundError):
            continue  # removed while the run walked
        else:
            rejection = Rejection("unreadable-folder", f"could not list the folder: {exc.strerror or exc}")
        yield Entry(rel, folder, rejection)


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


def special_file(mode: int) -> Rejection:
    """The rejection of something that is not a regular file, by its ``st_mode`` (``special-file``).

    >>> special_file(stat.S_IFIFO).message
    'not a regular file (a FIFO): not read'
    """
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return Rejection("special-file", f"not a regular file ({kind}): not read")


def _lstat_rejection(exc: OSError) -> Rejection:
    if exc.errno == errno.ENAMETOOLONG:
        return Rejection("path-too-long", "path too long: the file's path is over the system's limit; not read")
    return Rejection("read-error", f"could not read the file: {exc.strerror or exc}")


def _file_entry(path: Path, rel: str, root: str, skipped: set[str]) -> Entry | None:
    """The entry of one name a folder listed (None: it vanished)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Entry(rel, path, _lstat_rejection(exc))
    target = path
    if stat.S_ISLNK(st.st_mode):
        real = os.path.realpath(path)
        if forbidden(real) or not inside(real, root) or any(inside(real, s) for s in skipped):
            return Entry(rel, path, Rejection("link-outside", "symbolic link to a file outside the raw folder: not read"))
        try:
            st = os.stat(path)
        except OSError:
            return None  # a broken link or a loop inside RAW_DIR: no file there, walked past
        target = Path(real)
    if not stat.S_ISREG(st.st_mode):
        return Entry(rel, path, special_file(st.st_mode))
    return Entry(rel, target, stat=st)


def walk(raw_dir: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file under ``raw_dir`` as ``(relative posix path, path)``, sorted (:func:`scan`'s files).

    Symlinks to folders are not followed (no loops); a folder named ``x.html``
    is walked into like any folder; links leaving ``raw_dir``, broken links and other
    non-files are left out (:func:`scan` gives them as rejected entries).
    The relative path is always valid Unicode (see :func:`display_name`), while
    ``path`` opens the file whatever bytes its name holds.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "site").mkdir(), (root / "site" / "b.txt").write_text("b"), (root / "a.html").write_text("a")
    >>> [rel for rel, _ in walk(root)]
    ['a.html', 'site/b.txt']
    """
    for entry in scan(raw_dir):
        if entry.rejection is None:
            yield entry.rel, entry.path


def display_name(rel: str) -> str:
    """A file name as text that JSON, SQLite and the manifest can hold.

    ``os.walk`` hands back bytes that are not UTF-8 as lone surrogates (PEP 383);
    those are written as ``\\xNN``, one per byte, so the name stays readable,
    stable from run to run, and distinct from its neighbours.  Valid names
    (spaces, newlines and all) are kept as they are.

    >>> display_name(os.fsdecode(b"caf\\xe9 menu.txt"))
    'caf\\\\xe9 menu.txt'
    >>> display_name("two\\nlines.txt")
    'two\\nlines.txt'
    """
    if rel.isascii():
        return rel
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


