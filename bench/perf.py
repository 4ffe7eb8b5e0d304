"""Speed and memory of newsclean, its orchestration cost, and its peers, from one run on one corpus.

Run from the repository root (after ``make install``)::

    .venv/bin/python -m bench.perf                      # 2,000 documents, every measurement
    .venv/bin/python -m bench.perf --n 5000 --sizes 1000,10000,50000 --json perf.json
    .venv/bin/python -m bench.perf --peers none --sizes ""   # quick: newsclean only

What it measures, each as documents/s and peak RSS (the sum over the process and
all its children, sampled every 50 ms), on a corpus from :func:`bench.corpus.generate`
written to a temporary folder:

``prefect start-up``  ``newsclean run`` over an empty folder with a warm PREFECT_HOME
    (its own, under the cache folder): Prefect's fixed cost, reported apart.
``newsclean``         ``newsclean run RAW CLEAN`` end to end, the Prefect flow on a process
    pool; ``work`` is the wall time less the fixed start-up.
``newsclean dask``    the same with ``--workers N`` (a local Dask cluster), with ``--dask``.
``re-run``            the same command again over the unchanged corpus.
``hand-written``      the pipeline a user writes in an afternoon (``bench/peers/handwritten.py``:
    one process; trafilatura, ftfy, a datasketch MinHash LSH at 0.8, JSON out), in newsclean's
    venv: the denominator of the speed targets (issue 16), timed as its loop without imports.
``plain loop``        :func:`cleaners.corpus.run.run_pipeline` with no map: the same cleaners,
    one process, no Prefect.  ``newsclean work / plain loop`` is the parallel speed-up with
    the orchestration paid for.
``trafilatura``       ``trafilatura.bare_extraction`` alone (newsclean's options) on the HTML
    documents, against newsclean's ``clean_document`` on the same documents: the HTML floor.
``datatrove``         datatrove's Trafilatura extractor + its 4-stage MinHash dedup
    (``bench/peers/datatrove_run.py``) on the same documents, as many tasks as cores; run in the
    same ``--repeat`` loop as newsclean, right after it, best kept. Its ``work`` is its pipeline
    less its interpreter start and imports, as newsclean's is its run less Prefect's start-up.
``text-dedup``        text-dedup's MinHash on newsclean's cleaned texts, against newsclean's
    deduplicate step.

Peers need versions that conflict with newsclean's pins, so each gets its own venv under
``~/.cache/newsclean-bench/<peer>`` (``--cache``), created and filled from PyPI on first use;
a peer that cannot be installed or run is reported with the reason and the bench goes on.
``--sizes`` then times newsclean end to end (and its unchanged re-run) on corpora of each size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PEERS_DIR = Path(__file__).resolve().parent / "peers"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsclean-bench"
MB = 1024 * 1024

# What each peer's venv gets. Checked here before installing: none of these pulls torch or CUDA.
PEER_REQUIREMENTS = {
    # datatrove[processing] leaves out what its JsonlReader (orjson), its English word tokenizer for
    # MinHash (spacy, without models or torch) and its trafilatura 1.x (lxml_html_clean) need.
    "datatrove": ["datatrove[processing]>=0.4", "orjson", "spacy>=3.7", "lxml_html_clean"],
    "text-dedup": ["text-dedup>=0.4"],
}
FORBIDDEN = ("torch", "nvidia-", "tensorflow", "jax==", "jaxlib")


# ---- measuring a command ---------------------------------------------------------------
def run_measured(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
                 timeout: float | None = None) -> dict[str, Any]:
    """Run ``cmd``; wall seconds, peak RSS of it and its children (MB), exit code, output."""
    import psutil  # installed with distributed (prefect-dask), a dependency of newsclean

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = peak_pss = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        tick = 0
        while not stop.is_set():
            total = pss = 0
            with_pss = tick % 20 == 0  # PSS reads smaps (~6 ms a process): once a second, not every 50 ms
            tick += 1
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                        if with_pss:
                            # PSS shares each page among the processes mapping it: forked workers share
                            # their parent's pages, which a sum of RSS counts once per process.
                            pss += proc_pss(p.pid)
                    except (psutil.NoSuchProcess, psutil.AccessDenied, OSError):
                        pass
            except psutil.NoSuchProcess:
                break
            peak, peak_pss = max(peak, total), max(peak_pss, pss)
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        err += f"\n(killed after {timeout} s)"
    seconds = time.perf_counter() - t0
    stop.set()
    sampler.join()
    return {"seconds": round(seconds, 3), "peak_rss_mb": round(peak / MB, 1),
            "peak_pss_mb": round(peak_pss / MB, 1) or None, "rc": proc.returncode,
            "stdout": out, "stderr": err}


def proc_pss(pid: int) -> int:
    """A process's proportional set size in bytes (Linux ``smaps_rollup``; 0 where there is none)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def last_json(text: str) -> dict[str, Any]:
    """The JSON object a command printed last (commands may log before it)."""
    start = text.rfind("\n{")
    return json.loads(text[start + 1 if start >= 0 else text.index("{"):])


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "unknown"


