"""The flow as Prefect users see it: artifacts, run and task names, parameter errors, prefect.yaml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..helpers import ROOT

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


def _client():
    from prefect.client.orchestration import get_client

    return get_client(sync_client=True)


def test_run_publishes_the_report_as_artifacts_and_reads_well_in_the_ui(raw_copy: Path, tmp_path: Path) -> None:
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, TaskRunFilter, TaskRunFilterFlowRunId

    from flows.clean_news import clean_news

    clean = tmp_path / "clean"
    state = clean_news(raw_dir=str(raw_copy), clean_dir=str(clean), return_state=True)
    summary = state.result()
    run_id = state.state_details.flow_run_id
    with _client() as client:
        run = client.read_flow_run(run_id)
        artifacts = {a.key: a for a in client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id])))}
        tasks = [t.name for t in client.read_task_runs(
            task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[run_id])))]
    assert run.name == f"{raw_copy} → {clean}"
    assert {"newsclean-report", "newsclean-summary", "newsclean-clusters"} <= set(artifacts)
    markdown = artifacts["newsclean-report"].data
    assert f"| canonical | {summary['by_status']['canonical']} |" in markdown and "### Cluster of 2" in markdown
    table = artifacts["newsclean-summary"].data
    assert "status: duplicate" in str(table) and "removed by rule: repeated-headline" in str(table)
    assert any(name.startswith("2. clean batch 1/") for name in tasks)
    assert any(name.startswith("1. plan") for name in tasks) and any(name.startswith("6. report") for name in tasks)
    page = (clean / "report.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "Last run: 15 documents processed (15 cleaned)" in page
    from cleaners.views.report import build_report

    assert build_report(clean)["run"] == summary  # kept for reports made later with `newsclean report`


@pytest.mark.parametrize(("params", "message"), [
    ({"jaccard_threshold": 1.5}, "jaccard_threshold"),
    ({"min_words": -3}, "min_words"),
    ({"batch_size": "lots"}, "batch_size"),
])
def test_bad_parameters_fail_before_the_run_with_the_parameter_named(params: dict, message: str) -> None:
    from prefect.exceptions import ParameterTypeError

    from flows.clean_news import clean_news

    with pytest.raises(ParameterTypeError, match=message):
        clean_news(**params)


def test_a_missing_raw_folder_fails_the_run_with_a_clear_reason(tmp_path: Path) -> None:
    from flows.clean_news import clean_news

    state = clean_news(raw_dir=str(tmp_path / "nope"), clean_dir=str(tmp_path / "clean"), return_state=True)
    assert state.is_failed()
    with pytest.raises(ValueError, match="is not a folder"):
        state.result()


def test_prefect_yaml_deploys_against_a_server(tmp_path: Path) -> None:
    """`prefect deploy --all` with the project's prefect.yaml registers both deployments as written."""
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.settings import PREFECT_API_URL

    from flows.clean_news import clean_news

    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    for deployment in spec["deployments"]:
        assert deployment["entrypoint"] == "flows/clean_news.py:clean_news"
        clean_news.validate_parameters(deployment["parameters"])  # the parameters are the flow's, valid
    with _client() as client:
        client.create_work_pool(WorkPoolCreate(name="newsclean", type="process"), overwrite=True)
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    done = subprocess.run([sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with _client() as client:
        hourly = client.read_deployment_by_name("clean-news/hourly")
        on_demand = client.read_deployment_by_name("clean-news/on-demand")
    assert hourly.work_pool_name == "newsclean" and on_demand.work_pool_name == "newsclean"
    assert [s.schedule.cron for s in hourly.schedules] == ["0 * * * *"] and not on_demand.schedules
    assert hourly.parameters["wait"] == 300 and hourly.entrypoint == "flows/clean_news.py:clean_news"
    assert hourly.pull_steps[0]["prefect.deployments.steps.set_working_directory"]["directory"] == str(ROOT)


def test_every_parameter_is_described_and_bounded_in_the_ui_schema() -> None:
    from prefect.utilities.callables import parameter_schema

    from cleaners.settings import Settings
    from flows.clean_news import clean_news

    props = parameter_schema(clean_news.fn).model_dump()["properties"]
    assert all(p.get("description") for p in props.values()), [k for k, p in props.items() if not p.get("description")]
    d = Settings()
    defaults = {"jaccard_threshold": d.jaccard_threshold, "containment_threshold": d.containment_threshold,
                "lsh_threshold": d.lsh_threshold, "min_words": d.min_words,
                "max_bytes": f"{d.max_bytes / 2**20:.1f} MiB", "batch_size": d.batch_size}
    for name, value in defaults.items():  # the descriptions quote the real defaults
        assert f"default {value})" in props[name]["description"], name
    assert props["jaccard_threshold"]["anyOf"][0] == {"maximum": 1.0, "minimum": 0.0, "type": "number"}


def _worker_facts() -> dict:
    import sys

    return {"pid": os.getpid(), "ppid": os.getppid(), "prefect_loaded": "prefect" in sys.modules,
            "cleaners_loaded": "cleaners.document" in sys.modules, "trafilatura_loaded": "trafilatura" in sys.modules}


def test_tasks_run_in_the_flow_and_hand_their_cpu_work_to_pool_workers_without_prefect() -> None:
    """On the flow's own runner each task is a Prefect task run in the flow's process, and its CPU work
    (``runners.run_cpu``) runs in a pool worker that has the cleaners loaded and never imported Prefect."""
    from prefect import flow, task

    from flows import runners

    @task(name="worker facts")
    def facts_task() -> tuple[int, dict]:
        return os.getpid(), runners.run_cpu(_worker_facts)

    @flow(task_runner=runners.task_runner())
    def probe() -> list[tuple[int, dict]]:
        with runners.cpu_pool():  # the flow run's runner: Prefect's thread pool
            return [f.result() for f in [facts_task.submit() for _ in range(3)]]

    for task_pid, fact in probe():
        assert task_pid == os.getpid()  # the task ran in this (the flow's) process
        assert fact["pid"] != os.getpid() and fact["ppid"] != os.getpid()  # the work: in a forked worker
        assert fact["cleaners_loaded"] and fact["trafilatura_loaded"]  # preloaded by the fork server
        assert not fact["prefect_loaded"]


def test_a_batch_comes_back_as_one_result_so_prefect_links_grow_with_batches_not_records() -> None:
    """For the whole flow run, Prefect links every element of a task's returned collection to its state
    (``FlowRunContext.run_results``); a batch's records come back wrapped, one object a batch."""
    from prefect import flow
    from prefect.context import FlowRunContext

    from flows.clean_news import clean_batch

    @flow
    def two_batches() -> tuple[list[int], int]:
        links = FlowRunContext.get().run_results
        before = len(links)
        out = [clean_batch(list, [{"raw": f"site/{k}-{i}.txt"} for i in range(300)]) for k in range(2)]
        return [len(getattr(result, "records", result)) for result in out], len(links) - before

    sizes, links = two_batches()
    assert sizes == [300, 300]
    assert links <= 4  # the wrapper and its list, per batch; a bare list would add 300 a batch
