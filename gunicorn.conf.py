"""gunicorn's settings for Garage (read from the working directory).

With ``PROMETHEUS_MULTIPROC_DIR`` set (compose sets it), every worker process
writes its HTTP metrics there and ``/metrics`` sums them, whichever worker
answers the scrape; the directory is emptied when gunicorn starts, and a
worker that exits is marked dead. Unset, each process counts on its own.
"""

import os
from pathlib import Path


def on_starting(server):
    if directory := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):  # the last run's counts
            stale.unlink()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