# ---- newsclean ---------------------------------------------------------------------------
def newsclean_env(prefect_home: Path) -> dict[str, str]:
    env = dict(os.environ, PREFECT_HOME=str(prefect_home), PREFECT_LOGGING_LEVEL="WARNING")
    env.pop("PREFECT_API_URL", None)
    return env


def newsclean_cli() -> str:
    exe = Path(sys.executable).with_name("newsclean")
    return str(exe) if exe.exists() else "newsclean"


def newsclean_run(raw: Path, clean: Path, env: dict[str, str], extra: list[str] = ()) -> dict[str, Any]:
    res = run_measured([newsclean_cli(), "run", str(raw), str(clean), "--json", "--no-progress", *extra], env=env)
    if res["rc"] != 0:
        raise RuntimeError(f"newsclean run failed ({res['rc']}): {res['stderr'][-2000:]}")
    res["summary"] = last_json(res["stdout"])
    return res


def prefect_startup(work: Path, env: dict[str, str], repeats: int = 2) -> dict[str, Any]:
    """``newsclean run`` over an empty folder: once to warm PREFECT_HOME, then the best of ``repeats``."""
    empty = work / "empty-raw"
    empty.mkdir(exist_ok=True)
    runs = []
    for k in range(repeats + 1):
        res = newsclean_run(empty, work / f"empty-clean-{k}", env)
        runs.append(res)
    best = min(runs[1:], key=lambda r: r["seconds"])
    return {"seconds": best["seconds"], "peak_rss_mb": best["peak_rss_mb"], "warm_up_seconds": runs[0]["seconds"],
            "runs": [r["seconds"] for r in runs[1:]]}


def plain_loop(raw: Path, clean: Path) -> dict[str, Any]:
    res = run_measured([sys.executable, "-m", "bench.perf", "_plain", str(raw), str(clean)], cwd=ROOT)
    if res["rc"] != 0:
        raise RuntimeError(f"plain loop failed: {res['stderr'][-2000:]}")
    res["summary"] = last_json(res["stdout"])
    return res


def _plain(raw: str, clean: str) -> None:
    from cleaners.corpus.run import run_pipeline

    print(json.dumps(run_pipeline(raw, clean).as_dict()))


def handwritten(raw: Path, out: Path) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    res = run_measured([sys.executable, "-m", "bench.peers.handwritten", str(raw), str(out)], cwd=ROOT)
    if res["rc"] != 0:
        raise RuntimeError(f"hand-written pipeline failed: {res['stderr'][-2000:]}")
    res["summary"] = last_json(res["stdout"])
    return res


def html_floor(raw: Path) -> dict[str, Any]:
    res = run_measured([sys.executable, "-m", "bench.perf", "_html", str(raw)], cwd=ROOT)
    if res["rc"] != 0:
        raise RuntimeError(f"trafilatura floor failed: {res['stderr'][-2000:]}")
    return {**last_json(res["stdout"]), "peak_rss_mb": res["peak_rss_mb"]}


