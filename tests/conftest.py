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

from .helpers import RAW_SAMPLES, ROOT, SHARED  # noqa: E402,F401 — one definition, in helpers

# Property tests (hypothesis): `make test` draws the same examples on every machine and every run
# (derandomize; no example database), so its verdict never depends on luck or on examples a past
# run stored.  `HYPOTHESIS_PROFILE=explore make test` draws new ones each run, to look for
# counterexamples (README, "Tests").
from hypothesis import settings as _hypothesis  # noqa: E402

_hypothesis.register_profile("default", derandomize=True, database=None)
_hypothesis.register_profile("explore", derandomize=False)
_hypothesis.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The evaluation data beside the project; tests that need it skip in a user's clone."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared is not here ({SHARED}): seeds and eval data are only beside the project")
    return SHARED


# Words for the synthetic stories of `story_source`: no data from ../shared, so the corpus tests
# run the same in a user's clone.
_SUBJECTS = ("The council", "The harbour board", "Police", "The health trust", "Rail operators", "The university",
             "Farmers", "The water company", "Teachers", "The fire service", "Shop owners", "The city's mayor")
_VERBS = ("approved", "rejected", "delayed", "announced", "criticised", "defended", "reviewed", "funded",
          "questioned", "welcomed", "cancelled", "extended")
_OBJECTS = ("a plan to rebuild the sea wall", "new bus routes to the estate", "the budget for next year",
            "a ban on night flights", "the closure of the library", "repairs to the old bridge",
            "a scheme for affordable homes", "changes to school meals", "the festival's new site",
            "a report on river pollution", "higher parking charges", "a review of ambulance waits")
_WHEN = ("on Monday", "on Tuesday night", "after a long debate", "this week", "earlier today", "last month",
         "after months of talks", "at a packed meeting", "despite objections", "for the second time")
_CODA = ("officials said.", "a spokesperson confirmed.", "according to minutes of the meeting.",
         "residents were told.", "the report found.", "campaigners said.")


def write_stories(folder: Path, n: int, seed: int = 0) -> Path:
    """``n`` distinct made-up news stories as ``folder/<section>/<k>.txt`` (headline on the first line,
    then 4-8 paragraphs), the shape ``bench.corpus.generate`` reads as its source."""
    import random

    rng = random.Random(seed)
    for k in range(n):
        section = ("news", "business", "politics")[k % 3]
        subject, obj = rng.choice(_SUBJECTS), rng.choice(_OBJECTS)
        paras = []
        for p in range(rng.randint(4, 8)):
            sentences = [f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                         f"{rng.choice(_WHEN)}, {rng.choice(_CODA)}" for _ in range(rng.randint(2, 3))]
            paras.append(f"Story {k} part {p}: " + " ".join(sentences))
        path = folder / section / f"{k:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{subject} {rng.choice(_VERBS)} {obj} ({k})\n\n" + "\n\n".join(paras) + "\n")
    return folder


@pytest.fixture(scope="session")
def story_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of 400 synthetic stories for ``bench.corpus.generate(source=...)``."""
    return write_stories(tmp_path_factory.mktemp("stories"), 400)


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
