"""What the walk reads and what it reports instead (issue 12, items 6 and 8): folders it cannot list,
links leaving RAW_DIR, /proc, /sys and /dev, FIFOs and devices, and size caps that do not trust stat."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners.corpus.run import run_pipeline
from cleaners.io.readers import WorkItem, read_item
from ..helpers import PARAS, read_manifest, tree_digest

STORY = "\n\n".join(PARAS)
SECRET = "CONFIDENTIAL salary review for the whole newsroom staff was discussed on Monday and must not leave"


def _story(word: str) -> str:
    return f"{word.title()} story\n\n" + STORY.replace("fire", word)


def _rows(clean: Path) -> dict[str, dict]:
    return {row["raw"]: row for row in read_manifest(clean)}


def _can_lock_out_root() -> bool:
    """Whether a mode-000 folder stops this process (not when root keeps CAP_DAC_OVERRIDE)."""
    return os.geteuid() != 0


def test_links_leaving_raw_and_special_files_are_never_read(tmp_path: Path) -> None:
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    (raw / "site").mkdir(parents=True)
    outside.mkdir()
    (raw / "site" / "normal.txt").write_text(_story("harbour"))
    (outside / "secret-notes.txt").write_text("Private notes\n\n" + SECRET + " under any circumstances at all.")
    (raw / "secret.txt").symlink_to("../outside/secret-notes.txt")
    (raw / "environ.txt").symlink_to("/proc/self/environ")
    (raw / "status.txt").symlink_to("/proc/self/status")
    (raw / "zero.txt").symlink_to("/dev/zero")
    (raw / "passwd.txt").symlink_to("/etc/passwd")
    (raw / "dangling.txt").symlink_to("/nonexistent/x.txt")
    (raw / "outdir").symlink_to(outside)
    (raw / "inside.txt").symlink_to("site/normal.txt")  # a link inside RAW_DIR to a file inside: read
    (raw / "sitelink").symlink_to("site")  # a link to a folder inside: not walked (its files are read where they are)
    os.mkfifo(raw / "fifo.txt")
    before = tree_digest(raw)

    env = {**os.environ, "NEWS_API_TOKEN": "sk-live-4242 confidential api token alpha bravo charlie delta echo"}
    code = "import sys; from cleaners import run_pipeline; run_pipeline(sys.argv[1], sys.argv[2])"
    subprocess.run([sys.executable, "-c", code, str(raw), str(tmp_path / "clean")], env=env, check=True, timeout=300)

    rows = _rows(tmp_path / "clean")
    for name in ("secret.txt", "environ.txt", "status.txt", "zero.txt", "passwd.txt", "dangling.txt"):
        assert rows[name]["status"] == "rejected" and rows[name]["reason_code"] == "link-outside", rows[name]
        assert "outside the raw folder" in rows[name]["reason"]
    assert rows["outdir/"]["reason_code"] == "link-outside"
    assert rows["fifo.txt"]["reason_code"] == "special-file" and "FIFO" in rows["fifo.txt"]["reason"]
    assert rows["site/normal.txt"]["status"] in ("canonical", "duplicate")
    assert rows["inside.txt"]["status"] in ("canonical", "duplicate")
    assert not any(raw_key.startswith("sitelink") for raw_key in rows)
    published = "".join(p.read_text() for p in (tmp_path / "clean" / "articles").glob("*.json"))
    assert "sk-live-4242" not in published and "CONFIDENTIAL" not in published and "root:x:0:0" not in published
    assert tree_digest(raw) == before


def test_a_fifo_or_device_given_to_the_reader_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.txt")
    code = ("import sys; from cleaners.io.readers import WorkItem, read_item; "
            "print(*[d.rejection and d.rejection.code for d in read_item(WorkItem('x.txt', sys.argv[1]))])")
    for path in (tmp_path / "fifo.txt", Path("/dev/zero")):
        try:  # in a process of its own: a blocking open must fail the test, not hang it
            out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"reading {path} blocked")
        assert out.stdout.split() == ["special-file"], out.stderr[-500:]


def test_the_size_cap_holds_for_files_whose_size_reads_as_0() -> None:
    # /proc/self/maps reads as 0 bytes by stat, and holds more than 64 bytes
    docs = list(read_item(WorkItem("maps.txt", "/proc/self/maps"), max_bytes=64))
    assert [d.rejection.code for d in docs] == ["too-large"]
    assert "over the 64 bytes limit" in docs[0].rejection.message


def test_a_folder_that_cannot_be_listed_gets_a_row_and_the_run_goes_on(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "lockeddir").mkdir(parents=True)
    (raw / "ok.txt").write_text(_story("harbour"))
    (raw / "lockeddir" / "inside.txt").write_text(_story("folder"))
    (raw / "lockeddir").chmod(0)
    try:
        if os.geteuid() == 0:  # root reads a mode-000 folder: run without the capabilities that allow it
            setpriv = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
                       "--inh-caps", "-dac_override,-dac_read_search"]
            if subprocess.run([*setpriv, "true"], capture_output=True).returncode != 0:
                pytest.skip("cannot drop CAP_DAC_OVERRIDE here")
        else:
            setpriv = []
        code = "import sys; from cleaners import run_pipeline; run_pipeline(sys.argv[1], sys.argv[2])"
        subprocess.run([*setpriv, sys.executable, "-c", code, str(raw), str(tmp_path / "clean")], check=True,
                       timeout=300)
    finally:
        (raw / "lockeddir").chmod(0o755)
    rows = _rows(tmp_path / "clean")
    assert rows["ok.txt"]["status"] == "canonical"
    if "lockeddir/inside.txt" in rows:
        pytest.skip("this process reads mode-000 folders (CAP_DAC_OVERRIDE kept)")
    assert rows["lockeddir/"]["status"] == "rejected" and rows["lockeddir/"]["reason_code"] == "unreadable-folder"
    assert rows["lockeddir/"]["reason"] == "could not list the folder: Permission denied"
    # readable again: the next run reads it, and the folder's row goes
    run_pipeline(raw, tmp_path / "clean")
    rows = _rows(tmp_path / "clean")
    assert "lockeddir/" not in rows and rows["lockeddir/inside.txt"]["status"] == "canonical"


def test_a_folder_whose_path_is_too_long_gets_a_row(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ok.txt").write_text(_story("harbour"))
    fd = os.open(raw, os.O_RDONLY)
    names = []
    for i in range(18):  # 18 folders of 243 characters: the full path is over PATH_MAX (4,096 bytes)
        names.append(f"d{i:02d}" + "x" * 240)
        os.mkdir(names[-1], dir_fd=fd)
        nfd = os.open(names[-1], os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as out:
        out.write(_story("deep"))
    os.close(fd)
    run_pipeline(raw, tmp_path / "clean")
    rows = _rows(tmp_path / "clean")
    too_long = [r for r in rows.values() if r["reason_code"] == "path-too-long"]
    assert len(too_long) == 1 and too_long[0]["raw"].endswith("/") and too_long[0]["raw"].startswith(names[0])
    assert too_long[0]["reason"].startswith("path too long")
    assert rows["ok.txt"]["status"] == "canonical"
