"""Shared fixtures.  Prefect runs against a temporary PREFECT_HOME, never the user's."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Before anything imports Prefect: a throwaway home, no telemetry, generous start-up timeout.
_PREFECT_HOME = tempfile.mkdtemp(prefix="newsclean-test-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.pop("PREFECT_API_URL", None)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parents[1]
RAW_SAMPLES = ROOT / "raw"
SHARED = Path(os.environ.get("NEWSCLEAN_SHARED", ROOT.parent / "shared"))


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The evaluation data beside the project; tests that need it skip in a user's clone."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared is not here ({SHARED}): seeds and eval data are only beside the project")
    return SHARED


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test server for every flow test (it takes 15-20 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A copy of the bundled raw/ samples that a test may change."""
    dest = tmp_path / "raw"
    shutil.copytree(RAW_SAMPLES, dest)
    return dest