def _read_documents(raw: Path):
    """Every readable raw document as (raw, kind, text, meta): decoded once, outside any timing."""
    from cleaners.encoding import NotText, decode_bytes
    from cleaners.extract import looks_like_html
    from cleaners.io.readers import WorkItem, read_item, walk

    for rel, path in walk(raw):
        for doc in read_item(WorkItem(rel, str(path))):
            if doc.rejection or doc.data is None:
                continue
            if isinstance(doc.data, bytes):
                try:
                    text = decode_bytes(doc.data).text
                except NotText:
                    continue
            else:
                text = doc.data
            kind = doc.kind or ("html" if looks_like_html(text) else "text")
            yield doc.raw, kind, text, doc.meta


def _html(raw: str) -> None:
    import trafilatura

    from cleaners.document import Rejected, clean_document

    pages = [(text, meta) for _, kind, text, meta in _read_documents(Path(raw)) if kind == "html"]
    t0 = time.perf_counter()
    for text, meta in pages:
        trafilatura.bare_extraction(text, url=meta.get("url"), with_metadata=True, include_comments=False,
                                    include_tables=True, include_images=False, include_links=False,
                                    deduplicate=False)
    traf = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text, meta in pages:
        try:
            clean_document(text, kind="html", meta=meta)
        except Rejected:
            pass
    ours = time.perf_counter() - t0
    print(json.dumps({"documents": len(pages), "trafilatura_seconds": round(traf, 3),
                      "clean_document_seconds": round(ours, 3)}))


# ---- peers ----------------------------------------------------------------------------------
class PeerUnavailable(RuntimeError):
    """A peer could not be installed or run here; the message says exactly why."""


def peer_python(name: str, cache: Path) -> Path:
    """The peer's venv interpreter, creating the venv and installing the peer on first use."""
    venv = cache / name
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    if stamp.exists():
        return python
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    reqs = PEER_REQUIREMENTS[name]
    report = venv / "install-report.json"
    dry = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--dry-run", "--ignore-installed",
                          "--report", str(report), *reqs], capture_output=True, text=True)
    if dry.returncode != 0:
        raise PeerUnavailable(f"pip cannot resolve {' '.join(reqs)}: {dry.stderr.strip()[-600:]}")
    names = [i["metadata"]["name"].lower() for i in json.loads(report.read_text())["install"]]
    heavy = [n for n in names if n.startswith(FORBIDDEN)]
    if heavy:
        raise PeerUnavailable(f"{name} would install {', '.join(heavy)} (GPU stacks are not installed by the bench)")
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", *reqs], capture_output=True, text=True)
    if done.returncode != 0:
        raise PeerUnavailable(f"pip install {' '.join(reqs)} failed: {done.stderr.strip()[-600:]}")
    stamp.write_text("\n".join(reqs))
    return python


def write_peer_inputs(raw: Path, folder: Path, shards: int) -> dict[str, int]:
    """The corpus as datatrove reads it: ``html/`` and ``text/``, ``shards`` jsonl files each of ``{id, text}``.

    datatrove parallelises over files, so each kind is cut into one file per task.
    """
    counts = {"html": 0, "text": 0}
    files = {}
    for kind in counts:
        (folder / kind).mkdir(parents=True, exist_ok=True)
        files[kind] = [open(folder / kind / f"{k:03d}.jsonl", "w", encoding="utf-8") for k in range(shards)]
    try:
        for rid, kind, body, _ in _read_documents(raw):
            files[kind][counts[kind] % shards].write(json.dumps({"id": rid, "text": body}, ensure_ascii=False) + "\n")
            counts[kind] += 1
    finally:
        for handles in files.values():
            for handle in handles:
                handle.close()
    return counts


def run_datatrove(python: Path, inputs: Path, work: Path, tasks: int) -> dict[str, Any]:
    """One run of the datatrove peer (a fresh output folder); ``work_seconds`` is its pipeline less imports."""
    out = work / "datatrove"
    shutil.rmtree(out, ignore_errors=True)
    res = run_measured([str(python), str(PEERS_DIR / "datatrove_run.py"), str(inputs), str(out), str(tasks)])
    if res["rc"] != 0:
        raise PeerUnavailable(f"datatrove failed (exit {res['rc']}): {res['stderr'].strip()[-800:]}")
    inner = last_json(res["stdout"])
    return {"seconds": res["seconds"], "work_seconds": inner["inner_seconds"], "peak_rss_mb": res["peak_rss_mb"],
            "peak_pss_mb": res.get("peak_pss_mb"), "load": load_average(), **inner}


