"""Peer runners for ``bench/perf.py``: each runs inside the peer's own venv, as a subprocess."""
