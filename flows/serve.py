"""``newsclean serve``: the clean-news flow as a scheduled Prefect deployment, in one command.

Prefect's temporary (ephemeral) server cannot run schedules, so when no
``PREFECT_API_URL`` is configured a local ``prefect server start`` is launched for
as long as the command runs, and stopped afterwards.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from collections.abc import Iterator

from flows import startup

startup.apply_defaults()


def deployment_name(cron: str) -> str:
    """A deployment name that says what the schedule is, for ``serve`` without ``--name``.

    >>> [deployment_name(c) for c in ("0 * * * *", "*/15 * * * *", "30 6 * * *", "0 6 * * 1", "0 0 1 * *")]
    ['newsclean-hourly', 'newsclean-every-15-minutes', 'newsclean-daily', 'newsclean-weekly', 'newsclean-monthly']
    >>> deployment_name("0 6-18/2 * * 1-5")
    'newsclean-cron-0-6-18-2-x-x-1-5'
    """
    fields = cron.split()
    if len(fields) == 5:
        minute, hour, day, month, weekday = fields
        fixed = minute.isdigit()
        if minute.startswith("*/") and minute[2:].isdigit() and fields[1:] == ["*"] * 4:
            return f"newsclean-every-{minute[2:]}-minutes"
        if fields == ["*"] * 5:
            return "newsclean-every-minute"
        if fixed and fields[1:] == ["*"] * 4:
            return "newsclean-hourly"
        if fixed and hour.isdigit() and (day, month, weekday) == ("*", "*", "*"):
            return "newsclean-daily"
        if fixed and hour.isdigit() and (day, month) == ("*", "*") and weekday.isdigit():
            return "newsclean-weekly"
        if fixed and hour.isdigit() and day.isdigit() and (month, weekday) == ("*", "*"):
            return "newsclean-monthly"
    slug = "-".join(part for part in re.split(r"[^0-9A-Za-z]+", cron.replace("*", "x")) if part)
    return f"newsclean-cron-{slug}"


def deployment(raw_dir: str, clean_dir: str, *, cron: str, name: str | None = None, timezone: str | None = None):
    """The scheduled deployment of the flow (not yet registered with a server).

    ``name`` defaults to :func:`deployment_name` of the schedule; ``timezone`` is an IANA name
    (``Europe/Paris``) the cron schedule is read in (Prefect's ``Cron(timezone=...)``; default UTC).
    """
    from prefect.schedules import Cron

    from flows.clean_news import clean_news

    return clean_news.to_deployment(
        name=name or deployment_name(cron), schedule=Cron(cron, timezone=timezone),
        parameters={"raw_dir": raw_dir, "clean_dir": clean_dir, "wait": 300.0},
        description="Clean the new scrapes in raw_dir into clean_dir (incremental).",
        tags=["newsclean"],
    )


def serve_flow(raw_dir: str, clean_dir: str, *, cron: str, name: str | None, port: int,
               timezone: str | None = None) -> None:
    from prefect import serve

    with local_server(port):
        serve(deployment(raw_dir, clean_dir, cron=cron, name=name, timezone=timezone))


@contextmanager
def local_server(port: int, *, timeout: float = 120.0) -> Iterator[str]:
    """Yield an API URL: the configured one, or a local ``prefect server`` started (and stopped) here."""
    from prefect.settings import PREFECT_API_URL

    configured = PREFECT_API_URL.value()
    if configured:
        yield configured
        return
    if _port_in_use(port):
        raise SystemExit(f"port {port} is busy: start `prefect server start` yourself and set "
                         f"PREFECT_API_URL=http://127.0.0.1:{port}/api, or pass --port")
    url = f"http://127.0.0.1:{port}/api"
    print(f"newsclean: starting a local Prefect server on {url} (no PREFECT_API_URL set)", file=sys.stderr)
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        _wait_healthy(url, server, timeout)
        os.environ["PREFECT_API_URL"] = url
        from prefect.settings import PREFECT_API_URL as api_url, temporary_settings

        with temporary_settings({api_url: url}):
            yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_healthy(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the local Prefect server exited with code {server.returncode}; "
                             "run `prefect server start` to see why")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the local Prefect server did not answer within {timeout:.0f} s")