def datatrove_setup(args: argparse.Namespace, raw: Path, work: Path, cache: Path, cores: int, log):
    """(python, inputs, counts) for the datatrove peer, or None (with the reason logged) when it is not run."""
    if "datatrove" not in args.peers:
        return None
    try:
        python = peer_python("datatrove", cache)
    except PeerUnavailable as exc:
        log(f"peer datatrove: not run: {exc}")
        return None
    inputs = work / "peer-input"
    return python, inputs, write_peer_inputs(raw, inputs, cores)


def write_cleaned_texts(clean: Path, path: Path) -> int:
    """newsclean's cleaned text of every ok document (canonicals and copies), for text-dedup."""
    import sqlite3

    db = sqlite3.connect(clean / ".newsclean" / "state.db")
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        for raw, article in db.execute("SELECT raw, article FROM docs WHERE status = 'ok' ORDER BY raw"):
            out.write(json.dumps({"id": raw, "text": json.loads(article)["text"]}, ensure_ascii=False) + "\n")
            n += 1
    db.close()
    return n


def run_text_dedup(python: Path, texts: Path, work: Path) -> dict[str, Any]:
    out = work / "text-dedup"
    res = run_measured([str(python), str(PEERS_DIR / "text_dedup_run.py"), str(texts), str(out)])
    if res["rc"] != 0:
        raise PeerUnavailable(f"text-dedup failed (exit {res['rc']}): {res['stderr'].strip()[-800:]}")
    return {"seconds": res["seconds"], "peak_rss_mb": res["peak_rss_mb"], **last_json(res["stdout"])}


# ---- the whole bench ------------------------------------------------------------------------------
def rate(n: int, seconds: float) -> float:
    return round(n / seconds, 1) if seconds > 0 else float("inf")


