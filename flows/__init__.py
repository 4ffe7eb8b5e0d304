"""newsclean's Prefect flows (thin orchestration over :mod:`cleaners`) and its CLI."""
