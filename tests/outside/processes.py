"""Child processes of the black-box suite: started with their output in a log
file, stopped by their own id (and their own process group, never by name)."""

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Process:
    """One long-running child, in a session of its own so that its children
    (gunicorn's and dramatiq's workers) are stopped with it."""

    def __init__(self, name: str, argv: list[str], env: dict, logs: Path) -> None:
        self.name = name
        self.log = logs / f"{name}.log"
        with self.log.open("wb") as out:
            self.popen = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def alive(self) -> bool:
        return self.popen.poll() is None

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace").splitlines()
        return f"--- {self.name} ({self.log}) ---\n" + "\n".join(text[-lines:])

    def stop(self, grace: float = 20.0) -> None:
        """SIGTERM (a graceful shutdown), then SIGKILL to its process group."""
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=grace)
        with contextlib.suppress(ProcessLookupError):  # leftovers of its group only
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)


def wait_until(
    ready: Callable[[], bool], what: str, processes: list[Process], timeout: float
) -> None:
    """Polls ``ready`` until it holds; fails early, with the logs, if a process
    died, and after ``timeout`` seconds at most."""
    deadline = time.monotonic() + timeout
    while not ready():
        dead = [p for p in processes if not p.alive()]
        if dead or time.monotonic() > deadline:
            cause = "exited" if dead else f"not ready after {timeout:.0f} s"
            logs = "\n".join(p.tail() for p in processes)
            raise RuntimeError(f"{what}: {cause}\n{logs}")
        time.sleep(0.2)