def bench(args: argparse.Namespace) -> dict[str, Any]:
    from bench.corpus import generate

    cache: Path = args.cache
    cache.mkdir(parents=True, exist_ok=True)
    env = newsclean_env(cache / "prefect-home")
    work = Path(tempfile.mkdtemp(prefix="newsclean-perf-"))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    report: dict[str, Any] = {"machine": {"cores": cores, "python": platform.python_version(),
                                          "load_before": load_average()}, "n": args.n}
    log = print if not args.quiet else (lambda *a, **k: None)
    try:
        corpus = generate(work / "corpus", args.n, args.seed, args.source)
        raw = corpus / "raw"
        log(f"corpus: {args.n} documents in {raw} (load average {load_average()})")

        start = prefect_startup(work, env)
        report["prefect_startup"] = start
        log(f"prefect start-up (empty folder, warm home): {start['seconds']:.2f} s (runs {start['runs']})")

        # newsclean and the plain loop alternate, `--repeat` times each, and the best of each is kept:
        # on a shared machine the speed drifts by 20-30 % from one minute to the next.
        firsts, plains, hands, trove = [], [], [], []
        trove_setup = datatrove_setup(args, raw, work, cache, cores, log)
        for k in range(args.repeat):
            if k:
                shutil.rmtree(work / "clean-flow", ignore_errors=True)
                shutil.rmtree(work / "clean-plain", ignore_errors=True)
            firsts.append(newsclean_run(raw, work / "clean-flow", env))
            log(f"newsclean run: {firsts[-1]['seconds']:.2f} s wall, flow {firsts[-1]['summary']['seconds']} s, "
                f"{firsts[-1]['peak_rss_mb']:.0f} MB (load {load_average()})")
            if trove_setup and not isinstance(trove, str):
                try:  # right after newsclean, on the same documents: the two side by side at one load
                    trove.append(run_datatrove(trove_setup[0], trove_setup[1], work, cores))
                    log(f"datatrove: {trove[-1]['seconds']:.2f} s wall, pipeline {trove[-1]['work_seconds']} s "
                        f"{trove[-1]['stage_seconds']} (load {trove[-1]['load']})")
                except PeerUnavailable as exc:
                    trove = str(exc)
            plains.append(plain_loop(raw, work / "clean-plain"))
            log(f"plain loop: {plains[-1]['summary']['seconds']} s, {plains[-1]['peak_rss_mb']:.0f} MB "
                f"(load {load_average()})")
            hands.append(handwritten(raw, work / "hand-written"))
            log(f"hand-written pipeline: {hands[-1]['summary']['seconds']} s loop, {hands[-1]['seconds']:.2f} s "
                f"process, {hands[-1]['peak_rss_mb']:.0f} MB (load {load_average()})")
        first = min(firsts, key=lambda r: r["seconds"])
        plain = min(plains, key=lambda r: r["summary"]["seconds"])
        hand = min(hands, key=lambda r: r["summary"]["seconds"])
        report["runs"] = {"newsclean_seconds": [r["seconds"] for r in firsts],
                          "plain_loop_seconds": [r["summary"]["seconds"] for r in plains],
                          "hand_written_seconds": [r["summary"]["seconds"] for r in hands]}
        docs = first["summary"]["documents"]
        report["documents"] = docs
        rerun = newsclean_run(raw, work / "clean-flow", env)
        log(f"unchanged re-run: {rerun['seconds']:.2f} s wall, flow {rerun['summary']['seconds']} s")
        rows = {
            "newsclean": {"seconds": first["seconds"], "work_seconds": round(first["seconds"] - start["seconds"], 3),
                          "flow_seconds": first["summary"]["seconds"], "steps": first["summary"].get("step_seconds"),
                          "peak_rss_mb": first["peak_rss_mb"], "peak_pss_mb": first.get("peak_pss_mb")},
            "re-run (unchanged)": {"seconds": rerun["seconds"], "flow_seconds": rerun["summary"]["seconds"],
                                   "work_seconds": round(rerun["seconds"] - start["seconds"], 3),
                                   "peak_rss_mb": rerun["peak_rss_mb"], "peak_pss_mb": rerun.get("peak_pss_mb"),
                                   "processed": sum(rerun["summary"]["processed_this_run"].values())},
            "plain loop": {"seconds": plain["summary"]["seconds"], "process_seconds": plain["seconds"],
                           "steps": plain["summary"].get("step_seconds"), "peak_rss_mb": plain["peak_rss_mb"],
                           "peak_pss_mb": plain.get("peak_pss_mb")},
            "hand-written pipeline": {"seconds": hand["summary"]["seconds"], "process_seconds": hand["seconds"],
                                      "documents": hand["summary"]["documents"],
                                      "peak_rss_mb": hand["peak_rss_mb"], "peak_pss_mb": hand.get("peak_pss_mb")},
        }
        if args.dask:
            dask = newsclean_run(raw, work / "clean-dask", env, ["--workers", str(cores)])
            rows["newsclean dask"] = {"seconds": dask["seconds"], "flow_seconds": dask["summary"]["seconds"],
                                      "work_seconds": round(dask["seconds"] - start["seconds"], 3),
                                      "peak_rss_mb": dask["peak_rss_mb"], "peak_pss_mb": dask.get("peak_pss_mb")}
            log(f"newsclean --workers {cores} (Dask): {dask['seconds']:.2f} s wall, flow {dask['summary']['seconds']} s")
        floor = html_floor(raw)
        log(f"HTML floor: trafilatura {floor['trafilatura_seconds']} s, clean_document "
            f"{floor['clean_document_seconds']} s on {floor['documents']} pages")
        rows["trafilatura (HTML only)"] = {"seconds": floor["trafilatura_seconds"], "documents": floor["documents"],
                                           "clean_document_seconds": floor["clean_document_seconds"],
                                           "peak_rss_mb": floor["peak_rss_mb"]}
        report["rows"] = rows
        ratios = {
            "newsclean work / hand-written pipeline (target <= 1.0, aim 0.6)":
                rows["newsclean"]["work_seconds"] / rows["hand-written pipeline"]["seconds"],
            "plain loop / hand-written pipeline": rows["plain loop"]["seconds"] / rows["hand-written pipeline"]["seconds"],
            "newsclean work / plain loop": rows["newsclean"]["work_seconds"] / rows["plain loop"]["seconds"],
            "newsclean flow / plain loop": rows["newsclean"]["flow_seconds"] / rows["plain loop"]["seconds"],
            "re-run / first run, wall": rerun["seconds"] / first["seconds"],
            "re-run / first run, less start-up (target <= 0.05)":
                max(rerun["seconds"] - start["seconds"], 0.0) / (first["seconds"] - start["seconds"]),
            "re-run / first run, flow": rerun["summary"]["seconds"] / first["summary"]["seconds"],
            "clean_document / trafilatura alone on HTML": floor["clean_document_seconds"] / max(floor["trafilatura_seconds"], 1e-9),
        }
        report["ratios"] = ratios

        if trove_setup:
            if isinstance(trove, str):
                report["peers"] = {"datatrove": f"not run: {trove}"}
            else:
                best = min(trove, key=lambda r: r["work_seconds"])
                rows["datatrove (trafilatura + MinHash), less imports"] = {
                    **best, "seconds": best["work_seconds"], "wall_seconds": best["seconds"],
                    "input": trove_setup[2], "runs": [[r["work_seconds"], r["load"]] for r in trove]}
                ratios["newsclean work / datatrove work (target <= 0.5)"] = \
                    rows["newsclean"]["work_seconds"] / best["work_seconds"]
                # each newsclean run against the datatrove run right after it, at about the same load
                pairs = [(f["seconds"] - start["seconds"]) / t["work_seconds"] for f, t in zip(firsts, trove)]
                rows["datatrove (trafilatura + MinHash), less imports"]["pair_ratios"] = [round(x, 3) for x in pairs]
                ratios["newsclean work / datatrove work, median of the side-by-side pairs"] = \
                    statistics.median(pairs)
                ratios["newsclean wall / datatrove wall"] = rows["newsclean"]["seconds"] / best["seconds"]
                ratios["plain loop / datatrove work"] = rows["plain loop"]["seconds"] / best["work_seconds"]
                report["peers"] = {"datatrove": "ok"}
        others = [name for name in args.peers if name != "datatrove"]
        if others:
            report.setdefault("peers", {}).update(peers(others, raw, work, cache, cores, plain, rows, ratios, log))

        report["scaling"] = scaling(args, work, env, start["seconds"], log)
    finally:
        report["machine"]["load_after"] = load_average()
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return report


