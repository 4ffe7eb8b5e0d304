"""Prefect settings newsclean applies before Prefect is imported (each only when the user has not set it).

Measured on these machines (``bench/prefect_startup.py``, ``docs/prefect-notes``):
the temporary server's start-up dominates a CLI run, so everything it does that a
one-off run does not need is switched off.  A user's own ``PREFECT_*`` variables
and profile always win: these are defaults, applied with ``os.environ.setdefault``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULTS: dict[str, str] = {
    # Offline machines log "Failed to send telemetry" on every run.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # A cold temporary server (fresh PREFECT_HOME, migrations) takes 20-24 s: the default 20 s is too close.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # Anything the cleaners log goes to the run's logs in the Prefect UI, like get_run_logger's records.
    "PREFECT_LOGGING_EXTRA_LOGGERS": "cleaners",
}


def apply_defaults() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)


@contextmanager
def api_shared_with_workers() -> Iterator[None]:
    """Point process-pool workers at this run's API server.

    With no ``PREFECT_API_URL`` configured, each worker process of a
    ``ProcessPoolTaskRunner`` would start a temporary server of its own (6 s
    each, measured); exporting the flow's server URL lets them report to it.
    """
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    url = str(ctx.client.api_url) if ctx is not None and ctx.client is not None else ""
    if os.environ.get("PREFECT_API_URL") or not url:
        yield
        return
    os.environ["PREFECT_API_URL"] = url
    try:
        yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)
