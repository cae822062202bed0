"""Real processes for the fault tests, each its own OS process: a private
redis-server on its own port, dramatiq workers, and the driver (the web
process's stand-in). Nothing here touches the machine's shared servers."""

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
DRAMATIQ = ROOT / ".venv" / "bin" / "dramatiq"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")
        time.sleep(0.05)


class RedisServer:
    """A redis-server of our own, without persistence: stopping it loses
    every queue, as a restarted broker without a disk would."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        command += ["--logfile", str(self.workdir / "redis.log")]
        self.process = subprocess.Popen(command)
        wait_until(self.answers, 10, "redis-server to answer")

    def stop(self) -> None:
        """Kills it (SIGKILL): what it held is gone."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def answers(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_timeout=1).ping()
        except redis.RedisError:
            return False


class Group:
    """A command run as its own process group, so that killing it kills all
    of it (dramatiq's main process and its worker processes)."""

    def __init__(self, command: list[str], env: dict, log: Path) -> None:
        self.command, self.env, self.log = command, env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> "Group":
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        return self

    def kill(self) -> None:
        """``kill -9`` on every process of the group."""
        self._signal(signal.SIGKILL)
        self.process.wait()

    def stop(self, timeout: float = 10) -> None:
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def wait(self, timeout: float) -> int:
        return self.process.wait(timeout)

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(self.process.pid, signum)


def workers(env: dict, log: Path) -> Group:
    """One dramatiq worker process with four threads, and its main process."""
    command = [str(DRAMATIQ), "garage.kernel.worker", "--processes", "1"]
    return Group(command + ["--threads", "4"], env, log)


def driver(env: dict, log: Path, *args: str) -> Group:
    return Group([str(PYTHON), "-m", "tests.faults.driver", *args], env, log)