def peers(names, raw, work, cache, cores, plain, rows, ratios, log) -> dict[str, Any]:
    """The peers run once after the rest (datatrove is not among them: it runs in the repeat loop)."""
    out: dict[str, Any] = {}
    for name in names:
        try:
            python = peer_python(name, cache)
            if name == "text-dedup":
                texts = work / "cleaned-texts.jsonl"
                n = write_cleaned_texts(work / "clean-plain", texts)
                res = run_text_dedup(python, texts, work)
                res["input_texts"] = n
                rows["text-dedup (MinHash)"] = res
                ours = (plain["summary"].get("step_seconds") or {}).get("deduplicate")
                if ours:
                    ratios["newsclean deduplicate step / text-dedup"] = ours / res["seconds"]
            out[name] = "ok"
        except PeerUnavailable as exc:
            out[name] = f"not run: {exc}"
        log(f"peer {name}: {out[name]}")
    return out


def scaling(args, work: Path, env: dict[str, str], startup: float, log) -> list[dict[str, Any]]:
    from bench.corpus import generate

    results = []
    for size in args.sizes:
        folder = work / f"scale-{size}"
        generate(folder, size, args.seed, args.source, stories=args.stories)
        first = newsclean_run(folder / "raw", folder / "clean", env)
        again = newsclean_run(folder / "raw", folder / "clean", env)
        row = {"size": size, "documents": first["summary"]["documents"], "seconds": first["seconds"],
               "work_seconds": round(first["seconds"] - startup, 3), "flow_seconds": first["summary"]["seconds"],
               "peak_rss_mb": first["peak_rss_mb"], "peak_pss_mb": first.get("peak_pss_mb"), "docs_per_s": rate(first["summary"]["documents"], first["seconds"]),
               "steps": first["summary"].get("step_seconds"),
               "rerun_seconds": again["seconds"], "rerun_flow_seconds": again["summary"]["seconds"],
               "rerun_peak_rss_mb": again["peak_rss_mb"], "load": load_average()}
        results.append(row)
        log(f"scale {size}: {row['seconds']:.1f} s, {row['peak_rss_mb']:.0f} MB, re-run {row['rerun_seconds']:.1f} s")
        shutil.rmtree(folder, ignore_errors=True)
    return results


