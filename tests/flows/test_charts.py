"""The report's charts drawn on the run's pool (flows.charts) are the charts the flow would draw, and
the pool is asked only for charts the clean dir's cache does not hold."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("matplotlib")

from cleaners.views.report.charts import chart_folder, report_charts  # noqa: E402
from flows import charts, runners  # noqa: E402

REPORT = {"timeline": {"a.example": {"2026-03-01": 2, "2026-03-02": 1, "undated": 1},
                       "b.example": {"2026-03-02": 3}},
          "cluster_sizes": {"1": 5, "2": 2, "3": 1}}


class CountingPool:
    """A pool stand-in (threads) that counts what it was given."""

    def __init__(self) -> None:
        self.threads, self.names = ThreadPoolExecutor(2), []

    def submit(self, fn, *args):
        self.names.append(args[0])
        return self.threads.submit(fn, *args)


def test_pool_drawn_charts_equal_the_flows_own_and_are_read_back(tmp_path) -> None:
    own = report_charts(REPORT)  # drawn here, no cache
    pool = CountingPool()
    pending = charts.predraw(pool, tmp_path, REPORT)
    assert sorted(pending) == ["clusters", "timeline"] and sorted(pool.names) == ["clusters", "timeline"]
    assert not chart_folder(tmp_path).exists()  # only `keep`, in the flow's process, writes the clean dir
    charts.keep(tmp_path, REPORT, pending)
    assert len(list(chart_folder(tmp_path).glob("*.txt"))) == 2
    assert report_charts(REPORT, chart_folder(tmp_path)) == own  # read back: the same data URIs

    again = CountingPool()  # an unchanged report: both charts are kept, nothing goes to the pool
    assert charts.predraw(again, tmp_path, REPORT) == {} and again.names == []


def test_a_chart_whose_worker_failed_is_drawn_in_the_flow(tmp_path) -> None:
    class Broken(CountingPool):
        def submit(self, fn, *args):
            def fail(*_):
                raise RuntimeError("worker died")
            return self.threads.submit(fail)

    pending = charts.predraw(Broken(), tmp_path, REPORT)
    charts.keep(tmp_path, REPORT, pending)
    assert report_charts(REPORT, chart_folder(tmp_path)) == report_charts(REPORT)


def test_no_running_pool_no_predrawing(tmp_path) -> None:
    assert runners.running_pool() is None
    assert charts.predraw(runners.running_pool(), tmp_path, REPORT) == {}


def test_cpu_pool_inside_cpu_pool_is_the_same_pool() -> None:
    runner = runners.task_runner()
    with runners.cpu_pool(runner, workers=1) as outer:
        with runners.cpu_pool(runner, workers=1) as inner:
            assert inner is outer
        assert runners.running_pool() is None  # nothing submitted: its workers were never started
    assert runners.running_pool() is None
