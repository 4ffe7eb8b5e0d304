"""The clean-news flow on a real Dask cluster (``distributed.LocalCluster``) gives the process pool's result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..helpers import tree_digest


@pytest.fixture(autouse=True)
def _environment_restored():
    """distributed's LocalCluster exports MALLOC_TRIM_THRESHOLD_, *_NUM_THREADS and PYTHONHASHSEED into
    os.environ; later tests' subprocesses would inherit them (the 1M-record test's peak RSS went from
    120 to 321 MB after this file), so the environment is put back as it was."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_harness")
def test_flow_on_a_local_dask_cluster_writes_what_the_process_pool_writes(raw_copy: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    from flows.clean_news import clean_news, for_cluster

    pool = clean_news(raw_dir=str(raw_copy), clean_dir=str(tmp_path / "pool"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = for_cluster(dask_address=cluster.scheduler_address)
        assert type(on_dask.task_runner).__name__ == "DaskTaskRunner"
        summary = on_dask(raw_dir=str(raw_copy), clean_dir=str(tmp_path / "dask"))
        ran_on_cluster = set(cluster.scheduler.task_prefixes)  # the batches went to the cluster's workers
    assert "clean_batch" in ran_on_cluster
    assert (tmp_path / "dask" / "manifest.jsonl").read_bytes() == (tmp_path / "pool" / "manifest.jsonl").read_bytes()
    assert tree_digest(tmp_path / "dask" / "articles") == tree_digest(tmp_path / "pool" / "articles")
    assert summary["by_status"] == pool["by_status"] and summary["documents"] == pool["documents"]


def test_runner_is_a_process_pool_unless_dask_is_asked_for() -> None:
    from prefect.task_runners import ThreadPoolTaskRunner

    from flows.runners import default_workers, slots, task_runner, uses_local_pool

    pool = task_runner()  # tasks on threads here, their CPU work on this machine's process pool
    assert isinstance(pool, ThreadPoolTaskRunner) and uses_local_pool(pool) and slots(pool) == default_workers()
    local = task_runner(workers=3)
    assert type(local).__name__ == "DaskTaskRunner" and not uses_local_pool(local)
    assert local.cluster_kwargs == {"n_workers": 3, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
    assert task_runner(dask_address="tcp://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"


def test_workers_and_address_are_one_or_the_other() -> None:
    from flows.runners import task_runner

    with pytest.raises(ValueError, match="not both"):
        task_runner(workers=2, dask_address="tcp://127.0.0.1:8786")


def test_cli_refuses_both_options_with_a_reason(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    (tmp_path / "raw").mkdir()
    result = CliRunner().invoke(app, ["run", str(tmp_path / "raw"), str(tmp_path / "clean"),
                                      "--workers", "2", "--dask-address", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2 and "not both" in result.output
    help_text = CliRunner().invoke(app, ["run", "--help"]).output
    assert "--workers" in help_text and "--dask-address" in help_text