def print_report(report: dict[str, Any]) -> None:
    docs = report.get("documents", report["n"])
    m = report["machine"]
    print(f"\nnewsclean perf — {docs} documents, {m['cores']} cores, Python {m['python']}, "
          f"load average before {m['load_before']}, after {m['load_after']}")
    print(f"Prefect fixed start-up (empty folder, warm home): {report['prefect_startup']['seconds']:.2f} s "
          f"(target <= 6 s)")
    print(f"\n| run | seconds | documents/s | peak RSS MB (PSS) |\n|---|---|---|---|")
    for name, row in report["rows"].items():
        n = row.get("documents") or row.get("input_texts") or docs
        if isinstance(n, dict):
            n = sum(n.values())
        secs = row.get("work_seconds", row["seconds"]) if name == "newsclean" else row["seconds"]
        label = f"{name} (wall {row['seconds']:.2f} s less start-up)" if name == "newsclean" else name
        pss = f" ({row['peak_pss_mb']:.0f})" if row.get("peak_pss_mb") else ""
        print(f"| {label} | {secs:.2f} | {rate(n, secs)} | {row['peak_rss_mb']:.0f}{pss} |")
    print("\n| ratio | value |\n|---|---|")
    for name, value in report["ratios"].items():
        print(f"| {name} | {value:.3f} |")
    for name, status in (report.get("peers") or {}).items():
        if status != "ok":
            print(f"\n{name}: {status}")
    if report.get("scaling"):
        print("\n| documents | seconds | documents/s | peak RSS MB (sum) | peak PSS MB (sum) | unchanged re-run s |"
              "\n|---|---|---|---|---|---|")
        for row in report["scaling"]:
            print(f"| {row['documents']} | {row['seconds']:.1f} | {row['docs_per_s']} | {row['peak_rss_mb']:.0f} "
                  f"| {row.get('peak_pss_mb') or 0:.0f} | {row['rerun_seconds']:.1f} |")
        by = {r["size"]: r for r in report["scaling"]}
        sizes = sorted(by)
        for small, big in zip(sizes, sizes[1:]):
            per_doc = (by[big]["work_seconds"] / big) / (by[small]["work_seconds"] / small)
            print(f"time {big} / {small}: {by[big]['seconds'] / by[small]['seconds']:.2f} "
                  f"(work only {by[big]['work_seconds'] / by[small]['work_seconds']:.2f}; "
                  f"work per document {per_doc:.2f})")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_plain"]:
        _plain(*argv[1:3])
        return 0
    if argv[:1] == ["_html"]:
        _html(argv[1])
        return 0
    ap = argparse.ArgumentParser(prog="python -m bench.perf", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="documents in the comparison corpus (default 2000)")
    ap.add_argument("--sizes", default="1000,10000",
                    help="comma-separated corpus sizes for the scaling runs (default 1000,10000; '' for none)")
    ap.add_argument("--peers", default="datatrove,text-dedup", help="peers to run: datatrove,text-dedup or none")
    ap.add_argument("--dask", action="store_true", help="also run newsclean on a local Dask cluster (--workers)")
    ap.add_argument("--repeat", type=int, default=2,
                    help="run newsclean and the plain loop this many times each, alternately; keep the best (default 2)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stories", choices=("recombined", "fresh"), default="recombined",
                    help="how the scaling corpora make stories beyond the source's (bench.corpus --stories): 'fresh' "
                         "keeps cluster sizes realistic as the corpus grows (default recombined)")
    ap.add_argument("--source", type=Path, default=None, help="folder of .txt articles (default ../shared/eval/news/bbc)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"peers' venvs and Prefect home ({DEFAULT_CACHE})")
    ap.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpora and outputs")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.peers = [] if args.peers in ("", "none") else [p.strip() for p in args.peers.split(",")]
    unknown = set(args.peers) - set(PEER_REQUIREMENTS)
    if unknown:
        ap.error(f"unknown peer(s): {', '.join(sorted(unknown))}")
    report = bench(args)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
